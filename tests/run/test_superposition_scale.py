"""The superposition study past exact search (`minckt.run.superposition`) and its report.

Independent truth: brute force over the rows with at most two ones (the promise spec's
blocks against a direct enumeration), the truth table of the same question for small m
(`PAIRWISE_AND`), the code's hidden count against its parameters, and hand counts of the
copy network.
"""

from __future__ import annotations

import itertools
import math

import pytest

from minckt.cli import main
from minckt.core.circuit import Circuit, Gate
from minckt.core.families import family
from minckt.core.points import SparsePairs
from minckt.errors import InputError, VerificationError
from minckt.report.superposition_scale import pairs_markdown, wins
from minckt.run.superposition import distinct_outputs, measure_pairs, pair_list
from minckt.solve.constructions.adler_shavit import (
    code_parameters, copy_pairs_network, pairwise_and_circuit, pairwise_and_network)
from minckt.verify.check import verify


def test_blocks_are_every_row_with_at_most_two_ones():
    spec = SparsePairs(7, ((0, 1), (2, 5)), 2)
    seen = []
    for block in spec.blocks(size=5):
        for point, a, b in zip(block.inputs, *block.labels):
            seen.append(tuple(point))
            assert a == (point[0] & point[1]) and b == (point[2] & point[5])
    expected = [p for p in itertools.product((0, 1), repeat=7) if sum(p) <= 2]
    assert sorted(seen) == sorted(expected) and spec.num_points == len(expected) == 29


def test_the_networks_agree_with_the_truth_table_question():
    """All pairs of 6 inputs: the network from the pair list is the one the spec gives."""
    spec = family("PAIRWISE_AND", 6, k=2, pairs="all")
    pairs = pair_list("all", 6)
    assert pairwise_and_circuit(spec) == pairwise_and_network(6, pairs, 2)
    verify(spec, pairwise_and_network(6, pairs, 2))
    verify(SparsePairs(6, tuple(pairs)), copy_pairs_network(6, pairs))


def test_a_wrong_network_is_caught_on_some_sparse_row():
    pairs = ((0, 1), (2, 3))
    wrong = Circuit(4, (Gate("a", (("x1", 1), ("x2", 1)), 1), Gate("b", (("x3", 1), ("x4", 1)),
                                                                  2)), ("a", "b"))
    with pytest.raises(VerificationError, match="ones at x1"):
        verify(SparsePairs(4, pairs), wrong)


@pytest.mark.parametrize("kind", ["matching", "path", "random", "all"])
def test_measurements_against_hand_counts(kind):
    m = 24 if kind != "all" else 9
    sup, copy = measure_pairs(kind, m)
    pairs = pair_list(kind, m)
    assert sup.outputs == copy.outputs == len(pairs)
    assert copy.hidden == copy.used and copy.wires == copy.used + 2 * len(pairs)
    q, degree, length = code_parameters(sup.used, 2)
    assert sup.hidden <= q * length
    # every 2-row fires at most its own pair: the distinct vectors are m' + 1
    assert sup.distinct == len(pairs) + 1 == distinct_outputs(SparsePairs(m, tuple(pairs)))
    assert sup.lower_hidden == math.ceil(math.log2(len(pairs) + 1)) <= sup.hidden
    assert sup.points == 1 + m + math.comb(m, 2)


def test_superposition_beats_the_copy_network_on_a_long_matching():
    sup, copy = measure_pairs("matching", 128)
    assert sup.hidden < copy.hidden == 128
    text = pairs_markdown([sup, copy])
    assert "- matching, m = 128:" in text and wins([sup, copy])[0][1] == 128


def test_bad_pair_lists_are_errors():
    with pytest.raises(InputError, match="distinct pairs"):
        SparsePairs(4, ((1, 0),))
    with pytest.raises(InputError, match="m = 1"):
        SparsePairs(1, ((0, 1),))


def test_the_superposition_study_command(tmp_path, capsys):
    args = ["study", "superposition", "--store", str(tmp_path / "s.sqlite"),
            "--out-dir", str(tmp_path / "out"), "--largest", "16"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "matching m=16" in printed and "pair lists" in printed
    assert (tmp_path / "out" / "superposition_scale.png").stat().st_size > 0
    assert main(args) == 0
    assert "matching m=16" not in capsys.readouterr().out  # read back from the store
