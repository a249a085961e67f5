"""Sessions in child processes (`minckt.encode.isolate`): a closed idle session's child serves
the next session inside a `warm` block, a solving one is killed, and no child outlives the
block; the answers are the new session's own."""

from __future__ import annotations

import multiprocessing
import os
import time

from minckt.encode.task import Answer, Task
from minckt.encode.isolate import IsolatedSession, warm
from minckt.core.families import family
from minckt.core.problem import GateModel, Limits
from minckt.core.status import Status
from minckt import minimize


class _Echo:
    """Answers SAT when asked for at least its task's size, with the child's pid; a
    decision with `depth` set sleeps that many seconds first."""

    def __init__(self, task):
        self.size = task.size
        self.stats = {"encode_s": 0.0, "pid": os.getpid(), "size": task.size}

    def decide(self, limits, time_limit):
        if limits.depth:
            time.sleep(limits.depth)
        status = Status.SAT if limits.size >= self.size else Status.UNSAT
        return Answer(status, None, 0.0, stats={"pid": os.getpid(), "size": self.size})


def _task(size: int) -> Task:
    return Task(family("MAJ", 3), size, GateModel(), Limits(size=size), frozenset())


def test_an_idle_child_serves_the_next_session():
    with warm():
        first = IsolatedSession(_Echo, _task(2))
        answer = first.decide(Limits(size=1), 30)
        assert answer.status is Status.UNSAT and answer.stats["size"] == 2
        pid = answer.stats["pid"]
        first.close()
        second = IsolatedSession(_Echo, _task(1))
        answer = second.decide(Limits(size=1), 30)
        # the same process, now with the second task's session and nothing of the first
        assert answer.stats == {"pid": pid, "size": 1} and answer.status is Status.SAT
        assert second.stats["size"] == 1
        second.close()
        assert len(multiprocessing.active_children()) == 1  # waiting for a next session
    assert not multiprocessing.active_children()


def test_a_solving_child_is_killed_and_outside_warm_every_child():
    with warm():
        busy = IsolatedSession(_Echo, _task(1))
        busy.submit(Limits(size=1, depth=30))
        process = busy._process
        busy.close()
        assert not process.is_alive()
        timed_out = IsolatedSession(_Echo, _task(1))
        assert timed_out.decide(Limits(size=1, depth=30), 0.5).status is Status.UNKNOWN
        assert not multiprocessing.active_children()
    plain = IsolatedSession(_Echo, _task(1))
    assert plain.decide(Limits(size=1), 30).status is Status.SAT
    plain.close()
    assert not multiprocessing.active_children()


def test_walks_with_reused_children_find_the_known_optima():
    # least-size walks open a session per size, so children are reused along each walk and
    # from walk to walk; each size's answer must be its own.  Known optima: XOR of 3 takes
    # 6 AND gates (3 per XOR of 2), MAJ of 3 takes 4, CD 4 = x1y1 or x2y2 takes 3; with
    # XOR gates PARITY 4 takes 3; threshold gates of fan-in 3 need 5 for PARITY 4 (percy)
    cases = [("aig", family("PARITY", 3), Limits(), 6), ("aig", family("MAJ", 3), Limits(), 4),
             ("aig", family("CD", 4), Limits(), 3), ("xaig", family("PARITY", 4), Limits(), 3),
             ("threshold", family("PARITY", 4), Limits(fanin=3), 5)]
    with warm():  # one block over all the walks, as a caller's own would be
        for basis, spec, limits, known in cases:
            found = minimize(spec, "size", limits, model=GateModel(basis))
            assert found.status is Status.OPTIMAL and found.value == known, (basis, spec)
    assert not multiprocessing.active_children()
