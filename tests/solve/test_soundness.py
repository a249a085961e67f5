"""Soundness: a search never reports a wrong OPTIMAL, INFEASIBLE or UNSAT.

The truth here is computed in this file by brute force and shares no code with minckt's
encodings: a gate reading k sources computes a function from enumerating every integer weight
vector in [-W, W]^k (W the weight limit, or 1, 1, 2, 3, 5 for k = 1..5, which realises every
threshold function -- test_threshold.py proves those values from OEIS A000609); a circuit is
enumerated gate by gate over the care rows, depth counts gates, energy counts active gates per
care row (docs/guide/semantics.md).

The passing tests compare both backends (default symmetry breaks and none) and CEGAR with the
brute force on small questions; the regression tests pin bugs found in review, each with a
minimal reproducer.
"""

from __future__ import annotations

import itertools
import random
from functools import lru_cache

import numpy as np
import pytest

from minckt import Limits, SearchParams, Spec, Status, decide, minimize
from minckt.encode.symmetry import SWITCHES

_ENOUGH = {0: 0, 1: 1, 2: 1, 3: 2, 4: 3, 5: 5}
_NO_BREAKS = {name: False for name in SWITCHES}


# -- brute force ---------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _functions(k: int, weight: int) -> np.ndarray:
    """Every function (int over the 2^k source patterns) of [w.u >= t], |w_i| <= weight."""
    if k == 0:
        return np.array([0, 1], dtype=np.int64)
    vectors = np.array(list(itertools.product(range(-weight, weight + 1), repeat=k)),
                       dtype=np.int64)
    patterns = np.arange(1 << k)
    bits = (patterns[None, :] >> np.arange(k)[:, None]) & 1
    sums = vectors @ bits
    place = np.int64(1) << np.arange(1 << k, dtype=np.int64)
    found = [(sums >= t).astype(np.int64) @ place for t in range(-k * weight, k * weight + 2)]
    return np.unique(np.concatenate(found))


@lru_cache(maxsize=None)
def _gate_tables(k: int, weight: int | None, patterns: tuple[int, ...]) -> tuple[int, ...]:
    """Care-row tables a gate with k sources can have; patterns[i] = sources on care row i."""
    w = _ENOUGH[k] if weight is None else min(weight, _ENOUGH[k])
    funcs = _functions(k, w)
    table = np.zeros_like(funcs)
    for i, p in enumerate(patterns):
        table |= ((funcs >> p) & 1) << i
    return tuple(int(t) for t in np.unique(table))


def _can_compute(k: int, weight: int | None, patterns: tuple[int, ...], table: int) -> bool:
    """Can a gate with k sources (patterns[i] on care row i) have this care-row table?"""
    mask = value = 0
    for i, p in enumerate(patterns):
        bit = (table >> i) & 1
        if (mask >> p) & 1 and ((value >> p) & 1) != bit:
            return False
        mask |= 1 << p
        value |= bit << p
    w = _ENOUGH[k] if weight is None else min(weight, _ENOUGH[k])
    return bool(((_functions(k, w) & mask) == value).any())


def brute_decide(spec: Spec, limits: Limits) -> bool:
    """Is there a threshold circuit within `limits` (size must be set) computing `spec`?"""
    n, rows = spec.n, [int(r) for r in spec.care_rows]
    inputs = [sum(((r >> i) & 1) << q for q, r in enumerate(rows)) for i in range(n)]
    targets = [sum(int(spec.values[k, r]) << q for q, r in enumerate(rows))
               for k in range(spec.num_outputs)]

    def search(tables, levels, wires, counts) -> bool:
        missing = {t for t in targets if t not in tables}
        if not missing:
            return True
        if len(tables) == limits.size or len(missing) > limits.size - len(tables):
            return False
        last = missing.pop() if len(tables) == limits.size - 1 else None
        nodes = inputs + tables
        for k in range(len(nodes) + 1):
            if (limits.fanin is not None and k > limits.fanin) or \
                    (limits.wires is not None and wires + k > limits.wires):
                break
            for sources in itertools.combinations(range(len(nodes)), k):
                level = 1 + max((levels[s - n] for s in sources if s >= n), default=0)
                if limits.depth is not None and level > limits.depth:
                    continue
                patterns = tuple(sum(((nodes[s] >> i) & 1) << q for q, s in enumerate(sources))
                                 for i in range(len(rows)))
                if last is not None:  # the last gate must be the one missing output
                    if limits.energy is not None and any(
                            c + ((last >> i) & 1) > limits.energy for i, c in enumerate(counts)):
                        return False
                    if _can_compute(k, limits.weight, patterns, last):
                        return True
                    continue
                for table in _gate_tables(k, limits.weight, patterns):
                    now = tuple(c + ((table >> i) & 1) for i, c in enumerate(counts))
                    if limits.energy is not None and max(now, default=0) > limits.energy:
                        continue
                    if search(tables + [table], levels + [level], wires + k, now):
                        return True
        return False

    return search([], [], 0, (0,) * len(rows))


def brute_minimize(spec: Spec, objective: str, limits: Limits) -> tuple[str, int | None]:
    if not brute_decide(spec, limits):
        return "INFEASIBLE", None
    for value in itertools.count():
        tighter = limits.with_("size", value) if objective == "size" \
            else limits.tighten(objective, value)
        if brute_decide(spec, tighter):
            return "OPTIMAL", value
    raise AssertionError("unreachable")


def _answer(result) -> tuple[str, int | None]:
    return result.status.name, result.value


# -- random small questions against brute force (passing) --------------------------------
def _questions(count: int, seed: int) -> list[tuple[Spec, str, Limits]]:
    rng = random.Random(seed)
    found = []
    while len(found) < count:
        n = rng.choice([2, 3])
        m = rng.choice([1, 1, 2])
        care = rng.randrange(1, 1 << (1 << n)) if rng.random() < 0.4 else None
        spec = Spec(n=n, outputs=tuple(rng.randrange(1 << (1 << n)) for _ in range(m)),
                    care=care)
        limits = {"size": rng.choice([2, 2, 3])}
        for axis, choices in (("depth", [1, 2]), ("energy", [1, 2]), ("fanin", [1, 2, 3]),
                              ("wires", [2, 3, 4]), ("weight", [1, 2])):
            if rng.random() < 0.25:
                limits[axis] = rng.choice(choices)
        objective = rng.choice(["size", "depth", "energy", "weight", "fanin", "wires"])
        found.append((spec, objective, Limits(**limits)))
    return found


_CONFIGS = {
    "cnf": SearchParams(backend="cnf", time_limit=60),
    "cnf-none": SearchParams(backend="cnf", symmetry=_NO_BREAKS, time_limit=60),
    "cpsat": SearchParams(backend="cpsat", time_limit=60),
    "cpsat-none": SearchParams(backend="cpsat", symmetry=_NO_BREAKS, time_limit=60),
    "cpsat-cegar": SearchParams(backend="cpsat", cegar=True, time_limit=60),
}


_COUNT = 40


@pytest.mark.parametrize("index", range(_COUNT))
def test_minimize_agrees_with_brute_force(index):
    spec, objective, limits = _questions(_COUNT, seed=20261121)[index]
    truth = brute_minimize(spec, objective, limits)
    for name, params in _CONFIGS.items():
        got = _answer(minimize(spec, objective, limits, params=params))
        assert got == truth, (name, spec.hex(), spec.care, objective, limits, got, truth)


def test_time_limit_is_never_unsat():
    # a 6-gate circuit exists (the depth-2 parity construction); a short limit must not
    # turn "ran out of time" into UNSAT
    spec = Spec.from_callable(lambda *x: sum(x) % 2, 6)
    for backend in ("cnf", "cpsat"):
        result = decide(spec, Limits(size=7),
                        params=SearchParams(backend=backend, time_limit=0.3))
        assert result.status in (Status.SAT, Status.UNKNOWN), (backend, result.status)


# -- regressions: bugs found in review, fixed ----------------------------------------------
# An input constant on the care rows made the all-zero padding gate a forbidden "copy".


@pytest.mark.parametrize("backend", ["cnf", "cpsat"])
def test_padding_gate_when_an_input_is_constant_on_the_care_set(backend):
    # rows 0 and 1 only: x2 = 0 there, so the all-zero padding gate "copies" x2
    spec = Spec(n=2, outputs=(0b0001,), care=0b0011)  # not x1 on the care rows: one gate
    assert brute_decide(spec, Limits(size=2))
    result = decide(spec, Limits(size=2), params=SearchParams(backend=backend))
    assert result.status is Status.SAT


def test_wrong_optimal_depth_with_care_set():
    spec = Spec(n=3, outputs=(0x12, 0x01), care=0x13)  # x2 = 0 on every care row
    limits = Limits(size=3, depth=2, fanin=2)
    assert brute_minimize(spec, "depth", limits) == ("OPTIMAL", 1)
    for backend in ("cnf", "cpsat"):
        got = _answer(minimize(spec, "depth", limits, params=SearchParams(backend=backend)))
        assert got == ("OPTIMAL", 1), (backend, got)  # was ("OPTIMAL", 2)


def test_size_objective_without_size_limit_is_not_capped():
    # six distinct 2-input threshold functions need six gates; the default cap is 2n = 4
    spec = Spec(n=2, outputs=(0x8, 0xE, 0x1, 0x7, 0x2, 0x4))
    result = minimize(spec, "size", params=SearchParams(backend="cpsat"))
    assert result.status is not Status.INFEASIBLE


def test_constant_one_spec_is_decided():
    result = decide(Spec(n=2, outputs=(0xF,)), Limits(size=1))
    assert result.status is Status.SAT


def test_constant_one_spec_needs_no_weight():
    # threshold <= 0 with no wires: weight 0, size, depth and energy 1
    limits = Limits(size=1, depth=1, energy=1, weight=0)
    assert brute_decide(Spec(n=2, outputs=(0xF,)), limits)
    result = minimize(Spec(n=2, outputs=(0xF,)), "weight", limits)
    assert _answer(result) == ("OPTIMAL", 0)  # was INFEASIBLE from the bound alone


def test_cpsat_depth_zero_is_unsat():
    result = decide(Spec(n=2, outputs=(0x8,)), Limits(size=2, depth=0),
                    params=SearchParams(backend="cpsat"))
    assert result.status is Status.UNSAT


@pytest.mark.parametrize("backend", ["cnf", "cpsat"])
def test_empty_care_set_is_not_unsat(backend):
    # no care row: the no-constant-1 clause of no_trivial was empty, so a spare slot read UNSAT
    spec = Spec(n=2, outputs=(0,), care=0)  # every circuit computes it
    result = decide(spec, Limits(size=2), params=SearchParams(backend=backend))
    assert result.status is Status.SAT
