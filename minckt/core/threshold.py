"""How large integer weights a threshold gate can ever need: the honest "unbounded" range.

Every threshold function of k Boolean inputs has an integer realization with every
|w_i| <= max_weight_needed(k):

* k <= 5: the exact maxima 1, 1, 2, 3, 5 (k = 1..5).  They are re-derived by this project's
  tests: enumerating all weight vectors in [-W, W]^k yields exactly the number of threshold
  functions of k or fewer variables (OEIS A000609: 4, 14, 104, 1882, 94572) at these W and
  not below.
* k >= 6: Muroga's bound, |w_i| <= (k+1)^((k+1)/2) / 2^k (S. Muroga, I. Toda, S. Takasu,
  "Theory of majority decision elements", J. Franklin Inst. 271 (1961); also S. Muroga,
  Threshold Logic and its Applications, Wiley 1971).

Replacing each gate of a circuit by a minimal realization of the same Boolean function keeps
every gate value on every row, so size, energy and depth are unchanged and fan-in, wires and
weight can only drop: a search restricted to these ranges loses no circuit.  With weights in
[-W, W] and fan-in k the pre-activation sum lies in [-kW, kW], so a threshold outside
[-kW, kW + 1] is equivalent to one of its ends.
"""

from __future__ import annotations

import math

__all__ = ["EXACT_MAX_WEIGHT", "max_weight_needed", "muroga_bound", "threshold_range"]

#: Exact maximum, over threshold functions of k inputs, of the minimal max |weight| (k = 0..5).
EXACT_MAX_WEIGHT = {0: 0, 1: 1, 2: 1, 3: 2, 4: 3, 5: 5}


def muroga_bound(k: int) -> int:
    """floor((k+1)^((k+1)/2) / 2^k): integer weights this large suffice for k inputs."""
    # Integer arithmetic: floor(sqrt((k+1)^(k+1)) / 2^k) computed exactly.
    return math.isqrt((k + 1) ** (k + 1) // (1 << (2 * k)))


def max_weight_needed(fanin: int) -> int:
    """A weight magnitude that suffices for every threshold function of `fanin` inputs."""
    if fanin < 0:
        raise ValueError(f"fan-in {fanin} < 0")
    if fanin in EXACT_MAX_WEIGHT:
        return EXACT_MAX_WEIGHT[fanin]
    return muroga_bound(fanin)


def threshold_range(fanin: int, weight: int) -> tuple[int, int]:
    """(lowest, highest) threshold worth considering for `fanin` inputs of |w| <= weight."""
    span = fanin * weight
    return -span, span + 1
