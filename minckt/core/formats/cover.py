"""Truth tables of small gates and their sum-of-products covers.

A table over k sources is an integer of 2^k bits: bit r is the output where source i takes
bit i of r (the first source is the least significant bit, as a Boolean gate's table in
`minckt.core.circuit`).  A cube is a tuple of literals (i, value): source i equals value.

`cover` computes an irredundant sum-of-products between a lower and an upper table (the
don't-cares between them are free) with the Minato–Morreale algorithm (S. Minato, "Fast
generation of irredundant sum-of-products forms from binary decision diagrams", SASIMI 1992;
the ISOP routine of ABC and of mockturtle's ``isop``).  Every writer of a gate as a cover
(BLIF ``.names``, the AND/OR decompositions of AIGER and BENCH) uses it.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["Cube", "full_table", "variable_table", "cube_table", "cover", "smaller_cover",
           "depends_on", "restrict_duplicates"]

Cube = tuple[tuple[int, int], ...]


def full_table(k: int) -> int:
    """The all-ones table over k sources (2^k bits)."""
    return (1 << (1 << k)) - 1


@lru_cache(maxsize=None)
def variable_table(i: int, k: int) -> int:
    """The table of source i itself over k sources (bit r = bit i of r)."""
    block = (1 << (1 << i)) - 1          # 2^i ones: the rows where source i is 0 ...
    pattern = block << (1 << i)          # ... then 2^i rows where it is 1
    period = 1 << (i + 1)
    table = 0
    for start in range(0, 1 << k, period):
        table |= pattern << start
    return table


def cube_table(cube: Cube, k: int) -> int:
    """The table of a cube over k sources."""
    table = full_table(k)
    for i, value in cube:
        column = variable_table(i, k)
        table &= column if value else ~column
    return table & full_table(k)


def depends_on(table: int, i: int, k: int) -> bool:
    """Whether a table over k sources depends on source i."""
    column = variable_table(i, k)
    ones, zeros = table & column, table & ~column & full_table(k)
    return (ones >> (1 << i)) != zeros


def cover(lower: int, upper: int, k: int) -> list[Cube]:
    """An irredundant sum of cubes f with lower <= f <= upper (tables over k sources).

    ``lower`` must imply ``upper``; rows in upper but not in lower are don't-cares.  The
    empty list is the constant 0, a cube without literals the constant 1.
    """
    if lower & ~upper:
        raise ValueError("cover: the lower table is not contained in the upper one")
    cubes, _ = _isop(lower, upper & full_table(k), k, {})
    return [tuple(sorted(c)) for c in cubes]


def _isop(lower: int, upper: int, k: int, memo: dict) -> tuple[tuple[Cube, ...], int]:
    """(cubes, their table) between lower and upper over sources 0..k-1; `memo` shares the
    answers of repeated sub-functions within one call of `cover`."""
    if lower == 0:
        return (), 0
    if upper == full_table(k):
        return ((),), full_table(k)
    key = (lower, upper, k)
    if key not in memo:
        memo[key] = _split(lower, upper, k, memo)
    return memo[key]


def _split(lower: int, upper: int, k: int, memo: dict) -> tuple[tuple[Cube, ...], int]:
    """The Minato–Morreale step on the top source k-1."""
    half = 1 << (k - 1)  # k >= 1 here: over 0 sources lower != 0 means upper is full
    mask = (1 << half) - 1
    low0, low1 = lower & mask, lower >> half
    up0, up1 = upper & mask, upper >> half
    if low0 == low1 and up0 == up1:  # source k-1 does not matter
        cubes, table = _isop(low0, up0, k - 1, memo)
        return cubes, table | (table << half)
    cubes0, table0 = _isop(low0 & ~up1 & mask, up0, k - 1, memo)
    cubes1, table1 = _isop(low1 & ~up0 & mask, up1, k - 1, memo)
    rest = (low0 & ~table0 & mask) | (low1 & ~table1 & mask)
    shared, table_shared = _isop(rest, up0 & up1, k - 1, memo)
    top = k - 1
    cubes = tuple(c + ((top, 0),) for c in cubes0) + tuple(c + ((top, 1),) for c in cubes1) \
        + shared
    return cubes, (table0 | table_shared) | ((table1 | table_shared) << half)


def smaller_cover(on: int, care: int, k: int) -> tuple[list[Cube], bool]:
    """(cubes, complemented): a cover of the on-set, or of the off-set when that one has
    fewer cubes (then the function is the complement of the cover).  Rows outside `care` are
    don't-cares."""
    full = full_table(k)
    care &= full
    dont = full & ~care
    positive = cover(on & care, (on & care) | dont, k)
    off = full & ~on & care
    negative = cover(off, off | dont, k)
    literals = sum(len(c) for c in negative) < sum(len(c) for c in positive)
    if len(negative) < len(positive) or (len(negative) == len(positive) and literals):
        return negative, True
    return positive, False


def restrict_duplicates(sources: tuple[str, ...], table: int) -> tuple[tuple[str, ...], int]:
    """The same gate with each repeated source read once: rows where two copies of a source
    differ cannot occur, so the table keeps only the rows where they agree."""
    if len(set(sources)) == len(sources):
        return sources, table
    kept: list[str] = []
    position: list[int] = []  # for each original source, its index among the kept ones
    for source in sources:
        if source not in kept:
            kept.append(source)
        position.append(kept.index(source))
    restricted = 0
    for row in range(1 << len(kept)):
        old = sum(((row >> position[i]) & 1) << i for i in range(len(sources)))
        restricted |= ((table >> old) & 1) << row
    return tuple(kept), restricted
