"""What the verbs of the command line share: the results table, the checks of the numeric
flags, --only, and the output file of --out."""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TextIO

from minckt.errors import InputError

if TYPE_CHECKING:  # the library is imported where a verb needs it (start-up)
    from minckt.io.records import Instance
    from minckt.solve.result import Frontier, Result

__all__ = ["EXIT_UNKNOWN", "Progress", "function_values", "CIRCUIT_FORMATS", "circuit_file", "COLUMNS", "WIDTHS", "row", "task_label", "result_rows", "stored_row", "short",
           "MAX_TIME_LIMIT", "MAX_WORKERS", "check_time_limit", "check_workers", "select",
           "same_file", "Sink", "made_dir"]

#: The exit status of `minckt solve --strict` when some answer is UNKNOWN (0 success, 2 a user
#: error, 3 an internal error, 130/143 interrupted are taken).
EXIT_UNKNOWN = 4

#: The formats of ``minckt solve --circuit-format``, each with its file suffix.
CIRCUIT_FORMATS = {"json": ".json", "blif": ".blif", "aag": ".aag", "aig": ".aig",
                   "bench": ".bench", "verilog": ".v", "dot": ".dot"}


def circuit_file(circuit, kind: str) -> str | bytes:
    """`circuit` in the format `kind` of `CIRCUIT_FORMATS`."""
    import json

    if kind == "json":
        return json.dumps(circuit.to_json(), indent=1) + "\n"
    if kind in ("aag", "aig"):
        return circuit.to_aiger(binary=kind == "aig")
    return {"blif": circuit.to_blif, "bench": circuit.to_bench,
            "verilog": circuit.to_verilog, "dot": circuit.to_dot}[kind]()


COLUMNS = ("name", "status", "task", "value", "lower bound", "size", "depth", "energy",
           "weight", "time s")
WIDTHS = (24, 10, 16, 6, 24, 5, 6, 7, 7, 8)


def row(cells: Sequence[object]) -> str:
    """One line of the results table, each cell padded to its column's width.  A number is
    never cut (a wider one pushes the rest of its row right); a longer text is cut with "…"
    at the end, so a cut is always visible."""
    parts = []
    for cell, width in zip(cells, WIDTHS):
        text = str(cell)
        if len(text) > width and not isinstance(cell, (int, float)):
            text = text[:width - 1] + "…"
        parts.append(f"{text:<{width}}")
    return "  ".join(parts).rstrip()


def task_label(instance: Instance) -> str:
    if instance.axes:
        return "frontier " + "/".join(instance.axes)
    return f"min {instance.objective}" if instance.objective else "decide"


def result_rows(instance: Instance, result: Result | Frontier) -> list[str]:
    """The table rows of an answer: one, or a frontier's line and one per point."""
    from minckt.solve.result import Frontier

    if isinstance(result, Frontier):
        rows = [row([instance.name, result.status.value, task_label(instance), "", "",
                     "", "", "", "", f"{result.time_s:.2f}"])]
        for point in result.points:
            size, depth, energy, weight = (point.measured(a) for a in
                                           ("size", "depth", "energy", "weight"))
            coords = ",".join(str(point.measured(a)) for a in result.axes)
            rows.append(row(["  point", point.status.value, f"({coords})", "", "",
                             size, depth, energy, weight, ""]))
        return rows
    m = result.metrics
    bound = "" if result.lower_bound is None else f"{result.lower_bound} ({short(result)})"
    cells = [instance.name, result.status.value, task_label(instance),
             "" if result.value is None else result.value, bound,
             *(("", "", "", "") if m is None else (m.size, m.depth, m.energy, m.weight)),
             f"{result.time_s:.2f}"]
    return [row(cells)]


def stored_row(instance: Instance, record: dict) -> str:
    """The table row of a result read back from the store."""
    metrics = record.get("metrics") or {}
    bound = record.get("lower_bound")
    cells = [instance.name, record.get("status", ""), task_label(instance),
             "" if record.get("value") is None else record["value"],
             "" if bound is None else f"{bound} (stored)",
             *(metrics.get(a, "") for a in ("size", "depth", "energy", "weight")), "stored"]
    return row(cells)


def short(result: Result) -> str:
    """Where a lower bound came from, in a word: the solver, or a proven bound."""
    source = result.lower_bound_source or ""
    return "solver" if source.startswith("solver") else "bound"


#: Ranges of the numeric flags (the same as an instance file's keys, `instances.MAXIMA`).
MAX_TIME_LIMIT = 1e6
MAX_WORKERS = 256


def check_time_limit(flag: str, value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and 0 < value <= MAX_TIME_LIMIT):
        raise InputError(f"{flag} {value!r}: expected seconds in (0, {MAX_TIME_LIMIT:.0e}] "
                         f"({MAX_TIME_LIMIT:.0e} s is about 11.6 days)")


def check_workers(value: int | None) -> None:
    if value is not None and not 1 <= value <= MAX_WORKERS:
        raise InputError(f"--workers {value}: expected an integer in 1..{MAX_WORKERS}")


def select(instances: list[Instance], only: list[str] | None, file: Path) -> list[Instance]:
    """The instances named by --only (all when it is not given); an unknown name is an error."""
    if not only:
        return instances
    missing = set(only) - {i.name for i in instances}
    if missing:
        raise InputError(f"{file}: no instance named {', '.join(map(repr, sorted(missing)))} "
                         f"(--only); it has {', '.join(i.name for i in instances)}")
    return [i for i in instances if i.name in set(only)]


def same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


class Sink:
    """The results file of --out, checked and opened before anything is solved.

    It is opened for appending (so opening destroys nothing); in replace mode (--force on a
    file that holds something) it is emptied only when the first result is written.
    """

    def __init__(self, path: Path, flag: str, inputs: Sequence[Path], force: bool,
                 append: bool, advice: str) -> None:
        self.path, self.flag = path, flag
        if force and append:
            raise InputError(f"{flag} {path}: give --force (replace the file) or --append (add "
                             "to it), not both")
        for source in inputs:
            if same_file(path, source):
                raise InputError(f"{flag} {path} is the input file {source}; write the results "
                                 "to another path")
        if path.is_dir():
            raise InputError(f"{flag} {path}: is a directory; give a file path")
        if not path.parent.is_dir():
            raise InputError(f"{flag} {path}: directory {path.parent} does not exist")
        regular = path.is_file()
        size = path.stat().st_size if regular else 0
        if size and not (force or append):
            raise InputError(f"{flag} {path}: the file exists and holds {size} bytes; {advice}")
        try:
            self.handle: TextIO = open(path, "a", encoding="utf-8")
            if stat.S_ISCHR(os.fstat(self.handle.fileno()).st_mode):
                self.handle.write("\n")  # a device such as /dev/full fails only on writing
                self.handle.flush()
        except OSError as err:
            raise InputError(f"{flag} {path}: cannot write: {err.strerror}") from None
        self.regular = regular
        self.empty_first = bool(size) and force and regular

    def write(self, text: str) -> None:
        try:
            if self.empty_first:
                self.handle.truncate(0)
                self.empty_first = False
            self.handle.write(text)
            self.handle.flush()
        except OSError as err:
            raise InputError(f"{self.flag} {self.path}: cannot write: {err.strerror}") from None

    def close(self) -> None:
        try:
            self.handle.close()
        except OSError:
            pass


def made_dir(flag: str, path: str) -> str:
    """Make a directory a flag names now, so that a bad path is found before solving."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as err:
        raise InputError(f"{flag} {path}: cannot make the directory: {err.strerror}") from None
    return path


class Progress:
    """A progress line on stderr every `every` seconds while a long run goes on, when stderr
    is not a terminal (a log file, CI): "minckt: 12/48 done, 0.40/s, ETA 90 s, now
    parity8-size".  A terminal sees the table's rows as they come instead.  Use as a
    context manager; `step(name)` when an item starts, `done()` when it ends."""

    #: Seconds between two lines.
    every = 10.0

    def __init__(self, total: int, stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        import sys
        import threading
        import time

        self.total, self.count, self.current = total, 0, ""
        self.stream = sys.stderr if stream is None else stream
        self.enabled = (not self.stream.isatty()) if enabled is None else enabled
        self._clock = time.monotonic
        self._started = self._clock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="minckt-progress", daemon=True)

    def __enter__(self) -> "Progress":
        if self.enabled and self.total > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def step(self, name: str) -> None:
        self.current = name

    def done(self) -> None:
        self.count += 1

    def line(self) -> str:
        elapsed = self._clock() - self._started
        rate = self.count / elapsed if elapsed > 0 else 0.0
        left = self.total - self.count
        eta = f"ETA {left / rate:.0f} s" if rate > 0 else "ETA unknown"
        now = f", now {self.current}" if self.current and left else ""
        return (f"minckt: {self.count}/{self.total} done, {rate:.2f}/s, {eta}, "
                f"{elapsed:.0f} s elapsed{now}")

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                print(self.line(), file=self.stream, flush=True)
            except (OSError, ValueError):  # the stream went away: stop quietly
                return


def function_values(function: str | None, table: str | None, n: int | None,
                    params: Sequence[str] | None) -> tuple[dict[str, object], dict[str, str]]:
    """The instance keys of a function given by flags (FUNCTION --n N or --table HEX --n N,
    --param KEY=VALUE with the value as in TOML), and the flag of each key for errors."""
    import tomllib

    from minckt.io.instances import FAMILY_PARAMS

    if n is None:
        raise InputError("give --n N with the function (FUNCTION --n N or --table HEX --n N)")
    values: dict[str, object] = {"n": n}
    flags = {"n": "--n", "truth_table": "--table", "function": "FUNCTION"}
    if table is not None:
        if function is not None:
            raise InputError(f"give a family ({function}) or --table, not both")
        tables = [t.strip() for t in table.split(",")]
        values["truth_table"] = tables[0] if len(tables) == 1 else tables
    elif function is not None:
        values["function"] = function
    else:
        raise InputError("--n goes with a family name (e.g. PARITY --n 8) or --table HEX")
    for text in params or []:
        key, sep, raw = text.partition("=")
        key = key.strip()
        if not sep or key not in FAMILY_PARAMS:
            raise InputError(f"--param {text!r}: expected KEY=VALUE with KEY one of "
                             f"{', '.join(FAMILY_PARAMS)}")
        try:
            value = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw.strip()   # a bare word: labels=parity
        values[key] = value
        flags[key] = f"--param {key}"
    return values, flags
