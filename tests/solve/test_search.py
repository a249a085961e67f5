"""Tests for minckt.solve: decisions, minimisation and frontiers, optimality from both sides.

Each known optimum is checked both ways (cirbo's habit, STYLE.md): the value k is found with a
circuit that passes the independent check, and a separate decision at k-1 is UNSAT.  Known
values and where they come from:

* PARITY_n needs ceil(log2(n+1)) threshold gates when gates may read every earlier gate: the
  binary counter g_i = [sum x - sum_{j<i} 2^(K-j) g_j >= 2^(K-i)] (K = ceil(log2(n+1))) gives
  the upper bound, built by hand below; the lower bound is the solver's UNSAT at k-1 for
  n = 2..5 (for n = 2 it is also the classical fact that XOR is not linearly separable).
* MAJ_n, GT_n, AND, OR are single threshold gates (written out by hand below); XOR2 and CD4 are
  not threshold functions (checked here by enumerating all 3- and 4-input weight vectors of
  sufficient range), and two gates suffice for each.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minckt.core.circuit import Circuit, threshold_gate
from minckt.errors import InputError
from minckt.core.families import family
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.core.status import Status
from minckt import decide, frontier, minimize
from minckt.core.spec import Spec
from minckt.verify.check import verify


def parity_gates(n: int) -> int:
    """Smallest K with 2^K >= n + 1."""
    k = 0
    while (1 << k) < n + 1:
        k += 1
    return k


def counter_circuit(n: int) -> Circuit:
    """The binary-counter circuit for PARITY_n with parity_gates(n) gates."""
    top = parity_gates(n)
    inputs = {f"x{i + 1}": 1 for i in range(n)}
    gates = []
    for i in range(top):
        weights = dict(inputs)
        for j, earlier in enumerate(gates):
            weights[earlier.id] = -(1 << (top - 1 - j))
        gates.append(threshold_gate(f"c{i}", weights, 1 << (top - 1 - i)))
    return Circuit(n, tuple(gates), (gates[-1].id,))


def table_of(circuit: Circuit) -> list[list[int]]:
    return circuit.output_values().astype(int).tolist()


def spec_rows(spec: Spec) -> list[list[int]]:
    return [[(t >> r) & 1 for r in range(spec.num_rows)] for t in spec.outputs]


def check_circuit(spec: Spec, circuit: Circuit, limits: Limits = Limits()) -> None:
    """Independent of minckt.verify: compare every care row by a plain loop, then verify."""
    got = table_of(circuit)
    for k, expected in enumerate(spec_rows(spec)):
        for r in range(spec.num_rows):
            if spec.care is None or (spec.care >> r) & 1:
                assert got[k][r] == expected[r], (k, r)
    verify(spec, circuit, limits)


def threshold_tables(k: int, weight: int) -> set[int]:
    """Every truth table of one threshold gate on k inputs with weights in [-weight, weight]."""
    rows = 1 << k
    found = set()
    for vector in itertools.product(range(-weight, weight + 1), repeat=k):
        sums = [sum(w * ((r >> i) & 1) for i, w in enumerate(vector)) for r in range(rows)]
        for t in range(-k * weight, k * weight + 2):
            found.add(sum(1 << r for r, s in enumerate(sums) if s >= t))
    return found


# -- statuses ----------------------------------------------------------------------------------

def test_status_refuses_bool():
    with pytest.raises(TypeError):
        bool(Status.UNSAT)
    with pytest.raises(TypeError):
        if Status.SAT:  # noqa: SIM108
            pass


# -- size: optimality from both sides ---------------------------------------------------------

@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_counter_circuit_computes_parity(n):
    circuit = counter_circuit(n)
    assert len(circuit.gates) == parity_gates(n)
    check_circuit(family("PARITY", n), circuit)


@pytest.mark.parametrize("n, expected", [(2, 2), (3, 2), (4, 3), (5, 3), (6, 3), (7, 3),
                                         (8, 4)])
def test_parity_minimal_size(n, expected):
    # n = 8: 3 gates UNSAT from the implied clauses, the 4-gate circuit from the tied probe
    assert parity_gates(n) == expected
    spec = family("PARITY", n)
    result = minimize(spec, "size")
    assert result.status is Status.OPTIMAL
    assert result.value == expected
    assert result.lower_bound == expected
    assert result.metrics.size == expected
    assert len(result.circuit.gates) == expected
    check_circuit(spec, result.circuit, Limits(size=expected))
    # The other side, as a separate decision.
    below = decide(spec, Limits(size=expected - 1))
    assert below.status is Status.UNSAT
    assert below.circuit is None
    at = decide(spec, Limits(size=expected))
    assert at.status is Status.SAT
    check_circuit(spec, at.circuit, Limits(size=expected))


@pytest.mark.slow
def test_parity6_minimal_size():
    spec = family("PARITY", 6)
    check_circuit(spec, counter_circuit(6), Limits(size=3))
    assert decide(spec, Limits(size=2)).status is Status.UNSAT
    result = minimize(spec, "size")
    assert result.status is Status.OPTIMAL and result.value == 3
    check_circuit(spec, result.circuit, Limits(size=3))


SINGLE_GATE = [
    # (family, n, params, hand-written gate weights and threshold computing it)
    ("MAJ", 3, {}, {"x1": 1, "x2": 1, "x3": 1}, 2),
    ("MAJ", 5, {}, {f"x{i}": 1 for i in range(1, 6)}, 3),
    # GT4: x1 + 2 x2 > x3 + 2 x4.
    ("GT", 4, {}, {"x1": 1, "x2": 2, "x3": -1, "x4": -2}, 1),
    ("AND", 2, {}, {"x1": 1, "x2": 1}, 2),
    ("AND", 4, {}, {f"x{i}": 1 for i in range(1, 5)}, 4),
    ("OR", 2, {}, {"x1": 1, "x2": 1}, 1),
    ("OR", 3, {}, {"x1": 1, "x2": 1, "x3": 1}, 1),
    ("THR", 5, {"k": 2}, {f"x{i}": 1 for i in range(1, 6)}, 2),
]


@pytest.mark.parametrize("name, n, params, weights, threshold", SINGLE_GATE)
def test_threshold_functions_need_one_gate(name, n, params, weights, threshold):
    spec = family(name, n, **params)
    witness = Circuit(n, (threshold_gate("g", weights, threshold),), ("g",))
    check_circuit(spec, witness)
    result = minimize(spec, "size")
    assert result.status is Status.OPTIMAL
    assert result.value == 1 and result.lower_bound == 1
    assert len(result.circuit.gates) == 1
    check_circuit(spec, result.circuit, Limits(size=1))
    assert decide(spec, Limits(size=1)).status is Status.SAT


def test_xor2_and_cd4_are_not_threshold_functions():
    # Weights up to 1 suffice for every 2-input threshold function and 3 for 4 inputs
    # (minckt.core.threshold, re-derived in tests/test_threshold.py).
    assert 0x6 not in threshold_tables(2, 1)
    assert family("CD", 4).outputs[0] not in threshold_tables(4, 3)
    assert family("MAJ", 3).outputs[0] in threshold_tables(3, 1)


@pytest.mark.parametrize(
    "spec, witness",
    [
        # XOR2 = [x1 + x2 - 2 AND(x1, x2) >= 1].
        (Spec.from_table("0x6", 2),
         Circuit(2, (threshold_gate("a", {"x1": 1, "x2": 1}, 2),
                     threshold_gate("o", {"x1": 1, "x2": 1, "a": -2}, 1)), ("o",))),
        # CD4 = (x1 AND x3) OR (x2 AND x4) = [x2 + x4 + 2 AND(x1, x3) >= 2].
        (family("CD", 4),
         Circuit(4, (threshold_gate("a", {"x1": 1, "x3": 1}, 2),
                     threshold_gate("o", {"x2": 1, "x4": 1, "a": 2}, 2)), ("o",))),
    ],
    ids=["XOR2", "CD4"],
)
def test_non_threshold_functions_need_two_gates(spec, witness):
    check_circuit(spec, witness)
    result = minimize(spec, "size")
    assert result.status is Status.OPTIMAL
    assert result.value == 2 and result.lower_bound == 2
    check_circuit(spec, result.circuit, Limits(size=2))
    assert decide(spec, Limits(size=1)).status is Status.UNSAT


def test_minimize_size_zero_is_infeasible():
    # With size <= 0 the minimisation is infeasible: every output is a gate.
    result = minimize(family("AND", 2), "size", Limits(size=0))
    assert result.status is Status.INFEASIBLE
    assert result.circuit is None


def test_decide_size_zero_is_unsat():
    # Every output is a gate, so no circuit has size 0.
    result = decide(family("AND", 2), Limits(size=0))
    assert result.status is Status.UNSAT
    assert result.circuit is None


# -- energy ------------------------------------------------------------------------------------

def test_cd4_minimal_energy_depth2():
    spec = family("CD", 4)
    limits = Limits(size=4, depth=2)
    result = minimize(spec, "energy", limits)
    assert result.status is Status.OPTIMAL
    value = result.value
    assert result.metrics.energy == value
    assert result.lower_bound == value
    check_circuit(spec, result.circuit, limits.with_("energy", value))
    assert result.circuit.metrics().depth <= 2 and len(result.circuit.gates) <= 4
    # Energy as defined: the most gates active on any row, counted here by a plain loop.
    values = result.circuit.gate_values()
    assert max(int((values[:, r] > 0).sum()) for r in range(16)) == value
    # The other side: one less is impossible (value 1 is the trivial bound, so then energy 0).
    assert decide(spec, limits.with_("energy", value - 1)).status is Status.UNSAT
    # Energy 0 is always impossible here: the output gate fires on the 1-rows.
    assert decide(spec, limits.with_("energy", 0)).status is Status.UNSAT
    # Depth 1 is one gate, and CD4 is not a threshold function.
    assert minimize(spec, "energy", Limits(size=4, depth=1)).status is Status.INFEASIBLE


def test_parity3_energy_one_needs_four_gates():
    spec = family("PARITY", 3)
    # Hand witness for energy 1 with 4 gates: one gate per weight-2 row, each silencing the
    # output there; on odd rows only the output fires.
    witness = Circuit(3, (
        threshold_gate("a", {"x1": 1, "x2": 1, "x3": -1}, 2),  # row 3 only
        threshold_gate("b", {"x1": 1, "x2": -1, "x3": 1}, 2),  # row 5 only
        threshold_gate("c", {"x1": -1, "x2": 1, "x3": 1}, 2),  # row 6 only
        threshold_gate("o", {"x1": 1, "x2": 1, "x3": 1, "a": -2, "b": -2, "c": -2}, 1),
    ), ("o",))
    check_circuit(spec, witness, Limits(size=4, energy=1))
    at_four = minimize(spec, "energy", Limits(size=4))
    assert at_four.status is Status.OPTIMAL and at_four.value == 1
    check_circuit(spec, at_four.circuit, Limits(size=4, energy=1))
    at_three = minimize(spec, "energy", Limits(size=3))
    assert at_three.status is Status.OPTIMAL and at_three.value == 2
    assert decide(spec, Limits(size=3, energy=1)).status is Status.UNSAT


def test_parity3_weight_one_needs_three_gates():
    spec = family("PARITY", 3)
    # g1 = g2 = MAJ3 and out = [x1 + x2 + x3 - g1 - g2 >= 1]: all weights +-1.
    maj = {"x1": 1, "x2": 1, "x3": 1}
    witness = Circuit(3, (
        threshold_gate("g1", maj, 2), threshold_gate("g2", maj, 2),
        threshold_gate("o", {**maj, "g1": -1, "g2": -1}, 1),
    ), ("o",))
    check_circuit(spec, witness, Limits(size=3, weight=1))
    result = minimize(spec, "weight", Limits(size=3))
    assert result.status is Status.OPTIMAL and result.value == 1
    check_circuit(spec, result.circuit, Limits(size=3, weight=1))
    two = minimize(spec, "weight", Limits(size=2))
    assert two.status is Status.OPTIMAL and two.value == 2
    assert decide(spec, Limits(size=2, weight=1)).status is Status.UNSAT


def test_default_size_cap_is_reported():
    result = minimize(family("PARITY", 3), "energy")
    assert result.status is Status.OPTIMAL
    assert result.limits.size == 6  # 2n
    assert any("default" in note for note in result.notes)
    assert result.value == 1  # 6 >= 4 slots allow the energy-1 circuit


# -- frontier ----------------------------------------------------------------------------------

def check_frontier(spec: Spec, axes: list[str], limits: Limits, grid: int) -> list[tuple]:
    """Check a frontier: verified, optimal, non-dominated, unimprovable and complete."""
    result = frontier(spec, axes, limits)
    assert result.status is Status.OPTIMAL
    points = result.coordinates()
    assert points and len(points) == len(result.points)
    for point, p in zip(points, result.points):
        assert p.status is Status.OPTIMAL
        bounded = limits
        for axis, value in zip(axes, point):
            bounded = bounded.tighten(axis, value)
        check_circuit(spec, p.circuit, bounded)
        assert tuple(p.circuit.metrics().get(a) for a in axes) == point
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            if i != j:
                assert not all(x <= y for x, y in zip(a, b)), (a, b)
    # No point improves on either axis (separate decisions).
    for point in points:
        for k, axis in enumerate(axes):
            if point[k] == 0:
                continue
            asked = limits
            for other, value in zip(axes, point):
                asked = asked.tighten(other, value - 1 if other == axis else value)
            assert decide(spec, asked).status is Status.UNSAT, (point, axis)
    # Completeness on a grid: a pair of bounds is feasible iff some point meets it.  (Size 0
    # is left out: see test_decide_size_zero_is_unsat.)
    ranges = [range(1 if axis == "size" else 0, grid + 1) for axis in axes]
    for values in itertools.product(*ranges):
        asked = limits
        for axis, value in zip(axes, values):
            asked = asked.tighten(axis, value)
        covered = any(all(p <= v for p, v in zip(point, values)) for point in points)
        status = decide(spec, asked).status
        assert status is (Status.SAT if covered else Status.UNSAT), values
    return points


def test_frontier_parity3_energy_depth():
    points = check_frontier(family("PARITY", 3), ["energy", "depth"], Limits(size=3), grid=3)
    # Parity is not a threshold function, so depth >= 2; energy 1 needs 4 gates (above).
    assert points == [(2, 2)]


def test_frontier_parity3_energy_size():
    points = check_frontier(family("PARITY", 3), ["energy", "size"], Limits(size=4), grid=4)
    assert points == [(2, 2), (1, 4)]


def test_frontier_rejects_bad_axes():
    with pytest.raises(InputError):
        frontier(family("AND", 2), ["energy"])
    with pytest.raises(InputError):
        frontier(family("AND", 2), ["energy", "energy"])
    with pytest.raises(InputError, match="'speed'"):
        frontier(family("AND", 2), ["energy", "speed"])


# -- multi-output and care sets ----------------------------------------------------------------

def test_multi_output_and_or_needs_two_gates():
    spec = Spec.from_table(["0x8", "0xE"], 2)
    result = minimize(spec, "size")
    assert result.status is Status.OPTIMAL and result.value == 2
    check_circuit(spec, result.circuit, Limits(size=2))
    # Each output is one gate and AND2 != OR2, so one gate cannot serve both.
    assert result.circuit.outputs[0] != result.circuit.outputs[1]
    assert decide(spec, Limits(size=1)).status is Status.UNSAT


def test_multi_output_equal_outputs_share_a_gate():
    spec = Spec.from_table(["0xE8", "0xE8"], 3)
    result = minimize(spec, "size")
    assert result.status is Status.OPTIMAL and result.value == 1
    check_circuit(spec, result.circuit)


def test_multi_output_with_xor_needs_two_gates():
    spec = Spec.from_table(["0x6", "0x8"], 2)  # XOR2 and AND2: the AND gate helps XOR
    result = minimize(spec, "size")
    assert result.status is Status.OPTIMAL and result.value == 2
    check_circuit(spec, result.circuit)


def test_care_set_spec():
    # XOR2 with row 3 a don't-care agrees with OR2 on the care rows: one gate.
    partial = Spec.from_table("0x6", 2, care="0x7")
    result = minimize(partial, "size")
    assert result.status is Status.OPTIMAL and result.value == 1
    check_circuit(partial, result.circuit)
    # The total XOR2 needs two.
    assert decide(Spec.from_table("0x6", 2), Limits(size=1)).status is Status.UNSAT
    # Energy counts care rows only: PARITY3 without row 7 has a 2-gate circuit of energy 1
    # (the counter circuit fires both gates only on row 7).
    no_seven = Spec.from_table("0x96", 3, care="0x7F")
    energy = minimize(no_seven, "energy", Limits(size=2))
    assert energy.status is Status.OPTIMAL and energy.value == 1
    check_circuit(no_seven, energy.circuit, Limits(size=2, energy=1))


def test_multi_output_care_set():
    # Outputs XOR2 and AND2 on care rows 0..2: there they are OR2 and constant 0.
    spec = Spec.from_table(["0x6", "0x8"], 2, care="0x7")
    result = minimize(spec, "size")
    assert result.status is Status.OPTIMAL and result.value == 2
    check_circuit(spec, result.circuit)
    assert decide(spec, Limits(size=1)).status is Status.UNSAT


@st.composite
def small_specs(draw):
    n = draw(st.integers(min_value=1, max_value=3))
    full = (1 << (1 << n)) - 1
    table = draw(st.integers(min_value=0, max_value=full))
    care = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=full)))
    return Spec(n=n, outputs=(table,), care=care)


@settings(max_examples=20, deadline=None)
@given(small_specs())
def test_property_one_gate_iff_threshold(spec):
    # A one-gate circuit exists iff some threshold function (weights <= 2 suffice for 3
    # inputs) agrees with the spec on the care rows.
    care = (1 << spec.num_rows) - 1 if spec.care is None else spec.care
    tables = threshold_tables(spec.n, 2)
    expected_one = any((t ^ spec.outputs[0]) & care == 0 for t in tables)
    result = minimize(spec, "size")
    assert result.status is Status.OPTIMAL
    check_circuit(spec, result.circuit, Limits(size=result.value))
    assert (result.value == 1) == expected_one
    if result.value > 1:
        assert decide(spec, Limits(size=result.value - 1)).status is Status.UNSAT


# -- time limits -------------------------------------------------------------------------------

def check_honest(result, optimum: int) -> None:
    """A time-limited answer may be incomplete but never wrong."""
    assert result.status in (Status.UNKNOWN, Status.FEASIBLE, Status.OPTIMAL)
    if result.status is Status.OPTIMAL:
        assert result.value == optimum
    if result.lower_bound is not None:
        assert result.lower_bound <= optimum
    if result.circuit is not None:
        verify(result.spec, result.circuit, result.limits)
        assert result.value >= optimum


def test_time_limit_minimize_size_parity7():
    spec = family("PARITY", 7)
    check_circuit(spec, counter_circuit(7), Limits(size=3))  # so the optimum is <= 3
    started = time.perf_counter()
    result = minimize(spec, "size", params=SearchParams(time_limit=0.5))
    elapsed = time.perf_counter() - started
    check_honest(result, optimum=3)
    assert elapsed < 10
    assert result.status is not Status.INFEASIBLE


def test_time_limit_minimize_energy_parity7():
    spec = family("PARITY", 7)
    result = minimize(spec, "energy", Limits(size=5), params=SearchParams(time_limit=0.5))
    assert result.status in (Status.UNKNOWN, Status.FEASIBLE, Status.OPTIMAL)
    if result.circuit is not None:
        check_circuit(spec, result.circuit, Limits(size=5, energy=result.value))
        assert result.lower_bound <= result.value


def test_time_limit_decide_never_reports_unsat_for_a_feasible_instance():
    spec = family("PARITY", 7)
    # size 3 is feasible (counter circuit); a short limit may give UNKNOWN, never UNSAT.
    result = decide(spec, Limits(size=3), params=SearchParams(time_limit=0.05))
    assert result.status in (Status.UNKNOWN, Status.SAT)
    if result.status is Status.SAT:
        check_circuit(spec, result.circuit, Limits(size=3))
    # size 2 is infeasible; a short limit may give UNKNOWN, never SAT.
    result = decide(spec, Limits(size=2), params=SearchParams(time_limit=0.05))
    assert result.status in (Status.UNKNOWN, Status.UNSAT)


# -- input errors ------------------------------------------------------------------------------

def test_unknown_backend_lists_valid_names():
    with pytest.raises(InputError) as info:
        decide(family("AND", 2), params=SearchParams(backend="glucose99"))
    message = str(info.value)
    assert "glucose99" in message and "cpsat" in message and "auto" in message
    with pytest.raises(InputError, match="cpsat"):
        minimize(family("AND", 2), "size", params=SearchParams(backend="nope"))


def test_explicit_backend_name():
    result = decide(family("AND", 2), Limits(size=1), params=SearchParams(backend="cpsat"))
    assert result.status is Status.SAT and result.backend == "cpsat"


@pytest.mark.parametrize("objective", ["speed", "Size", "", None, "gates"])
def test_invalid_objective(objective):
    with pytest.raises(InputError) as info:
        minimize(family("AND", 2), objective)
    assert repr(objective) in str(info.value)
    assert "energy" in str(info.value)  # lists the valid ones


def test_non_spec_input():
    with pytest.raises(InputError):
        decide("0x8", Limits(size=1))  # type: ignore[arg-type]


def test_result_json_carries_status_and_metrics():
    spec = family("MAJ", 3)
    data = minimize(spec, "size").to_json()
    assert data["status"] == "OPTIMAL" and data["value"] == 1
    assert data["metrics"]["size"] == 1
    assert Circuit.from_json(data["circuit"]).output_values()[0].tolist() == [
        bool((0xE8 >> r) & 1) for r in range(8)]
    assert np.all(np.diff([s["size"] for s in data["steps"]]) >= 0)


def test_auto_backend_rule():
    from minckt.core.problem import GateModel
    from minckt.solve.batch import LAZY_BACKEND, WARM_MAX_INPUTS
    from minckt.encode.choose import AUTO_CPSAT_MAX_INPUTS, resolve_backend

    small = family("PARITY", AUTO_CPSAT_MAX_INPUTS)
    large = family("PARITY", AUTO_CPSAT_MAX_INPUTS + 1)
    assert resolve_backend("auto", GateModel(), small) == "cpsat"
    # unbounded weights from 5 inputs on: the lazy separability backend; with a weight
    # limit, or weight minimised, CNF
    assert resolve_backend("auto", GateModel(), large) == "lazy"
    assert resolve_backend("auto", GateModel(), large, Limits(weight=3)) == "cnf"
    assert resolve_backend("auto", GateModel(), large, Limits(), {"weight"}) == "cnf"
    assert resolve_backend("auto", GateModel(), large, Limits(conditional=True)) == "cnf"
    assert resolve_backend("cnf", GateModel(), small) == "cnf"
    assert minimize(family("PARITY", WARM_MAX_INPUTS + 1), "size").backend == "lazy"
    # least size of at most 5 inputs, unbounded weights: the warm lazy template (batch)
    assert minimize(large, "size").backend == minimize(small, "size").backend == LAZY_BACKEND
    assert minimize(small, "size", params=SearchParams(backend="cnf")).backend == "cnf"
    assert minimize(large, "weight", Limits(size=3)).backend == "cnf"
    # ReLU / sigmoid gates and shaped threshold networks: CNF at every size (README)
    assert resolve_backend("auto", GateModel("relu", 2), small) == "cnf"
    assert resolve_backend("auto", GateModel("sigmoid", 2), small) == "cnf"
    assert resolve_backend("auto", GateModel(), small, Limits(outputs_read="hidden")) == "cnf"
    assert resolve_backend("auto", GateModel(), small, Limits(layers=(4, 1))) == "cnf"
    many = family("MEMORIZE", 12, N=32, seed=1)
    assert resolve_backend("auto", GateModel("relu", 2), many) == "cpsat"


def test_frontier_keeps_the_outer_circuit_when_time_runs_out(monkeypatch):
    """Time running out on the first inner minimisation still leaves the circuit that
    minimised the outer axis as an (unproven) point, not an empty FEASIBLE frontier."""
    import minckt.solve.pareto as S

    real = S.minimize_walk

    def energy_never_finishes(runner, objective, limits):
        found = real(runner, objective, limits)
        if objective == "energy":
            return replace(found, status=Status.UNKNOWN, circuit=None, metrics=None, value=None)
        return found

    monkeypatch.setattr(S, "minimize_walk", energy_never_finishes)
    spec = family("PARITY", 3)
    result = frontier(spec, ["energy", "depth"], Limits(size=3))
    assert result.status is Status.FEASIBLE
    (point,) = result.points
    assert point.status is Status.FEASIBLE and point.objective == "energy"
    assert point.value == verify(spec, point.circuit).energy == point.metrics.energy
    assert point.lower_bound is not None and point.lower_bound <= point.value


def test_results_name_the_theory_bound_and_whether_it_was_tight():
    tight = minimize(family("CD", 4), "energy", Limits(size=4, depth=2))
    assert tight.status is Status.OPTIMAL and tight.value == 1
    assert tight.bound.axis == "energy" and tight.to_json()["bound"]["tight"] is True
    # parity 4 at depth 2 needs energy 2 (solver-proven); the strongest bound says 1
    loose = minimize(family("PARITY", 4), "energy", Limits(size=4, depth=2))
    assert loose.status is Status.OPTIMAL and loose.lower_bound_source.startswith("solver")
    data = loose.to_json()["bound"]
    assert data["value"] < loose.value and data["gap"] == loose.value - data["value"]
    assert data["tight"] is False and data["name"] in ("trivial", "UNT")


def test_a_proof_within_the_default_size_cap_is_not_claimed_for_unlimited_size():
    """No size limit: the search uses 2n slots, and "nothing better within 2n slots" is no
    proof for the question asked.  Parity 3 needs 7 wires within 6 slots, but no proven
    bound reaches 7 without a size limit (more gates might need fewer wires), so it is
    FEASIBLE; with the size given, the same step is a proof."""
    spec = family("PARITY", 3)
    free = minimize(spec, "wires")
    assert free.status is Status.FEASIBLE and free.value == 7
    assert free.lower_bound == 3 and free.lower_bound_source.startswith("bound:")
    assert any("default size cap" in note for note in free.notes)
    given = minimize(spec, "wires", Limits(size=6))
    assert given.status is Status.OPTIMAL and given.value == 7
    assert given.lower_bound_source == "solver: wires <= 6 UNSAT"
    # a bound for the user's own limits that reaches the value keeps OPTIMAL
    energy = minimize(spec, "energy", Limits(depth=2))
    assert energy.status is Status.OPTIMAL and energy.value == 1
    # a decision: UNSAT within the cap reads UNKNOWN, UNSAT within the user's size is proven
    assert decide(spec, Limits(wires=6)).status is Status.UNKNOWN
    assert decide(spec, Limits(wires=6, size=6)).status is Status.UNSAT
    # and a proven bound above a limit answers UNSAT with no solver step (parity is not a
    # threshold function: depth >= 2)
    shallow = decide(spec, Limits(depth=1))
    assert shallow.status is Status.UNSAT and not shallow.steps and shallow.bound.value == 2
    # a frontier without a size limit is at most FEASIBLE
    assert frontier(spec, ["energy", "depth"]).status is Status.FEASIBLE
    assert frontier(spec, ["energy", "depth"], Limits(size=3)).status is Status.OPTIMAL


def test_frontier_axes_must_be_a_list():
    with pytest.raises(InputError, match="list of two or three"):
        frontier(family("PARITY", 3), "energy")


def test_an_unsat_beyond_the_encodable_weights_is_no_proof():
    """ReLU R = 64 on three inputs: the proven range exceeds 2^31 - 1, the most the
    encodings hold, so "no single gate" reads UNKNOWN with a note; with the weight limited
    (the bounded question) the same UNSAT is a proof."""
    model = GateModel("relu", 64)
    # (a backend named: auto would answer from the bound size >= 2 without a solver)
    params = SearchParams(time_limit=60, backend="cpsat")
    free = decide(family("PARITY", 3), Limits(size=1), model=model, params=params)
    assert free.status is Status.UNKNOWN and any("2^31 - 1" in n for n in free.notes)
    bounded = decide(family("PARITY", 3), Limits(size=1, weight=1000), model=model, params=params)
    assert bounded.status is Status.UNSAT


def test_auto_sends_data_sets_in_many_inputs_to_cpsat():
    """README, memorization: CP-SAT decided 32 random points in 12 and 16 inputs where CNF
    took 11 s and more than 60 s; at 8 inputs CNF proved more."""
    from minckt.encode.choose import resolve_backend

    many = family("MEMORIZE", 12, N=32, seed=1)
    assert resolve_backend("auto", GateModel(), many) == "cpsat"
    assert resolve_backend("auto", GateModel(), family("MEMORIZE", 8, N=32, seed=1)) == "lazy"
    assert resolve_backend("auto", GateModel(), family("PARITY", 12)) == "cnf"
    assert resolve_backend("cnf", GateModel(), many) == "cnf"
