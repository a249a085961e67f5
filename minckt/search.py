"""Decisions, minimisation and Pareto frontiers over circuit resources.

* `decide(spec, limits)` -- is there a circuit within the limits?  SAT (verified circuit),
  UNSAT, or UNKNOWN.
* `minimize(spec, objective, limits)` -- the least value of one resource with the other limits
  unchanged.  OPTIMAL means value v was found and v-1 proven impossible (a solver UNSAT at
  v-1, or a proven lower bound equal to v).  Size is walked upward from the strongest lower
  bound (one encoding per size); other resources walk downward from the first circuit found,
  on one encoding whose bound variables each step tightens (halving the gap to the proven
  bound while it is wider than `_BISECT_GAP`, as weights can start in the thousands).
* `frontier(spec, axes, limits)` -- every Pareto-optimal point over two or three axes.

With a backend that offers a probe (`cnf`) and 5 inputs or more, each decision is raced
in a second process against restrictions whose circuits are circuits of the question, in
turn: the tied one (symmetric inputs share a weight, `encode.symmetry.tied_spec`), then
small weights.  The first SAT wins; only the full search's UNSAT is ever used.  Once the
probes are done the backend's twin (`race_twin`: the full question under other symmetry
switches) takes that process, and its UNSAT counts as much as the full search's.

Every circuit a backend returns is verified (`minckt.verify`) and pruned of dead gates
before it is used.  When size is neither limited nor the objective, the search uses
`SearchParams.default_size` slots (2n, at least 2, by default) and says so in the result's
limits and notes; a proof found within those slots is no proof for the question asked, so
such answers are restated (`_restate`: FEASIBLE or UNKNOWN unless a proven bound for the
user's own limits closes the gap).  With `SearchParams.certify` every UNSAT step an answer
rests on is re-solved with a checked DRAT proof (`minckt.certify`).  A time limit gives UNKNOWN or FEASIBLE, never a wrong answer.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import replace
from multiprocessing.connection import wait

import numpy as np

from . import bounds
from .circuit import Circuit, Metrics
from .encode import Answer, Session, Task, get_backend
from .encode.architecture import check_shape
from .encode.isolate import IsolatedSession, warm
from .encode.lazy import refuses as lazy_refuses
from .encode.symmetry import symmetric_classes, tied_spec
from .errors import InputError, InternalError
from .problem import AXES, GateModel, Limits, SearchParams, check_axis
from .result import Frontier, Result, Status, Step
from .polish import polish
from .spec import Spec
from .verify import architecture_problems, verify

__all__ = ["decide", "minimize", "frontier", "resolve_backend", "size_cap", "checked"]

#: A downward walk halves the gap between the best value found and the proven lower bound
#: while it is wider than this, and steps down by one below it.
_BISECT_GAP = 8

#: Said of a result whose circuit is the construction of `minckt.constructions`.
_AT_THE_BOUND = ("the circuit is a construction (minckt.constructions: the function's "
              "read-once formula, or an XOR tree for parity in AIG), verified, whose size is "
              "the proven lower bound: no solver was needed")
_CONSTRUCTED = ("the solver found no better circuit in time; the circuit given is a "
                "construction (minckt.constructions: detectors, a cascade or a copy network), "
                "verified like any other: an upper bound, not an optimum")

#: Counterexample rows added per CEGAR round.
_CEGAR_BATCH = 4


#: "auto" uses CP-SAT up to this many inputs: there the CNF backend's Python encoding and
#: solver process cost more than the search itself (README, performance).
AUTO_CPSAT_MAX_INPUTS = 4

#: "auto" uses the threshold-function library (`encode.library`, "tlib") for threshold
#: questions with a fan-in limit of at most this, and with a limit of 4 on at most
#: AUTO_CPSAT_MAX_INPUTS inputs (resolve_backend says what was measured).
AUTO_LIBRARY_MAX_FANIN = 3

#: "auto" uses the lazy separability backend up to this many inputs (the range measured).
AUTO_LAZY_MAX_INPUTS = 8

#: "auto" uses CP-SAT for partial functions of at most this many care rows (data sets) in
#: at least this many inputs.
AUTO_CPSAT_MAX_POINTS = 128
AUTO_CPSAT_MIN_POINT_INPUTS = 10


def resolve_backend(name: str, model: GateModel, spec: Spec | None = None,
                    limits: Limits | None = None, axes=()) -> str:
    """The registered backend that "auto" stands for (or `name` itself, validated).

    Measured on the benchmark suite (README, performance): the CNF backend with its symmetry
    breaks and two-phase weights decides UNSAT steps several times faster than CP-SAT, while
    on functions of at most AUTO_CPSAT_MAX_INPUTS inputs CP-SAT answers in a few
    milliseconds, less than the CNF encoding takes to build.  Data sets (at most
    AUTO_CPSAT_MAX_POINTS care rows) in at least AUTO_CPSAT_MIN_POINT_INPUTS inputs go to
    CP-SAT too: the least size of random labels on 32 points took 0.19 s against 11.3 s at
    n = 12, and 0.46 s against > 60 s at n = 16; at n = 8 CNF proved more on 64 points
    (README, memorization).  Threshold networks of a given shape (`Limits.layers`,
    outputs_read) go to CNF at every size: its implied clauses decided parity 4 in one
    hidden layer in 0.2 s, where CP-SAT had not in 60 s, and the pairwise ANDs of 4 inputs
    in 3 s against 26 s (one hidden layer) and 24 s against 45 s (free depth).  ReLU and
    sigmoid gates go to CNF too: on the least size of PARITY 3 and 5, MAJ 5, IP, EQ, CD,
    GT 4 and MOD3 5 with ReLU R = 2, 3 and sigmoid R = 2 (24 questions, 15 s each) CNF was
    never slower than 0.1 s behind and proved PARITY 5 (ReLU R = 2: 3 gates in 0.6 s; R = 3
    in 11 s) where CP-SAT ended FEASIBLE at 17 gates.  Threshold questions with a fan-in
    limit (free DAG, no guards) go to the threshold-function library ("tlib") when the limit
    is at most AUTO_LIBRARY_MAX_FANIN, or 4 on at most AUTO_CPSAT_MAX_INPUTS inputs: on the
    least size of PARITY (one run each, 120 s limit, a shared 2-core machine) it took
    0.87 s against 29.6 s (CP-SAT) for 4 inputs, fan-in 3; 3.9 s against 17.2 s for 4
    inputs, fan-in 4; 3.5 s against 20.4 s (CNF) for 5 inputs, fan-in 3; but 3.9 s against
    CNF's 1.04 s for 5 inputs, fan-in 4, which stays with CNF.  Threshold questions of 5
    inputs or more with unbounded weights (no weight limit, weight not minimised; `axes`
    are the resources the search bounds), no fan-in limit, no guards and no shape go to the
    lazy separability backend ("lazy"): on the benchmark suite's 28 such questions (one run,
    60 s each, `minckt bench instances/bench/threshold.toml instances/bench/unbounded.toml
    --configs cnf,lazy`) it decided IP 6, IP 8 with 3 gates and CD 8 with 3 gates at depth
    2, which CNF left open, and was faster on all others but parity 7 and 8 (0.39 / 7.8 s
    against 0.19 / 0.89 s), which its race against the tied CNF probe wins back.
    """
    if name == "auto":
        if model.is_basis:
            return "chain"
        data_set = spec is not None and not spec.is_total \
            and spec.n >= AUTO_CPSAT_MIN_POINT_INPUTS \
            and len(spec.care_rows) <= AUTO_CPSAT_MAX_POINTS
        if data_set:
            return "cpsat"
        if model.kind != "threshold" or limits is not None and limits.shaped:
            return "cnf"
        if limits is not None and limits.fanin is not None and not limits.conditional and (
                limits.fanin <= AUTO_LIBRARY_MAX_FANIN
                or limits.fanin == 4 and spec is not None and spec.n <= AUTO_CPSAT_MAX_INPUTS):
            return "tlib"
        if spec is not None and spec.n <= AUTO_CPSAT_MAX_INPUTS:
            return "cpsat"
        asked = Limits() if limits is None else limits
        if spec is not None and spec.n <= AUTO_LAZY_MAX_INPUTS and asked.fanin is None \
                and "fanin" not in axes and lazy_refuses(model, asked, axes) is None:
            return "lazy"
        return "cnf"
    get_backend(name)  # raises a clear error for an unknown name
    return name


def size_cap(spec: Spec, limits: Limits, params: SearchParams, objective: str | None = None
             ) -> tuple[int, str | None]:
    """(gate slots to search, a note when the cap is a default rather than a user limit).

    When size is the objective the walk climbs from the lower bound and the cap only ends
    it: then the cap is at least 2^n + m, the size of a depth-2 DNF circuit (one gate per
    care row where some output is 1, one OR gate per output), which computes any spec when
    nothing but size is limited.
    """
    if limits.layers is not None:  # the layers' widths bound the size
        return min(sum(limits.layers), limits.size or sum(limits.layers)), None
    if limits.size is not None:
        return limits.size, None
    cap = params.default_size or max(2, 2 * spec.n)
    if not params.default_size and (objective == "hidden" or limits.outputs_read == "hidden"):
        # outputs read hidden gates: room for every output gate beside 2n hidden ones
        cap = max(cap, 2 * spec.n + spec.num_outputs)
    if objective == "size":
        cap = max(cap, spec.num_rows + spec.num_outputs)
    return cap, f"size <= {cap}: default cap (no size limit was given; set size to change it)"


def _caps(spec: Spec, limits: Limits, params: SearchParams, objective: str | None
          ) -> tuple[Limits, tuple[str, ...]]:
    """The limits with the default size cap, and its note.  Weights need no default cap:
    every gate model has a range that provably suffices (`minckt.ranges`)."""
    cap, size_note = size_cap(spec, limits, params, objective)
    return limits.with_("size", cap), (size_note,) if size_note else ()


def _cap_matters(user: Limits, objective: str | None, status: Status) -> bool:
    """Whether an answer found under the default size cap may rest on it.  Minimising size
    climbs from below, every step asking exactly "size <= k": only running out of slots
    (INFEASIBLE, UNKNOWN) rests on the cap."""
    if user.size is not None or user.layers is not None:
        return False
    return objective != "size" or status in (Status.INFEASIBLE, Status.UNKNOWN)


_CLAMPED = ("no circuit within weights |w| <= 2^31 - 1, the most minckt encodes, where the "
            "proven range is larger (many slots or high resolution): that proves nothing, so "
            "it reads UNKNOWN (give a weight limit to ask the bounded question)")

_CAPPED = ("the solver's proof that nothing better exists holds within the default size "
           "cap only, not for the question asked (no size limit), so the answer is ")


def fitting_construction(spec: Spec, model: GateModel, limits: Limits,
                         objective: str | None = None) -> tuple[Circuit, Metrics] | None:
    """The detector construction (guarded greedily when the question is conditional),
    verified, when it keeps within `limits` (`minckt.constructions`), with its metrics."""
    from .constructions import best_construction, copy_network

    fitting = []
    for circuit in (best_construction(spec, model),
                    copy_network(spec, model, limits) if limits.shaped else None):
        if circuit is None:
            continue
        if limits.conditional and objective in ("ops", "evaluated"):
            from .conditional import make_conditional

            circuit = make_conditional(circuit, spec)
        metrics = verify(spec, circuit, Limits(conditional=True), model)
        if not limits.violations(metrics) and not architecture_problems(circuit, limits):
            fitting.append((circuit, metrics))
    key = (lambda c: (c[1].get(objective), c[1].size)) if objective else \
        (lambda c: c[1].size)
    return min(fitting, key=key, default=None)


def _restate(result: Result, user: Limits) -> Result:
    """The answer to the question the user asked, when the search ran under a default cap
    that may matter (`_cap_matters`): a proof within the cap is no proof without it.

    OPTIMAL stays OPTIMAL only when a proven bound for the user's own limits reaches the
    value; otherwise it is FEASIBLE with that bound beside it.  UNSAT and INFEASIBLE become
    UNKNOWN.  The notes say why."""
    status = result.status
    if not _cap_matters(user, result.objective, status):
        return result
    if status is Status.OPTIMAL and result.objective == "hidden" and not user.conditional \
            and (result.lower_bound_source or "").startswith("solver:") \
            and result.value - 1 + result.spec.num_outputs <= result.limits.size:
        # hidden <= v - 1 was refuted on v - 1 + m slots (`_slots`), which hold every such
        # circuit: the proof does not rest on the cap
        return result
    if status in (Status.UNSAT, Status.INFEASIBLE):
        return replace(result, status=Status.UNKNOWN, lower_bound=None,
                       lower_bound_source=None,
                       notes=result.notes + (_CAPPED + "UNKNOWN",))
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        return result
    bound = bounds.strongest(result.spec, result.objective, result.model, user)
    if status is Status.OPTIMAL and bound.value >= result.value:
        return replace(result, lower_bound=bound.value,
                       lower_bound_source=f"bound: {bound.method}", bound=bound)
    note = (_CAPPED + "FEASIBLE") if status is Status.OPTIMAL else \
        "the lower bound is the proven bound for the question asked (no size limit)"
    return replace(result, status=Status.FEASIBLE, lower_bound=bound.value,
                   lower_bound_source=f"bound: {bound.method}", bound=bound,
                   notes=result.notes + (note,))


class _Runner:
    """Shared state of one search call: backend, deadline, sessions per size, step log."""

    def __init__(self, spec: Spec, model: GateModel, params: SearchParams, limits: Limits,
                 axes: set[str]) -> None:
        self.spec, self.model, self.params, self.base = spec, model, params, limits
        self.backend_name = resolve_backend(params.backend, model, spec, limits, axes)
        self.backend = get_backend(self.backend_name)
        if model.kind not in self.backend.gate_kinds:
            raise InputError(f"backend {self.backend_name!r} does not handle {model.kind} gates; "
                             f"it handles {', '.join(sorted(self.backend.gate_kinds))}")
        self.axes = frozenset((axes | set(limits.bounded())) - {"size"})
        self.started = time.perf_counter()
        self.deadline = None if params.time_limit is None else self.started + params.time_limit
        self.sessions: dict[int, Session] = {}
        self.steps: list[Step] = []
        self.encode_s = 0.0
        self.encoding: dict[int, dict] = {}
        self.sizes_encoded: set[int] = set()
        self.cegar_rounds = 0
        # racing: a backend that offers a cheaper restriction of a task (`probe`) has it
        # searched in a second process beside the full search, and symmetric inputs give
        # the tied restriction instead (`_probe_task`); not below 5 inputs, where the full
        # search answers in milliseconds, less than a second process costs
        self.racing = hasattr(self.backend, "probe") and not params.cegar \
            and spec.n > AUTO_CPSAT_MAX_INPUTS
        self.probes: dict[int, list[IsolatedSession]] = {}
        self.probe_wins = 0
        self.twin_wins = 0
        # the backend's twin (`race_twin`) where the user set none of its switches
        chooser = getattr(self.backend, "race_twin", None)
        twin = None if chooser is None else chooser(model)
        self.twin: dict[str, bool] | None = None if twin is None or all(
            name in params.symmetry for name in twin) else twin
        self.probe_kinds: list[str] = []  # of the probes opened
        self.ties: tuple[tuple[int, ...], ...] = ()
        if self.racing and params.tied_probe:
            self.ties = symmetric_classes(spec)
        self.rows: set[int] | None = None
        self.notes: set[str] = set()  # said of every result of this search
        if params.cegar:
            care = spec.care_rows
            start = np.linspace(0, len(care) - 1, num=min(len(care), 2 * spec.n + 2))
            self.rows = {int(care[int(i)]) for i in start}

    @contextmanager
    def budget(self, seconds: float | None):
        """Within the block, the search's deadline is at most `seconds` away."""
        saved = self.deadline
        if seconds is not None:
            soon = time.perf_counter() + seconds
            self.deadline = soon if saved is None else min(saved, soon)
        try:
            yield
        finally:
            self.deadline = saved

    def remaining(self) -> float | None:
        if self.deadline is None:
            return None
        return self.deadline - time.perf_counter()

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0

    def session(self, size: int, switches: dict[str, bool] | None = None,
                options: dict[str, int] | None = None) -> Session:
        """The session deciding `size` slots (`switches`: a second one with these symmetry
        switches where the user set none, and with the CaDiCaL `options` instead of the
        session's own, which `_size_walk` races beside the first)."""
        size = self.slots(size)
        spec = self.spec if self.rows is None else self._row_spec()
        key = size if self.rows is None else (size, spec.care)
        params = self.params
        lane_options = None if options is None else tuple(sorted(options.items()))
        if switches is not None or options is not None:
            switches = switches or {}
            key = (size, tuple(sorted(switches.items())), lane_options)
            params = replace(params, symmetry={**switches, **params.symmetry})
        if key not in self.sessions:
            if self.rows is not None:  # an older row set for this size is superseded
                for old in [k for k in self.sessions if isinstance(k, tuple) and k[0] == size]:
                    self._close_one(old)
            if self.racing:  # the probe stands in for the small-weight phase
                params = replace(params, two_phase=False)
            task = self._task(spec, size, params)
            if lane_options is not None:
                task = replace(task, solver_options=lane_options)
            self.sessions[key] = self.backend.open(task)
            self.sizes_encoded.add(size)
        return self.sessions[key]

    def slots(self, size: int) -> int:
        """The slot count of an encoding for circuits of `size` gates: `size`, or in a
        layered network the layers' sum (size is then counted over used slots)."""
        return size if self.base.layers is None else sum(self.base.layers)

    def _row_spec(self) -> Spec:
        mask = 0
        for row in self.rows:
            mask |= 1 << int(row)
        return Spec(n=self.spec.n, outputs=self.spec.outputs, care=mask, name=self.spec.name)

    def _counterexamples(self, circuit: Circuit, limits: Limits) -> list[int]:
        """Care rows (not yet in the CEGAR set) where the circuit is wrong or too energetic."""
        care = self.spec.care_rows
        values = circuit.gate_values(care)
        index = {g.id: j for j, g in enumerate(circuit.gates)}
        got = np.stack([values[index[o]] > 0 for o in circuit.outputs])
        bad = (got != self.spec.values[:, care]).any(axis=0)
        if limits.energy is not None:
            bad |= (values > 0).sum(axis=0) > limits.energy
        return [int(r) for r in care[bad] if int(r) not in self.rows][:_CEGAR_BATCH]

    def _task(self, spec: Spec, size: int, params: SearchParams) -> Task:
        """The encoding task of `size` slots for `spec` under this search's limits."""
        size = self.slots(size)
        return Task(spec, size, self.model, self.base.with_("size", size), self.axes, params)

    def _probe_tasks(self, size: int) -> list[tuple[str, Task]]:
        """The restrictions raced against the full search for `size` slots, in the order
        they take the second core: the tied one when the spec has symmetric inputs, then
        the backend's own (small weights)."""
        tasks = []
        if self.ties:
            # no_trivial compares gates with inputs on the care rows only, and on the
            # representative rows a gate can equal an input it differs from elsewhere
            params = replace(self.params, symmetry={**self.params.symmetry,
                                                    "no_trivial": False})
            tasks.append(("tied", replace(self._task(tied_spec(self.spec, self.ties), size,
                                                     params), ties=self.ties)))
        own = self.backend.probe(self._task(self.spec, size, self.params))
        if own is not None:
            tasks.append(("small weights", own))
        return tasks

    def _probes(self, size: int) -> list[IsolatedSession]:
        """The probes' sessions for `size` slots (empty: nothing to race)."""
        size = self.slots(size)
        if size not in self.probes:
            self.probes[size] = []
            # a backend may race its probes on another backend (lazy: the tied CNF one)
            opener = get_backend(getattr(self.backend, "probe_backend", self.backend_name))
            for kind, task in self._probe_tasks(size):
                probe = opener.open(task)
                if not isinstance(probe, IsolatedSession):
                    raise InternalError(f"backend {self.backend_name} raced a probe in-process")
                self.probes[size].append(probe)
                if kind not in self.probe_kinds:
                    self.probe_kinds.append(kind)
        return self.probes[size]

    def _race(self, size: int, limits: Limits) -> Answer | None:
        """The full decision raced against the probes, each in its own process (this
        machine's two cores): the probes take the second core in turn, the next when one
        answers UNSAT; the first SAT wins, and only the full search's UNSAT counts.  Once
        the probes are done, the backend's twin (`race_twin`: the full question under other
        symmetry switches, each break being sound alone) takes the second core, and its
        answer, SAT or UNSAT, counts like the full search's.  None when there is neither a
        probe nor a twin for these slots."""
        full = self.session(size)
        queue = list(self._probes(size))
        if not queue and self.twin is None or not isinstance(full, IsolatedSession):
            return None
        started = time.perf_counter()
        full.submit(limits)
        probe: IsolatedSession | None = None
        twin: IsolatedSession | None = None
        waiting = {full.conn: full}

        def next_probe() -> None:
            nonlocal probe, twin
            probe = queue.pop(0) if queue else None
            if probe is not None:
                probe.submit(limits)
                waiting[probe.conn] = probe
            elif self.twin is not None:
                twin = self.session(size, self.twin)
                twin.submit(limits)
                waiting[twin.conn] = twin

        def stop(*sessions) -> None:
            for session in sessions:
                if session is not None:
                    session.close()

        next_probe()
        while True:
            left = self.remaining()
            if left is not None and left <= 0 or not wait(list(waiting), left):
                stop(full, probe, twin)
                return Answer(Status.UNKNOWN, None, time.perf_counter() - started)
            if probe is not None and probe.conn.poll():
                answer = probe.collect()
                if answer is not None:
                    del waiting[probe.conn]
                    if answer.status is Status.SAT:
                        # CaDiCaL cannot be stopped in-process: kill the full search and
                        # start re-encoding at once, beside the next step's probe
                        full.close()
                        full.start()
                        self.probe_wins += 1
                        stats = {**answer.stats, "probe": True}
                        return Answer(Status.SAT, answer.circuit,
                                      time.perf_counter() - started, stats)
                    next_probe()
            for mine, other in ((full, twin), (twin, full)):
                if mine is None or not mine.conn.poll():
                    continue
                answer = mine.collect()
                if answer is not None:
                    stop(probe, other)
                    if mine is twin:
                        self.twin_wins += 1
                        answer = replace(answer, time_s=time.perf_counter() - started,
                                         stats={**answer.stats, "twin": True})
                    return answer

    def _decide(self, size: int, limits: Limits) -> Answer:
        """One backend decision; with CEGAR, on a growing set of rows until the circuit
        found is right on every care row (UNSAT on a subset is UNSAT on all rows)."""
        if self.racing:
            raced = self._race(size, limits)
            if raced is not None:
                return raced
        while True:
            answer = self.session(size).decide(limits, self.remaining())
            if self.rows is None or answer.status is not Status.SAT:
                return answer
            missing = self._counterexamples(answer.circuit, limits)
            if not missing:
                return answer
            self.rows.update(missing)
            self.cegar_rounds += 1
            if self.expired():
                return Answer(Status.UNKNOWN, None, answer.time_s)

    def step(self, size: int, limits: Limits, objective: str | None = None
             ) -> tuple[Status, Circuit | None, Metrics | None]:
        """One decision with `size` slots; a SAT circuit comes back verified and pruned."""
        limits = limits.with_("size", size)
        if size < 1 or (limits.depth is not None and limits.depth < 1):
            # every output is a gate, of depth >= 1: nothing to ask a solver
            self.steps.append(Step(size, limits, Status.UNSAT, 0.0))
            return Status.UNSAT, None, None
        if self.expired():
            self.steps.append(Step(size, limits, Status.UNKNOWN, 0.0))
            return Status.UNKNOWN, None, None
        return self.settle(size, limits, self._decide(size, limits), objective)

    def settle(self, size: int, limits: Limits, answer: Answer, objective: str | None = None
               ) -> tuple[Status, Circuit | None, Metrics | None]:
        """A decision's answer logged as a step: a SAT circuit verified and pruned, an UNSAT
        past a weight clamp read as UNKNOWN."""
        if answer.status is Status.UNSAT and \
                self._task(self.spec, size, self.params).weight_clamped:
            answer = replace(answer, status=Status.UNKNOWN)  # no proof beyond the clamp
            self.notes.add(_CLAMPED)
        circuit = metrics = None
        if answer.status is Status.SAT:
            if answer.circuit is None:
                raise InternalError(f"backend {self.backend_name} answered SAT without a circuit")
            circuit, metrics = checked(answer.circuit, self.spec, limits, self.model,
                                       self.params, objective)
        value = metrics.get(objective) if metrics is not None and objective else None
        conflicts = answer.stats.get("conflicts")
        self.steps.append(Step(size, limits, answer.status, answer.time_s, value,
                               None if conflicts is None else int(conflicts)))
        return answer.status, circuit, metrics

    @property
    def pipelined(self) -> bool:
        """Whether a least-size walk decides two sizes at once (`_size_walk`): on a backend
        that says its sessions are worth it, when nothing else takes the second core."""
        return getattr(self.backend, "pipelined", False) and not self.racing \
            and self.rows is None and self.base.layers is None

    def _close_one(self, key) -> None:
        session = self.sessions.pop(key)
        size = key[0] if isinstance(key, tuple) else key
        self.encode_s += session.stats.get("encode_s", 0.0)
        entry = {k: v for k, v in session.stats.items()
                 if k in ("variables", "clauses", "constraints", "encoding")}
        if isinstance(key, tuple) and isinstance(key[1], tuple):
            self.encoding.setdefault(size, entry)  # a second lane's: the first's if it ran
        else:
            self.encoding[size] = entry
        close = getattr(session, "close", None)
        if close is not None:
            close()

    def close(self) -> None:
        """Release every session (child processes, solvers)."""
        for key in list(self.sessions):
            self._close_one(key)
        for probes in self.probes.values():
            for probe in probes:
                self.encode_s += probe.stats.get("encode_s", 0.0)
                probe.close()
        self.probes.clear()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def stats(self) -> dict:
        extra = {} if self.rows is None else {"cegar_rounds": self.cegar_rounds,
                                              "cegar_rows": len(self.rows)}
        if self.racing:
            extra["probe_wins"] = self.probe_wins
            if self.twin is not None:
                extra["twin_wins"] = self.twin_wins
            extra["probe"] = ", ".join(self.probe_kinds) or "none"
        return {**extra, "encode_s": round(self.encode_s, 4), "solver_calls": len(self.steps),
                "sizes_encoded": sorted(self.sizes_encoded),
                "encodings": {str(k): v for k, v in sorted(self.encoding.items())}}


def _check_conditional(model: GateModel, limits: Limits, objective: str | None,
                       axes: tuple[str, ...]) -> None:
    """Guards and the evaluated / ops counts are encoded for the neural gate models only."""
    if not model.is_basis:
        return
    asked = {a for a in ("evaluated", "ops") if limits.get(a) is not None
             or objective == a or a in axes}
    if limits.conditional or asked:
        what = ", ".join(sorted(asked | ({"conditional"} if limits.conditional else set())))
        raise InputError(f"{what}: guards and operation counts apply to threshold, relu and "
                         f"sigmoid gates, not the {model.kind} basis")


def _check_inputs(spec: Spec, limits: Limits, model: GateModel, params: SearchParams,
                  objective: str | None = None, axes: tuple[str, ...] = ()) -> None:
    if not isinstance(spec, Spec):
        raise InputError(f"expected a Spec, got {type(spec).__name__}")
    if not isinstance(limits, Limits) or not isinstance(model, GateModel) \
            or not isinstance(params, SearchParams):
        raise InputError("limits, model and params must be Limits, GateModel and SearchParams")
    _check_conditional(model, limits, objective, axes)
    check_shape(limits, spec.num_outputs, model.kind, (objective, *axes))
    if params.cegar and limits.conditional:
        raise InputError("cegar: guards make the evaluated and ops counts differ from row to "
                         "row, which counterexample rows do not follow; search without cegar")
    if params.certify:
        from .certify import require_checker

        require_checker()


def decide(spec: Spec, limits: Limits = Limits(), model: GateModel = GateModel(),
           params: SearchParams = SearchParams(), store=None) -> Result:
    """Is there a circuit of `model` gates within `limits` computing `spec`?

    With `store` (a results database's path, or a `minckt.store.Store`) the answer is read
    back from it when it holds one, keyed as ``minckt solve --store`` keys the question, and
    a new answer is written there (`minckt.stored`); likewise in `minimize` and `frontier`.
    """
    _check_inputs(spec, limits, model, params)
    if store is not None:
        return _stored(lambda: decide(spec, limits, model, params), store, spec, model,
                       limits, params)
    user = limits
    limits, notes = _caps(spec, limits, params, None)
    runner = _Runner(spec, model, params, limits, set())
    try:
        with warm():  # a closed session's idle child serves the next
            status, circuit, metrics = runner.step(limits.size, limits)
            if status is Status.UNKNOWN:
                built = fitting_construction(spec, model, limits)
                if built is not None:
                    status, (circuit, metrics) = Status.SAT, built
                    runner.notes.add(_CONSTRUCTED)
    finally:
        runner.close()
    result = _restate(Result(status=status, spec=spec, limits=limits, model=model,
                             circuit=circuit, metrics=metrics, backend=runner.backend_name,
                             time_s=runner.elapsed(), steps=tuple(runner.steps),
                             notes=notes + tuple(sorted(runner.notes)),
                             stats=runner.stats()), user)
    return _certified(result, runner)


def minimize(spec: Spec, objective: str, limits: Limits = Limits(),
             model: GateModel = GateModel(), params: SearchParams = SearchParams(),
             store=None) -> Result:
    """The least `objective` over circuits within `limits` computing `spec` (`store`: as in
    `decide`)."""
    _check_inputs(spec, limits, model, params, objective)
    check_axis(objective)
    if store is not None:
        return _stored(lambda: minimize(spec, objective, limits, model, params), store, spec,
                       model, limits, params, objective=objective)
    from .batch import takes_warm, warm_least_size

    if takes_warm(spec, objective, limits, model, params):
        return warm_least_size(spec, model, limits, params)
    user = limits
    limits, notes = _caps(spec, limits, params, objective)
    runner = _Runner(spec, model, params, limits, {objective})
    try:
        with warm():  # a closed session's idle child serves the next
            result = _minimize(runner, objective, limits)
    finally:
        runner.close()
    if _cap_matters(user, objective, result.status):
        result = replace(result, notes=result.notes + notes)
    result = replace(result, notes=result.notes + tuple(sorted(runner.notes)))
    result = _restate(replace(result, time_s=runner.elapsed(), steps=tuple(runner.steps),
                              stats=runner.stats()), user)
    return _certified(result, runner)


def _stored(solve, store, spec: Spec, model: GateModel, limits: Limits, params: SearchParams,
            objective: str | None = None, axes: tuple[str, ...] = ()):
    """`solve()` through the results store `store` (`minckt.stored`, imported only here:
    the search itself knows nothing of stores)."""
    from .stored import answer, question

    return answer(solve, store, question(spec, model, limits, params, objective, axes))


def _certified(result: Result, runner: _Runner, seen: dict | None = None) -> Result:
    """With `SearchParams.certify`, the result with a checked certificate of every UNSAT
    step it rests on (`minckt.certify`), within the time left; time_s then counts it."""
    if not runner.params.certify:
        return result
    from .certify import certify_result

    left = runner.remaining()
    result = certify_result(result, runner.params, None if left is None else max(left, 0.01),
                            seen)
    return replace(result, time_s=runner.elapsed())


def _minimize(runner: _Runner, objective: str, limits: Limits) -> Result:
    """The walk itself, on a shared runner (frontiers call it repeatedly)."""
    spec, model = runner.spec, runner.model
    bound = bounds.strongest(spec, objective, model, limits)
    lower, source = bound.value, f"bound: {bound.method}"
    cap = limits.size
    assert cap is not None
    first_step = len(runner.steps)

    def result(status: Status, circuit=None, metrics=None, value=None) -> Result:
        return Result(status=status, spec=spec, limits=limits, model=model,
                      objective=objective, value=value, lower_bound=lower,
                      lower_bound_source=source, circuit=circuit, metrics=metrics,
                      backend=runner.backend_name, time_s=runner.elapsed(),
                      steps=tuple(runner.steps[first_step:]), bound=bound)

    constructed: list = []  # the construction, built once

    def construction() -> tuple[Circuit, Metrics] | None:
        if not constructed:
            constructed.append(fitting_construction(spec, model, limits, objective))
        return constructed[0]

    def fallback(best: Circuit | None = None, best_metrics: Metrics | None = None) -> Result:
        """FEASIBLE with the better of the best circuit found and the construction (said
        so when it is the construction), or UNKNOWN when there is neither."""
        built = construction()
        if built is not None and (best is built[0] or best_metrics is None
                                  or built[1].get(objective) < best_metrics.get(objective)):
            best, best_metrics = built
            runner.notes.add(_CONSTRUCTED)
        if best is None:
            return result(Status.UNKNOWN)
        return result(Status.FEASIBLE, best, best_metrics, best_metrics.get(objective))

    if objective == "size" and model.is_basis:
        built = construction()  # a read-once formula or a parity tree: the bound's size
        if built is not None and built[1].size <= lower:
            runner.notes.add(_AT_THE_BOUND)
            return result(Status.OPTIMAL, *built, built[1].size)
    if objective == "size" and runner.pipelined:
        status, found, lower, source = _size_walk(runner, limits, lower, source, cap)
        if status is Status.OPTIMAL:
            circuit, metrics = found
            return result(Status.OPTIMAL, circuit, metrics, metrics.size)
        return fallback() if status is Status.UNKNOWN else result(status)
    if objective == "size":
        for size in range(lower, cap + 1):
            status, circuit, metrics = runner.step(size, limits, objective)
            if status is Status.SAT:
                return result(Status.OPTIMAL, circuit, metrics, metrics.size)
            if status is Status.UNKNOWN:
                return fallback()
            lower, source = size + 1, f"solver: size <= {size} UNSAT"
        return result(Status.INFEASIBLE)

    ceiling = limits.get(objective)
    if ceiling is not None and ceiling < lower:
        return result(Status.INFEASIBLE)
    built = construction() if limits.shaped else None
    if built is not None:
        # a shaped question's walk starts from the copy network (`minckt.constructions`):
        # no solver call is needed to find a first circuit, which can take longer than any
        # other step; a circuit still left at the end is said to be the construction
        status, (circuit, metrics) = Status.SAT, built
    else:
        status, circuit, metrics = _first_circuit(runner, objective, limits)
    if status is Status.UNSAT:
        return result(Status.INFEASIBLE)
    if status is Status.UNKNOWN:
        return fallback()
    best, best_metrics = circuit, metrics
    value = metrics.get(objective)
    while value > lower:
        # one below the best found; halfway down when the gap is wide (weights can start in
        # the thousands): an UNSAT at "<= probe" proves probe + 1, a SAT lowers the best
        probe = value - 1 if value - lower <= _BISECT_GAP else (lower + value - 1) // 2
        asked = limits.tighten(objective, probe)
        slots = _slots(runner.spec, objective, probe, limits)
        fewer = max(len(best.gates) + 1, probe // 2)
        if limits.conditional and fewer < slots:
            # guards: first look where every circuit without guards within the probe lies
            # (probe / 2 slots) and one gate beyond the best, an encoding far smaller than
            # the full slots'; only a circuit found there counts (its UNSAT proves nothing)
            left = runner.remaining()
            with runner.budget(None if left is None else left / 3):
                status, circuit, metrics = runner.step(fewer, asked, objective)
            if status is Status.SAT:
                best, best_metrics, value = circuit, metrics, metrics.get(objective)
                continue
            if runner.expired():
                return fallback(best, best_metrics)
        status, circuit, metrics = runner.step(slots, asked, objective)
        if status is Status.SAT:
            best, best_metrics, value = circuit, metrics, metrics.get(objective)
        elif status is Status.UNSAT:
            lower, source = probe + 1, f"solver: {objective} <= {probe} UNSAT"
        else:
            return fallback(best, best_metrics)
    return result(Status.OPTIMAL, best, best_metrics, value)


def _size_walk(runner: _Runner, limits: Limits, lower: int, source: str, cap: int):
    """The upward walk over sizes lower..cap with two decisions at once, each in its own
    process (this machine's two cores).  The last UNSAT step and the first SAT one are the
    two hardest, and symmetry breaks speed the one and slow the other (README, Boolean
    bases), so the least open size is decided with every break the user asked for, and the
    next one beside it under the backend's `sat_lane` switches (and its `sat_lane_options`,
    CaDiCaL options instead of the sessions' own), to find a circuit; a lane with nothing
    new to start races an open size under the other setting.  Every decision is the full
    question (each break is sound alone, and options change no answer), so every answer
    counts: the least SAT size all of whose predecessors are UNSAT is the optimum, and
    lanes at or above a SAT size are stopped.  Gives (status, (circuit, metrics) or None,
    lower bound, its source): OPTIMAL, INFEASIBLE (every size up to the cap UNSAT) or
    UNKNOWN (time ran out)."""
    running: dict[tuple[int, bool], tuple[IsolatedSession, Limits, float]] = {}
    unsat: set[int] = set()
    found: dict[int, tuple[Circuit, Metrics]] = {}
    upcoming = lower
    second = getattr(runner.backend, "sat_lane", None)  # None: one setting in both lanes
    options = getattr(runner.backend, "sat_lane_options", None)  # None: the sessions' own

    def proven() -> tuple[int, str]:
        low, why = lower, source
        while low in unsat:
            low, why = low + 1, f"solver: size <= {low} UNSAT"
        return low, why

    def stop(keep=lambda size: False) -> None:
        for key in [k for k in running if not keep(k[0])]:
            running.pop(key)[0].close()

    def launch(size: int, light: bool) -> None:
        asked = limits.with_("size", size)
        session = runner.session(size, *((second, options) if light else (None, None)))
        if not isinstance(session, IsolatedSession):
            raise InternalError(f"backend {runner.backend_name} pipelined in-process")
        session.submit(asked)
        running[(size, light)] = (session, asked, time.perf_counter())

    def next_lane(low: int, least: int) -> tuple[int, bool] | None:
        """What a free lane decides: the least open size with every break when it runs
        nowhere, else a new size (in the `sat_lane` setting above the least open one),
        else the other setting of an open size.  A backend without `sat_lane` runs its
        own setting in both lanes and races nothing twice.  Measured against racing the
        least open size under every break whenever it runs only in the `sat_lane` setting
        (before a new size): on the 25 four-input AIG / XAIG benchmark instances (median of
        three runs each, alternating, chain backend) that order took 1.23x the time
        (geometric mean; 0.69-0.91x on random4-1, -2, -5, -7-aig, 1.2-2.3x on the ones
        under 0.5 s, where a new session costs more than the race gains), and 0.94x, within
        the runs' spread, when it began only after 0.3 s of the walk: not adopted."""
        if low < least and low < upcoming and not any(size == low for size, _ in running):
            return low, False
        if upcoming <= cap and upcoming < least:
            return upcoming, upcoming > low and second is not None
        if second is not None:
            for size, light in sorted(running):
                if (size, not light) not in running:
                    return size, not light
        return None

    try:
        while True:
            low, why = proven()
            if low in found:
                return Status.OPTIMAL, found[low], low, why
            if low > cap:
                return Status.INFEASIBLE, None, low, why
            least = min(found, default=cap + 1)
            while len(running) < 2:
                lane = next_lane(low, least)
                if lane is None:
                    break
                size, light = lane
                if size == upcoming:
                    upcoming += 1
                asked = limits.with_("size", size)
                if size < 1 or (asked.depth is not None and asked.depth < 1):
                    runner.steps.append(Step(size, asked, Status.UNSAT, 0.0))
                    unsat.add(size)
                    break
                launch(size, light)
            if not running:
                continue
            left = runner.remaining()
            ready = [] if left is not None and left <= 0 else \
                wait([session.conn for session, _, _ in running.values()], left)
            if not ready:
                now = time.perf_counter()
                for size in sorted({size for size, _ in running}):
                    began = min(start for (other, _), (_, _, start) in running.items()
                                if other == size)
                    runner.steps.append(Step(size, limits.with_("size", size), Status.UNKNOWN,
                                             now - began))
                stop()
                return Status.UNKNOWN, None, low, why
            for key, (session, asked, _) in sorted(running.items()):
                if key not in running or session.conn not in ready:
                    continue
                answer = session.collect()
                if answer is None:
                    continue
                size = key[0]
                stop(keep=lambda other: other != size)  # its twin under the other setting
                status, circuit, metrics = runner.settle(size, asked, answer, "size")
                if status is Status.SAT:  # (pruning may leave fewer gates than slots)
                    found[metrics.size] = (circuit, metrics)
                    stop(keep=lambda other: other < metrics.size)
                elif status is Status.UNSAT:
                    unsat.add(size)
                else:
                    stop()
                    return Status.UNKNOWN, None, *proven()
    finally:
        stop()


def checked(circuit: Circuit, spec: Spec, limits: Limits, model: GateModel,
            params: SearchParams, objective: str | None = None, polish_weights: bool = True,
            check_bounds: bool = True) -> tuple[Circuit, Metrics]:
    """A backend's circuit verified, pruned, polished (`params.polish` and
    `polish_weights`), guarded where the objective counts evaluations, renumbered, verified
    again and (`check_bounds`) its metrics checked against every proven bound: what a SAT
    step reports."""
    verify(spec, circuit, limits, model)
    circuit = circuit.pruned()
    if params.polish and polish_weights:  # smaller weights may disconnect a gate: prune again
        circuit = polish(circuit, spec).pruned()
    if limits.conditional and objective in ("ops", "evaluated"):
        circuit = _guarded(circuit, spec, objective, limits)
    circuit = circuit.renumbered()
    metrics = verify(spec, circuit, limits, model)
    if check_bounds:
        bounds.check_circuit(spec, model, metrics, circuit.conditional, limits)
    return circuit, metrics


def _guarded(circuit: Circuit, spec: Spec, objective: str, limits: Limits) -> Circuit:
    """`circuit`, or the greedy guarding of it (`minckt.conditional`) when that lowers the
    objective and keeps every limit (a guard is a dependency: it can deepen the circuit):
    a walk then goes on from the better circuit (both are verified)."""
    from .conditional import make_conditional

    better = make_conditional(circuit, spec)
    rows = spec.care_rows
    measured = better.metrics(rows)
    if measured.get(objective) < circuit.metrics(rows).get(objective) \
            and not limits.violations(measured):
        return better
    return circuit


def _slots(spec: Spec, objective: str, value: int, limits: Limits) -> int:
    """Gate slots that hold every circuit within `limits` with `objective` <= value.

    Without guards every gate is evaluated on every row, so evaluated = size; and a circuit
    of a spec none of whose outputs is constant on its care set prunes (`Circuit.pruned`: constant
    gates fold into their readers, dead ones go, no resource grows) to one whose every gate
    has a wire (so every output must be non-constant: a constant output is a gate without
    one), so ops = size + wires >= 2 size.  Fewer slots, the same question.
    """
    cap = limits.size
    if limits.conditional or not spec.care_mask.any():
        return cap
    if objective == "hidden":  # at most one gate per output beside the hidden ones
        return max(1, min(cap, value + spec.num_outputs))
    if objective == "evaluated":
        return max(1, min(cap, value))
    care = spec.values[:, spec.care_mask]
    if objective == "ops" and (care.any(axis=1) & ~care.all(axis=1)).all():
        return max(1, min(cap, value // 2))
    return cap


def _first_circuit(runner: _Runner, objective: str, limits: Limits
                   ) -> tuple[Status, Circuit | None, Metrics | None]:
    """The first circuit of a downward walk: at the full slot count, or, for a partial
    function (a data set), at the fewest slots that have one (the least size is small
    and its encodings small, while the full slots of a data set in many inputs can take
    longer than any time limit to give a first circuit; fewer gates keep within the
    limits).  UNSAT only when the full slot count is UNSAT."""
    cap = limits.size
    if runner.spec.is_total:
        return runner.step(cap, limits, objective)
    start = max(bounds.strongest(runner.spec, "size", runner.model, limits).value, 1)
    open_question = False
    for size in range(start, cap + 1):
        # with a time limit, no slot count may take more than half of what is left:
        # an undecided one is passed over (a larger one may have a circuit quickly)
        last = size == cap
        left = runner.remaining()
        with runner.budget(None if left is None or last else left / 2):
            status, circuit, metrics = runner.step(size, limits, objective)
        if status is Status.SAT:
            return status, circuit, metrics
        if status is Status.UNKNOWN:
            if runner.expired():
                return status, None, None
            open_question = True
    return (Status.UNKNOWN if open_question else Status.UNSAT), None, None


def frontier(spec: Spec, axes: list[str] | tuple[str, ...], limits: Limits = Limits(),
             model: GateModel = GateModel(), params: SearchParams = SearchParams(),
             store=None) -> Frontier:
    """Every Pareto-optimal point over two or three resources, each with its circuit.

    For each value of the last axis, ascending, the first axis is minimised (with a middle
    axis, the 2-axis frontier of the first two is computed instead); a point is kept when no
    other point is at least as good on every axis.  A point is proven when each of its
    coordinates is minimal given the others.  `store`: as in `decide`.
    """
    _check_inputs(spec, limits, model, params,
                  axes=tuple(axes) if isinstance(axes, (list, tuple)) else ())
    if isinstance(axes, str) or not isinstance(axes, (list, tuple)):
        raise InputError(f"frontier axes {axes!r}: expected a list of two or three resource "
                         "names, e.g. [\"energy\", \"depth\"]")
    axes = tuple(check_axis(a, "frontier axis") for a in axes)
    if len(axes) not in (2, 3) or len(set(axes)) != len(axes):
        raise InputError(f"frontier {list(axes)}: expected two or three distinct resources")
    if store is not None:
        return _stored(lambda: frontier(spec, axes, limits, model, params), store, spec, model,
                       limits, params, axes=axes)
    user = limits
    limits, notes = _caps(spec, limits, params, "size" if "size" in axes else None)
    runner = _Runner(spec, model, params, limits, set(axes))
    try:
        with warm():  # a closed session's idle child serves the next
            points, complete, feasible = _frontier(runner, axes, limits)
    finally:
        runner.close()
    if not feasible:
        status = Status.INFEASIBLE if complete else Status.UNKNOWN
    elif complete and all(p.status is Status.OPTIMAL for p in points):
        status = Status.OPTIMAL
    else:
        status = Status.FEASIBLE
    notes += tuple(sorted(runner.notes))
    if not complete:
        notes += ("time ran out before the frontier was complete",)
    if user.size is None:  # the list's end, and each point, may rest on the size cap
        if "size" not in axes:  # (a point with a size coordinate is proven within it)
            points = [_restate(p, user) for p in points]
        if status is Status.OPTIMAL:
            status = Status.FEASIBLE
            notes += (_CAPPED + "FEASIBLE",)
        elif status is Status.INFEASIBLE:
            status = Status.UNKNOWN
            notes += (_CAPPED + "UNKNOWN",)
    if params.certify:
        seen: dict = {}
        points = [_certified(p, runner, seen) for p in points]
    return Frontier(status=status, spec=spec, axes=axes, limits=limits, model=model,
                    points=tuple(points), backend=runner.backend_name,
                    time_s=runner.elapsed(), notes=notes)


def _axis_cap(runner: _Runner, axis: str, limits: Limits) -> int:
    """Largest value worth sweeping on `axis` (the limit, or what `size` slots allow)."""
    size, n = limits.size, runner.spec.n
    wires = sum(n + j for j in range(size))
    natural = {"size": size, "depth": size, "energy": size, "fanin": n + size - 1,
               "wires": wires, "evaluated": size, "ops": size + wires, "hidden": size,
               "params": size + wires}
    if axis == "weight":
        from .ranges import encodable_weight
        natural["weight"] = encodable_weight(runner.model, n + size - 1, size - 1)[0]
    high = natural[axis]
    limit = limits.get(axis)
    return high if limit is None else min(high, limit)


def _frontier(runner: _Runner, axes: tuple[str, ...], limits: Limits
              ) -> tuple[list[Result], bool, bool]:
    """(points, complete, any circuit exists) for 2 or 3 axes."""
    outer = axes[-1]
    inner = axes[:-1]
    start = _minimize(runner, outer, limits)
    if start.status in (Status.INFEASIBLE, Status.UNKNOWN):
        return [], start.status is Status.INFEASIBLE, False
    candidates: list[Result] = []
    complete = start.status is Status.OPTIMAL
    best_inner = None
    for value in range(start.value, _axis_cap(runner, outer, limits) + 1):
        sliced = limits.tighten(outer, value)
        if outer == "size":
            sliced = sliced.with_("size", value)
        if len(inner) == 1:
            found = _minimize(runner, inner[0], sliced)
            if found.status in (Status.UNKNOWN, Status.INFEASIBLE):
                complete = complete and found.status is Status.INFEASIBLE
                if found.status is Status.UNKNOWN:
                    break
                continue
            candidates.append(found)
            if found.status is not Status.OPTIMAL:
                complete = False
                break
            if best_inner is None:
                best_inner = _minimize(runner, inner[0], limits)
            if best_inner.status is Status.OPTIMAL and found.value <= best_inner.value:
                break
        else:
            sub, sub_complete, _ = _frontier(runner, inner, sliced)
            candidates.extend(sub)
            if not sub_complete:
                complete = False
                break
    if not candidates and start.found:
        # time ran out before any slice was minimised: the circuit that minimised the outer
        # axis is still a point, with nothing proven about the inner axes
        bound = bounds.strongest(runner.spec, inner[0], runner.model,
                                 limits.tighten(outer, start.value))
        candidates.append(replace(start, status=Status.FEASIBLE, objective=inner[0],
                                  value=start.metrics.get(inner[0]), lower_bound=bound.value,
                                  lower_bound_source=f"bound: {bound.method}",
                                  bound=bound))
    return _pareto(candidates, axes), complete, True


def _pareto(candidates: list[Result], axes: tuple[str, ...]) -> list[Result]:
    """Candidates whose coordinates no other candidate weakly dominates (first kept on ties)."""
    kept: list[Result] = []
    coords = [tuple(c.metrics.get(a) for a in axes) for c in candidates]
    for i, point in enumerate(coords):
        dominated = any(
            all(o <= p for o, p in zip(other, point)) and (other != point or j < i)
            for j, other in enumerate(coords) if j != i
        )
        if not dominated:
            kept.append(candidates[i])
    return sorted(kept, key=lambda r: tuple(r.metrics.get(a) for a in reversed(axes)))


__all__ += ["AXES"]
