"""The subcube bound (minckt.bounds.subcube): the lemma on every threshold function of at most
4 inputs (their number checked against OEIS A000609), c(f) against a naive enumeration of
subcubes, the circuit claim on random circuits, parity against the counting circuit, and the
bound against optima found by a search that does not start from it."""

from __future__ import annotations

import functools
import itertools
import random

import numpy as np
import pytest

from minckt import SearchParams, Status, minimize
from minckt.bounds import lower_bounds, strongest
from minckt.bounds import subcube as S
from minckt.core.circuit import Circuit, Gate
from minckt.core.classes import npn_representatives
from minckt.core.families import family
from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec, bits_to_int

THRESHOLD = GateModel()
#: OEIS A000609: the number of threshold functions of n = 0, 1, 2, 3, 4 variables.
A000609 = (2, 4, 14, 104, 1882)


def _threshold_functions(m: int, weight: int = 3) -> dict[int, tuple[tuple[int, ...], int]]:
    """Every table [Σ w_i x_i >= t] with integer |w_i| <= weight, each with one (w, t)."""
    rows = np.array([[(r >> i) & 1 for i in range(m)] for r in range(1 << m)],
                    dtype=np.int64).reshape(1 << m, m)
    powers = 1 << np.arange(1 << m, dtype=np.int64)
    found: dict[int, tuple[tuple[int, ...], int]] = {}
    span = m * weight
    for w in itertools.product(range(-weight, weight + 1), repeat=m):
        z = rows @ np.array(w, dtype=np.int64).reshape(m)
        for t in range(-span, span + 2):
            found.setdefault(int(((z >= t) * powers).sum()), (w, t))
    return found


@functools.lru_cache(maxsize=None)
def _subcubes(n: int) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Every subcube of {0,1}^n as (dimension, its rows), from the 3^n patterns of
    0, 1 (fixed) and 2 (free)."""
    return tuple((pattern.count(2),
                  tuple(r for r in range(1 << n)
                        if all(p == 2 or (r >> i) & 1 == p for i, p in enumerate(pattern))))
                 for pattern in itertools.product((0, 1, 2), repeat=n))


def _naive_dimension(n: int, values: np.ndarray, care: np.ndarray) -> int:
    """c(f) by walking all 3^n subcubes: the largest on whose care rows every output is
    constant."""
    best = 0
    for dimension, rows in _subcubes(n):
        kept = [r for r in rows if care[r]]
        if all(len({bool(values[k, r]) for r in kept}) <= 1 for k in range(values.shape[0])):
            best = max(best, dimension)
    return best


def _naive_dimensions_each(n: int, tables: np.ndarray) -> np.ndarray:
    """c of each single-output total function, a row of the F x 2^n bool array `tables`."""
    best = np.zeros(tables.shape[0], dtype=int)
    for dimension, rows in _subcubes(n):
        block = tables[:, list(rows)]
        constant = block.all(axis=1) | ~block.any(axis=1)
        best = np.where(constant, np.maximum(best, dimension), best)
    return best


def _constant_on(spec: Spec, cube: S.Subcube) -> bool:
    rows = cube.rows()
    rows = rows[spec.care_mask[rows]]
    block = spec.values[:, rows]
    return bool((block.all(axis=1) | ~block.any(axis=1)).all())


@pytest.fixture(scope="module")
def threshold_functions() -> dict[int, dict[int, tuple[tuple[int, ...], int]]]:
    return {m: _threshold_functions(m) for m in range(5)}


# -- the lemma ----------------------------------------------------------------------------------

def test_weights_up_to_3_give_every_threshold_function_of_at_most_4_inputs(threshold_functions):
    assert tuple(len(threshold_functions[m]) for m in range(5)) == A000609


def test_every_threshold_function_is_constant_on_a_half_dimensional_subcube(threshold_functions):
    for m, functions in threshold_functions.items():
        tables = np.array([[(t >> r) & 1 for r in range(1 << m)] for t in functions],
                          dtype=bool).reshape(len(functions), 1 << m)
        assert (_naive_dimensions_each(m, tables) >= m // 2).all(), m
        for table, (weights, threshold) in functions.items():
            spec = Spec(m, (table,))
            # the proof's own subcube: fix the heaviest ⌈m/2⌉ inputs one way or the other
            cube, constant = S.threshold_subcube(weights, threshold)
            assert cube.dimension == m // 2
            assert set(spec.values[0, cube.rows()]) == {bool(constant)}, (weights, threshold)


def test_the_lemma_with_real_weights():
    generator = random.Random(5)
    for _ in range(300):
        m = generator.randint(1, 9)
        weights = [generator.uniform(-5, 5) for _ in range(m)]
        threshold = generator.uniform(-6, 6)
        cube, constant = S.threshold_subcube(weights, threshold)
        assert cube.dimension == m // 2
        for row in cube.rows():
            total = sum(w for i, w in enumerate(weights) if (row >> i) & 1)
            assert (total >= threshold) == bool(constant)


def test_majority_shows_the_lemma_is_best_possible():
    for m in (1, 3, 5, 7):
        assert S.constant_dimension(family("MAJ", m)) == m // 2


# -- c(f), exactly ------------------------------------------------------------------------------

def test_constant_dimension_against_a_naive_walk_on_random_partial_functions():
    generator = random.Random(11)
    for _ in range(150):
        n = generator.randint(0, 5)
        rows = 1 << n
        outputs = tuple(generator.getrandbits(rows) for _ in range(generator.randint(1, 3)))
        # sparse and dense care sets alike: a subcube with no care row counts as constant
        density = generator.choice((0.1, 0.5, 0.9, 1.0))
        care = sum(1 << r for r in range(rows) if generator.random() < density)
        spec = Spec(n, outputs, care)
        found = S.constant_subcube(spec)
        assert found.dimension == _naive_dimension(n, spec.values, spec.care_mask), spec
        assert _constant_on(spec, found)


def test_constant_dimension_needs_every_output_constant():
    # x1 and x2: each alone is constant on a 1-dimensional subcube of the other variable...
    spec = Spec.from_table(["0xA", "0xC"], 2)
    assert S.constant_dimension(Spec.from_table("0xA", 2)) == 1
    # ...and both together on none of dimension 1 (x1 varies along x1, x2 along x2)
    assert S.constant_dimension(spec) == 0
    # with three inputs the subcube x3 free, x1, x2 fixed holds both
    assert S.constant_dimension(Spec.from_table(["0xAA", "0xCC"], 3)) == 1


def test_above_twelve_inputs_only_c_zero_is_recognised():
    """c(f) is not searched past 12 inputs; c = 0 (every edge changes the output) is, so
    parity keeps its bound and a function with a constant edge gets none."""
    assert S.constant_subcube(family("PARITY", 13)) is None
    (bound,) = S.bounds(family("PARITY", 13), "size", THRESHOLD, Limits())
    assert bound.value == 4 and "c = 0" in bound.method
    assert S.bounds(family("MAJ", 13), "size", THRESHOLD, Limits()) == []
    parity = family("PARITY", 13)
    partial = Spec(n=13, outputs=parity.outputs, care=(1 << (1 << 13)) - 2)  # row 0 free
    assert S.bounds(partial, "size", THRESHOLD, Limits()) == []
    assert S.constant_dimension(family("PARITY", 12)) == 0


# -- the circuit claim --------------------------------------------------------------------------

def _random_circuit(generator: random.Random, n: int, size: int, guards: bool) -> Circuit:
    gates = []
    for j in range(size):
        sources = [f"x{i + 1}" for i in range(n)] + [g.id for g in gates]
        chosen = generator.sample(sources, generator.randint(0, len(sources)))
        weights = tuple((s, generator.choice((-3, -2, -1, 1, 2, 3))) for s in chosen)
        guard = None
        if guards and gates and generator.random() < 0.5:
            guard = (generator.choice(gates).id, generator.randint(0, 1))
        gates.append(Gate(f"g{j + 1}", weights, generator.randint(-4, 4), guard=guard))
    return Circuit(n, tuple(gates), (gates[-1].id,))


@pytest.mark.parametrize("guards", [False, True])
def test_s_gates_leave_every_gate_constant_on_a_subcube_of_dimension_n_over_2_to_the_s(guards):
    generator = random.Random(3 + guards)
    for _ in range(120):
        n, size = generator.randint(1, 10), generator.randint(1, 4)
        circuit = _random_circuit(generator, n, size, guards)
        every_gate = circuit.gate_values() > 0
        spec = Spec(n, tuple(bits_to_int(row) for row in every_gate))
        assert S.constant_dimension(spec) >= n >> size, circuit
        # so the bound, on the function of its output gate, never exceeds its size
        single = Spec(n, (spec.outputs[-1],))
        assert S.least_size(n, S.constant_dimension(single)) <= size


# -- the bound against known optima -------------------------------------------------------------

def _counting_parity(n: int) -> Circuit:
    """⌈log2(n+1)⌉ gates: the bits of Σx from the most significant down; the last is parity."""
    gates: list[Gate] = []
    for bit in reversed(range(n.bit_length())):
        weights = [(f"x{i + 1}", 1) for i in range(n)]
        weights += [(g.id, -(1 << (n.bit_length() - 1 - k))) for k, g in enumerate(gates)]
        gates.append(Gate(f"g{len(gates) + 1}", tuple(weights), 1 << bit))
    return Circuit(n, tuple(gates), (gates[-1].id,))


@pytest.mark.parametrize("n", range(2, 9))
def test_parity_bound_is_log2_of_n_plus_1_and_the_counting_circuit_attains_it(n):
    spec = family("PARITY", n)
    (bound,) = S.bounds(spec, "size", THRESHOLD, Limits())
    expected = (n + 1 - 1).bit_length()  # ⌈log2(n+1)⌉ = bit length of n
    assert bound.value == expected and bound.name == "subcube"
    circuit = _counting_parity(n)
    assert len(circuit.gates) == expected
    assert (circuit.output_values()[0] == spec.values[0]).all()


def _without_subcube(monkeypatch) -> None:
    """The search starts from the strongest bound: take this one out so that the optimum it is
    compared with does not rest on it."""
    monkeypatch.setattr(S, "bounds", lambda *args, **kwargs: [])
    spec = family("PARITY", 4)
    assert "subcube" not in {b.name for b in lower_bounds(spec, "size", THRESHOLD, Limits())}


def _compare_with_optima(n: int, monkeypatch) -> None:
    values = {int(t): S.least_size(n, S.constant_dimension(Spec(n, (int(t),))))
              for t in npn_representatives(n)}
    with monkeypatch.context() as patch:
        _without_subcube(patch)
        for table, value in values.items():
            result = minimize(Spec(n, (table,)), "size", params=SearchParams(time_limit=60))
            assert result.status is Status.OPTIMAL
            assert value <= result.value, (hex(table), value, result.value)


def test_bound_at_most_the_least_size_of_every_3_input_npn_class(monkeypatch):
    # size and c(f) are both invariant under negating inputs or the output and permuting
    # inputs, so the 14 classes stand for all 256 functions
    _compare_with_optima(3, monkeypatch)


def test_parity_optima_are_the_bound(monkeypatch):
    _without_subcube(monkeypatch)
    for n in (2, 3, 4):
        result = minimize(family("PARITY", n), "size", params=SearchParams(time_limit=60))
        assert result.status is Status.OPTIMAL and result.value == n.bit_length()


@pytest.mark.slow
def test_bound_at_most_the_least_size_of_every_4_input_npn_class(monkeypatch):
    _compare_with_optima(4, monkeypatch)


# -- where it applies ---------------------------------------------------------------------------

def test_applies_to_threshold_size_without_guards_only():
    spec = family("PARITY", 5)
    assert [b.value for b in S.bounds(spec, "size", THRESHOLD, Limits())] == [3]
    assert S.bounds(spec, "depth", THRESHOLD, Limits()) == []
    assert S.bounds(spec, "hidden", THRESHOLD, Limits()) == []
    assert S.bounds(spec, "size", THRESHOLD, Limits(conditional=True)) == []
    for model in (GateModel("relu", 1), GateModel("relu", 3), GateModel("sigmoid", 2),
                  GateModel("aig")):
        assert S.bounds(spec, "size", model, Limits()) == []
    # through the hook
    assert "subcube" in {b.name for b in lower_bounds(spec, "size", THRESHOLD, Limits())}
    assert strongest(spec, "size", THRESHOLD, Limits()).value >= 3
    assert "subcube" not in {b.name for b in lower_bounds(spec, "size", THRESHOLD,
                                                          Limits(conditional=True))}


def test_multi_level_gates_break_it():
    # a sigmoid gate of 3 breakpoints counts pairs of ones, ⌊Σx/2⌋; then Σx - 2⌊Σx/2⌋ is the
    # parity: 2 gates for PARITY7, where threshold gates need 3
    n = 7
    xs = tuple((f"x{i + 1}", 1) for i in range(n))
    pairs = Gate("g1", xs, 0, kind="sigmoid", breakpoints=(2, 4, 6))
    parity = Gate("g2", xs + (("g1", -2),), 1)
    circuit = Circuit(n, (pairs, parity), ("g2",))
    spec = family("PARITY", n)
    assert (circuit.output_values()[0] == spec.values[0]).all()
    assert S.least_size(n, S.constant_dimension(spec)) == 3 > len(circuit.gates)
