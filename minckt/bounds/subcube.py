"""The subcube lower bound on the size of threshold circuits: s gates leave a constant subcube.

A *subcube* of {0,1}^n of dimension d is a set of d free inputs together with fixed values of
the other n - d.  minckt's own argument (derived, docs/design/papers.md#derived-facts, "subcube
lemma"; no paper states it in this form), for circuits of ``threshold`` gates (values 0/1,
`minckt.core.circuit`):

**Lemma.**  Every threshold function g(x) = [Σ_{i<=m} w_i x_i >= t] of m variables (real
weights, some possibly 0) is constant on a subcube of dimension ⌊m/2⌋.
*Proof.*  Order the inputs by |w_i|, heaviest first; let H be the first ⌈m/2⌉ and L the other
⌊m/2⌋.  Write P_S = Σ_{i∈S, w_i>0} w_i and N_S = Σ_{i∈S, w_i<0} w_i, so that on the inputs of S
the sum ranges over [N_S, P_S] and P_S - N_S = Σ_{i∈S} |w_i|.  Each weight in H is at least
each weight in L in absolute value and |H| >= |L|, so P_H - N_H >= P_L - N_L.  Fix the inputs
of H to push the sum up (x_i = [w_i > 0]): the sum is then >= P_H + N_L for every value of the
free inputs L.  Fix them to push it down (x_i = [w_i < 0]): the sum is <= N_H + P_L.  If
neither subcube were constant we would have P_H + N_L < t <= N_H + P_L, i.e.
P_H - N_H < P_L - N_L: a contradiction.  So g is 1 on the first subcube or 0 on the second,
each of dimension |L| = ⌊m/2⌋.  (`threshold_subcube` builds it; the tests check it on every
threshold function of at most 4 inputs.)

**Circuits.**  Let gates g_1, ..., g_s be a threshold circuit on n inputs in topological order
(gate j reads primary inputs and gates before it).  *Claim:* for j = 0..s there is a subcube
Q_j of dimension d_j >= ⌊n/2^j⌋ on which g_1, ..., g_j are all constant.  Q_0 = {0,1}^n.  Given
Q_{j-1}, gate g_j reads the d_{j-1} free inputs of Q_{j-1}, fixed inputs (constant) and gates
g_1..g_{j-1} (constant on Q_{j-1} by induction), so on Q_{j-1} its pre-activation is
Σ_{free i} w_i x_i + (a constant): g_j restricted to Q_{j-1} is a threshold function of the
d_{j-1} free inputs (weight 0 on those it does not read).  By the lemma it is constant on a
subcube of Q_{j-1} of dimension ⌊d_{j-1}/2⌋, obtained by fixing more inputs; call it Q_j.
Fixing inputs keeps g_1..g_{j-1} constant, so all of g_1..g_j are constant on Q_j, and
d_j = ⌊d_{j-1}/2⌋ >= ⌊⌊n/2^{j-1}⌋/2⌋ = ⌊n/2^j⌋.  On Q_s every gate is constant, and every
output of the circuit is the activity of one of its gates, so *every* output is constant on
Q_s, a subcube of dimension >= ⌊n/2^s⌋.

**The bound.**  Let c(f) be the largest dimension of a subcube on whose care rows every output
of the spec f is constant (each output on its own: outputs may take different constants; a
subcube holding no care row counts as constant).  A circuit of size s computing f agrees with
f on the care rows, so f's outputs are constant on the care rows of Q_s: c(f) >= ⌊n/2^s⌋.
⌊n/2^s⌋ does not increase with s, hence

    size >= min{ s >= 0 : ⌊n/2^s⌋ <= c(f) } = min{ s : n < (c(f) + 1)·2^s }.

For parity (and any f whose outputs change along every edge of the cube, on care pairs)
c = 0 and the bound is ⌈log2(n+1)⌉, which the counting circuit attains (gates compute the
bits of Σx from the most significant down, the last one is the parity).  The bound never
exceeds ⌈log2(n+1)⌉.

**Where it applies.**  ``threshold`` gates only: a relu or sigmoid gate of resolution R >= 2
passes multi-level values on, and the lemma says nothing about the gate's *value* being
constant; a Boolean basis has gates (XOR) constant on no subcube of dimension 1.  Axis
"size" only.  It holds for any architecture (`Limits.layers`, `skip`, `outputs_read` only
restrict circuits) and whatever the other limits.  The argument also covers guards (on
Q_{j-1} a gate's guard is constant, so the gate is skipped everywhere there -- the constant
0 -- or evaluated everywhere), but `minckt.bounds.lower_bounds` applies it, as asked, only to
questions without guards.  c(f) is computed exactly for n <= MAX_INPUTS (3^n subcubes).  Above
that only c(f) = 0 is recognised, which takes O(n 2^n): every row a care row and every edge of
the cube (rows r and r XOR 2^i) changing some output -- parity and its complement -- and then
size >= ⌈log2(n + 1)⌉; otherwise no bound is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.bounds.bound import Bound

__all__ = ["MAX_INPUTS", "REF", "Subcube", "threshold_subcube", "constant_subcube",
           "constant_dimension", "least_size", "bounds"]

#: c(f) is computed for at most this many inputs (3^12 = 531,441 subcubes, a few ms).
MAX_INPUTS = 12

REF = ("minckt's own (derived): the subcube lemma, docs/design/papers.md#derived-facts; "
       "minckt docs, bounds/subcube")
_ASSUMPTIONS = ("threshold gates (0/1 values); not relu or sigmoid of resolution >= 2, "
                "nor Boolean bases",
                "without guards (the argument covers them too; not applied to them)")

_EMPTY = -1     # a subcube without a care row
_CONFLICT = -2  # a subcube whose care rows carry two different output vectors


@dataclass(frozen=True)
class Subcube:
    """A subcube of {0,1}^n: the free inputs (0-based) and the fixed inputs with their value."""

    n: int
    free: tuple[int, ...]
    fixed: tuple[tuple[int, int], ...]

    @property
    def dimension(self) -> int:
        """The number of free inputs."""
        return len(self.free)

    def rows(self) -> np.ndarray:
        """Its 2^dimension row indices, ascending (row r sets x_i = bit i-1 of r)."""
        base = sum(value << i for i, value in self.fixed)
        rows = np.array([base], dtype=np.int64)
        for i in self.free:
            rows = np.concatenate([rows, rows | (1 << i)])
        return np.sort(rows)

    def describe(self) -> str:
        """E.g. "x1, x3 free; x2 = 0"."""
        free = ", ".join(f"x{i + 1}" for i in self.free) or "none"
        fixed = ", ".join(f"x{i + 1} = {v}" for i, v in self.fixed)
        return f"{free} free" + (f"; {fixed}" if fixed else "")


def threshold_subcube(weights: Sequence[float], threshold: float) -> tuple[Subcube, int]:
    """The lemma's subcube for [Σ w_i x_i >= threshold]: dimension ⌊m/2⌋, and the constant the
    function takes on it (module docstring)."""
    m = len(weights)
    order = sorted(range(m), key=lambda i: -abs(weights[i]))
    heavy, light = order[:(m + 1) // 2], sorted(order[(m + 1) // 2:])
    low_light = sum(w for i, w in enumerate(weights) if i in light and w < 0)
    up = tuple(sorted((i, int(weights[i] > 0)) for i in heavy))
    if sum(weights[i] for i, v in up if v) + low_light >= threshold:
        return Subcube(m, tuple(light), up), 1
    down = tuple(sorted((i, int(weights[i] < 0)) for i in heavy))
    return Subcube(m, tuple(light), down), 0


def _vector_ids(spec: Spec) -> np.ndarray:
    """Per row: the index of its output vector among the distinct ones, or _EMPTY."""
    packed = np.packbits(spec.values, axis=0)  # ceil(m/8) x 2^n bytes
    if len(packed) <= 8:  # one integer per row: a flat unique, 20x faster than axis=0
        keys = np.zeros(packed.shape[1], dtype=np.uint64)
        for k, byte in enumerate(packed):
            keys |= byte.astype(np.uint64) << np.uint64(8 * k)
        _, inverse = np.unique(keys, return_inverse=True)
    else:
        _, inverse = np.unique(packed.T, axis=0, return_inverse=True)
    ids = inverse.reshape(-1).astype(np.int32)
    ids[~spec.care_mask] = _EMPTY
    return ids


@lru_cache(maxsize=256)
def _largest(n: int, outputs: tuple[int, ...], care: int | None) -> Subcube:
    spec = Spec(n, outputs, care)
    # axis i of the table is x_{i+1}: a C-order reshape puts the most significant bit first
    table = _vector_ids(spec).reshape((2,) * n).transpose(tuple(range(n))[::-1]) \
        if n else _vector_ids(spec).reshape(())
    # extend each axis from {0, 1} to {0, 1, free}: the free entry merges both halves
    for axis in range(n):
        zero, one = np.take(table, 0, axis=axis), np.take(table, 1, axis=axis)
        both = np.where(zero == _EMPTY, one,
                        np.where((one == _EMPTY) | (one == zero), zero, _CONFLICT))
        table = np.stack([zero, one, both], axis=axis)
    dims = np.zeros((3,) * n, dtype=np.int8)
    for axis in range(n):
        shape = [1] * n
        shape[axis] = 3
        dims = dims + (np.arange(3) == 2).astype(np.int8).reshape(shape)
    ok = table != _CONFLICT
    best = int(dims[ok].max())  # the subcube of dimension 0 around any row is constant
    index = np.unravel_index(int(np.flatnonzero(ok & (dims == best))[0]), (3,) * n)
    free = tuple(i for i in range(n) if index[i] == 2)
    fixed = tuple((i, int(index[i])) for i in range(n) if index[i] != 2)
    return Subcube(n, free, fixed)


def constant_subcube(spec: Spec) -> Subcube | None:
    """A largest subcube on whose care rows every output is constant (its dimension is c(f));
    None when n > MAX_INPUTS."""
    if spec.n > MAX_INPUTS:
        return None
    return _largest(spec.n, spec.outputs, spec.care)


def constant_dimension(spec: Spec) -> int | None:
    """c(f): the largest dimension of a subcube on whose care rows every output is constant
    (None when n > MAX_INPUTS)."""
    found = constant_subcube(spec)
    return None if found is None else found.dimension


def _every_edge_changes(spec: Spec) -> bool:
    """True when every row is a care row and the output vectors of rows r and r XOR 2^i
    differ for every r and i: then c(f) = 0 (a subcube of dimension 1 is an edge)."""
    if not spec.is_total or spec.n == 0:
        return False
    table = _vector_ids(spec).reshape((2,) * spec.n)
    return all(bool((np.take(table, 0, axis=a) != np.take(table, 1, axis=a)).all())
               for a in range(spec.n))


def least_size(n: int, dimension: int) -> int:
    """The least s >= 0 with ⌊n/2^s⌋ <= dimension."""
    size = 0
    while n >> size > dimension:
        size += 1
    return size


def bounds(spec: Spec, axis: str, model: GateModel, limits: Limits) -> list[Bound]:
    """The subcube bound on size for threshold circuits without guards (module docstring);
    none for other gate models, other axes, guards, or n > MAX_INPUTS unless c(f) = 0."""
    if axis != "size" or model.kind != "threshold" or limits.conditional:
        return []
    largest = constant_subcube(spec)
    if largest is None and not _every_edge_changes(spec):
        return []
    c, n = (0, spec.n) if largest is None else (largest.dimension, spec.n)
    value = least_size(n, c)
    where = "" if largest is None or c == 0 else f" (one: {largest.describe()})"
    method = (f"every output is constant on the care rows of a subcube of dimension at most "
              f"c = {c}{where}; s threshold gates leave all gates constant on a subcube of "
              f"dimension ⌊n/2^s⌋, and ⌊{n}/2^s⌋ <= {c} first at s = {value} => size >= "
              f"{value}")
    return [Bound("size", value, method, REF, _ASSUMPTIONS, name="subcube")]
