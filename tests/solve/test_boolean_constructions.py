"""Sums of products and Shannon decompositions in the Boolean bases
(`constructions.boolean`, `constructions.isop`), and the answers out of time they give.

Independent truth: every circuit passes the evaluator (`minckt.verify`) on its spec, over
the NPN classes of 4 inputs and random total, partial and multi-output specs of 2..8
inputs in every basis; the covers are checked against the definitions (implicants of the
upper set, prime, irredundant, covering the on-set) by brute force over the rows and against
counts worked out by hand (MAJ_n has C(n, ⌈n/2⌉) prime implicants, parity 2^(n-1)).
Sizes are pinned so that a regression fails.
"""

from __future__ import annotations

import math
import random
import time

import pytest

import minckt
from minckt import Limits, SearchParams, Spec, Status, family
from minckt.core.classes import npn_representatives
from minckt.core.problem import GateModel
from minckt.errors import InputError
from minckt.solve.constructions import SOURCES, constructions
from minckt.solve.constructions.boolean import (
    MAX_INPUTS, gate_cap, shannon_circuit, sop_circuits)
from minckt.solve.constructions.isop import isop
from minckt.verify.check import verify

BASES = ("aig", "xaig", "full2", "mig")


def _all_three(spec: Spec, model: GateModel) -> list:
    return [*sop_circuits(spec, model), shannon_circuit(spec, model)]


def _cube_rows(cube: tuple[int, int], n: int) -> int:
    """The table of a cube: the rows where every literal holds."""
    positive, negative = cube
    return sum(1 << r for r in range(1 << n) if r & positive == positive and not r & negative)


@pytest.mark.parametrize("seed", range(4))
def test_isop_is_a_prime_irredundant_cover_of_the_interval(seed):
    rng = random.Random(seed)
    for _ in range(40):
        n = rng.randint(1, 5)
        full = (1 << (1 << n)) - 1
        on = rng.getrandbits(1 << n)
        upper = on | rng.getrandbits(1 << n) & rng.getrandbits(1 << n)
        cubes = isop(on, upper, n)
        tables = [_cube_rows(c, n) for c in cubes]
        covered = 0
        for cube, table in zip(cubes, tables):
            assert not cube[0] & cube[1] and table & ~upper == 0  # an implicant of upper
            covered |= table
            for i in range(n):  # prime: no literal can go
                if ((cube[0] | cube[1]) >> i) & 1:
                    wider = (cube[0] & ~(1 << i), cube[1] & ~(1 << i))
                    assert _cube_rows(wider, n) & ~upper, (hex(on), hex(upper), cube)
        assert on & ~covered == 0 and covered & ~upper & full == 0
        for k in range(len(cubes)):  # irredundant: each cube alone covers an on-set row
            others = 0
            for j, table in enumerate(tables):
                if j != k:
                    others |= table
            assert on & ~others, (hex(on), hex(upper), cubes[k])


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_isop_counts(n):
    majority, parity = family("MAJ", n).outputs[0], family("PARITY", n).outputs[0]
    cubes = isop(majority, majority, n)
    half = (n + 1) // 2  # the family's MAJ_n is [x1 + ... + xn >= n/2]
    assert len(cubes) == math.comb(n, half)
    assert all((p | m).bit_count() == half and not m for p, m in cubes)
    assert len(isop(parity, parity, n)) == 1 << (n - 1)
    with pytest.raises(InputError):
        isop(majority, 0, n)


def _least_over_classes(basis: str, step: int) -> int:
    """The least of the three circuits, each verified, summed over every `step`-th NPN
    class of 4 inputs (one function each)."""
    model, total = GateModel(basis), 0
    for table in npn_representatives(4)[::step]:
        spec = Spec(n=4, outputs=(int(table),))
        total += min(verify(spec, c, model=model).size for c in _all_three(spec, model))
    return total


@pytest.mark.parametrize("basis", BASES)
def test_every_npn_class_of_4_inputs(basis):
    """The 222 classes, the sum pinned."""
    assert _least_over_classes(basis, 1) == {"aig": 1668, "xaig": 1392, "full2": 1390,
                                             "mig": 1599}[basis]


@pytest.mark.slow
@pytest.mark.parametrize("basis", BASES)
def test_random_4_input_functions_total_and_partial(basis):
    """2,000 random functions of 4 inputs, half of them with a random care set."""
    rng, model = random.Random(4), GateModel(basis)
    for k in range(2000):
        spec = Spec(n=4, outputs=(rng.getrandbits(16),),
                    care=rng.getrandbits(16) if k % 2 else None)
        for circuit in _all_three(spec, model):
            verify(spec, circuit, model=model)


@pytest.mark.parametrize("basis", BASES)
def test_random_partial_and_multi_output_specs(basis):
    rng = random.Random(basis)
    model = GateModel(basis)
    for _ in range(15):
        n, m = rng.randint(2, 8), rng.choice((1, 1, 2, 3))
        rows = 1 << n
        care = rng.choice((None, rng.getrandbits(rows),
                           sum(1 << r for r in rng.sample(range(rows), min(rows, 12)))))
        spec = Spec(n=n, outputs=tuple(rng.getrandbits(rows) for _ in range(m)), care=care)
        circuits = _all_three(spec, model)
        assert circuits[2] is not None  # a few hundred gates at most: within the cap
        for circuit in circuits:
            if circuit is not None:
                assert verify(spec, circuit, model=model).size <= gate_cap(spec)


@pytest.mark.parametrize("basis", BASES)
def test_constant_literal_and_repeated_outputs(basis):
    """An output that is an input, its complement or a constant is still a gate; equal
    outputs share theirs; an output and its complement cost one gate more than it alone."""
    model = GateModel(basis)
    spec = Spec(n=2, outputs=(0xA, 0x5, 0x0, 0xF, 0x8, 0x8, 0x7))
    for circuit in _all_three(spec, model):
        verify(spec, circuit, model=model)
    majority = family("MAJ", 5).outputs[0]
    alone = shannon_circuit(family("MAJ", 5), model)
    both = Spec(n=5, outputs=(majority, majority, majority ^ ((1 << 32) - 1)))
    assert verify(both, shannon_circuit(both, model), model=model).size \
        == len(alone.gates) + 1


@pytest.mark.parametrize("basis", BASES)
def test_dont_cares_are_used(basis):
    """x1 AND x2 on the rows with x3 = 0, anything elsewhere: one gate for each of the
    three (a total table with those rows at 1 has x3 essential)."""
    care = sum(1 << r for r in range(16) if not r & 4)
    spec = Spec(n=4, outputs=(sum(1 << r for r in range(16) if r & 3 == 3 or r & 4),),
                care=care)
    model = GateModel(basis)
    assert [verify(spec, c, model=model).size for c in _all_three(spec, model)] == [1, 1, 1]


@pytest.mark.parametrize("name,n,basis,sizes", [
    ("MAJ", 5, "aig", (25, 12, 12)), ("MAJ", 5, "mig", (25, 12, 8)),
    ("MAJ", 7, "aig", (86, 26, 24)), ("PARITY", 6, "xaig", (87, 27, 5)),
    ("PARITY", 6, "aig", (87, 27, 15)), ("IP", 8, "xaig", (170, 31, 7)),
    ("GT", 8, "mig", (53, 15, 10)), ("EQ", 8, "aig", (15, 15, 18))])
def test_pinned_sizes(name, n, basis, sizes):
    """(balanced SOP, factored SOP, Shannon) gates on named functions: the greedy order
    pairs the halves of IP, EQ and GT (in AIG 76, 73 and 51 gates in x_1..x_n order); IP 8
    in XAIG is its optimum, 4 ANDs and 3 XORs (each x_i AND x_j found built beside its
    multiplexer)."""
    spec, model = family(name, n), GateModel(basis)
    found = tuple(verify(spec, c, model=model).size for c in _all_three(spec, model))
    assert found == sizes


def test_refusals_are_quick():
    """Not a basis, one input, more than MAX_INPUTS or past the gate cap: None, at once (a
    random function of 16 inputs needs thousands of gates; 20 inputs are not looked at)."""
    assert _all_three(family("MAJ", 5), GateModel()) == [None] * 3
    assert _all_three(Spec(n=1, outputs=(0x2,)), GateModel("full2")) == [None] * 3
    wide = family("PARITY", MAX_INPUTS + 4)
    started = time.perf_counter()
    assert _all_three(wide, GateModel("aig")) == [None] * 3
    assert time.perf_counter() - started < 0.1
    spec = Spec(n=16, outputs=(random.Random(0).getrandbits(1 << 16),))
    started = time.perf_counter()
    assert _all_three(spec, GateModel("aig")) == [None] * 3
    assert time.perf_counter() - started < 3  # about 0.2 s


def test_sixteen_inputs_within_the_cap():
    """MAJ 16 in MIG: one majority gate per node of its BDD but the last-level literals,
    71 gates, within the 128 the cap allows at 16 inputs."""
    spec, model = family("MAJ", 16), GateModel("mig")
    assert gate_cap(spec) == 128
    assert verify(spec, shannon_circuit(spec, model), model=model).size == 71


def test_registered_for_bases_only():
    spec = family("MAJ", 5)
    sources = {c.source for c in constructions(spec, GateModel("aig"))}
    assert {SOURCES["sop"], SOURCES["factored sop"], SOURCES["shannon"]} <= sources
    assert SOURCES["shannon"] not in {c.source for c in constructions(spec, GateModel())}


def test_maj5_aig_out_of_time_is_feasible_with_a_verified_circuit():
    """The exact search does not finish MAJ_5 in AIG in a second: the answer is FEASIBLE
    with a 12-gate circuit (factored SOP and Shannon tie) and the proven lower bound, not
    UNKNOWN."""
    spec, model = family("MAJ", 5), GateModel("aig")
    started = time.perf_counter()
    result = minckt.minimize(spec, "size", model=model, params=SearchParams(time_limit=1))
    assert time.perf_counter() - started < 5
    assert result.status is Status.FEASIBLE
    assert result.circuit_source in {SOURCES["factored sop"], SOURCES["shannon"]}  # a tie
    assert result.value == result.metrics.size == 12
    assert 1 <= result.lower_bound < 12
    verify(spec, result.circuit, model=model)


def test_out_of_time_answers_keep_the_limits():
    """A decision within the construction's size is SAT with it, one below is UNKNOWN; a
    depth limit the circuits break leaves UNKNOWN, one they meet gives a circuit within it."""
    spec, model, instant = family("MAJ", 5), GateModel("aig"), SearchParams(time_limit=1e-6)
    found = minckt.decide(spec, Limits(size=12), model=model, params=instant)
    assert found.status is Status.SAT and found.metrics.size <= 12
    verify(spec, found.circuit, Limits(size=12), model)
    assert minckt.decide(spec, Limits(size=11), model=model, params=instant).status is Status.UNKNOWN
    shallow = minckt.minimize(spec, "size", Limits(depth=3), model=model, params=instant)
    assert shallow.status is Status.UNKNOWN and shallow.circuit is None
    within = minckt.minimize(spec, "size", Limits(depth=6), model=model, params=instant)
    assert within.status is Status.FEASIBLE and within.metrics.depth <= 6
    verify(spec, within.circuit, Limits(depth=6), model)
