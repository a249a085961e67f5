"""Sessions in child processes, so that a time limit can stop any SAT solver.

python-sat's CaDiCaL cannot be interrupted in-process.  `IsolatedSession` builds the real
session in a forked child and forwards each decision; when the time limit passes it kills
the child and answers UNKNOWN (never UNSAT).  The next decision re-encodes in a new child.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from multiprocessing.connection import wait
from typing import Callable

from ..errors import InputError, InternalError
from ..lifecycle import child_started
from ..problem import Limits
from ..result import Status
from . import Answer, Session, Task

__all__ = ["IsolatedSession"]

_CONTEXT = multiprocessing.get_context("fork")


def _serve(conn, parent: int, factory: Callable[[Task], Session], task: Task) -> None:
    child_started(parent)  # dies with the parent, whatever kills it
    # No cyclic garbage collection in the child: an encoding allocates hundreds of thousands
    # of clause lists, which set off full collections, and a full collection writes to every
    # object the fork shares with the parent, copying its pages (one chain session of CD 6
    # in AIG: 92 ms to encode with the collector, 46 ms without, 42 ms in-process).  The
    # child lives for one session; what it frees is freed by reference counting.
    gc.disable()
    try:
        session = factory(task)
        conn.send(("stats", session.stats))
        while True:
            message = conn.recv()
            if message is None:
                break
            conn.send(("answer", session.decide(message, None)))
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

    def __init__(self, factory: Callable[[Task], Session], task: Task) -> None:
        self.factory, self.task = factory, task
        self.stats: dict = {"encode_s": 0.0}
        self._encoded = 0.0  # encoding seconds of every child so far (each re-encodes)
        self._process = None
        self.conn = None

    def start(self) -> None:
        """Start the child and its encoding, if it is not running."""
        if self._process is None or not self._process.is_alive():
            self.close()
            parent, child = _CONTEXT.Pipe()
            self._process = _CONTEXT.Process(target=_serve,
                                             args=(child, os.getpid(), self.factory, self.task),
                                             daemon=True)
            self._process.start()
            child.close()
            self.conn = parent

    def submit(self, limits: Limits) -> None:
        """Start deciding `limits` (starting the child and its encoding if needed)."""
        self.start()
        self.conn.send(limits)

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
        """Stop the child process."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=5)
            self._process = None
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
