"""A heuristic upper bound for labelled points: a decision list of threshold gates, made by
peeling halfspaces with linear programs.

A *threshold decision list* is a sequence of gates g_1, ..., g_k with labels b_1, ..., b_k
and a default label b_0: on a point, the label of the first gate that fires, or b_0 when none
does.  It is built greedily on the care rows of a single-output spec:

1. Among the points not yet decided, find a halfspace that holds many points of one label b
   and no point of the other label (`peel`).  It is a gate g_j = [W·x >= T] with label b_j = b;
   the points it holds are decided.
2. Repeat until the undecided points all carry one label: that label is b_0.

Step 1 is a linear program (OR-Tools' GLOP): the hinge relaxation of "hold as many b points
as possible": the chosen points P and every undecided point of the other label Q are hard
constraints (w·p - t >= 1, w·q - t <= -1), the other b points soft (w·p - t + s_p >= 1,
s_p >= 0, minimise Σ s_p).  Every b point with s_p = 0 joins P and the program is solved again
until P stops growing; then the b points not held are tried one at a time, best score first
(`GROWTH_TRIES`).  It starts from a few seed points of each label (`SEEDS`) and keeps the
largest halfspace.  The real hyperplane is scaled and rounded to integers, and the rounding
is accepted only when the integer sums still separate P from Q exactly (else a larger
scale is tried): the gate computes exactly what the program found.

The list is one depth-2 circuit: the k gates, then the output
[Σ_j (2 b_j - 1) a_j g_j >= 1 - b_0] with a_k, ..., a_1 = 1 + Σ_{i > j, b_i != b_j} a_i, so the
first gate that fires outweighs every later gate that disagrees with it (and later gates that
agree only add to its side): the output is the label of the first gate that fires, and
b_0 when none does (the sum is 0).  k + 1 gates; one when k = 1 (the gate, or its complement
[-W·x >= 1 - T] when its label is 0).

It is a heuristic: no claim is made on k, and the circuit, like every construction, is
verified by the caller before it is reported as an upper bound.  It applies to single-output
specs in the threshold model (R = 1), with at most `MAX_POINTS` care rows.
"""

from __future__ import annotations

import time

import numpy as np

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.core.problem import GateModel

__all__ = ["decision_list_circuit", "decision_list", "peel", "MAX_POINTS", "SEEDS",
           "GROWTH_TRIES"]

#: Most care rows the heuristic takes on (each peel solves a few LPs over all of them).
MAX_POINTS = 2048

#: Seed points tried per label and peel.
SEEDS = 3

#: Points not held after the hinge program that are tried one by one per peel.
GROWTH_TRIES = 6

#: Scales tried when rounding a hyperplane, as multiples of 1 / max |w|.
_SCALES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256, 1024)


class _Program:
    """The hinge program of one peel, built once: every point of `ones` soft, every point of
    `others` hard on the outside; a point is made hard on the inside by closing its slack
    (upper bound 0), and GLOP re-solves from its last basis."""

    def __init__(self, ones: np.ndarray, others: np.ndarray) -> None:
        from ortools.linear_solver import pywraplp

        self.optimal = pywraplp.Solver.OPTIMAL
        self.solver = solver = pywraplp.Solver.CreateSolver("GLOP")
        inf = solver.infinity()
        self.inf = inf
        n = ones.shape[1]
        self.w = [solver.NumVar(-inf, inf, "") for _ in range(n)]
        self.t = solver.NumVar(-inf, inf, "")
        self.slack = [solver.NumVar(0, inf, "") for _ in range(len(ones))]
        objective = solver.Objective()
        for point, s in zip(ones, self.slack):
            self._row(point, 1, inf).SetCoefficient(s, 1)
            objective.SetCoefficient(s, 1)
        objective.SetMinimization()
        for point in others:
            self._row(point, -inf, -1)

    def _row(self, point: np.ndarray, low: float, high: float):
        constraint = self.solver.Constraint(low, high)
        constraint.SetCoefficient(self.t, -1)
        for i in np.flatnonzero(point):
            constraint.SetCoefficient(self.w[int(i)], 1)
        return constraint

    def solve(self, held: np.ndarray) -> tuple[np.ndarray, float] | None:
        """(w, t) holding the points of the mask `held` hard, the others soft; None when
        they cannot all be held."""
        for s, hard in zip(self.slack, held):
            s.SetUb(0 if hard else self.inf)
        if self.solver.Solve() != self.optimal:
            return None
        return np.array([v.solution_value() for v in self.w]), self.t.solution_value()


def _rounded(w: np.ndarray, inside: np.ndarray, outside: np.ndarray
             ) -> tuple[np.ndarray, int] | None:
    """Integer (W, T) with W·p >= T on `inside` and W·q < T on `outside`, checked exactly;
    None when no tried scale separates them."""
    top = float(np.abs(w).max())
    if top == 0:
        return None
    for scale in _SCALES:
        weights = np.rint(w * (scale / top)).astype(np.int64)
        low = (inside @ weights).min()
        high = (outside @ weights).max() if len(outside) else low - 1
        if low > high:
            return weights, int(high) + 1 if len(outside) else int(low)
    return None


def peel(ones: np.ndarray, others: np.ndarray, seeds: int = SEEDS
         ) -> tuple[np.ndarray, np.ndarray, int] | None:
    """(held, W, T): a large set of rows of `ones` (a bool mask) and an integer halfspace
    [W·x >= T] holding them and no row of `others`; None when no seed is separable (a seed
    point is never in the convex hull of `others` on the cube unless it is one of them)."""
    best = None
    program = _Program(ones, others)
    picks = np.unique(np.linspace(0, len(ones) - 1, num=min(seeds, len(ones))).astype(int))
    for seed in picks:
        held = np.zeros(len(ones), dtype=bool)
        held[seed] = True
        found = None
        while True:
            solved = program.solve(held)
            if solved is None:
                break
            w, t = solved
            score = ones @ w - t
            grown = held | (score >= 1 - 1e-7)
            if grown.sum() == held.sum():
                for candidate in np.argsort(-np.where(held, -np.inf, score))[:GROWTH_TRIES]:
                    if held[candidate]:
                        break
                    trial = held.copy()
                    trial[candidate] = True
                    if program.solve(trial) is not None:
                        grown = trial
                        break
                if grown.sum() == held.sum():
                    found = (held, w)
                    break
            held = grown
            found = (held, w)
        if found is None:
            continue
        held, w = found
        integer = _rounded(w, ones[held], others)
        if integer is None:
            solved = program.solve(held)
            integer = None if solved is None else _rounded(solved[0], ones[held], others)
        if integer is None:
            continue
        weights, threshold = integer
        held = ones @ weights >= threshold  # every b point on its side, not only those chosen
        if best is None or held.sum() > best[0].sum():
            best = (held, weights, threshold)
    return best


def decision_list(points: np.ndarray, labels: np.ndarray, budget_s: float | None = None
                  ) -> tuple[list[tuple[np.ndarray, int, int]], int] | None:
    """([(W_j, T_j, b_j)], b_0): a threshold decision list of the labelled points (rows of
    the 0/1 matrix `points`), or None when a peel finds nothing (it does not happen for
    distinct points: a single point is always a halfspace of the cube) or the list is not
    done within `budget_s` seconds."""
    deadline = None if budget_s is None else time.monotonic() + budget_s
    points = np.asarray(points, dtype=np.int64)
    labels = np.asarray(labels, dtype=bool)
    left = np.ones(len(points), dtype=bool)
    steps = []
    while len(set(labels[left].tolist())) > 1:
        if deadline is not None and time.monotonic() > deadline:
            return None
        found = []
        for label in (True, False):
            ones = left & (labels == label)
            others = left & (labels != label)
            peeled = peel(points[ones], points[others])
            if peeled is not None:
                found.append((int(peeled[0].sum()), label, peeled, ones))
        if not found:
            return None
        _, label, (held, weights, threshold), ones = max(found, key=lambda f: f[0])
        steps.append((weights, threshold, int(label)))
        left[np.flatnonzero(ones)[held]] = False
    default = int(labels[left][0]) if left.any() else 0
    return steps, default


def decision_list_circuit(points: np.ndarray, labels: np.ndarray, n: int,
                          model: GateModel = GateModel(), budget_s: float | None = None
                          ) -> Circuit | None:
    """The depth-2 circuit of `decision_list` (module docstring) on n inputs; None for a
    Boolean basis or multi-level gates, more than `MAX_POINTS` points, labels all alike, or
    a list not done within `budget_s` seconds."""
    if model.is_basis or model.kind != "threshold" or model.resolution != 1 \
            or len(points) > MAX_POINTS or len(set(np.asarray(labels).tolist())) < 2:
        return None
    found = decision_list(points, labels, budget_s)
    if found is None:
        return None
    steps, default = found
    gates = [Gate(f"d{j + 1}", tuple((input_name(i), int(w)) for i, w in enumerate(weights)
                                     if w), threshold)
             for j, (weights, threshold, _) in enumerate(steps)]
    if len(steps) == 1 and steps[0][2] != default:
        weights, threshold, label = steps[0]
        if not label:  # the complement [-W·x >= 1 - T] of a 0-labelled halfspace
            gates = [Gate("d1", tuple((g, -w) for g, w in gates[0].weights), 1 - threshold)]
        return Circuit(n, tuple(gates), ("d1",)).renumbered()
    size = [0] * len(steps)
    for j in range(len(steps) - 1, -1, -1):
        size[j] = 1 + sum(size[i] for i in range(j + 1, len(steps))
                          if steps[i][2] != steps[j][2])
    out_weights = tuple((g.id, (2 * b - 1) * a) for g, (_, _, b), a in zip(gates, steps, size))
    gates.append(Gate("out", out_weights, 1 - default))
    return Circuit(n, tuple(gates), ("out",)).renumbered()
