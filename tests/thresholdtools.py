"""Independent truth about threshold functions for the tests: brute force over weights."""

from __future__ import annotations

import itertools

import numpy as np


def threshold_tables(n: int, weight: int) -> set[int]:
    """Truth tables of every threshold gate on n inputs with |w| <= weight (brute force)."""
    rows = np.arange(1 << n)
    bits = np.array([(rows >> i) & 1 for i in range(n)])
    found = set()
    for w in itertools.product(range(-weight, weight + 1), repeat=n):
        sums = np.asarray(w) @ bits
        for t in range(-n * weight, n * weight + 2):
            found.add(sum(1 << int(r) for r in rows[sums >= t]))
    return found
