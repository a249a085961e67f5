"""The walks of a minimisation: size upward from the strongest lower bound (two sizes at
once on a pipelined backend), other resources downward from the first circuit found on one
encoding whose bounds each step tightens (halving the gap while it is wider than
`BISECT_GAP`, as weights can start in the thousands).  OPTIMAL means value v was found and
v-1 proven impossible (a solver UNSAT at v-1, or a proven lower bound equal to v).
"""

from __future__ import annotations

from typing import Callable, TypeVar

from minckt import bounds
from minckt.core.circuit import Circuit, Metrics
from minckt.core.problem import Limits
from minckt.core.status import Status
from minckt.errors import InternalError
from minckt.lifecycle import Interrupted
from minckt.solve.caps import slots_for
from minckt.solve.finish import AT_THE_BOUND, CONSTRUCTED, Built, at_the_bound, fitting_construction
from minckt.solve.result import Result, found_pair
from minckt.solve.lanes import size_walk
from minckt.solve.runner import Runner

__all__ = ["INTERRUPTED", "until_interrupted", "minimize_walk",
           "size_walk", "first_circuit", "BISECT_GAP"]


#: What an answer interrupted in a notebook (KeyboardInterrupt, not the command line's
#: signal handlers) says: it is the best found by then.
INTERRUPTED = "interrupted: the best answer found before the interrupt"

_T = TypeVar("_T")


def until_interrupted(runner: Runner, body: Callable[[], _T], so_far: Callable[[], _T],
                      interruptible: bool = True) -> _T:
    """`body()`; with `interruptible`, a KeyboardInterrupt in it (a notebook's, not the
    command line's `Interrupted`, which stops the run) gives `so_far()` instead, the search
    noted as interrupted (solver children are closed by the caller's `runner.close()`)."""
    try:
        return body()
    except KeyboardInterrupt as stop:
        if not interruptible or isinstance(stop, Interrupted):
            raise
        runner.notes.add(INTERRUPTED)
        return so_far()


#: A downward walk halves the gap between the best value found and the proven lower bound
#: while it is wider than this, and steps down by one below it.
BISECT_GAP = 8


def minimize_walk(runner: Runner, objective: str, limits: Limits,
                  interruptible: bool = False) -> Result:
    """The least `objective` within `limits`, walked on a shared runner (frontiers call it
    repeatedly): size upward from the strongest bound, other resources downward from a first
    circuit.  With `interruptible`, a KeyboardInterrupt (not the command line's
    `Interrupted`) ends the walk with the best answer so far."""
    walk = _Walk(runner, objective, limits)
    return until_interrupted(
        runner, lambda: _walked(walk, runner, objective, limits),
        lambda: walk.fallback(walk.best, walk.best_metrics, build=False), interruptible)


def _walked(walk: "_Walk", runner: Runner, objective: str, limits: Limits) -> Result:
    """`minimize_walk`'s body."""
    if objective != "size":
        return walk.downward()
    if runner.model.is_basis:
        built = walk.construction()  # a read-once formula or a parity tree: the bound's size
    else:  # the counting circuit of parity meets the subcube bound
        built = at_the_bound(runner.spec, runner.model, limits, walk.lower)
        if built is not None:  # the result names it as the construction
            walk.constructed.append(built)
    if built is not None and built.metrics.size <= walk.lower:
        runner.notes.add(AT_THE_BOUND)
        return walk.result(Status.OPTIMAL, built.circuit, built.metrics, built.metrics.size)
    if runner.pipelined:
        status, found, walk.lower, walk.source = size_walk(runner, limits, walk.lower,
                                                           walk.source, walk.cap)
        if status is Status.OPTIMAL and found is not None:
            circuit, metrics = found
            return walk.result(Status.OPTIMAL, circuit, metrics, metrics.size)
        return walk.fallback() if status is Status.UNKNOWN else walk.result(status)
    return walk.upward()


class _Walk:
    """One minimisation's state: the proven lower bound and its source, the construction
    (built once, on first need), and the Result each way of ending gives."""

    def __init__(self, runner: Runner, objective: str, limits: Limits) -> None:
        if limits.size is None:
            raise InternalError("a walk needs a size cap (minckt.solve.caps)")
        self.cap = limits.size
        self.runner, self.objective, self.limits = runner, objective, limits
        self.bound = bounds.strongest(runner.spec, objective, runner.model, limits)
        self.lower, self.source = self.bound.value, f"bound: {self.bound.method}"
        self.first_step = len(runner.steps)
        self.constructed: list = []
        self.best: Circuit | None = None  # of the downward walk, for an interrupt
        self.best_metrics: Metrics | None = None

    def result(self, status: Status, circuit=None, metrics=None, value=None) -> Result:
        runner = self.runner
        built = self.constructed[0] if self.constructed else None
        source = built.source if built is not None and circuit is built.circuit else None
        return Result(status=status, spec=runner.spec, limits=self.limits, model=runner.model,
                      objective=self.objective, value=value, lower_bound=self.lower,
                      lower_bound_source=self.source, circuit=circuit, metrics=metrics,
                      backend=runner.backend_name, time_s=runner.elapsed(),
                      steps=tuple(runner.steps[self.first_step:]), bound=self.bound,
                      circuit_source=source)

    def construction(self) -> Built | None:
        if not self.constructed:
            self.constructed.append(fitting_construction(
                self.runner.spec, self.runner.model, self.limits, self.objective,
                deadline=self.runner.fallback_deadline()))
        return self.constructed[0]

    def fallback(self, best: Circuit | None = None, best_metrics: Metrics | None = None,
                 build: bool = True) -> Result:
        """FEASIBLE with the better of the best circuit found and the construction (said
        so when it is the construction; none is built without `build`), or UNKNOWN when
        there is neither."""
        objective = self.objective
        built = self.construction() if build else None
        if built is not None and (best is built.circuit or best_metrics is None
                                  or built.metrics.get(objective) < best_metrics.get(objective)):
            best, best_metrics = built.circuit, built.metrics
            self.runner.notes.add(CONSTRUCTED)
        if best is None:
            return self.result(Status.UNKNOWN)
        best, best_metrics = found_pair(best, best_metrics)
        value = best_metrics.get(objective)
        if value <= self.lower:  # what was found meets the proven bound: the optimum
            if built is not None and best is built.circuit:
                self.runner.notes.discard(CONSTRUCTED)  # an optimum, not only an upper bound
                if objective == "size":
                    self.runner.notes.add(AT_THE_BOUND)
            return self.result(Status.OPTIMAL, best, best_metrics, value)
        return self.result(Status.FEASIBLE, best, best_metrics, value)

    def upward(self) -> Result:
        """Sizes from the lower bound up, one decision each: the first SAT is the optimum."""
        for size in range(self.lower, self.cap + 1):
            status, circuit, metrics = self.runner.step(size, self.limits, "size")
            if status is Status.SAT:
                circuit, metrics = found_pair(circuit, metrics)
                return self.result(Status.OPTIMAL, circuit, metrics, metrics.size)
            if status is Status.UNKNOWN:
                return self.fallback()
            self.lower, self.source = size + 1, f"solver: size <= {size} UNSAT"
        return self.result(Status.INFEASIBLE)

    def downward(self) -> Result:
        """From a first circuit down to the lower bound: each step asks for one less than
        the best found (halfway down while the gap is wider than BISECT_GAP)."""
        runner, objective, limits = self.runner, self.objective, self.limits
        ceiling = limits.get(objective)
        if ceiling is not None and ceiling < self.lower:
            return self.result(Status.INFEASIBLE)
        built = self.construction() if limits.shaped else None
        circuit: Circuit | None
        metrics: Metrics | None
        if built is not None:
            # a shaped question's walk starts from the copy network
            # (`minckt.solve.constructions`): no solver call is needed to find a first
            # circuit, which can take longer than any other step; a circuit still left at
            # the end is said to be the construction
            status, circuit, metrics = Status.SAT, built.circuit, built.metrics
        else:
            status, circuit, metrics = first_circuit(runner, objective, limits)
        if status is Status.UNSAT:
            return self.result(Status.INFEASIBLE)
        if status is Status.UNKNOWN:
            return self.fallback()
        circuit, metrics = found_pair(circuit, metrics)
        best, best_metrics = self.best, self.best_metrics = circuit, metrics
        value = metrics.get(objective)
        while value > self.lower:
            # an UNSAT at "<= probe" proves probe + 1, a SAT lowers the best
            probe = value - 1 if value - self.lower <= BISECT_GAP \
                else (self.lower + value - 1) // 2
            asked = limits.tighten(objective, probe)
            tried, (status, circuit, metrics) = self._fewer_slots(best, probe, asked)
            if tried and status is not Status.SAT and runner.expired():
                return self.fallback(best, best_metrics)
            if not tried or status is not Status.SAT:
                slots = slots_for(runner.spec, objective, probe, limits)
                status, circuit, metrics = runner.step(slots, asked, objective)
            if status is Status.SAT:
                best, best_metrics = found_pair(circuit, metrics)
                value = best_metrics.get(objective)
                self.best, self.best_metrics = best, best_metrics
            elif status is Status.UNSAT:
                self.lower, self.source = probe + 1, f"solver: {objective} <= {probe} UNSAT"
            else:
                return self.fallback(best, best_metrics)
        return self.result(Status.OPTIMAL, best, best_metrics, value)

    def _fewer_slots(self, best: Circuit, probe: int, asked: Limits):
        """With guards, a first look where every circuit without guards within the probe lies
        (probe / 2 slots) and one gate beyond the best, an encoding far smaller than the full
        slots': only a circuit found there counts (its UNSAT proves nothing).  (whether it
        was tried, (status, circuit, metrics))."""
        runner = self.runner
        slots = slots_for(runner.spec, self.objective, probe, self.limits)
        fewer = max(len(best.gates) + 1, probe // 2)
        if not (self.limits.conditional and fewer < slots):
            return False, (Status.UNKNOWN, None, None)
        left = runner.remaining()
        with runner.budget(None if left is None else left / 3):
            return True, runner.step(fewer, asked, self.objective)


def first_circuit(runner: Runner, objective: str, limits: Limits
                   ) -> tuple[Status, Circuit | None, Metrics | None]:
    """The first circuit of a downward walk: at the full slot count, or, for a partial
    function (a data set), at the fewest slots that have one (the least size is small
    and its encodings small, while the full slots of a data set in many inputs can take
    longer than any time limit to give a first circuit; fewer gates keep within the
    limits).  UNSAT only when the full slot count is UNSAT."""
    cap = limits.require("size")
    if runner.spec.is_total:
        return runner.step(cap, limits, objective)
    start = max(bounds.strongest(runner.spec, "size", runner.model, limits).value, 1)
    open_question = False
    for size in range(start, cap + 1):
        # with a time limit, no slot count may take more than half of what is left:
        # an undecided one is passed over (a larger one may have a circuit quickly)
        last = size == cap
        left = runner.remaining()
        with runner.budget(None if left is None or last else left / 2):
            status, circuit, metrics = runner.step(size, limits, objective)
        if status is Status.SAT:
            return status, circuit, metrics
        if status is Status.UNKNOWN:
            if runner.expired():
                return status, None, None
            open_question = True
    return (Status.UNKNOWN if open_question else Status.UNSAT), None, None
