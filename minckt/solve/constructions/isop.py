"""Irredundant sums of products of an interval of Boolean functions: the Minato–Morreale
recursion on truth tables.

ISOP(L, U), for an on-set L within an upper set U (the on-set with the don't-cares), is a
set of cubes whose OR F has L ⊆ F ⊆ U, each cube prime (no literal can go without leaving
U) and none redundant (Morreale, "Recursive operators for prime implicant and irredundant
normal form determination", IEEE Trans. Computers 1970; Minato, "Fast generation of
prime-irredundant covers from binary decision diagrams", IEICE Trans. Fundamentals 1993).
On the top variable x: the cubes with ¬x cover L0 ∧ ¬U1 within U0, those with x cover
L1 ∧ ¬U0 within U1, and the cubes without x cover what the two left of L within U0 ∧ U1.
Tables are Python integers (bit r = row r, x1 the least significant bit of r,
`minckt.core.spec`); a cofactor of a table of 2^k rows by x_k is its low or high half.
`minckt.solve.constructions.boolean` writes the covers as gates.
"""

from __future__ import annotations

from minckt.errors import InputError

__all__ = ["Cube", "Cover", "CoverTooLarge", "MAX_COVER_CALLS", "isop"]

Cube = tuple[int, int]  # (mask of the positive literals, mask of the negative ones)


class CoverTooLarge(Exception):
    """A cover passed its cap of cubes or `MAX_COVER_CALLS`: its caller gives up."""


#: Most calls of the ISOP recursion per construction (a random function of 12 inputs makes
#: under 2,000, some 10 µs each: the memo of sub-covers does most of the work).
MAX_COVER_CALLS = 50_000


class Cover:
    """Irredundant sums of products by the Minato–Morreale recursion (module docstring),
    on tables of 2^k bits whose top variable is x_k, memoised."""

    def __init__(self, cap: int) -> None:
        self.cap = cap  # most cubes in one cover
        self.memo: dict[tuple[int, int, int], tuple[tuple[Cube, ...], int]] = {}
        self.calls = 0

    def cover(self, on: int, upper: int, k: int) -> tuple[tuple[Cube, ...], int]:
        """(cubes, the function they compute F, on ⊆ F ⊆ upper) over x_1..x_k."""
        if on == 0:
            return (), 0
        full = (1 << (1 << k)) - 1
        if upper == full:
            return ((0, 0),), full
        key = (on, upper, k)
        found = self.memo.get(key)
        if found is not None:
            return found
        self.calls += 1
        if self.calls > MAX_COVER_CALLS:
            raise CoverTooLarge
        half = 1 << (k - 1)
        low = (1 << half) - 1
        on0, on1, upper0, upper1 = on & low, on >> half, upper & low, upper >> half
        if on0 == on1 and upper0 == upper1:  # x_k plays no part
            cubes, function = self.cover(on0, upper0, k - 1)
            found = (cubes, function | function << half)
        else:
            var = 1 << (k - 1)
            cubes0, function0 = self.cover(on0 & ~upper1, upper0, k - 1)
            cubes1, function1 = self.cover(on1 & ~upper0, upper1, k - 1)
            rest = (on0 & ~function0) | (on1 & ~function1)
            cubes2, function2 = self.cover(rest, upper0 & upper1, k - 1)
            cubes = tuple((p, m | var) for p, m in cubes0) \
                + tuple((p | var, m) for p, m in cubes1) + cubes2
            if len(cubes) > self.cap:
                raise CoverTooLarge
            found = (cubes, function0 | function2 | (function1 | function2) << half)
        self.memo[key] = found
        return found


def isop(on: int, upper: int, n: int) -> list[Cube]:
    """An irredundant sum of products F of n inputs with on ⊆ F ⊆ upper (tables as
    integers), as cubes (positive literals' mask, negative literals' mask; bit i is x_{i+1});
    `CoverTooLarge` past `MAX_COVER_CALLS`."""
    if on & ~upper or on < 0 or upper >> (1 << n):
        raise InputError(f"isop: on-set {on:#x} and upper set {upper:#x}: expected tables of "
                         f"2^{n} rows with the on-set within the upper set")
    return list(Cover(1 << (1 << n)).cover(on, upper, n)[0])
