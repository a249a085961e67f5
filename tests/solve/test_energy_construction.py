"""MOD_m at bounded energy (`minckt.solve.constructions.energy`), after Suzuki, Uchizawa and
Zhou (IJFCS 2013): energy e, size O(e·(n/m)^(1/(e-1))).

Independent truth: the evaluator on every row (n <= 12) and on one row of each weight up to
n = 64 (every gate reads every input with weight 1); the size formula against a brute-force
minimum over all radix tuples and against the closed-form bound; the Uchizawa–Nishizeki–
Takimoto lower bound n/(m-1) <= s^e; and the search's exact optima at n <= 4.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import minckt
from minckt.bounds.parity import unt_size
from minckt.core.problem import Limits, SearchParams
from minckt.errors import InputError
from minckt.solve.constructions.energy import (
    mod_energy_circuit, mod_energy_radices, mod_energy_size, mod_modulus)
from minckt.verify.check import verify


def _exists(n: int, m: int, e: int) -> bool:
    """Where the construction exists: e >= 2, or e = 1 and MOD_m is OR_n (n < m)."""
    return e >= 2 or (e == 1 and n < m)


@pytest.mark.parametrize("m", [2, 3, 4])
@pytest.mark.parametrize("n", list(range(13)))
def test_computes_mod_on_every_row_within_energy(n, m):
    spec = minckt.family("MOD", n, m=m)
    for e in range(0, 6):
        circuit = mod_energy_circuit(n, m, e)
        assert (circuit is not None) == _exists(n, m, e)
        if circuit is None:
            assert mod_energy_size(n, m, e) is None and mod_energy_radices(n, m, e) is None
            continue
        metrics = verify(spec, circuit, Limits(energy=e))  # raises on a wrong row or energy > e
        assert metrics.size == mod_energy_size(n, m, e)
        assert metrics.weight <= max(n, 1)
        assert metrics.depth == metrics.size  # a chain (module docstring)
        radices = mod_energy_radices(n, m, e)
        assert metrics.energy <= len(radices) + 1 <= max(e, 1)


def _weight_columns(n: int) -> np.ndarray:
    """n x (n + 1) 0/1 matrix: column w has its first w inputs 1."""
    return (np.arange(n)[:, None] < np.arange(n + 1)[None, :]).astype(np.int64)


@pytest.mark.parametrize("n", [16, 20, 33, 64])
@pytest.mark.parametrize("m", [2, 3, 5])
def test_computes_mod_at_every_weight_past_brute_force(n, m):
    """Every gate reads every input with weight 1, so its value depends on |x| only: one row
    per weight checks the function and the energy on all 2^n rows."""
    columns = _weight_columns(n)
    expected = np.arange(n + 1) % m != 0
    for e in range(2, 7):
        circuit = mod_energy_circuit(n, m, e)
        assert all(dict(g.weights).get(f"x{i + 1}") == 1
                   for g in circuit.gates for i in range(n))
        assert (circuit.output_values(inputs=columns)[0] == expected).all()
        metrics = circuit.metrics(inputs=columns)
        assert metrics.energy <= e and metrics.size == mod_energy_size(n, m, e)
        assert metrics.weight <= n


def _least_sum_by_brute_force(count: int, levels: int) -> int:
    """min Σ (r_l - 1) over tuples of `levels` radices >= 1 whose product >= count."""
    best = count - 1  # one radix `count`, the rest 1
    for radices in itertools.product(range(1, count + 1), repeat=levels):
        if math.prod(radices) >= count:
            best = min(best, sum(r - 1 for r in radices))
    return best


@pytest.mark.parametrize("e", [2, 3, 4])
def test_size_formula_is_the_least_radix_sum(e):
    for m in (2, 3):
        for n in range(0, 40 if e < 4 else 25):
            least = _least_sum_by_brute_force(n // m + 1, e - 1)
            assert mod_energy_size(n, m, e) == 1 + least, (n, m, e)


def _integer_root_ceiling(value: int, k: int) -> int:
    """⌈value^(1/k)⌉ in integers."""
    root = 1
    while root ** k < value:
        root += 1
    return root


@pytest.mark.parametrize("m", [2, 3, 7])
def test_size_meets_the_statement_and_the_lower_bound(m):
    """1 + (e-1)(⌈(⌊n/m⌋+1)^(1/(e-1))⌉ - 1), the O(e·(n/m)^(1/(e-1))) of the statement, bounds
    the size from above, and n/(m-1) <= s^e (Uchizawa–Nishizeki–Takimoto) from below."""
    for n in range(0, 300, 7):
        for e in range(2, 9):
            size = mod_energy_size(n, m, e)
            root = _integer_root_ceiling(n // m + 1, e - 1)
            assert size <= 1 + (e - 1) * (root - 1)
            assert size >= unt_size(n, m, e)


def test_larger_energy_never_costs_gates():
    for n, m in itertools.product(range(0, 60), (2, 3, 4)):
        sizes = [mod_energy_size(n, m, e) for e in range(2, 9)]
        assert sizes == sorted(sizes, reverse=True)
        assert sizes[0] == n // m + 1  # e = 2: one gate per nonzero multiple of m, and out


def test_pinned_sizes():
    """The table of the report (n = 8, 16, 20; m = 2, 3; e = 2..5)."""
    table = {(n, m): [mod_energy_size(n, m, e) for e in range(2, 6)]
             for n in (8, 16, 20) for m in (2, 3)}
    assert table == {(8, 2): [5, 4, 4, 4], (8, 3): [3, 3, 3, 3],
                     (16, 2): [9, 5, 5, 5], (16, 3): [6, 4, 4, 4],
                     (20, 2): [11, 6, 5, 5], (20, 3): [7, 5, 4, 4]}


_SMALL = [(n, m, e) for n in (2, 3, 4) for m in range(2, n + 1) for e in (2, 3)]


@pytest.mark.parametrize("n, m, e", _SMALL)
def test_never_below_the_searched_optimum(n, m, e):
    """The search's least size at energy <= e (n <= 4: each well under a second) is proven;
    the construction is a verified circuit within the same limits, so it cannot be smaller,
    and at these n it meets the optimum (module docstring)."""
    spec = minckt.family("MOD", n, m=m)
    result = minckt.minimize(spec, "size", Limits(energy=e), params=SearchParams(time_limit=60))
    assert result.status is minckt.Status.OPTIMAL
    size = verify(spec, mod_energy_circuit(n, m, e), Limits(energy=e)).size
    assert size >= result.value
    assert size == result.value


def test_not_optimal_at_parity_6_energy_2():
    """The gap the module docstring names: parity of 6 inputs at energy 2 takes 3 gates (the
    hidden gates may both fire where the output is 0); the construction has 4."""
    spec = minckt.family("PARITY", 6)
    result = minckt.minimize(spec, "size", Limits(energy=2), params=SearchParams(time_limit=60))
    assert result.status is minckt.Status.OPTIMAL and result.value == 3
    assert mod_energy_size(6, 2, 2) == 4


@pytest.mark.parametrize("n, m, e", [(-1, 2, 2), (4, 1, 2), (4, 2, -1), (4, 2, True),
                                     (4.0, 2, 2)])
def test_bad_arguments_are_input_errors(n, m, e):
    with pytest.raises(InputError):
        mod_energy_circuit(n, m, e)


def test_mod_modulus_recognises_mod_on_its_care_rows():
    for n, m in ((6, 2), (9, 3), (10, 4)):
        assert mod_modulus(minckt.family("MOD", n, m=m)) == m
    assert mod_modulus(minckt.family("OR", 5)) == 6  # MOD_m with m > n is OR
    for name in ("MAJ", "AND", "IP"):
        assert mod_modulus(minckt.family(name, 6)) is None


def test_the_fallback_answers_mod_at_an_energy_limit_with_the_construction():
    """MOD3 of 12 inputs at energy <= 2 in 2 s: the search does not finish, and the answer
    is a verified circuit of energy <= 2, no larger than the construction."""
    spec = minckt.family("MOD", 12, m=3)
    result = minckt.minimize(spec, "size", Limits(energy=2),
                             params=SearchParams(time_limit=2))
    assert result.circuit is not None
    metrics = verify(spec, result.circuit, Limits(energy=2))
    assert metrics.size == result.value <= mod_energy_size(12, 3, 2) == 5
