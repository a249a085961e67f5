"""CEGAR over rows gives the same optima as solving on every row (both backends)."""

from __future__ import annotations

import pytest

from minckt import Limits, SearchParams, Spec, Status, family, minimize
from minckt.verify.check import verify

CASES = [
    (family("PARITY", 4), "size", Limits()),
    (family("CD", 4), "energy", Limits(size=4, depth=2)),
    (Spec(n=4, outputs=(0x1E5A,)), "size", Limits()),
    (Spec.from_table(["0x96", "0xE8"], 3), "size", Limits()),
    (Spec(n=4, outputs=(0x6996,), care=0xF0F0), "size", Limits()),
]


@pytest.mark.parametrize("backend", ["cnf", "cpsat"])
@pytest.mark.parametrize("spec,objective,limits", CASES, ids=lambda c: str(c)[:24])
def test_cegar_agrees(backend, spec, objective, limits):
    plain = minimize(spec, objective, limits, params=SearchParams(backend=backend))
    lazy = minimize(spec, objective, limits, params=SearchParams(backend=backend, cegar=True))
    assert plain.status is Status.OPTIMAL and lazy.status is Status.OPTIMAL
    assert lazy.value == plain.value
    verify(spec, lazy.circuit, limits.tighten(objective, lazy.value))
    assert lazy.stats["cegar_rows"] <= len(spec.care_rows)
