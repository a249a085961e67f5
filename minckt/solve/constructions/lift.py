"""A threshold circuit as a ReLU or sigmoid circuit of any resolution, gate for gate.

Every construction of this package is first a threshold circuit (gates of value 0 or 1).  A
ReLU or sigmoid gate of resolution R can act as a threshold gate that outputs 0 or R, so a
threshold circuit becomes a circuit of the same size, depth, energy and guards in either
model, and every threshold construction is an upper bound there too (the size-growth study's
ReLU and sigmoid columns past exact search).

For a threshold gate g = [Σ_i w_i x_i + Σ_j v_j h_j ≥ t] (x inputs in {0, 1}, h earlier gates
in {0, 1}), the lifted gate reads each earlier gate as R·h_j, so it takes weights R·w_i on the
inputs and v_j on the gates, and its sum is R·S with S = Σ_i w_i x_i + Σ_j v_j h_j:

* ReLU R: threshold R(t − 1), so z = R(S − t + 1) and min(R, max(0, z)) is R when S ≥ t
  (z ≥ R) and 0 when S ≤ t − 1 (z ≤ 0);
* sigmoid R: threshold 0 and all R breakpoints at R·t, so the output, the number of
  breakpoints z = R·S reaches, is R when S ≥ t and 0 otherwise.

By induction over the gates each lifted gate outputs R·g on every row, so it is active
exactly where g is: outputs and guards (which read activity) are unchanged.  Weights grow R
times on the inputs; the caller verifies the lifted circuit and measures it like any other.
"""

from __future__ import annotations

from minckt.core.circuit import Circuit, Gate, is_input_name
from minckt.core.problem import GateModel

__all__ = ["lift"]


def lift(circuit: Circuit, model: GateModel) -> Circuit | None:
    """`circuit`, a threshold circuit, with every gate in `model` (module docstring); the
    circuit itself for a threshold model; None for a Boolean basis or when some gate is not
    a threshold gate."""
    if model.is_basis or any(g.kind != "threshold" for g in circuit.gates):
        return None
    if model.kind == "threshold":
        return circuit
    r = model.resolution
    gates = []
    for g in circuit.gates:
        weights = tuple((s, r * w if is_input_name(s) else w) for s, w in g.weights)
        if model.kind == "relu":
            lifted = Gate(g.id, weights, r * (g.threshold - 1), kind="relu", resolution=r,
                          guard=g.guard)
        else:
            lifted = Gate(g.id, weights, 0, kind="sigmoid",
                          breakpoints=(r * g.threshold,) * r, guard=g.guard)
        gates.append(lifted)
    return Circuit(circuit.n, tuple(gates), circuit.outputs)
