"""Symmetry breaks change no optimum: every switch off, all off, and the other backend agree.

The CP-SAT backend is checked against brute force in test_bruteforce.py, so agreeing with it
on minimal size, energy and depth is agreement with independent truth.
"""

from __future__ import annotations

import numpy as np
import pytest

from minckt import Limits, SearchParams, Spec, Status, family, minimize
from minckt.encode.symmetry import SWITCHES, input_symmetries, resolve_switches
from minckt.errors import InputError

#: The switches that apply to threshold circuits (``normal`` is for Boolean chains only).
THRESHOLD_SWITCHES = [name for name in SWITCHES if name != "normal"]

CONFIGS = {
    "cnf": SearchParams(backend="cnf"),
    **{f"cnf-no-{name}": SearchParams(backend="cnf", symmetry={name: False})
       for name in THRESHOLD_SWITCHES},
    "cnf-none": SearchParams(backend="cnf", symmetry={name: False for name in SWITCHES}),
    "cnf-one-phase": SearchParams(backend="cnf", two_phase=False),
    "cpsat": SearchParams(backend="cpsat"),
    **{f"cpsat-no-{name}": SearchParams(backend="cpsat", symmetry={name: False})
       for name in THRESHOLD_SWITCHES},
    "cpsat-none": SearchParams(backend="cpsat", symmetry={name: False for name in SWITCHES}),
}

QUESTIONS = [
    ("size", Limits()),
    ("size", Limits(weight=1)),
    ("energy", Limits(size=3, depth=2)),
    ("depth", Limits(size=3)),
]


def _optima(spec: Spec, objective: str, limits: Limits) -> dict[str, object]:
    found = {}
    for name, params in CONFIGS.items():
        result = minimize(spec, objective, limits, params=params)
        assert result.status in (Status.OPTIMAL, Status.INFEASIBLE), (name, result.status)
        found[name] = result.value if result.status is Status.OPTIMAL else "infeasible"
    return found


def _sample_specs() -> list[Spec]:
    rng = np.random.default_rng(2026)
    # every 3-input function is in the slow tier (test_switches_change_no_optimum_all_3_input)
    three = [Spec(n=3, outputs=(int(t),)) for t in rng.choice(256, size=4, replace=False)]
    named = [family("PARITY", 3), family("MAJ", 3), family("CD", 4), family("EQ", 4),
             family("EXACT", 4, k=2)]
    four = [Spec(n=4, outputs=(int(t),)) for t in rng.choice(1 << 16, size=3, replace=False)]
    return three + named + four


@pytest.mark.parametrize("objective,limits", QUESTIONS, ids=lambda q: str(q))
def test_switches_change_no_optimum_sample(objective, limits):
    for spec in _sample_specs():
        optima = _optima(spec, objective, limits)
        assert len(set(optima.values())) == 1, (str(spec), objective, limits, optima)


@pytest.mark.slow
@pytest.mark.parametrize("objective,limits", QUESTIONS, ids=lambda q: str(q))
def test_switches_change_no_optimum_all_3_input(objective, limits):
    for table in range(256):
        spec = Spec(n=3, outputs=(table,))
        optima = _optima(spec, objective, limits)
        assert len(set(optima.values())) == 1, (hex(table), objective, limits, optima)


def test_input_symmetries_of_families():
    # CD6 = x1y1 | x2y2 | x3y3 with y_i = x_{3+i}: x_i <-> y_i swaps, and pair exchanges
    cd6 = input_symmetries(family("CD", 6))
    assert (3, 1, 2, 0, 4, 5) in cd6  # x1 <-> x4
    assert (1, 0, 2, 4, 3, 5) in cd6  # (x1 x2)(x4 x5): exchange pairs 1 and 2
    assert (1, 0, 2, 3, 4, 5) not in cd6  # x1 <-> x2 alone is not a symmetry
    # parity is symmetric under every transposition
    assert len(input_symmetries(family("PARITY", 4))) == 6
    # GT weighs its inputs by place value: no symmetry
    assert input_symmetries(family("GT", 4)) == []


def test_symmetries_respect_care_set():
    # AND2 is symmetric, but a care set that is not (row 1 only) breaks it
    assert input_symmetries(Spec(n=2, outputs=(0x8,))) == [(1, 0)]
    assert input_symmetries(Spec(n=2, outputs=(0x8,), care=0b1011)) == []


def test_unknown_switch_is_an_error():
    with pytest.raises(InputError, match="unknown symmetry switch"):
        resolve_switches({"nosuch": False})
    with pytest.raises(InputError, match="expected true or false"):
        resolve_switches({"layers": 1})
