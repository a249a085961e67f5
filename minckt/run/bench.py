"""The benchmark suite: run instance files with several backends and symmetry settings,
record figures as JSON, and compare two runs.

A run is one instance solved by one configuration (backend and symmetry setting).  Each
record keeps the status, optimum and proven bound, the time split into encoding and solving,
the solver time spent on UNSAT and on SAT steps, conflicts, and the size of the largest
encoding (variables, clauses or constraints), so that a later run can be compared with
`compare`.  Quote ratios measured in one run: the machines are shared and noisy.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterable, TextIO

from minckt.version import __version__
from minckt.solve import least_size
from minckt.solve.batch import supports_instance
from minckt.encode.registry import get_backend
from minckt.errors import InputError
from minckt.io.instances import Instance, load_instances, solve_instance
from minckt.solve.result import Frontier, Result
from minckt.core.status import Status
from minckt.solve import minimize
from minckt.solve.atlas import lookup
from minckt.encode.choose import resolve_backend

__all__ = ["BENCH_TIME_LIMIT_S", "CONFIGS", "BATCH_CONFIGS", "NUMERIC_FIELDS", "run_suite",
           "run_peers", "run_npn", "compare", "load_report", "git_revision"]

#: Seconds per instance and config when neither the command nor the instance sets a limit.
BENCH_TIME_LIMIT_S = 60.0

#: Named configurations: backend and symmetry switches ("core" is the issue-2 CP-SAT model).
CONFIGS: dict[str, dict] = {
    "default": {"backend": "auto"},
    "cnf": {"backend": "cnf"},
    "cnf-nosym": {"backend": "cnf", "symmetry": {"no_trivial": False, "layers": False,
                                                  "tt_order": False, "input_lex": False}},
    "cnf-noimplied": {"backend": "cnf", "symmetry": {"unate": False, "asummable": False}},
    # one process: no probe, and asummable set by hand leaves no twin (`minckt.solve`)
    "cnf-norace": {"backend": "cnf", "tied_probe": False, "two_phase": False,
                   "symmetry": {"asummable": True}},
    "cpsat": {"backend": "cpsat"},
    # value vectors, separability checked lazily (`minckt.encode.lazy`); unbounded weights
    "lazy": {"backend": "lazy"},
    "certify": {"backend": "auto", "certify": True},
    "core": {"backend": "cpsat", "symmetry": {"no_trivial": False, "layers": False,
                                               "tt_order": False, "input_lex": False}},
    # least-size questions of threshold gates by one template encoding per size
    # (`minckt.solve.batch`, what a class sweep does); every other question as "default"
    "batch": {"backend": "auto"},
    # with --npn: each class answered from the shipped atlas (`minckt.solve.atlas`), a lookup;
    # every other question as "default"
    "atlas": {"backend": "auto"},
}

#: Configs whose --npn classes are looked up in the atlas (`minckt.solve.atlas.lookup`).
ATLAS_CONFIGS = frozenset({"atlas"})

#: Configs whose least-size questions take the batch path where it answers them.
BATCH_CONFIGS = frozenset({"batch"})


def git_revision() -> str:
    """The checkout's commit (with "+dirty" when it has changes), or "unknown"."""
    root = Path(__file__).resolve().parents[2]  # the checkout: minckt/run/bench.py
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                             capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (rev + ("+dirty" if dirty.strip() else "")) if rev else "unknown"


def _steps(result: Result | Frontier):
    if isinstance(result, Frontier):
        return [s for p in result.points for s in p.steps]
    return list(result.steps)


def _record(instance: Instance, config: str, result: Result | Frontier) -> dict:
    steps = _steps(result)
    record = {
        "instance": instance.name,
        "config": config,
        "backend": result.backend,
        "kind": instance.kind,
        "status": result.status.value,
        "time_s": round(result.time_s, 4),
        "unsat_s": round(sum(s.time_s for s in steps if s.status is Status.UNSAT), 4),
        "sat_s": round(sum(s.time_s for s in steps if s.status is Status.SAT), 4),
        "solve_s": round(sum(s.time_s for s in steps), 4),
        "conflicts": sum(s.conflicts or 0 for s in steps),
        "solver_calls": len(steps),
    }
    if isinstance(result, Frontier):
        record["optimum"] = [list(c) for c in result.coordinates()]
        certificates = [c for p in result.points for c in (p.certificate or ())]
    else:
        certificates = list(result.certificate or ())
        record["optimum"] = result.value
        record["lower_bound"] = result.lower_bound
        stats = result.stats or {}
        record["encode_s"] = stats.get("encode_s")
        encodings = stats.get("encodings", {})
        if encodings:
            biggest = max(encodings.values(),
                          key=lambda e: e.get("clauses", e.get("constraints", 0)))
            record["variables"] = biggest.get("variables")
            record["clauses"] = biggest.get("clauses", biggest.get("constraints"))
    if certificates:  # with --configs certify: what was checked, and what it cost
        statuses = [c.status.value for c in certificates]
        record["certificates"] = {s: statuses.count(s) for s in sorted(set(statuses))}
        record["certify_s"] = round(sum(c.time_s for c in certificates), 4)
        record["lemmas"] = sum(c.lemmas or 0 for c in certificates)
    return record


def _load(files: Iterable[Path], only: set[str] | None) -> list[Instance]:
    """The instances of `files`, restricted to the names in `only` when given."""
    instances: list[Instance] = []
    for path in files:
        instances.extend(load_instances(path))
    return [i for i in instances if not only or i.name in only]


def _limit(time_limit: float | None, instance: Instance) -> float:
    """Seconds for one instance: the command's limit, else the instance's own, else
    BENCH_TIME_LIMIT_S."""
    if time_limit is not None:
        return time_limit
    return BENCH_TIME_LIMIT_S if instance.params.time_limit is None \
        else instance.params.time_limit


def run_suite(files: Iterable[Path], configs: list[str], time_limit: float | None,
              progress: TextIO = sys.stderr, only: set[str] | None = None) -> dict:
    """Solve every instance of `files` with every named config; return the report dict."""
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise InputError(f"unknown bench config(s) {', '.join(unknown)}; expected "
                         f"{', '.join(CONFIGS)}")
    instances = _load(files, only)
    _warm_up()
    runs = []
    total = len(instances) * len(configs)
    count = 0
    for instance in instances:
        for config in configs:
            count += 1
            settings = {**CONFIGS[config], "time_limit": _limit(time_limit, instance)}
            params = replace(instance.params, **settings)
            backend = resolve_backend(params.backend, instance.model, instance.spec,
                                      instance.limits, instance.searched_axes)
            why = _refusal(get_backend(backend), instance)
            if why:
                print(f"[{count}/{total}] {instance.name:<28} {config:<10} skipped: backend "
                      f"{backend}: {why}", file=progress)
                continue
            instance = replace(instance, params=params)
            result: Result | Frontier
            if config in BATCH_CONFIGS and supports_instance(instance):
                result = least_size(instance.spec, instance.model, instance.limits, params)
            else:
                result = solve_instance(instance)
            record = _record(instance, config, result)
            record["time_limit"] = params.time_limit
            runs.append(record)
            print(f"[{count}/{total}] {instance.name:<28} {config:<10} {record['status']:<10} "
                  f"optimum={record['optimum']!s:<8} {record['time_s']:8.2f}s "
                  f"(unsat {record['unsat_s']:.2f}s)", file=progress, flush=True)
    return {
        "meta": {"version": __version__, "git": git_revision(),
                 "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
                     timespec="seconds"),
                 "python": platform.python_version(), "machine": platform.machine(),
                 "configs": {c: CONFIGS[c] for c in configs}, "time_limit": time_limit},
        "runs": runs,
    }


def _warm_up() -> None:
    """Import what a process's first search imports on its way (the bound library, the
    weight ranges, the fork start method: 25-30 ms here), so that no run's time depends on
    its place in the suite."""
    import multiprocessing.popen_fork  # noqa: F401

    from minckt.core import ranges  # noqa: F401
    from minckt.bounds import lower_bounds
    from minckt.core.spec import Spec

    lower_bounds(Spec.from_table("0x8", n=2), "size")


def _refusal(backend, instance: Instance) -> str | None:
    """Why `backend` cannot answer `instance` (None when it can)."""
    if instance.model.kind not in backend.capabilities.gate_kinds:
        return f"does not handle {instance.model.kind} gates"
    return backend.refuses(instance.model, instance.limits, instance.searched_axes)


def _peer_modules(names: list[str], progress: TextIO) -> dict:
    """The harness modules of the named peers that are installed (a clear message for each
    that is not); they live in the checkout's solvers/ folder."""
    root = Path(__file__).resolve().parents[2]  # the checkout: minckt/run/bench.py
    if not (root / "solvers" / "peer.py").exists():
        print(f"peers: skipped, {root / 'solvers'} not found (peers run from a source "
              "checkout installed with pip install -e .)", file=progress)
        return {}
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from solvers.peer import PEERS, load  # noqa: E402  (the checkout's harnesses)

    unknown = [n for n in names if n not in PEERS]
    if unknown:
        raise InputError(f"unknown peer(s) {', '.join(unknown)}; expected "
                         f"{', '.join(PEERS)}")
    modules = {}
    for name in names:
        module = load(name)
        why = module.available()
        if why:
            print(f"peers: {name} skipped: {why}", file=progress)
        else:
            modules[name] = module
    return modules


def run_peers(files: Iterable[Path], peers: list[str], time_limit: float | None,
              progress: TextIO = sys.stderr, only: set[str] | None = None) -> list[dict]:
    """Run each installed peer on the Boolean-basis size minimisations of `files`; every
    circuit a peer returns is checked by minckt's evaluator before it is recorded."""
    from minckt.verify.check import verify

    modules = _peer_modules(peers, progress)
    instances = _load(files, only)
    runs = []
    for instance in instances:
        spec = instance.spec
        if instance.objective != "size" or not spec.is_total or spec.num_outputs != 1:
            continue
        for name, module in modules.items():
            if instance.model.kind not in module.BASES:
                continue
            answer = module.minimal_size(spec, instance.model.kind,
                                         _limit(time_limit, instance))
            verified = None
            if answer.circuit is not None:
                verify(spec, answer.circuit)  # raises on a wrong circuit: never recorded
                verified = True
            runs.append({"instance": instance.name, "config": f"peer:{name}", "backend": name,
                         "peer_version": module.version(), "kind": instance.kind,
                         "status": answer.status, "optimum": answer.size,
                         "lower_bound": answer.lower_bound, "time_s": round(answer.time_s, 4),
                         "verified": verified})
            print(f"[peer {name}] {instance.name:<28} {answer.status:<10} "
                  f"optimum={answer.size!s:<8} {answer.time_s:8.2f}s", file=progress,
                  flush=True)
    return runs


#: Run fields `compare` can take as its figure (numbers or null in every run).
NUMERIC_FIELDS = ("time_s", "unsat_s", "sat_s", "solve_s", "encode_s", "wall_s", "conflicts",
                  "solver_calls", "variables", "clauses")

#: Largest report read (a larger file, or /dev/zero, is refused).
MAX_REPORT_BYTES = 1 << 30


def load_report(path: Path) -> dict:
    """A report written by `minckt bench --out`; a malformed one is an InputError naming the
    file and the line of the bad run."""
    from minckt.io.instances import read_text

    if not isinstance(path, (str, os.PathLike)):
        raise InputError(f"load_report: {path!r} is not a file path")
    path = Path(path)
    text = read_text(path, MAX_REPORT_BYTES, "benchmark report")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{err.lineno}: not a benchmark report (invalid JSON: "
                         f"{err.msg})") from None
    except RecursionError:
        raise InputError(f"{path}: not a benchmark report (JSON nested too deeply)") from None
    if not isinstance(data, dict) or "runs" not in data:
        raise InputError(f"{path}: not a benchmark report (no 'runs'); expected the JSON "
                         "object `minckt bench --out` writes")
    runs = data["runs"]
    if not isinstance(runs, list):
        raise InputError(f"{path}: 'runs' is {type(runs).__name__}, not a list of runs")
    lines = _run_lines(text, runs)
    for index, run in enumerate(runs):
        where = f"{path}:{lines[index]}" if lines else f"{path}"
        _check_run(run, f"{where}: run #{index + 1}")
    return data


def _run_lines(text: str, runs: list) -> list[int] | None:
    """The line where each run of the 'runs' array starts (None when it cannot be found)."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r'"runs"\s*:\s*\[', text):
        position, starts, found = match.end(), [], []
        try:
            while True:
                position = len(text) - len(text[position:].lstrip(" \t\r\n,"))
                if text[position:position + 1] in ("]", ""):
                    break
                starts.append(position)
                value, position = decoder.raw_decode(text, position)
                found.append(value)
        except (json.JSONDecodeError, RecursionError):
            continue
        if found == runs:
            return [text.count("\n", 0, start) + 1 for start in starts]
    return None


def _check_run(run: object, where: str) -> None:
    if not isinstance(run, dict):
        raise InputError(f"{where}: {type(run).__name__} where a run object was expected")
    for key in ("instance", "config", "status"):
        if not isinstance(run.get(key), str):
            raise InputError(f"{where}: {key} = {_short(run.get(key))}: expected a string")
    for key in NUMERIC_FIELDS:
        value = run.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or not math.isfinite(value) or value < 0):
            raise InputError(f"{where}: {key} = {_short(value)}: expected a non-negative number "
                             "or null")


def _short(value: object) -> str:
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _geomean(values: list[float]) -> float | None:
    values = [v for v in values if v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def compare(old: dict, new: dict, field: str = "time_s", floor: float = 0.01,
            old_config: str | None = None, new_config: str | None = None) -> tuple[str, bool]:
    """(table text, optima agree) comparing runs of two reports instance by instance.

    Runs are matched by instance and config, or, when configs are given, old runs of
    `old_config` against new runs of `new_config` (to compare two backends of one report).
    `field` is one of NUMERIC_FIELDS; reports come from `load_report` (or have its shape).
    A ratio is old/new of `field` with both clamped below at `floor` seconds; >1 means the
    new run is faster.  Only runs proven in both (OPTIMAL/SAT/UNSAT/INFEASIBLE) count toward
    the geometric mean.
    """
    if field not in NUMERIC_FIELDS:
        raise InputError(f"--field {field!r}: expected one of {', '.join(NUMERIC_FIELDS)}")
    for report in (old, new):
        if not isinstance(report, dict) or not isinstance(report.get("runs"), list):
            raise InputError("compare: expected two reports as `load_report` returns them")
        for index, run in enumerate(report["runs"]):
            _check_run(run, f"run #{index + 1}")

    def key(run: dict, config: str | None) -> tuple | None:
        if config is not None:
            return (run["instance"],) if run["config"] == config else None
        return (run["instance"], run["config"])

    before = {k: r for r in old["runs"] if (k := key(r, old_config))}
    after = {k: r for r in new["runs"] if (k := key(r, new_config))}
    proven = {"OPTIMAL", "SAT", "UNSAT", "INFEASIBLE"}
    lines = [f"{'instance':<30} {'config':<18} {'old ' + field:>12} {'new ' + field:>12} "
             f"{'ratio':>8}  note"]
    ratios = []
    agree = True
    for k in sorted(set(before) & set(after)):
        a, b = before[k], after[k]
        note = ""
        if a["status"] in proven and b["status"] in proven:
            if a.get("optimum") != b.get("optimum") or (a["status"] == "INFEASIBLE") != (
                    b["status"] == "INFEASIBLE"):
                note = f"OPTIMA DIFFER: {a.get('optimum')} vs {b.get('optimum')}"
                agree = False
        else:
            note = f"{a['status']} -> {b['status']}"
        x, y = a.get(field) or 0.0, b.get(field) or 0.0
        ratio = max(x, floor) / max(y, floor)
        if a["status"] in proven and b["status"] in proven and (x >= floor or y >= floor):
            ratios.append(ratio)
        config = k[1] if len(k) > 1 else f"{old_config}->{new_config}"
        lines.append(f"{k[0]:<30} {config:<18} {x:>12.3f} {y:>12.3f} {ratio:>8.2f}  {note}")
    mean = _geomean(ratios)
    lines.append(f"geometric mean of {len(ratios)} ratios (old/new {field}): "
                 + ("n/a" if mean is None else f"{mean:.2f}"))
    return "\n".join(lines), agree


def run_npn(n: int, config: str, time_limit: float | None,
            progress: TextIO = sys.stderr, sample: int | None = None, seed: int = 0) -> dict:
    """Minimal threshold-circuit size of one function per NPN class of n-input functions
    (or of `sample` classes chosen with `seed`, as `minckt sweep --npn N --sample K` does).

    The record holds the total time, the mean and median per class, the number of classes,
    how many were proven OPTIMAL, the histogram of optimal sizes and each class's optimum
    (so two configs can be compared class by class); `time_limit` applies to each class.
    A config of `BATCH_CONFIGS` solves them all on one `batch.BatchMinimizer`.
    """
    from collections import Counter
    import statistics

    from minckt.core.problem import GateModel, SearchParams
    from minckt.core.spec import Spec
    from minckt.run.sweep import class_tables

    if config not in CONFIGS:
        raise InputError(f"unknown bench config {config!r}; expected {', '.join(CONFIGS)}")
    params = SearchParams(**CONFIGS[config], time_limit=BENCH_TIME_LIMIT_S
                          if time_limit is None else time_limit)
    started = datetime.datetime.now()
    sizes: Counter = Counter()
    statuses: Counter = Counter()
    backends: Counter = Counter()  # what answered: a backend, or the batch path's template
    times: list[float] = []
    optima: dict[str, int | None] = {}
    unsat = 0.0
    tables = class_tables(n, sample=sample, seed=seed)
    batch = None
    if config in BATCH_CONFIGS:
        from minckt.solve.batch import BatchMinimizer

        batch = BatchMinimizer(n, params=params)
        backend = batch.backend
    else:
        backend = resolve_backend(params.backend, GateModel(), Spec(n=n, outputs=(0,)))
    digits = max(1, (1 << n) // 4)
    try:
        for count, table in enumerate(tables, start=1):
            spec = Spec(n=n, outputs=(table,))
            result = lookup(spec) if config in ATLAS_CONFIGS else \
                minimize(spec, "size", params=params) if batch is None else \
                batch.minimize(spec, time_limit)
            statuses[result.status.value] += 1
            backends[result.backend] += 1
            if result.status is Status.OPTIMAL:
                sizes[result.value] += 1
            optima[f"0x{table:0{digits}X}"] = result.value \
                if result.status is Status.OPTIMAL else None
            times.append(result.time_s)
            unsat += sum(s.time_s for s in result.steps if s.status is Status.UNSAT)
            if count % 20 == 0 or count == len(tables):
                print(f"[npn{n} {config}] {count}/{len(tables)} classes, {sum(times):.1f}s",
                      file=progress, flush=True)
    finally:
        if batch is not None:
            batch.close()
    total = sum(times)
    return {
        "instance": f"npn{n}-{'all' if sample is None else f'sample{sample}-seed{seed}'}-size",
        "config": config, "kind": "npn",
        "backend": ", ".join(sorted(backends)) if backends else backend,
        "status": "OPTIMAL" if statuses.get("OPTIMAL", 0) == len(tables) else "INCOMPLETE",
        "classes": len(tables), "statuses": dict(statuses),
        "optimum": {str(k): v for k, v in sorted(sizes.items())},
        "time_s": round(total, 3), "unsat_s": round(unsat, 3),
        "mean_ms": round(1000 * total / max(1, len(tables)), 2),
        "median_ms": round(1000 * statistics.median(times), 2) if times else None,
        "wall_s": round((datetime.datetime.now() - started).total_seconds(), 3),
        "optima": optima,
    }
