"""Signals and child processes: no solver outlives minckt, and a signal stops it cleanly.

* Every child process minckt forks (CNF sessions, certification) calls `child_started` first:
  Linux kills it when its parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``), whatever
  killed the parent -- SIGKILL included, which no handler sees -- and it exits at once when
  the parent is already gone.  It ignores SIGINT, so a Ctrl-C to the terminal's process group
  reaches the parent alone, which then stops its children.
* `install_handlers` (called by the command line) turns SIGINT and SIGTERM into
  `Interrupted`, raised in the main thread, so that every ``finally`` runs: sessions close
  and kill their children, result files are flushed.  A native solver call blocks the main
  thread, so Python would run the handler only after it returns; a watcher thread woken by
  ``signal.set_wakeup_fd`` calls the `stoppable` callbacks registered around such calls
  (CP-SAT's ``stop_search``), and the handler runs as soon as the call returns.
* CP-SAT is told not to catch SIGINT itself (``catch_sigint_signal = False``): when it does,
  it leaves the default handler installed after its first solve, and the next Ctrl-C kills
  the process without any clean-up.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

__all__ = ["Interrupted", "child_started", "install_handlers", "stoppable"]

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; `exit_code` is 128 + the signal number (130, 143)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.exit_code = 128 + signum


def child_started(parent: int) -> None:
    """Call first in a forked child of process `parent`: die with it, leave SIGINT to it."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:  # the parent's wakeup pipe is not the child's to write
        signal.set_wakeup_fd(-1)
    except ValueError:  # forked from a thread other than the main one
        pass


_lock = threading.Lock()
_stoppers: list[Callable[[], None]] = []


@contextmanager
def stoppable(stop: Callable[[], None]) -> Iterator[None]:
    """Register `stop` for the duration of a blocking native call: a signal calls it."""
    with _lock:
        _stoppers.append(stop)
    try:
        yield
    finally:
        with _lock:
            _stoppers.remove(stop)


def _raise(signum: int, frame) -> None:
    raise Interrupted(signum)


def _watch(fd: int) -> None:
    while True:
        try:
            data = os.read(fd, 64)
        except OSError:
            return
        if not data:
            return
        with _lock:
            stoppers = list(_stoppers)
        for stop in stoppers:
            try:
                stop()
            except Exception:  # noqa: BLE001 -- a finished solver may refuse; nothing to stop
                pass


_installed = False


def install_handlers() -> None:
    """SIGINT and SIGTERM raise `Interrupted` in the main thread and stop native solver
    calls at once (module docstring).  Call from the main thread; idempotent."""
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGINT, _raise)
    signal.signal(signal.SIGTERM, _raise)
    read, write = os.pipe()
    os.set_blocking(write, False)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    threading.Thread(target=_watch, args=(read,), name="minckt-signals", daemon=True).start()
    _installed = True
