"""Time limits that hold at 20 inputs: every question kind (decide, size, energy, depth,
frontier; threshold, ReLU, AIG) on a 2^20-row table under a 1 s limit ends within the
limit's budget, with a right answer or none (UNKNOWN / FEASIBLE with a verified circuit),
and the command line's whole process stays under 2 GB.

The budget asserted is twice the documented one (limit + 10% + 0.5 s) so a loaded test
machine does not fail it; the benchmark records the real figures.  Before this, the same
questions ran 8 to 47 s, and one asked for a 461 GiB array."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

import minckt
from minckt import GateModel, Limits, SearchParams, family
from minckt.verify.check import verify

LIMIT = 1.0
BUDGET = 2 * (LIMIT * 1.1 + 0.5)
PARAMS = SearchParams(time_limit=LIMIT)


@pytest.fixture(scope="module", autouse=True)
def warm():
    """The solver modules imported and a child forked once: the first call's imports are
    the process's start, not the question's time."""
    minckt.decide(family("PARITY", 3), Limits(size=2), params=PARAMS)


QUESTIONS = {
    "decide CD": (("CD", {}), lambda s: minckt.decide(s, Limits(size=3, depth=2),
                                                      params=PARAMS)),
    "least size RANDOM": (("RANDOM", {"seed": 1}),
                          lambda s: minckt.minimize(s, "size", params=PARAMS)),
    "least energy CD": (("CD", {}), lambda s: minckt.minimize(
        s, "energy", Limits(size=3, depth=2), params=PARAMS)),
    "least depth PARITY": (("PARITY", {}),
                           lambda s: minckt.minimize(s, "depth", params=PARAMS)),
    "frontier CD": (("CD", {}), lambda s: minckt.frontier(s, ["depth", "energy"],
                                                          params=PARAMS)),
    "least size MAJ in AIG": (("MAJ", {}), lambda s: minckt.minimize(
        s, "size", model=GateModel("aig"), params=PARAMS)),
    "least size IP in ReLU": (("IP", {}), lambda s: minckt.minimize(
        s, "size", model=GateModel("relu", 2), params=PARAMS)),
}


@pytest.mark.parametrize("name", list(QUESTIONS))
def test_twenty_inputs_within_a_one_second_limit(name):
    (kind, params), ask = QUESTIONS[name]
    spec = family(kind, 20, **params)
    started = time.perf_counter()
    result = ask(spec)
    elapsed = time.perf_counter() - started
    assert elapsed <= BUDGET, f"{name}: {elapsed:.2f} s on a {LIMIT} s limit"
    answers = result.points if isinstance(result, minckt.Frontier) else (result,)
    assert result.status.value in ("UNKNOWN", "FEASIBLE", "SAT")
    for answer in answers:  # whatever came back is right
        if answer.circuit is not None:
            verify(spec, answer.circuit, answer.limits, answer.model)


def test_the_command_line_keeps_time_and_memory_at_twenty_inputs(tmp_path):
    """The case that asked for 461 GiB: CD 20, least energy at 3 gates and depth 2."""
    script = ("import resource, sys; from minckt.cli import main; "
              "code = main(sys.argv[1:]); "
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
              "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, "solve", "CD", "--n", "20", "--minimize", "energy",
         "--size", "3", "--depth", "2", "--time-limit", str(LIMIT), "-q", "--out",
         str(tmp_path / "out.jsonl")], capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    own, children = (int(v) for v in done.stdout.split()[-2:])
    assert max(own, children) < 2 * 1024 * 1024  # KiB: under 2 GB each
    # process start included: imports and the 2^20-row table come on top of the budget
    assert elapsed <= BUDGET + 2.0, f"{elapsed:.2f} s"
