"""Read-once formulas over the 2-input bases (`constructions.read_once_circuit`) against a
brute force over every chain of 3-input functions (tests/test_chain.py), and the least-size
searches they end without a solver."""

from __future__ import annotations

import numpy as np
import pytest

from minckt import Spec, Status, family, minimize
from minckt.constructions import read_once_circuit
from minckt.problem import GateModel
from minckt.verify import verify

from test_chain import brute_force

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
    assert any("read-once" in note for note in result.notes)
    verify(family(name, n), result.circuit, model=GateModel(basis))


@pytest.mark.parametrize("name,n,basis", [("PARITY", 3, "aig"), ("MAJ", 3, "xaig"),
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
