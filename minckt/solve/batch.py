"""Batch minimisation: one encoding per (n, size, gate model, limits), many truth tables.

A class sweep asks the same question of hundreds of thousands of functions.  The single path
(`minckt.solve.minimize`) encodes every function afresh in a child process.  Here the CNF
encoding of `s` threshold-gate slots is built once for the template (n inputs, every row a
care row, the outputs' values free), and a function is a set of assumption literals: the
output gate's value on each of its care rows.  One CaDiCaL instance per (size, weight phase)
then answers function after function, keeping its learned clauses, which hold for every
function because they follow from the template alone.

What the template keeps and what it changes (every UNSAT is a proof for the function):

* the weights, adders, levels, totalizers and the ``no_trivial``, ``layers`` and
  ``tt_order`` breaks of `encode.cnf` / `encode.symmetry` are stated without the function,
  so they are as in the single path; a care set only leaves rows out of the assumptions;
* ``unate`` clauses never read the function: unchanged;
* ``asummable`` clauses are the function's violating quadruples in the single path; here
  every quadruple a + b = c + d of `cnf.sum_groups` gets the clause "the output is not 1 on
  a, b and 0 on c, d, or some gate it reads changes on the four rows", with the output's own
  value literals in it (the same implied clause, true for every function);
* ``input_lex`` (lex-leader constraints for the function's input symmetries) is left out:
  it depends on the function, and leaving a break out loses no circuit.

With unbounded weights (no weight limit) and backend auto or lazy the template is a
`encode.lazy.LazySession` instead (`_LazyTemplate`): value vectors and connections, the same
implied clauses and breaks, separability checked per model.  Its witness clauses mention the
output only through its value literals, so each holds for every function (the soundness
argument of `minckt.encode.lazy` never reads the function) and stays in the solver for the
next ones; its circuits' weights come from the LP or scaled Chow parameters and are not
polished (weight is not the question; the single path polishes).  With a weight limit, or
backend cnf, the CNF template below answers.

Weights of the CNF template are searched in phases like `cnf.TwoPhaseSession`: |w| <= 6 first,
order-encoded, with a conflict budget (`PHASES`; its circuits are circuits of the question), then
the sufficient range (`minckt.core.ranges`).  A time limit is kept with conflict budgets (the SAT
solver is not interrupted in the process), so the batch needs no child process per
function; running out gives UNKNOWN with the sizes proven impossible so far, never UNSAT.
The solver is Glucose 4 unless the parameters name another (`BATCH_SAT_SOLVER`, measured).

Every circuit is re-verified and its resources re-measured like the single path's
(`minckt.solve.finish.checked`); two costs of the single path's step are left out, measured at 5-10
ms per function: polishing the weights of a circuit whose weights are at most 6 already, and
checking the circuit's metrics against every proven bound (a test of the bounds, which the
single path keeps doing).  `supports` says which questions take this path (least size of
one output of threshold gates, without guards or a shape, n <= `MAX_INPUTS`, backend auto or
cnf); `minckt.solve.least_size` answers one and `BatchMinimizer` many.  `minckt.solve.minimize`
answers the least-size questions of at most `WARM_MAX_INPUTS` inputs that auto gives to CP-SAT or
lazy on a warm lazy template kept by the process (`warm_least_size`), finished as the
single path's answers are (polish, bound checks, the construction out of time).

Measured (docs/benchmarks/performance.md; `minckt bench --npn 5 --sample 200 --seed 1 --configs
batch,default,cnf`, one run at 596bc54): 15.8 ms per class on the lazy template against
114.6 ms for the single path (lazy) and 704 ms for the CNF single path, the same optimum for
each of the 200 classes; 2,000 classes: 12.6 ms per class; all 222 NPN4 classes in 0.96 s.
The CNF template took 49.7 ms per class on the same 200 classes (b79047c).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import replace
from typing import Any, Callable

import numpy as np

from minckt import bounds
from minckt.core.circuit import Circuit
from minckt.encode.task import Task
from minckt.encode.cnf import SMALL_WEIGHT, CnfSession, sum_groups
from minckt.encode.intvars import Builder
from minckt.encode.lazy import LazySession, refuses as lazy_refuses
from minckt.errors import InputError, InternalError
from minckt.solve.caps import cap_matters, caps, restate
from minckt.solve.finish import AT_THE_BOUND, CONSTRUCTED, checked, fitting_construction
from minckt.lifecycle import stoppable
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.solve.result import Result, Step
from minckt.core.status import Status
from minckt.core.spec import Spec

__all__ = ["BatchMinimizer", "supports", "supports_instance", "takes_warm",
           "warm_least_size", "MAX_INPUTS", "WARM_MAX_INPUTS", "BACKEND", "LAZY_BACKEND"]

#: Inputs up to which the template (2^n rows, every sum quadruple) is built.
MAX_INPUTS = 6

#: Conflicts per solver call between two looks at the clock.
CONFLICT_CHUNK = 5000

#: (weight cap, conflict budget) of the phases before the full sufficient range: a circuit
#: within the cap is one of the question, and the budget stops a phase that would have to
#: prove UNSAT (a function needing larger weights) before the full range is asked.
#: Measured with CaDiCaL 1.9.5 on 150 NPN5 classes (mean / median ms per class, one run
#: each; with Glucose 4 on 300 others: 6 with 3,000 56 / 36, with 1,000 59 / 34, 8 with
#: 3,000 82 / 48, 3 with 300 then 6 with 3,000 90 / 51): |w| <= 3 with
#: no budget 792 / 111; 3 with 2,000 conflicts 294 / 119; 3 then 6, 1,000 and 3,000:
#: 230 / 120; 6 (order-encoded, `cnf.UNARY_MAX_WEIGHT`) with 3,000: 137 / 72; with 20,000:
#: 133 / 86; 4 with 5,000: 158 / 76.
PHASES: tuple[tuple[int, int], ...] = ((6, 3000),)

#: The SAT solver of the batch when the parameters name the default one: Glucose 4 spent
#: about half of CaDiCaL 1.9.5's time per class (200 NPN5 classes, one run: mean 98 ms
#: against 188 ms, median 68 against 73 ms; 100 others: Glucose 4.2 102, MiniSat 107,
#: CaDiCaL 1.5.3 134, MapleChrono 365 ms).
BATCH_SAT_SOLVER = "glucose4"

#: The `backend` field of batch results: weights in the CNF, or lazy separability.
BACKEND = "cnf-batch"
LAZY_BACKEND = "lazy-batch"


def supports(spec: Spec, objective: str | None, limits: Limits, model: GateModel,
             params: SearchParams) -> bool:
    """True when the batch path answers this question exactly as the single path would."""
    return (objective == "size" and _fits(spec) and model.kind == "threshold"
            and not limits.conditional and not limits.shaped
            and params.backend in ("auto", "cnf", "lazy") and not params.cegar
            and not params.certify and not params.dump_dir)


def supports_instance(instance) -> bool:
    """`supports` for an `instances.Instance` (a minimisation of that question)."""
    return instance.kind == "minimize" and supports(instance.spec, instance.objective,
                                                    instance.limits, instance.model,
                                                    instance.params)


def _fits(spec: Spec) -> bool:
    """The spec's part of `supports`: one output, at most `MAX_INPUTS` inputs."""
    return spec.num_outputs == 1 and spec.n <= MAX_INPUTS


class _Template:
    """What both template sessions share: the output's values left free (`out`), every
    quadruple's asummable clause, the function's assumptions, budgeted solving."""

    # of the session it is mixed into
    task: Task
    b: Builder
    rows: np.ndarray
    value: list[list[int]]
    solver: Any
    row_index: Callable[[], dict[int, int]]
    changes: Callable[[int, tuple[int, ...], int], int]
    assumptions: Callable[[Limits], list[int]]

    def _build_outputs(self) -> None:
        self.out = list(self.value[self.task.size - 1])

    def _asummable_clauses(self) -> None:
        """Every quadruple's clause, with the output's value literals in it (module
        docstring); the single path states only the function's violated ones."""
        n, out = self.task.spec.n, self.task.size - 1
        index = self.row_index()
        v = self.value[out]
        for pairs in sum_groups(n, index):
            for x, (a, b) in enumerate(pairs):
                for y, (c, d) in enumerate(pairs):
                    if x == y:
                        continue
                    quad = (index[a], index[b], index[c], index[d])
                    self.b.clause([-v[quad[0]], -v[quad[1]], v[quad[2]], v[quad[3]]]
                                  + [self.changes(g, quad, out) for g in range(out)])

    def _function(self, spec: Spec, limits: Limits) -> list[int]:
        """The assumptions of `spec` within `limits`: the bounds and the output's values."""
        table = spec.values[0]
        return self.assumptions(limits) + [
            v if table[r] else -v for r, v in zip(self.rows, self.out) if spec.care_mask[r]]

    def _solve(self, assumptions: list[int], deadline: float | None,
               budget: int | None) -> bool | None:
        """One solver call: None when `deadline` (perf_counter) passes first or after
        `budget` conflicts."""
        while True:
            unlimited = deadline is None and budget is None
            self.solver.conf_budget(-1 if unlimited else budget or CONFLICT_CHUNK)
            self.solver.clear_interrupt()  # a signal's interrupt stays set until cleared
            # a signal interrupts the solver (`lifecycle.stoppable`), whose call then
            # returns and lets the handler raise `lifecycle.Interrupted`
            with stoppable(self.solver.interrupt):
                outcome = self.solver.solve_limited(assumptions=assumptions,
                                                    expect_interrupt=True)
            if outcome is not None or unlimited or budget is not None \
                    or deadline is None or time.perf_counter() >= deadline:
                return outcome

    def close(self) -> None:
        self.solver.delete()


class _TemplateSession(_Template, CnfSession):
    """`CnfSession` on the template."""

    def ask(self, spec: Spec, limits: Limits, deadline: float | None,
            budget: int | None = None) -> tuple[Status, Circuit | None, float, int]:
        """(SAT / UNSAT / UNKNOWN, the circuit, seconds, conflicts) for `spec` within
        `limits`; UNKNOWN when `deadline` (perf_counter) passes first or after `budget`
        conflicts."""
        assumptions = self._function(spec, limits)
        started = time.perf_counter()
        before = self.solver.accum_stats().get("conflicts", 0)
        outcome = self._solve(assumptions, deadline, budget)
        conflicts = self.solver.accum_stats().get("conflicts", 0) - before
        elapsed = time.perf_counter() - started
        if outcome is None:
            return Status.UNKNOWN, None, elapsed, conflicts
        if not outcome:
            return Status.UNSAT, None, elapsed, conflicts
        model = self.solver.get_model()
        return Status.SAT, self.decode(set(l for l in model if l > 0)), elapsed, conflicts


class _LazyTemplate(_Template, LazySession):
    """`lazy.LazySession` on the template (unbounded weights): its witness clauses mention
    the output only through its value literals, so they hold for every function and stay
    in the solver from one function to the next."""

    def __init__(self, task: Task) -> None:
        super().__init__(task)
        self.keep_witnesses = False  # kept by the solver only (no certificates here)

    def ask(self, spec: Spec, limits: Limits, deadline: float | None,
            budget: int | None = None) -> tuple[Status, Circuit | None, float, int]:
        """As `_TemplateSession.ask`, in rounds of separability checks."""
        assumptions = self._function(spec, limits)
        answer = self.rounds(lambda: self._solve(assumptions, deadline, budget))
        return answer.status, answer.circuit, answer.time_s, answer.stats.get("conflicts", 0)


class BatchMinimizer:
    """Least size of many functions of `n` inputs under one template question.

    Sessions are built on first use, one per (size, weight phase), and kept until `close`.
    """

    def __init__(self, n: int, model: GateModel = GateModel(), limits: Limits = Limits(),
                 params: SearchParams = SearchParams()) -> None:
        probe = Spec(n=n, outputs=(0,))
        if not supports(probe, "size", limits, model, params):
            raise InputError("the batch path answers least size of one output of threshold "
                             f"gates without guards or a shape, n <= {MAX_INPUTS}, backend "
                             "auto or cnf, no cegar, certify or dump_dir")
        self.n, self.model, self.limits = n, model, limits
        symmetry = {**dict(params.symmetry), "input_lex": False}
        solver = BATCH_SAT_SOLVER if params.sat_solver == SearchParams().sat_solver \
            else params.sat_solver
        self.params = replace(params, symmetry=symmetry, sat_solver=solver)
        self.sessions: dict[tuple[int, int | None], _TemplateSession | _LazyTemplate] = {}
        # unbounded weights: value vectors and lazy separability (no weight phases)
        self.lazy = params.backend in ("auto", "lazy") and lazy_refuses(model, limits) is None
        self.backend = LAZY_BACKEND if self.lazy else BACKEND
        self._phase_lists: dict[int, list[tuple[int | None, int | None]]] = {}
        self.encode_s = 0.0

    def _session(self, size: int, cap: int | None) -> _TemplateSession | _LazyTemplate:
        key = (size, cap)
        if key not in self.sessions:
            limits = self.limits.with_("size", None)
            if cap is not None:
                limits = limits.with_("weight", min(cap, limits.weight or cap))
            task = Task(spec=Spec(n=self.n, outputs=(0,)), size=size, model=self.model,
                        limits=limits, axes=frozenset(set(limits.bounded()) - {"size"}),
                        params=self.params)
            session: _TemplateSession | _LazyTemplate
            if self.lazy:
                session = _LazyTemplate(task)
            else:
                session = _TemplateSession(task)
            self.encode_s += session.stats["encode_s"]
            self.sessions[key] = session
        return self.sessions[key]

    def _phases(self, size: int) -> list[tuple[int | None, int | None]]:
        """(weight cap, conflict budget) of each phase: the small ranges first when the
        sufficient range is larger than they are, then the full range (cap None); worked
        out once per size."""
        if size not in self._phase_lists:
            full = Task(spec=Spec(n=self.n, outputs=(0,)), size=size, model=self.model,
                        limits=self.limits.with_("size", None), axes=frozenset(),
                        params=self.params)
            top = full.largest_weight()
            phases = [(cap, budget) for cap, budget in PHASES if cap < top] \
                if self.params.two_phase and not self.lazy else []
            self._phase_lists[size] = phases + [(None, None)]
        return self._phase_lists[size]

    def minimize(self, spec: Spec, time_limit: float | None = None,
                 single: bool = False) -> Result:
        """The least size of a circuit computing `spec` within the template's limits, as
        `minckt.solve.minimize` answers it (statuses, bounds, notes, verified circuit).

        `single`: finish as the single path does (`warm_least_size`): the circuit's weights
        polished and its metrics checked against every proven bound, and out of time the
        construction as a FEASIBLE answer when it fits."""
        if spec.n != self.n or not _fits(spec):  # the rest was checked at construction
            raise InputError(f"{spec}: not a question of this batch ({self.n} inputs, one "
                             "output)")
        started = time.perf_counter()
        deadline = None if time_limit is None else started + time_limit
        user = self.limits
        limits, notes = caps(spec, user, self.params, "size")
        bound = bounds.strongest(spec, "size", self.model, limits)
        lower, source = bound.value, f"bound: {bound.method}"
        steps: list[Step] = []
        status, circuit, metrics, value = Status.INFEASIBLE, None, None, None
        encoded, reused = self.encode_s, bool(self.sessions)
        used: dict[int, dict] = {}
        for size in range(max(1, lower), limits.require("size") + 1):
            asked = limits.with_("size", size)
            if single and deadline is not None and time.perf_counter() >= deadline:
                # as the single path: no step begun out of time, an UNKNOWN one logged
                status = Status.UNKNOWN
                steps.append(Step(size, asked, status, 0.0))
                break
            answer, seconds, conflicts = Status.UNSAT, 0.0, 0
            for cap, budget in self._phases(size):  # one step: the phases' answer and costs
                session = self._session(size, cap)
                answer, found, spent, spent_conflicts = session.ask(spec, asked, deadline, budget)
                seconds, conflicts = seconds + spent, conflicts + spent_conflicts
                used[size] = {k: v for k, v in session.stats.items()
                              if k in ("variables", "clauses", "encoding")}
                if answer is Status.SAT or cap is None:
                    break
                if deadline is not None and time.perf_counter() >= deadline:
                    break
            steps.append(Step(size, asked, answer, seconds, conflicts=conflicts))
            if answer is Status.SAT:
                if found is None:
                    raise InternalError(f"the {self.backend} template answered SAT without a "
                                        "circuit")
                circuit, metrics = checked(
                    found, spec, asked, self.model, self.params,
                    polish_weights=single or not self.lazy
                    and _max_weight(found) > max(c for c, _ in PHASES),
                    check_bounds=single)
                status, value = Status.OPTIMAL, metrics.size
                steps[-1] = replace(steps[-1], value=value)
                break
            if answer is Status.UNKNOWN:
                status = Status.UNKNOWN
                break
            lower, source = size + 1, f"solver: size <= {size} UNSAT"
        stats: dict[str, object] = {"batch": True, "solver_calls": len(steps)}
        if single:  # the single path's record (`minckt.solve.runner.Runner.stats`) and the
            # template's
            stats.update({"template": "warm" if reused else "new",
                          "encode_s": round(self.encode_s - encoded, 4),
                          "sizes_encoded": sorted(used),
                          "encodings": {str(k): v for k, v in sorted(used.items())}})
        notes = notes if cap_matters(user, "size", status) else ()
        circuit_source = None
        if single and status is Status.UNKNOWN:
            built = fitting_construction(spec, self.model, limits)
            if built is not None:
                status, circuit, metrics, circuit_source = Status.FEASIBLE, *built
                value, notes = metrics.size, notes + (CONSTRUCTED,)
                if lower is not None and value <= lower:  # the construction meets the bound
                    status, notes = Status.OPTIMAL, notes[:-1] + (AT_THE_BOUND,)
        result = Result(status=status, spec=spec, limits=limits, model=self.model,
                        objective="size", value=value, lower_bound=lower,
                        lower_bound_source=source, circuit=circuit, metrics=metrics,
                        backend=self.backend, time_s=time.perf_counter() - started,
                        steps=tuple(steps), notes=notes,
                        stats=stats, bound=bound, circuit_source=circuit_source)
        return restate(result, user)

    def close(self) -> None:
        for session in self.sessions.values():
            session.close()
        self.sessions.clear()

    def __enter__(self) -> "BatchMinimizer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


#: Inputs up to which `minckt.solve.minimize` answers a least-size question of the batch
#: path with unbounded weights on a warm lazy template (`warm_least_size`).  Measured (one
#: run each, this machine): a template built for one function alone already beat the single
#: path at 4 and 5 inputs (parity 4 54 ms / 13 ms against 62 / 52 ms, IP 4 8 against 25 ms,
#: parity 5 53 against 59 ms, MAJ 5 5 against 30 ms) and lost at 6 (CD 6 367 against 150 ms,
#: IP 6 26.8 against 2.2 s: every sum quadruple's clause); warm, the 222 NPN4 classes took
#: 0.55-0.80 s of solving and 1.2-1.3 s of polish and bound checks.
WARM_MAX_INPUTS = 5

#: Warm templates kept per process (the least recently used is closed first).
WARM_KEEP = 8

_warm: OrderedDict[str, BatchMinimizer] = OrderedDict()
_warm_lock = threading.Lock()


def takes_warm(spec: Spec, objective: str | None, limits: Limits, model: GateModel,
               params: SearchParams) -> bool:
    """True when `minckt.solve.minimize` answers this question by `warm_least_size`: the
    batch path `supports` it, on at most `WARM_MAX_INPUTS` inputs, with the lazy template
    (unbounded weights), limits on size and depth only (and fan-in 4 on 4 inputs), the
    default SAT solver, and backend auto where auto would take CP-SAT or lazy: a backend
    named by the user is its single path."""
    from minckt.encode.choose import resolve_backend

    # fan-in 4 on 4 inputs, measured on the 222 NPN4 classes (one run each, the same
    # optima): 3.05 s on the template against 48.6 s on the threshold-function library;
    # fan-in 3 stays with the library (the template had not done the 222 in 300 s)
    fanin_four = spec.n == 4 and limits.fanin == 4
    return (spec.n <= WARM_MAX_INPUTS and params.backend == "auto"
            # the batch's own solver (Glucose 4: limited solves and interrupts)
            and params.sat_solver == SearchParams().sat_solver
            # size and depth limits only: others (wires, energy, ...) are not measured here
            and set(limits.bounded()) <= {"size", "depth"} | ({"fanin"} if fanin_four else set())
            and supports(spec, objective, limits, model, params)
            and lazy_refuses(model, limits) is None
            # not where auto takes another path: the threshold-function library of a
            # fan-in limit (parity 5 with fan-in 3: 1.2 s there, open at 120 s here)
            and (fanin_four
                 or resolve_backend("auto", model, spec, limits, {"size"}) in ("cpsat", "lazy")))


def warm_least_size(spec: Spec, model: GateModel, limits: Limits,
                    params: SearchParams) -> Result:
    """The least size of `spec` as the single path answers it (polished weights, bounds
    checked, the construction when out of time), on the process's warm template of the
    question (n, model, limits, parameters but the time limit), built on first use; a
    script's loop over functions reuses the template, its sessions and their learnt and
    witness clauses, which hold for every function (module docstring).  A template is used
    by one thread at a time: it is taken out of the cache while it answers."""
    key = repr((spec.n, model, limits, replace(params, time_limit=None, label="",
                                               symmetry=dict(sorted(params.symmetry.items())))))
    with _warm_lock:
        batch = _warm.pop(key, None)
    if batch is None:
        batch = BatchMinimizer(spec.n, model, limits, params)
    try:
        result = batch.minimize(spec, params.time_limit, single=True)
    except BaseException:  # an interrupted solver is not reused
        batch.close()
        raise
    with _warm_lock:
        if key in _warm or params.time_limit is None \
                and result.status not in (Status.OPTIMAL, Status.INFEASIBLE):
            # another thread's template came back first, or a solve without a time limit
            # was stopped (a signal to another thread): this one is not kept
            batch.close()
        else:
            _warm[key] = batch
        while len(_warm) > WARM_KEEP:
            _warm.popitem(last=False)[1].close()
    return result


def _max_weight(circuit: Circuit) -> int:
    return max((abs(w) for gate in circuit.gates for _, w in gate.weights), default=0)
