"""``minckt study memorization|superposition|size-growth``: a study in one command, resumable.

Three steps, each reading back what the store already holds: the exact questions of the
instance files (`--instances`, solved as `minckt solve --store` solves them), the
constructions past exact search (`minckt.run.scale` on random data sets,
`minckt.run.superposition` on pair lists; the size-growth study has none apart, its
questions past exact search end with the fallback's constructions), then the tables and
figures (the record-based study of the exact answers, `minckt.report.memorization`,
`.superposition` or `.separation`, and `minckt.report.memorization_scale` or
`.superposition_scale` for the constructions)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from minckt.cli.common import COLUMNS, check_time_limit, row, stored_row
from minckt.errors import InputError

__all__ = ["run", "integers"]


def integers(flag: str, text: str, low: int, high: int) -> list[int]:
    """A comma-separated list of integers in low..high, e.g. --inputs 16,32."""
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(f"{flag} {text!r}: expected comma-separated integers") from None
    bad = [v for v in values if not low <= v <= high]
    if not values or bad:
        raise InputError(f"{flag} {text!r}: expected integers in {low}..{high}")
    return values


def run(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.core.points import MAX_POINT_INPUTS

    check_time_limit("--time-limit", args.time_limit)
    inputs = integers("--inputs", args.inputs, 1, MAX_POINT_INPUTS)
    seeds = integers("--seeds", args.seeds, 0, 2 ** 31)
    default = 4096 if args.name == "memorization" else 1024
    largest = integers("--largest", str(args.largest or default), 2,
                       MAX_POINT_INPUTS if args.name == "superposition" else 1 << 20)[0]
    if args.out_dir.exists() and not args.out_dir.is_dir():
        raise InputError(f"--out-dir {args.out_dir}: exists and is not a directory")
    if args.name == "size-growth" and not args.instances:
        raise InputError("study size-growth: --instances FILE is needed (e.g. "
                         "instances/separation.toml and instances/size_growth_20.toml)")
    instances = _instances(args) if args.instances else []
    from minckt.io.store import Store

    with Store(args.store) as store:
        if instances:
            _exact(instances, store, out)
        progress = lambda line: print(f"  {line}", file=out, flush=True)  # noqa: E731
        measured: list | None
        if args.name == "size-growth":
            measured = None
        elif args.name == "memorization":
            from minckt.run.scale import memorization_series

            sizes = [2 ** k for k in range(1, largest.bit_length()) if 2 ** k <= largest]
            print(f"constructions: n = {args.inputs}, N = 2..{sizes[-1]}, seeds {args.seeds}",
                  file=out, flush=True)
            measured = memorization_series(inputs, sizes, seeds, store=store,
                                           progress=progress)
        else:
            from minckt.run.superposition import (
                ALL_PAIRS_INPUTS, STUDY_INPUTS, superposition_series)

            print(f"constructions: pair lists over m = 8..{largest} inputs, all pairs to "
                  f"m = {min(largest, 45)}", file=out, flush=True)
            measured = superposition_series([m for m in STUDY_INPUTS if m <= largest],
                                            [m for m in ALL_PAIRS_INPUTS if m <= largest],
                                            store=store, progress=progress)
    if args.name == "size-growth":
        return _report_growth(args, out)
    if args.name == "memorization":
        return _report(args, measured, out)
    return _report_pairs(args, measured, out)


def _instances(args: argparse.Namespace):
    from minckt.cli.solve import check_backends
    from minckt.io.instances import load_instances
    from dataclasses import replace

    instances = [i for path in args.instances for i in load_instances(path)]
    if args.time_limit is not None:
        instances = [replace(i, params=replace(i.params, time_limit=args.time_limit))
                     for i in instances]
    check_backends(instances)
    return instances


def _exact(instances, store, out: TextIO) -> None:
    from minckt.cli.solve import solved
    from minckt.io.stored import stored_record

    print(f"exact questions: {len(instances)}", file=out)
    print(row(COLUMNS), file=out)
    reused = 0
    for instance in instances:
        record = stored_record(store, instance)
        if record is not None:
            reused += 1
            print(stored_row(instance, record), file=out, flush=True)
        else:
            solved(instance, store, False, out)
    print(f"{len(instances) - reused} solved, {reused} read back from {store.path}", file=out)


def _report(args: argparse.Namespace, measured, out: TextIO) -> int:
    from minckt.report.memorization import memorization_study, write_memorization
    from minckt.report.memorization_scale import plot_scale, scale_fits, scale_markdown
    from minckt.report.records import load_records

    records = load_records([args.store]) if args.instances else []
    study = memorization_study(records)
    try:
        written, _ = write_memorization(records, args.out_dir) if study is not None \
            else ([], [])
        fits = scale_fits(measured)
        table = Path(args.out_dir) / "memorization_scale.md"
        table.parent.mkdir(parents=True, exist_ok=True)
        table.write_text(scale_markdown(measured, fits), encoding="utf-8")
        written += [table, *plot_scale(measured, args.out_dir, study, fits=fits)]
    except OSError as err:
        raise InputError(f"--out-dir {args.out_dir}: cannot write {err.filename or ''}: "
                         f"{err.strerror or err}") from None
    print("fits over the constructions (they describe the constructions):", file=out)
    for fit in fits:
        print(f"  {fit.describe()}", file=out)
    return _written(args, written, out)


def _written(args: argparse.Namespace, written: list[Path], out: TextIO) -> int:
    print(f"wrote {len(written)} file(s) to {args.out_dir}:", file=out)
    for path in written:
        print(f"  {path}", file=out)
    return 0


def _report_growth(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.report.records import load_records
    from minckt.report.separation import write_separation

    try:
        written, study = write_separation(load_records([args.store]), args.out_dir)
    except OSError as err:
        raise InputError(f"--out-dir {args.out_dir}: cannot write {err.filename or ''}: "
                         f"{err.strerror or err}") from None
    if study is None:
        print("no size-growth question in the store (size minimisations of the families of "
              "minckt.report.separation, two values of n at least)", file=out)
    return _written(args, written, out)


def _report_pairs(args: argparse.Namespace, measured, out: TextIO) -> int:
    from minckt.report.records import load_records
    from minckt.report.superposition import write_superposition
    from minckt.report.superposition_scale import pairs_markdown, plot_pairs, wins

    try:
        written = write_superposition(load_records([args.store]), args.out_dir)[0] \
            if args.instances else []
        table = Path(args.out_dir) / "superposition_scale.md"
        table.parent.mkdir(parents=True, exist_ok=True)
        table.write_text(pairs_markdown(measured), encoding="utf-8")
        written += [table, *plot_pairs(measured, args.out_dir)]
    except OSError as err:
        raise InputError(f"--out-dir {args.out_dir}: cannot write {err.filename or ''}: "
                         f"{err.strerror or err}") from None
    won = wins(measured)
    print(f"superposition has fewer hidden neurons than the copy network in {len(won)} of "
          f"{len(measured) // 2} pair lists", file=out)
    return _written(args, written, out)
