"""The CNF integer layer against brute force: every model of the clauses is a correct sum;
and `Unary.add`'s vectorised merge clauses against the loop that stated them one by one."""

from __future__ import annotations

import itertools
import random

import pytest
from pysat.solvers import Solver

from minckt.encode.intvars import Binary, Builder, Unary


def _models(builder: Builder, readers):
    top = builder.pool.top
    # tautologies make every variable known to the solver, so models enumerate all of them
    clauses = builder.clauses + [[v, -v] for v in range(1, top + 1)]
    with Solver(name="cadical195", bootstrap_with=clauses) as solver:
        return {tuple(read(set(m)) for read in readers) for m in solver.enum_models()}


def _unary(value: Unary, true: set[int]) -> int:
    return value.lo + sum(1 for lit in value.lits if lit in true)


def _binary(value: Binary, true: set[int]) -> int:
    raw = sum(1 << i for i, lit in enumerate(value.bits) if lit in true)
    width = len(value.bits)
    return raw - (1 << width) if raw >> (width - 1) else raw


@pytest.mark.parametrize("a_range,b_range,window,conditional", [
    ((-2, 2), (-2, 2), (-10, 10), False),
    ((-3, 1), (-1, 2), (-2, 1), False),
    ((-2, 0), (-1, 0), (2, 3), True),
    ((0, 4), (-3, 3), (-1, 2), True),
    ((-4, 4), (-2, 2), (-3, 3), True),
])
def test_unary_clamped_conditional_sum(a_range, b_range, window, conditional):
    builder = Builder()
    a = Unary.new(builder, *a_range, ("a",))
    b = Unary.new(builder, *b_range, ("b",))
    c = builder.var(("c",)) if conditional else None
    result = a.add(b, *window, ("r",), condition=c)
    got = _models(builder, [lambda m: _unary(a, m), lambda m: _unary(b, m),
                            lambda m: (c in m) if c else True, lambda m: _unary(result, m)])
    expected = {
        (x, y, on, max(result.lo, min(result.hi, x + (y if on else 0))))
        for x in range(a_range[0], a_range[1] + 1)
        for y in range(b_range[0], b_range[1] + 1)
        for on in ((True, False) if conditional else (True,))
    }
    assert got == expected
    # the clamp window is respected: inside it the value is exact
    assert window[0] <= result.lo or result.lo == result.hi
    assert result.hi <= window[1] or result.lo == result.hi


@pytest.mark.parametrize("width,bound", list(itertools.product([2, 3, 4], [-3, 0, 2])))
def test_binary_masked_sum_and_comparisons(width, bound):
    builder = Builder()
    a = Binary.new(builder, width, ("a",))
    b = Binary.new(builder, width, ("b",))
    c = builder.var(("c",))
    total = a.add(b.masked(c), width + 1)
    builder.clause([a.at_most(bound)])
    builder.clause([b.at_least(bound)])
    got = _models(builder, [lambda m: _binary(a, m), lambda m: _binary(b, m),
                            lambda m: c in m, lambda m: _binary(total, m)])
    half = 1 << (width - 1)
    expected = {(x, y, on, x + (y if on else 0))
                for x in range(-half, half) for y in range(-half, half)
                for on in (True, False) if x <= bound and y >= bound}
    assert got == expected


def _loop_clauses(b: Builder, x: Unary, y: Unary, z: Unary, condition) -> list[list[int]]:
    """What `Unary.add` stated after the result's order clauses, as its loop stated it
    through `Builder.clause`: the merge clauses, then the condition's."""
    start = len(b.clauses)
    mine = [x.ge(x.lo + i) for i in range(x.hi - x.lo + 2)]
    theirs = [y.ge(y.lo + i) for i in range(y.hi - y.lo + 2)]
    sums = [z.ge(z.lo + i) for i in range(z.hi - z.lo + 2)]
    guard = [] if condition is None else [-condition]
    for i in range(len(mine) - 1):
        for j in range(len(theirs) - 1):
            total = x.lo + i + y.lo + j
            if total > z.lo:
                b.clause(guard + [-mine[i], -theirs[j], sums[min(total, z.hi) - z.lo]])
            if total + 1 <= z.hi:
                b.clause(guard + [mine[i + 1], theirs[j + 1],
                                  -sums[max(total + 1, z.lo + 1) - z.lo]])
    if condition is not None:
        for k in range(z.lo + 1, z.hi + 1):
            b.clause([condition, -x.ge(k), z.ge(k)])
            b.clause([condition, x.ge(k), -z.ge(k)])
    made = b.clauses[start:]
    del b.clauses[start:]
    return made


def _cases(count: int):
    rng = random.Random(11)
    for _ in range(count):
        lo_x = rng.randint(-6, 4)
        lo_y = rng.randint(-6, 4)
        yield (lo_x, lo_x + rng.randint(0, 6), lo_y, lo_y + rng.randint(0, 6),
               rng.randint(-12, 2), rng.randint(-2, 12), rng.random() < 0.4)


def test_vectorised_merge_states_the_loops_clauses_in_order():
    for lo_x, hi_x, lo_y, hi_y, lo, hi, conditional in _cases(400):
        b = Builder()
        x = Unary.new(b, lo_x, hi_x, ("x",))
        y = Unary.new(b, lo_y, hi_y, ("y",)) if hi_y > lo_y or lo_y % 2 else \
            Unary.const(b, lo_y)
        condition = b.var(("c",)) if conditional else None
        before = len(b.clauses)
        z = x.add(y, lo, hi, ("z",), condition)
        made = b.clauses[before:]
        expected = _loop_clauses(b, x, y, z, condition)
        order = max(len(z.lits) - 1, 0)  # Unary.new's clauses come first
        case = (lo_x, hi_x, lo_y, hi_y, lo, hi, conditional)
        assert made[order:] == expected, case
