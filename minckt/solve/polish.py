"""Smallest weights for a circuit's own gates: readable circuits at no cost in any resource.

A backend returns some optimum, often with large weights (any weight in the searched range
is as good to the solver).  `polish` replaces each threshold gate's weights and threshold by
those of least max |w| (then least sum |w|) that give the gate the same value on every care
row, keeping its sources.  Every gate value is unchanged on every care row, so the outputs,
size, depth, energy, fan-in and wires are unchanged and the weight can only drop.  Each gate
is one small problem over the distinct input patterns it sees: by increasing max |w| = m, as
long as there are few vectors of max |w| <= m (at most `_ENUMERATED`), every one is tried
with numpy, so the first m with a separating vector is the least, and among its vectors
the least sum |w| is taken; past that, a CP-SAT model finds the optimum from m on.
Both give an optimum of the same order (`tests/test_polish.py` checks them against each
other).  A guarded gate keeps
its guard and need only keep its activation on the care rows where it is evaluated (it
outputs 0 elsewhere whatever its weights).

ReLU and sigmoid gates are polished the same way, by CP-SAT alone: a ReLU gate of resolution
R keeps its value v on each pattern (z <= 0 where v = 0, z >= R where v = R, z = v between);
a sigmoid gate keeps its threshold (the search fixes it at 0) and its value v, the number of
its breakpoints z reaches, with new ascending breakpoints (z >= b_v, z < b_(v+1)).  New
weights are looked for up to `MULTILEVEL_CAP` in magnitude; a gate whose least lies beyond,
or whose model is not solved to optimality within its time, keeps what it has.
`polished` also says whether every gate's weights are proven least for its values.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
from ortools.sat.python import cp_model

from dataclasses import replace

from minckt.core.circuit import Circuit
from minckt.encode.cpsat import CpModel, solve_model
from minckt.core.spec import Spec

__all__ = ["polish", "polished", "smallest_gate", "MULTILEVEL_CAP"]

#: The largest weight (and breakpoint) a ReLU or sigmoid gate's polished weights may take.
MULTILEVEL_CAP = 1 << 16


def polish(circuit: Circuit, spec: Spec, time_limit: float = 2.0) -> Circuit:
    """The circuit with each gate's weights minimised (see the module docstring)."""
    return polished(circuit, spec, time_limit)[0]


def polished(circuit: Circuit, spec: Spec, time_limit: float = 2.0,
             multilevel_s: float | None = None) -> tuple[Circuit, bool]:
    """(the circuit with each gate's weights minimised, whether every ReLU and sigmoid
    gate's max |w| is proven least for its values on the care rows); `time_limit` is per
    threshold gate, `multilevel_s` (default the same) per ReLU or sigmoid gate."""
    rows = spec.care_rows
    values, evaluated = circuit.evaluate(rows)
    inputs = ((rows[None, :] >> np.arange(circuit.n)[:, None]) & 1).astype(np.int64)
    index = {g.id: j for j, g in enumerate(circuit.gates)}
    gates, least = [], True
    for j, gate in enumerate(circuit.gates):
        if gate.kind == "boolean" or not gate.weights:
            gates.append(gate)
            continue
        sources = [s for s, _ in gate.weights]
        matrix = np.stack([
            values[index[s]] if s in index else inputs[int(s[1:]) - 1] for s in sources
        ])[:, evaluated[j]]
        if matrix.shape[1] == 0:
            gates.append(gate)
            continue
        current = max(abs(w) for _, w in gate.weights)
        if gate.kind == "threshold":
            better = _smallest(matrix, values[j][evaluated[j]] > 0, current, time_limit)
            if better is not None:
                weights, threshold = better
                gate = replace(gate, weights=tuple(zip(sources, weights)),
                               threshold=threshold)
        else:
            lifted = _multilevel(gate, sources, matrix, values[j][evaluated[j]], current,
                                 time_limit if multilevel_s is None else multilevel_s)
            least = least and lifted is not None and lifted[1]
            if lifted is not None:
                gate = lifted[0]
        gates.append(gate)
    return Circuit(circuit.n, tuple(gates), circuit.outputs), least


def _multilevel(gate, sources: list[str], matrix: np.ndarray, target: np.ndarray,
                current: int, time_limit: float):
    """(the gate with the least weights on `sources` keeping its value `target[r]` on
    column r of `matrix`; whether they are proven least), or None when none below
    min(current, MULTILEVEL_CAP) was found."""
    patterns, first = np.unique(matrix.T, axis=0, return_index=True)
    wanted = target[first].astype(np.int64)
    k, top_bound = patterns.shape[1], min(current, MULTILEVEL_CAP)
    top = 0
    while top <= top_bound and (2 * top + 1) ** k <= _ENUMERATED:  # small: every vector
        found = _levels_enumerated(gate, patterns.astype(np.int64), wanted, top)
        if found is not None:
            weights, rest = found
            if gate.kind == "relu":
                return replace(gate, weights=tuple(zip(sources, weights)), threshold=rest), True
            return replace(gate, weights=tuple(zip(sources, weights)), breakpoints=rest), True
        top += 1
    if top > top_bound:
        return None
    return _levels_cpsat(gate, sources, patterns, wanted, top, top_bound, time_limit)


def _levels_enumerated(gate, patterns: np.ndarray, wanted: np.ndarray, top: int):
    """(weights, threshold) of a ReLU gate, or (weights, breakpoints) of a sigmoid gate,
    of max |w| = top and least sum |w| taking value wanted[p] on pattern p; None when no
    vector of max |w| = top does."""
    vectors = _vectors(patterns.shape[1], top)
    sums = vectors @ patterns.T                       # vectors x patterns
    big = np.iinfo(np.int64).max // 4
    levels = gate.resolution if gate.kind == "relu" else len(gate.breakpoints)
    if gate.kind == "relu":  # z = s - t: 0 needs t >= s, R needs t <= s - R, v needs t = s - v
        middle = (wanted > 0) & (wanted < levels)
        low = np.where((wanted == 0) | middle, sums - np.where(middle, wanted, 0), -big)
        high = np.where((wanted == levels) | middle,
                        sums - np.where(middle, wanted, levels), big)
        lo, hi = low.max(axis=1), high.min(axis=1)
        ok = np.flatnonzero(lo <= hi)
        if not ok.size:
            return None
        best = int(ok[0])
        return [int(w) for w in vectors[best]], int(lo[best])
    z = sums - gate.threshold  # sigmoid: the value is monotone in z, step q between levels
    steps = []
    ok = np.ones(len(vectors), dtype=bool)
    for q in range(1, levels + 1):
        below = np.where(wanted < q, z, -big).max(axis=1)
        above = np.where(wanted >= q, z, big).min(axis=1)
        ok &= below < above
        steps.append(np.where(above < big, above, below + 1))
    found = np.flatnonzero(ok)
    if not found.size:
        return None
    best = int(found[0])
    points = [int(step[best]) for step in steps]
    for q in range(1, len(points)):  # levels no pattern reaches sit on the last one
        points[q] = max(points[q], points[q - 1])
    return [int(w) for w in vectors[best]], tuple(points)


def _levels_cpsat(gate, sources: list[str], patterns: np.ndarray, wanted: np.ndarray,
                  least: int, top_bound: int, time_limit: float):
    """`_multilevel` by CP-SAT, knowing no weights of max |w| below `least` do."""
    k = patterns.shape[1]
    span = int(np.abs(patterns).max(initial=1)) * k * top_bound + gate.resolution + 1
    model = CpModel()
    w = [model.new_int_var(-top_bound, top_bound, f"w{i}") for i in range(k)]
    size = [model.new_int_var(0, top_bound, f"a{i}") for i in range(k)]
    top = model.new_int_var(least, top_bound, "top")
    for i in range(k):
        model.add_abs_equality(size[i], w[i])
        model.add(size[i] <= top)
    levels = gate.resolution if gate.kind == "relu" else len(gate.breakpoints)
    if gate.kind == "relu":
        t = model.new_int_var(-span, span, "t")
        steps = []
    else:  # sigmoid: the threshold kept, the breakpoints new
        t = gate.threshold
        steps = [model.new_int_var(-span, span, f"b{q}") for q in range(levels)]
        for low, high in zip(steps, steps[1:]):
            model.add(low <= high)
    for pattern, value in zip(patterns, wanted):
        z = sum(int(p) * w[i] for i, p in enumerate(pattern) if p) - t
        value = int(value)
        if gate.kind == "relu":
            model.add(z <= 0 if value == 0 else z >= levels if value == levels else z == value)
            continue
        if value >= 1:
            model.add(z >= steps[value - 1])
        if value < levels:
            model.add(z <= steps[value] - 1)
    model.minimize(top)
    solver, status = solve_model(model, workers=1, time_limit=time_limit)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    weights = tuple(zip(sources, (solver.value(x) for x in w)))
    if gate.kind == "relu":
        found = replace(gate, weights=weights, threshold=solver.value(t))
    else:
        found = replace(gate, weights=weights,
                        breakpoints=tuple(solver.value(b) for b in steps))
    return found, status == cp_model.OPTIMAL


def smallest_gate(matrix: np.ndarray, target: np.ndarray, bound: int,
                  time_limit: float = 2.0) -> tuple[list[int], int] | None:
    """(weights, threshold) of least max |w| <= bound of a threshold gate whose value on
    column r of the 0/1 `matrix` (sources x rows) is target[r], or None when there is none
    (or none was found in the time limit)."""
    return _smallest(np.asarray(matrix, dtype=np.int64), np.asarray(target, dtype=bool),
                     bound, time_limit)


#: The most weight vectors of max |w| <= m for which `_enumerated` tries m; beyond, CP-SAT
#: decides.  On the 222 NPN4 classes (one `minimize` each, CP-SAT) polishing took 1.0 s of
#: 4.7 s with one CP-SAT model per gate.
_ENUMERATED = 5000


def _smallest(matrix: np.ndarray, target: np.ndarray, current: int, time_limit: float
              ) -> tuple[list[int], int] | None:
    patterns, first = np.unique(matrix.T, axis=0, return_index=True)
    wanted = target[first]
    k, top = matrix.shape[0], 0
    signed = patterns.astype(np.int64)
    while top <= current and (2 * top + 1) ** k <= _ENUMERATED:
        found = _enumerated(signed, wanted, top)
        if found is not None:
            return found
        top += 1
    if top > current:
        return None
    return _cpsat_smallest(k, patterns, wanted, current, time_limit, least=top)


@functools.lru_cache(maxsize=None)
def _vectors(k: int, top: int) -> np.ndarray:
    """The weight vectors of length k with max |w| = top, by increasing sum |w| (ties: fewer
    negative weights, then lexicographic)."""
    every = list(itertools.product(range(-top, top + 1), repeat=k))
    grid = np.array(every, dtype=np.int64).reshape(len(every), k)
    grid = grid[np.abs(grid).max(axis=1, initial=0) == top]
    order = np.lexsort(((grid < 0).sum(axis=1), np.abs(grid).sum(axis=1)))
    return grid[order]


def _enumerated(patterns: np.ndarray, wanted: np.ndarray, top: int
                ) -> tuple[list[int], int] | None:
    """The least sum |w| weights of max |w| = top on which the patterns (rows) that fire are
    exactly the `wanted` ones, with the threshold the least firing sum (one above the
    largest quiet sum when none fires); None when there are none."""
    vectors = _vectors(patterns.shape[1], top)
    sums = vectors @ patterns.T
    fire = sums[:, wanted].min(axis=1, initial=np.iinfo(np.int64).max)
    quiet = sums[:, ~wanted].max(axis=1, initial=np.iinfo(np.int64).min)
    separating = np.flatnonzero(fire > quiet)
    if not separating.size:
        return None
    best = int(separating[0])
    threshold = int(fire[best]) if wanted.any() else int(quiet[best]) + 1
    return [int(w) for w in vectors[best]], threshold


def _cpsat_smallest(k: int, patterns: np.ndarray, wanted: np.ndarray, current: int,
                    time_limit: float, least: int = 0) -> tuple[list[int], int] | None:
    """The same as a CP-SAT model, knowing that no weights of max |w| below `least` do."""
    model = CpModel()
    w = [model.new_int_var(-current, current, f"w{i}") for i in range(k)]
    span = k * current
    t = model.new_int_var(-span, span + 1, "t")
    size = [model.new_int_var(0, current, f"a{i}") for i in range(k)]
    top = model.new_int_var(least, current, "top")
    for i in range(k):
        model.add_abs_equality(size[i], w[i])
        model.add(size[i] <= top)
    for pattern, fire in zip(patterns, wanted):
        total = sum(int(p) * w[i] for i, p in enumerate(pattern) if p)
        if fire:
            model.add(total - t >= 0)
        else:
            model.add(total - t <= -1)
    model.minimize(top * (k * current + 1) + sum(size))
    solver, status = solve_model(model, workers=1, time_limit=time_limit)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [solver.value(x) for x in w], solver.value(t)
