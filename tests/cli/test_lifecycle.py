"""Real processes: a `minckt solve` killed by SIGTERM, SIGINT or SIGKILL leaves no solver
running, keeps the results written before the signal, and exits 143 / 130 (SIGKILL: no
handler runs, and the children still die with their parent)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from minckt import Circuit, Spec
from minckt import verify
from minckt.lifecycle import Interrupted
from proctools import children, running

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc and relies on PR_SET_PDEATHSIG")

INSTANCES = """\
[[instance]]
name = "quick"
truth_table = "0xE8"
n = 3
minimize = "size"

[[instance]]
name = "hard"
function = "IP"
n = 8
minimize = "size"
time_limit = 120
"""


def _kill(pids: list[int]) -> None:
    """Clean up after a failing check, so that a broken build cannot leave spinners."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _solve_until_busy(tmp_path: Path) -> tuple[subprocess.Popen, Path, list[int]]:
    source = tmp_path / "i.toml"
    source.write_text(INSTANCES)
    out = tmp_path / "r.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "minckt.cli", "solve", str(source),
                                "--out", str(out)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        kids = [k for k in children(process.pid) if running(k)]
        if out.exists() and out.read_text().count("\n") == 1 and len(kids) >= 2:
            time.sleep(0.5)  # let the solvers get going
            return process, out, [k for k in children(process.pid)]
        time.sleep(0.1)
    process.kill()
    raise AssertionError("the hard instance never started its solver processes")


@pytest.mark.parametrize("signum,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130),
                                         (signal.SIGKILL, -signal.SIGKILL)])
def test_a_signal_leaves_no_solver_and_keeps_finished_results(tmp_path, signum, code):
    process, out, kids = _solve_until_busy(tmp_path)
    assert kids, "no child process to watch"
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == code, err
    if signum != signal.SIGKILL:
        assert f"interrupted by {signal.Signals(signum).name}" in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    deadline = time.monotonic() + 5
    while any(running(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [k for k in kids if running(k)]
    _kill(survivors)
    assert not survivors, "a solver process outlived minckt"
    (line,) = out.read_text().splitlines()
    record = json.loads(line)
    assert record["name"] == "quick" and record["status"] == "OPTIMAL"
    verify(Spec.from_json(record["spec"]), Circuit.from_json(record["circuit"]))


def test_interrupted_carries_the_shell_exit_code():
    assert Interrupted(signal.SIGTERM).exit_code == 143
    assert Interrupted(signal.SIGINT).exit_code == 130
    assert isinstance(Interrupted(signal.SIGTERM), KeyboardInterrupt)


def test_a_child_dies_when_its_parent_is_killed(tmp_path):
    """`lifecycle.child_started` in a grandchild of the test: kill the middle process with
    SIGKILL (no handler runs) and the grandchild must die too."""
    script = tmp_path / "middle.py"
    script.write_text(
        "import multiprocessing, os, sys, time\n"
        "from minckt.lifecycle import child_started\n"
        "def spin(parent):\n"
        "    child_started(parent)\n"
        "    while True: pass\n"
        "ctx = multiprocessing.get_context('fork')\n"
        "p = ctx.Process(target=spin, args=(os.getpid(),)); p.start()\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(60)\n")
    middle = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    child = int(middle.stdout.readline())
    assert running(child)
    os.kill(middle.pid, signal.SIGKILL)
    middle.wait(timeout=10)
    deadline = time.monotonic() + 5
    while running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    survived = running(child)
    _kill([child])
    assert not survived
