"""Two-input-gate constructions of any function in a Boolean basis: sums of products and a
Shannon decomposition, the upper bounds a search out of time reports.

Every function has both; neither is minimal, and `minckt.solve.finish.fitting_construction`
keeps the smallest that fits the question's limits.  Tables are Python integers over the
2^n rows (bit r = the value on row r, `minckt.core.spec`); a don't-care row is free.

**Sum of products** (`sop_circuits`).  Each output's irredundant sum of products is computed
on its care set by the Minato–Morreale recursion (`minckt.solve.constructions.isop`); the
cover of the complement is computed too and the one with fewer literals taken (inverters
are free in every basis here, `minckt.core.bases`).  Written as gates either
*balanced* -- each cube a balanced AND tree of its literals, each output a balanced OR
tree of its cubes (depth ⌈log2 literals⌉ + ⌈log2 cubes⌉) -- or *factored*, by the literal
division of quick factoring (Brayton, "Factoring logic functions", IBM J. Res. Dev. 1987):
F = c ∧ F' for the literals c common to every cube, otherwise F = l ∧ (F / l) ∨ rest for
the literal l in most cubes.  OR is an AND with inverted operands and output.

**Shannon decomposition** (`shannon_circuit`).  f = x ? f1 : f0 (Shannon, "The synthesis
of two-terminal switching circuits", Bell System Tech. J. 1949), recursively, with a memo
of sub-functions up to complement, so equal cofactors share a node as in a reduced
ordered BDD (Bryant, IEEE Trans. Computers 1986).  With a care set the cofactors
carry theirs, and a variable is dropped where the two cofactors agree on the rows both care
about (they merge into one function of the union of the care sets).  A multiplexer is three
AND gates in general, fewer where the realised cofactors allow it: one when a cofactor is
constant; one XOR in xaig and full2 when they are complementary; when one implies the other
(f0 ≤ f1) two AND gates, f0 ∨ (x ∧ f1), or one majority gate in mig, MAJ(x, f1, f0);
in xaig and full2 two when d = f0 ⊕ f1 is built already, f0 ⊕ (x ∧ d) (IP 8 comes out
as its optimum, four ANDs and three XORs).  Variable orders tried: a greedy one (at each
level the variable that leaves the fewest distinct sub-functions: it pairs the halves of
IP, EQ and GT), x_n first, x_1 first, then seeded random ones (every order for n ≤ 5)
within `ORDER_WORK` gates built (`minckt.solve.constructions.orders`); the smallest
circuit is kept.

Equal gates are built once (structural hashing), so identical sub-products and cubes are
shared across outputs.  An output that is an input or a constant on its care set still
needs a gate (an output is a gate): one in full2, two in the other bases (x ∧ (x ∨ y);
(x ∧ y) ∧ ¬x).  Both constructions refuse (return None) for n < 2 (no gate has two
distinct sources) or n > `MAX_INPUTS`, and stop building as soon as the circuit would pass
`gate_cap` gates (at most `MAX_GATES`, and at most `MAX_CELLS` gates times care rows: the
evaluator that verifies the circuit holds one value per gate and row).  Measured on one
core (the machine shared): MAJ 5 in 12 ms (12 AIG gates); a random function of 8 inputs
in about 30 ms for all three circuits, of 10 inputs about 0.1 s; a total function of 16
inputs past the cap is refused in about 0.2 s.
"""

from __future__ import annotations

import time
from typing import Callable

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.core.problem import GateModel
from minckt.core.spec import Spec
from minckt.solve.constructions.isop import Cover, CoverTooLarge, Cube
from minckt.solve.constructions.orders import cofactors_of, greedy_order, orders

__all__ = ["MAX_INPUTS", "MAX_GATES", "MAX_CELLS", "gate_cap", "sop_circuit", "sop_circuits",
           "shannon_circuit"]

#: Most inputs the constructions build for (a table is a 2^n-bit integer: 8 KB at 16).
MAX_INPUTS = 16

#: Most gates a construction builds before it gives up.
MAX_GATES = 4096

#: Most gates times care rows: the verifier evaluates every gate on every care row (int64),
#: so 2^23 cells are 64 MB: 2,048 gates at 12 inputs on every row (a random function's
#: 1,386 took 0.36 s to verify, 97 MB at the peak), 128 at 16 (MAJ 16's 127: 0.17 s,
#: 143 MB).
MAX_CELLS = 1 << 23

#: Signals: 2 * node + complemented, nodes 0..n-1 the inputs and n, n+1, ... the gates;
#: FALSE and TRUE are the constants, and ``signal ^ 1`` complements every signal.
FALSE, TRUE = -2, -1

class _TooLarge(Exception):
    """The circuit being built passed its gate cap: the construction returns None."""


def gate_cap(spec: Spec) -> int:
    """Most gates a construction builds for `spec` (`MAX_GATES`, `MAX_CELLS`)."""
    rows = spec.num_rows if spec.care is None else spec.care.bit_count()
    return min(MAX_GATES, MAX_CELLS // max(rows, 1))


def _applies(spec: Spec, model: GateModel) -> bool:
    return model.is_basis and 2 <= spec.n <= MAX_INPUTS


def _care(spec: Spec) -> int:
    return (1 << spec.num_rows) - 1 if spec.care is None else spec.care


def _majority(values: list[int]) -> int:
    return int(sum(values) >= 2)


#: What each kind of gate computes from its (already complemented) operand values.
_OPERATIONS: dict[str, Callable[[list[int]], int]] = {
    "and": lambda v: v[0] & v[1],
    "xor": lambda v: v[0] ^ v[1],
    "maj": _majority,
    "first": lambda v: v[0],  # full2 only: a copy of the first operand
    "zero": lambda v: 0,  # full2 only: the constant
}


class _Graph:
    """Gates with complemented edges, each built once: the circuit under construction."""

    def __init__(self, n: int, kind: str, cap: int) -> None:
        self.n, self.kind, self.cap = n, kind, cap
        self.gates: list[tuple[str, tuple[int, ...]]] = []
        self.built: dict[tuple[str, tuple[int, ...]], int] = {}

    def _gate(self, operation: str, operands: tuple[int, ...]) -> int:
        key = (operation, operands)
        node = self.built.get(key)
        if node is None:
            if len(self.gates) >= self.cap:
                raise _TooLarge
            node = self.n + len(self.gates)
            self.gates.append(key)
            self.built[key] = node
        return 2 * node

    def and_(self, a: int, b: int) -> int:
        if a == FALSE or b == FALSE or a == b ^ 1:
            return FALSE
        if a == TRUE or a == b:
            return b
        if b == TRUE:
            return a
        return self._gate("and", (min(a, b), max(a, b)))

    def or_(self, a: int, b: int) -> int:
        return self.and_(a ^ 1, b ^ 1) ^ 1

    def xor(self, a: int, b: int) -> int:
        """a XOR b: one gate in xaig and full2, three AND gates otherwise."""
        if a < 0 or b < 0:  # a constant
            constant, other = (a, b) if a < 0 else (b, a)
            return other if constant == FALSE else other ^ 1
        if a == b or a == b ^ 1:
            return FALSE if a == b else TRUE
        if self.kind in ("xaig", "full2"):
            flip = (a ^ b) & 1
            a, b = a & ~1, b & ~1
            return self._gate("xor", (min(a, b), max(a, b))) ^ flip
        return self.or_(self.and_(a, b ^ 1), self.and_(a ^ 1, b))

    def majority(self, a: int, b: int, c: int) -> int:
        """MAJ(a, b, c), one gate of mig (self-dual: at most one operand complemented)."""
        operands = sorted((a, b, c))
        if operands[0] < 0:  # a constant: MAJ(0, b, c) = b AND c, MAJ(1, b, c) = b OR c
            low, rest = operands[0], operands[1:]
            return self.and_(*rest) if low == FALSE else self.or_(*rest)
        for first, second, third in ((a, b, c), (a, c, b), (b, c, a)):
            if first == second:
                return first
            if first == second ^ 1:
                return third
        flip = int(sum(s & 1 for s in operands) >= 2)
        operands = sorted(s ^ flip for s in operands)
        return self._gate("maj", tuple(operands)) ^ flip

    def all_(self, signals: list[int], join: Callable[[int, int], int], empty: int) -> int:
        """A balanced tree of `join` over `signals` (`empty` when there are none)."""
        if len(signals) <= 1:
            return signals[0] if signals else empty
        middle = len(signals) // 2
        return join(self.all_(signals[:middle], join, empty),
                    self.all_(signals[middle:], join, empty))

    def gate_output(self, signal: int) -> int:
        """A gate signal computing what `signal` does (an output must be a gate)."""
        if signal >= 2 * self.n:
            return signal
        if signal < 0:  # a constant
            zero = self._constant_zero()
            return zero if signal == FALSE else zero ^ 1
        other = 0 if signal >= 2 else 2  # an input beside x1 (or x1 beside x2)
        if self.kind == "full2":
            return self._gate("first", (signal & ~1, other)) ^ (signal & 1)
        # x AND (x OR y) = x
        return self.and_(signal & ~1, self.or_(signal & ~1, other)) ^ (signal & 1)

    def _constant_zero(self) -> int:
        if self.kind == "full2":  # the constant table over x1, x2
            return self._gate("zero", (0, 2))
        return self.and_(self.and_(0, 2), 1)  # (x1 AND x2) AND NOT x1

    def finished(self, signals: list[int]) -> tuple[list[int], int]:
        """(the outputs as gate signals, `gate_output`; the size of their circuit: the
        gates they depend on, and a complemented twin of each gate needed by outputs in
        both polarities)."""
        outputs = [self.gate_output(s) for s in signals]
        return outputs, len(self._live(outputs)) + len(self._polarities(outputs)[1])

    def _live(self, outputs: list[int]) -> list[int]:
        live = {s >> 1 for s in outputs}
        for j in range(len(self.gates) - 1, -1, -1):
            if self.n + j in live:
                live.update(s >> 1 for s in self.gates[j][1] if s >> 1 >= self.n)
        return sorted(live)

    @staticmethod
    def _polarities(outputs: list[int]) -> tuple[dict[int, int], list[int]]:
        """(output gates wanted complemented only: their tables are, gates wanted both
        ways: they get a twin)."""
        wanted: dict[int, set[int]] = {}
        for signal in outputs:
            wanted.setdefault(signal >> 1, set()).add(signal & 1)
        return ({node: 1 for node, polarities in wanted.items() if polarities == {1}},
                [node for node, polarities in wanted.items() if polarities == {0, 1}])

    def circuit(self, outputs: list[int]) -> Circuit:
        """The circuit of `outputs` (gate signals, `finished`): the gates they depend on,
        named g1, g2, ... in order, each output's complement folded into its gate's table
        or into a twin's."""
        flip, twins = self._polarities(outputs)
        names = {i: input_name(i) for i in range(self.n)}
        live = self._live(outputs)
        names.update((node, f"g{k + 1}") for k, node in enumerate(live))
        gates = [self._table_gate(names, names[node], *self.gates[node - self.n],
                                  flip.get(node, 0), flip) for node in live]
        twin_name = {}
        for node in twins:
            twin_name[node] = f"g{len(gates) + 1}"
            gates.append(self._table_gate(names, twin_name[node], *self.gates[node - self.n],
                                          1, flip))
        ids = [twin_name[s >> 1] if s & 1 and s >> 1 in twin_name else names[s >> 1]
               for s in outputs]
        return Circuit(self.n, tuple(gates), tuple(ids))

    @staticmethod
    def _table_gate(names: dict[int, str], name: str, operation: str, operands: tuple[int, ...],
                    complemented: int, flip: dict[int, int]) -> Gate:
        """The Boolean gate of one node, its operands' complements folded into its table
        (first operand least significant), and its own when `complemented`."""
        negated = [(s & 1) ^ flip.get(s >> 1, 0) for s in operands]
        table = 0
        for q in range(1 << len(operands)):
            value = _OPERATIONS[operation]([((q >> k) & 1) ^ negated[k]
                                            for k in range(len(operands))])
            table |= (value ^ complemented) << q
        return Gate(id=name, weights=tuple((names[s >> 1], 1) for s in operands),
                    kind="boolean", table=table)


def _literals(cube: Cube) -> int:
    return (cube[0] | cube[1]).bit_count()


def _covers(spec: Spec, cap: int) -> list[tuple[tuple[Cube, ...], int]]:
    """(cubes, complemented) per output: the ISOP of the output or of its complement on the
    care set, whichever has fewer literals (then fewer cubes)."""
    care, full = _care(spec), (1 << spec.num_rows) - 1
    cover = Cover(cap + 1)
    chosen = []
    for table in spec.outputs:
        on, off = table & care, care & ~table
        best = None
        for complemented, (ones, zeros) in enumerate(((on, off), (off, on))):
            try:
                cubes = cover.cover(ones, full ^ zeros, spec.n)[0]
            except CoverTooLarge:
                continue
            cost = (sum(map(_literals, cubes)), len(cubes))
            if best is None or cost < best[0]:
                best = (cost, cubes, complemented)
        if best is None:
            raise _TooLarge
        chosen.append(best[1:])
    return chosen


def _cube_signal(graph: _Graph, cube: Cube) -> int:
    positive, negative = cube
    return graph.all_([2 * i + ((negative >> i) & 1) for i in range(graph.n)
                       if ((positive | negative) >> i) & 1], graph.and_, TRUE)


def _balanced(graph: _Graph, cubes: tuple[Cube, ...]) -> int:
    """The balanced OR tree of the cubes' balanced AND trees."""
    return graph.all_([_cube_signal(graph, c) for c in cubes], graph.or_, FALSE)


class _Factoring:
    """A sum of products written by literal division (module docstring), memoised by the
    set of cubes, so equal quotients share their gates."""

    def __init__(self, graph: _Graph) -> None:
        self.graph = graph
        self.memo: dict[frozenset[Cube], int] = {}

    def signal(self, cubes: frozenset[Cube]) -> int:
        """A signal computing the OR of `cubes`."""
        if not cubes:
            return FALSE
        if (0, 0) in cubes:
            return TRUE
        found = self.memo.get(cubes)
        if found is None:
            found = self._factor(cubes)
            self.memo[cubes] = found
        return found

    def _factor(self, cubes: frozenset[Cube]) -> int:
        graph = self.graph
        if len(cubes) == 1:
            return _cube_signal(graph, next(iter(cubes)))
        common_positive = common_negative = -1
        for positive, negative in cubes:
            common_positive &= positive
            common_negative &= negative
        if common_positive or common_negative:
            rest = frozenset((p & ~common_positive, m & ~common_negative) for p, m in cubes)
            return graph.and_(_cube_signal(graph, (common_positive, common_negative)),
                              self.signal(rest))
        counts: dict[int, int] = {}  # literal signal -> cubes holding it
        for positive, negative in cubes:
            for i in range(graph.n):
                if (positive >> i) & 1:
                    counts[2 * i] = counts.get(2 * i, 0) + 1
                elif (negative >> i) & 1:
                    counts[2 * i + 1] = counts.get(2 * i + 1, 0) + 1
        literal = max(sorted(counts), key=counts.__getitem__)
        if counts[literal] == 1:  # no literal is shared
            return _balanced(graph, tuple(sorted(cubes)))
        bit, negative_literal = 1 << (literal >> 1), literal & 1
        holds = [(p, m) for p, m in cubes if (m if negative_literal else p) & bit]
        quotient = frozenset((p & ~bit, m & ~bit) for p, m in holds)
        rest = cubes.difference(holds)
        return graph.or_(graph.and_(literal, self.signal(quotient)), self.signal(rest))


class _Shannon:
    """The Shannon decomposition of several (table, care) pairs in one variable order
    (module docstring), each sub-function built once up to complement."""

    def __init__(self, graph: _Graph, order: list[int]) -> None:
        self.graph, self.order = graph, order
        self.tables = cofactors_of(graph.n)
        self.memo: dict[tuple[int, int], tuple[int, int]] = {}
        # every function built (0 on row 0) -> a signal computing it
        self.realised: dict[int, int] = {}
        for i, high in enumerate(self.tables.high):
            self.realised[high] = 2 * i

    def node(self, table: int, care: int, level: int = 0) -> tuple[int, int]:
        """(signal, the function it computes) agreeing with `table` on `care`; the
        variables before `level` in the order are ones `table` and `care` do not read."""
        full = self.tables.full
        if table == 0:
            return FALSE, 0
        if table == care:
            return TRUE, full
        table, care, flip = self.tables.normal(table, care)
        found = self.memo.get((table, care))
        if found is None:
            found = self._split(table, care, level)
            self.memo[(table, care)] = found
        signal, function = found
        return (signal ^ 1, function ^ full) if flip else found

    def _split(self, table: int, care: int, level: int) -> tuple[int, int]:
        i = self.order[level]  # a non-constant table reads a variable not yet split
        table0, table1 = self.tables.cofactors(table, i)
        care0, care1 = self.tables.cofactors(care, i)
        if not (table0 ^ table1) & care0 & care1:  # x_i is not needed on the care set
            return self.node(table0 | table1, care0 | care1, level + 1)
        high = self.node(table1, care1, level + 1)
        low = self.node(table0, care0, level + 1)
        return self._multiplexer(i, high, low)

    def _multiplexer(self, i: int, high: tuple[int, int], low: tuple[int, int]
                     ) -> tuple[int, int]:
        """x_i ? high : low, in as few gates as the realised cofactors allow."""
        (h, function_high), (lo, function_low) = high, low
        mask = self.tables.high[i]
        function = function_high & mask | function_low & ~mask
        flip = function & 1
        known = self.realised.get(function ^ (self.tables.full if flip else 0))
        if known is not None:
            return known ^ flip, function
        graph, x = self.graph, 2 * i
        if h == lo:
            signal = h
        elif FALSE in (h, lo):
            signal = graph.and_(x, h) if lo == FALSE else graph.and_(x ^ 1, lo)
        elif TRUE in (h, lo):
            signal = graph.or_(x ^ 1, h) if lo == TRUE else graph.or_(x, lo)
        elif h == lo ^ 1:
            signal = graph.xor(x, lo)
        elif not function_low & ~function_high:  # low <= high
            signal = graph.majority(x, h, lo) if graph.kind == "mig" \
                else graph.or_(lo, graph.and_(x, h))
        elif not function_high & ~function_low:  # high <= low
            signal = graph.majority(x ^ 1, lo, h) if graph.kind == "mig" \
                else graph.or_(h, graph.and_(x ^ 1, lo))
        else:
            signal = self._general(x, high, low)
        self.realised[function ^ (self.tables.full if flip else 0)] = signal ^ flip
        return signal, function

    def _general(self, x: int, high: tuple[int, int], low: tuple[int, int]) -> int:
        """x ? high : low with nothing known between the cofactors: three AND gates, or
        in xaig and full2 two when their XOR d is built already, low XOR (x AND d)."""
        (h, function_high), (lo, function_low) = high, low
        graph = self.graph
        if graph.kind in ("xaig", "full2"):
            difference = function_high ^ function_low
            flip = difference & 1
            known = self.realised.get(difference ^ (self.tables.full if flip else 0))
            if known is not None:
                return graph.xor(lo, graph.and_(x, known ^ flip))
        return graph.or_(graph.and_(x, h), graph.and_(x ^ 1, lo))


def _pairs(spec: Spec) -> list[tuple[int, int]]:
    care = _care(spec)
    return [(table & care, care) for table in spec.outputs]


#: Gates the Shannon decomposition may build over all the variable orders it tries: after
#: the greedy one, x_n first and x_1 first, seeded random orders (every order for n <= 5)
#: until this much is built or `MAX_ORDERS` were tried.  A random function of 5 inputs
#: tries all 120 (about 12 ms), of 8 about 25 (20 ms), of 10 about 8 (40 ms); 10,000
#: took 2-3x as long for 0-2 % fewer gates at 8 and 10 inputs.
ORDER_WORK = 3000
MAX_ORDERS = 120


_Drawn = tuple[_Graph, list[int], int]  # a graph, its output gate signals, the circuit's size


def _shannon(spec: Spec, model: GateModel, order: list[int], cap: int
             ) -> tuple[_Drawn | None, int]:
    """(the decomposition in one variable order, None past `cap` gates; gates built)."""
    graph = _Graph(spec.n, model.kind, cap)
    try:
        decomposition = _Shannon(graph, order)
        outputs, size = graph.finished([decomposition.node(t, c)[0] for t, c in _pairs(spec)])
    except _TooLarge:
        return None, len(graph.gates)
    return (None if size > cap else (graph, outputs, size)), len(graph.gates)


def shannon_circuit(spec: Spec, model: GateModel, deadline: float | None = None
                    ) -> Circuit | None:
    """The smallest Shannon decomposition of `spec` in the basis of `model` over the
    variable orders tried (module docstring, `ORDER_WORK`; past `deadline`, a
    `time.perf_counter` time, no further order once one has a circuit), or None (not a
    basis, n < 2 or n > `MAX_INPUTS`, or more than `gate_cap` gates).  Unverified: the
    caller verifies it."""
    if not _applies(spec, model):
        return None
    n = spec.n
    best: _Drawn | None = None
    cap = gate_cap(spec)
    greedy = greedy_order(_pairs(spec), n, cap)
    first = ([greedy] if greedy is not None else []) + [list(range(n - 1, -1, -1)),
                                                         list(range(n))]
    work = 0
    for tried, order in enumerate(orders(n, first)):
        if tried >= MAX_ORDERS or tried >= len(first) and work >= ORDER_WORK \
                or best is not None and deadline is not None and time.perf_counter() > deadline:
            break
        drawn, built = _shannon(spec, model, order, cap)
        work += built
        if drawn is not None and (best is None or drawn[2] < best[2]):
            # only a smaller one is wanted; a quarter more is built before giving up, as
            # gates a later multiplexer makes dead (a cofactor built, then not read) are
            # dropped at the end
            best, cap = drawn, min(cap, drawn[2] * 5 // 4)
    return None if best is None else best[0].circuit(best[1])


def sop_circuits(spec: Spec, model: GateModel) -> tuple[Circuit | None, Circuit | None]:
    """(balanced, factored): the sums of products of `spec` in the basis of `model` (module
    docstring), each None when it would pass `gate_cap` gates, both None when `spec` is not
    for a basis, n < 2 or n > `MAX_INPUTS`.  Unverified: the caller verifies them."""
    if not _applies(spec, model):
        return None, None
    cap = gate_cap(spec)
    try:
        covers = _covers(spec, cap)
    except _TooLarge:
        return None, None
    built: list[Circuit | None] = []
    for factored in (False, True):
        graph = _Graph(spec.n, model.kind, cap)
        write = _Factoring(graph).signal if factored \
            else (lambda cubes: _balanced(graph, tuple(sorted(cubes))))
        try:
            outputs, size = graph.finished([write(frozenset(cubes)) ^ complemented
                                            for cubes, complemented in covers])
        except _TooLarge:
            size = cap + 1
        built.append(graph.circuit(outputs) if size <= cap else None)
    return built[0], built[1]


def sop_circuit(spec: Spec, model: GateModel, factored: bool = False) -> Circuit | None:
    """The balanced (or `factored`) sum of products of `spec` (`sop_circuits`)."""
    return sop_circuits(spec, model)[int(factored)]
