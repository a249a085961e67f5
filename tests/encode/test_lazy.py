"""The lazy separability backend (`minckt.encode.lazy`).

Independent truth: threshold functions of 3 inputs enumerated by brute force over weights;
witnesses re-checked by exact integer sums; random threshold circuits whose literals must
satisfy every implied and witness clause; optima of the CP-SAT backend.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from minckt import GateModel, Limits, SearchParams, Spec, Status, decide, family, minimize
from minckt.core.circuit import Circuit, threshold_gate
from minckt.encode.task import Task
from minckt.encode.lazy import LazySession
from minckt.encode.separability import separate, two_summable
from minckt.errors import InputError
from minckt.core.families import npn_classes
from minckt.core.spec import input_matrix
from thresholdtools import threshold_tables

LAZY = SearchParams(backend="lazy", time_limit=60)
CPSAT = SearchParams(backend="cpsat", time_limit=60)
NO_BREAKS = {"no_trivial": False, "layers": False, "tt_order": False, "input_lex": False}


def _is_witness(points: np.ndarray, labels: np.ndarray, ones: dict, zeros: dict) -> bool:
    if not ones or not zeros or sum(ones.values()) != sum(zeros.values()):
        return False
    if any(labels[i] != 1 for i in ones) or any(labels[i] != 0 for i in zeros):
        return False
    left = sum(m * points[i].astype(object) for i, m in ones.items())
    right = sum(m * points[i].astype(object) for i, m in zeros.items())
    return bool(np.all(left == right))


def test_separate_decides_every_3_input_function():
    threshold = threshold_tables(3, 2)  # EXACT_MAX_WEIGHT[3] = 2
    assert len(threshold) == 104  # OEIS A000609
    points = input_matrix(3).T.astype(np.int64)
    for table in range(256):
        labels = np.array([(table >> r) & 1 for r in range(8)])
        answer = separate(points, labels)
        if table in threshold:
            kind, weights, t = answer
            assert kind == "weights"
            assert np.array_equal((points @ np.asarray(weights) >= t).astype(int), labels)
        else:
            kind, ones, zeros = answer
            assert kind == "witness" and _is_witness(points, labels, ones, zeros)


def test_witnesses_on_random_point_sets_are_exact():
    rng = np.random.default_rng(7)
    inseparable = 0
    for _ in range(60):
        points = rng.integers(0, 2, size=(24, 6))
        labels = rng.integers(0, 2, size=24)
        answer = separate(points, labels)
        if answer[0] == "weights":
            _, weights, t = answer
            assert np.array_equal((points @ np.asarray(weights) >= t).astype(int), labels)
        else:
            inseparable += 1
            assert _is_witness(points, labels, answer[1], answer[2])
        for ones, zeros in two_summable(points, labels, 3):
            assert _is_witness(points, labels, ones, zeros)
            assert sum(ones.values()) in (1, 2)  # a + b = c + d, or a twin point
    assert inseparable > 30  # random labels are rarely separable


def _random_circuit(rng: random.Random, n: int, size: int) -> Circuit:
    gates = []
    for j in range(size):
        sources = [f"x{i + 1}" for i in range(n)] + [f"g{g + 1}" for g in range(j)]
        weights = [(s, rng.randint(-3, 3)) for s in sources]
        gates.append(threshold_gate(f"g{j + 1}", weights, rng.randint(-3, 4)))
    return Circuit(n, tuple(gates), (f"g{size}",))


def _circuit_literals(session: LazySession, circuit: Circuit) -> list[int]:
    """The value and connection literals of a circuit laid out in the session's slots."""
    values = circuit.gate_values()[:, session.rows]
    lits = []
    for j, gate in enumerate(circuit.gates):
        lits += [v if values[j][i] else -v for i, v in enumerate(session.value[j])]
        reads = {source for source, w in gate.weights if w}
        names = session._node_names()
        lits += [c if names[k] in reads else -c for k, c in enumerate(session.connect[j])]
    return lits


def test_every_real_circuit_satisfies_the_implied_and_witness_clauses():
    # random threshold circuits of 5 inputs, laid out in the slots.  With the breaks off
    # (they keep one circuit per orbit) the formula must admit each; and no witness clause
    # may exclude it, whatever the decisions that made them (the implied clauses off, so
    # that the witnesses do the work)
    points = input_matrix(5).T.astype(np.int64)
    made = 0
    for seed in range(12):
        rng = random.Random(seed)
        while True:  # a function that needs more than one gate, so that witnesses are made
            circuit = _random_circuit(rng, 5, 3)
            table = circuit.output_values()[0]
            if separate(points, table.astype(np.int64))[0] != "weights":
                break
        spec = Spec.from_table(sum(1 << r for r in range(32) if table[r]), 5)
        for implied in (True, False):
            symmetry = {**NO_BREAKS, "unate": implied, "asummable": implied}
            task = Task(spec=spec, size=3, model=GateModel(), limits=Limits(size=3),
                        axes=frozenset({"energy", "depth"}),
                        params=SearchParams(backend="lazy", symmetry=symmetry))
            session = LazySession(task)
            lits = _circuit_literals(session, circuit)
            assert session.solver.solve(assumptions=lits), (seed, implied)
            for energy, depth in itertools.product((1, 2), (2, 3)):
                session.decide(Limits(size=3, energy=energy, depth=depth))
            known, holds = {abs(l) for l in lits}, set(lits)
            for clause in session.witnesses:
                assert {abs(l) for l in clause} <= known
                assert any(l in holds for l in clause), (seed, clause)
            made += len(session.witnesses)
    assert made > 100


@pytest.mark.parametrize("table", npn_classes(3))
def test_least_size_of_the_npn3_classes_agrees_with_cpsat(table):
    spec = Spec.from_table(table, 3)
    lazy, cpsat = minimize(spec, "size", params=LAZY), minimize(spec, "size", params=CPSAT)
    assert lazy.status is Status.OPTIMAL
    assert (lazy.status, lazy.value) == (cpsat.status, cpsat.value)


def test_random_4_input_functions_and_other_resources_agree_with_cpsat():
    rng = random.Random(3)
    for _ in range(6):
        spec = Spec.from_table(rng.getrandbits(16), 4)
        for objective, limits in (("size", Limits()), ("energy", Limits(depth=2, size=4)),
                                  ("depth", Limits(size=4))):
            lazy = minimize(spec, objective, limits, params=LAZY)
            cpsat = minimize(spec, objective, limits, params=CPSAT)
            assert (lazy.status, lazy.value) == (cpsat.status, cpsat.value), \
                (spec, objective, limits)


def test_two_outputs_and_a_care_set_agree_with_cpsat():
    spec = Spec.from_table(["0x6996", "0xE8E8"], 4)  # parity 4 and a majority
    partial = Spec.from_table("0x6996", 4, care="0x0FF0")
    for case in (spec, partial):
        lazy, cpsat = minimize(case, "size", params=LAZY), minimize(case, "size", params=CPSAT)
        assert lazy.status is Status.OPTIMAL
        assert lazy.value == cpsat.value


def test_a_decision_with_fan_in_and_wires_limits():
    spec = family("PARITY", 4)
    cnf = SearchParams(backend="cnf", time_limit=60)  # CP-SAT takes > 60 s on the wires one
    for limits in (Limits(size=3, fanin=3), Limits(size=4, wires=9), Limits(size=4, wires=12)):
        lazy, other = decide(spec, limits, params=LAZY), decide(spec, limits, params=cnf)
        assert lazy.status == other.status, limits
        assert lazy.status is not Status.UNKNOWN


def test_a_full_separability_cache_is_cleared_safely(monkeypatch):
    # the cache of separability answers is emptied when full, possibly between the slots
    # of one model (a sweep of 300,000 classes on one template did that)
    import minckt.encode.lazy as lazy

    monkeypatch.setattr(lazy, "_SEEN_MAX", 1)
    spec = family("IP", 4)
    task = Task(spec=spec, size=3, model=GateModel(), limits=Limits(size=3), axes=frozenset())
    answer = LazySession(task).decide(Limits(size=3))
    assert answer.status is Status.SAT


def test_layered_shapes_agree_with_cnf():
    cnf = SearchParams(backend="cnf", time_limit=60)
    for spec, limits in ((family("PARITY", 4), Limits(layers=(2, 1), outputs_read="hidden")),
                         (family("PARITY", 4), Limits(layers=(3, 1), outputs_read="hidden")),
                         (family("IP", 4), Limits(layers=(2, 1)))):
        lazy, other = decide(spec, limits, params=LAZY), decide(spec, limits, params=cnf)
        assert lazy.status == other.status and lazy.status is not Status.UNKNOWN, limits


@pytest.mark.parametrize("limits, model, message", [
    (Limits(weight=2), GateModel(), "needs unbounded weights"),
    (Limits(), GateModel(kind="relu", resolution=2), "does not handle relu"),
])
def test_questions_it_cannot_answer_are_input_errors(limits, model, message):
    with pytest.raises(InputError, match=message):
        minimize(family("PARITY", 3), "size", limits, model=model, params=LAZY)


def test_a_certified_answer_covers_the_witness_clauses():
    spec = Spec.from_table("0x01AC", 4)  # 3 gates: the step "size <= 2" is a solver UNSAT
    params = SearchParams(backend="lazy", time_limit=60, certify=True)
    result = minimize(spec, "size", params=params)
    assert (result.status, result.value) == (Status.OPTIMAL, 3)
    steps = [c for c in result.certificate if c.step == "size <= 2 UNSAT"]
    assert steps and steps[0].status.value == "verified"
    assert any("witness clauses of the lazy backend" in c for c in steps[0].covers)


@pytest.mark.slow
def test_least_size_of_every_3_input_function_agrees_with_cpsat():
    for table in range(256):
        spec = Spec.from_table(table, 3)
        lazy, cpsat = minimize(spec, "size", params=LAZY), minimize(spec, "size", params=CPSAT)
        assert (lazy.status, lazy.value) == (cpsat.status, cpsat.value), hex(table)


@pytest.mark.slow
def test_the_questions_it_decides_first():
    # issue 11: undecided in 60 s by the cnf and cpsat backends at 173b57b
    assert decide(family("CD", 8), Limits(size=3, depth=2), params=LAZY).status is Status.UNSAT
    ip6 = minimize(family("IP", 6), "size", params=LAZY)
    assert (ip6.status, ip6.value) == (Status.OPTIMAL, 4)
