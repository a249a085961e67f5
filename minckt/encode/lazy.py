"""Lazy separability: threshold circuits as value vectors, weights found only at the end.

The weight arithmetic (adders over large integers) is where both other backends stall at
6-8 inputs with unbounded weights.  This backend leaves it out of the formula:

* every slot j has a value literal on every care row and, for every earlier node k, a
  connection literal c[j][k] and two sign literals (c <-> positive or negative, not both);
* the implied clauses of the CNF backend (`cnf.ImpliedClauses`): ``unate`` (a flip along a
  cube edge on which the gates read keep their values fixes the sign of that input, and so
  connects it) and ``asummable`` (the output is 2-asummable over the spec's quadruples);
* outputs, levels, symmetry breaks and the totalizers of energy, depth, fan-in and wires are
  those of every CNF session (`incremental.AssumptionSession`), all stated on value and
  connection literals.

A model of that formula is a candidate: value vectors and connections.  Each slot is then
checked for separability on its connected sources (`minckt.encode.separability`): is there a weight
vector w and threshold t with w.u >= t on the rows where the slot is 1 and w.u <= t - 1 where it is
0?  An LP (OR-Tools' GLOP) answers; a feasible answer is scaled and rounded to integers and checked
exactly, and the circuit goes to the verifier like every other.  An infeasible one has a
Farkas certificate: multiplicities lambda on some 1-rows and mu on some 0-rows with
sum(lambda) = sum(mu) > 0 and sum(lambda u) = sum(mu u) -- an asummability witness.  It is
made integral and checked exactly, and the clause it gives is added:

    some node outside E is connected, or the slot differs from its model value on one of
    the witness rows, or a connected gate source differs from its model value on one of
    them,

where E is every input on which the witness's two weighted sums agree (the connected
ones among them) plus the connected gate sources.  **Soundness**: take any threshold circuit
within the limits and set every literal from it (c = weight nonzero, signs by the weight,
values by evaluation).  It satisfies the base formula (the implied clauses and breaks are
implied, as in `minckt.encode.cnf` and `minckt.encode.symmetry`).  If it violated a
witness clause, the slot would read only nodes of E, have the witness's values, and its
gate sources would have the witness's values, so its weighted sums would satisfy
sum(lambda s) = sum(mu s) with every s >= t on the 1-rows and s <= t - 1 on the 0-rows:
sum(lambda) t <= sum(mu) (t - 1) -- impossible.  So every witness clause holds on every
real circuit, and UNSAT of the formula plus the witnesses is a proof for the question.
Conversely a model all of whose slots are separable is a circuit with exactly the model's
values (so the same outputs and energy) whose real dependencies are among the connections
(so depth, fan-in and wires are at most what the formula counted).

When the LP's answer cannot be made exact (floating point), CP-SAT decides the slot
exactly with the sufficient weight range of its fan-in (`minckt.core.threshold`); a slot it
proves inseparable gets the clause of its whole pattern (every row and connection), which
is sound by the same argument.

Only threshold gates with unbounded weights (no weight limit, weight not an axis) and no
guards: a weight limit makes separability an integer program.  Decisions are answered in
rounds on one incremental solver; `formula` returns the witness clauses with the rest, so a
certificate covers them (each is implied by the threshold semantics, as argued above).
"""

from __future__ import annotations

import time

import numpy as np

from minckt.core.circuit import Circuit, Gate
from minckt.errors import InputError
from minckt.core.problem import Limits
from minckt.encode.separability import balanced, chow, separate, two_summable
from minckt.core.status import Status
from minckt.core.spec import input_matrix
from minckt.encode.task import Answer, Task, BaseBackend, Capabilities
from minckt.encode.cnf import ImpliedClauses, check_sat_solver
from minckt.encode.guards import SlotGuard
from minckt.encode.incremental import AssumptionSession
from minckt.encode.isolate import IsolatedSession

__all__ = ["LazyBackend", "LazySession", "refuses"]

#: Witness clauses added per inseparable slot and round (2-summable quadruples of
#: different sums).
WITNESSES_PER_SLOT = 4

#: Separability answers remembered per session (slot, sources and values -> answer).
_SEEN_MAX = 200_000


class LazySession(ImpliedClauses, AssumptionSession):
    """Value vectors and connections on one solver; separability checked per model."""

    label = "lazy"

    def __init__(self, task: Task) -> None:
        why = refuses(task.model, task.limits, task.axes)
        if why:
            raise InputError(f"backend lazy: {why}; use backend cnf or cpsat")
        if task.ties:
            raise InputError("backend lazy: tied weights are not supported")
        super().__init__(task)
        b, n = self.b, task.spec.n
        self.inputs = input_matrix(n)[:, self.rows].astype(np.int64) if n else \
            np.zeros((0, len(self.rows)), dtype=np.int64)
        self.positive: list[list[int]] = []
        self.negative: list[list[int]] = []
        for j in range(task.size):
            connect, positive, negative = [], [], []
            for k in range(n + j):
                c, p, q = b.var(("c", j, k)), b.var(("pos", j, k)), b.var(("neg", j, k))
                b.clause([-p, -q])
                b.clause([-c, p, q])
                b.clause([c, -p])
                b.clause([c, -q])
                connect.append(c)
                positive.append(p)
                negative.append(q)
            self.connect.append(connect)
            self.positive.append(positive)
            self.negative.append(negative)
            self.value.append([b.var(("v", j, i)) for i in range(len(self.rows))])
            self.slot_guards.append(SlotGuard(cond=[b.true] * len(self.rows)))
        self.raw = self.value
        self.steps = [[[v] for v in row] for row in self.value]
        if self.switches["unate"]:
            self._unate_clauses()
        if self.switches["asummable"]:
            self._asummable_clauses()
            self._order_clauses()
        self._finish(unbounded=True, fanin_top=n + task.size, binary=True)
        self.witnesses: list[list[int]] = []  # for `formula` (certificates, dumps)
        self.keep_witnesses = True
        self.stats.update({"encoding": ["lazy"], "rounds": 0, "witnesses": 0, "lp_s": 0.0})
        self._seen: dict[tuple, tuple] = {}
        self._value_vars = np.array(self.value, dtype=np.int64).reshape(task.size, -1)

    def _order_clauses(self) -> None:
        """Implied clauses (switch ``asummable``): a slot's inputs are totally preordered.

        Literal q[j][a][b] stands for w_a >= w_b in slot j (signed weights).  On care rows
        r + e_a and r + e_b (a context r without a or b) on which every gate the slot reads
        agrees, the two sums differ by exactly w_a - w_b, so the slot being 1 on r + e_b and
        0 on r + e_a forces w_b > w_a, i.e. not q[j][a][b].  Weights are totally ordered:
        q[j][a][b] or q[j][b][a], and q is transitive.  These are the 2-monotonicity
        (2-asummable quadruples (r+e_a) + (r'+e_b) = (r+e_b) + (r'+e_a)) of every slot,
        stated with n^2 literals per slot instead of the quadruples; implied by the
        threshold semantics, so no circuit is lost.
        """
        b, n, size = self.b, self.task.spec.n, self.task.size
        index = self.row_index()
        for j in range(size):
            q = {(a, c): b.var(("order", j, a, c)) for a in range(n) for c in range(n) if a != c}
            for a in range(n):
                for c in range(a + 1, n):
                    b.clause([q[a, c], q[c, a]])
                for c in range(n):
                    for d in range(n):
                        if len({a, c, d}) == 3:
                            b.clause([-q[a, c], -q[c, d], q[a, d]])
            for r in index:
                for a in range(n):
                    if (r >> a) & 1:
                        continue
                    for c in range(a + 1, n):
                        if (r >> c) & 1 or r | 1 << a not in index or r | 1 << c not in index:
                            continue
                        ra, rc = index[r | 1 << a], index[r | 1 << c]
                        rest = [self.changes(g, (ra, rc), j) for g in range(j)]
                        high_a, high_c = self.value[j][ra], self.value[j][rc]
                        b.clause([-high_c, high_a, *rest, -q[a, c]])
                        b.clause([-high_a, high_c, *rest, -q[c, a]])

    def _signs(self, j: int, k: int) -> tuple[list[int], list[int]]:
        return [self.positive[j][k]], [self.negative[j][k]]

    def formula(self, limits: Limits) -> tuple[list[list[int]], list[int]]:
        clauses, assumptions = super().formula(limits)
        return clauses + self.witnesses, assumptions

    # -- solving ---------------------------------------------------------------------------
    def decide(self, limits: Limits, time_limit: float | None = None) -> Answer:
        """Rounds of: solve, check every slot's separability, add the witnesses found."""
        assumptions = self.assumptions(limits)
        self._calls += 1
        self._dump(assumptions)
        if self._last_model:
            self.solver.set_phases(self._last_model)
        return self.rounds(lambda: self.solver.solve(assumptions=assumptions))

    def rounds(self, solve) -> Answer:
        """Call `solve()` (True, False or None for out of budget) until a model's slots are
        all separable (SAT, with the circuit) or the formula with the witnesses added so
        far is UNSAT."""
        started = time.perf_counter()
        rounds = added = 0
        lp_s = 0.0
        while True:
            outcome = solve()
            rounds += 1
            self.stats["rounds"] += 1
            if not outcome:
                status, circuit = (Status.UNKNOWN if outcome is None else Status.UNSAT), None
                break
            model = self.solver.get_model()
            self._last_model = model
            truth = np.zeros(len(model) + 1, dtype=np.int64)
            truth[1:] = np.asarray(model) > 0  # truth[var]
            checked = time.perf_counter()
            gates, clauses = self._separate_all(truth)
            lp_s += time.perf_counter() - checked
            if not clauses:
                true = set(int(v) for v in np.flatnonzero(truth))
                status, circuit = Status.SAT, self._circuit(gates, true)
                break
            for clause in clauses:
                self.solver.add_clause(clause)
            if self.keep_witnesses:
                self.witnesses.extend(clauses)
            added += len(clauses)
            self.stats["witnesses"] += len(clauses)
        elapsed = time.perf_counter() - started
        totals = dict(self.solver.accum_stats() or {})
        stats = {k: v - self._totals.get(k, 0) for k, v in totals.items()}
        self._totals = totals
        stats.update({"solve_s": elapsed, "rounds": rounds, "witnesses": added, "lp_s": lp_s})
        self.stats["lp_s"] += lp_s
        return Answer(status, circuit, elapsed, stats)

    def _separate_all(self, truth: np.ndarray) -> tuple[list, list[list[int]]]:
        """Each slot's (weights, threshold) when all are separable, else the witness
        clauses of the slots that are not (several per slot when small witnesses are at
        hand).  The cheap test (2-summable quadruples) goes over every slot first; the LP
        only runs when it finds nothing."""
        n, size = self.task.spec.n, self.task.size
        values = truth[self._value_vars]
        slots: list[tuple] = []
        clauses: list[list[int]] = []
        for j in range(size):
            sources = [k for k in range(n + j) if truth[self.connect[j][k]]]
            gate_sources = [k - n for k in sources if k >= n]
            key = (j, tuple(sources), values[gate_sources].tobytes(), values[j].tobytes())
            if key not in self._seen:
                if len(self._seen) >= _SEEN_MAX:
                    self._seen.clear()
                self._seen[key] = self._quick(sources, values[gate_sources], values[j])
            found = self._seen[key]
            slots.append((j, sources, key, found))
            if found[0] == "witnesses":
                clauses.extend(self._witness_clause(j, sources, values, kind, ones, zeros)
                               for kind, ones, zeros in found[1])
        if clauses:
            return [], clauses
        gates = []
        for j, sources, key, found in slots:  # (the cache may have been cleared since)
            if found[0] == "points":
                found = self._seen[key] = self._exact_check(*found[1:])
            if found[0] == "weights":
                gates.append((sources, found[1], found[2]))
            else:
                clauses.extend(self._witness_clause(j, sources, values, kind, ones, zeros)
                               for kind, ones, zeros in found[1])
        return gates, clauses

    def _quick(self, sources: list[int], gate_values: np.ndarray, labels: np.ndarray) -> tuple:
        """("witnesses", [(kind, ones, zeros), ...]) from 2-summable quadruples over every
        input first (their clauses need no connection literal), then over the connected
        sources; ("weights", w, t) when Chow-like weights separate; else ("points",
        points, labels) for `_exact_check`."""
        n = self.task.spec.n
        every = np.vstack([self.inputs, gate_values]).T
        found = two_summable(every, labels, WITNESSES_PER_SLOT)
        read = [k for k in sources if k < n] + list(range(n, n + len(gate_values)))
        points = every[:, read]
        if not found:
            found = two_summable(points, labels, WITNESSES_PER_SLOT)
        if found:
            return "witnesses", [("witness", ones, zeros) for ones, zeros in found]
        guess = chow(points, labels)
        if guess is not None:
            return ("weights",) + guess
        return "points", points, labels

    @staticmethod
    def _exact_check(points: np.ndarray, labels: np.ndarray) -> tuple:
        """`separate`'s answer as ("weights", w, t) or ("witnesses", [witness])."""
        answer = separate(points, labels)
        if answer[0] == "weights":
            return answer
        return "witnesses", [answer]

    def _witness_clause(self, j: int, sources: list[int], values: np.ndarray, kind: str,
                        ones: dict[int, int], zeros: dict[int, int]) -> list[int]:
        """The clause that forbids slot j's witness (module docstring); `ones` and `zeros`
        map care-row indices to multiplicities."""
        n = self.task.spec.n
        rows = sorted(set(ones) | set(zeros))
        clause = [-self.value[j][i] for i in ones] + [self.value[j][i] for i in zeros]
        for k in range(n + j):
            if k in sources:
                if k >= n:  # a gate source: its values on the witness rows
                    g = k - n
                    clause += [-self.value[g][i] if values[g][i] else self.value[g][i]
                               for i in rows]
                continue
            if kind == "witness" and k < n and balanced(self.inputs[k], ones, zeros):
                continue  # the witness holds whether or not this input is read
            clause.append(self.connect[j][k])
        return clause

    def _circuit(self, gates: list, true: set[int]) -> Circuit:
        n, size = self.task.spec.n, self.task.size
        names = self._node_names()
        made = []
        for j, (sources, weights, threshold) in enumerate(gates):
            by_source = dict(zip(sources, weights))
            made.append(Gate(id=names[n + j], weights=tuple(
                (names[k], int(by_source.get(k, 0))) for k in range(n + j)),
                threshold=int(threshold)))
        return self._guarded_circuit(made, names, true)


def refuses(model, limits: Limits, axes=()) -> str | None:
    """Why this backend cannot answer questions of `model` under `limits` whose decisions
    bound `axes` (None when it can): the conditions `LazySession` checks."""
    if model.kind != "threshold":
        return f"gate kind {model.kind!r} is not supported; it handles threshold gates"
    if limits.weight is not None or "weight" in axes:
        return "needs unbounded weights (no weight limit, weight not minimised)"
    if limits.conditional:
        return "conditional (guarded) circuits are not supported"
    return None


class LazyBackend(BaseBackend):
    """Value vectors on a SAT solver, separability by LP, witnesses as clauses."""

    name = "lazy"
    #: The search races the tied restriction (symmetric inputs share a weight) on the CNF
    #: backend beside this one (`minckt.solve.race`); its SAT wins, its UNSAT proves nothing.
    #: It has no restriction of its own (`probe`): there are no weight phases to race.
    capabilities = Capabilities(gate_kinds=frozenset({"threshold"}), races_probes=True,
                                probe_backend="cnf")

    def refuses(self, model, limits: Limits, axes=()) -> str | None:
        return refuses(model, limits, axes)

    def open(self, task: Task) -> IsolatedSession:
        check_sat_solver(task.params.sat_solver)
        return IsolatedSession(LazySession, task)


