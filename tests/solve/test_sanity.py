"""The bound sanity check fails loudly on a circuit that beats a proven bound."""

from __future__ import annotations

import pytest

from minckt import GateModel, Limits, family, minimize
from minckt.bounds import check_circuit
from minckt.core.circuit import Metrics
from minckt.errors import InternalError


def test_check_rejects_resources_below_a_proven_bound():
    # Uchizawa-Nishizeki-Takimoto: parity of n needs n <= s^e; 5 > 2^1.
    impossible = Metrics(size=2, depth=2, energy=1, weight=1, fanin=5, wires=6,
                         evaluated=2, ops=8, hidden=1, params=8)
    with pytest.raises(InternalError, match="proven lower bound"):
        check_circuit(family("PARITY", 5), GateModel(), impossible)


def test_check_accepts_real_optima():
    result = minimize(family("PARITY", 5), "energy", Limits(size=5, depth=3))
    check_circuit(result.spec, GateModel(), result.metrics)  # does not raise
    assert result.metrics.size ** result.metrics.energy >= 5
