"""Smallest weights (`minckt.solve.polish`): the enumeration against CP-SAT and a brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from minckt.solve import polish as P
from minckt.core.families import family
from minckt.core.problem import GateModel, SearchParams
from minckt import minimize


def _patterns(k: int) -> np.ndarray:
    return np.array(list(itertools.product((0, 1), repeat=k)), dtype=np.int64)


def _brute(patterns: np.ndarray, wanted: np.ndarray, bound: int):
    """(max |w|, sum |w|) of the least separating weights, by trying every vector and every
    threshold in range; None when none separates."""
    k = patterns.shape[1]
    best = None
    for w in itertools.product(range(-bound, bound + 1), repeat=k):
        sums = patterns @ np.array(w, dtype=np.int64)
        for t in range(-k * bound, k * bound + 2):
            if ((sums >= t) == wanted).all():
                key = (max(map(abs, w), default=0), sum(map(abs, w)))
                best = key if best is None else min(best, key)
                break
    return best


def _order(weights) -> tuple[int, int]:
    return max(map(abs, weights), default=0), sum(map(abs, weights))


def _check(patterns, wanted, result):
    weights, threshold = result
    assert ((patterns @ np.array(weights, dtype=np.int64) >= threshold) == wanted).all()


@pytest.mark.parametrize("k", [1, 2, 3])
def test_every_function_of_up_to_three_inputs(k):
    """Every Boolean function of k inputs: threshold ones get the brute force's least
    weights from both paths, the others None from both."""
    patterns = _patterns(k)
    bound = 2 if k < 3 else 3
    found = 0
    for table in range(1 << (1 << k)):
        wanted = np.array([(table >> i) & 1 for i in range(1 << k)], dtype=bool)
        expected = _brute(patterns, wanted, bound)
        listed = P._smallest(patterns.T, wanted, bound, 10.0)
        solved = P._cpsat_smallest(k, patterns, wanted, bound, 10.0)
        if expected is None:
            assert listed is None and solved is None
            continue
        found += 1
        for result in (listed, solved):
            _check(patterns, wanted, result)
            assert _order(result[0]) == expected
    assert found == {1: 4, 2: 14, 3: 104}[k]  # the threshold functions (OEIS A000609)


def test_partial_patterns_and_bound():
    """Only the patterns given count, and a bound below the least weight gives None."""
    patterns = _patterns(3)
    majority = patterns.sum(axis=1) >= 2
    assert _order(P._smallest(patterns[[0, 7]].T, majority[[0, 7]], 1, 10.0)[0]) == (1, 1)
    # x1 + x2 + 2 x3 >= 2 needs weight 2 (x3 alone fires, x1 alone does not, x1 x2 fires)
    wanted = patterns @ np.array([1, 1, 2]) >= 2
    assert P._smallest(patterns.T, wanted, 1, 10.0) is None
    assert _order(P._smallest(patterns.T, wanted, 2, 10.0)[0]) == (2, 4)


def test_large_gates_take_cpsat(monkeypatch):
    """Past `_ENUMERATED` vectors the CP-SAT model decides, from the weight the enumeration
    reached: with 10 inputs only max |w| = 0 is enumerated (there are 3^10 = 59049 > 5000
    vectors of max |w| <= 1), so CP-SAT starts at 1; x1 + ... + x9 + 2 x10 >= 3 needs 2."""
    calls = []
    real = P._cpsat_smallest
    monkeypatch.setattr(P, "_cpsat_smallest",
                        lambda *a, **k: calls.append(k) or real(*a, **k))
    patterns = _patterns(10)
    wanted = patterns @ np.array([1] * 9 + [2]) >= 3
    result = P._smallest(patterns.T, wanted, 3, 10.0)
    _check(patterns, wanted, result)
    assert calls == [{"least": 1}] and _order(result[0]) == (2, 11)
    assert _order(P._smallest(patterns.T, patterns.sum(axis=1) >= 3, 3, 10.0)[0]) == (1, 10)


def test_polished_circuits_keep_their_values():
    """A search's circuits come out with their least weights: MAJ 5 is one gate of
    weights 1 and threshold 3."""
    result = minimize(family("MAJ", 5), "size", model=GateModel(), params=SearchParams())
    assert result.value == 1
    (gate,) = result.circuit.gates
    assert sorted(w for _, w in gate.weights) == [1] * 5 and gate.threshold == 3


def test_relu_and_sigmoid_weights_are_polished_to_the_least_brute_force_finds():
    """A ReLU gate of resolution 2 and a sigmoid gate of 2 steps on two inputs, with large
    weights, keep their values on every row after polishing, and no gate of that kind with
    a smaller max |w| has those values (brute force over every smaller weight vector, and
    every threshold or pair of breakpoints that could matter)."""
    from dataclasses import replace

    from minckt.core.circuit import Circuit, Gate
    from minckt.core.spec import Spec
    from minckt.solve.polish import polished

    def values_of(gate):
        return Circuit(2, (gate,), ("g1",)).gate_values()[0]

    for gate in (Gate("g1", (("x1", 900), ("x2", 1800)), 899, kind="relu", resolution=2),
                 Gate("g1", (("x1", 700), ("x2", -700)), 0, kind="sigmoid",
                      breakpoints=(-700, 1))):
        values = values_of(gate)
        spec = Spec(2, (sum(1 << r for r in range(4) if values[r] > 0),))
        better, least = polished(Circuit(2, (gate,), ("g1",)), spec)
        assert least and (values_of(better.gates[0]) == values).all()
        found = max(abs(w) for _, w in better.gates[0].weights)
        assert found < 700
        for top in range(found):
            span = range(-3 * top - 3, 3 * top + 4)
            for w1, w2 in itertools.product(range(-top, top + 1), repeat=2):
                weights = (("x1", w1), ("x2", w2))
                trials = (replace(gate, weights=weights, threshold=t) for t in span) \
                    if gate.kind == "relu" else \
                    (replace(gate, weights=weights, breakpoints=(b1, b2))
                     for b1 in span for b2 in span if b1 <= b2)
                assert not any((values_of(t) == values).all() for t in trials)
