"""Read-once formulas over the 2-input bases (`constructions.read_once_circuit`) against a
brute force over every chain of 3-input functions (tests/test_chain.py); Schnorr's parity
bound in AIG (`bounds.schnorr`) against the brute force and the chain encoding; and the
least-size searches they end without a solver."""

from __future__ import annotations

import numpy as np
import pytest

from minckt import Limits, Spec, Status, family, minimize
from minckt.bounds import schnorr
from minckt.solve.constructions import parity_aig_circuit, read_once_circuit
from minckt.encode.task import Task
from minckt.encode.chain import ChainSession
from minckt.core.problem import GateModel
from minckt.verify.check import verify

from chaintools import brute_force

N = 3


def _essential(table: int) -> int:
    """How many inputs the 3-input function `table` depends on (flipping each bit)."""
    rows = np.arange(1 << N)
    values = (table >> rows) & 1
    return sum(bool((values != values[rows ^ (1 << i)]).any()) for i in range(N))


@pytest.mark.parametrize("basis,max_size", [("aig", 2), ("xaig", 2), ("full2", 2)])
def test_read_once_exactly_when_the_least_size_is_essential_inputs_minus_one(basis, max_size):
    """A circuit of m - 1 two-input gates on m essential inputs reads each input and each
    gate once (2(m - 1) wires, m inputs and m - 2 non-output gates to read): it is a
    read-once formula, so one is found exactly when the brute force's least size is
    m - 1."""
    truth = brute_force(basis, max_size)
    model = GateModel(basis)
    found = 0
    for table in range(1 << (1 << N)):
        spec = Spec(n=N, outputs=(table,))
        m = _essential(table)
        circuit = read_once_circuit(spec, model)
        expected = m >= 2 and table in truth and truth[table][0] == m - 1
        assert (circuit is not None) == expected, (basis, hex(table))
        if circuit is not None:
            assert verify(spec, circuit, model=model).size == m - 1
            found += 1
    assert found > 0


@pytest.mark.parametrize("name,n,basis,size", [("CD", 6, "aig", 5), ("CD", 6, "xaig", 5),
                                               ("PARITY", 5, "xaig", 4), ("EQ", 4, "xaig", 3),
                                               ("DISJ", 8, "aig", 7)])
def test_a_read_once_function_needs_no_solver(name, n, basis, size):
    result = minimize(family(name, n), "size", model=GateModel(basis))
    assert (result.status, result.value) == (Status.OPTIMAL, size)
    assert result.steps == () and result.lower_bound == size
    assert any("no solver was needed" in note for note in result.notes)
    verify(family(name, n), result.circuit, model=GateModel(basis))


@pytest.mark.parametrize("name,n,basis", [("EQ", 4, "aig"), ("MAJ", 3, "xaig"),
                                          ("IP", 4, "aig")])
def test_other_functions_are_searched(name, n, basis):
    """Not read-once over the basis: no formula, and the search decides with the solver."""
    assert read_once_circuit(family(name, n), GateModel(basis)) is None
    result = minimize(family(name, n), "size", model=GateModel(basis))
    assert result.status is Status.OPTIMAL and result.steps


def test_no_formula_for_partial_or_multi_output_specs_or_mig():
    cd4 = family("CD", 4)
    assert read_once_circuit(cd4, GateModel("mig")) is None
    assert read_once_circuit(Spec(n=4, outputs=cd4.outputs, care=0xFFFE), GateModel("aig")) is None
    assert read_once_circuit(Spec(n=4, outputs=cd4.outputs * 2), GateModel("aig")) is None


def test_schnorr_bound_exactly_on_parities_and_tight_where_the_brute_force_reaches():
    """Over every 3-input function: the bound is given for the parities (and complements)
    of two or three inputs only, 3(m - 1), no more than the brute force's least AIG size
    (3 for two inputs; parity of three needs more gates than it enumerates)."""
    truth = brute_force("aig", 3)
    model = GateModel("aig")
    given = {}
    for table in range(256):
        spec = Spec(n=N, outputs=(table,))
        found = schnorr.bounds(spec, "size", model, Limits())
        if found:
            given[table] = found[0].value
            assert truth.get(table, (found[0].value,))[0] >= found[0].value, hex(table)
    pairs = {0x66, 0x99, 0x5A, 0xA5, 0x3C, 0xC3}  # x1^x2, x1^x3, x2^x3 and complements
    assert given == {**{t: 3 for t in pairs}, 0x96: 6, 0x69: 6}
    assert all(truth[t][0] == 3 for t in pairs)
    assert schnorr.bounds(family("PARITY", 4), "size", GateModel("xaig"), Limits()) == []
    assert schnorr.bounds(family("PARITY", 4), "size", model, Limits(conditional=True)) == []


def test_the_chain_encoding_agrees_with_schnorr_on_parity_4():
    """8 AIG gates cannot compute parity of 4 inputs, 9 can (the encoding, no bound)."""
    spec, model = family("PARITY", 4), GateModel("aig")
    for size, expected in ((8, Status.UNSAT), (9, Status.SAT)):
        session = ChainSession(Task(spec, size, model, Limits(size=size), frozenset()))
        assert session.decide(Limits(size=size)).status is expected


@pytest.mark.parametrize("n", [2, 3, 5, 7])
def test_parity_trees_meet_the_bound(n):
    for table in (family("PARITY", n).outputs[0], ~family("PARITY", n).outputs[0]
                  & ((1 << (1 << n)) - 1)):
        spec = Spec(n=n, outputs=(table,))
        circuit = parity_aig_circuit(spec, GateModel("aig"))
        assert verify(spec, circuit, model=GateModel("aig")).size == 3 * (n - 1)
        result = minimize(spec, "size", model=GateModel("aig"))
        assert (result.status, result.value, result.steps) == (Status.OPTIMAL, 3 * (n - 1), ())
