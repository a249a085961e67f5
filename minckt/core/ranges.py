"""Weight magnitudes that provably suffice for a gate of each model: exact "unbounded" ranges.

`sufficient_weight(model, fanin, gate_sources)` is a W such that every function a gate of
`model` with `fanin` sources can compute on its domain -- `gate_sources` of the sources are
gates, whose outputs lie in {0..R}, the others primary inputs in {0, 1} -- has a realization
with every |w_i| <= W.  Replacing each gate of a circuit by such a realization of the same
function keeps every gate's value on every row, so size, depth and energy are unchanged and
fan-in and wires can only drop: a search over these ranges loses no circuit, and its UNSAT
answers are proofs for unbounded weights.  Notation: k = fanin, g = gate_sources, D = the
product of the sources' value sets, s_u = max over u in D of |u|^2 = (k - g) + g R^2.

**Threshold gates, and ReLU / sigmoid gates of resolution 1.**  A ReLU gate with R = 1,
min(1, max(0, w.u - t)), is 1 exactly when w.u >= t + 1, and its readers see 0/1; a sigmoid
gate with one breakpoint b is 1 exactly when w.u >= b.  Both are threshold gates on 0/1
values, so the threshold ranges apply (`minckt.core.threshold`: exact for k <= 5, Muroga's
bound beyond).

**Sigmoid gates, R >= 2** (a Muroga-style LP-vertex argument).  The gate computes
f(u) = #{i : w.u >= b_i}.  For a fixed f on D, (w, b) realizes f exactly when, for every u in
D and i in 1..R, w.u - b_i >= 0 if f(u) >= i and b_i - w.u >= 1 otherwise (the order
b_1 <= ... <= b_R may be dropped: #{i : w.u >= b_i} does not change when the b_i are
sorted, so sorting any solution gives an ordered one with the same magnitudes).  Write it
M x >= c with x = (w, b) in R^(k+R) and c in {0, 1}.  M has full column rank (D contains 0
and every unit vector), so the non-empty polyhedron {x : M x >= c} has a vertex x*, the
solution of a nonsingular (k+R)-square subsystem B x* = c_B.  By Cramer's rule
x*_j = det(B_j) / det(B), B_j being B with column j replaced by c_B, so x' = |det B| x* is
integral, with |x'_j| = |det B_j|, and M x' = |det B| M x* >= c because c >= 0.  A row of B_j
is (u, -e_i) up to sign with one entry replaced by 0 or 1, of squared norm <= s_u + 2, so
Hadamard's inequality gives |w'_j| <= (s_u + 2)^((k+R)/2).  If only some points of D occur
in a circuit, the function extended to all of D by the same (w, b) is realized first.

**ReLU gates, R >= 2** (an integer-programming bound).  The gate computes
clip(w.u - t, 0, R), and its values between 0 and R fix w.u - t exactly, so no scaling
argument applies.  For a fixed f on D the realizations (w, t) are the integral solutions of
A x <= b: w.u - t <= 0 where f(u) = 0, w.u - t >= R where f(u) = R, w.u - t = f(u)
(two inequalities) elsewhere.  If such a system with integral A and b has an integral
solution, it has one with every |x_j| <= (N + 1) Delta, N = k + 1 the number of variables
and Delta the largest absolute subdeterminant of [A b] (A. Schrijver, Theory of Linear and
Integer Programming, Wiley 1986, Cor. 17.1b; after J. von zur Gathen and M. Sieveking 1978
and I. Borosh and L. B. Treybig 1976).  A row of [A b] is +-(u, -1, v) with 0 <= v <= R, of
squared norm <= s_u + 1 + R^2, and a square submatrix has at most k + 2 rows, so Hadamard's
inequality gives Delta <= (s_u + 1 + R^2)^((k+2)/2) and |w_j| <= (k + 2) Delta.

Both bounds are far from tight; they are what makes "no weight limit" exact for these
models, and the backends encode such ranges with integer (CP-SAT) variables.  The tests
compare them with exhaustive enumeration for small fan-in.
"""

from __future__ import annotations

import math
from functools import lru_cache

from minckt.core.problem import GateModel
from minckt.core.threshold import max_weight_needed

__all__ = ["ENCODABLE_WEIGHT", "encodable_weight", "sufficient_weight",
           "sigmoid_weight_bound", "relu_weight_bound"]

#: The largest weight magnitude an encoding holds: CP-SAT checks that every linear sum of
#: fan-in x R terms of this size fits in int64.  A slot whose proven range is larger is
#: searched up to this only, and its UNSAT then proves nothing (`minckt.solve`).
ENCODABLE_WEIGHT = (1 << 31) - 1


def _hadamard(squared_norm: int, rows: int) -> int:
    """floor(sqrt(squared_norm ** rows)): Hadamard's bound for `rows` rows of that norm."""
    return math.isqrt(squared_norm ** rows)


def _squared_input_norm(fanin: int, gate_sources: int, resolution: int) -> int:
    """max |u|^2 over the domain: primary inputs are 0/1, gate sources reach R."""
    gates = min(gate_sources, fanin)
    return (fanin - gates) + gates * resolution * resolution


def sigmoid_weight_bound(fanin: int, gate_sources: int, resolution: int) -> int:
    """(s_u + 2)^((k+R)/2): weights this large realize every sigmoid gate function of
    `fanin` sources (module docstring, the LP-vertex argument)."""
    norm = _squared_input_norm(fanin, gate_sources, resolution)
    return _hadamard(norm + 2, fanin + resolution)


def relu_weight_bound(fanin: int, gate_sources: int, resolution: int) -> int:
    """(k + 2) (s_u + 1 + R^2)^((k+2)/2): weights this large realize every ReLU gate function
    of `fanin` sources (module docstring, the integer-programming bound)."""
    norm = _squared_input_norm(fanin, gate_sources, resolution)
    return (fanin + 2) * _hadamard(norm + 1 + resolution * resolution, fanin + 2)


def _log2_estimate(model: GateModel, fanin: int, gates: int) -> float:
    """An upper estimate of log2 of the proven range, without its huge integers."""
    k, r = fanin, model.resolution
    norm = _squared_input_norm(k, gates, r)
    if r == 1 or model.kind not in ("relu", "sigmoid"):
        return (k + 1) / 2 * math.log2(k + 1) - k + 1
    if model.kind == "sigmoid":
        return (k + r) / 2 * math.log2(norm + 2) + 1
    return math.log2(k + 2) + (k + 2) / 2 * math.log2(norm + 1 + r * r) + 1


@lru_cache(maxsize=4096)
def encodable_weight(model: GateModel, fanin: int, gate_sources: int | None = None
                     ) -> tuple[int, bool]:
    """(weight magnitude to search, whether it was clamped below the proven range): the
    proven range, or ENCODABLE_WEIGHT when that is smaller."""
    gates = fanin if gate_sources is None else gate_sources
    if fanin > 0 and _log2_estimate(model, fanin, gates) > 2 * math.log2(ENCODABLE_WEIGHT):
        return ENCODABLE_WEIGHT, True  # far beyond: skip the exact big-integer bound
    needed = sufficient_weight(model, fanin, gates)
    return (ENCODABLE_WEIGHT, True) if needed > ENCODABLE_WEIGHT else (needed, False)


def sufficient_weight(model: GateModel, fanin: int, gate_sources: int | None = None) -> int:
    """A weight magnitude with which a gate of `model` realizes every function it can compute
    on `fanin` sources, `gate_sources` of them gates (default: all of them)."""
    if fanin < 0:
        raise ValueError(f"fan-in {fanin} < 0")
    if fanin == 0:
        return 0
    gates = fanin if gate_sources is None else gate_sources
    if model.resolution == 1 or model.kind not in ("relu", "sigmoid"):
        return max_weight_needed(fanin)
    if model.kind == "sigmoid":
        return sigmoid_weight_bound(fanin, gates, model.resolution)
    return relu_weight_bound(fanin, gates, model.resolution)
