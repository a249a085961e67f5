"""Functions of two halves: CD, DISJ, IP, EQ and GT from their definitions, the upper bounds of
the size-growth study past exact search (docs/studies/size-growth.md).

The inputs split as in `minckt.core.families`: x_i = x<i>, y_i = x<k+i> for i = 1..k, n = 2k.
A spec is recognised when its values on its care rows are those of the family (or, for CD
and DISJ, of each other's complement, which is the other family).  Every gate is a threshold
gate; `lift` carries them to ReLU and sigmoid gates.

* ``CD`` = OR_i (x_i AND y_i): a_i = [x_i + y_i ≥ 2] for i < k, and the output
  [2·Σ_(i<k) a_i + x_k + y_k ≥ 2], which is 1 when some a_i is or when x_k = y_k = 1 (the
  last AND is folded into the output): k = n/2 gates, depth 2 (one gate at k = 1).  This
  equals the exact optima of the study wherever they are proven (1, 2, 3, 4 gates at
  n = 2, 4, 6, 8).
* ``DISJ`` = NOT CD: the same a_i and the output [−2·Σ a_i − x_k − y_k ≥ −1]: k gates.
* ``IP`` = XOR_i (x_i AND y_i): all k ANDs a_i and the counting circuit of their number
  (`symmetric`'s digits b_t = [Σ a_i − Σ_(l>t) 2^l b_l ≥ 2^t], the last one its parity):
  k + ⌈log2(k + 1)⌉ gates, depth 1 + ⌈log2(k + 1)⌉.
* ``EQ``: with X = Σ 2^(i−1) x_i and Y likewise, g = [X − Y ≥ 0] and the output
  [Y − X + 2^k·g ≥ 2^k], which needs g = 1 (|Y − X| < 2^k) and then Y ≥ X: 2 gates.
* ``GT`` = [X − Y ≥ 1]: one gate, a threshold function.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.core.problem import GateModel
from minckt.core.spec import Spec

__all__ = ["PAIRED", "paired_family", "paired_circuit"]

#: The families recognised, in the order they are tried.
PAIRED = ("CD", "DISJ", "IP", "EQ", "GT")


def _values(name: str, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    both = x & y
    if name == "CD":
        return both.any(axis=0)
    if name == "DISJ":
        return ~both.any(axis=0)
    if name == "IP":
        return both.sum(axis=0) % 2 == 1
    if name == "EQ":
        return (x == y).all(axis=0)
    place = (1 << np.arange(x.shape[0], dtype=np.int64))[:, None]
    return (x * place).sum(axis=0) > (y * place).sum(axis=0)


@lru_cache(maxsize=16)
def paired_family(spec: Spec) -> str | None:
    """The family of `PAIRED` whose values `spec` has on its care rows, or None (a spec of
    one output and n even).  Cached per spec: the fallback asks once per question."""
    if spec.num_outputs != 1 or spec.n % 2 or spec.n < 2:
        return None
    rows = spec.care_rows
    bits = ((rows[None, :] >> np.arange(spec.n, dtype=np.int64)[:, None]) & 1).astype(bool)
    k = spec.n // 2
    values = spec.values[0, rows].astype(bool)
    for name in PAIRED:
        if np.array_equal(_values(name, bits[:k], bits[k:]), values):
            return name
    return None


def paired_circuit(spec: Spec, model: GateModel = GateModel()) -> Circuit | None:
    """The circuit of the module docstring for a spec of a `PAIRED` family in threshold
    gates; None for any other spec or model."""
    if model.kind != "threshold":
        return None
    name = paired_family(spec)
    if name is None:
        return None
    k = spec.n // 2
    x = [input_name(i) for i in range(k)]
    y = [input_name(k + i) for i in range(k)]
    place = [1 << i for i in range(k)]
    if name == "GT":
        gates = [Gate("g", tuple((s, p) for s, p in zip(x, place))
                      + tuple((s, -p) for s, p in zip(y, place)), 1)]
    elif name == "EQ":
        ge = Gate("ge", tuple((s, p) for s, p in zip(x, place))
                  + tuple((s, -p) for s, p in zip(y, place)), 0)
        out = Gate("eq", tuple((s, -p) for s, p in zip(x, place))
                   + tuple((s, p) for s, p in zip(y, place)) + (("ge", 1 << k),), 1 << k)
        gates = [ge, out]
    elif name in ("CD", "DISJ"):
        ands = [Gate(f"a{i + 1}", ((x[i], 1), (y[i], 1)), 2) for i in range(k - 1)]
        sign = 1 if name == "CD" else -1
        reads = tuple((a.id, 2 * sign) for a in ands) + ((x[-1], sign), (y[-1], sign))
        gates = ands + [Gate("out", reads, 2 if name == "CD" else -1)]
    else:  # IP: the counting circuit over the k ANDs
        ands = [Gate(f"a{i + 1}", ((x[i], 1), (y[i], 1)), 2) for i in range(k)]
        top = k.bit_length() - 1
        digits: list[Gate] = []
        for t in range(top, -1, -1):
            above = tuple((d.id, -(1 << (top - j))) for j, d in enumerate(digits))
            digits.append(Gate(f"b{t}", tuple((a.id, 1) for a in ands) + above, 1 << t))
        gates = ands + digits
    return Circuit(spec.n, tuple(gates), (gates[-1].id,)).renumbered()
