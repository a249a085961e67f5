"""``minckt study memorization``: the memorization study in one command, resumable.

Three steps, each reading back what the store already holds: the exact questions of an
instance file (`--instances`, solved as `minckt solve --store` solves them), the
constructions past exact search on random data sets (`minckt.run.scale`), then the tables
and figures (`minckt.report.memorization` for the exact answers,
`minckt.report.memorization_scale` for all three kinds of marks)."""

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
    largest = integers("--largest", str(args.largest), 2, 1 << 20)[0]
    if args.out_dir.exists() and not args.out_dir.is_dir():
        raise InputError(f"--out-dir {args.out_dir}: exists and is not a directory")
    instances = _instances(args) if args.instances else []
    from minckt.io.store import Store
    from minckt.run.scale import memorization_series

    with Store(args.store) as store:
        if instances:
            _exact(instances, store, out)
        sizes = [2 ** k for k in range(1, largest.bit_length()) if 2 ** k <= largest]
        print(f"constructions: n = {args.inputs}, N = 2..{sizes[-1]}, seeds {args.seeds}",
              file=out, flush=True)
        measured = memorization_series(inputs, sizes, seeds, store=store,
                                       progress=lambda line: print(f"  {line}", file=out,
                                                                   flush=True))
    return _report(args, measured, out)


def _instances(args: argparse.Namespace):
    from minckt.cli.solve import check_backends
    from minckt.io.instances import load_instances
    from dataclasses import replace

    instances = load_instances(args.instances)
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

    study = memorization_study(load_records([args.store])) if args.instances else None
    try:
        written, _ = write_memorization(load_records([args.store]), args.out_dir) \
            if study is not None else ([], [])
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
    print(f"wrote {len(written)} file(s) to {args.out_dir}:", file=out)
    for path in written:
        print(f"  {path}", file=out)
    return 0
