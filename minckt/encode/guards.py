"""Guards (conditional computation) and the `evaluated` / `ops` counts, for every backend.

Semantics (`minckt.core.circuit`): gate j may be guarded by one earlier gate g with a polarity;
it is evaluated on row r only where g's activity equals the polarity, and outputs 0 where
it is skipped.  The encoding, shared by the CNF and CP-SAT backends through a
`symmetry.Emitter`:

* ``select[j][g]`` (g < j): slot j is guarded by slot g, at most one per slot; ``when[j]``
  the polarity (false when slot j has no guard, a don't-care fixed to cut symmetry);
* ``cond[j][i]``: slot j is evaluated on care row i, defined exactly:
  cond <-> (no guard) or OR_g (select[j][g] and (value[g][i] <-> when[j]));
* the gate's output steps are its activation steps (the backend's own encoding of
  Σ w u - t against its breakpoints) conjoined with cond, so every reader, every output
  constraint and the energy see the guarded value;
* depth counts a guard like a wire (`dependencies`), so the guard gate is computed first.

Counts.  A slot *counts* on a row when it is evaluated there and used (it drives an
output, or a later slot reads it or is guarded by it).  evaluated <= E is one cardinality
bound per care row over those literals; ops <= O one per care row over the same literals
plus one literal per (slot, source) wire of a counted slot (fan-in + 1 per evaluated gate).
The literals are implied one way only (a count literal may be true without need), which
is all an upper bound needs.  Padding slots (unused) do not count, and the decoder drops
every dead gate (`Circuit.without_dead`), so the verified circuit's counts are at most the
encoding's: no circuit is lost (a smaller circuit fills the other slots with unused,
wire-less gates) and none is reported above its limits.

Soundness of the symmetry breaks with guards is argued in `minckt.encode.symmetry`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence, TypeVar

from minckt.core.circuit import Gate
from minckt.errors import InternalError

__all__ = ["SlotGuard", "slot_guard", "guarded_steps", "dependencies", "count_literals",
           "used_literals", "is_true",
           "decoded_guard", "with_guard"]


@dataclass
class SlotGuard:
    """One slot's guard literals: `select[g]` for each earlier slot, `when`, `cond[i]` per
    care row (the constant true throughout for an unguardable slot)."""

    select: list = field(default_factory=list)
    when: object | None = None
    cond: list = field(default_factory=list)

    @property
    def guarded(self) -> bool:
        return bool(self.select)


def slot_guard(emit, j: int, values: Sequence[Sequence[object]], rows: int,
               conditional: bool) -> SlotGuard:
    """The guard literals of slot j; `values[g][i]` the (guarded) active bit of slot g < j."""
    if not conditional or j == 0:
        return SlotGuard(cond=[emit.true] * rows)
    neg = emit.neg
    select = [emit.new_bool(f"guard[{j}][{g}]") for g in range(j)]
    when = emit.new_bool(f"when[{j}]")
    for x in range(j):
        for y in range(x + 1, j):
            emit.clause([neg(select[x]), neg(select[y])])
    emit.clause(select + [neg(when)])  # no guard: the polarity is fixed
    cond = []
    for i in range(rows):
        c = emit.new_bool(f"eval[{j}][{i}]")
        emit.clause(select + [c])  # no guard: evaluated
        for g in range(j):
            v, s = values[g][i], select[g]
            emit.clause([neg(s), neg(v), neg(when), c])
            emit.clause([neg(s), v, when, c])
            emit.clause([neg(s), neg(v), when, neg(c)])
            emit.clause([neg(s), v, neg(when), neg(c)])
        cond.append(c)
    return SlotGuard(select, when, cond)


def guarded_steps(emit, raw: Sequence[Sequence[object]], guard: SlotGuard) -> list[list]:
    """The output steps raw[i][q] and cond[i] of a guarded slot (raw itself if unguarded)."""
    if not guard.guarded:
        return [list(bits) for bits in raw]
    neg, out = emit.neg, []
    for bits, c in zip(raw, guard.cond):
        row = []
        for q, bit in enumerate(bits):
            o = emit.new_bool(f"out[{q}]")
            emit.clause([neg(o), bit])
            emit.clause([neg(o), c])
            emit.clause([neg(bit), neg(c), o])
            row.append(o)
        out.append(row)
    return out


_Lit = TypeVar("_Lit")  # a backend's literal (`symmetry.Emitter`)


def dependencies(emit, connect: Sequence[Sequence[_Lit]], guards: Sequence[SlotGuard],
                 n: int) -> list[list[_Lit]]:
    """connect with guard edges: dep[j][n + g] <-> slot j reads gate g or is guarded by it."""
    if not any(g.guarded for g in guards):
        return [list(row) for row in connect]
    neg, dep = emit.neg, []
    for j, row in enumerate(connect):
        if not guards[j].guarded:
            dep.append(list(row))
            continue
        merged = list(row[:n])
        for g in range(j):
            c, s = row[n + g], guards[j].select[g]
            d = emit.new_bool(f"dep[{j}][{g}]")
            emit.clause([neg(c), d])
            emit.clause([neg(s), d])
            emit.clause([neg(d), c, s])
            merged.append(d)
        dep.append(merged)
    return dep


def count_literals(emit, guards: Sequence[SlotGuard], connect: Sequence[Sequence[object]],
                   dep: Sequence[Sequence[object]], outputs_of, n: int, rows: int,
                   ops: bool, used: Sequence[object] | None = None
                   ) -> tuple[list[list], list[list]]:
    """(evaluated, ops) literal groups, one per care row (ops empty unless asked); `used`
    the slots' `used_literals` when the caller has them."""
    size, neg = len(guards), emit.neg
    used = used_literals(emit, dep, outputs_of, n) if used is None else used
    evaluated: list[list] = [[] for _ in range(rows)]
    cost: list[list] = [[] for _ in range(rows)]
    for j in range(size):
        for i in range(rows):
            c = guards[j].cond[i]
            if is_true(emit, c) and is_true(emit, used[j]):
                counted = emit.true
            else:
                counted = emit.new_bool(f"counts[{j}][{i}]")
                emit.clause([neg(c), neg(used[j]), counted])
            evaluated[i].append(counted)
            if not ops:
                continue
            cost[i].append(counted)
            for wire in connect[j]:
                if is_true(emit, counted):
                    cost[i].append(wire)
                    continue
                p = emit.new_bool(f"op[{j}][{i}]")
                emit.clause([neg(counted), neg(wire), p])
                cost[i].append(p)
    return evaluated, cost


def used_literals(emit, dep: Sequence[Sequence[object]], outputs_of, n: int) -> list:
    """used[j]: implied true when slot j drives an output or a later slot depends on it
    (one way: it may be true without need, which is all an upper bound needs)."""
    size, neg, used = len(dep), emit.neg, []
    for j in range(size):
        drives = list(outputs_of(j))
        if any(is_true(emit, lit) for lit in drives):
            used.append(emit.true)
            continue
        u = emit.new_bool(f"used[{j}]")
        for lit in drives + [dep[k][n + j] for k in range(j + 1, size)]:
            emit.clause([neg(lit), u])
        used.append(u)
    return used


def is_true(emit, lit) -> bool:
    """Whether `lit` is the emitter's constant true (CNF literals are ints, CP-SAT's are
    variables whose == builds a constraint, so compare by identity or integer value)."""
    return lit is emit.true or (isinstance(lit, int) and lit == emit.true)


def decoded_guard(guard: SlotGuard, holds, names: Sequence[str]) -> tuple[str, int] | None:
    """The (gate id, when) of a slot in a model (`holds(lit)`), or None; `names[g]` is slot
    g's gate id."""
    chosen = [g for g, lit in enumerate(guard.select) if holds(lit)]
    if not chosen:
        return None
    if len(chosen) > 1:
        raise InternalError(f"a model guards one slot by {len(chosen)} gates")
    return names[chosen[0]], int(bool(holds(guard.when)))


def with_guard(gate: Gate, guard: tuple[str, int] | None) -> Gate:
    """`gate` with its decoded guard attached."""
    return gate if guard is None else replace(gate, guard=guard)
