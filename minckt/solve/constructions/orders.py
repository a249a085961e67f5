"""Variable orders for a Shannon decomposition, on truth tables kept at full width.

A table is a Python integer over the 2^n rows (bit r = row r, x1 the least significant bit
of r, `minckt.core.spec`).  Its cofactor by x_i is kept at full width, the same on both
halves of x_i, so it no longer depends on x_i (`Cofactors`).  `greedy_order` picks, level
by level, the variable that leaves the fewest distinct non-constant sub-functions up to
complement (a (table, care) pair whose cofactors agree on the rows both care about merges
into one: the variable is not needed there), which pairs the two halves of IP, EQ and GT;
`orders` yields given orders and then seeded random ones.
`minckt.solve.constructions.boolean` builds the decomposition.
"""

from __future__ import annotations

import itertools
import random
from functools import lru_cache
from typing import Iterator

__all__ = ["Cofactors", "cofactors_of", "GREEDY_BUDGET", "level_after", "greedy_order",
           "orders"]


class Cofactors:
    """Cofactors of tables over the 2^n rows, kept at full width (a cofactor by x_i is the
    same on both halves, so it no longer depends on x_i)."""

    def __init__(self, n: int) -> None:
        self.full = (1 << (1 << n)) - 1
        self.high = []  # rows where x_{i+1} = 1
        for i in range(n):
            block = ((1 << (1 << i)) - 1) << (1 << i)  # 2^i zeros then 2^i ones
            self.high.append(block * (self.full // ((1 << (2 << i)) - 1)))

    def cofactors(self, table: int, i: int) -> tuple[int, int]:
        """(table with x_{i+1} = 0, table with x_{i+1} = 1)."""
        one = table & self.high[i]
        zero = table ^ one
        return zero | zero << (1 << i), one | one >> (1 << i)

    @staticmethod
    def normal(table: int, care: int) -> tuple[int, int, int]:
        """(table or its complement on the care set, the care set, 1 if complemented): the
        one that is 0 on the lowest care row."""
        flip = int(bool(table & care & -care))
        return table ^ (care if flip else 0), care, flip


@lru_cache(maxsize=4)
def cofactors_of(n: int) -> Cofactors:
    """The `Cofactors` of n inputs (kept for the last few n)."""
    return Cofactors(n)


#: Most work the greedy order may do, in 64-bit words of the tables it cofactors (about
#: 0.15 s per million at 16 inputs; a random function of 10 inputs takes some 14,000, of
#: 12 inputs 190,000).
GREEDY_BUDGET = 500_000


def level_after(tables: Cofactors, current: set[tuple[int, int]], i: int
                ) -> set[tuple[int, int]]:
    """The distinct non-constant sub-functions, up to complement, that splitting each
    (table, care) of `current` on x_{i+1} leaves."""
    following: set[tuple[int, int]] = set()
    for table, care in current:
        table0, table1 = tables.cofactors(table, i)
        care0, care1 = tables.cofactors(care, i)
        split: tuple[tuple[int, int], ...] = ((table0, care0), (table1, care1))
        if not (table0 ^ table1) & care0 & care1:
            split = ((table0 | table1, care0 | care1),)
        following.update(tables.normal(t, c)[:2] for t, c in split if t and t != c)
    return following


def greedy_order(pairs: list[tuple[int, int]], n: int, cap: int) -> list[int] | None:
    """The variable order that, level by level, leaves the fewest distinct non-constant
    sub-functions up to complement; None past `GREEDY_BUDGET`, or when a level leaves
    more than `cap` + 2n of them (each one not a literal is a gate of its own)."""
    tables = cofactors_of(n)
    words = max(1, (1 << n) // 64)
    current = {tables.normal(t, c)[:2] for t, c in pairs if t and t != c}
    remaining, order, work = list(range(n)), [], 0
    while remaining and current:
        work += len(current) * len(remaining) * words
        if work > GREEDY_BUDGET:
            return None
        options = {i: level_after(tables, current, i) for i in remaining}
        chosen = min(remaining, key=lambda i: len(options[i]))
        current = options[chosen]
        if len(current) > cap + 2 * n:
            return None
        order.append(chosen)
        remaining.remove(chosen)
    return order + remaining


def orders(n: int, first: list[list[int]]) -> Iterator[list[int]]:
    """`first`, then other orders of the n variables, each once: every permutation for
    n <= 5, seeded random ones otherwise (without end: the caller stops)."""
    seen: set[tuple[int, ...]] = set()
    if n <= 5:
        others: Iterator[tuple[int, ...]] = itertools.permutations(range(n))
    else:
        rng = random.Random(n)
        others = (tuple(rng.sample(range(n), n)) for _ in itertools.count())
    for order in itertools.chain(map(tuple, first), others):
        if order not in seen:
            seen.add(order)
            yield list(order)
