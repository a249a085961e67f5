"""The least-size walk with two decisions at once, each in its own process (two cores)."""

from __future__ import annotations

import time
from multiprocessing.connection import wait

from minckt.core.circuit import Circuit, Metrics
from minckt.core.problem import Limits
from minckt.core.status import Status
from minckt.encode.isolate import IsolatedSession
from minckt.errors import InternalError
from minckt.solve.result import Step, found_pair
from minckt.solve.runner import Runner

__all__ = ["size_walk", "TwoLanes"]


def size_walk(runner: Runner, limits: Limits, lower: int, source: str, cap: int):
    """The upward walk over sizes lower..cap with two decisions at once, each in its own
    process (this machine's two cores).  The last UNSAT step and the first SAT one are the
    two hardest, and symmetry breaks speed the one and slow the other
    (docs/design/searching.md, Boolean bases), so the least open size is decided with every break the user asked for, and the
    next one beside it under the backend's `sat_lane` switches (and its `sat_lane_options`,
    CaDiCaL options instead of the sessions' own), to find a circuit; a lane with nothing
    new to start races an open size under the other setting.  Every decision is the full
    question (each break is sound alone, and options change no answer), so every answer
    counts: the least SAT size all of whose predecessors are UNSAT is the optimum, and
    lanes at or above a SAT size are stopped.  Gives (status, (circuit, metrics) or None,
    lower bound, its source): OPTIMAL, INFEASIBLE (every size up to the cap UNSAT) or
    UNKNOWN (time ran out)."""
    return TwoLanes(runner, limits, lower, source, cap).run()


class TwoLanes:
    """The state of one two-lane walk: the lanes running, the sizes proven UNSAT, the
    circuits found, and the next size not yet started."""

    def __init__(self, runner: Runner, limits: Limits, lower: int, source: str, cap: int
                 ) -> None:
        self.runner, self.limits, self.lower, self.source, self.cap = \
            runner, limits, lower, source, cap
        self.running: dict[tuple[int, bool], tuple[IsolatedSession, Limits, float]] = {}
        self.unsat: set[int] = set()
        self.found: dict[int, tuple[Circuit, Metrics]] = {}
        self.upcoming = lower
        lanes = runner.backend.capabilities
        self.second = lanes.sat_lane  # None: one setting in both lanes
        self.options = lanes.sat_lane_options  # None: the sessions' own

    def proven(self) -> tuple[int, str]:
        """The least size not proven UNSAT, and what proved the sizes below it."""
        low, why = self.lower, self.source
        while low in self.unsat:
            low, why = low + 1, f"solver: size <= {low} UNSAT"
        return low, why

    def stop(self, keep=lambda size: False) -> None:
        for key in [k for k in self.running if not keep(k[0])]:
            self.running.pop(key)[0].close()

    def launch(self, size: int, light: bool) -> None:
        asked = self.limits.with_("size", size)
        setting = (self.second, self.options) if light else (None, None)
        session = self.runner.session(size, *setting)
        if not isinstance(session, IsolatedSession):
            raise InternalError(f"backend {self.runner.backend_name} pipelined in-process")
        session.submit(asked)
        self.running[(size, light)] = (session, asked, time.perf_counter())

    def next_lane(self, low: int, least: int) -> tuple[int, bool] | None:
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
        running, upcoming, second = self.running, self.upcoming, self.second
        if low < least and low < upcoming and not any(size == low for size, _ in running):
            return low, False
        if upcoming <= self.cap and upcoming < least:
            return upcoming, upcoming > low and second is not None
        if second is not None:
            for size, light in sorted(running):
                if (size, not light) not in running:
                    return size, not light
        return None

    def fill(self, low: int) -> None:
        """Start decisions until both lanes run (or nothing is left to start)."""
        least = min(self.found, default=self.cap + 1)
        while len(self.running) < 2:
            lane = self.next_lane(low, least)
            if lane is None:
                return
            size, light = lane
            if size == self.upcoming:
                self.upcoming += 1
            asked = self.limits.with_("size", size)
            if size < 1 or (asked.depth is not None and asked.depth < 1):
                self.runner.steps.append(Step(size, asked, Status.UNSAT, 0.0))
                self.unsat.add(size)
                return
            self.launch(size, light)

    def out_of_time(self) -> None:
        """Log every running size as an UNKNOWN step, and stop the lanes."""
        now = time.perf_counter()
        for size in sorted({size for size, _ in self.running}):
            began = min(start for (other, _), (_, _, start) in self.running.items()
                        if other == size)
            self.runner.steps.append(Step(size, self.limits.with_("size", size),
                                          Status.UNKNOWN, now - began))
        self.stop()

    def collect(self, ready) -> bool:
        """Settle the lanes that answered; False when one ran out of time."""
        for key, (session, asked, _) in sorted(self.running.items()):
            if key not in self.running or session.conn not in ready:
                continue
            answer = session.collect()
            if answer is None:
                continue
            size = key[0]
            self.stop(keep=lambda other: other != size)  # its twin under the other setting
            status, circuit, metrics = self.runner.settle(size, asked, answer, "size")
            if status is Status.SAT:  # (pruning may leave fewer gates than slots)
                circuit, metrics = found_pair(circuit, metrics)
                gates = metrics.size
                self.found[gates] = (circuit, metrics)
                self.stop(keep=lambda other: other < gates)
            elif status is Status.UNSAT:
                self.unsat.add(size)
            else:
                self.stop()
                return False
        return True

    def run(self):
        """(status, (circuit, metrics) or None, lower bound, its source)."""
        try:
            while True:
                low, why = self.proven()
                if low in self.found:
                    return Status.OPTIMAL, self.found[low], low, why
                if low > self.cap:
                    return Status.INFEASIBLE, None, low, why
                self.fill(low)
                if not self.running:
                    continue
                left = self.runner.remaining()
                ready = [] if left is not None and left <= 0 else \
                    wait([session.conn for session, _, _ in self.running.values()], left)
                if not ready:
                    self.out_of_time()
                    return Status.UNKNOWN, None, low, why
                if not self.collect(ready):
                    return Status.UNKNOWN, None, *self.proven()
        finally:
            self.stop()
