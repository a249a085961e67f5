"""``minckt sweep``: one question asked of every NPN class of N-input functions (--npn N), or
of the sources of a sweep file, in parallel, into a store; a histogram of the answers."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from minckt.cli.common import check_time_limit, check_workers
from minckt.errors import InputError

__all__ = ["run", "run_npn", "run_file", "Tally"]


def run(args: argparse.Namespace, out: TextIO) -> int:
    """`minckt sweep --npn N`: the class records into the store, and a histogram of the
    optima over classes and over functions (weighted by class size); `minckt sweep FILE`:
    the same for the sources of a sweep file (`minckt.run.sweepfile`)."""
    if (args.npn is None) == (args.file is None):
        raise InputError("sweep: give --npn N (every NPN class of N-input functions) or a sweep "
                         "file FILE.toml" + (", not both" if args.npn is not None else ""))
    check_time_limit("--time-limit", args.time_limit)
    check_workers(args.workers)
    if args.file is not None:
        return run_file(args, out)
    return run_npn(args, out)


def run_npn(args: argparse.Namespace, out: TextIO) -> int:
    """`minckt sweep --npn N` (the flags already checked)."""
    from minckt.core.problem import SearchParams, check_axis
    from minckt.io.store import Store
    from minckt.run.sweep import class_instances, sweep, terminal_progress

    objective = check_axis("size" if args.minimize is None else args.minimize)
    params = SearchParams(time_limit=args.time_limit, workers=1 if args.workers > 1 else 2)
    instances = class_instances(args.npn, objective, params=params, sample=args.sample,
                                seed=0 if args.seed is None else args.seed)
    store = Store(args.store) if args.store else None
    update, close = terminal_progress(len(instances))
    tally = Tally(frontier=False)
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


class Tally:
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


def run_file(args: argparse.Namespace, out: TextIO) -> int:
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
    tally = Tally(frontier=bool(plan.axes), histogram=plan.objective is not None
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
        least = ", and the least size of each" if plan.size_slack is not None else ""
        print(f"store {args.store}: {tally.records} record(s){least}", file=out)
    return 0
