"""Integers in CNF: order (unary) and two's-complement (binary) encodings with the sums that
threshold gates need.

`Builder` owns the variable pool and the clause list.  It has a constant-true literal, and
`clause` drops clauses that a constant satisfies and constant-false literals, so encodings
can be written uniformly at their boundaries.

* `Unary` (order encoding, as in Tamura et al.'s order encoding used by Sugar): literal
  ``ge(k)`` means value >= k.  Sums are built by the standard pairwise merge clauses
  (A >= a and B >= b imply A+B >= a+b; A < a+1 and B < b+1 imply A+B < a+b+1), with the result
  clamped to a window: a value outside [lo, hi] is kept as lo or hi, which is exact for a
  later test "sum >= 0" as long as what remains to be added cannot cross 0 from there.
  Propagation is complete (unit propagation decides every order literal it can), so UNSAT
  steps are fast; the size is quadratic in the range, so it suits small weights.
* `Binary` (two's complement, ripple-carry full adders): linear size in the number of bits,
  for large weight ranges ("unbounded" weights); the gate value is the negated sign bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pysat.formula import IDPool

__all__ = ["Builder", "Unary", "Binary"]


class Builder:
    """Variable pool, clause list and a constant-true literal."""

    def __init__(self) -> None:
        self.pool = IDPool()
        self.clauses: list[list[int]] = []
        self.true = self.pool.id(("const", "true"))
        self.clauses.append([self.true])
        self.comments: dict[int, str] = {self.true: "constant true"}

    def var(self, name: tuple) -> int:
        """A new (or the existing) variable for a named meaning."""
        var = self.pool.id(name)
        if var not in self.comments:
            self.comments[var] = " ".join(str(p) for p in name)
        return var

    def fresh(self) -> int:
        """An anonymous auxiliary variable (the pool's next id, not named in it)."""
        self.pool.top += 1
        return self.pool.top

    @property
    def false(self) -> int:
        return -self.true

    def clause(self, literals: list[int] | tuple[int, ...]) -> None:
        """Add a clause, simplified against the constants."""
        true = self.true
        if true in literals:
            return
        if -true in literals:
            literals = [lit for lit in literals if lit != -true]
        self.clauses.append(list(literals))

    def equal_and(self, out: int, inputs: list[int]) -> None:
        """out <-> AND(inputs)."""
        for i in inputs:
            self.clause([-out, i])
        self.clause([out] + [-i for i in inputs])

    def equal_or(self, out: int, inputs: list[int]) -> None:
        """out <-> OR(inputs)."""
        for i in inputs:
            self.clause([out, -i])
        self.clause([-out] + list(inputs))


@dataclass
class Unary:
    """Order-encoded integer in [lo, hi]: `lits[k - lo - 1]` is the literal value >= k."""

    lo: int
    hi: int
    lits: list[int]
    builder: Builder

    @classmethod
    def new(cls, builder: Builder, lo: int, hi: int, name: tuple) -> "Unary":
        """A fresh variable-valued integer in [lo, hi] with the order clauses."""
        lits = [builder.var(name + (f">={k}",)) for k in range(lo + 1, hi + 1)]
        for a, b in zip(lits[1:], lits):
            builder.clause([-a, b])
        return cls(lo, hi, lits, builder)

    @classmethod
    def const(cls, builder: Builder, value: int) -> "Unary":
        return cls(value, value, [], builder)

    def ge(self, k: int) -> int:
        """Literal for value >= k (constant outside (lo, hi])."""
        if k <= self.lo:
            return self.builder.true
        if k > self.hi:
            return self.builder.false
        return self.lits[k - self.lo - 1]

    def negated(self) -> "Unary":
        """-value, sharing literals: (-v >= k) <-> not (v >= -k + 1)."""
        lits = [-self.ge(-k + 1) for k in range(-self.hi + 1, -self.lo + 1)]
        return Unary(-self.hi, -self.lo, lits, self.builder)

    def add(self, other: "Unary", lo: int, hi: int, name: tuple,
            condition: int | None = None) -> "Unary":
        """clamp(self + (other if condition else 0), lo, hi) as a new order-encoded integer.

        With a condition literal c the result equals self where c is false.
        """
        b = self.builder
        low = max(lo, min(self.lo, self.lo + other.lo) if condition else self.lo + other.lo)
        high = min(hi, max(self.hi, self.hi + other.hi) if condition else self.hi + other.hi)
        if low > high:  # the window is empty: everything saturates to one end
            low = high = max(lo, min(hi, low))
        result = Unary.new(b, low, high, name)
        b.clauses.extend(_merge_clauses(b, self, other, result, condition))
        if condition is not None:
            for k in range(low + 1, high + 1):
                b.clause([condition, -self.ge(k), result.ge(k)])
                b.clause([condition, self.ge(k), -result.ge(k)])
        return result


def _merge_clauses(b: Builder, x: Unary, y: Unary, z: Unary, condition: int | None
                   ) -> list[list[int]]:
    """The merge clauses of z = clamp(x + y) (`Unary.add`), in the order of the loop over
    (i, j) that states them: x >= x.lo + i and y >= y.lo + j imply z >= their sum (clamped
    into z's window), and x <= x.lo + i and y <= y.lo + j imply z <= the sum; each guarded
    by -condition.  Built with numpy (the Python loop took 3.5 s of a 5.4 s encoding of
    cd8-size-d2-w2's sessions under cProfile) and simplified against the constants as `Builder.clause`
    does: a clause with the true literal is dropped, the false literal is left out."""
    true = b.true
    mine = np.array([true, *x.lits, -true], dtype=np.int64)  # mine[i] <-> x >= x.lo + i
    theirs = np.array([true, *y.lits, -true], dtype=np.int64)
    sums = np.array([true, *z.lits, -true], dtype=np.int64)  # sums[i] <-> z >= z.lo + i
    low, high, top = z.lo, z.hi, len(sums) - 1
    rows, columns = len(mine) - 1, len(theirs) - 1
    total = x.lo + y.lo + np.arange(rows)[:, None] + np.arange(columns)[None, :]
    first = 0 if condition is None else 1
    clauses = np.empty((rows, columns, 2, first + 3), dtype=np.int64)
    if condition is not None:
        clauses[..., 0] = -condition
    clauses[:, :, 0, first] = -mine[:-1, None]
    clauses[:, :, 0, first + 1] = -theirs[None, :-1]
    clauses[:, :, 0, first + 2] = sums[np.clip(np.minimum(total, high) - low, 0, top)]
    clauses[:, :, 1, first] = mine[1:, None]
    clauses[:, :, 1, first + 1] = theirs[None, 1:]
    clauses[:, :, 1, first + 2] = -sums[np.clip(np.maximum(total + 1, low + 1) - low, 0, top)]
    # (an index clipped into `sums` is in a clause not wanted)
    wanted = np.empty((rows, columns, 2), dtype=bool)
    wanted[..., 0] = total > low
    wanted[..., 1] = total + 1 <= high
    flat = clauses.reshape(-1, first + 3)
    keep = wanted.reshape(-1) & ~(flat == true).any(axis=1)
    kept = flat[keep]
    short = np.flatnonzero((kept == -true).any(axis=1))
    out = kept.tolist()
    for k in short.tolist():
        out[k] = [lit for lit in out[k] if lit != -true]
    return out


@dataclass
class Binary:
    """Two's-complement integer: `bits[0]` least significant, `bits[-1]` the sign."""

    bits: list[int]
    builder: Builder

    @classmethod
    def new(cls, builder: Builder, width: int, name: tuple) -> "Binary":
        return cls([builder.var(name + (f"bit{i}",)) for i in range(width)], builder)

    @classmethod
    def const(cls, builder: Builder, value: int, width: int) -> "Binary":
        t = builder.true
        return cls([t if (value >> i) & 1 else -t for i in range(width)], builder)

    @property
    def sign(self) -> int:
        return self.bits[-1]

    def widened(self, width: int) -> list[int]:
        """Bits sign-extended to `width`."""
        return self.bits + [self.sign] * (width - len(self.bits))

    def masked(self, condition: int) -> "Binary":
        """condition ? self : 0, bit by bit."""
        b = self.builder
        out = []
        for bit in self.bits:
            if bit == b.false:
                out.append(b.false)
                continue
            if bit == b.true:
                out.append(condition)
                continue
            v = b.fresh()
            b.equal_and(v, [condition, bit])
            out.append(v)
        return Binary(out, b)

    def add(self, other: "Binary", width: int) -> "Binary":
        """self + other in `width` bits (the caller guarantees no overflow)."""
        b = self.builder
        xs, ys = self.widened(width), other.widened(width)
        carry = b.false
        out = []
        for x, y in zip(xs, ys):
            out.append(_xor3(b, x, y, carry))
            carry = _majority(b, x, y, carry)
        return Binary(out, b)

    def nonzero(self) -> int:
        """Literal for value != 0."""
        b = self.builder
        v = b.fresh()
        b.equal_or(v, list(self.bits))
        return v

    def at_most(self, bound: int) -> int:
        """Literal l with l -> value <= bound (one direction, for use under assumption)."""
        return _compare_const(self, bound, upper=True)

    def at_least(self, bound: int) -> int:
        """Literal l with l -> value >= bound."""
        return _compare_const(self, bound, upper=False)


def _xor3(b: Builder, x: int, y: int, z: int) -> int:
    """A literal equal to x xor y xor z (constants folded)."""
    parity = 0
    free = []
    for lit in (x, y, z):
        if lit == b.true:
            parity ^= 1
        elif lit != b.false:
            free.append(lit)
    if not free:
        return b.true if parity else b.false
    if len(free) == 1:
        out = free[0]
    elif len(free) == 3:  # the common case, spelled out: out <-> p xor q xor r
        out = b.fresh()
        p, q, r = free
        b.clauses.extend(([p, q, r, -out], [-p, q, r, out], [p, -q, r, out],
                          [-p, -q, r, -out], [p, q, -r, out], [-p, q, -r, -out],
                          [p, -q, -r, -out], [-p, -q, -r, out]))
    else:
        out = b.fresh()
        for signs in range(1 << len(free)):
            chosen = [lit if (signs >> i) & 1 else -lit for i, lit in enumerate(free)]
            odd = bin(signs).count("1") % 2 == 1
            # the assignment making every chosen literal true fixes out's value
            b.clause([-c for c in chosen] + [out if odd else -out])
    return -out if parity else out


def _majority(b: Builder, x: int, y: int, z: int) -> int:
    lits = [x, y, z]
    trues = sum(1 for l in lits if l == b.true)
    falses = sum(1 for l in lits if l == b.false)
    free = [l for l in lits if l not in (b.true, b.false)]
    if trues >= 2:
        return b.true
    if falses >= 2:
        return b.false
    if len(free) == 1:  # one true and one false constant: the free literal decides
        return free[0]
    if len(free) == 2:  # one constant: majority is AND (const false) or OR (const true)
        out = b.fresh()
        (b.equal_or if trues else b.equal_and)(out, free)
        return out
    out = b.fresh()
    p, q, r = free
    b.clauses.extend(([-p, -q, out], [p, q, -out], [-p, -r, out], [p, r, -out],
                      [-q, -r, out], [q, r, -out]))
    return out


def _compare_const(value: Binary, bound: int, upper: bool) -> int:
    """A literal l with l -> (value <= bound) (upper) or l -> (value >= bound)."""
    b = value.builder
    width = len(value.bits)
    low, high = -(1 << (width - 1)), (1 << (width - 1)) - 1
    if (upper and bound >= high) or (not upper and bound <= low):
        return b.true
    if (upper and bound < low) or (not upper and bound > high):
        return b.false
    # Compare offset-binary forms: flipping the sign bit maps two's complement to unsigned.
    bits = value.bits[:-1] + [-value.sign]
    target = bound - low
    lit = b.fresh()
    _lex_const(b, bits, target, lit, upper)
    return lit


def _lex_const(b: Builder, bits: list[int], target: int, guard: int, upper: bool) -> None:
    """guard -> (unsigned(bits) <= target) if upper else (>= target), MSB-first clauses."""
    # value <= target  iff  for every bit i where target has 0: not (bit_i = 1 and all higher
    # bits where target has 1... ) -- standard: for each i with target_i = 0, the clause
    # (higher bits equal-or-below) is captured by: NOT(bit_i and for all j > i with t_j = 0:
    # ... ). We use the prefix form: for each i with t_i == 0 (upper) / t_i == 1 (lower):
    # clause: guard -> not( bits_i = (1 if upper else 0) and for all j > i: bits_j = t_j
    # or a smaller/greater prefix already decided ). The simple sufficient CNF below is the
    # usual one: for i with t_i = 0: (-guard, -bit_i, OR_{j>i, t_j=1} -bit_j) for upper.
    width = len(bits)
    for i in range(width):
        t_i = (target >> i) & 1
        if upper and t_i == 0:
            clause = [-guard, -bits[i]] + [-bits[j] for j in range(i + 1, width)
                                           if (target >> j) & 1]
            b.clause(clause)
        if not upper and t_i == 1:
            clause = [-guard, bits[i]] + [bits[j] for j in range(i + 1, width)
                                          if not (target >> j) & 1]
            b.clause(clause)
