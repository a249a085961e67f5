"""Separability of labelled points by one threshold gate, exactly: is there an integer weight
vector w and threshold t with w.u >= t on the points labelled 1 and w.u <= t - 1 on those
labelled 0?

`separate` answers with a realization (weights, threshold) or an asummability witness
(multiplicities on some 1-points and some 0-points with equal totals and equal sums: no
threshold gate can tell them apart), found by scaled Chow parameters (`chow`), then an LP
(OR-Tools' GLOP) made exact, and, where floating point defeats that, CP-SAT over the
sufficient weight range (`minckt.core.threshold`); every answer is checked in exact integer
arithmetic before it is returned.  `two_summable` finds 2-summable quadruples (a + b = c + d
with a, b labelled 1 and c, d labelled 0) directly.  The lazy backend
(`minckt.encode.lazy`) asks this oracle of every slot of a candidate circuit.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
from ortools.linear_solver import pywraplp

from minckt.core.threshold import max_weight_needed

__all__ = ["separate", "two_summable", "chow", "balanced", "CHOW_TOP", "DENSE_DIGITS",
           "DENOMINATORS"]

#: Largest weight tried for the scaled Chow parameters before the LP.
CHOW_TOP = 12

#: Pair sums of at most this many digits are matched in a dense table of 3^digits flags.
DENSE_DIGITS = 13

#: Denominators tried, in turn, when an LP's floating-point multipliers are made exact
#: (each candidate is checked exactly, so a wrong guess costs only time).
DENOMINATORS = (100, 10_000, 1_000_000)


def balanced(column: np.ndarray, ones: dict[int, int], zeros: dict[int, int]) -> bool:
    """True when the witness's weighted sums agree on this coordinate."""
    return sum(m * int(column[i]) for i, m in ones.items()) == \
        sum(m * int(column[i]) for i, m in zeros.items())


def two_summable(points: np.ndarray, labels: np.ndarray, limit: int
                 ) -> list[tuple[dict[int, int], dict[int, int]]]:
    """Up to `limit` witnesses a + b = c + d (points of rows labelled 1, 1, 0, 0; a = b or
    c = d allowed), each with a different sum: pair sums compared as base-3 codes."""
    ones = np.flatnonzero(labels == 1)
    zeros = np.flatnonzero(labels == 0)
    width = points.shape[1]
    if len(ones) == 0 or len(zeros) == 0 or width > 39:
        return []
    codes = points @ (3 ** np.arange(width, dtype=np.int64))
    sums = []
    for side in (ones, zeros):
        first, second = _pairs(len(side))
        sums.append((codes[side][first] + codes[side][second], side[first], side[second]))
    if width <= DENSE_DIGITS:  # digits of a pair sum are 0..2: codes below 3^width
        seen = np.zeros(3 ** width, dtype=bool)
        seen[sums[0][0]] = True
        common = np.flatnonzero(seen[sums[1][0]])
        common = np.unique(sums[1][0][common])[:limit] if len(common) else common
    else:
        common = np.intersect1d(sums[0][0], sums[1][0])[:limit]
    found = []
    for code in common:
        pair = []
        for total, first, second in sums:
            at = int(np.flatnonzero(total == code)[0])
            a, b = int(first[at]), int(second[at])
            pair.append({a: 2} if a == b else {a: 1, b: 1})
        ones_m, zeros_m = pair
        if all(m == 2 for m in (*ones_m.values(), *zeros_m.values())):
            ones_m, zeros_m = ({i: 1 for i in side} for side in pair)
        found.append((ones_m, zeros_m))
    return found


@functools.lru_cache(maxsize=512)
def _pairs(count: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs i <= j below `count`."""
    return np.triu_indices(count)


def chow(points: np.ndarray, labels: np.ndarray) -> tuple[list[int], int] | None:
    """Weights from the correlations of each source with the labels (Chow's parameters,
    the usual first guess), scaled to the smallest largest weight (up to `CHOW_TOP`) that
    keeps them separating; None when none does."""
    ones, zeros = labels == 1, labels == 0
    if not ones.any() or not zeros.any():  # a constant
        return [0] * points.shape[1], 0 if ones.any() else 1
    chow = ((2 * points - 1).T @ (2 * labels - 1)).astype(np.float64)
    top = np.abs(chow).max(initial=0)
    if top == 0:
        return None
    for largest in range(1, CHOW_TOP + 1):
        weights = np.rint(chow * (largest / top)).astype(np.int64)
        sums = points @ weights
        low = sums[ones].min()
        if sums[zeros].max() < low:
            return [int(w) for w in weights], int(low)
    return None


def separate(points: np.ndarray, labels: np.ndarray) -> tuple:
    """Is the 0/1 labelling of `points` (rows x sources) a threshold function?

    ("weights", w, t) with integers, w . u >= t exactly on the rows labelled 1; or
    ("witness", ones, zeros): multiplicities on 1-rows and 0-rows (row index -> count) with
    equal totals and equal weighted sums of the points -- checked exactly here.
    """
    rows, width = points.shape
    ones = np.flatnonzero(labels == 1)
    zeros = np.flatnonzero(labels == 0)
    if len(ones) == 0:
        return "weights", [0] * width, 1
    if len(zeros) == 0:
        return "weights", [0] * width, 0
    # the same point labelled both ways: the smallest witness
    seen: dict[bytes, int] = {}
    for i in zeros:
        seen.setdefault(points[i].tobytes(), int(i))
    for i in ones:
        twin = seen.get(points[i].tobytes())
        if twin is not None:
            return "witness", {int(i): 1}, {twin: 1}
    primal = _primal(points, ones, zeros)
    if primal is not None:
        return ("weights",) + primal
    witness = _dual(points, ones, zeros)
    if witness is not None:
        return ("witness",) + witness
    return _exact(points, labels)


def _primal(points: np.ndarray, ones: np.ndarray, zeros: np.ndarray
            ) -> tuple[list[int], int] | None:
    """Integer weights from the LP (margin 1, least total weight), checked exactly; None
    when the LP is infeasible or its answer does not survive rounding."""
    width = points.shape[1]
    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    up = [solver.NumVar(0, inf, "") for _ in range(width)]
    down = [solver.NumVar(0, inf, "") for _ in range(width)]
    t = solver.NumVar(-inf, inf, "")
    for rows, low, high in ((ones, 0, inf), (zeros, -inf, -1)):
        for i in rows:
            ct = solver.Constraint(low, high)
            ct.SetCoefficient(t, -1)
            for k in np.flatnonzero(points[i]):
                ct.SetCoefficient(up[k], 1)
                ct.SetCoefficient(down[k], -1)
    objective = solver.Objective()
    for var in up + down:
        objective.SetCoefficient(var, 1)
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    real = np.array([u.solution_value() - d.solution_value() for u, d in zip(up, down)])
    threshold = t.solution_value()
    # margin 1 between the classes: a scale beyond the fan-in survives rounding; smaller
    # ones first, for small weights
    for scale in (*range(1, width + 3), 4 * (width + 2)):
        weights = [int(round(scale * w)) for w in real]
        bias = int(math.ceil(scale * threshold - 0.5 * width)) if scale > 1 else \
            int(round(threshold))
        if _realizes(points, ones, zeros, weights, bias):
            return weights, bias
    return None


def _realizes(points, ones, zeros, weights, threshold) -> bool:
    sums = points @ np.asarray(weights, dtype=np.int64)
    return bool((sums[ones] >= threshold).all() and (sums[zeros] < threshold).all())


def _dual(points: np.ndarray, ones: np.ndarray, zeros: np.ndarray
          ) -> tuple[dict[int, int], dict[int, int]] | None:
    """An asummability witness from the LP over convex combinations (the Farkas side),
    made integral and checked exactly; None when that fails."""
    width = points.shape[1]
    solver = pywraplp.Solver.CreateSolver("GLOP")
    lam = {int(i): solver.NumVar(0, 1, "") for i in ones}
    mu = {int(i): solver.NumVar(0, 1, "") for i in zeros}
    for side in (lam, mu):
        ct = solver.Constraint(1, 1)
        for var in side.values():
            ct.SetCoefficient(var, 1)
    for k in range(width):
        ct = solver.Constraint(0, 0)
        for i, var in lam.items():
            if points[i, k]:
                ct.SetCoefficient(var, 1)
        for i, var in mu.items():
            if points[i, k]:
                ct.SetCoefficient(var, -1)
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    real = [{i: v.solution_value() for i, v in side.items() if v.solution_value() > 1e-9}
            for side in (lam, mu)]
    for denominator in DENOMINATORS:
        found = [{i: Fraction(x).limit_denominator(denominator) for i, x in side.items()}
                 for side in real]
        common = math.lcm(*(f.denominator for side in found for f in side.values()))
        ones_m, zeros_m = ({i: int(f * common) for i, f in side.items() if f} for side in found)
        if ones_m and zeros_m and sum(ones_m.values()) == sum(zeros_m.values()) and \
                all(balanced(points[:, k], ones_m, zeros_m) for k in range(width)):
            return ones_m, zeros_m
    return None


def _exact(points: np.ndarray, labels: np.ndarray) -> tuple:
    """CP-SAT with the sufficient weight range: integer weights, or (proven inseparable) the
    whole pattern as the witness (every row, multiplicity 0 meaning "as it is")."""
    from ortools.sat.python import cp_model

    rows, width = points.shape
    bound = max_weight_needed(width)
    model = cp_model.CpModel()
    w = [model.new_int_var(-bound, bound, "") for _ in range(width)]
    span = width * bound + 1
    t = model.new_int_var(-span, span, "")
    for i in range(rows):
        total = sum(w[k] for k in np.flatnonzero(points[i]))
        if labels[i]:
            model.add(total >= t)
        else:
            model.add(total <= t - 1)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.Solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "weights", [solver.Value(v) for v in w], solver.Value(t)
    if status != cp_model.INFEASIBLE:
        raise RuntimeError("CP-SAT could not decide a gate's separability")
    ones = {int(i): 1 for i in np.flatnonzero(labels == 1)}
    zeros = {int(i): 1 for i in np.flatnonzero(labels == 0)}
    return "pattern", ones, zeros


