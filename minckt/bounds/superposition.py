"""Adler–Shavit's superposition curves: reference shapes with a free constant, not bounds.

Adler & Shavit, "On the Complexity of Neural Computation in Superposition", arXiv 2409.15318
(docs/design/papers.md#superposition-adlershavit), for m' output features computed in superposition
(problems including permutations and pairwise logical operations such as all pairwise ANDs of m
inputs):

* lower bound: Ω(√(m' log m')) neurons and Ω(m' log m') parameters;
* upper bound (pairwise AND): O(√m' · log m') neurons and O(m' · log² m') parameters;
* representing (not computing) m' features can take only O(log m') neurons.

What is *not* known here: the constants hidden in Ω and O, the smallest m' from which the
statements hold, the sparsity promise and whether the pairs are "all" or a given list, and
the exact neuron model (outputs are thresholded, docs/design/papers.md#derived-facts, not minckt's
discretized gates).  So none of these is a lower bound for minckt's exact search: this module
returns no `Bound`, has no ``bounds`` function, and `minckt.bounds.lower_bounds` never sees it (a
wrong lower bound would let the search claim a false optimum).  It gives the *shapes* g(m') for a
report to draw c·g(m') beside the exact minima minckt finds, with c a labelled free
parameter (c = 1 by default, or fitted by least squares through measured points with
`ReferenceCurve.fit`).  Logarithms are base 2; another base only changes c.

minckt's reading of the resources (documented, not the paper's): "neurons" are hidden gates
(`Limits.hidden`, the gates that drive no output), "parameters" are `Limits.params` (one
weight per wire and one bias per gate, `minckt.core.circuit`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from minckt.errors import InputError

__all__ = ["REF", "ReferenceCurve", "CURVES", "curve", "reference_curves"]

REF = ("Adler & Shavit, On the Complexity of Neural Computation in Superposition, "
       "arXiv 2409.15318 (docs/design/papers.md#superposition-adlershavit)")


def _log2(m: np.ndarray) -> np.ndarray:
    return np.log2(m)


@dataclass(frozen=True)
class ReferenceCurve:
    """One shape g(m') of Adler–Shavit's statements, drawn as c·g(m') with c unknown.

    `resource` is the minckt resource it is set against ("hidden" for neurons, "params"),
    `side` "lower" (an Ω statement), "upper" (an O construction) or "representation";
    `label` names the curve for a plot's legend, constant and all.
    """

    name: str
    resource: str
    side: str
    formula: str
    label: str
    shape: Callable[[np.ndarray], np.ndarray]

    def values(self, m_prime: Sequence[float] | np.ndarray | float, c: float = 1.0
               ) -> np.ndarray:
        """c·g(m') at each m' >= 1 (g(1) = 0: log 1 = 0)."""
        if isinstance(c, bool) or not isinstance(c, (int, float)) or not math.isfinite(c):
            raise InputError(f"constant c = {c!r}: expected a finite number")
        return c * self.shape(_check(m_prime))

    def fit(self, m_prime: Sequence[float] | np.ndarray,
            observed: Sequence[float] | np.ndarray) -> float | None:
        """The c minimising Σ (y − c·g(m'))² over the points (None when every g(m') is 0):
        a fitted reference, not a bound."""
        g = self.shape(_check(m_prime))
        y = np.asarray(observed, dtype=float)
        if y.shape != g.shape:
            raise InputError(f"{y.size} observed value(s) for {g.size} m' value(s)")
        denominator = float((g * g).sum())
        return None if denominator == 0 else float((g * y).sum()) / denominator


def _check(m_prime: Sequence[float] | np.ndarray | float) -> np.ndarray:
    values = np.asarray(m_prime, dtype=float)
    if values.size and (not np.isfinite(values).all() or (values < 1).any()):
        raise InputError(f"m' = {m_prime!r}: expected numbers of output features >= 1")
    return values


_UNKNOWN = "constant unknown"

#: The curves, lower statements first.
CURVES: tuple[ReferenceCurve, ...] = (
    ReferenceCurve("neurons-lower", "hidden", "lower", "√(m′ log₂ m′)",
                   f"c·√(m′ log₂ m′) (Adler–Shavit lower, {_UNKNOWN})",
                   lambda m: np.sqrt(m * _log2(m))),
    ReferenceCurve("params-lower", "params", "lower", "m′ log₂ m′",
                   f"c·m′ log₂ m′ (Adler–Shavit lower, {_UNKNOWN})",
                   lambda m: m * _log2(m)),
    ReferenceCurve("neurons-upper", "hidden", "upper", "√m′ · log₂ m′",
                   f"c·√m′ log₂ m′ (Adler–Shavit construction, {_UNKNOWN})",
                   lambda m: np.sqrt(m) * _log2(m)),
    ReferenceCurve("params-upper", "params", "upper", "m′ · log₂² m′",
                   f"c·m′ log₂² m′ (Adler–Shavit construction, {_UNKNOWN})",
                   lambda m: m * _log2(m) ** 2),
    ReferenceCurve("neurons-representation", "hidden", "representation", "log₂ m′",
                   f"c·log₂ m′ (Adler–Shavit: representing, not computing, {_UNKNOWN})",
                   _log2),
)


def curve(name: str) -> ReferenceCurve:
    """The curve of that name (an unknown name is an error listing the valid ones)."""
    for candidate in CURVES:
        if candidate.name == name:
            return candidate
    raise InputError(f"superposition curve {name!r}: expected one of "
                     f"{', '.join(c.name for c in CURVES)}")


def reference_curves(m_prime: Sequence[float] | np.ndarray, c: float = 1.0,
                     resource: str | None = None) -> dict[str, np.ndarray]:
    """label -> c·g(m') for every curve (only those set against `resource` when given)."""
    return {item.label: item.values(m_prime, c) for item in CURVES
            if resource is None or item.resource == resource}
