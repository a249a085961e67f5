"""CD, DISJ, IP, EQ and GT from their definitions (`minckt.solve.constructions.paired`).

Independent truth: the family's table on every row (the evaluator), the sizes of the module's
formulas, and the exact least size the search proves where it is quick (n = 2, 4).
"""

from __future__ import annotations

import math

import pytest

import minckt
from minckt.core.problem import GateModel, SearchParams
from minckt.core.spec import Spec
from minckt.solve.constructions.paired import PAIRED, paired_circuit, paired_family
from minckt.verify.check import verify


def _size(name: str, k: int) -> int:
    return {"CD": k, "DISJ": k, "EQ": 2, "GT": 1,
            "IP": k + math.ceil(math.log2(k + 1)) if k > 1 else 1}[name]


@pytest.mark.parametrize("n", [2, 4, 6, 8, 10, 14])
@pytest.mark.parametrize("name", PAIRED)
def test_each_family_is_built_and_verified_on_every_row(name, n):
    spec = minckt.family(name, n)
    assert paired_family(spec) == name or n == 2  # IP 2 = CD 2 = AND, found as CD
    metrics = verify(spec, paired_circuit(spec))
    assert metrics.size == _size(name, n // 2)
    if name in ("CD", "DISJ") and n > 2:
        assert metrics.depth == 2


def test_other_specs_are_not_recognised():
    for spec in (minckt.family("PARITY", 6), minckt.family("RANDOM", 6, seed=1),
                 minckt.family("MAJ", 4)):
        assert paired_family(spec) is None and paired_circuit(spec) is None
    assert paired_circuit(minckt.family("CD", 6), GateModel("relu", 2)) is None
    ip = minckt.family("IP", 6)
    full = (1 << 64) - 1
    assert paired_family(Spec(n=6, outputs=(ip.outputs[0] ^ full,))) is None


@pytest.mark.parametrize("name", ["CD", "DISJ", "IP", "EQ"])
def test_never_below_the_proven_optimum(name):
    for n in (2, 4):
        spec = minckt.family(name, n)
        best = minckt.minimize(spec, "size", params=SearchParams(time_limit=30))
        assert best.status is minckt.Status.OPTIMAL
        size = verify(spec, paired_circuit(spec)).size
        assert size >= best.value
        if name != "IP":  # CD, DISJ: k gates, EQ: 2 -- tight at these sizes
            assert size == best.value
