"""Symmetric functions: the depth-2 staircase and the counting circuit of parity, the classical
threshold constructions the size-growth study sets beside its exact optima
(docs/studies/size-growth.md).

A single-output spec is *symmetric* on its care rows when its value depends only on the
number of ones w = Σ_i x_i (PARITY, MAJ, MOD3, THR, EXACT and their complements).

`staircase_circuit` (depth 2).  With c_1 < ... < c_r the weights at which the value changes
(f(c_j - 1) != f(c_j), among the weights the care rows take), the gates h_j = [Σ x_i >= c_j]
are nested (h_1 >= h_2 >= ...), so f = f(lowest weight) XOR (the number of active h_j is
odd), and the output [Σ_j (-1)^(j+1) h_j >= 1] (or its complement) computes it: r + 1 gates,
weights ±1 -- n + 1 for parity of n inputs.  No optimality is claimed (the exact depth-2
optima of the study are smaller from n = 4 on).  One gate when r = 1.

`folded_circuit` (depth 2, the output reading the inputs).  The output is
[Σ x_i - Σ_k A_k h_k >= c_1] with hidden gates h_k = [Σ x_i >= c_(2k)] at every second change:
below c_2 the sum is w, so the output is 1 exactly from c_1 on; each h_k, where the value turns
to 0, lowers the sum by A_k so that it first reaches c_1 again at the next change c_(2k+1) (past
the last weight when there is none).  floor(r/2) + 1 gates (r the number of changes) --
floor(n/2) + 1 for parity of n inputs, where the staircase has n + 1; weights ±1 on the
inputs; a spec whose value at the lowest weight is 1 gets the output of its complement,
negated.  No optimality is claimed here either: minckt's exact search decides it (PARITY 8 at
depth 2: docs/benchmarks/performance.md).

`counting_circuit` (parity, free depth).  The binary digits of w from the top: with
t = ⌊log2 n⌋, b_t = [w >= 2^t] and b_k = [w - Σ_(l > k) 2^l b_l >= 2^k]; the last digit b_0 is
the parity of w.  ⌈log2(n + 1)⌉ gates, depth the same, each reading every input and the
digits above it -- which is the subcube lower bound for parity (`minckt.bounds.subcube`:
⌈log2(n + 1)⌉), so where that bound is computed the circuit is a proven optimum.

Both are threshold circuits with 0/1 gate values: they apply to threshold gates and to ReLU
with R = 1 (clip(z - (t - 1), 0, 1) is exactly [z >= t] on integers), not to multi-level
gates.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.core.problem import GateModel
from minckt.core.spec import Spec

__all__ = ["weight_profile", "staircase_circuit", "folded_circuit", "counting_circuit"]


@lru_cache(maxsize=16)
def weight_profile(spec: Spec) -> dict[int, int] | None:
    """{w: f(w)} over the weights the care rows take, for a single-output spec symmetric on
    its care rows; None otherwise.  Cached per spec (both constructions and the walk's
    at-the-bound test ask for it, O(n 2^n) at n = 20); callers must not change the dict."""
    if spec.num_outputs != 1:
        return None
    rows = spec.care_rows
    weights = np.zeros(rows.shape, dtype=np.int64)
    for i in range(spec.n):
        weights += (rows >> i) & 1
    values = spec.values[0, rows]
    profile: dict[int, int] = {}
    for w in np.unique(weights).tolist():
        at = values[weights == w]
        if at.min() != at.max():
            return None
        profile[int(w)] = int(at[0])
    return profile


def _fits(model: GateModel) -> bool:
    return not model.is_basis and model.resolution == 1 and model.kind in ("threshold", "relu")


def _gate(model: GateModel, gate_id: str, weights, threshold: int) -> Gate:
    """[Σ weights >= threshold] in `model` (ReLU R = 1: bias threshold - 1)."""
    if model.kind == "relu":
        return Gate(gate_id, tuple(weights), threshold - 1, kind="relu", resolution=1)
    return Gate(gate_id, tuple(weights), threshold)


def staircase_circuit(spec: Spec, model: GateModel = GateModel()) -> Circuit | None:
    """The depth-2 staircase of a symmetric spec (module docstring); None when the spec is
    not symmetric, constant, or the model's gates are not 0/1."""
    profile = weight_profile(spec)
    if profile is None or not _fits(model) or len(set(profile.values())) < 2:
        return None
    changes = _changes(profile)
    inputs = [(input_name(i), 1) for i in range(spec.n)]
    gates = [_gate(model, f"h{j + 1}", inputs, c) for j, c in enumerate(changes)]
    first = profile[min(profile)]
    if len(changes) == 1 and first == 0:
        return Circuit(spec.n, tuple(gates), ("h1",)).renumbered()
    alternating = [(g.id, 1 if j % 2 == 0 else -1) for j, g in enumerate(gates)]
    if first == 0:  # odd number of active gates: the sum is 1
        out = _gate(model, "out", alternating, 1)
    else:  # complement: the sum is 0 exactly when an even number is active
        out = _gate(model, "out", [(g, -w) for g, w in alternating], 0)
    return Circuit(spec.n, tuple(gates) + (out,), ("out",)).renumbered()


def _changes(profile: dict[int, int]) -> list[int]:
    """The weights at which the value changes (from the weight below it among the profile's)."""
    levels = sorted(profile)
    return [w for before, w in zip(levels, levels[1:]) if profile[w] != profile[before]]


def folded_circuit(spec: Spec, model: GateModel = GateModel()) -> Circuit | None:
    """The folded depth-2 circuit of a symmetric spec (module docstring); None when the spec
    is not symmetric, constant, or the model's gates are not 0/1."""
    profile = weight_profile(spec)
    if profile is None or not _fits(model) or len(set(profile.values())) < 2:
        return None
    changes = _changes(profile)
    top = max(profile)
    inputs = [(input_name(i), 1) for i in range(spec.n)]
    hidden: list[Gate] = []
    pulls: list[tuple[str, int]] = []
    offset = 0  # Σ A_k so far: the sum is w - offset between changes
    for k in range(1, len(changes), 2):
        following = changes[k + 1] if k + 1 < len(changes) else top + 1
        pull = following - changes[0] - offset
        offset += pull
        gate = _gate(model, f"h{len(hidden) + 1}", inputs, changes[k])
        hidden.append(gate)
        pulls.append((gate.id, -pull))
    terms = inputs + pulls
    if profile[min(profile)] == 0:
        out = _gate(model, "out", terms, changes[0])
    else:  # the complement's sum stays below c_1 exactly where the spec is 1
        out = _gate(model, "out", [(s, -w) for s, w in terms], 1 - changes[0])
    return Circuit(spec.n, tuple(hidden) + (out,), ("out",)).renumbered()


def counting_circuit(spec: Spec, model: GateModel = GateModel()) -> Circuit | None:
    """The counting circuit of parity (module docstring), or of its complement with the
    last digit negated; None for any other spec or a model whose gates are not 0/1."""
    profile = weight_profile(spec)
    if profile is None or not _fits(model) or len(profile) < 2:
        return None
    flip = profile[min(profile)] ^ (min(profile) & 1)
    if any(value != (w & 1) ^ flip for w, value in profile.items()):
        return None
    n = spec.n
    top = max(profile).bit_length() - 1
    inputs = [(input_name(i), 1) for i in range(n)]
    gates: list[Gate] = []
    for k in range(top, -1, -1):
        above = [(g.id, -(1 << (top - j))) for j, g in enumerate(gates)]
        if k == 0 and flip:  # NOT b_0: [w - Σ 2^l b_l <= 0], i.e. [-(...) >= 0]
            gates.append(_gate(model, f"b{k}", [(s, -w) for s, w in inputs + above], 0))
        else:
            gates.append(_gate(model, f"b{k}", inputs + above, 1 << k))
    return Circuit(n, tuple(gates), (gates[-1].id,)).renumbered()
