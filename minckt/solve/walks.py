"""The walks of a minimisation: size upward from the strongest lower bound (two sizes at
once on a pipelined backend), other resources downward from the first circuit found on one
encoding whose bounds each step tightens (halving the gap while it is wider than
`BISECT_GAP`, as weights can start in the thousands).  OPTIMAL means value v was found and
v-1 proven impossible (a solver UNSAT at v-1, or a proven lower bound equal to v).
"""

from __future__ import annotations

import time
from multiprocessing.connection import wait

from minckt import bounds
from minckt.core.circuit import Circuit, Metrics
from minckt.core.problem import Limits
from minckt.core.spec import Spec
from minckt.core.status import Status
from minckt.encode.isolate import IsolatedSession
from minckt.errors import InternalError
from minckt.solve.finish import AT_THE_BOUND, CONSTRUCTED, fitting_construction
from minckt.solve.result import Result, Step
from minckt.solve.runner import Runner

__all__ = ["minimize_walk", "size_walk", "first_circuit", "slots_for", "BISECT_GAP"]


#: A downward walk halves the gap between the best value found and the proven lower bound
#: while it is wider than this, and steps down by one below it.
BISECT_GAP = 8


def minimize_walk(runner: Runner, objective: str, limits: Limits) -> Result:
    """The walk itself, on a shared runner (frontiers call it repeatedly)."""
    spec, model = runner.spec, runner.model
    bound = bounds.strongest(spec, objective, model, limits)
    lower, source = bound.value, f"bound: {bound.method}"
    cap = limits.size
    assert cap is not None
    first_step = len(runner.steps)

    def result(status: Status, circuit=None, metrics=None, value=None) -> Result:
        return Result(status=status, spec=spec, limits=limits, model=model,
                      objective=objective, value=value, lower_bound=lower,
                      lower_bound_source=source, circuit=circuit, metrics=metrics,
                      backend=runner.backend_name, time_s=runner.elapsed(),
                      steps=tuple(runner.steps[first_step:]), bound=bound)

    constructed: list = []  # the construction, built once

    def construction() -> tuple[Circuit, Metrics] | None:
        if not constructed:
            constructed.append(fitting_construction(spec, model, limits, objective))
        return constructed[0]

    def fallback(best: Circuit | None = None, best_metrics: Metrics | None = None) -> Result:
        """FEASIBLE with the better of the best circuit found and the construction (said
        so when it is the construction), or UNKNOWN when there is neither."""
        built = construction()
        if built is not None and (best is built[0] or best_metrics is None
                                  or built[1].get(objective) < best_metrics.get(objective)):
            best, best_metrics = built
            runner.notes.add(CONSTRUCTED)
        if best is None:
            return result(Status.UNKNOWN)
        return result(Status.FEASIBLE, best, best_metrics, best_metrics.get(objective))

    if objective == "size" and model.is_basis:
        built = construction()  # a read-once formula or a parity tree: the bound's size
        if built is not None and built[1].size <= lower:
            runner.notes.add(AT_THE_BOUND)
            return result(Status.OPTIMAL, *built, built[1].size)
    if objective == "size" and runner.pipelined:
        status, found, lower, source = size_walk(runner, limits, lower, source, cap)
        if status is Status.OPTIMAL:
            circuit, metrics = found
            return result(Status.OPTIMAL, circuit, metrics, metrics.size)
        return fallback() if status is Status.UNKNOWN else result(status)
    if objective == "size":
        for size in range(lower, cap + 1):
            status, circuit, metrics = runner.step(size, limits, objective)
            if status is Status.SAT:
                return result(Status.OPTIMAL, circuit, metrics, metrics.size)
            if status is Status.UNKNOWN:
                return fallback()
            lower, source = size + 1, f"solver: size <= {size} UNSAT"
        return result(Status.INFEASIBLE)

    ceiling = limits.get(objective)
    if ceiling is not None and ceiling < lower:
        return result(Status.INFEASIBLE)
    built = construction() if limits.shaped else None
    if built is not None:
        # a shaped question's walk starts from the copy network (`minckt.solve.constructions`):
        # no solver call is needed to find a first circuit, which can take longer than any
        # other step; a circuit still left at the end is said to be the construction
        status, (circuit, metrics) = Status.SAT, built
    else:
        status, circuit, metrics = first_circuit(runner, objective, limits)
    if status is Status.UNSAT:
        return result(Status.INFEASIBLE)
    if status is Status.UNKNOWN:
        return fallback()
    best, best_metrics = circuit, metrics
    value = metrics.get(objective)
    while value > lower:
        # one below the best found; halfway down when the gap is wide (weights can start in
        # the thousands): an UNSAT at "<= probe" proves probe + 1, a SAT lowers the best
        probe = value - 1 if value - lower <= BISECT_GAP else (lower + value - 1) // 2
        asked = limits.tighten(objective, probe)
        slots = slots_for(runner.spec, objective, probe, limits)
        fewer = max(len(best.gates) + 1, probe // 2)
        if limits.conditional and fewer < slots:
            # guards: first look where every circuit without guards within the probe lies
            # (probe / 2 slots) and one gate beyond the best, an encoding far smaller than
            # the full slots'; only a circuit found there counts (its UNSAT proves nothing)
            left = runner.remaining()
            with runner.budget(None if left is None else left / 3):
                status, circuit, metrics = runner.step(fewer, asked, objective)
            if status is Status.SAT:
                best, best_metrics, value = circuit, metrics, metrics.get(objective)
                continue
            if runner.expired():
                return fallback(best, best_metrics)
        status, circuit, metrics = runner.step(slots, asked, objective)
        if status is Status.SAT:
            best, best_metrics, value = circuit, metrics, metrics.get(objective)
        elif status is Status.UNSAT:
            lower, source = probe + 1, f"solver: {objective} <= {probe} UNSAT"
        else:
            return fallback(best, best_metrics)
    return result(Status.OPTIMAL, best, best_metrics, value)


def size_walk(runner: Runner, limits: Limits, lower: int, source: str, cap: int):
    """The upward walk over sizes lower..cap with two decisions at once, each in its own
    process (this machine's two cores).  The last UNSAT step and the first SAT one are the
    two hardest, and symmetry breaks speed the one and slow the other (README, Boolean
    bases), so the least open size is decided with every break the user asked for, and the
    next one beside it under the backend's `sat_lane` switches (and its `sat_lane_options`,
    CaDiCaL options instead of the sessions' own), to find a circuit; a lane with nothing
    new to start races an open size under the other setting.  Every decision is the full
    question (each break is sound alone, and options change no answer), so every answer
    counts: the least SAT size all of whose predecessors are UNSAT is the optimum, and
    lanes at or above a SAT size are stopped.  Gives (status, (circuit, metrics) or None,
    lower bound, its source): OPTIMAL, INFEASIBLE (every size up to the cap UNSAT) or
    UNKNOWN (time ran out)."""
    running: dict[tuple[int, bool], tuple[IsolatedSession, Limits, float]] = {}
    unsat: set[int] = set()
    found: dict[int, tuple[Circuit, Metrics]] = {}
    upcoming = lower
    second = runner.backend.capabilities.sat_lane  # None: one setting in both lanes
    options = runner.backend.capabilities.sat_lane_options  # None: the sessions' own

    def proven() -> tuple[int, str]:
        low, why = lower, source
        while low in unsat:
            low, why = low + 1, f"solver: size <= {low} UNSAT"
        return low, why

    def stop(keep=lambda size: False) -> None:
        for key in [k for k in running if not keep(k[0])]:
            running.pop(key)[0].close()

    def launch(size: int, light: bool) -> None:
        asked = limits.with_("size", size)
        session = runner.session(size, *((second, options) if light else (None, None)))
        if not isinstance(session, IsolatedSession):
            raise InternalError(f"backend {runner.backend_name} pipelined in-process")
        session.submit(asked)
        running[(size, light)] = (session, asked, time.perf_counter())

    def next_lane(low: int, least: int) -> tuple[int, bool] | None:
        """What a free lane decides: the least open size with every break when it runs
        nowhere, else a new size (in the `sat_lane` setting above the least open one),
        else the other setting of an open size.  A backend without `sat_lane` runs its
        own setting in both lanes and races nothing twice.  Measured against racing the
        least open size under every break whenever it runs only in the `sat_lane` setting
        (before a new size): on the 25 four-input AIG / XAIG benchmark instances (median of
        three runs each, alternating, chain backend) that order took 1.23x the time
        (geometric mean; 0.69-0.91x on random4-1, -2, -5, -7-aig, 1.2-2.3x on the ones
        under 0.5 s, where a new session costs more than the race gains), and 0.94x, within
        the runs' spread, when it began only after 0.3 s of the walk: not adopted."""
        if low < least and low < upcoming and not any(size == low for size, _ in running):
            return low, False
        if upcoming <= cap and upcoming < least:
            return upcoming, upcoming > low and second is not None
        if second is not None:
            for size, light in sorted(running):
                if (size, not light) not in running:
                    return size, not light
        return None

    try:
        while True:
            low, why = proven()
            if low in found:
                return Status.OPTIMAL, found[low], low, why
            if low > cap:
                return Status.INFEASIBLE, None, low, why
            least = min(found, default=cap + 1)
            while len(running) < 2:
                lane = next_lane(low, least)
                if lane is None:
                    break
                size, light = lane
                if size == upcoming:
                    upcoming += 1
                asked = limits.with_("size", size)
                if size < 1 or (asked.depth is not None and asked.depth < 1):
                    runner.steps.append(Step(size, asked, Status.UNSAT, 0.0))
                    unsat.add(size)
                    break
                launch(size, light)
            if not running:
                continue
            left = runner.remaining()
            ready = [] if left is not None and left <= 0 else \
                wait([session.conn for session, _, _ in running.values()], left)
            if not ready:
                now = time.perf_counter()
                for size in sorted({size for size, _ in running}):
                    began = min(start for (other, _), (_, _, start) in running.items()
                                if other == size)
                    runner.steps.append(Step(size, limits.with_("size", size), Status.UNKNOWN,
                                             now - began))
                stop()
                return Status.UNKNOWN, None, low, why
            for key, (session, asked, _) in sorted(running.items()):
                if key not in running or session.conn not in ready:
                    continue
                answer = session.collect()
                if answer is None:
                    continue
                size = key[0]
                stop(keep=lambda other: other != size)  # its twin under the other setting
                status, circuit, metrics = runner.settle(size, asked, answer, "size")
                if status is Status.SAT:  # (pruning may leave fewer gates than slots)
                    found[metrics.size] = (circuit, metrics)
                    stop(keep=lambda other: other < metrics.size)
                elif status is Status.UNSAT:
                    unsat.add(size)
                else:
                    stop()
                    return Status.UNKNOWN, None, *proven()
    finally:
        stop()


def slots_for(spec: Spec, objective: str, value: int, limits: Limits) -> int:
    """Gate slots that hold every circuit within `limits` with `objective` <= value.

    Without guards every gate is evaluated on every row, so evaluated = size; and a circuit
    of a spec none of whose outputs is constant on its care set prunes (`Circuit.pruned`: constant
    gates fold into their readers, dead ones go, no resource grows) to one whose every gate
    has a wire (so every output must be non-constant: a constant output is a gate without
    one), so ops = size + wires >= 2 size.  Fewer slots, the same question.
    """
    cap = limits.size
    if limits.conditional or not spec.care_mask.any():
        return cap
    if objective == "hidden":  # at most one gate per output beside the hidden ones
        return max(1, min(cap, value + spec.num_outputs))
    if objective == "evaluated":
        return max(1, min(cap, value))
    care = spec.values[:, spec.care_mask]
    if objective == "ops" and (care.any(axis=1) & ~care.all(axis=1)).all():
        return max(1, min(cap, value // 2))
    return cap


def first_circuit(runner: Runner, objective: str, limits: Limits
                   ) -> tuple[Status, Circuit | None, Metrics | None]:
    """The first circuit of a downward walk: at the full slot count, or, for a partial
    function (a data set), at the fewest slots that have one (the least size is small
    and its encodings small, while the full slots of a data set in many inputs can take
    longer than any time limit to give a first circuit; fewer gates keep within the
    limits).  UNSAT only when the full slot count is UNSAT."""
    cap = limits.size
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
