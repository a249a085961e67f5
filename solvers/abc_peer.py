"""ABC (Debian package `berkeley-abc`) as a peer: its exact-synthesis commands.

* ``aig``: ``exact -a <hex>`` (Soeken's BMS) searches the least number of AND nodes bottom-up
  and leaves the AIG in the &-space; ``&put; write_bench`` writes it with ``LUT 0xH (f0, f1)``
  lines, the first fanin the least significant bit (`bench_format`).  ``-C 0`` removes the
  conflict limit, so the answer is optimal; the time limit kills the process.
* ``xaig`` (every 2-input function, inverters free): ``twoexact -I n -N k <hex>`` decides one
  k; `minimal_size` asks k = n - 1, n, ...  Its printout lists each gate as
  ``06 = 4'b0110( 04 05 )``, bits most significant first, bit i being the output on the
  local row i = 2·p + q for the operands (p, q) in printed order; inputs are letters a, b, ...
  (a = x1), gates two-digit numbers, the highest node the output.  (`exact` without ``-a``
  writes networks with swapped fanins in this build, so it is not used.)

ABC's hex has x1 as the least significant bit of the row index, as minckt's does.  Its exit
code is 0 even on errors, so the output is parsed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.errors import InputError
from minckt.core.spec import Spec

from .peer import PeerAnswer

NAME = "abc"
BASES = {"aig", "xaig"}
INSTALL = "apt install berkeley-abc"
PROGRAMS = ("berkeley-abc", "abc")


def program() -> str | None:
    """The ABC executable on PATH, if any."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> str | None:
    """None when ABC is on PATH, else why not."""
    if program() is None:
        return f"ABC is not installed (no {' or '.join(PROGRAMS)} on PATH); install it with: " \
               f"{INSTALL}"
    return None


def version() -> str:
    done = subprocess.run([program(), "-c", "version"], capture_output=True, text=True,
                          timeout=30, check=False)
    match = re.search(r"ABC [0-9.]+ \(compiled [^)]*\)", done.stdout)
    return match.group(0) if match else "unknown"


def hex_table(spec: Spec) -> str:
    """The single output's table in ABC's hex: 2^n / 4 digits (at least one), no 0x."""
    digits = max(1, (1 << spec.n) // 4)
    return f"{spec.outputs[0]:0{digits}X}"


def _run(command: str, time_limit: float, cwd: str) -> str | None:
    """ABC's output, or None when the time limit killed it."""
    try:
        done = subprocess.run([program(), "-c", command], capture_output=True, text=True,
                              timeout=max(time_limit, 0.1), cwd=cwd, check=False)
    except subprocess.TimeoutExpired:
        return None
    return done.stdout + done.stderr


def minimal_size(spec: Spec, basis: str, time_limit: float) -> PeerAnswer:
    """The least number of gates ABC finds for `spec` in `basis`."""
    if basis not in BASES:
        raise InputError(f"abc: basis {basis!r} not offered; it has {', '.join(sorted(BASES))}")
    return _aig(spec, time_limit) if basis == "aig" else _xaig(spec, time_limit)


def _aig(spec: Spec, time_limit: float) -> PeerAnswer:
    from .bench_format import parse_bench

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="minckt-abc-") as folder:
        command = f"exact -a -C 0 {hex_table(spec)}; &put; write_bench out.bench"
        output = _run(command, time_limit, folder)
        bench = Path(folder) / "out.bench"
        elapsed = time.perf_counter() - started
        if output is None or not bench.exists():
            return PeerAnswer(NAME, "UNKNOWN", None, elapsed, None, output or "")
        text = bench.read_text()
    parsed = parse_bench(text, "abc write_bench")
    size = len(parsed.circuit.gates)  # exact -a searches bottom-up: k - 1 was refuted
    return PeerAnswer(NAME, "OPTIMAL", size, elapsed, parsed.circuit, text, lower_bound=size)


_GATE = re.compile(r"^\s*(\d+)\s*=\s*4'b([01]{4})\(\s*(\S+)\s+(\S+)\s*\)\s*$")


def parse_twoexact(output: str, n: int) -> Circuit | None:
    """The circuit of a ``twoexact`` printout (None when it has no "Realization")."""
    if "Realization" not in output:
        return None
    lines = output.split("Realization", 1)[1].splitlines()[1:]
    found = []
    for line in lines:
        match = _GATE.match(line)
        if match:
            found.append(match.groups())
        elif found:
            break
    if not found:
        raise InputError("abc twoexact: a Realization without gates")

    def name(token: str) -> str:
        if token.isalpha():
            return input_name(ord(token) - ord("a"))
        return f"g{int(token)}"

    gates = []
    for node, bits, first, second in sorted(found, key=lambda g: int(g[0])):
        printed = [int(b) for b in reversed(bits)]  # printed[i]: output on row i = 2p + q
        table = 0
        for p in (0, 1):
            for q in (0, 1):
                table |= printed[2 * p + q] << (p + 2 * q)  # minckt: first source = LSB
        gates.append(Gate(f"g{int(node)}", ((name(first), 1), (name(second), 1)),
                          kind="boolean", table=table))
    return Circuit(n, tuple(gates), (gates[-1].id,))


def _xaig(spec: Spec, time_limit: float) -> PeerAnswer:
    started = time.perf_counter()
    lower = None
    with tempfile.TemporaryDirectory(prefix="minckt-abc-") as folder:
        for k in range(max(1, spec.n - 1), 4 * (1 << spec.n)):
            left = time_limit - (time.perf_counter() - started)
            if left <= 0:
                break
            output = _run(f"twoexact -I {spec.n} -N {k} {hex_table(spec)}", left, folder)
            if output is None:
                break
            if "Error" in output:
                return PeerAnswer(NAME, "UNKNOWN", None, time.perf_counter() - started, None,
                                  output)
            circuit = parse_twoexact(output, spec.n)
            if circuit is not None:
                return PeerAnswer(NAME, "OPTIMAL", k, time.perf_counter() - started, circuit,
                                  output, lower_bound=k)
            lower = k + 1
    return PeerAnswer(NAME, "UNKNOWN", None, time.perf_counter() - started, None, "",
                      lower_bound=lower)
