"""Chains over a Boolean basis by brute force: every function of 3 inputs with its least size,
energy and depth, by breadth-first enumeration (shared by the chain and read-once tests)."""

from __future__ import annotations

import itertools
from functools import lru_cache

import numpy as np

from minckt.core.bases import BASES

N = 3
FULL = (1 << (1 << N)) - 1
ROWS = np.arange(1 << N)


def _input_tables(n: int) -> list[int]:
    return [sum(1 << r for r in range(1 << n) if (r >> i) & 1) for i in range(n)]


def _apply(table: int, operands: tuple[int, ...], full: int) -> int:
    """Value vector of a gate with this table over operand value vectors."""
    out = 0
    for q in range(1 << len(operands)):
        if (table >> q) & 1:
            match = full
            for k, vector in enumerate(operands):
                match &= vector if (q >> k) & 1 else ~vector & full
            out |= match
    return out


@lru_cache(maxsize=None)
def brute_force(basis: str, max_size: int) -> dict[int, tuple[int, int, int]]:
    """For every 3-input function computable by a chain of <= max_size gates of `basis`
    (output = last gate): (least size, least energy at any size <= max_size, least depth),
    by enumerating every chain -- independent of the SAT encoding."""
    spec = BASES[basis]
    tables = sorted(spec.tables[spec.arity])
    best: dict[int, list[int]] = {}

    def grow(values: list[int], levels: list[int], gates: int) -> None:
        if gates:
            f = values[-1]
            energy = max(sum((v >> r) & 1 for v in values[N:]) for r in range(1 << N))
            depth = levels[-1]
            old = best.setdefault(f, [gates, energy, depth])
            old[0], old[1], old[2] = min(old[0], gates), min(old[1], energy), min(old[2], depth)
        if gates == max_size:
            return
        nodes = ([-1] if spec.constant_operand else []) + list(range(len(values)))
        for operands in itertools.combinations(nodes, spec.arity):
            vectors = tuple(0 if k < 0 else values[k] for k in operands)
            level = 1 + max((levels[k] for k in operands if k >= 0), default=0)
            for table in tables:
                grow(values + [_apply(table, vectors, FULL)], levels + [level], gates + 1)

    grow(_input_tables(N), [0] * N, 0)
    return {f: tuple(v) for f, v in best.items()}


