"""What every SAT step reports: a backend's circuit verified, pruned, polished, guarded where
that lowers the objective, verified again and checked against every proven bound; the
construction that stands in when the solver found nothing in time; certificates.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import NamedTuple

from minckt import bounds
from minckt.core.circuit import Circuit, Metrics
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.core.spec import Spec
from minckt.solve.certify import certify_result
from minckt.solve.conditional import make_conditional
from minckt.solve.constructions import (
    SOURCES, Construction, constructions, copy_network, counting_circuit, folded_circuit,
    staircase_circuit)
from minckt.solve.polish import polished
from minckt.solve.result import Result
from minckt.verify.check import architecture_problems, verify

__all__ = ["checked", "guarded", "fitting_construction", "at_the_bound", "certified", "Built",
           "AT_THE_BOUND", "CONSTRUCTED"]


#: Said of a result whose circuit is the construction of `minckt.solve.constructions`.
AT_THE_BOUND = ("the circuit is a construction (minckt.solve.constructions: the function's "
              "read-once formula, an XOR tree for parity in AIG, the counting circuit of "
              "parity), verified, whose size is the proven lower bound: no solver was needed")


CONSTRUCTED = ("the solver found no better circuit in time; the circuit given is a "
               "construction (minckt.solve.constructions, named in circuit_source), verified "
               "like any other: an upper bound, not an optimum")


class Built(NamedTuple):
    """A verified construction: the circuit, its re-measured metrics, its source."""

    circuit: Circuit
    metrics: Metrics
    source: str


def fitting_construction(spec: Spec, model: GateModel, limits: Limits,
                         objective: str | None = None, deadline: float | None = None,
                         cheap: bool = False) -> Built | None:
    """The best construction within `limits` (`minckt.solve.constructions`: least
    objective, then fewest gates), verified, with its metrics and source; those without
    guards are guarded greedily when the question counts operations with guards.  Past
    `deadline` (a `time.perf_counter` time) no further construction is built or checked;
    `cheap` leaves out those that search (`constructions`)."""
    fitting = []
    counted = limits.conditional and objective in ("ops", "evaluated")
    # building stops halfway to the deadline, leaving the rest to check what was built
    halfway = None if deadline is None else \
        time.perf_counter() + max(0.0, deadline - time.perf_counter()) / 2
    found = constructions(spec, model, guarded=limits.conditional, energy=limits.energy,
                          deadline=halfway, cheap=cheap)
    if limits.shaped:
        copies = copy_network(spec, model, limits)
        if copies is not None:
            found.append(Construction(SOURCES["copy network"], copies))
    axis = objective or "size"
    by_shape = axis in SHAPE_AXES
    shaped = [(source, circuit, shape(circuit)) for source, circuit in found]
    if by_shape:  # the first that fits, in order of the objective, is the answer: verify
        # no more (each check evaluates every row: a second at 20 inputs)
        shaped.sort(key=lambda c: (c[2][axis], c[2]["size"], c[2]["wires"]))
    rows = len(spec.care_rows)
    for source, circuit, measured in shaped:
        cost = CHECK_S_PER_WIRE_ROW * rows * (measured["wires"] + measured["size"])
        if deadline is not None and cost > max(deadline - time.perf_counter(), CHEAP_CHECK_S):
            continue  # its check would end past the deadline: a smaller one may not
        if any((limit := limits.get(a)) is not None and value > limit
               for a, value in measured.items()):
            # past a limit that the circuit's shape decides: guarding adds no gate or
            # level, and only the dead gates its simplification drops could make it fit (a
            # construction rarely has one): skipping it costs at most an upper bound, and
            # saves the greedy guarding, seconds for a few dozen gates (12.8 s for five
            # constructions at N = 64)
            continue
        if counted and not circuit.conditional:
            circuit = make_conditional(circuit, spec)
        metrics = verify(spec, circuit, Limits(conditional=True), model)
        if not limits.violations(metrics) and not architecture_problems(circuit, limits):
            fitting.append(Built(circuit, metrics, source))
            if by_shape:
                break
    key = (lambda c: (c.metrics.get(objective), c.metrics.size)) if objective else \
        (lambda c: c.metrics.size)
    return min(fitting, key=key, default=None)


#: Seconds a ReLU or sigmoid gate's weights may be polished for: POLISH_SHARE of the
#: question's time limit, at most POLISH_GATE_S (and 0.05 s at least).
POLISH_SHARE = 0.02
POLISH_GATE_S = 2.0

#: Seconds the evaluator takes per wire (and gate) and row, about (3.3 ns measured on a
#: busy 2-core machine at 2^20 rows): what the out-of-time construction predicts a check
#: costs, to leave out one that would end past its deadline.
CHECK_S_PER_WIRE_ROW = 3e-9

#: A check predicted to take at most this long is made even past the deadline: a late
#: search still gets its quick constructions.
CHEAP_CHECK_S = 0.05

#: The resources a circuit's structure decides, without evaluating it (`shape`).
SHAPE_AXES = ("size", "depth", "weight", "fanin", "wires")


def shape(circuit: Circuit) -> dict[str, int]:
    """The resources of `SHAPE_AXES`, read off the circuit's gates (what the evaluator's
    metrics give for them, at no cost per row)."""
    weights = [abs(w) for g in circuit.gates for _, w in g.weights]
    return {"size": len(circuit.gates), "depth": max(circuit.levels(), default=0),
            "weight": max(weights, default=0),
            "fanin": max((g.fanin for g in circuit.gates), default=0), "wires": len(weights)}


def at_the_bound(spec: Spec, model: GateModel, limits: Limits, lower: int) -> Built | None:
    """A cheap construction (the counting circuit, the folded circuit or the staircase of a
    symmetric function, `minckt.solve.constructions.symmetric`) within `limits` whose size is
    at most the proven lower bound `lower` on the size: then it is the optimum and no solver
    is needed (the shallowest of those that are).  None otherwise."""
    candidates = []
    for name, build in (("counting", counting_circuit), ("folded", folded_circuit),
                        ("staircase", staircase_circuit)):
        circuit = build(spec, model)
        if circuit is not None and len(circuit.gates) <= lower:
            measured = shape(circuit)
            candidates.append((measured["size"], measured["depth"], name, circuit))
    # shallowest first (the shape gives what the evaluator would): only that one is checked
    # on every row, unless it breaks a limit (each check is a second at 20 inputs)
    for _, _, name, circuit in sorted(candidates, key=lambda c: c[:2]):
        metrics = verify(spec, circuit, Limits(conditional=True), model)
        if not limits.violations(metrics) and not architecture_problems(circuit, limits):
            return Built(circuit, metrics, SOURCES[name])
    return None


#: What a result of ReLU or sigmoid gates says of its polished weights (`checked`).
LEAST_WEIGHTS = ("weights polished: each gate's max |w| is proven least for the values it "
                 "takes on the care rows")
NOT_LEAST_WEIGHTS = ("weights polished where proven within the time: not every gate's max "
                     "|w| is proven least for its values")


def checked(circuit: Circuit, spec: Spec, limits: Limits, model: GateModel,
            params: SearchParams, objective: str | None = None, polish_weights: bool = True,
            check_bounds: bool = True, notes: set[str] | None = None
            ) -> tuple[Circuit, Metrics]:
    """A backend's circuit verified, pruned, polished (`params.polish` and
    `polish_weights`), guarded where the objective counts evaluations, renumbered, verified
    again and (`check_bounds`) its metrics checked against every proven bound: what a SAT
    step reports.  For ReLU and sigmoid gates `notes` gets whether the polished weights are
    proven least (LEAST_WEIGHTS or NOT_LEAST_WEIGHTS)."""
    verify(spec, circuit, limits, model)
    circuit = circuit.pruned()
    if params.polish and polish_weights:  # smaller weights may disconnect a gate: prune again
        share = POLISH_SHARE * (params.time_limit or POLISH_GATE_S / POLISH_SHARE)
        circuit, least = polished(circuit, spec,
                                  multilevel_s=min(POLISH_GATE_S, max(0.05, share)))
        circuit = circuit.pruned()
        if notes is not None and model.kind in ("relu", "sigmoid"):
            if least and NOT_LEAST_WEIGHTS not in notes:
                notes.add(LEAST_WEIGHTS)
            else:  # one circuit of the search not proven: the answer says so
                notes.discard(LEAST_WEIGHTS)
                notes.add(NOT_LEAST_WEIGHTS)
    if limits.conditional and objective in ("ops", "evaluated"):
        circuit = guarded(circuit, spec, objective, limits)
    circuit = circuit.renumbered()
    metrics = verify(spec, circuit, limits, model)
    if check_bounds:
        bounds.check_circuit(spec, model, metrics, circuit.conditional, limits)
    return circuit, metrics


def guarded(circuit: Circuit, spec: Spec, objective: str, limits: Limits) -> Circuit:
    """`circuit`, or the greedy guarding of it (`minckt.solve.conditional`) when that lowers the
    objective and keeps every limit (a guard is a dependency: it can deepen the circuit):
    a walk then goes on from the better circuit (both are verified)."""
    better = make_conditional(circuit, spec)
    rows = spec.care_rows
    measured = better.metrics(rows)
    if measured.get(objective) < circuit.metrics(rows).get(objective) \
            and not limits.violations(measured):
        return better
    return circuit


def certified(result: Result, runner, seen: dict | None = None) -> Result:
    """With `SearchParams.certify`, the result with a checked certificate of every UNSAT
    step it rests on (`minckt.solve.certify`), within the time left; time_s then counts it."""
    if not runner.params.certify:
        return result
    left = runner.remaining()
    result = certify_result(result, runner.params, None if left is None else max(left, 0.01),
                            seen)
    return replace(result, time_s=runner.elapsed())
