"""minckt against brute force: every expected value here is computed in this file, never by minckt.

The ground truth is plain enumeration with numpy (docs/guide/semantics.md conventions: row r sets
x_i = bit (i-1) of r; a truth table is the int whose bit r is f(row r)):

* the threshold functions of k inputs are enumerated from every weight vector in [-W, W]^k and
  every threshold (a gate fires iff sum w_i x_i >= t); their number is checked against
  OEIS A000609 (4, 14, 104, 1882, 94572 for k = 1..5), which proves the weight box complete;
* a circuit of s gates is enumerated gate by gate: gate j is any threshold function of the
  inputs and of the earlier gates it may read, so its table over x is a threshold table over
  (x, g_1(x), ...) restricted to the rows the earlier gates select (`restrict`);
* energy is the maximum over rows of the number of gates that are 1 (output gate included).

minckt is then asked the same questions through `decide` / `minimize`, and the circuit it
returns is re-simulated by this file's own evaluator (`simulate`).
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import numpy as np
import pytest

from minckt.core.circuit import Circuit
from minckt.core.families import family
from minckt.core.problem import Limits
from minckt.solve.result import Result
from minckt.core.status import Status
from minckt import decide, minimize
from minckt.core.spec import Spec

#: OEIS A000609: number of threshold functions of k or fewer inputs (constants included).
A000609 = {0: 2, 1: 4, 2: 14, 3: 104, 4: 1882, 5: 94572}

#: A weight bound that realizes every threshold function of k inputs (Muroga 1971, table of
#: minimal integer realizations); test_threshold_counts re-proves it from A000609 above.
FULL_WEIGHT = {1: 1, 2: 1, 3: 2, 4: 3, 5: 5}

#: OEIS A000370: NPN classes of Boolean functions of n or fewer inputs.
A000370 = {3: 14, 4: 222}

#: Marks "no circuit of this class computes the function" in the brute-force energy tables.
NO_CIRCUIT = 99


# -- independent truth: enumeration ----------------------------------------------------------
def input_columns(n: int) -> np.ndarray:
    """n x 2^n int64 matrix: entry [i, r] is x_{i+1} on row r, i.e. bit i of r."""
    rows = np.arange(1 << n, dtype=np.int64)
    return (rows[None, :] >> np.arange(n, dtype=np.int64)[:, None]) & 1


@lru_cache(maxsize=None)
def threshold_tables(k: int, weight: int) -> np.ndarray:
    """Sorted truth tables (int64) of every gate [sum w_i x_i >= t] with w in [-weight, weight]^k.

    The sum lies in [-k*weight, k*weight], so thresholds in that range plus k*weight + 1
    (constant 0) give every function the weight box allows.
    """
    vectors = np.array(list(itertools.product(range(-weight, weight + 1), repeat=k)),
                       dtype=np.int64).reshape(-1, k)
    sums = vectors @ input_columns(k)
    place = np.int64(1) << np.arange(1 << k, dtype=np.int64)
    found = [(sums >= t).astype(np.int64) @ place
             for t in range(-k * weight, k * weight + 2)]
    tables = np.unique(np.concatenate(found))
    tables.setflags(write=False)
    return tables


def gate_tables(k: int, weight: int | None) -> np.ndarray:
    """Truth tables of all threshold gates of k inputs with |w| <= weight (None: unbounded)."""
    if weight is None:
        return threshold_tables(k, FULL_WEIGHT[k])
    return threshold_tables(k, min(weight, FULL_WEIGHT.get(k, weight)))


def restrict(h: np.ndarray, n: int, selectors: list) -> np.ndarray:
    """Tables over x1..xn of x -> h(x, s_1(x), ..., s_k(x)), h a table over n + k inputs.

    Row x + 2^n * (s_1 + 2 s_2 + ...) of h is chosen on row x; arrays broadcast.
    """
    rows = 1 << n
    low = np.int64((1 << rows) - 1)
    out = np.int64(0)
    for block in range(1 << len(selectors)):
        mask = low  # rows of x where the selectors take the values `block` spells
        for k, selector in enumerate(selectors):
            mask = mask & (selector if (block >> k) & 1 else ~selector)
        out = out | ((h >> np.int64(block * rows)) & mask)
    return np.broadcast_to(out, np.broadcast(h, *selectors).shape) if selectors else h & low


def at_least_masks(tables: list, n: int) -> list:
    """[m_0, m_1, ..., m_k]: m_j is the row mask where at least j of `tables` are 1
    (a bit-sliced counter; arrays broadcast)."""
    at_least = [np.int64((1 << (1 << n)) - 1)] + [np.int64(0)] * len(tables)
    for table in tables:
        for j in range(len(tables), 0, -1):
            at_least[j] = at_least[j] | (at_least[j - 1] & table)
    return at_least


def energy_of(tables: list, n: int) -> np.ndarray:
    """Max over rows of how many of `tables` are 1 on the row (arrays broadcast)."""
    return sum((level != 0).astype(np.int64) for level in at_least_masks(tables, n)[1:])


def shapes(size: int, depth: int | None) -> list[tuple[tuple[int, ...], ...]]:
    """The maximal wirings of `size` gate slots with depth <= depth: reads[j] = earlier gates
    gate j may read.  A gate reading fewer gates is the same gate with weight 0 on the others,
    so maximal wirings cover the class; depth counts every gate, as minckt's model does."""
    options = [list(itertools.chain.from_iterable(
        itertools.combinations(range(j), c) for c in range(j + 1))) for j in range(size)]
    allowed = []
    for reads in itertools.product(*options):
        level: list[int] = []
        for read in reads:
            level.append(1 + max((level[i] for i in read), default=0))
        if depth is None or max(level) <= depth:
            allowed.append(reads)
    return [a for a in allowed
            if not any(b != a and all(set(x) <= set(y) for x, y in zip(a, b)) for b in allowed)]


@lru_cache(maxsize=None)
def min_energy_table(n: int, size: int, weight: int | None, depth: int | None) -> np.ndarray:
    """For every n-input function f: least energy of a circuit of `size` threshold gates (the
    last one the output, |w| <= weight, depth <= depth) computing f; NO_CIRCUIT if none does."""
    reached = np.zeros((1 << (1 << n)) * (size + 1), dtype=bool)  # [f * (size+1) + energy]
    bits = 1 << n
    for reads in shapes(size, depth):
        prefixes = np.zeros((1, 0), dtype=np.int64)  # rows: tables of gates 1..j
        for j, read in enumerate(reads[:-1]):
            h = gate_tables(n + len(read), weight)
            new = np.broadcast_to(restrict(h[None, :], n, [prefixes[:, i:i + 1] for i in read]),
                                  (len(prefixes), len(h)))
            keys = np.repeat(prefixes, new.shape[1], axis=0)
            keys = np.concatenate([keys, new.reshape(-1, 1)], axis=1)
            packed = sum(keys[:, i] << np.int64(i * bits) for i in range(j + 1))
            unique = np.unique(packed)
            prefixes = np.stack([(unique >> np.int64(i * bits)) & np.int64((1 << bits) - 1)
                                 for i in range(j + 1)], axis=1)
        # Energy with output table out is top + [out meets the rows where the earlier gates
        # reach their maximum count top], so only that row mask is needed per prefix.
        masks = at_least_masks([prefixes[:, i:i + 1] for i in range(prefixes.shape[1])], n)
        stacked = np.concatenate([np.broadcast_to(m, (len(prefixes), 1)) for m in masks], axis=1)
        top = (stacked[:, 1:] != 0).sum(axis=1, keepdims=True)
        at_top = np.take_along_axis(stacked, top, axis=1)
        h = gate_tables(n + len(reads[-1]), weight)
        chunk = max(1, 1_000_000 // len(h))
        for start in range(0, len(prefixes), chunk):
            block = prefixes[start:start + chunk]
            outputs = restrict(h[None, :], n, [block[:, i:i + 1] for i in reads[-1]])
            energy = top[start:start + chunk] + ((outputs & at_top[start:start + chunk]) != 0)
            reached[(outputs * (size + 1) + energy).ravel()] = True
    reached = reached.reshape(-1, size + 1)
    best = np.where(reached.any(axis=1), reached.argmax(axis=1), NO_CIRCUIT)
    best.setflags(write=False)
    return best


@lru_cache(maxsize=None)
def npn_canonical(n: int) -> np.ndarray:
    """For every n-input table, the least table over its NPN class (input permutations, input
    negations, output negation)."""
    rows = np.arange(1 << n, dtype=np.int64)
    full = np.int64((1 << (1 << n)) - 1)
    tables = np.arange(1 << (1 << n), dtype=np.int64)
    bits = (tables[:, None] >> rows[None, :]) & 1
    place = np.int64(1) << rows
    canon = tables.copy()
    for perm in itertools.permutations(range(n)):
        for flip in range(1 << n):
            source = sum((((rows >> perm[i]) & 1) ^ ((flip >> i) & 1)) << i for i in range(n))
            image = bits[:, source] @ place
            canon = np.minimum(canon, np.minimum(image, image ^ full))
    canon.setflags(write=False)
    return canon


# -- independent truth: re-simulating what minckt returns -----------------------------------
def simulate(circuit: Circuit, n: int) -> tuple[int, list[int], int]:
    """(output table, gate tables, depth) recomputed from the circuit's weights and thresholds."""
    columns = input_columns(n)
    values: dict[str, np.ndarray] = {f"x{i + 1}": columns[i] for i in range(n)}
    level: dict[str, int] = {f"x{i + 1}": 0 for i in range(n)}
    place = np.int64(1) << np.arange(1 << n, dtype=np.int64)
    gate_tables_found = []
    for gate in circuit.gates:
        assert gate.kind == "threshold", gate
        total = np.zeros(1 << n, dtype=np.int64)
        for source, w in gate.weights:
            total = total + w * values[source]
        values[gate.id] = (total >= gate.threshold).astype(np.int64)
        level[gate.id] = 1 + max((level[s] for s, _ in gate.weights), default=0)
        gate_tables_found.append(int(values[gate.id] @ place))
    assert len(circuit.outputs) == 1
    out = int(values[circuit.outputs[0]] @ place)
    return out, gate_tables_found, max((level[g.id] for g in circuit.gates), default=0)


def check_circuit(result: Result, f: int, n: int, limits: Limits) -> int:
    """Assert the returned circuit computes f within the limits; return its energy."""
    assert result.circuit is not None
    out, tables, depth = simulate(result.circuit, n)
    assert out == f, f"circuit computes {out:#x}, expected {f:#x}\n{result.circuit}"
    if limits.size is not None:
        assert len(tables) <= limits.size
    if limits.depth is not None:
        assert depth <= limits.depth
    if limits.weight is not None:
        assert all(abs(w) <= limits.weight for g in result.circuit.gates for _, w in g.weights)
    energy = int(energy_of([np.int64(t) for t in tables], n))
    assert result.metrics is not None and result.metrics.energy == energy
    assert result.metrics.size == len(tables)
    return energy


def spec_of(f: int, n: int) -> Spec:
    """The single-output total spec with truth table f."""
    return Spec(n=n, outputs=(int(f),))


def sample(pool: np.ndarray, count: int, seed: int) -> list[int]:
    """Up to `count` distinct members of `pool`, drawn with a seeded generator."""
    rng = np.random.default_rng(seed)
    pool = np.asarray(pool)
    picked = rng.choice(pool, size=min(count, len(pool)), replace=False) if len(pool) else []
    return sorted(int(f) for f in picked)


# -- 1. threshold functions ------------------------------------------------------------------
@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_threshold_counts(k: int) -> None:
    """Enumerating weights in [-W, W]^k (W = 1, 1, 2, 3, 5) gives exactly A000609(k) threshold
    functions, W - 1 gives fewer, and W + 1 (k <= 4) adds none: the weight box is complete."""
    weight = FULL_WEIGHT[k]
    assert len(threshold_tables(k, weight)) == A000609[k]
    if weight > 1:
        assert len(threshold_tables(k, weight - 1)) < A000609[k]
    if k <= 4:
        assert len(threshold_tables(k, weight + 1)) == A000609[k]


def test_threshold_enumeration_anchors() -> None:
    """The enumeration follows the row convention: AND2 = 0x8, OR2 = 0xE and MAJ3 = 0xE8 are
    threshold functions, XOR2 = 0x6 and PARITY3 = 0x96 are not."""
    two, three = set(threshold_tables(2, 1).tolist()), set(threshold_tables(3, 2).tolist())
    assert {0x8, 0xE, 0x0, 0xF} <= two and 0x6 not in two and 0x9 not in two
    assert 0xE8 in three and 0x96 not in three and 0x66 not in three
    assert family("MAJ", 3).outputs[0] == 0xE8


def test_single_gate_iff_threshold_function_n3() -> None:
    """For all 256 functions of 3 inputs, decide(size <= 1) is SAT exactly for the 104
    threshold functions, and the gate it returns computes the function."""
    threshold = set(threshold_tables(3, 2).tolist())
    limits = Limits(size=1)
    wrong = []
    for f in range(256):
        result = decide(spec_of(f, 3), limits)
        expected = Status.SAT if f in threshold else Status.UNSAT
        if result.status is not expected:
            wrong.append((hex(f), result.status.value, expected.value))
        elif expected is Status.SAT:
            check_circuit(result, f, 3, limits)
    assert wrong == []
    assert len(threshold) == 104


def test_single_gate_iff_threshold_function_n4_sample() -> None:
    """On 30 threshold and 30 non-threshold 4-input functions (seeded), decide(size <= 1) is
    SAT exactly for the threshold ones."""
    threshold = threshold_tables(4, 3)
    others = np.setdiff1d(np.arange(1 << 16, dtype=np.int64), threshold)
    limits = Limits(size=1)
    for f, expected in [(f, Status.SAT) for f in sample(threshold, 30, seed=4)] + \
                       [(f, Status.UNSAT) for f in sample(others, 30, seed=5)]:
        result = decide(spec_of(f, 4), limits)
        assert result.status is expected, hex(f)
        if expected is Status.SAT:
            check_circuit(result, f, 4, limits)


# -- 2. minimal size -------------------------------------------------------------------------
def test_min_size_every_3_input_function() -> None:
    """minimize(size) on all 256 functions of 3 inputs equals the brute-force minimum: 1 for
    the 104 threshold functions, 2 for the other 152 (two gates reach all 256, so no function
    needs 3), with the lower bound equal to the value."""
    one = min_energy_table(3, 1, None, None) < NO_CIRCUIT
    two = min_energy_table(3, 2, None, None) < NO_CIRCUIT
    assert int(one.sum()) == 104 and bool(two.all())
    expected = np.where(one, 1, 2)
    got = {}
    for f in range(256):
        result = minimize(spec_of(f, 3), "size")
        assert result.status is Status.OPTIMAL, hex(f)
        got[f] = result.value
        assert result.lower_bound == result.value
        check_circuit(result, f, 3, Limits(size=result.value))
    assert [f for f in range(256) if got[f] != expected[f]] == []
    assert sum(1 for v in got.values() if v == 2) == 152


def test_size_at_most_two_per_npn_class_n4() -> None:
    """On one representative of each of the 222 NPN classes of 4-input functions,
    minimize(size, size <= 2) is 1 for threshold functions, 2 when the brute force finds a
    2-gate circuit, INFEASIBLE otherwise (the brute-force set is checked to be NPN-closed)."""
    canon = npn_canonical(4)
    representatives = np.unique(canon)
    assert len(representatives) == A000370[4]
    assert len(np.unique(npn_canonical(3))) == A000370[3]
    one = min_energy_table(4, 1, None, None) < NO_CIRCUIT
    two = min_energy_table(4, 2, None, None) < NO_CIRCUIT
    assert bool((two == two[canon]).all()) and bool((one == one[canon]).all())
    limits = Limits(size=2)
    tally = {1: 0, 2: 0, None: 0}
    for f in representatives.tolist():
        result = minimize(spec_of(f, 4), "size", limits)
        if one[f]:
            assert (result.status, result.value) == (Status.OPTIMAL, 1), hex(f)
        elif two[f]:
            assert (result.status, result.value) == (Status.OPTIMAL, 2), hex(f)
        else:
            assert result.status is Status.INFEASIBLE, hex(f)
        if result.status is Status.OPTIMAL:
            check_circuit(result, f, 4, Limits(size=result.value))
        tally[result.value] += 1
    assert tally[1] + tally[2] + tally[None] == 222 and min(tally.values()) > 0


# -- 3. minimal energy -----------------------------------------------------------------------
NAMED_4 = [("PARITY", {}), ("CD", {}), ("EQ", {}), ("MAJ", {}), ("DISJ", {}), ("GT", {}),
           ("IP", {}), ("THR", {"k": 3}), ("RANDOM", {"seed": 0}), ("RANDOM", {"seed": 1})]


def energy_cases(table: np.ndarray, per_level: int, seed: int) -> list[int]:
    """Named 4-input functions, both constants, and a seeded sample of each brute-force
    energy value (including "no circuit")."""
    cases = {family(name, 4, **params).outputs[0] for name, params in NAMED_4} | {0, 0xFFFF}
    for offset, level in enumerate(np.unique(table).tolist()):
        cases.update(sample(np.flatnonzero(table == level), per_level, seed + offset))
    return sorted(cases)


def assert_min_energy(f: int, n: int, limits: Limits, expected: int) -> None:
    """minimize(energy) under `limits` is OPTIMAL at `expected` (INFEASIBLE for NO_CIRCUIT)."""
    result = minimize(spec_of(f, n), "energy", limits)
    if expected == NO_CIRCUIT:
        assert result.status is Status.INFEASIBLE, (hex(f), result.status, result.value)
        return
    assert (result.status, result.value) == (Status.OPTIMAL, expected), hex(f)
    assert result.lower_bound == expected
    assert check_circuit(result, f, n, limits) == expected


@pytest.mark.parametrize("weight", [1, 2, None])
@pytest.mark.parametrize("depth", [None, 1])
def test_min_energy_two_gates_n4(weight: int | None, depth: int | None) -> None:
    """Least energy over circuits of at most 2 gates (|w| <= weight, depth <= depth) for named
    4-input functions and a sample per energy value, against enumeration of every 2-gate
    circuit; e.g. IP4 needs energy 2 and EQ4 needs weight 3."""
    table = min_energy_table(4, 2, weight, depth)
    limits = Limits(size=2, weight=weight, depth=depth)
    if weight is None and depth is None:
        ip4, eq4, parity4 = (family(name, 4).outputs[0] for name in ("IP", "EQ", "PARITY"))
        assert (table[ip4], table[eq4], table[parity4]) == (2, 1, NO_CIRCUIT)
        assert min_energy_table(4, 2, 2, None)[eq4] == NO_CIRCUIT
    for f in energy_cases(table, per_level=3, seed=10):
        assert_min_energy(f, 4, limits, int(table[f]))


@pytest.mark.parametrize("depth", [None, 2])
def test_min_energy_three_gates_n4_weight1(depth: int | None) -> None:
    """Least energy over circuits of at most 3 gates with |w| <= 1 (and depth <= depth) for
    named 4-input functions and a sample per energy value 0..3, against enumeration of every
    such circuit; CD4 needs energy 2, PARITY4 has no such circuit."""
    table = min_energy_table(4, 3, 1, depth)
    limits = Limits(size=3, weight=1, depth=depth)
    cd4, parity4 = family("CD", 4).outputs[0], family("PARITY", 4).outputs[0]
    assert (table[cd4], table[parity4]) == (2, NO_CIRCUIT)
    assert set(np.unique(table).tolist()) == {0, 1, 2, 3, NO_CIRCUIT}
    cases = energy_cases(table, per_level=4, seed=20)
    if depth is not None:  # functions whose least energy the depth limit changes
        free = min_energy_table(4, 3, 1, None)
        cases += sample(np.flatnonzero(table != free), 6, seed=30)
    for f in cases:
        assert_min_energy(f, 4, limits, int(table[f]))


@pytest.mark.parametrize("weight,depth", [(1, None), (2, None), (1, 2)])
def test_min_energy_three_gates_n3(weight: int, depth: int | None) -> None:
    """Least energy over circuits of at most 3 gates with |w| <= weight (depth <= depth) for
    all 256 (weight 1) or a sample per value of the 3-input functions, against enumeration."""
    table = min_energy_table(3, 3, weight, depth)
    limits = Limits(size=3, weight=weight, depth=depth)
    functions = range(256) if (weight, depth) == (1, None) else sorted(
        set(sample(np.flatnonzero(table == 1), 12, seed=40)) |
        set(np.flatnonzero(table != 1).tolist()))
    for f in functions:
        assert_min_energy(f, 3, limits, int(table[f]))


@pytest.mark.slow
def test_min_energy_three_gates_n3_unbounded_weight() -> None:
    """Least energy over circuits of at most 3 gates, weights unbounded, for all 256 functions
    of 3 inputs, against enumeration (the last gate ranges over all 94572 5-input threshold
    functions)."""
    table = min_energy_table(3, 3, None, None)
    for f in range(256):
        assert_min_energy(f, 3, Limits(size=3), int(table[f]))


@pytest.mark.slow
def test_min_energy_three_gates_n4_weight1_wide_sample() -> None:
    """As test_min_energy_three_gates_n4_weight1, on 50 more functions per energy value."""
    table = min_energy_table(4, 3, 1, None)
    for f in energy_cases(table, per_level=50, seed=50):
        assert_min_energy(f, 4, Limits(size=3, weight=1), int(table[f]))
