"""Symmetric functions (`minckt.solve.constructions.symmetric`): the depth-2 staircase, the
folded depth-2 circuit and the counting circuit of parity, and the subcube bound for parity past 12 inputs.

Independent truth: the evaluator on every row; brute force over every symmetric function of
up to 5 inputs (all 2^(n+1) weight profiles); the exact optimum of the search where it is
known; the subcube bound's closed form ⌈log2(n + 1)⌉ for parity.
"""

from __future__ import annotations

import itertools
import math

import pytest

import minckt
from minckt import bounds
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.core.spec import Spec
from minckt.solve.constructions import SOURCES
from minckt.solve.constructions.symmetric import (
    counting_circuit, folded_circuit, staircase_circuit, weight_profile)
from minckt.verify.check import verify


def _symmetric(n: int, profile: tuple[int, ...]) -> Spec:
    table = 0
    for row in range(1 << n):
        if profile[bin(row).count("1")]:
            table |= 1 << row
    return Spec(n=n, outputs=(table,))


def _staircase_shape(profile, changes, metrics) -> None:
    assert metrics.size == (1 if changes == 1 and profile[0] == 0 else changes + 1)
    assert metrics.depth <= 2 and metrics.weight == 1


def _folded_shape(profile, changes, metrics) -> None:
    assert metrics.size == changes // 2 + 1
    assert metrics.depth == (1 if changes == 1 else 2)


@pytest.mark.parametrize("build, shape, n", [
    *[(staircase_circuit, _staircase_shape, n) for n in (1, 2, 3, 4, 5)],
    *[(folded_circuit, _folded_shape, n) for n in (1, 2, 3, 4, 5, 6)]],
    ids=lambda v: getattr(v, "__name__", str(v)))
def test_every_symmetric_function_has_its_depth_two_circuits(build, shape, n):
    """The staircase (n <= 5) and the folded circuit (n <= 6) of every symmetric function:
    verified on every row, threshold and ReLU R = 1, of the sizes their definitions give
    (r + 1, and floor(r/2) + 1, for r value changes)."""
    for profile in itertools.product((0, 1), repeat=n + 1):
        spec = _symmetric(n, profile)
        assert weight_profile(spec) == dict(enumerate(profile))
        circuit = build(spec)
        if len(set(profile)) < 2:
            assert circuit is None
            continue
        changes = sum(a != b for a, b in zip(profile, profile[1:]))
        shape(profile, changes, verify(spec, circuit))
        verify(spec, build(spec, GateModel("relu", 1)), model=GateModel("relu", 1))


def test_the_folded_circuit_of_a_partial_symmetric_function():
    """Care rows of weights 0, 3, 4 and 7 of 7 inputs only: the changes are counted among the
    weights present (0 -> 3 -> 4 -> 7: three), so 2 gates."""
    n, values = 7, {0: 0, 3: 1, 4: 0, 7: 1}
    care = table = 0
    for row in range(1 << n):
        w = bin(row).count("1")
        if w in values:
            care |= 1 << row
            table |= values[w] << row
    spec = Spec(n=n, outputs=(table,), care=care)
    assert verify(spec, folded_circuit(spec)).size == 2


def test_the_folded_circuit_is_the_exact_depth_two_optimum_of_small_parities():
    """PARITY 3, 4 and 5 at depth <= 2: minckt proves 2, 3 and 3 gates optimal (the lower
    bounds are the separability and subcube bounds, found circuits meet them), which the
    folded circuit meets."""
    for n, least in ((3, 2), (4, 3), (5, 3)):
        parity = minckt.family("PARITY", n)
        result = minckt.minimize(parity, "size", Limits(depth=2), params=SearchParams(
            time_limit=60))
        assert result.status.value == "OPTIMAL" and result.value == least
        assert verify(parity, folded_circuit(parity)).size == least


@pytest.mark.parametrize("n", [2, 3, 5, 8, 11])
def test_counting_circuit_computes_parity_and_its_complement(n):
    parity = minckt.family("PARITY", n)
    circuit = counting_circuit(parity)
    assert verify(parity, circuit).size == math.ceil(math.log2(n + 1))
    full = (1 << (1 << n)) - 1
    negated = Spec(n=n, outputs=(parity.outputs[0] ^ full,))
    assert verify(negated, counting_circuit(negated)).size == math.ceil(math.log2(n + 1))
    assert counting_circuit(minckt.family("MAJ", n)) is None
    assert weight_profile(minckt.family("IP", 4)) is None


def test_no_construction_for_multi_level_gates():
    parity = minckt.family("PARITY", 4)
    assert staircase_circuit(parity, GateModel("relu", 2)) is None
    assert counting_circuit(parity, GateModel("sigmoid", 2)) is None


def test_the_counting_circuit_equals_the_exact_optimum_where_searched():
    """Parity of 5 and 6 inputs: the solver refutes 2 gates (a decision, no bound or
    construction involved), and the counting circuit has 3 = ⌈log2(n + 1)⌉."""
    for n in (5, 6):
        spec = minckt.family("PARITY", n)
        below = minckt.decide(spec, Limits(size=2),
                              params=SearchParams(backend="cpsat", time_limit=60))
        assert below.status is minckt.Status.UNSAT
        assert verify(spec, counting_circuit(spec)).size == 3


@pytest.mark.parametrize("n", [13, 17])
def test_parity_past_twelve_inputs_is_proven_by_its_construction(n):
    """c(f) = 0 is recognised past 12 inputs, so the subcube bound ⌈log2(n + 1)⌉ holds and
    the counting circuit meets it: OPTIMAL without a solver call."""
    spec = minckt.family("PARITY", n)
    bound = bounds.strongest(spec, "size")
    assert bound.value == math.ceil(math.log2(n + 1)) and bound.name == "subcube"
    assert bounds.strongest(minckt.family("MAJ", n), "size").value == 1  # no c = 0 there
    result = minckt.minimize(spec, "size", params=SearchParams(time_limit=30))
    assert result.status is minckt.Status.OPTIMAL and result.value == bound.value
    assert result.circuit_source == SOURCES["counting"] and not result.steps


def test_a_decision_below_a_proven_bound_needs_no_solver():
    """Parity of 20 inputs in 4 gates: the subcube bound gives 5, so the answer is UNSAT at
    once, with no solver step (it ran past 30 s on a 5 s limit before); a backend the user
    names still asks its solver."""
    result = minckt.decide(minckt.family("PARITY", 20), Limits(size=4),
                           params=SearchParams(time_limit=5))
    assert result.status is minckt.Status.UNSAT and not result.steps
    assert result.bound.name == "subcube" and result.bound.value == 5
    named = minckt.decide(minckt.family("PARITY", 5), Limits(size=2),
                          params=SearchParams(backend="cpsat", time_limit=60))
    assert named.status is minckt.Status.UNSAT and named.steps
