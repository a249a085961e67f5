"""Symmetry breaks and redundant constraints, each a named switch, shared by the backends.

Each break restricts the search to a canonical representative of circuits that are equal up
to a transformation preserving the function and every resource, so turning it off must never
change an optimum (tests/test_symmetry.py proves it on small functions, both backends).

Switches (all on by default; `SearchParams.symmetry` turns any off by name):

* ``no_trivial`` -- (for Boolean chains: only "no dead gate", see `add_breaks`) the usual
  exclusion of useless gates (Kojevnikov, Kulikov, Yaroslavtsev,
  "Finding efficient circuits using SAT-solvers", SAT 2009; Knuth TAOCP 7.1.2): a non-output
  gate that is constant on the care rows must be 0 everywhere and unread (a *padding* gate,
  which is how a circuit with fewer gates fills the slots), and every other non-output gate
  is read by a later gate.  When weights are unbounded (the sufficient range of
  `minckt.core.threshold`) a non-output gate is also never a copy of an input or of its
  complement: its readers can read the input instead, with the same weight magnitudes
  absorbed by a weight range that suffices for any threshold function.  (With a user weight
  limit that absorption could need a larger weight, so copies are then allowed.)
* ``layers`` -- gates appear in order of their level (Haaswijk et al., "SAT-based exact
  synthesis: encodings, topology families, and parallelism", IEEE TCAD 2020, on DAG
  topologies): any topological order can be re-sorted by level, because a gate's sources
  have lower levels.
* ``tt_order`` -- two consecutive non-output gates of one level are ordered by their value
  vectors over the care rows (lexicographically, first care row most significant), strictly
  when weights are unbounded (two equal gates merge into one whose readers add the two
  weights) except that padding gates may repeat.  Gates of one level do not read each other,
  so they can be permuted freely.
* ``input_lex`` -- for each permutation pi of the inputs that maps the spec (every output and
  the care set) to itself, the concatenated value vectors of all gates are lexicographically
  at most their images under pi (the lex-leader constraint of Crawford, Ginsberg, Luks, Roy,
  "Symmetry-breaking predicates for search problems", KR 1996).

* ``unate`` -- the CNF backend's implied clauses (`cnf.CnfSession._unate_clauses`): a
  threshold, ReLU or sigmoid gate is unate in each input (S. Muroga, Threshold Logic and its
  Applications, Wiley 1971, ch. 4: a threshold function is positive or negative in each
  variable, by the sign of its weight).  Along a cube edge on which the earlier gates keep
  their values, a flip of the gate fixes the sign of that input's weight.  Implied by the
  encoding, so sound with every other switch.

* ``asummable`` -- the CNF backend's implied clauses for a single output
  (`cnf.CnfSession._asummable_clauses`): the output gate is 2-asummable (C. K. Chow 1961;
  Muroga 1971), so every quadruple a + b = c + d of care rows with f(a) = f(b) = 1 and
  f(c) = f(d) = 0 needs a gate the output reads that changes on it.  Implied as well.

* ``normal`` -- Boolean chains only (`encode/chain.py`), and only when the energy is neither
  limited nor minimised: every non-output gate outputs 0 when all its operands are 0
  (Knuth's *normal* chains, TAOCP 7.1.2; Kojevnikov–Kulikov–Yaroslavtsev).  Complementing a
  non-output gate and flipping that input of its readers keeps every basis here closed,
  and keeps size, depth, fan-in and wires; it changes the energy, hence the restriction.

**With guards** (`Limits.conditional`, `minckt.encode.guards`) every break stays sound when
a guard counts as a dependency (the backends pass reads-or-guards as `connect`) and the
values are the guarded outputs: re-sorting by level keeps guards before the gates they
guard; gates of one level neither read nor guard each other, so they permute freely; two
equal gates merge (readers add weights, guarded gates take the kept one as guard, and no
count grows); a permutation of the inputs leaves guards alone; a gate constant on the care
rows is folded into its readers, and a gate it guards is then evaluated everywhere (drop
the guard: nothing grows) or nowhere (it is constant 0 and folds in turn).  Only the
input-copy exclusion needs a change: a guard must be a gate, so a gate that guards another
may copy an input.  tests/test_conditional.py turns each switch off and compares optima.

**In a layered network** (`Limits.layers`, `minckt.encode.architecture`) the slots' layers
are fixed, so ``layers`` (re-sorting by level) is off and ``tt_order`` orders consecutive
slots of one hidden layer by their value vectors instead, with the same strictness: the
gates of one layer have the same sources and readers allowed and read nothing of their
layer, so any permutation of them is a circuit of the same shape and resources, and two
equal ones merge (the readers, all in later layers, add the weights).  ``no_trivial`` folds
constant gates into readers and drops dead ones, which keeps the shape; its input-copy
exclusion is lifted when skip = False or outputs read hidden gates only, as a copy is then
how a later layer reads an input.  ``input_lex`` permutes inputs, which every shape allows.

``tt_order`` and ``input_lex`` are lex-leader constraints for one variable order (the gates'
value vectors first, slot by slot, care row by care row), so they hold together for the
lexicographically least circuit of every orbit; ``no_trivial`` and ``layers`` restrict to a
set of circuits that those transformations map into itself.  No break replaces a gate by its
complement while the energy is bounded: that would change the energy.
"""

from __future__ import annotations

import itertools
from typing import Mapping, Protocol, Sequence, TypeVar

import numpy as np

from minckt.errors import InputError
from minckt.core.spec import Spec, bits_to_int, popcount
from minckt.encode.guards import is_true

__all__ = ["SWITCHES", "resolve_switches", "input_symmetries", "symmetric_classes",
           "tied_spec", "Emitter", "lex_leq",
           "level_literals", "add_breaks"]

SWITCHES: dict[str, str] = {
    "no_trivial": "no constant, dead or input-copy gates; padding gates only",
    "layers": "gates sorted by level",
    "tt_order": "gates of one level sorted by their value vectors",
    "input_lex": "lex-leader constraints for the spec's input permutation symmetries",
    "unate": "CNF backend: implied clauses from value flips along cube edges to weight signs",
    "asummable": "CNF backend: implied clauses from the 2-asummability of the output gate",
    "normal": "Boolean chains without an energy bound: non-output gates map 0...0 to 0",
}


def resolve_switches(requested: Mapping[str, bool]) -> dict[str, bool]:
    """Every switch's setting: the defaults (all on) updated by `requested`."""
    unknown = sorted(set(requested) - set(SWITCHES))
    if unknown:
        raise InputError(f"unknown symmetry switch(es) {', '.join(unknown)}; expected "
                         f"{', '.join(SWITCHES)}")
    settings = {name: True for name in SWITCHES}
    for name, value in requested.items():
        if not isinstance(value, bool):
            raise InputError(f"symmetry switch {name} = {value!r}: expected true or false")
        settings[name] = value
    return settings


def _row_permutation(n: int, perm: Sequence[int], rows: np.ndarray | None = None
                     ) -> np.ndarray:
    """Row index map: image[r] = the row whose input i holds r's input perm[i] (for each of
    `rows`, default all 2^n)."""
    rows = np.arange(1 << n) if rows is None else np.asarray(rows, dtype=np.int64)
    moved = [(i, source) for i, source in enumerate(perm) if i != source]
    if len(moved) == 2:  # a transposition: flip both bits where they differ
        (a, _), (b, _) = moved
        differ = ((rows >> a) ^ (rows >> b)) & 1
        return rows ^ (differ * ((1 << a) | (1 << b)))
    image = np.zeros_like(rows)
    for i, source in enumerate(perm):
        image |= ((rows >> source) & 1) << i
    return image


def _preserves(spec: Spec, perm: Sequence[int]) -> bool:
    if spec.care is not None:
        # the permutation is a bijection of the rows: mapping the care set into itself maps
        # it onto itself, so the care rows alone decide (a data set has few of them)
        rows = spec.care_rows
        image = _row_permutation(spec.n, perm, rows)
        return bool(spec.care_mask[image].all()
                    and (spec.values[:, image] == spec.values[:, rows]).all())
    image = _row_permutation(spec.n, perm)
    return bool((spec.values[:, image] == spec.values).all())


def _cofactor_counts(spec: Spec) -> list[tuple[int, ...]]:
    """Per input a, the number of (care, value) rows of each kind with x_a = 1.  Swapping a
    and b maps those of a onto those of b, so unequal counts rule the swap out cheaply."""
    rows = np.arange(spec.num_rows)
    kinds = spec.care_mask.astype(np.int64)
    for k in range(spec.num_outputs):
        kinds = kinds * 2 + spec.values[k].astype(np.int64)
    counts = []
    for a in range(spec.n):
        on = ((rows >> a) & 1).astype(bool)
        counts.append(tuple(np.bincount(kinds[on], minlength=1 << (spec.num_outputs + 1))
                            .tolist()) if spec.num_outputs <= 8 else
                      (int(kinds[on].sum()),))
    return counts


def input_symmetries(spec: Spec, limit: int = 64) -> list[tuple[int, ...]]:
    """Input permutations (as tuples perm, input i <- input perm[i]) that map the spec to
    itself: every symmetric transposition, then products of two disjoint transpositions
    whose factors are not symmetries themselves (pairs swapped together, as in CD or EQ)."""
    n = spec.n
    found = []
    single = set()
    group = {a: k for k, members in enumerate(symmetric_classes(spec)) for a in members}
    for a, b in itertools.combinations(range(n), 2):
        if a in group and group.get(b) == group[a]:  # symmetric: one class
            perm = list(range(n))
            perm[a], perm[b] = b, a
            found.append(tuple(perm))
            single.add((a, b))
    for (a, b), (c, d) in itertools.combinations(itertools.combinations(range(n), 2), 2):
        if len({a, b, c, d}) < 4 or (a, b) in single or (c, d) in single:
            continue
        if a > c:
            continue
        perm = list(range(n))
        perm[a], perm[b] = b, a
        perm[c], perm[d] = d, c
        if _preserves(spec, perm):
            found.append(tuple(perm))
        if len(found) >= limit:
            break
    return found[:limit]


def symmetric_classes(spec: Spec) -> tuple[tuple[int, ...], ...]:
    """The classes of mutually symmetric inputs with two or more members.

    Inputs a and b are symmetric when swapping them maps the spec (every output and the care
    set) to itself; that relation is an equivalence (Muroga 1971, ch. 4), so its classes
    partition the inputs.
    """
    classes: list[list[int]] = []
    counts = _cofactor_counts(spec)
    for a in range(spec.n):
        for members in classes:
            if counts[a] != counts[members[0]]:
                continue
            perm = list(range(spec.n))
            perm[a], perm[members[0]] = members[0], a
            if _preserves(spec, perm):
                members.append(a)
                break
        else:
            classes.append([a])
    return tuple(tuple(c) for c in classes if len(c) > 1)


def tied_spec(spec: Spec, classes: Sequence[Sequence[int]]) -> Spec:
    """The spec on one care row per vector of counts (ones among each class's inputs).

    In a circuit whose gates give the inputs of each class equal weights, every gate's
    value depends on those counts only; when the classes are symmetric ones
    (`symmetric_classes`) the spec does too, so such a circuit computes the spec iff it
    computes it on these representative rows.
    """
    masks = [sum(1 << i for i in c) for c in classes]
    rows = np.asarray(spec.care_rows, dtype=np.int64)
    # the key of a row: each class's count as a mixed-radix number (below 2^n, since
    # |c| + 1 <= 2^|c|), above the row's other inputs
    counts = np.zeros_like(rows)
    for c, mask in zip(classes, masks):
        counts = counts * (len(c) + 1) + popcount(rows & mask)
    keys = (counts << spec.n) | (rows & ~sum(masks))
    _, first = np.unique(keys, return_index=True)
    kept = np.zeros(spec.num_rows, dtype=bool)
    kept[rows[first]] = True
    return Spec(n=spec.n, outputs=spec.outputs, care=bits_to_int(kept), name=spec.name)


#: A backend's literal: an int (CNF) or a CP-SAT Boolean.
Lit = TypeVar("Lit")


class Emitter(Protocol[Lit]):
    """What a backend offers the breaks: fresh Booleans, clauses, negation, constant true."""

    true: Lit

    def new_bool(self, name: str) -> Lit: ...

    def clause(self, literals: Sequence[Lit]) -> None: ...

    def neg(self, literal: Lit) -> Lit: ...


def level_literals(emit: Emitter[Lit], connect: Sequence[Sequence[Lit]], n: int, size: int,
                   exact: bool) -> list[list[Lit]]:
    """Layer literals levels[j][l-2] <-> (level of gate j >= l), l = 2..size.

    `connect[j][k]` says gate j reads node k (inputs 0..n-1, then gates).  The "if" direction
    (reading a gate of level >= l-1 puts j at level >= l) is what a depth bound needs;
    `exact` adds "only if", which the layer-order breaks need.
    """
    levels: list[list[Lit]] = []
    for j in range(size):
        row = [emit.new_bool(f"level[{j}]>={l}") for l in range(2, size + 1)]
        for higher, lower in zip(row[1:], row):
            emit.clause([emit.neg(higher), lower])
        for g in range(j):
            conn = connect[j][n + g]
            if row:
                emit.clause([emit.neg(conn), row[0]])
            for l in range(3, size + 1):
                emit.clause([emit.neg(conn), emit.neg(levels[g][l - 3]), row[l - 2]])
        if exact:
            for l in range(2, size + 1):
                reasons = []
                for g in range(j):
                    conn = connect[j][n + g]
                    if l == 2:
                        reasons.append(conn)
                        continue
                    why = emit.new_bool(f"why[{j}][{g}][{l}]")
                    emit.clause([emit.neg(why), conn])
                    emit.clause([emit.neg(why), levels[g][l - 3]])
                    reasons.append(why)
                emit.clause([emit.neg(row[l - 2])] + reasons)
        levels.append(row)
    return levels


def add_breaks(emit: Emitter, switches: dict[str, bool], spec: Spec, rows: np.ndarray,
               values: Sequence[Sequence[object]], connect: Sequence[Sequence[object]],
               levels: Sequence[Sequence[object]], outputs_of, unbounded: bool,
               binary: bool = True, slot_padding: Sequence[object] | None = None,
               guards: Sequence | None = None, layers: Sequence[int] | None = None,
               copies: bool = True) -> None:
    """Post every enabled break (see the module docstring) on a backend's literals.

    `values[j][i]` is gate j's value on care row rows[i]; `outputs_of(j)` the literals whose
    disjunction says slot j drives an output ([emit.true] when fixed); `levels` as made by
    `level_literals(exact=True)` when layers or tt_order is on; `unbounded` says weights use
    the sufficient range (so duplicates and input copies can be merged away); `binary`
    says a gate's output is its active bit (False for ReLU / sigmoid gates with R > 1, whose
    `values` are only the active bits: a gate active on every row is then not constant);
    `slot_padding` (Boolean chains) are the backend's own padding literals: a chain gate
    cannot absorb a constant source into a threshold, so a gate constant on the care rows may
    be needed as an operand, and ``no_trivial`` then only forbids dead gates.  With guards
    (`minckt.encode.guards`), `connect` must be the dependencies (reads or guards) and
    `guards` the slots' `SlotGuard`s: a gate that guards another is never replaced by the
    input it copies (a guard must be a gate).  `layers` is the layer of each slot in a
    layered network (`minckt.encode.architecture`): the level order and ``tt_order`` then
    give way to the order of value vectors within each hidden layer; `copies` False keeps
    input copies (a later layer or an output may need one to read an input).
    """
    n, size, neg = spec.n, len(values), emit.neg
    if len(rows) == 0:
        return  # no care row: every circuit computes the spec, nothing to break
    padding: list[object | None] = [None] * size
    if switches["no_trivial"] and slot_padding is not None:
        for j in range(size):
            out = list(outputs_of(j))
            if any(is_true(emit, lit) for lit in out):
                continue
            readers = [connect[k][n + j] for k in range(j + 1, size)]
            emit.clause(out + [slot_padding[j]] + readers)  # never dead
    elif switches["no_trivial"]:
        from minckt.core.spec import input_matrix

        inputs = input_matrix(n)[:, rows]
        for j in range(size):
            out = list(outputs_of(j))
            if any(is_true(emit, lit) for lit in out):
                continue
            gate = values[j]
            pad = padding[j] = emit.new_bool(f"pad[{j}]")
            emit.clause([pad] + list(gate))
            for v in gate:
                emit.clause([neg(pad), neg(v)])
            readers = [connect[k][n + j] for k in range(j + 1, size)]
            for c in readers:
                emit.clause(out + [neg(pad), neg(c)])
            emit.clause(out + [pad] + readers)
            if binary:
                emit.clause(out + [neg(v) for v in gate])  # never constant 1
            if unbounded and copies:
                guarding = [] if guards is None else [
                    guards[k].select[j] for k in range(j + 1, size) if guards[k].guarded]
                for i in range(n):
                    bits = inputs[i]
                    if bits.min() == bits.max():
                        continue  # constant on the care rows: a copy is a constant gate
                    emit.clause(out + guarding + [neg(v) if x else v for v, x in zip(gate, bits)])
                    emit.clause(out + guarding + [v if x else neg(v) for v, x in zip(gate, bits)])
    if layers is not None:
        if switches["tt_order"]:  # the gates of one hidden layer permute freely
            top = max(layers)
            for j in range(size - 1):
                if layers[j] != layers[j + 1] or layers[j] == top:
                    continue
                strict = unbounded and padding[j + 1] is not None
                lex_leq(emit, values[j], values[j + 1], None, strict=strict,
                        unless=padding[j + 1] if strict else None, name=f"tt[{j}]")
    if switches["layers"] and layers is None:
        for j in range(size - 1):
            for here, there in zip(levels[j], levels[j + 1]):
                emit.clause([neg(here), there])
    if switches["tt_order"] and layers is None:
        last = size - 1 if spec.num_outputs == 1 else size
        for j in range(last - 1):
            same = emit.new_bool(f"same_level[{j}]")
            steps = []
            for here, there in zip(levels[j], levels[j + 1]):
                step = emit.new_bool(f"level_step[{j}]")
                emit.clause([neg(step), there])
                emit.clause([neg(step), neg(here)])
                steps.append(step)
            emit.clause([same] + steps)
            strict = unbounded and padding[j + 1] is not None
            lex_leq(emit, values[j], values[j + 1], same, strict=strict,
                    unless=padding[j + 1] if strict else None, name=f"tt[{j}]")
    if switches["input_lex"]:
        for p, perm in enumerate(input_symmetries(spec)):
            image = permuted_rows(spec, perm, rows)
            xs, ys = [], []
            for j in range(size):
                for i, target in enumerate(image):
                    if target != i:
                        xs.append(values[j][i])
                        ys.append(values[j][target])
            if xs:
                lex_leq(emit, xs, ys, None, name=f"inlex[{p}]")


def lex_leq(emit: Emitter, xs: Sequence[object], ys: Sequence[object], guard: object | None,
            strict: bool = False, name: str = "lex", unless: object | None = None) -> None:
    """guard -> xs <=_lex ys (first position most significant); strict: xs < ys, or equal
    only where the literal `unless` holds.

    Standard prefix-equality chain: e_0 = guard, e_i -> (x_i <= y_i), and
    e_i and (x_i = y_i) -> e_{i+1}; strict adds not e_N (or unless).
    """
    neg = emit.neg
    equal = guard
    for i, (x, y) in enumerate(zip(xs, ys)):
        prefix = [] if equal is None else [neg(equal)]
        emit.clause(prefix + [neg(x), y])
        if i == len(xs) - 1 and not strict:
            break
        following = emit.new_bool(f"{name}_eq{i + 1}")
        emit.clause(prefix + [x, y, following])
        emit.clause(prefix + [neg(x), neg(y), following])
        equal = following
    if strict:
        tail = [] if unless is None else [unless]
        emit.clause(tail + ([] if equal is None else [neg(equal)]))


def permuted_rows(spec: Spec, perm: Sequence[int], rows: np.ndarray) -> np.ndarray:
    """For each care row index i (into `rows`), the index of the row pi maps it to."""
    image = _row_permutation(spec.n, perm)
    position = {int(r): i for i, r in enumerate(rows)}
    return np.array([position[int(image[r])] for r in rows])


__all__ += ["permuted_rows"]
