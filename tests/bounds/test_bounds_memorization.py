"""Memorization bounds (minckt.bounds.memorization): the exact separability test against
brute force and the count of threshold functions (OEIS A000609), the certificate checkers,
the bounds at hand-computed points, and the bounds against optima the search finds."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest

from minckt import Limits, SearchParams, Status, minimize
from minckt.bounds import check_circuit, lower_bounds, strongest
from minckt.bounds import memorization as M
from minckt.core.problem import GateModel
from minckt.core.spec import Spec

THRESHOLD = GateModel()


def _threshold_tables(n: int, weight: int) -> set[int]:
    """Every truth table [Σ w_i x_i >= t] with integer |w_i| <= weight, by brute force."""
    rows = np.array([[(r >> i) & 1 for i in range(n)] for r in range(1 << n)])
    tables = set()
    span = n * weight
    for w in itertools.product(range(-weight, weight + 1), repeat=n):
        z = rows @ np.array(w)
        for t in range(-span, span + 2):
            tables.add(int(sum(1 << r for r in range(1 << n) if z[r] >= t)))
    return tables


@pytest.fixture(scope="module")
def threshold3() -> set[int]:
    return _threshold_tables(3, 3)


@pytest.fixture(scope="module")
def threshold4() -> set[int]:
    return _threshold_tables(4, 3)


def _rows(mask: int) -> list[int]:
    return [r for r, bit in enumerate(reversed(bin(mask)[2:])) if bit == "1"]


def _check_evidence(n: int, table: int, care: int, found: M.Separation) -> None:
    pos, neg = _rows(table & care), _rows(care & ~table)
    if found.separable:
        assert M.check_hyperplane(n, pos, neg, found.weights, found.threshold)
    else:
        assert found.separable is False
        assert M.check_certificate(n, pos, neg, found.positive, found.negative)


# -- separability, exactly ------------------------------------------------------------------

def test_three_inputs_separable_exactly_for_the_104_threshold_functions(threshold3):
    assert len(threshold3) == 104  # OEIS A000609, n = 3 (|w| <= 3 suffices: max needed is 2)
    verdicts = {table: M.separation(3, table, 0xFF) for table in range(256)}
    assert {t for t, v in verdicts.items() if v.separable} == threshold3
    assert sum(v.separable is False for v in verdicts.values()) == 152
    for table, found in verdicts.items():
        _check_evidence(3, table, 0xFF, found)


def test_exact_simplex_agrees_on_every_three_input_function():
    for table in range(256):
        exact = M.exact_separation(3, table, 0xFF)
        assert exact.separable == M.separation(3, table, 0xFF).separable
        _check_evidence(3, table, 0xFF, exact)


def test_random_partial_four_input_functions_agree_with_brute_force(threshold4):
    assert len(threshold4) == 1882  # OEIS A000609, n = 4 (max weight needed is 3)
    rng = random.Random(4)
    methods = set()
    for _ in range(600):
        care = rng.randrange(1, 1 << 16)
        table = rng.randrange(1 << 16) & care
        found = M.separation(4, table, care)
        brute = any((t ^ table) & care == 0 for t in threshold4)
        assert found.separable == brute, (hex(table), hex(care))
        _check_evidence(4, table, care, found)
        methods.add(found.method.split(" ")[0])
        if rng.random() < 0.1:
            assert M.exact_separation(4, table, care).separable == brute
    assert {"LP", "not", "one"} <= methods  # every route was taken


def test_unate_but_not_separable_goes_through_the_lp_certificate():
    # x1x2 OR x3x4 is unate in every input yet not a threshold function:
    # (1,1,0,0) + (0,0,1,1) = (1,0,1,0) + (0,1,0,1)
    table = sum(1 << r for r in range(16) if (r & 3) == 3 or (r & 12) == 12)
    assert table == 0xF888
    found = M.separation(4, table, 0xFFFF)
    assert found.separable is False and found.method.startswith("LP certificate")
    _check_evidence(4, table, 0xFFFF, found)
    assert 2 <= found.support <= 4 + 2  # a basic solution: at most n + 2 points


def test_certificate_checker_rejects_broken_certificates():
    half = Fraction(1, 2)
    # XOR on 2 inputs: positives rows 1, 2; negatives 0, 3; (0,1)+(1,0) = (0,0)+(1,1)
    pos, neg = [1, 2], [0, 3]
    good = (((1, half), (2, half)), ((0, half), (3, half)))
    assert M.check_certificate(2, pos, neg, *good)
    assert not M.check_certificate(2, pos, neg, ((1, half), (2, half)), ((0, half),))
    assert not M.check_certificate(2, pos, neg, ((1, Fraction(1)),), ((0, half), (3, half)))
    assert not M.check_certificate(2, pos, neg, ((1, half), (0, half)), ((0, half), (3, half)))
    assert not M.check_certificate(2, pos, neg, ((1, 0.5), (2, 0.5)), ((0, half), (3, half)))
    assert not M.check_certificate(2, pos, neg, ((1, Fraction(3, 2)), (2, Fraction(-1, 2))),
                                   ((0, half), (3, half)))
    assert not M.check_certificate(2, pos, neg, (), ())


def test_hyperplane_checker():
    # AND2 = [x1 + x2 >= 2]: positive row 3, negatives 0, 1, 2
    assert M.check_hyperplane(2, [3], [0, 1, 2], (1, 1), 2)
    assert not M.check_hyperplane(2, [3], [0, 1, 2], (1, 1), 1)
    assert not M.check_hyperplane(2, [3], [0, 1, 2], (1,), 1)


def test_large_memorization_set_is_decided_with_verified_evidence():
    rng = random.Random(20)
    rows = rng.sample(range(1 << 20), 600)
    weights = [rng.randint(-4, 4) for _ in range(20)]
    care = sum(1 << r for r in rows)
    planted = sum(1 << r for r in rows if sum(w for i, w in enumerate(weights) if r >> i & 1) >= 0)
    random_labels = sum(1 << r for r in rows if rng.random() < 0.5)
    for table, expected in ((planted, True), (random_labels, False)):
        found = M.separation(20, table, care)
        assert found.separable is expected
        _check_evidence(20, table, care, found)


# -- the bounds ----------------------------------------------------------------------------

def _table(n: int, rule) -> int:
    return sum(1 << r for r in range(1 << n) if rule([(r >> i) & 1 for i in range(n)]))


def _values(spec: Spec, axis: str, conditional: bool = False) -> list[int]:
    return [b.value for b in M.bounds(spec, axis, THRESHOLD, Limits(conditional=conditional))]


XOR = _table(2, lambda x: x[0] ^ x[1])
XNOR = _table(2, lambda x: 1 - (x[0] ^ x[1]))


def test_bounds_at_hand_computed_points():
    xor = Spec(2, outputs=(XOR,))
    for conditional in (False, True):
        assert max(_values(xor, "size", conditional)) == 2
        assert _values(xor, "depth", conditional) == [2]
        assert _values(xor, "wires", conditional) == [3]
        assert _values(xor, "evaluated", conditional) == [2]
        assert _values(xor, "ops", conditional) == [4]
        assert _values(xor, "energy", conditional) == []
    # XOR and XNOR: two columns, neither separable -> a third gate
    both = Spec(2, outputs=(XOR, XNOR))
    assert sorted(_values(both, "size")) == [2, 3]
    # x1, x2, XOR: three columns, two separable -> only the distinct-gates count
    mixed = Spec(2, outputs=(0b1010, 0b1100, XOR))
    assert _values(mixed, "size") == [3]
    # x1, x1 AND x2, x1 OR x2 are all 1 on row 3: three active gates there
    active = Spec(2, outputs=(0b1010, 0b1000, 0b1110, 0b1000))
    assert _values(active, "energy") == [3] and _values(active, "evaluated") == [3]
    assert _values(active, "size") == [3]
    # a memorization set: points 00 -> 0, 11 -> 0, 01 -> 1, 10 -> 1 of 3 inputs, x3 = 1
    spec = Spec(3, outputs=(0b01100000,), care=0b11110000)
    assert max(_values(spec, "size")) == 2
    assert "exact certificates on 4 points" in M.bounds(spec, "size", THRESHOLD, Limits())[0].method


def test_no_bounds_for_bases_or_large_care_sets():
    xor = Spec(2, outputs=(XOR,))
    assert M.bounds(xor, "size", GateModel("aig"), Limits()) == []
    assert M.bounds(xor, "weight", THRESHOLD, Limits()) == []
    big = Spec(13, outputs=(_table(13, lambda x: sum(x) % 2),))
    assert M.bounds(big, "size", THRESHOLD, Limits()) == []


def test_lower_bounds_hooks_them_in_for_conditional_questions_too():
    spec = Spec(2, outputs=(XOR, XNOR))
    for conditional in (False, True):
        found = lower_bounds(spec, "size", GateModel("relu", 2), Limits(conditional=conditional))
        assert any(b.name == "memorization" and b.value == 3 for b in found)
        assert strongest(spec, "ops", THRESHOLD, Limits(conditional=conditional)).value >= 4
    assert not any(b.name == "memorization"
                   for b in lower_bounds(spec, "size", GateModel("xaig"), Limits()))
    # without guards, ops = size + wires >= 3 + 3
    assert strongest(spec, "ops", THRESHOLD, Limits()).value == 6


def _memorization_specs(count: int, seed: int) -> list[Spec]:
    rng = random.Random(seed)
    specs = []
    while len(specs) < count:
        n = rng.randint(4, 6)
        points = rng.sample(range(1 << n), rng.randint(6, 16))
        care = sum(1 << r for r in points)
        outputs = tuple(sum(1 << r for r in points if rng.random() < 0.5)
                        for _ in range(1 if len(specs) % 4 else 2))
        specs.append(Spec(n, outputs=outputs, care=care))
    return specs


def test_bounds_never_exceed_optima_found_by_the_search():
    params = SearchParams(time_limit=20)
    optimal = 0
    for k, spec in enumerate(_memorization_specs(20, seed=7)):
        model = GateModel("relu", 2) if k % 5 == 4 else THRESHOLD
        result = minimize(spec, "size", Limits(size=4), model=model, params=params)
        if result.status is not Status.OPTIMAL:
            assert result.status in (Status.UNKNOWN, Status.INFEASIBLE)
            # a memorization bound alone must never claim more than the limit allows
            if result.status is Status.INFEASIBLE:
                assert strongest(spec, "size", model, Limits(size=4)).value <= 5
            continue
        optimal += 1
        assert strongest(spec, "size", model, Limits(size=4)).value <= result.value
        check_circuit(spec, model, result.metrics)
        for axis in ("size", "depth", "energy", "wires", "evaluated", "ops"):
            for bound in M.bounds(spec, axis, model, Limits()):
                assert bound.value <= result.metrics.get(axis), (axis, bound.method)
    assert optimal >= 15


def test_bounds_hold_for_conditional_optima():
    params = SearchParams(time_limit=8)
    optimal = 0
    for spec in _memorization_specs(5, seed=11):
        result = minimize(spec, "ops", Limits(size=4, conditional=True), params=params)
        if result.status is not Status.OPTIMAL:
            continue
        optimal += 1
        assert strongest(spec, "ops", THRESHOLD, Limits(size=4, conditional=True)).value \
            <= result.value
        check_circuit(spec, THRESHOLD, result.metrics, conditional=True)
        for axis in ("size", "depth", "energy", "wires", "evaluated", "ops"):
            for bound in M.bounds(spec, axis, THRESHOLD, Limits(conditional=True)):
                assert bound.value <= result.metrics.get(axis), (axis, bound.method)
    assert optimal >= 3


@pytest.mark.parametrize("model, axis, conditional", [
    (THRESHOLD, "depth", True), (THRESHOLD, "evaluated", True), (THRESHOLD, "size", True),
    (GateModel("relu", 2), "wires", True)])
def test_bounds_are_attained_on_xor(model, axis, conditional):
    # both sides: the search's optimum equals the bound (relu: g1 = relu(2 - x1 - x2),
    # out = relu(4 - 2·g1) if g1 -- three wires)
    xor = Spec(2, outputs=(XOR,))
    limits = Limits(size=4, conditional=conditional)
    result = minimize(xor, axis, limits, model=model, params=SearchParams(time_limit=20))
    assert result.status is Status.OPTIMAL
    assert result.value == max(b.value for b in M.bounds(xor, axis, model, limits))


def test_check_circuit_does_not_hold_a_guarded_circuit_to_unguarded_bounds():
    # four mutually exclusive outputs [x1 = a][x2 = b] x3: size >= 4 (distinct columns), so
    # without guards evaluated = size >= 4; with guards three gates per row suffice
    from minckt.core.circuit import Circuit, Gate
    from minckt.verify.check import verify

    outputs = tuple(_table(3, lambda x, a=a, b=b: x[0] == a and x[1] == b and x[2])
                    for a in (0, 1) for b in (0, 1))
    spec = Spec(3, outputs=outputs)
    gates = (Gate("g1", (("x2", -1), ("x3", -1)), -1),
             Gate("g2", (("x1", -1), ("x3", 1)), 1, guard=("g1", 1)),
             Gate("g3", (("x1", 1),), 1, guard=("g1", 0)),
             Gate("g4", (("g3", -1),), 0, guard=("g1", 0)),
             Gate("g5", (("x1", 1), ("x3", 1)), 2, guard=("g1", 1)))
    circuit = Circuit(3, gates, ("g2", "g4", "g5", "g3"))
    metrics = verify(spec, circuit, Limits(conditional=True))
    assert metrics.evaluated == 3 < strongest(spec, "size", THRESHOLD).value == 4
    check_circuit(spec, THRESHOLD, metrics)  # inferred: a gate is skipped
    check_circuit(spec, THRESHOLD, metrics, conditional=True)
