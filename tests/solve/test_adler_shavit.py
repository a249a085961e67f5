"""Pairwise AND in superposition (`minckt.solve.constructions.adler_shavit`).

Independent truth: the evaluator checks every circuit on every care row (at most k ones);
the code's defining property (equal weights w, overlaps at most λ, w > k λ) is checked on
every pair of sets, and the AND read-out is checked by plain set logic on every support of
at most two inputs for 64 inputs; the hidden count never falls below the proven lower bound.
"""

from __future__ import annotations

import itertools
import random

import pytest

from minckt import Limits, family, verify
from minckt.bounds import strongest
from minckt.core.problem import GateModel
from minckt.solve.constructions import pairwise_and_circuit
from minckt.solve.constructions.adler_shavit import (
    code_parameters, pairwise_and_pairs, superposition_code)


def _pairs(kind: str, m: int) -> list[list[int]] | str:
    if kind == "matching":
        return [[i, i + 1] for i in range(1, m, 2)]
    if kind == "path":
        return [[i, i + 1] for i in range(1, m)]
    if kind == "random":
        every = list(itertools.combinations(range(1, m + 1), 2))
        return [list(p) for p in random.Random(m).sample(every, min(m, len(every)))]
    return "all"


@pytest.mark.parametrize("m", [6, 10, 16])
@pytest.mark.parametrize("kind", ["matching", "path", "random", "all"])
def test_the_circuit_computes_the_pairs(m, kind):
    spec = family("PAIRWISE_AND", m, k=2, pairs=_pairs(kind, m))
    circuit = pairwise_and_circuit(spec)
    metrics = verify(spec, circuit, Limits(outputs_read="hidden"))
    q, _, length = code_parameters(m, 2)
    assert metrics.depth == 2 and metrics.hidden <= min(m, q * length)
    assert metrics.hidden >= strongest(spec, "hidden", GateModel(),
                                       Limits(outputs_read="hidden")).value


def test_superposition_below_one_neuron_per_input():
    """16 inputs in a matching: 15 hidden neurons where the copy network has 16."""
    spec = family("PAIRWISE_AND", 16, k=2, pairs=_pairs("matching", 16))
    assert verify(spec, pairwise_and_circuit(spec)).hidden == 15


def test_three_ones_take_a_longer_code():
    spec = family("PAIRWISE_AND", 12, k=3, pairs=_pairs("path", 12))
    assert pairwise_and_pairs(spec)[1] == 3
    verify(spec, pairwise_and_circuit(spec), Limits(outputs_read="hidden"))


@pytest.mark.parametrize("m, k", [(64, 2), (256, 2), (1024, 2), (100, 3)])
def test_the_code_overlaps_less_than_a_kth_of_a_set(m, k):
    sets = superposition_code(m, k)
    weight = {len(s) for s in sets}
    assert len(weight) == 1
    overlap = max(len(a & b) for a, b in itertools.combinations(sets[:300], 2))
    assert weight.pop() > k * overlap


def test_the_read_out_is_exact_on_every_support_of_64_inputs():
    sets = superposition_code(64, 2)
    pairs = list(itertools.combinations(range(64), 2))
    for support in [()] + [(a,) for a in range(64)] + pairs:
        shown = frozenset().union(*(sets[a] for a in support))
        fired = {(i, j) for i, j in pairs if sets[i] | sets[j] <= shown}
        assert fired == ({tuple(support)} if len(support) == 2 else set())


def test_other_specs_are_refused():
    assert pairwise_and_circuit(family("PARITY", 4)) is None
    assert pairwise_and_circuit(family("PAIRWISE_AND", 6, k=2), GateModel("relu", 2)) is None
