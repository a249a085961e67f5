"""A session in a child process, so that a time limit can stop any SAT solver.

python-sat's CaDiCaL cannot be interrupted in-process.  `IsolatedSession` builds the real
session in a forked child and forwards each decision; when the time limit passes it kills
the child and answers UNKNOWN (never UNSAT).  The next decision re-encodes in a new child.
"""

from __future__ import annotations

import multiprocessing
import time
from typing import Callable

from ..problem import Limits
from ..result import Status
from . import Answer, Session, Task

__all__ = ["IsolatedSession"]

_CONTEXT = multiprocessing.get_context("fork")


def _serve(conn, factory: Callable[[Task], Session], task: Task) -> None:
    try:
        session = factory(task)
        conn.send(("stats", session.stats))
        while True:
            message = conn.recv()
            if message is None:
                break
            limits = message
            conn.send(("answer", session.decide(limits, None)))
    except EOFError:
        pass
    except BaseException as err:  # report, do not hang the parent
        try:
            conn.send(("error", f"{type(err).__name__}: {err}"))
        except (BrokenPipeError, OSError):
            pass


class IsolatedSession:
    """Forwards `decide` to a session living in a child process."""

    def __init__(self, factory: Callable[[Task], Session], task: Task) -> None:
        self.factory, self.task = factory, task
        self.stats: dict = {"encode_s": 0.0}
        self._process = None
        self._conn = None
        self._started = False

    def _start(self) -> None:
        parent, child = _CONTEXT.Pipe()
        self._process = _CONTEXT.Process(target=_serve, args=(child, self.factory, self.task),
                                         daemon=True)
        self._process.start()
        child.close()
        self._conn = parent
        self._started = False

    def _receive(self, deadline: float | None):
        wait = None if deadline is None else max(0.0, deadline - time.perf_counter())
        if not self._conn.poll(wait):
            return None
        try:
            return self._conn.recv()
        except EOFError:
            return ("error", "the solver process ended unexpectedly (out of memory?)")

    def decide(self, limits: Limits, time_limit: float | None) -> Answer:
        """Forward one decision; UNKNOWN when the limit passes first."""
        started = time.perf_counter()
        deadline = None if time_limit is None else started + time_limit
        if self._process is None or not self._process.is_alive():
            self._start()
        if not self._started:
            message = self._receive(deadline)
            if message is None:
                self.close()
                return Answer(Status.UNKNOWN, None, time.perf_counter() - started,
                              {"note": "time ran out while encoding"})
            if message[0] == "error":
                self.close()
                from ..errors import InternalError
                raise InternalError(f"solver process failed: {message[1]}")
            self.stats = dict(message[1])
            self._started = True
        self._conn.send(limits)
        message = self._receive(deadline)
        if message is None:
            self.close()
            return Answer(Status.UNKNOWN, None, time.perf_counter() - started)
        if message[0] == "error":
            self.close()
            from ..errors import InternalError
            raise InternalError(f"solver process failed: {message[1]}")
        return message[1]

    def close(self) -> None:
        """Stop the child process."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=5)
            self._process = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._started = False

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
