"""Command line: ``minckt solve FILE [--out RESULTS.jsonl]``.

Thin by design: it parses arguments, calls the library, prints a table as it goes and
writes one JSON object per instance.  User errors print one line naming what was wrong and
exit with status 2; an internal error (a bug) prints its traceback and exits with 3.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import stat
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Sequence, TextIO

from typing import TYPE_CHECKING

from minckt.version import __version__
from minckt.errors import InputError, InternalError, MincktError

if TYPE_CHECKING:  # the library is imported where a verb needs it: --version and usage
    from minckt.io.instances import Instance  # errors answer without loading solvers (start-up)
    from minckt.solve.result import Frontier, Result

__all__ = ["main"]

_COLUMNS = ("name", "status", "task", "value", "lower bound", "size", "depth", "energy",
            "weight", "time s")
_WIDTHS = (24, 10, 16, 6, 24, 5, 6, 7, 7, 8)


def _row(cells: Sequence[object]) -> str:
    return "  ".join(f"{str(c)[:w]:<{w}}" for c, w in zip(cells, _WIDTHS)).rstrip()


def _task_label(instance: Instance) -> str:
    if instance.axes:
        return "frontier " + "/".join(instance.axes)
    return f"min {instance.objective}" if instance.objective else "decide"


def _result_rows(instance: Instance, result: Result | Frontier) -> list[str]:
    from minckt.solve.result import Frontier

    if isinstance(result, Frontier):
        rows = [_row([instance.name, result.status.value, _task_label(instance), "", "",
                      "", "", "", "", f"{result.time_s:.2f}"])]
        for point in result.points:
            m = point.metrics
            coords = ",".join(str(m.get(a)) for a in result.axes)
            rows.append(_row(["  point", point.status.value, f"({coords})", "", "",
                              m.size, m.depth, m.energy, m.weight, ""]))
        return rows
    m = result.metrics
    bound = "" if result.lower_bound is None else f"{result.lower_bound} ({_short(result)})"
    cells = [instance.name, result.status.value, _task_label(instance),
             "" if result.value is None else result.value, bound,
             *(("", "", "", "") if m is None else (m.size, m.depth, m.energy, m.weight)),
             f"{result.time_s:.2f}"]
    return [_row(cells)]


def _short(result: Result) -> str:
    source = result.lower_bound_source or ""
    return "solver" if source.startswith("solver") else "bound"


def _check_backends(instances: list[Instance]) -> None:
    """Fail before solving anything when an instance asks for something no backend does
    (after --backend overrode the file's choice; the file itself was checked on loading)."""
    from minckt.encode.choose import refusal
    from minckt.encode.registry import get_backend

    for instance in instances:
        name, why = refusal(instance.params.backend, instance.model, instance.spec,
                            instance.limits, instance.searched_axes)
        kinds = get_backend(name).capabilities.gate_kinds
        if instance.model.kind not in kinds:
            raise InputError(f"{instance.where('gate')}: instance {instance.name!r}: gate = "
                             f"{instance.model.kind!r} has no solver in backend {name} (it "
                             f"handles {', '.join(sorted(kinds))}); --backend "
                             "chose it")
        if why:
            raise InputError(f"{instance.where('name')}: instance {instance.name!r}: backend "
                             f"{name} {why}; --backend chose it")


#: Ranges of the numeric flags (the same as an instance file's keys, `instances.MAXIMA`).
_MAX_TIME_LIMIT = 1e6
_MAX_WORKERS = 256


def _check_time_limit(flag: str, value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and 0 < value <= _MAX_TIME_LIMIT):
        raise InputError(f"{flag} {value!r}: expected seconds in (0, {_MAX_TIME_LIMIT:.0e}] "
                         f"({_MAX_TIME_LIMIT:.0e} s is about 11.6 days)")


def _check_workers(value: int | None) -> None:
    if value is not None and not 1 <= value <= _MAX_WORKERS:
        raise InputError(f"--workers {value}: expected an integer in 1..{_MAX_WORKERS}")


def _select(instances: list[Instance], only: list[str] | None, file: Path) -> list[Instance]:
    """The instances named by --only (all when it is not given); an unknown name is an error."""
    if not only:
        return instances
    missing = set(only) - {i.name for i in instances}
    if missing:
        raise InputError(f"{file}: no instance named {', '.join(map(repr, sorted(missing)))} "
                         f"(--only); it has {', '.join(i.name for i in instances)}")
    return [i for i in instances if i.name in set(only)]


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


class _Sink:
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
            if _same_file(path, source):
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


def _made_dir(flag: str, path: str) -> str:
    """Make a directory a flag names now, so that a bad path is found before solving."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as err:
        raise InputError(f"{flag} {path}: cannot make the directory: {err.strerror}") from None
    return path


def _certificate_line(result: Result | Frontier) -> str:
    """How the steps of an answer were certified, counted by status ("" without --certify)."""
    from minckt.solve.result import Frontier

    points = result.points if isinstance(result, Frontier) else [result]
    certs = [c for p in points for c in (p.certificate or ())]
    if not certs:
        return ""
    counts: dict[str, int] = {}
    for cert in certs:
        counts[cert.status.value] = counts.get(cert.status.value, 0) + 1
    checker = next((f"{c.checker} {c.checker_version}" for c in certs if c.checker), "")
    text = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    return text + (f" (proofs checked by {checker})" if checker else "")


def _solve(args: argparse.Namespace, out: TextIO) -> int:
    # the flags first: their errors answer before the library is loaded
    _check_time_limit("--time-limit", args.time_limit)
    _check_workers(args.workers)
    from minckt.encode.registry import backend_names
    from minckt.io.instances import load_instances, result_record, solve_instance
    from minckt.solve.result import Frontier

    instances = _select(load_instances(args.file), args.only, args.file)
    overrides: dict[str, object] = {}
    if args.backend is not None:
        names = ["auto", *backend_names()]
        if args.backend not in names:
            raise InputError(f"--backend {args.backend!r}: expected one of {', '.join(names)}")
        overrides["backend"] = args.backend
    if args.time_limit is not None:
        overrides["time_limit"] = args.time_limit
    if args.workers is not None:
        overrides["workers"] = args.workers
    if args.dump is not None:
        overrides["dump_dir"] = _made_dir("--dump", args.dump)
    if args.certify or args.certify_dir is not None:
        overrides["certify"] = True
    if args.certify_dir is not None:
        overrides["certify_dir"] = _made_dir("--certify-dir", args.certify_dir)
    if overrides:
        instances = [replace(i, params=replace(i.params, **overrides)) for i in instances]
    _check_backends(instances)
    store = _open_store(args)
    sink = _Sink(args.out, "--out", [args.file], args.force, args.append,
                 "--append adds to it, --force replaces it") if args.out else None
    reused = 0
    try:
        print(_row(_COLUMNS), file=out)
        for instance in instances:
            stored = None if store is None or args.resolve else \
                store.lookup(instance.key(), instance.params.time_limit)
            if stored is not None:  # answered before: read back, not re-solved
                reused += 1
                print(_stored_row(instance, stored), file=out, flush=True)
                if sink:
                    sink.write(json.dumps(stored) + "\n")
                continue
            result = solve_instance(instance)
            record = result_record(instance, result)
            if store is not None:
                store.put(record, instance.params.time_limit)
            for line in _result_rows(instance, result):
                print(line, file=out, flush=True)
            if args.show_circuits:
                circuits = result.points if isinstance(result, Frontier) else [result]
                for r in circuits:
                    if r.circuit is not None:
                        print(r.circuit.to_text(), file=out)
            for note in result.notes:
                print(f"    note: {note}", file=out)
            certified = _certificate_line(result)
            if certified:
                print(f"    certificate: {certified}", file=out)
            if sink:
                sink.write(json.dumps(record) + "\n")
    finally:
        if sink:
            sink.close()
        if store is not None:
            store.close()
    if args.out:
        print(f"wrote {len(instances)} result(s) to {args.out}", file=out)
    if store is not None:
        print(f"store {args.store}: {len(instances) - reused} result(s) written, {reused} read "
              "back", file=out)
    return 0


#: The CSV columns of `minckt export` (the metrics follow, one column each).
_EXPORT_FIELDS = ("name", "kind", "status", "objective", "value", "lower_bound",
                  "lower_bound_source", "backend", "time_s", "class", "class_size", "key",
                  "version")


def _export(args: argparse.Namespace, out: TextIO) -> int:
    """Every record of a results database, as JSON lines or CSV, on standard output."""
    import csv

    from minckt.core.circuit import METRIC_NAMES
    from minckt.io.store import Store, is_store

    if not is_store(args.db):
        raise InputError(f"{args.db}: not an SQLite results database (minckt solve --store)")
    where = {}
    for item in args.where or ():
        field, sep, value = item.partition("=")
        if not sep or not field:
            raise InputError(f"--where {item!r}: expected FIELD=VALUE, e.g. status=OPTIMAL")
        where[field] = value
    with Store(args.db) as store:
        records = list(store.records(where))
    if args.format == "jsonl":
        for record in records:
            print(json.dumps(record), file=out)
        return 0
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*_EXPORT_FIELDS, *METRIC_NAMES])
    for record in records:
        metrics = record.get("metrics") or {}
        writer.writerow([*(record.get(f, "") for f in _EXPORT_FIELDS),
                         *(metrics.get(m, "") for m in METRIC_NAMES)])
    return 0


def _sweep(args: argparse.Namespace, out: TextIO) -> int:
    """`minckt sweep --npn N`: the class records into the store, and a histogram of the
    optima over classes and over functions (weighted by class size); `minckt sweep FILE`:
    the same for the sources of a sweep file (`minckt.sweepfile`)."""
    if (args.npn is None) == (args.file is None):
        raise InputError("sweep: give --npn N (every NPN class of N-input functions) or a sweep "
                         "file FILE.toml" + (", not both" if args.npn is not None else ""))
    _check_time_limit("--time-limit", args.time_limit)
    _check_workers(args.workers)
    if args.file is not None:
        return _sweep_file(args, out)
    from minckt.core.problem import SearchParams, check_axis
    from minckt.io.store import Store
    from minckt.run.sweep import class_instances, sweep, terminal_progress

    objective = check_axis("size" if args.minimize is None else args.minimize)
    params = SearchParams(time_limit=args.time_limit, workers=1 if args.workers > 1 else 2)
    instances = class_instances(args.npn, objective, params=params, sample=args.sample,
                                seed=0 if args.seed is None else args.seed)
    store = Store(args.store) if args.store else None
    update, close = terminal_progress(len(instances))
    tally = _Tally(frontier=False)
    try:
        for record in sweep(instances, store, args.workers, update, dask=args.dask):
            tally.add(record)
    finally:
        close()
        if store is not None:
            store.close()
    kind = "NP" if objective == "energy" else "NPN"
    tally.print(out, f"{len(instances)} {kind} classes of {args.npn}-input functions, minimal "
                f"{objective}", "classes")
    if store is not None:
        print(f"store {args.store}: {len(instances)} record(s)", file=out)
    return 0


class _Tally:
    """A sweep's statuses, and the histogram of its values (or of its frontiers' numbers of
    points) over records and over functions (records weighted by class_size, else 1)."""

    def __init__(self, frontier: bool, histogram: bool = True) -> None:
        self.frontier, self.histogram = frontier, histogram
        self.statuses: dict[str, int] = {}
        self.counts: dict[object, list[int]] = {}
        self.records = 0

    def add(self, record: dict) -> None:
        self.records += 1
        self.statuses[record["status"]] = self.statuses.get(record["status"], 0) + 1
        value = len(record.get("points") or ()) if self.frontier else record["value"]
        entry = self.counts.setdefault(value, [0, 0])
        entry[0] += 1
        entry[1] += int(record.get("class_size", 1))

    def print(self, out: TextIO, title: str, unit: str) -> None:
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(self.statuses.items())),
              file=out)
        if not self.histogram:
            return
        print(f"{'points' if self.frontier else 'value':>6}  {unit:>8}  {'functions':>12}",
              file=out)
        for value in sorted(self.counts, key=lambda v: (v is None, v)):
            records, functions = self.counts[value]
            print(f"{'?' if value is None else value:>6}  {records:>8}  {functions:>12}",
                  file=out)


def _sweep_file(args: argparse.Namespace, out: TextIO) -> int:
    """`minckt sweep FILE.toml`: least sizes first when size = "min+K", then the sweep."""
    for flag, value in (("--minimize", args.minimize), ("--sample", args.sample),
                        ("--seed", args.seed)):
        if value is not None:
            raise InputError(f"{flag} goes with --npn; the sweep file {args.file} gives its own "
                             "task (minimize or frontier) and sources")
    from minckt.io.store import Store
    from minckt.run.sweep import terminal_progress
    from minckt.run.sweepfile import load_sweep, resolve_sizes, sweep_records

    plan = load_sweep(args.file, args.time_limit, processes=args.workers)
    if args.store and Path(args.store).exists() and os.path.samefile(args.file, args.store):
        raise InputError(f"--store {args.store}: is the sweep file")
    store = Store(args.store) if args.store else None
    tally = _Tally(frontier=bool(plan.axes), histogram=plan.objective is not None
                   or bool(plan.axes))
    try:
        update, close = terminal_progress(len(plan.instances)) if plan.size_slack is not None \
            else (None, lambda: None)
        try:
            instances, warned = resolve_sizes(plan, store, update)
        finally:
            close()
        for message in (*plan.skipped, *warned):
            print(f"minckt: warning: {message}", file=sys.stderr)
        update, close = terminal_progress(len(instances))
        try:
            for record in sweep_records(instances, store, args.workers, update, args.dask):
                tally.add(record)
        finally:
            close()
    finally:
        if store is not None:
            store.close()
    tally.print(out, f"{tally.records} function(s) of {args.file}, {plan.task}", "records")
    for source in plan.sources:
        print(f"  {source}", file=out)
    left = len(plan.skipped) + len(warned)
    if left:
        print(f"  {left} warning(s): function(s) left out (see above)", file=out)
    if store is not None:
        least = f", and the least size of each" if plan.size_slack is not None else ""
        print(f"store {args.store}: {tally.records} record(s){least}", file=out)
    return 0


def _open_store(args: argparse.Namespace):
    """The --store database (None without it); it may not be the instance file or --out."""
    if args.store is None:
        if args.resolve:
            raise InputError("--resolve goes with --store")
        return None
    from minckt.io.store import Store

    for other, flag in ((args.file, "the instance file"), (args.out, "--out")):
        if other is not None and Path(other).exists() and Path(args.store).exists() \
                and os.path.samefile(other, args.store):
            raise InputError(f"--store {args.store}: is {flag}")
    return Store(args.store)


def _stored_row(instance: Instance, record: dict) -> str:
    """The table row of a result read back from the store."""
    metrics = record.get("metrics") or {}
    bound = record.get("lower_bound")
    cells = [instance.name, record.get("status", ""), _task_label(instance),
             "" if record.get("value") is None else record["value"],
             "" if bound is None else f"{bound} (stored)",
             *(metrics.get(a, "") for a in ("size", "depth", "energy", "weight")), "stored"]
    return _row(cells)


def _bench(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.run.bench import CONFIGS, compare, load_report, run_suite
    from minckt.io.instances import load_instances

    if args.compare:
        old, new = (load_report(Path(p)) for p in args.compare)
        if args.out:
            raise InputError("--out writes a new report; it does not go with --compare")
        pair = [c.strip() for c in args.configs.split(",")] if args.configs else []
        if pair and len(pair) != 2:
            raise InputError("--compare with --configs takes two names: OLD_CONFIG,NEW_CONFIG")
        text, agree = compare(old, new, field=args.field,
                              old_config=pair[0] if pair else None,
                              new_config=pair[1] if pair else None)
        print(text, file=out)
        return 0 if agree else 1
    files = [Path(f) for f in args.files]
    if not files and args.npn is None:
        files = sorted(Path("instances/bench").glob("*.toml"))
    if not files and args.npn is None:
        raise InputError("no benchmark files given and instances/bench/*.toml not found "
                         "(run from the repository root or name the files)")
    configs = [c.strip() for c in (args.configs or "default,core").split(",")]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise InputError(f"unknown config(s) {', '.join(unknown)}; expected "
                         f"{', '.join(CONFIGS)}")
    _check_time_limit("--time-limit", args.time_limit)
    if args.npn is not None and not 0 <= args.npn <= 5:
        raise InputError(f"--npn {args.npn}: expected a number of inputs in 0..5 (the NPN "
                         "classes are enumerated)")
    if args.sample is not None and args.npn is None:
        raise InputError("--sample goes with --npn")
    if args.sample is not None and args.sample < 1:
        raise InputError(f"--sample {args.sample}: expected a number of classes >= 1")
    if args.only:  # every file is loaded (and checked) before anything runs
        found = {i.name for f in files for i in load_instances(f)}
        missing = set(args.only) - found
        if missing:
            raise InputError(f"--only: no instance named {', '.join(sorted(missing))} in "
                             f"{', '.join(map(str, files))}")
    sink = _Sink(Path(args.out), "--out", files, args.force, False,
                 "--force replaces it") if args.out else None
    report = run_suite(files, configs, args.time_limit, only=set(args.only or []) or None)
    if args.peers is not None:
        from minckt.run.bench import run_peers

        names = [p.strip() for p in args.peers.split(",") if p.strip()] or ["abc", "cirbo"]
        report["runs"].extend(run_peers(files, names, args.time_limit,
                                        only=set(args.only or []) or None))
    if args.npn is not None:
        from minckt.run.bench import run_npn

        for config in configs:
            report["runs"].append(run_npn(args.npn, config, args.time_limit,
                                          sample=args.sample, seed=args.seed))
    text = json.dumps(report, indent=1)
    if sink:
        sink.empty_first = sink.regular  # the report is one JSON document: it replaces
        sink.write(text + "\n")
        sink.close()
        print(f"wrote {len(report['runs'])} run(s) to {args.out}", file=out)
    else:
        print(text, file=out)
    return 0


#: Most inputs `minckt rank` accepts (CD 14: 6 s, CD 16: 48 s on this project's machines).
_MAX_RANK_INPUTS = 16


def _spec_from_args(args: argparse.Namespace):
    from minckt.core.families import family
    from minckt.core.spec import Spec

    if args.n > _MAX_RANK_INPUTS:
        raise InputError(f"--n {args.n}: rank takes at most {_MAX_RANK_INPUTS} inputs (every "
                         "balanced partition's 2^(n/2) x 2^(n/2) matrix is ranked; CD 16 "
                         "takes about a minute)")
    if args.table:
        return Spec.from_table(args.table, args.n)
    if not args.function:
        raise InputError("give a family name (e.g. CD) or --table 0x...")
    params = {k: v for k, v in (("k", args.k), ("m", args.m), ("seed", args.seed))
              if v is not None}
    return family(args.function, args.n, **params)


def _rank(args: argparse.Namespace, out: TextIO) -> int:
    import time

    from minckt.bounds.rank import best_partition_rank

    spec = _spec_from_args(args)
    print(f"{spec}", file=out)
    for signed in (False, True):
        started = time.perf_counter()
        result = best_partition_rank(spec, signed=signed)
        elapsed = time.perf_counter() - started
        part_a = ",".join(f"x{i}" for i in result.part_a)
        part_b = ",".join(f"x{i}" for i in result.part_b)
        print(f"  {result.matrix:>3} matrix: rk = {result.rank} (log2 {result.log2:.3f}), "
              f"partition {part_a} | {part_b}, {result.partitions_checked} partition(s) "
              f"checked, max possible {result.max_possible}, {elapsed:.3f}s", file=out)
    return 0


def _bounds(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.bounds import lower_bounds
    from minckt.io.instances import load_instances
    from minckt.core.problem import AXES
    from minckt.solve.caps import size_cap

    instances = _select(load_instances(args.file), args.only, args.file)
    for instance in instances:
        cap, note = size_cap(instance.spec, instance.limits, instance.params,
                             instance.objective or ("size" if "size" in instance.axes else None))
        limits = instance.limits.with_("size", cap)
        print(f"{instance.name}: {instance.spec}; limits {limits.to_json()}"
              + (f" ({note})" if note else ""), file=out)
        for axis in AXES:
            for bound in lower_bounds(instance.spec, axis, instance.model, limits):
                name = f" ({bound.name})" if bound.name else ""
                print(f"  {axis} >= {bound.value}{name}: {bound.method} [{bound.reference}]",
                      file=out)
                for assumption in bound.assumptions:
                    print(f"      assumes: {assumption}", file=out)
    return 0


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.report import (
        load_records, size_growth_table, superposition_table, to_markdown, write_report
    )

    records = load_records(args.results)
    tables = [t.strip() for t in args.tables.split(",") if t.strip()]
    if args.out_dir.exists() and not args.out_dir.is_dir():
        raise InputError(f"--out-dir {args.out_dir}: exists and is not a directory")
    try:
        written = write_report(records, args.out_dir, tables=tables, plots=not args.no_plots,
                               drawings=not args.no_drawings)
    except OSError as err:
        where = err.filename or args.out_dir
        raise InputError(f"--out-dir {args.out_dir}: cannot write {where}: "
                         f"{err.strerror or err}") from None
    print(to_markdown(written.rows), file=out)
    print(f"wrote {len(written.files)} file(s) to {args.out_dir}:", file=out)
    for path in written.files:
        if path.parent.name != "circuits":
            print(f"  {path}", file=out)
    drawn = sum(1 for p in written.files if p.parent.name == "circuits")
    if drawn:
        print(f"  {drawn} circuit drawing file(s) in {Path(args.out_dir) / 'circuits'}",
              file=out)
    if written.memorization:
        print("memorization study: c fitted by least squares to each series (references, not "
              "bounds):", file=out)
        for fit in written.memorization:
            print(f"  {fit.describe()}", file=out)
    studies = ((written.superposition, superposition_table,
                "superposition study (PAIRWISE_AND; Adler–Shavit curves fitted by least "
                "squares, references, not bounds):"),
               (written.separation, size_growth_table,
                "size-growth study (least size against n; a·n, a·n/log2 n, a·log2 n fitted to "
                "the proven threshold sizes, references, not bounds):"))
    for study, table, title in studies:
        if study is not None:
            print(title, file=out)
            print(table(study), file=out)
            for fit in study.fits():
                print(f"  {fit.describe()}", file=out)
    for message in written.messages:
        print(f"note: {message}", file=out)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minckt", description="Exact search for minimal "
                                     "threshold circuits (size, depth, energy, weight).")
    parser.add_argument("--version", action="version", version=f"minckt {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True)
    solve = verbs.add_parser("solve", help="solve every instance of a TOML instance file")
    solve.add_argument("file", type=Path, help="instance file (TOML, see README)")
    solve.add_argument("--out", type=Path, help="write JSON lines, one object per instance "
                       "(an existing non-empty file is refused without --append or --force)")
    solve.add_argument("--append", action="store_true",
                       help="add the results to an existing --out file")
    solve.add_argument("--force", action="store_true",
                       help="replace an existing --out file (emptied at the first result)")
    solve.add_argument("--only", action="append", metavar="NAME",
                       help="solve only this instance (repeatable)")
    solve.add_argument("--backend", help="override every instance's backend")
    solve.add_argument("--time-limit", type=float, help="override the seconds per instance")
    solve.add_argument("--workers", type=int, help="solver threads")
    solve.add_argument("--dump", "--dump-cnf", metavar="DIR", dest="dump",
                       help="write each encoded problem to DIR (DIMACS with comments naming "
                            "each variable for cnf; CP-SAT model text for cpsat)")
    solve.add_argument("--store", metavar="DB",
                       help="SQLite results database: every result is written as it completes, "
                            "and an instance already answered there is read back")
    solve.add_argument("--resolve", action="store_true",
                       help="with --store: solve every instance again and replace its row")
    solve.add_argument("--certify", action="store_true",
                       help="re-solve every UNSAT step an answer rests on as plain CNF with a "
                            "DRAT proof and check it (dratify); results carry a certificate")
    solve.add_argument("--certify-dir", metavar="DIR",
                       help="with --certify (implied): keep each step's CNF and DRAT proof "
                            "there as STEM.cnf and STEM.drat")
    solve.add_argument("--show-circuits", action="store_true",
                       help="print every circuit found in readable form")
    bench = verbs.add_parser("bench", help="run the benchmark suite or compare two runs")
    bench.add_argument("files", nargs="*", help="instance files (default: instances/bench/)")
    bench.add_argument("--configs", help="comma-separated configs (default: default,core); "
                       "with --compare, OLD_CONFIG,NEW_CONFIG to compare two configs")
    bench.add_argument("--time-limit", type=float, default=60.0,
                       help="seconds per instance and config (default 60)")
    bench.add_argument("--only", action="append", metavar="NAME", help="run only this instance")
    bench.add_argument("--out", help="write the JSON report here (an existing non-empty "
                       "file is refused without --force)")
    bench.add_argument("--force", action="store_true", help="replace an existing --out file")
    bench.add_argument("--npn", type=int, metavar="N",
                       help="minimise the size of one function per NPN class of N inputs "
                            "(alone, or after the files given)")
    bench.add_argument("--sample", type=int, metavar="K",
                       help="with --npn: only K classes, seeded (as minckt sweep --sample)")
    bench.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    bench.add_argument("--peers", nargs="?", const="", metavar="NAMES",
                       help="also run the installed peers (abc, cirbo; comma-separated to "
                            "choose) on the Boolean-basis instances; a missing one is skipped")
    bench.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"),
                       help="compare two reports: ratios old/new and optima")
    bench.add_argument("--field", default="time_s",
                       help="figure compared: time_s, unsat_s, sat_s, solve_s (default time_s)")
    rank = verbs.add_parser("rank", help="communication rank rk(f), 0/1 and ±1 matrices")
    rank.add_argument("function", nargs="?", help="family name (CD, IP, EQ, ...)")
    rank.add_argument("--n", type=int, required=True, help="number of inputs")
    rank.add_argument("--table", help="a truth table instead of a family (hex, MSB first)")
    rank.add_argument("--k", type=int, help="family parameter k (THR, EXACT)")
    rank.add_argument("--m", type=int, help="family parameter m (MOD)")
    rank.add_argument("--seed", type=int, help="family parameter seed (RANDOM)")
    show = verbs.add_parser("bounds", help="every applicable lower bound for each instance")
    show.add_argument("file", type=Path, help="instance file (TOML)")
    show.add_argument("--only", action="append", metavar="NAME")
    sweep = verbs.add_parser("sweep", help="one question asked of every NPN class of N-input "
                             "functions (NP classes for energy), or of the sources of a sweep "
                             "file, in parallel, into a store")
    sweep.add_argument("file", nargs="?", type=Path,
                       help="a sweep file (TOML: a task template and sources of functions, "
                            "see README); or --npn")
    sweep.add_argument("--npn", type=int, metavar="N",
                       help="inputs of the functions (0..5; 5 enumerates 616,126 classes)")
    sweep.add_argument("--minimize", metavar="AXIS",
                       help="with --npn: the resource minimised (default size)")
    sweep.add_argument("--sample", type=int, metavar="K", help="only K classes, seeded")
    sweep.add_argument("--seed", type=int, help="seed of --sample (default 0)")
    sweep.add_argument("--time-limit", type=float,
                       help="seconds per class or function (replaces a sweep file's)")
    sweep.add_argument("--store", metavar="DB", help="SQLite results database (resumable)")
    sweep.add_argument("--workers", type=int, default=1, metavar="K",
                       help="processes solving classes side by side (default 1); with "
                            "--dask, tasks in flight per round")
    sweep.add_argument("--dask", metavar="ADDRESS",
                       help="solve on the Dask distributed cluster at this scheduler address "
                            "(tcp://127.0.0.1:8786); only this process writes the store")
    export = verbs.add_parser("export", help="write the records of a results database "
                              "(minckt solve --store) as JSON lines or CSV")
    export.add_argument("db", type=Path, help="the SQLite results database")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("--where", action="append", metavar="FIELD=VALUE",
                        help="keep records whose field equals the value (repeatable), "
                             "e.g. status=OPTIMAL")
    report = verbs.add_parser("report", help="tables, plots and circuit drawings: each optimum "
                              "beside the proven lower bounds")
    report.add_argument("results", nargs="+", type=Path,
                        help="JSON-lines results written by `minckt solve --out`")
    report.add_argument("--out-dir", type=Path, default=Path("report"),
                        help="directory for the files (default: ./report)")
    report.add_argument("--tables", default="md,csv,tex",
                        help="table formats, comma-separated (default md,csv,tex)")
    report.add_argument("--no-plots", action="store_true", help="skip the matplotlib plots")
    report.add_argument("--no-drawings", action="store_true",
                        help="skip the circuit drawings")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``minckt`` console script."""
    if argv is None:  # the console script: SIGINT / SIGTERM stop it cleanly
        from minckt.lifecycle import install_handlers

        install_handlers()
    args = _parser().parse_args(argv)
    try:
        if args.verb == "solve":
            return _solve(args, sys.stdout)
        if args.verb == "bench":
            return _bench(args, sys.stdout)
        if args.verb == "rank":
            return _rank(args, sys.stdout)
        if args.verb == "bounds":
            return _bounds(args, sys.stdout)
        if args.verb == "report":
            return _report(args, sys.stdout)
        if args.verb == "export":
            return _export(args, sys.stdout)
        if args.verb == "sweep":
            return _sweep(args, sys.stdout)
    except InternalError:
        traceback.print_exc()
        print("minckt: internal error (a bug in minckt); please report it with the "
              "traceback above", file=sys.stderr)
        return 3
    except MincktError as err:
        print(f"minckt: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:  # `lifecycle.Interrupted` for SIGTERM too
        print(f"minckt: interrupted by {str(err) or 'SIGINT'}; the results completed before "
              "it are kept, no solver process is left", file=sys.stderr)
        return getattr(err, "exit_code", 130)
    except BrokenPipeError:  # output piped into a program that stopped reading (head)
        sys.stderr.close()
        return 0
    except Exception:  # noqa: BLE001 -- anything but a user error is a bug in minckt
        traceback.print_exc()
        print("minckt: internal error (a bug in minckt); please report it with the "
              "traceback above", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
