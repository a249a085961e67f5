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
checked for separability on its connected sources: is there a weight vector w and threshold
t with w.u >= t on the rows where the slot is 1 and w.u <= t - 1 where it is 0?  An LP
(OR-Tools' GLOP) answers; a feasible answer is scaled and rounded to integers and checked
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

import functools
import math
import time
from fractions import Fraction

import numpy as np
from ortools.linear_solver import pywraplp

from minckt.core.circuit import Circuit, Gate
from minckt.errors import InputError
from minckt.core.problem import Limits
from minckt.core.status import Status
from minckt.core.spec import input_matrix
from minckt.core.threshold import max_weight_needed
from minckt.encode.task import Answer, Task, BaseBackend, Capabilities
from minckt.encode.cnf import ImpliedClauses, check_sat_solver
from minckt.encode.guards import SlotGuard
from minckt.encode.incremental import AssumptionSession
from minckt.encode.isolate import IsolatedSession

__all__ = ["LazyBackend", "LazySession", "refuses", "separate", "two_summable"]

#: Witness clauses added per inseparable slot and round (2-summable quadruples of
#: different sums).
WITNESSES_PER_SLOT = 4

#: Separability answers remembered per session (slot, sources and values -> answer).
_SEEN_MAX = 200_000

#: Largest weight tried for the scaled Chow parameters before the LP.
_CHOW_TOP = 12

#: Pair sums of at most this many digits are matched in a dense table of 3^digits flags.
_DENSE_DIGITS = 13

#: Denominators tried, in turn, when an LP's floating-point multipliers are made exact
#: (each candidate is checked exactly, so a wrong guess costs only time).
_DENOMINATORS = (100, 10_000, 1_000_000)


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
        self._seen: dict[tuple, tuple | None] = {}
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
        slots, clauses = [], []
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
        guess = _chow(points, labels)
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
            if kind == "witness" and k < n and _balanced(self.inputs[k], ones, zeros):
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


def _balanced(column: np.ndarray, ones: dict[int, int], zeros: dict[int, int]) -> bool:
    """True when the witness's weighted sums agree on this coordinate."""
    return sum(m * int(column[i]) for i, m in ones.items()) == \
        sum(m * int(column[i]) for i, m in zeros.items())


def two_summable(points: np.ndarray, labels: np.ndarray, limit: int
                 ) -> list[tuple[dict[int, int], dict[int, int]]]:
    """Up to `limit` witnesses a + b = c + d (points of rows labelled 1, 1, 0, 0; a = b or
    c = d allowed), each with a different sum: pair sums compared as base-3 codes."""
    ones = np.flatnonzero(labels == 1)
    zeros = np.flatnonzero(labels == 0)
    width = points.shape[1]
    if len(ones) == 0 or len(zeros) == 0 or width > 39:
        return []
    codes = points @ (3 ** np.arange(width, dtype=np.int64))
    sums = []
    for side in (ones, zeros):
        first, second = _pairs(len(side))
        sums.append((codes[side][first] + codes[side][second], side[first], side[second]))
    if width <= _DENSE_DIGITS:  # digits of a pair sum are 0..2: codes below 3^width
        seen = np.zeros(3 ** width, dtype=bool)
        seen[sums[0][0]] = True
        common = np.flatnonzero(seen[sums[1][0]])
        common = np.unique(sums[1][0][common])[:limit] if len(common) else common
    else:
        common = np.intersect1d(sums[0][0], sums[1][0])[:limit]
    found = []
    for code in common:
        pair = []
        for total, first, second in sums:
            at = int(np.flatnonzero(total == code)[0])
            a, b = int(first[at]), int(second[at])
            pair.append({a: 2} if a == b else {a: 1, b: 1})
        ones_m, zeros_m = pair
        if all(m == 2 for m in (*ones_m.values(), *zeros_m.values())):
            ones_m, zeros_m = ({i: 1 for i in side} for side in pair)
        found.append((ones_m, zeros_m))
    return found


@functools.lru_cache(maxsize=512)
def _pairs(count: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs i <= j below `count`."""
    return np.triu_indices(count)


def _chow(points: np.ndarray, labels: np.ndarray) -> tuple[list[int], int] | None:
    """Weights from the correlations of each source with the labels (Chow's parameters,
    the usual first guess), scaled to the smallest largest weight (up to `_CHOW_TOP`) that
    keeps them separating; None when none does."""
    ones, zeros = labels == 1, labels == 0
    if not ones.any() or not zeros.any():  # a constant
        return [0] * points.shape[1], 0 if ones.any() else 1
    chow = ((2 * points - 1).T @ (2 * labels - 1)).astype(np.float64)
    top = np.abs(chow).max(initial=0)
    if top == 0:
        return None
    for largest in range(1, _CHOW_TOP + 1):
        weights = np.rint(chow * (largest / top)).astype(np.int64)
        sums = points @ weights
        low = sums[ones].min()
        if sums[zeros].max() < low:
            return [int(w) for w in weights], int(low)
    return None


def separate(points: np.ndarray, labels: np.ndarray) -> tuple:
    """Is the 0/1 labelling of `points` (rows x sources) a threshold function?

    ("weights", w, t) with integers, w . u >= t exactly on the rows labelled 1; or
    ("witness", ones, zeros): multiplicities on 1-rows and 0-rows (row index -> count) with
    equal totals and equal weighted sums of the points -- checked exactly here.
    """
    rows, width = points.shape
    ones = np.flatnonzero(labels == 1)
    zeros = np.flatnonzero(labels == 0)
    if len(ones) == 0:
        return "weights", [0] * width, 1
    if len(zeros) == 0:
        return "weights", [0] * width, 0
    # the same point labelled both ways: the smallest witness
    seen: dict[bytes, int] = {}
    for i in zeros:
        seen.setdefault(points[i].tobytes(), int(i))
    for i in ones:
        twin = seen.get(points[i].tobytes())
        if twin is not None:
            return "witness", {int(i): 1}, {twin: 1}
    primal = _primal(points, ones, zeros)
    if primal is not None:
        return ("weights",) + primal
    witness = _dual(points, ones, zeros)
    if witness is not None:
        return ("witness",) + witness
    return _exact(points, labels)


def _primal(points: np.ndarray, ones: np.ndarray, zeros: np.ndarray
            ) -> tuple[list[int], int] | None:
    """Integer weights from the LP (margin 1, least total weight), checked exactly; None
    when the LP is infeasible or its answer does not survive rounding."""
    width = points.shape[1]
    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    up = [solver.NumVar(0, inf, "") for _ in range(width)]
    down = [solver.NumVar(0, inf, "") for _ in range(width)]
    t = solver.NumVar(-inf, inf, "")
    for rows, low, high in ((ones, 0, inf), (zeros, -inf, -1)):
        for i in rows:
            ct = solver.Constraint(low, high)
            ct.SetCoefficient(t, -1)
            for k in np.flatnonzero(points[i]):
                ct.SetCoefficient(up[k], 1)
                ct.SetCoefficient(down[k], -1)
    objective = solver.Objective()
    for var in up + down:
        objective.SetCoefficient(var, 1)
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    real = np.array([u.solution_value() - d.solution_value() for u, d in zip(up, down)])
    threshold = t.solution_value()
    # margin 1 between the classes: a scale beyond the fan-in survives rounding; smaller
    # ones first, for small weights
    for scale in (*range(1, width + 3), 4 * (width + 2)):
        weights = [int(round(scale * w)) for w in real]
        bias = int(math.ceil(scale * threshold - 0.5 * width)) if scale > 1 else \
            int(round(threshold))
        if _realizes(points, ones, zeros, weights, bias):
            return weights, bias
    return None


def _realizes(points, ones, zeros, weights, threshold) -> bool:
    sums = points @ np.asarray(weights, dtype=np.int64)
    return bool((sums[ones] >= threshold).all() and (sums[zeros] < threshold).all())


def _dual(points: np.ndarray, ones: np.ndarray, zeros: np.ndarray
          ) -> tuple[dict[int, int], dict[int, int]] | None:
    """An asummability witness from the LP over convex combinations (the Farkas side),
    made integral and checked exactly; None when that fails."""
    width = points.shape[1]
    solver = pywraplp.Solver.CreateSolver("GLOP")
    lam = {int(i): solver.NumVar(0, 1, "") for i in ones}
    mu = {int(i): solver.NumVar(0, 1, "") for i in zeros}
    for side in (lam, mu):
        ct = solver.Constraint(1, 1)
        for var in side.values():
            ct.SetCoefficient(var, 1)
    for k in range(width):
        ct = solver.Constraint(0, 0)
        for i, var in lam.items():
            if points[i, k]:
                ct.SetCoefficient(var, 1)
        for i, var in mu.items():
            if points[i, k]:
                ct.SetCoefficient(var, -1)
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    real = [{i: v.solution_value() for i, v in side.items() if v.solution_value() > 1e-9}
            for side in (lam, mu)]
    for denominator in _DENOMINATORS:
        found = [{i: Fraction(x).limit_denominator(denominator) for i, x in side.items()}
                 for side in real]
        common = math.lcm(*(f.denominator for side in found for f in side.values()))
        ones_m, zeros_m = ({i: int(f * common) for i, f in side.items() if f} for side in found)
        if ones_m and zeros_m and sum(ones_m.values()) == sum(zeros_m.values()) and \
                all(_balanced(points[:, k], ones_m, zeros_m) for k in range(width)):
            return ones_m, zeros_m
    return None


def _exact(points: np.ndarray, labels: np.ndarray) -> tuple:
    """CP-SAT with the sufficient weight range: integer weights, or (proven inseparable) the
    whole pattern as the witness (every row, multiplicity 0 meaning "as it is")."""
    from ortools.sat.python import cp_model

    rows, width = points.shape
    bound = max_weight_needed(width)
    model = cp_model.CpModel()
    w = [model.NewIntVar(-bound, bound, "") for _ in range(width)]
    span = width * bound + 1
    t = model.NewIntVar(-span, span, "")
    for i in range(rows):
        total = sum(w[k] for k in np.flatnonzero(points[i]))
        if labels[i]:
            model.Add(total >= t)
        else:
            model.Add(total <= t - 1)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.Solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "weights", [solver.Value(v) for v in w], solver.Value(t)
    if status != cp_model.INFEASIBLE:
        raise RuntimeError("CP-SAT could not decide a gate's separability")
    ones = {int(i): 1 for i in np.flatnonzero(labels == 1)}
    zeros = {int(i): 1 for i in np.flatnonzero(labels == 0)}
    return "pattern", ones, zeros


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


