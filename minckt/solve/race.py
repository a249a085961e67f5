"""Racing one decision against its restrictions and its twin, each in its own process.

With a backend whose capabilities say it races probes, and 5 inputs or more, each decision is
raced in a second process against restrictions whose circuits are circuits of the question,
in turn: the tied one (symmetric inputs share a weight, `minckt.encode.symmetry.tied_spec`),
then the backend's own (small weights).  The first SAT wins; only the full search's UNSAT is
ever used.  Once the probes are done the backend's twin (`Backend.race_twin`: the full
question under other symmetry switches) takes that process, and its UNSAT counts as much as
the full search's.
"""

from __future__ import annotations

import time
from dataclasses import replace
from multiprocessing.connection import wait

from minckt.core.problem import Limits
from minckt.core.status import Status
from minckt.encode.isolate import IsolatedSession
from minckt.encode.registry import get_backend
from minckt.encode.symmetry import tied_spec
from minckt.encode.task import Answer, Task
from minckt.errors import InternalError

__all__ = ["race", "probe_sessions", "probe_tasks"]


def probe_tasks(runner, size: int) -> list[tuple[str, Task]]:
    """The restrictions raced against the full search for `size` slots, in the order
    they take the second core: the tied one when the spec has symmetric inputs, then
    the backend's own (small weights)."""
    tasks = []
    if runner.ties:
        # no_trivial compares gates with inputs on the care rows only, and on the
        # representative rows a gate can equal an input it differs from elsewhere
        params = replace(runner.params, symmetry={**runner.params.symmetry,
                                                "no_trivial": False})
        tasks.append(("tied", replace(runner.task(tied_spec(runner.spec, runner.ties), size,
                                                 params), ties=runner.ties)))
    own = runner.backend.probe(runner.task(runner.spec, size, runner.params))
    if own is not None:
        tasks.append(("small weights", own))
    return tasks

def probe_sessions(runner, size: int) -> list[IsolatedSession]:
    """The probes' sessions for `size` slots (empty: nothing to race)."""
    size = runner.slots(size)
    if size not in runner.probes:
        runner.probes[size] = []
        # a backend may race its probes on another backend (lazy: the tied CNF one)
        opener = get_backend(runner.backend.capabilities.probe_backend or runner.backend_name)
        for kind, task in probe_tasks(runner, size):
            probe = opener.open(task)
            if not isinstance(probe, IsolatedSession):
                raise InternalError(f"backend {runner.backend_name} raced a probe in-process")
            runner.probes[size].append(probe)
            if kind not in runner.probe_kinds:
                runner.probe_kinds.append(kind)
    return runner.probes[size]

def race(runner, size: int, limits: Limits) -> Answer | None:
    """The full decision raced against the probes, each in its own process (this
    machine's two cores): the probes take the second core in turn, the next when one
    answers UNSAT; the first SAT wins, and only the full search's UNSAT counts.  Once
    the probes are done, the backend's twin (`Backend.race_twin`: the full question under other
    symmetry switches, each break being sound alone) takes the second core, and its
    answer, SAT or UNSAT, counts like the full search's.  None when there is neither a
    probe nor a twin for these slots."""
    full = runner.session(size)
    queue = list(probe_sessions(runner, size))
    if not queue and runner.twin is None or not isinstance(full, IsolatedSession):
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
        elif runner.twin is not None:
            twin = made = runner.session(size, runner.twin)
            made.submit(limits)
            waiting[made.conn] = made

    def stop(*sessions) -> None:
        for session in sessions:
            if session is not None:
                session.close()

    next_probe()
    while True:
        left = runner.remaining()
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
                    runner.probe_wins += 1
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
                    runner.twin_wins += 1
                    answer = replace(answer, time_s=time.perf_counter() - started,
                                     stats={**answer.stats, "twin": True})
                return answer
