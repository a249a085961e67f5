"""What every SAT step reports: a backend's circuit verified, pruned, polished, guarded where
that lowers the objective, verified again and checked against every proven bound; the
construction that stands in when the solver found nothing in time; certificates.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from minckt import bounds
from minckt.core.circuit import Circuit, Metrics
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.core.spec import Spec
from minckt.solve.certify import certify_result
from minckt.solve.conditional import make_conditional
from minckt.solve.constructions import (
    SOURCES, Construction, constructions, copy_network, counting_circuit, staircase_circuit)
from minckt.solve.polish import polish
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
                         objective: str | None = None) -> Built | None:
    """The best construction within `limits` (`minckt.solve.constructions`: least
    objective, then fewest gates), verified, with its metrics and source; those without
    guards are guarded greedily when the question counts operations with guards."""
    fitting = []
    counted = limits.conditional and objective in ("ops", "evaluated")
    found = constructions(spec, model, guarded=limits.conditional, energy=limits.energy)
    if limits.shaped:
        copies = copy_network(spec, model, limits)
        if copies is not None:
            found.append(Construction(SOURCES["copy network"], copies))
    by_size = objective in (None, "size")
    if by_size:  # the first that fits, in order of gates, is the answer: verify no more
        found = sorted(found, key=lambda c: (len(c.circuit.gates),
                                             sum(g.fanin for g in c.circuit.gates)))
    for source, circuit in found:
        if limits.size is not None and len(circuit.gates) > limits.size:
            # more gates than the question allows: guarding adds no gate, and only the dead
            # gates its simplification drops could make it fit (a construction rarely has
            # one): skipping it costs at most an upper bound, and saves the greedy guarding,
            # seconds for a few dozen gates (12.8 s for five constructions at N = 64)
            continue
        if counted and not circuit.conditional:
            circuit = make_conditional(circuit, spec)
        metrics = verify(spec, circuit, Limits(conditional=True), model)
        if not limits.violations(metrics) and not architecture_problems(circuit, limits):
            fitting.append(Built(circuit, metrics, source))
            if by_size:
                break
    key = (lambda c: (c.metrics.get(objective), c.metrics.size)) if objective else \
        (lambda c: c.metrics.size)
    return min(fitting, key=key, default=None)


def at_the_bound(spec: Spec, model: GateModel, limits: Limits, lower: int) -> Built | None:
    """A cheap construction (the counting circuit or the staircase of a symmetric function,
    `minckt.solve.constructions.symmetric`) within `limits` whose size is at most the proven
    lower bound `lower` on the size: then it is the optimum and no solver is needed.  None
    otherwise."""
    for name, build in (("counting", counting_circuit), ("staircase", staircase_circuit)):
        circuit = build(spec, model)
        if circuit is None or len(circuit.gates) > lower:
            continue
        metrics = verify(spec, circuit, Limits(conditional=True), model)
        if not limits.violations(metrics) and not architecture_problems(circuit, limits):
            return Built(circuit, metrics, SOURCES[name])
    return None


def checked(circuit: Circuit, spec: Spec, limits: Limits, model: GateModel,
            params: SearchParams, objective: str | None = None, polish_weights: bool = True,
            check_bounds: bool = True) -> tuple[Circuit, Metrics]:
    """A backend's circuit verified, pruned, polished (`params.polish` and
    `polish_weights`), guarded where the objective counts evaluations, renumbered, verified
    again and (`check_bounds`) its metrics checked against every proven bound: what a SAT
    step reports."""
    verify(spec, circuit, limits, model)
    circuit = circuit.pruned()
    if params.polish and polish_weights:  # smaller weights may disconnect a gate: prune again
        circuit = polish(circuit, spec).pruned()
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
