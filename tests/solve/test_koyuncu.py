"""The memorizing constructions after Koyuncu (`minckt.solve.constructions.koyuncu`).

Independent truth: the evaluator (`minckt.verify`) checks every circuit on every care row;
the counts are checked against the formulas of the module docstring (about 2√(2N) gates
without guards, at most 3 evaluated gates per level of a ⌈log2 R⌉-deep tree with them);
every 3-input partial function is covered; and no construction is ever below the least size
the exact search proves.
"""

from __future__ import annotations

import itertools
import math

import pytest

from minckt import GateModel, Limits, SearchParams, Spec, Status, minimize, random_points, verify
from minckt.solve.constructions import best_construction
from minckt.solve.constructions.koyuncu import block_circuit, labelled_keys, search_tree_circuit


def _runs(spec: Spec) -> int:
    _, labels = labelled_keys(spec)
    return 1 + sum(a != b for a, b in zip(labels, labels[1:]))


@pytest.mark.parametrize("n, count", [(6, 16), (8, 64), (12, 64), (12, 256), (14, 1024)])
@pytest.mark.parametrize("labels", ["random", "parity", "majority"])
def test_constructions_memorize_random_points(n, count, labels):
    spec = random_points(n, count, seed=n + count, labels=labels)
    runs = _runs(spec)
    if runs < 2:
        assert block_circuit(spec) is None and search_tree_circuit(spec) is None
        return
    blocks = verify(spec, block_circuit(spec))
    assert blocks.size <= 2 * math.ceil(math.sqrt(2 * count)) + 3
    assert blocks.depth <= 3
    tree = verify(spec, search_tree_circuit(spec), Limits(conditional=True))
    depth = math.ceil(math.log2(runs))
    assert tree.evaluated <= 3 * depth
    assert tree.ops <= depth * 2 * (n + 1) + depth * 3
    assert tree.size <= 3 * (runs - 1)


def _partial_functions_of_three_inputs(every: int):
    """Every `every`-th of the 3^8 - 1 partial functions of 3 inputs (value or don't-care
    on each row, some care row)."""
    for index, values in enumerate(itertools.product((0, 1, None), repeat=8)):
        care = sum(1 << r for r, v in enumerate(values) if v is not None)
        if care and index % every == 0:
            yield Spec(n=3, outputs=(sum(1 << r for r, v in enumerate(values) if v),), care=care)


def _check_partial(spec: Spec, model: GateModel) -> None:
    tree = search_tree_circuit(spec, model)
    if tree is not None:
        verify(spec, tree, Limits(conditional=True), model)
    if model.kind == "threshold" and block_circuit(spec) is not None:
        verify(spec, block_circuit(spec))


@pytest.mark.parametrize("model", [GateModel(), GateModel("relu", 2)], ids=str)
def test_partial_functions_of_three_inputs(model):
    """One in seven of the 3^8 partial functions of 3 inputs (all of them: the slow tier)."""
    for spec in _partial_functions_of_three_inputs(7):
        _check_partial(spec, model)


@pytest.mark.slow
@pytest.mark.parametrize("model", [GateModel(), GateModel("relu", 2)], ids=str)
def test_every_partial_function_of_three_inputs(model):
    for spec in _partial_functions_of_three_inputs(1):
        _check_partial(spec, model)


def test_the_block_circuit_grows_like_the_square_root():
    sizes = {count: len(block_circuit(random_points(16, count, seed=1)).gates)
             for count in (64, 256, 1024)}
    # 2 sqrt(2N) = 22.6, 45.3, 90.5: quadrupling N about doubles the gates
    assert sizes[64] <= 23 and sizes[256] <= 46 and sizes[1024] <= 91
    assert 1.7 <= sizes[1024] / sizes[256] <= 2.3


def test_no_construction_is_below_the_proven_least_size():
    for seed in range(4):
        spec = random_points(5, 8, seed=seed)
        exact = minimize(spec, "size", params=SearchParams(time_limit=30))
        assert exact.status is Status.OPTIMAL
        for circuit in (block_circuit(spec), search_tree_circuit(spec),
                        best_construction(spec)):
            if circuit is not None:
                assert len(circuit.gates) >= exact.value


def test_a_search_out_of_time_reports_the_block_circuit():
    """64 random points in 12 inputs: out of time the least size is the best construction,
    about 2√(2N) gates, not the detectors' N/2."""
    spec = random_points(12, 64, seed=3)
    result = minimize(spec, "size", params=SearchParams(time_limit=0.5))
    assert result.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert result.value <= len(block_circuit(spec).gates) <= 23
    assert verify(spec, result.circuit).size == result.value


@pytest.mark.parametrize("n,N", [(16, 200), (40, 300), (70, 150)])
def test_constructions_on_point_specs_past_twenty_inputs(n, N):
    """Blocks and the search tree on point specs: verified on every point (weights reach
    2^(n+1): at n = 70 the evaluator sums in Python integers), and for n <= 20 the same
    circuits as on the truth table of the same points."""
    from minckt.core.data import random_point_set

    points = random_point_set(n, N, 2, "random")
    blocks, tree = block_circuit(points), search_tree_circuit(points)
    assert blocks.exact() == (n >= 60)
    verify(points, blocks)
    metrics = verify(points, tree, Limits(conditional=True))
    assert metrics.evaluated <= 3 * math.ceil(math.log2(N)) + 1
    if n <= 20:
        spec = points.to_spec()
        assert block_circuit(spec) == blocks and search_tree_circuit(spec) == tree
