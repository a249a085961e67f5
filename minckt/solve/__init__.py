"""Decisions, minimisation and Pareto frontiers over circuit resources.

* `decide(spec, limits)` -- is there a circuit within the limits?  SAT (verified circuit),
  UNSAT, or UNKNOWN.
* `minimize(spec, objective, limits)` -- the least value of one resource with the other limits
  unchanged (`minckt.solve.walks`).
* `frontier(spec, axes, limits)` -- every Pareto-optimal point over two or three axes
  (`minckt.solve.pareto`).
* `least_size(spec)` -- the least size by the batch path when it answers the question
  (`minckt.solve.batch`), else by `minimize`.

Every circuit a backend returns is verified (`minckt.verify`) and pruned of dead gates
before it is used (`minckt.solve.finish`).  When size is neither limited nor the objective,
the search uses `SearchParams.default_size` slots and restates what it proved within them
(`minckt.solve.caps`).  With `SearchParams.certify` every UNSAT step an answer rests on is
re-solved with a checked DRAT proof (`minckt.solve.certify`).  A time limit gives UNKNOWN or
FEASIBLE, never a wrong answer.  The results store (``store=``) is the io layer's
(`minckt.io.stored`), which the package's public `minckt.minimize` goes through.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Sequence

from minckt.core.circuit import Circuit, Metrics
from minckt.core.problem import Axis, GateModel, Limits, SearchParams, check_axis
from minckt.core.spec import Spec
from minckt.core.status import Status
from minckt.encode.architecture import check_shape
from minckt.encode.choose import refusal
from minckt.encode.registry import get_backend
from minckt.encode.isolate import warm
from minckt.errors import InputError
from minckt.verify.proof import require_checker
from minckt.solve.batch import BatchMinimizer, supports, takes_warm, warm_least_size
from minckt.solve.caps import CAPPED, cap_matters, caps, restate
from minckt.solve.finish import CONSTRUCTED, certified, fitting_construction
from minckt.solve.pareto import frontier_walk
from minckt.solve.result import Frontier, Result
from minckt.solve.runner import Runner
from minckt.solve.walks import INTERRUPTED, minimize_walk
from minckt.lifecycle import Interrupted

__all__ = ["decide", "minimize", "frontier", "least_size", "check_question", "check_axes",
           "refuting_bound"]


def check_conditional(model: GateModel, limits: Limits, objective: str | None,
                       axes: tuple[str, ...]) -> None:
    """Guards and the evaluated / ops counts are encoded for the neural gate models only."""
    if not model.is_basis:
        return
    asked = {a for a in ("evaluated", "ops") if limits.get(a) is not None
             or objective == a or a in axes}
    if limits.conditional or asked:
        what = ", ".join(sorted(asked | ({"conditional"} if limits.conditional else set())))
        raise InputError(f"{what}: guards and operation counts apply to threshold, relu and "
                         f"sigmoid gates, not the {model.kind} basis")


def check_question(spec: Spec, limits: Limits, model: GateModel, params: SearchParams,
                   objective: str | None = None, axes: tuple[str, ...] = ()) -> None:
    """Raise InputError when the question cannot be asked as given (wrong types, guards on
    a Boolean basis, a shape that does not fit the outputs, CEGAR with guards, a
    certificate without its checker); before anything is solved or looked up."""
    if not isinstance(spec, Spec):
        raise InputError(f"expected a Spec, got {type(spec).__name__}")
    if not isinstance(limits, Limits) or not isinstance(model, GateModel) \
            or not isinstance(params, SearchParams):
        raise InputError("limits, model and params must be Limits, GateModel and SearchParams")
    check_conditional(model, limits, objective, axes)
    check_shape(limits, spec.num_outputs, model.kind, (objective, *axes))
    if params.cegar and limits.conditional:
        raise InputError("cegar: guards make the evaluated and ops counts differ from row to "
                         "row, which counterexample rows do not follow; search without cegar")
    if params.certify:
        require_checker()
    if objective is not None:
        check_axis(objective)
    if params.backend != "auto":  # a backend the user named answers, or says why it cannot
        # (before a construction could answer without it)
        searched = tuple(a for a in (objective, *axes) if a is not None)
        name, why = refusal(params.backend, model, spec, limits, searched)
        if why and model.kind in get_backend(name).capabilities.gate_kinds:  # (the runner
            # names a gate kind the backend lacks)
            raise InputError(f"backend {name}: {why}; use another backend (auto chooses one)")


def check_axes(axes) -> tuple[Axis, ...]:
    """The frontier axes as a tuple of two or three distinct resource names."""
    if isinstance(axes, str) or not isinstance(axes, (list, tuple)):
        raise InputError(f"frontier axes {axes!r}: expected a list of two or three resource "
                         "names, e.g. [\"energy\", \"depth\"]")
    axes = tuple(check_axis(a, "frontier axis") for a in axes)
    if len(axes) not in (2, 3) or len(set(axes)) != len(axes):
        raise InputError(f"frontier {list(axes)}: expected two or three distinct resources")
    return axes


def decide(spec: Spec, limits: Limits = Limits(), *, model: GateModel = GateModel(),
           params: SearchParams = SearchParams()) -> Result:
    """Is there a circuit of `model` gates within `limits` computing `spec`?  SAT (with a
    verified circuit), UNSAT, or UNKNOWN."""
    check_question(spec, limits, model, params)
    started = time.perf_counter()
    # a backend the user names, or --certify (DRAT proofs of solver steps), asks the solver
    refuted = refuted_by_bound(spec, model, limits, params, started, Status.UNSAT)
    if refuted is not None:  # no solver needed: a proven bound exceeds a limit
        return refuted
    user = limits
    limits, notes = caps(spec, limits, params, None)
    runner = Runner(spec, model, params, limits, set(), started)
    try:
        with warm():  # a closed session's idle child serves the next
            source = None
            circuit: Circuit | None
            metrics: Metrics | None
            # a construction within the limits answers SAT at once (an AIG of 12 gates for
            # MAJ 5, CD of n/2 gates); not when the user names a backend or wants proofs
            budget = min(QUICK_S, QUICK_SHARE * (params.time_limit or QUICK_S / QUICK_SHARE))
            quick = fitting_construction(spec, model, limits, cheap=True,
                                         deadline=time.perf_counter() + budget) \
                if params.backend == "auto" and not params.certify else None
            try:
                if quick is not None:
                    status, circuit, metrics, source = Status.SAT, *quick
                else:
                    status, circuit, metrics = runner.step(limits.require("size"), limits)
            except KeyboardInterrupt as stop:
                if isinstance(stop, Interrupted):  # the command line's signal: stop
                    raise
                status, circuit, metrics = Status.UNKNOWN, None, None  # a notebook's
                runner.notes.add(INTERRUPTED)
            if status is Status.UNKNOWN and INTERRUPTED not in runner.notes:
                built = fitting_construction(spec, model, limits,
                                             deadline=runner.fallback_deadline())
                if built is not None:
                    status, circuit, metrics, source = Status.SAT, *built
                    runner.notes.add(CONSTRUCTED)
    finally:
        runner.close()
    result = restate(Result(status=status, spec=spec, limits=limits, model=model,
                             circuit=circuit, metrics=metrics, backend=runner.backend_name,
                             time_s=runner.elapsed(), steps=tuple(runner.steps),
                             notes=notes + tuple(sorted(runner.notes)),
                             stats=runner.stats(), circuit_source=source), user)
    return certified(result, runner)


#: Seconds `decide` gives the constructions before the solver: QUICK_SHARE of the time
#: limit, at most QUICK_S (a few milliseconds below 10 inputs).
QUICK_S = 0.1
QUICK_SHARE = 0.05


def refuted_by_bound(spec: Spec, model: GateModel, limits: Limits, params: SearchParams,
                     started: float, status: Status, objective: str | None = None
                     ) -> Result | None:
    """The answer `status` (UNSAT to a decision, INFEASIBLE to an optimisation) when a
    proven lower bound exceeds one of the user's `limits`, whatever the size cap: the bound
    is the proof.  None when none does, or when the user named a backend or asked for
    certificates (both ask the solver)."""
    if params.backend != "auto" or params.certify:
        return None
    refuted = refuting_bound(spec, model, limits)
    if refuted is None:
        return None
    axis, bound = refuted
    return Result(status=status, spec=spec, limits=limits, model=model, objective=objective,
                  lower_bound_source=f"bound: {bound.method}",
                  time_s=time.perf_counter() - started, bound=bound,
                  notes=(f"{axis} >= {bound.value} by the {bound.name} bound, above the "
                         f"limit {axis} <= {limits.get(axis)}: no circuit exists, no "
                         "solver was needed",))


def refuting_bound(spec: Spec, model: GateModel, limits: Limits):
    """(axis, bound) for a limit that a proven lower bound of `minckt.bounds` exceeds (among
    circuits within the other limits), so that no circuit exists; None otherwise."""
    from minckt.bounds import strongest

    for axis in limits.bounded():
        bound = strongest(spec, axis, model, limits.with_(axis, None))
        if bound.value > limits.require(axis):
            return axis, bound
    return None


def minimize(spec: Spec, objective: Axis, limits: Limits = Limits(), *,
             model: GateModel = GateModel(), params: SearchParams = SearchParams()) -> Result:
    """The least `objective` over circuits within `limits` computing `spec`: OPTIMAL (v
    found, v - 1 proven impossible), FEASIBLE (with the proven lower bound), INFEASIBLE or
    UNKNOWN."""
    check_question(spec, limits, model, params, objective)
    started = time.perf_counter()
    refuted = refuted_by_bound(spec, model, limits, params, started, Status.INFEASIBLE,
                               objective)
    if refuted is not None:
        return refuted
    if takes_warm(spec, objective, limits, model, params):
        try:
            return warm_least_size(spec, model, limits, params)
        except KeyboardInterrupt as stop:  # a notebook's interrupt: nothing found yet
            if isinstance(stop, Interrupted):
                raise
            return Result(status=Status.UNKNOWN, spec=spec, limits=limits, model=model,
                          objective=objective, time_s=time.perf_counter() - started,
                          notes=(INTERRUPTED,))
    user = limits
    limits, notes = caps(spec, limits, params, objective)
    runner = Runner(spec, model, params, limits, {objective}, started)
    try:
        with warm():  # a closed session's idle child serves the next
            result = minimize_walk(runner, objective, limits, interruptible=True)
    finally:
        runner.close()
    if cap_matters(user, objective, result.status):
        result = replace(result, notes=result.notes + notes)
    result = replace(result, notes=result.notes + tuple(sorted(runner.notes)))
    result = restate(replace(result, time_s=runner.elapsed(), steps=tuple(runner.steps),
                              stats=runner.stats()), user)
    return certified(result, runner)


def frontier(spec: Spec, axes: Sequence[Axis], limits: Limits = Limits(), *,
             model: GateModel = GateModel(), params: SearchParams = SearchParams()
             ) -> Frontier:
    """Every Pareto-optimal point over two or three resources, each with its circuit.

    For each value of the last axis, ascending, the first axis is minimised (with a middle
    axis, the 2-axis frontier of the first two is computed instead); a point is kept when no
    other point is at least as good on every axis.  A point is proven when each of its
    coordinates is minimal given the others.
    """
    check_question(spec, limits, model, params,
                   axes=tuple(axes) if isinstance(axes, (list, tuple)) else ())
    names = check_axes(axes)
    started = time.perf_counter()
    refuted = refuted_by_bound(spec, model, limits, params, started, Status.INFEASIBLE)
    if refuted is not None:  # no point at all: the frontier is empty, and proven so
        return Frontier(status=Status.INFEASIBLE, spec=spec, axes=names, limits=limits,
                        model=model, points=(), backend="bounds", time_s=refuted.time_s,
                        notes=refuted.notes)
    user = limits
    limits, notes = caps(spec, limits, params, "size" if "size" in names else None)
    runner = Runner(spec, model, params, limits, set(names), started)
    try:
        with warm():  # a closed session's idle child serves the next
            points, complete, feasible = frontier_walk(runner, names, limits,
                                                       interruptible=True)
    finally:
        runner.close()
    if not feasible:
        status = Status.INFEASIBLE if complete else Status.UNKNOWN
    elif complete and all(p.status is Status.OPTIMAL for p in points):
        status = Status.OPTIMAL
    else:
        status = Status.FEASIBLE
    notes += tuple(sorted(runner.notes))
    if not complete and INTERRUPTED not in runner.notes:
        notes += ("time ran out before the frontier was complete",)
    if user.size is None:  # the list's end, and each point, may rest on the size cap
        if "size" not in names:  # (a point with a size coordinate is proven within it)
            points = [restate(p, user) for p in points]
        if status is Status.OPTIMAL:
            status = Status.FEASIBLE
            notes += (CAPPED + "FEASIBLE",)
        elif status is Status.INFEASIBLE:
            status = Status.UNKNOWN
            notes += (CAPPED + "UNKNOWN",)
    if params.certify:
        seen: dict = {}
        points = [certified(p, runner, seen) for p in points]
    return Frontier(status=status, spec=spec, axes=names, limits=limits, model=model,
                    points=tuple(points), backend=runner.backend_name,
                    time_s=runner.elapsed(), notes=notes)


def least_size(spec: Spec, model: GateModel = GateModel(), limits: Limits = Limits(),
               params: SearchParams = SearchParams()) -> Result:
    """The least size of `spec` by the batch path when it `supports` the question, else by
    `minimize` (the same Result either way)."""
    if supports(spec, "size", limits, model, params):
        with BatchMinimizer(spec.n, model, limits, params) as batch:
            return batch.minimize(spec, params.time_limit)
    return minimize(spec, "size", limits, model=model, params=params)
