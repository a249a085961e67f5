"""Smallest weights for a circuit's own gates: readable circuits at no cost in any resource.

A backend returns some optimum, often with large weights (any weight in the searched range
is as good to the solver).  `polish` replaces each threshold gate's weights and threshold by
those of least max |w| (then least sum |w|) that give the gate the same value on every care
row, keeping its sources.  Every gate value is unchanged on every care row, so the outputs,
size, depth, energy, fan-in and wires are unchanged and the weight can only drop.  Each gate
is one small CP-SAT problem over the distinct input patterns it sees.  A guarded gate keeps
its guard and need only keep its activation on the care rows where it is evaluated (it
outputs 0 elsewhere whatever its weights).
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from dataclasses import replace

from .circuit import Circuit
from .encode.cpsat import solve_model
from .spec import Spec

__all__ = ["polish", "smallest_gate"]


def polish(circuit: Circuit, spec: Spec, time_limit: float = 2.0) -> Circuit:
    """The circuit with each threshold gate's weights minimised (see the module docstring)."""
    rows = spec.care_rows
    values, evaluated = circuit.evaluate(rows)
    inputs = ((rows[None, :] >> np.arange(circuit.n)[:, None]) & 1).astype(np.int64)
    index = {g.id: j for j, g in enumerate(circuit.gates)}
    gates = []
    for j, gate in enumerate(circuit.gates):
        if gate.kind != "threshold" or not gate.weights:
            gates.append(gate)
            continue
        sources = [s for s, _ in gate.weights]
        matrix = np.stack([
            values[index[s]] if s in index else inputs[int(s[1:]) - 1] for s in sources
        ])[:, evaluated[j]]
        if matrix.shape[1] == 0:
            gates.append(gate)
            continue
        better = _smallest(matrix, values[j][evaluated[j]] > 0,
                           max(abs(w) for _, w in gate.weights), time_limit)
        if better is None:
            gates.append(gate)
            continue
        weights, threshold = better
        gates.append(replace(gate, weights=tuple(zip(sources, weights)), threshold=threshold))
    return Circuit(circuit.n, tuple(gates), circuit.outputs)


def smallest_gate(matrix: np.ndarray, target: np.ndarray, bound: int,
                  time_limit: float = 2.0) -> tuple[list[int], int] | None:
    """(weights, threshold) of least max |w| <= bound of a threshold gate whose value on
    column r of the 0/1 `matrix` (sources x rows) is target[r], or None when there is none
    (or none was found in the time limit)."""
    return _smallest(np.asarray(matrix, dtype=np.int64), np.asarray(target, dtype=bool),
                     bound, time_limit)


def _smallest(matrix: np.ndarray, target: np.ndarray, current: int, time_limit: float
              ) -> tuple[list[int], int] | None:
    patterns, first = np.unique(matrix.T, axis=0, return_index=True)
    wanted = target[first]
    model = cp_model.CpModel()
    k = matrix.shape[0]
    w = [model.new_int_var(-current, current, f"w{i}") for i in range(k)]
    span = k * current
    t = model.new_int_var(-span, span + 1, "t")
    size = [model.new_int_var(0, current, f"a{i}") for i in range(k)]
    top = model.new_int_var(0, current, "top")
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
