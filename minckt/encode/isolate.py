"""Sessions in child processes, so that a time limit can stop any SAT solver.

python-sat's CaDiCaL cannot be interrupted in-process.  `IsolatedSession` builds the real
session in a forked child and forwards each decision; when the time limit passes it kills
the child and answers UNKNOWN (never UNSAT).  The next decision re-encodes in a new child.

A child whose session closes while it is idle (its last decision answered) drops the
session and waits, warm, for the next one (`_IDLE`, at most `MAX_IDLE`): a least-size walk
opens a session per size, and a fresh fork pays for the fork and for copying the parent's
pages as the encoding first writes to them (one chain session of CD 6 in XAIG: 42 ms to
encode in a new child, 29 ms in one that had encoded before).  Children wait only inside a
`warm` block (a search is one), which stops them when it ends, so no child outlives a
search; a child that is solving is killed, as before.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Callable, Iterator, Protocol

from minckt.errors import InputError, InternalError
from minckt.lifecycle import child_started
from minckt.core.problem import Limits
from minckt.core.status import Status
from minckt.encode.task import Answer, Task

__all__ = ["ChildSession", "IsolatedSession", "warm"]

_CONTEXT = multiprocessing.get_context("fork")


#: Most children kept waiting for a next session (this machine's two cores).
MAX_IDLE = 2

#: Children waiting for a next session: (process, connection), oldest first.
_IDLE: list[tuple[BaseProcess, Connection]] = []

_RELEASE = "release"

_warm_depth = 0  # `warm` blocks entered and not left


class ChildSession(Protocol):
    """What a child needs of the session it builds: its stats and its decisions."""

    stats: dict

    def decide(self, limits: Limits, time_limit: float | None) -> Answer:
        """Is there a circuit in this session's slots within `limits`?"""
        ...


def _serve(conn: Connection, parent: int, factory: Callable[[Task], ChildSession],
           task: Task) -> None:
    child_started(parent)  # dies with the parent, whatever kills it
    # No cyclic garbage collection in the child: an encoding allocates hundreds of thousands
    # of clause lists, which set off full collections, and a full collection writes to every
    # object the fork shares with the parent, copying its pages (one chain session of CD 6
    # in AIG: 92 ms to encode with the collector, 46 ms without, 42 ms in-process).  What a
    # session frees is freed by reference counting, and a dropped session's cycles by a
    # collection of the youngest generation, where everything since the fork is.
    gc.disable()
    try:
        while True:
            session = factory(task)
            conn.send(("stats", session.stats))
            while True:
                message = conn.recv()
                if message is None:
                    return
                if message == _RELEASE:
                    break
                conn.send(("answer", session.decide(message, None)))
            delete = getattr(getattr(session, "solver", None), "delete", None)
            if callable(delete):
                delete()
            del session, delete
            gc.collect(0)
            message = conn.recv()  # the next session's (factory, task), or None
            if message is None:
                return
            factory, task = message
    except EOFError:
        pass
    except InputError as err:  # a user error stays one
        try:
            conn.send(("input_error", str(err)))
        except (BrokenPipeError, OSError):
            pass
    except BaseException as err:  # report, do not hang the parent
        try:
            conn.send(("error", f"{type(err).__name__}: {err}"))
        except (BrokenPipeError, OSError):
            pass


class IsolatedSession:
    """Forwards `decide` to a session living in a child process."""

    def __init__(self, factory: Callable[[Task], ChildSession], task: Task) -> None:
        self.factory, self.task = factory, task
        self.stats: dict = {"encode_s": 0.0}
        self._encoded = 0.0  # encoding seconds of every child so far (each re-encodes)
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._pending = False  # a decision was sent and its answer not read
        self._answered = False  # an answer was read (so was everything the child sent first)

    def start(self) -> None:
        """Start the child and its encoding, if it is not running: a waiting child's
        (`_IDLE`) when there is one, else a new one."""
        if self._process is None or not self._process.is_alive():
            self.close()
            self._pending = self._answered = False
            while _IDLE:
                process, conn = _IDLE.pop()
                if process.is_alive():
                    try:
                        conn.send((self.factory, self.task))
                    except Exception:  # a closed pipe, or a task that does not pickle
                        _stop(process, conn)
                        continue
                    self._process, self._conn = process, conn
                    return
                _stop(process, conn)
            parent, child = _CONTEXT.Pipe()
            self._process = _CONTEXT.Process(target=_serve,
                                             args=(child, os.getpid(), self.factory, self.task),
                                             daemon=True)
            self._process.start()
            child.close()
            self._conn = parent

    @property
    def conn(self) -> Connection:
        """The pipe to the child (there is one from `start` or `submit` to `close`)."""
        if self._conn is None:
            raise InternalError("the session has no child process: submit a decision first")
        return self._conn

    def submit(self, limits: Limits) -> None:
        """Start deciding `limits` (starting the child and its encoding if needed)."""
        self.start()
        self.conn.send(limits)
        self._pending = True

    def collect(self) -> Answer | None:
        """Read what the child sent; the answer once it has come, else None."""
        while self.conn.poll():
            try:
                kind, payload = self.conn.recv()
            except EOFError:
                self.close()
                raise InternalError("the solver process ended unexpectedly (out of memory?)")
            if kind == "stats":
                self._encoded += payload.get("encode_s", 0.0)
                self.stats = {**payload, "encode_s": self._encoded}
            elif kind == "input_error":
                self.close()
                raise InputError(payload)
            elif kind == "error":
                self.close()
                raise InternalError(f"solver process failed: {payload}")
            else:
                self._pending, self._answered = False, True
                return payload
        return None

    def decide(self, limits: Limits, time_limit: float | None) -> Answer:
        """Forward one decision; UNKNOWN when the limit passes first."""
        started = time.perf_counter()
        deadline = None if time_limit is None else started + time_limit
        self.submit(limits)
        while True:
            left = None if deadline is None else deadline - time.perf_counter()
            if left is not None and left <= 0 or not wait([self.conn], left):
                self.close()
                return Answer(Status.UNKNOWN, None, time.perf_counter() - started)
            answer = self.collect()
            if answer is not None:
                return answer

    def close(self) -> None:
        """Stop the child process, or, when it is idle, leave it waiting for the next
        session (`_IDLE`)."""
        if self._process is not None and self._conn is not None and self._answered \
                and not self._pending and _warm_depth and len(_IDLE) < MAX_IDLE \
                and self._process.is_alive():
            try:
                self._conn.send(_RELEASE)
            except (BrokenPipeError, OSError):
                pass
            else:
                _IDLE.append((self._process, self._conn))
                self._process = self._conn = None
                return
        if self._process is not None:
            _stop(self._process, self._conn)
            self._process = self._conn = None
        elif self._conn is not None:
            self._conn.close()
            self._conn = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def _stop(process: BaseProcess, conn: Connection | None) -> None:
    if process.is_alive():
        process.kill()
    process.join(timeout=5)
    if conn is not None:
        conn.close()


@contextmanager
def warm() -> Iterator[None]:
    """A block in which a closed idle session's child waits for the next session; the
    waiting children are stopped when the outermost block ends."""
    global _warm_depth
    _warm_depth += 1
    try:
        yield
    finally:
        _warm_depth -= 1
        if not _warm_depth:
            while _IDLE:
                _stop(*_IDLE.pop())
