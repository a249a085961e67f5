"""The proven weight ranges of `minckt.core.ranges` against exhaustive enumeration.

For small fan-in every weight vector in a box at least as large as the proven range is
enumerated, with every threshold (ReLU) or breakpoint placement (sigmoid) that gives a
different function on the gate's domain; each function's least max |w| must lie within the
proven range.  A range that were too small would show a function first seen beyond it.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from minckt.core.problem import GateModel
from minckt.core.ranges import relu_weight_bound, sigmoid_weight_bound, sufficient_weight
from minckt.core.threshold import max_weight_needed


def _domain(fanin: int, gate_sources: int, resolution: int) -> np.ndarray:
    """Every point the gate can see: gate sources in 0..R, primary inputs in 0/1."""
    sets = [range(resolution + 1)] * gate_sources + [range(2)] * (fanin - gate_sources)
    return np.array(list(itertools.product(*sets)), dtype=np.int64)


def _relu_functions(z: np.ndarray, resolution: int) -> set[tuple[int, ...]]:
    """Every clip(z - t, 0, R) over integer t (only t near some z changes the function)."""
    cuts = {int(v) - q for v in z for q in range(resolution + 1)} | {int(z.min()) - resolution - 1,
                                                                     int(z.max()) + 1}
    return {tuple(np.clip(z - t, 0, resolution).tolist()) for t in cuts}


def _sigmoid_functions(z: np.ndarray, resolution: int) -> set[tuple[int, ...]]:
    """Every #{i : z >= b_i} over sorted breakpoints: each b_i falls in one gap of the
    sorted distinct values of z."""
    levels = sorted(set(z.tolist()))
    gaps = [levels[0]] + [v for v in levels[1:]] + [levels[-1] + 1]  # b = gap value
    found = set()
    for chosen in itertools.combinations_with_replacement(gaps, resolution):
        found.add(tuple(int(sum(1 for b in chosen if v >= b)) for v in z))
    return found


def least_weights(kind: str, fanin: int, gate_sources: int, resolution: int, box: int
                  ) -> dict[tuple[int, ...], int]:
    """Each function a gate computes with |w| <= box, and the least max |w| it needs."""
    domain = _domain(fanin, gate_sources, resolution)
    functions = _relu_functions if kind == "relu" else _sigmoid_functions
    least: dict[tuple[int, ...], int] = {}
    vectors = sorted(itertools.product(range(-box, box + 1), repeat=fanin),
                     key=lambda w: max(abs(x) for x in w))
    for w in vectors:  # by growing max |w|: the first sighting of a function is its least
        for f in functions(domain @ np.array(w, dtype=np.int64), resolution):
            least.setdefault(f, max(abs(x) for x in w))
    return least


CASES = [  # (kind, fan-in, gate sources, R): every case whose proven range is enumerable
    ("relu", 1, 0, 2), ("relu", 1, 1, 2), ("relu", 1, 0, 3),
    pytest.param("relu", 2, 0, 2, marks=pytest.mark.slow),
    ("sigmoid", 1, 0, 2), ("sigmoid", 1, 1, 2), ("sigmoid", 1, 1, 3), ("sigmoid", 2, 0, 2),
    ("sigmoid", 2, 1, 2), ("sigmoid", 2, 0, 3),
]


@pytest.mark.parametrize("kind,fanin,gates,resolution", CASES)
def test_every_function_in_a_box_beyond_the_range_needs_no_more_than_the_range(
        kind, fanin, gates, resolution):
    bound = sufficient_weight(GateModel(kind, resolution), fanin, gates)
    box = min(bound + 4, 200)
    assert box >= bound, "the box must reach past the proven range for the check to bite"
    least = least_weights(kind, fanin, gates, resolution, box)
    needed = max(least.values())
    assert needed <= bound, (kind, fanin, gates, resolution, needed, bound)
    print(f"{kind} R={resolution} fan-in {fanin} ({gates} gate sources): {len(least)} "
          f"functions, least weights up to {needed}, proven range {bound}")
    # the enumeration found functions that need more than weight 1: it is not vacuous
    assert needed >= 1 and len(least) > 2


def test_the_enumeration_reproduces_the_threshold_counts():
    """Resolution 1 through the same enumerator: 2-input threshold functions are 14 (OEIS
    A000609), realized with |w| <= 1 (`minckt.core.threshold`)."""
    least = least_weights("sigmoid", 2, 0, 1, 3)
    assert len(least) == 14 and max(least.values()) == max_weight_needed(2) == 1
    relu = least_weights("relu", 2, 0, 1, 3)
    assert len(relu) == 14


def test_resolution_one_uses_the_exact_threshold_ranges():
    for kind in ("relu", "sigmoid", "threshold"):
        for k in range(8):
            assert sufficient_weight(GateModel(kind, 1), k) == max_weight_needed(k)


def test_ranges_grow_with_fanin_gate_sources_and_resolution():
    for bound in (relu_weight_bound, sigmoid_weight_bound):
        for k in range(1, 6):
            assert bound(k + 1, 0, 2) > bound(k, 0, 2)
            assert bound(k, k, 2) >= bound(k, 0, 2)
            assert bound(k, k, 3) > bound(k, k, 2)
