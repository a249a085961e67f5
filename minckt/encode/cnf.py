"""Pure-CNF encoding of threshold-circuit synthesis over python-sat (CaDiCaL by default).

For s gate slots on the spec's care rows (docs/design/searching.md#encodings):

* every slot j has a weight on every earlier node (n inputs, then gates 0..j-1), 0 meaning
  unconnected, and a bias -t_j; weights are order-encoded (`Unary`) when the slot's weight
  range is small and two's-complement (`Binary`) when it is large, so "unbounded" weights
  (`minckt.core.threshold.max_weight_needed`) stay exact;
* the sum over primary inputs is shared across rows: a trie over the input bits x1, x2, ...
  whose node for a prefix is bias + the weights of the prefix's ones, so rows agreeing on a
  prefix share its partial sum;
* the sources that are gates are added per row by conditional addition (add w if the source
  gate is 1 on that row);
* the gate value is one literal of the final sum: its order literal ">= 0" (unary) or its
  negated sign bit (binary) -- no separate comparison;
* energy is one python-sat totalizer per care row over the gate values, depth is layer
  literals (level >= l), fan-in a totalizer per slot, wires one over all connections;
* every bound is an assumption literal ("energy <= e" forbids each row's totalizer output
  e+1), so one solver answers every step of a walk; the last model seeds the phases;
* implied clauses (switches ``unate`` and ``asummable``) tie value vectors to weight signs
  and to the gates the output reads, without going through the adders;
* guards (`Limits.conditional`) as in `minckt.encode.guards`: a guarded slot's output steps
  are its activation steps conjoined with its evaluation literal; the implied clauses are
  stated on the activation, which is a threshold function of the sources whatever the guard;
* `CnfBackend.probe` is the small-weight restriction the search races beside each decision.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence, TypeVar

import numpy as np
from pysat.solvers import SolverNames

from minckt.core.circuit import Circuit, Gate
from minckt.errors import InputError, InternalError
from minckt.core.problem import Limits
from minckt.core.status import Status
from minckt.encode.task import Answer, Task, BaseBackend, Capabilities
from minckt.encode.guards import SlotGuard, guarded_steps, slot_guard
from minckt.encode.intvars import Binary, Builder, Unary
from minckt.encode.incremental import AssumptionSession, CnfEmitter
from minckt.encode.isolate import IsolatedSession

__all__ = ["CnfBackend", "CnfSession", "ImpliedClauses", "UNARY_MAX_WEIGHT", "check_sat_solver",
           "sat_solver_names", "sum_groups",
           "violating_pairs"]

#: Slots whose weight range is at most this use the order encoding; larger ones binary.
UNARY_MAX_WEIGHT = 6

#: Quadruples a + b = c + d of the ``asummable`` clauses differ in at most this many inputs
#: (the sum a + b has at most this many 1 digits).  Two digits (squares) are already covered
#: by the ``unate`` clauses.  Measured on parity 8 and IP 8 with 3 gates (one run each):
#: up to 8 digits, 30 s and 58 s; up to 5, 12 s and 60 s; up to 4, 12 s and IP 8 undecided
#: at 120 s.
ASUMMABLE_MAX_FREE = 5

#: The ``asummable`` clauses are left out above this many care rows: finding the quadruples
#: goes over every pair of care rows.
ASUMMABLE_MAX_ROWS = 1024

#: Weight magnitude of the first phase when the sufficient range is larger (`TwoPhaseSession`).
SMALL_WEIGHT = 3


def sat_solver_names() -> list[str]:
    """Solver names python-sat offers."""
    return sorted(k for k in vars(SolverNames) if not k.startswith("_"))


def check_sat_solver(name: str) -> None:
    """An unknown SAT solver name is a user error listing the ones python-sat offers."""
    if name not in sat_solver_names():
        raise InputError(f"unknown SAT solver {name!r}; python-sat offers "
                         f"{', '.join(sat_solver_names())}")


class ImpliedClauses:
    """The implied clauses of switches ``unate`` and ``asummable``, stated on value literals.

    A session mixing this in has `task`, `b`, `rows`, `connect`, `slot_guards`, `raw[j][i]`
    (slot j's activation bit on care row i), `steps[g][i]` (slot g's output steps) and
    `_signs(j, k)`; the CNF session (weights as integers) and the lazy session (value vectors
    only, `minckt.encode.lazy`) both state them.
    """

    task: Task
    b: Builder
    rows: np.ndarray
    connect: list[list[int]]
    slot_guards: list[SlotGuard]
    raw: list[list[int]]
    steps: list[list[list[int]]]
    _signs: Callable[[int, int], tuple[list[int], list[int]]]

    def _unate_clauses(self) -> None:
        """Implied clauses of switch ``unate``: a gate's output is monotone in its sum.

        For an edge of the cube (care rows r and r + e_a) on which every gate that slot j
        reads keeps its value, slot j's sum changes by exactly w_a, so the gate going
        1 -> 0 along the edge forces w_a <= -1 and 0 -> 1 forces w_a >= 1.  The clauses
        follow from the encoding, so no circuit is lost; they let the solver reason from
        value vectors to weight signs without going through the adders.
        """
        n, size = self.task.spec.n, self.task.size
        index = self.row_index()
        edges = [(i, index[int(r) | 1 << a], a) for i, r in enumerate(self.rows)
                 for a in range(n) if not (int(r) >> a) & 1 and int(r) | 1 << a in index]
        for j in range(size):
            signs = [self._signs(j, a) for a in range(n)]
            for low, high, a in edges:
                rest = [self.changes(g, (low, high), j) for g in range(j)]
                at_low, at_high = self.raw[j][low], self.raw[j][high]
                positive, negative = signs[a]
                for lit in negative:
                    self.b.clause([-at_low, at_high, *rest, lit])
                for lit in positive:
                    self.b.clause([at_low, -at_high, *rest, lit])

    def _asummable_clauses(self) -> None:
        """Implied clauses of switch ``asummable`` for a single output's gate.

        A threshold function is 2-asummable: no care rows a, b, c, d with a + b = c + d
        (as 0/1 vectors) have f(a) = f(b) = 1 and f(c) = f(d) = 0 (C. K. Chow, "Boolean
        functions realizable with single threshold devices", Proc. IRE 49 (1961);
        Muroga 1971, ch. 4).  The output gate's sums would satisfy s(a) + s(b) = s(c) + s(d)
        whenever every gate it reads is constant on the four rows, so each such quadruple
        of the spec needs a read gate that changes on it: one clause per quadruple.  The
        spec's values are the output's guarded values, so a guarded output gate (which
        is not its activation) satisfies every clause.
        """
        spec, n, size = self.task.spec, self.task.spec.n, self.task.size
        if spec.num_outputs != 1 or len(self.rows) > ASUMMABLE_MAX_ROWS:
            return
        index = self.row_index()
        table = spec.values[0]
        out = size - 1
        guarded = list(self.slot_guards[out].select)
        for ones, zeros in violating_pairs(n, index, table):
            for a, b in ones:
                for c, d in zeros:
                    quad = (index[a], index[b], index[c], index[d])
                    self.b.clause(guarded + [self.changes(g, quad, out) for g in range(out)])

    def row_index(self) -> dict[int, int]:
        """Care row -> its index in `self.rows` (the value literals' order)."""
        return {int(r): i for i, r in enumerate(self.rows)}

    def changes(self, g: int, rows: tuple[int, ...], reader: int) -> int:
        """A literal that can be true only if slot `reader` reads gate g and g's value is
        not the same on all of `rows` (care-row indices)."""
        b = self.b
        lit = b.fresh()
        b.clause([-lit, self.connect[reader][self.task.spec.n + g]])
        steps = [self.steps[g][i] for i in rows]
        top = len(steps[0])
        if top == 1:  # a threshold gate: not all 0, not all 1
            b.clause([-lit] + [bits[0] for bits in steps])
            b.clause([-lit] + [-bits[0] for bits in steps])
            return lit
        for v in range(top + 1):  # not every row at value v
            clause = [-lit]
            for bits in steps:
                if v >= 1:
                    clause.append(-bits[v - 1])
                if v < top:
                    clause.append(bits[v])
            b.clause(clause)
        return lit


class CnfSession(ImpliedClauses, AssumptionSession):
    """One CNF encoding for `task.size` slots on one incremental SAT solver."""

    def __init__(self, task: Task) -> None:
        kind = task.model.kind
        if kind not in ("threshold", "relu", "sigmoid"):
            raise InputError(f"backend cnf: gate kind {kind!r} is not supported; it handles "
                             "threshold, relu and sigmoid gates")
        super().__init__(task)
        self.kind, self.resolution = kind, task.model.resolution
        self.weights: list[list[Unary | Binary]] = []
        self.bias: list[Unary | Binary] = []
        self.breakpoints: list[Sequence[Unary | Binary]] = []
        self.steps: list[list[list[int]]] = []  # steps[j][i][q] <-> output >= q + 1
        self.raw: list[list[int]] = []  # raw[j][i] <-> slot j's activation is nonzero
        self.emit = CnfEmitter(self.b)
        for j in range(task.size):
            self._build_slot(j)
        if self.switches["unate"]:
            self._unate_clauses()
        if self.switches["asummable"]:
            self._asummable_clauses()
        self._finish(unbounded=task.weights_unbounded and kind == "threshold",
                     fanin_top=task.spec.n + task.size, binary=self.resolution == 1)
        self.stats["encoding"] = sorted({type(w).__name__.lower() for row in self.weights
                                         for w in row})

    # -- helpers ---------------------------------------------------------------------------
    def _integer(self, j: int, lo: int, hi: int, name: tuple) -> Unary | Binary:
        if self._unary(j):
            return Unary.new(self.b, lo, hi, name)
        return self._binary(lo, hi, name)

    def _binary(self, lo: int, hi: int, name: tuple) -> Binary:
        width = max(abs(lo), abs(hi)).bit_length() + 1
        value = Binary.new(self.b, width, name)
        self.b.clause([value.at_most(hi)])
        self.b.clause([value.at_least(lo)])
        return value

    def _unary(self, j: int) -> bool:
        return self.task.slot_weight(j) <= UNARY_MAX_WEIGHT

    # -- encoding --------------------------------------------------------------------------
    def _build_slot(self, j: int) -> None:
        b, n = self.b, self.task.spec.n
        bound = self.task.slot_weight(j)
        sources = n + j
        weights, connect = [], []
        for k in range(sources):
            w = self._integer(j, -bound, bound, ("w", j, k))
            c = b.var(("c", j, k))
            if isinstance(w, Unary):
                # c <-> (w >= 1 or w <= -1)
                b.clause([-c, w.ge(1), -w.ge(0)])
                b.clause([c, -w.ge(1)])
                b.clause([c, w.ge(0)])
            else:
                nz = w.nonzero()
                b.clause([-c, nz])
                b.clause([c, -nz])
            weights.append(w)
            connect.append(c)
        for tied in self.task.ties:
            for k in tied[1:]:
                self._equal(weights[tied[0]], weights[k])
        low, high = self.task.gate_threshold_range(j)
        bias: Unary | Binary
        if self.kind == "sigmoid" and self._unary(j):  # the breakpoints are the variables
            bias = Unary.const(self.b, 0)
            points = [Unary.new(self.b, low, high, ("break", j, q))
                      for q in range(self.resolution)]
            for lower, upper in zip(points, points[1:]):  # ascending
                for v in range(low + 1, high + 1):
                    self.b.clause([-lower.ge(v), upper.ge(v)])
            self.breakpoints.append(points)
        elif self.kind == "sigmoid":  # binary breakpoints, ascending by subtraction
            bias = Binary.const(self.b, 0, 2)
            binary_points = [self._binary(low, high, ("break", j, q))
                             for q in range(self.resolution)]
            for below, above in zip(binary_points, binary_points[1:]):
                self.b.clause([self._at_least_binary(above, below)])
            self.breakpoints.append(binary_points)
        else:
            bias = self._integer(j, -high, -low, ("bias", j))
        self.weights.append(weights)
        self.connect.append(connect)
        self.bias.append(bias)
        raw = self._gate_steps(j, weights, bias, bound)
        guard = slot_guard(self.emit, j, self.value, len(self.rows), self.task.limits.conditional)
        self.slot_guards.append(guard)
        self.raw.append([bits[0] for bits in raw])
        self.steps.append(guarded_steps(self.emit, raw, guard))
        self.value.append([bits[0] for bits in self.steps[j]])

    def _signs(self, j: int, k: int) -> tuple[list[int], list[int]]:
        """(literals whose conjunction is w >= 1, literals whose conjunction is w <= -1)
        for slot j's weight on node k."""
        w = self.weights[j][k]
        if isinstance(w, Unary):
            return [w.ge(1)], [-w.ge(0)]
        return [-w.sign, self.connect[j][k]], [w.sign]

    def _equal(self, u: Unary | Binary, v: Unary | Binary) -> None:
        """u = v for two integers of one encoding and range (literal by literal)."""
        for x, y in zip(u.lits if isinstance(u, Unary) else u.bits,
                        v.lits if isinstance(v, Unary) else v.bits):
            self.b.clause([-x, y])
            self.b.clause([x, -y])

    def _window(self, j: int) -> tuple[int, int]:
        """[L, H]: the values the final sum is compared with (threshold: 0; ReLU: 1..R;
        sigmoid: the breakpoints' range); partial sums are clamped so that comparisons
        with any value in [L, H] stay exact."""
        if self.kind == "threshold":
            return 0, 0
        if self.kind == "relu":
            return 1, self.resolution
        return self.task.gate_threshold_range(j)

    def _gate_steps(self, j: int, weights, bias, bound: int) -> list[list[int]]:
        """Literals steps[i][q]: the gate's output on care row i is >= q + 1 (q < R)."""
        n, resolution = self.task.spec.n, self.resolution
        nodes: dict[tuple[int, int], Unary | Binary] = {(0, 0): bias}
        unary = isinstance(bias, Unary)
        low, high = self._window(j)
        terms = j * resolution  # conditional gate terms per row, one per source step
        span = (n + j) * bound + abs(bias.lo if unary else 0) + 1
        width = (span + (n + j) * bound + 1).bit_length() + 1
        if self.kind != "threshold":  # R steps per gate source; thresholds up to k W R
            largest = (n + terms) * bound + max(abs(v) for v in self.task.gate_threshold_range(j))
            width = max(width, (largest + resolution + 1).bit_length() + 1)

        def node(level: int, prefix: int):
            key = (level, prefix)
            if key in nodes:
                return nodes[key]
            parent_prefix = prefix & ((1 << (level - 1)) - 1)
            parent = node(level - 1, parent_prefix)
            if not (prefix >> (level - 1)) & 1:
                nodes[key] = parent
                return parent
            w = weights[level - 1]
            if unary:
                rest = (n - level + terms) * bound
                made = parent.add(w, low - rest - 1, high + rest, ("sum", j, level, prefix))
            else:
                made = parent.add(w, width)
            nodes[key] = made
            return made

        steps = []
        for i, r in enumerate(self.rows):
            total = node(n, int(r) & ((1 << n) - 1)) if n else bias
            done = 0
            for g in range(j):
                w = weights[n + g]
                for q, cond in enumerate(self.steps[g][i]):
                    done += 1
                    if unary:
                        rest = (terms - done) * bound
                        total = total.add(w, low - rest - 1, high + rest,
                                          ("gsum", j, g, q, int(r)), condition=cond)
                    else:
                        total = total.add(w.masked(cond), width)
            steps.append(self._compare(j, total))
        return steps

    def _compare(self, j: int, total: Unary | Binary) -> list[int]:
        """The step literals of one row's final sum (a slot's integers share one encoding)."""
        if self.kind == "threshold":
            return [total.ge(0) if isinstance(total, Unary) else -total.sign]
        if self.kind == "relu":
            if isinstance(total, Unary):
                return [total.ge(q + 1) for q in range(self.resolution)]
            return [self._exactly_at_least(total, q + 1) for q in range(self.resolution)]
        if isinstance(total, Binary):  # bit <-> total - point >= 0, in two's complement
            return [self._at_least_binary(total, _same(point, Binary))
                    for point in self.breakpoints[j]]
        b, bits = self.b, []
        low, high = self._window(j)
        for q, each in enumerate(self.breakpoints[j]):  # bit <-> total >= point
            point = _same(each, Unary)
            bit = b.fresh()
            for v in range(low, high + 1):
                b.clause([-bit, -point.ge(v), total.ge(v)] if v > point.lo else
                         [-bit, total.ge(v)])
                b.clause([bit, -total.ge(v), point.ge(v + 1)])
            bits.append(bit)
        return bits

    def _exactly_at_least(self, total: Binary, bound: int) -> int:
        """A literal equivalent to total >= bound (Binary's comparisons imply one way)."""
        at_least, below = total.at_least(bound), total.at_most(bound - 1)
        self.b.clause([at_least, below])  # the value is one or the other
        return at_least

    def _at_least_binary(self, left: Binary, right: Binary) -> int:
        """A literal equivalent to left >= right: the sign of left + ~right + 1, one bit
        wider than both, so that the difference cannot overflow."""
        width = max(len(left.bits), len(right.bits)) + 1
        inverted = Binary([-bit for bit in right.bits], self.b)
        difference = left.add(inverted, width).add(Binary.const(self.b, 1, width), width)
        return -difference.sign

    def _weight_clauses(self, guard: int, value: int) -> list[list[int]]:
        clauses, b = [], self.b
        for row in self.weights:
            for w in row:
                if isinstance(w, Unary):
                    clauses.append([-guard, -w.ge(value + 1)])
                    clauses.append([-guard, w.ge(-value)])
                else:
                    start = len(b.clauses)
                    clauses.append([-guard, w.at_most(value)])
                    clauses.append([-guard, w.at_least(-value)])
                    clauses.extend(b.clauses[start:])
                    del b.clauses[start:]
        return clauses

    def _int_value(self, value: Unary | Binary, true: set[int]) -> int:
        def holds(lit: int) -> bool:
            return lit in true if lit > 0 else -lit not in true

        if isinstance(value, Unary):
            return value.lo + sum(1 for lit in value.lits if holds(lit))
        raw = sum(1 << i for i, lit in enumerate(value.bits) if holds(lit))
        width = len(value.bits)
        return raw - (1 << width) if raw >> (width - 1) else raw

    def decode(self, true: set[int]) -> Circuit:
        n, size = self.task.spec.n, self.task.size
        names = self._node_names()
        gates = []
        for j in range(size):
            weights = tuple((names[k], self._int_value(w, true))
                            for k, w in enumerate(self.weights[j]))
            threshold = -self._int_value(self.bias[j], true)
            if self.kind == "threshold":
                gates.append(Gate(id=names[n + j], weights=weights, threshold=threshold))
            elif self.kind == "relu":
                gates.append(Gate(id=names[n + j], weights=weights, threshold=threshold,
                                  kind="relu", resolution=self.resolution))
            else:
                points = tuple(self._int_value(p, true) for p in self.breakpoints[j])
                gates.append(Gate(id=names[n + j], weights=weights, kind="sigmoid",
                                  breakpoints=points))
        return self._guarded_circuit(gates, names, true)


_Encoding = TypeVar("_Encoding", Unary, Binary)


def _same(value: Unary | Binary, encoding: type[_Encoding]) -> _Encoding:
    """`value` in `encoding`: the integers of one slot are all unary or all binary."""
    if not isinstance(value, encoding):
        raise InternalError(f"{value!r} mixes encodings: expected {encoding.__name__}")
    return value


def sum_groups(n: int, index, fewest: int = 3, most: int = ASUMMABLE_MAX_FREE
               ) -> list[list[tuple[int, int]]]:
    """For each vector a + b (digits 0, 1, 2) with `fewest` to `most` digits 1: the
    unordered pairs {a, b} of care rows (`index`: the care rows) with that sum.

    Pairs of care rows are enumerated, so the cost grows with the square of their number
    (65k pairs for 8 inputs), not with 3^n; `n` only bounds the rows."""
    rows = sorted(int(r) for r in index)
    if rows and rows[-1] >> n:
        raise InternalError(f"care row {rows[-1]} has more than {n} inputs")
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            free = a ^ b
            if fewest <= free.bit_count() <= most:
                groups.setdefault((a & b, free), []).append((a, b))
    return [pairs for pairs in groups.values() if len(pairs) > 1]


def violating_pairs(n: int, index, table, fewest: int = 3,
                    most: int = ASUMMABLE_MAX_FREE) -> list[tuple[list, list]]:
    """For each group of `sum_groups`: the pairs on which `table` is 1 on both rows and
    those on which it is 0 on both (only groups having both).  A function is 2-asummable
    iff this is empty for fewest = 2, most = n."""
    found = []
    for pairs in sum_groups(n, index, fewest, most):
        ones = [(a, b) for a, b in pairs if table[a] and table[b]]
        zeros = [(a, b) for a, b in pairs if not table[a] and not table[b]]
        if ones and zeros:
            found.append((ones, zeros))
    return found


class TwoPhaseSession:
    """Small weights first, the full sufficient range only when they are not enough.

    Phase 1 encodes every weight in [-SMALL_WEIGHT, SMALL_WEIGHT] (order encoding, complete
    propagation); a circuit it finds is a circuit within the real limits, so SAT is final.
    UNSAT there only means "not with small weights", so the step is re-asked on the full
    encoding (binary where the sufficient range is large), which proves UNSAT for real.
    """

    def __init__(self, task: Task) -> None:
        self.task = task
        self.small = CnfSession(replace(task, limits=task.limits.with_("weight", SMALL_WEIGHT)))
        self.full: CnfSession | None = None
        self.stats = dict(self.small.stats)
        self.stats["phases"] = ["small"]

    def decide(self, limits: Limits, time_limit: float | None = None) -> Answer:
        if limits.weight is not None and limits.weight <= SMALL_WEIGHT:
            return self.small.decide(limits)
        first = self.small.decide(limits)
        if first.status is Status.SAT:
            return first
        if self.full is None:
            self.full = CnfSession(self.task)
            for key in ("variables", "clauses", "encode_s"):
                self.stats[key] += self.full.stats[key]
            self.stats["phases"] = ["small", "full"]
            self.stats["encoding"] = sorted(set(self.stats["encoding"])
                                            | set(self.full.stats["encoding"]))
        second = self.full.decide(limits)
        stats = dict(second.stats)
        stats["small_phase_s"] = first.time_s
        stats["conflicts"] = first.stats.get("conflicts", 0) + second.stats.get("conflicts", 0)
        return Answer(second.status, second.circuit, first.time_s + second.time_s, stats)


def _needs_phases(task: Task) -> bool:
    """True when some slot's weight range (limit or sufficient range) exceeds SMALL_WEIGHT."""
    return task.largest_weight() > SMALL_WEIGHT


def _session(task: Task) -> CnfSession | TwoPhaseSession:
    """The sequential two-phase session when phases are wanted, else one encoding."""
    if task.params.two_phase and _needs_phases(task):
        return TwoPhaseSession(task)
    return CnfSession(task)




class CnfBackend(BaseBackend):
    """python-sat CNF backend for threshold circuits."""

    name = "cnf"
    capabilities = Capabilities(gate_kinds=frozenset({"threshold", "relu", "sigmoid"}),
                                races_probes=True)

    def probe(self, task: Task) -> Task | None:
        """The restriction of `task` that the search races against it (`minckt.solve`):
        weights |w| <= SMALL_WEIGHT, order-encoded with complete propagation, when the full
        range is larger.  Its circuits are circuits of `task`; its UNSAT proves nothing."""
        if task.model.kind == "threshold" and task.params.two_phase and _needs_phases(task):
            return replace(task, limits=task.limits.with_("weight", SMALL_WEIGHT),
                           params=replace(task.params, two_phase=False))
        return None

    def race_twin(self, model) -> dict[str, bool] | None:
        """The symmetry switches of the twin the search races beside a full decision once
        the probes are done (`minckt.solve`): threshold gates without the ``asummable``
        clauses, which slow some UNSAT proofs (parity 8, 4 gates, weights <= 2: 111k
        conflicts without them, 199k with) and speed others."""
        return {"asummable": False} if model.kind == "threshold" else None

    def open(self, task: Task) -> IsolatedSession:
        """A session in a child process (so a time limit can stop CaDiCaL)."""
        check_sat_solver(task.params.sat_solver)
        return IsolatedSession(_session, task)

