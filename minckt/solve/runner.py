"""The shared state of one search call: backend, deadline, sessions per size, step log."""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import replace
from typing import Mapping

import numpy as np

from minckt.core.circuit import Circuit, Metrics
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.core.spec import Spec
from minckt.core.status import Status
from minckt.encode.choose import AUTO_CPSAT_MAX_INPUTS, resolve_backend
from minckt.encode.isolate import IsolatedSession
from minckt.encode.registry import get_backend
from minckt.encode.symmetry import symmetric_classes
from minckt.encode.task import Answer, Session, Task
from minckt.errors import InputError, InternalError
from minckt.solve.caps import CLAMPED
from minckt.solve.finish import checked
from minckt.solve.race import race
from minckt.solve.result import Step

__all__ = ["Runner", "CEGAR_BATCH"]


#: Counterexample rows added per CEGAR round.
CEGAR_BATCH = 4

#: Each solver step of a search is logged here at INFO (a long library call's progress:
#: ``logging.basicConfig(level=logging.INFO)`` in a notebook shows it).
LOG = logging.getLogger("minckt.search")

#: The tied probe's symmetric inputs are looked for (about n^2/4 row maps of the whole
#: table: a second at 20 inputs) only on tables of at most TIED_QUICK_ROWS rows, or with a
#: time limit of TIED_MIN_S seconds or more (or none).
TIED_QUICK_ROWS = 1 << 16
TIED_MIN_S = 30.0

#: The out-of-time construction may run this share of the time limit past it, and at least
#: FALLBACK_FLOOR_S (the whole answer stays within the limit + 10% + 0.5 s).
FALLBACK_SHARE = 0.05
FALLBACK_FLOOR_S = 0.3

#: Seconds per 2^20 rows the search leaves before the limit for what follows it (a step's
#: last clauses, the out-of-time construction verified on every row, the record), at most
#: RESERVE_SHARE of the limit: nothing on small tables, 2.5 s at 20 inputs.
RESERVE_PER_MEGAROW_S = 2.5
RESERVE_SHARE = 0.5


def reserve(rows: int, time_limit: float) -> float:
    """Seconds the search of a table of `rows` rows stops before `time_limit`."""
    return min(RESERVE_SHARE * time_limit, RESERVE_PER_MEGAROW_S * rows / (1 << 20))


class Runner:
    """Shared state of one search call: backend, deadline, sessions per size, step log."""

    def __init__(self, spec: Spec, model: GateModel, params: SearchParams, limits: Limits,
                 axes: set[str], started: float | None = None) -> None:
        self.spec, self.model, self.params, self.base = spec, model, params, limits
        self.backend_name = resolve_backend(params.backend, model, spec, limits, axes)
        self.backend = get_backend(self.backend_name)
        kinds = self.backend.capabilities.gate_kinds
        if model.kind not in kinds:
            raise InputError(f"backend {self.backend_name!r} does not handle {model.kind} gates; "
                             f"it handles {', '.join(sorted(kinds))}")
        self.axes = frozenset((axes | set(limits.bounded())) - {"size"})
        # the time limit counts from the call (`started`): what ran before the search (the
        # bounds, the caps) is spent from it
        self.started = time.perf_counter() if started is None else started
        self.deadline = None if params.time_limit is None else \
            self.started + params.time_limit - reserve(spec.num_rows, params.time_limit)
        self.sessions: dict[int | tuple, Session] = {}  # by size (and row set, or lane)
        self.steps: list[Step] = []
        self.encode_s = 0.0
        self.encoding: dict[int, dict] = {}
        self.sizes_encoded: set[int] = set()
        self.cegar_rounds = 0
        # racing: a backend whose capabilities say it races probes has cheaper restrictions
        # of a task searched in a second process beside the full search (`minckt.solve.race`:
        # the tied restriction of symmetric inputs, the backend's own `probe`); not below 5
        # inputs, where the full search answers in milliseconds, less than a second process
        # costs
        self.racing = self.backend.capabilities.races_probes and not params.cegar \
            and spec.n > AUTO_CPSAT_MAX_INPUTS
        self.probes: dict[int, list[IsolatedSession]] = {}
        self.probe_wins = 0
        self.twin_wins = 0
        # the backend's twin (`race_twin`) where the user set none of its switches
        twin = self.backend.race_twin(model)
        self.twin: dict[str, bool] | None = None if twin is None or all(
            name in params.symmetry for name in twin) else twin
        self.probe_kinds: list[str] = []  # of the probes opened
        self.ties: tuple[tuple[int, ...], ...] = ()
        if self.racing and params.tied_probe and (
                params.time_limit is None or params.time_limit >= TIED_MIN_S
                or spec.num_rows <= TIED_QUICK_ROWS):
            self.ties = symmetric_classes(spec)
        self.rows: set[int] | None = None
        self.notes: set[str] = set()  # said of every result of this search
        if params.cegar:
            care = spec.care_rows
            start = np.linspace(0, len(care) - 1, num=min(len(care), 2 * spec.n + 2))
            self.rows = {int(care[int(i)]) for i in start}

    def fallback_deadline(self) -> float | None:
        """When the out-of-time construction must stop trying: a share of the limit past
        it (FALLBACK_SHARE of it, at least FALLBACK_FLOOR_S), and FALLBACK_FLOOR_S from now
        at least (a search that ran late still gets its quick constructions); the search
        stopped `reserve` seconds before the limit to leave it that time."""
        if self.params.time_limit is None:
            return None
        limit = self.params.time_limit
        return max(self.started + limit + max(FALLBACK_FLOOR_S, FALLBACK_SHARE * limit),
                   time.perf_counter() + FALLBACK_FLOOR_S)

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

    def session(self, size: int, switches: Mapping[str, bool] | None = None,
                options: Mapping[str, int] | None = None) -> Session:
        """The session deciding `size` slots (`switches`: a second one with these symmetry
        switches where the user set none, and with the CaDiCaL `options` instead of the
        session's own, which `size_walk` races beside the first)."""
        size = self.slots(size)
        spec = self.spec if self.rows is None else self._row_spec(self.rows)
        key: int | tuple = size if self.rows is None else (size, spec.care)
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
            task = self.task(spec, size, params)
            if lane_options is not None:
                task = replace(task, solver_options=lane_options)
            self.sessions[key] = self.backend.open(task)
            self.sizes_encoded.add(size)
        return self.sessions[key]

    def slots(self, size: int) -> int:
        """The slot count of an encoding for circuits of `size` gates: `size`, or in a
        layered network the layers' sum (size is then counted over used slots)."""
        return size if self.base.layers is None else sum(self.base.layers)

    def _row_spec(self, rows: set[int]) -> Spec:
        mask = 0
        for row in rows:
            mask |= 1 << int(row)
        return Spec(n=self.spec.n, outputs=self.spec.outputs, care=mask, name=self.spec.name)

    def _counterexamples(self, circuit: Circuit, limits: Limits, rows: set[int]) -> list[int]:
        """Care rows (not yet in the CEGAR set) where the circuit is wrong or too energetic."""
        care = self.spec.care_rows
        values = circuit.gate_values(care)
        index = {g.id: j for j, g in enumerate(circuit.gates)}
        got = np.stack([values[index[o]] > 0 for o in circuit.outputs])
        bad = (got != self.spec.values[:, care]).any(axis=0)
        if limits.energy is not None:
            bad |= (values > 0).sum(axis=0) > limits.energy
        return [int(r) for r in care[bad] if int(r) not in rows][:CEGAR_BATCH]

    def task(self, spec: Spec, size: int, params: SearchParams) -> Task:
        """The encoding task of `size` slots for `spec` under this search's limits."""
        size = self.slots(size)
        return Task(spec, size, self.model, self.base.with_("size", size), self.axes, params)

    def _decide(self, size: int, limits: Limits) -> Answer:
        """One backend decision; with CEGAR, on a growing set of rows until the circuit
        found is right on every care row (UNSAT on a subset is UNSAT on all rows)."""
        if self.racing:
            raced = race(self, size, limits)
            if raced is not None:
                return raced
        while True:
            answer = self.session(size).decide(limits, self.remaining())
            if self.rows is None or answer.status is not Status.SAT or answer.circuit is None:
                return answer  # (`settle` refuses a SAT answer without a circuit)
            missing = self._counterexamples(answer.circuit, limits, self.rows)
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
                self.task(self.spec, size, self.params).weight_clamped:
            answer = replace(answer, status=Status.UNKNOWN)  # no proof beyond the clamp
            self.notes.add(CLAMPED)
        circuit = metrics = None
        if answer.status is Status.SAT:
            if answer.circuit is None:
                raise InternalError(f"backend {self.backend_name} answered SAT without a circuit")
            circuit, metrics = checked(answer.circuit, self.spec, limits, self.model,
                                       self.params, objective, notes=self.notes)
        value = metrics.get(objective) if metrics is not None and objective else None
        conflicts = answer.stats.get("conflicts")
        self.steps.append(Step(size, limits, answer.status, answer.time_s, value,
                               None if conflicts is None else int(conflicts)))
        if LOG.isEnabledFor(logging.INFO):  # every step passes here: format only if shown
            LOG.info("%s: %d slot(s), %s: %s in %.2f s%s (%.1f s since the call)",
                     self.spec.name or "spec", size,
                     ", ".join(f"{a} <= {limits.get(a)}" for a in limits.bounded()),
                     answer.status.value, answer.time_s,
                     "" if value is None else f", {objective} {value}", self.elapsed())
        return answer.status, circuit, metrics

    @property
    def pipelined(self) -> bool:
        """Whether a least-size walk decides two sizes at once (`size_walk`): on a backend
        that says its sessions are worth it, when nothing else takes the second core."""
        return self.backend.capabilities.pipelined and not self.racing \
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
        session.close()

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
        extra: dict[str, object] = {} if self.rows is None else {"cegar_rounds": self.cegar_rounds,
                                              "cegar_rows": len(self.rows)}
        if self.racing:
            extra["probe_wins"] = self.probe_wins
            if self.twin is not None:
                extra["twin_wins"] = self.twin_wins
            extra["probe"] = ", ".join(self.probe_kinds) or "none"
        return {**extra, "encode_s": round(self.encode_s, 4), "solver_calls": len(self.steps),
                "sizes_encoded": sorted(self.sizes_encoded),
                "encodings": {str(k): v for k, v in sorted(self.encoding.items())}}
