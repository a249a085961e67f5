"""The one-parameter fits of the studies: least squares through the origin of a·g(x) to
(x, y) points, and the root-mean-square residual of a fit.  They draw references for the
shape of a growth (a·√N, a·log₂ N, a·n/log₂ n, ...), never bounds."""

from __future__ import annotations

import math
from typing import Callable, Iterable, Sequence

__all__ = ["least_squares", "rms"]


def least_squares(points: Sequence[tuple[int, float]], g: Callable[[float], float | None]
                  ) -> tuple[float | None, float | None]:
    """a minimising Σ (y − a·g(x))² over the points where g is defined (not None), and the rms
    residual there: a = Σ y·g(x) / Σ g(x)² (None, None when Σ g(x)² = 0)."""
    used = [(u, y) for x, y in points if (u := g(x)) is not None]
    denominator = sum(u * u for u, _ in used)
    if denominator == 0:
        return None, None
    a = sum(u * y for u, y in used) / denominator
    return a, rms([y for _, y in used], [a * u for u, _ in used])


def rms(observed: Sequence[float], fitted: Iterable[float]) -> float:
    """The root-mean-square residual √(Σ (y − f)² / count) of fitted values f against the
    observed values y."""
    return math.sqrt(sum((y - f) ** 2 for y, f in zip(observed, fitted)) / len(observed))
