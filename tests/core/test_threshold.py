"""Tests for minckt.core.threshold: the weight ranges that provably lose no threshold function.

`max_weight_needed(k)` for k <= 5 is re-derived by brute force: enumerating every weight
vector in [-W, W]^k with every threshold gives all threshold functions of k (or fewer)
variables exactly when W reaches the claimed value.  The counts are OEIS A000609 (number of
threshold functions of n or fewer variables): 2, 4, 14, 104, 1882, 94572 for n = 0..5.
Muroga's bound floor((k+1)^((k+1)/2) / 2^k) is checked against its defining inequality in
exact integer arithmetic and against values computed by hand.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from minckt.core.threshold import (
    EXACT_MAX_WEIGHT, max_weight_needed, muroga_bound, threshold_range
)

#: OEIS A000609: threshold functions of n or fewer variables, n = 0..5.
A000609 = {0: 2, 1: 4, 2: 14, 3: 104, 4: 1882, 5: 94572}


def threshold_tables(k: int, weight: int) -> np.ndarray:
    """Distinct truth tables of [sum w_i x_i >= t] over w in [-weight, weight]^k, all t.

    The sum lies in [-k*weight, k*weight], so thresholds from -k*weight (always 1) to
    k*weight + 1 (always 0) reach every function a weight vector can give.
    """
    rows = 1 << k
    inputs = np.array([[(r >> i) & 1 for r in range(rows)] for i in range(k)],
                      dtype=np.int64).reshape(k, rows)
    combos = list(itertools.product(range(-weight, weight + 1), repeat=k))
    vectors = np.array(combos, dtype=np.int64).reshape(len(combos), k)
    sums = vectors @ inputs  # (vectors, rows)
    place = np.int64(1) << np.arange(rows, dtype=np.int64)
    found = []
    for t in range(-k * weight, k * weight + 2):
        found.append(np.unique(((sums >= t) * place).sum(axis=1)))
    return np.unique(np.concatenate(found))


def count_threshold_functions(k: int, weight: int) -> int:
    return len(threshold_tables(k, weight))


def test_enumeration_on_hand_counted_cases():
    # k = 1, W = 1: constants 0 and 1, x1, NOT x1.
    assert sorted(threshold_tables(1, 1).tolist()) == [0b00, 0b01, 0b10, 0b11]
    # k = 2: all 16 functions but XOR (0x6) and XNOR (0x9).
    assert sorted(threshold_tables(2, 1).tolist()) == [t for t in range(16) if t not in (6, 9)]
    # W = 0 leaves only the constants.
    assert count_threshold_functions(3, 0) == 2


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4])
def test_max_weight_needed_small_k(k):
    needed = max_weight_needed(k)
    assert needed == [0, 1, 1, 2, 3][k]
    assert count_threshold_functions(k, needed) == A000609[k]
    if needed > 0:
        assert count_threshold_functions(k, needed - 1) < A000609[k]
    # More weight gives nothing new.
    assert count_threshold_functions(k, needed + 1) == A000609[k]


@pytest.mark.slow
def test_max_weight_needed_k5():
    assert max_weight_needed(5) == 5
    assert count_threshold_functions(5, 5) == 94572
    assert count_threshold_functions(5, 4) < 94572


def test_exact_table_matches_function():
    assert EXACT_MAX_WEIGHT == {0: 0, 1: 1, 2: 1, 3: 2, 4: 3, 5: 5}
    for k, weight in EXACT_MAX_WEIGHT.items():
        assert max_weight_needed(k) == weight


def muroga_by_inequality(k: int) -> int:
    """The q with (q 2^k)^2 <= (k+1)^(k+1) < ((q+1) 2^k)^2, found by doubling and bisection."""
    target = (k + 1) ** (k + 1)

    def fits(q: int) -> bool:
        return (q << k) ** 2 <= target

    high = 1
    while fits(high):
        high *= 2
    low = 0  # fits(0) always holds
    while high - low > 1:
        mid = (low + high) // 2
        if fits(mid):
            low = mid
        else:
            high = mid
    return low


@pytest.mark.parametrize(
    "k, expected",
    [
        (0, 1),  # 1^(1/2) / 1
        (1, 1),  # 2 / 2
        (2, 1),  # 3^1.5 / 4 = 1.299
        (3, 2),  # 4^2 / 8
        (4, 3),  # 5^2.5 / 16 = 3.494
        (5, 6),  # 6^3 / 32 = 6.75
        (6, 14),  # 7^3.5 / 64 = 14.18
        (7, 32),  # 8^4 / 128
        (8, 76),  # 9^4.5 / 256 = 19683 / 256 = 76.9
        (9, 195),  # 10^5 / 512 = 195.3
    ],
)
def test_muroga_bound_hand_values(k, expected):
    assert muroga_bound(k) == expected


@pytest.mark.parametrize("k", range(0, 60))
def test_muroga_bound_exact(k):
    value = muroga_bound(k)
    assert value == muroga_by_inequality(k)
    top = (k + 1) ** (k + 1)
    assert (value << k) ** 2 <= top < ((value + 1) << k) ** 2
    if (k + 1) % 2 == 0:
        # (k+1)^((k+1)/2) is an integer: floor of an exact fraction.
        exact = Fraction((k + 1) ** ((k + 1) // 2), 2 ** k)
        assert value == exact.numerator // exact.denominator


@pytest.mark.parametrize("k", range(0, 40))
def test_max_weight_needed_never_exceeds_muroga(k):
    assert max_weight_needed(k) <= muroga_bound(k)
    if k >= 6:
        assert max_weight_needed(k) == muroga_bound(k)


def test_max_weight_needed_rejects_negative_fanin():
    with pytest.raises(ValueError, match="-1"):
        max_weight_needed(-1)


@pytest.mark.parametrize("k, weight", [(1, 1), (2, 1), (3, 2), (2, 3)])
def test_threshold_range_covers_every_function(k, weight):
    low, high = threshold_range(k, weight)
    assert (low, high) == (-k * weight, k * weight + 1)
    rows = 1 << k
    for vector in itertools.product(range(-weight, weight + 1), repeat=k):
        sums = [sum(w * ((r >> i) & 1) for i, w in enumerate(vector)) for r in range(rows)]
        at_low = [s >= low for s in sums]
        at_high = [s >= high for s in sums]
        assert all(at_low) and not any(at_high)
        for t in (low - 1, low - 5):
            assert [s >= t for s in sums] == at_low
        for t in (high + 1, high + 5):
            assert [s >= t for s in sums] == at_high
