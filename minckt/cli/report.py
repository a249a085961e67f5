"""``minckt report RESULTS...``: tables, plots and circuit drawings, each optimum beside the
proven lower bounds, and the fits of the studies the records hold."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable, TextIO

from minckt.errors import InputError

__all__ = ["run", "print_studies"]


def run(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.report import load_records, to_markdown, write_report

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
    if written.rows:  # a store of class records only has its atlas, no main table
        print(to_markdown(written.rows), file=out)
    print(f"wrote {len(written.files)} file(s) to {args.out_dir}:", file=out)
    for path in written.files:
        if path.parent.name != "circuits":
            print(f"  {path}", file=out)
    drawn = sum(1 for p in written.files if p.parent.name == "circuits")
    if drawn:
        print(f"  {drawn} circuit drawing file(s) in {Path(args.out_dir) / 'circuits'}",
              file=out)
    print_studies(written, out)
    for message in written.messages:
        print(f"note: {message}", file=out)
    return 0


def print_studies(written, out: TextIO) -> None:
    """The fits of the memorization, superposition and size-growth studies a report holds."""
    from minckt.report import size_growth_table, superposition_table

    if written.memorization:
        print("memorization study: c fitted by least squares to each series (references, not "
              "bounds):", file=out)
        for fit in written.memorization:
            print(f"  {fit.describe()}", file=out)
    studies: tuple[tuple[Any, Callable[[Any], str], str], ...] = (
        (written.superposition, superposition_table,
         "superposition study (PAIRWISE_AND; Adler–Shavit curves fitted by least squares, "
         "references, not bounds):"),
        (written.separation, size_growth_table,
         "size-growth study (least size against n; a·n, a·n/log2 n, a·log2 n fitted to the "
         "proven threshold sizes, references, not bounds):"))
    for study, table, title in studies:
        if study is not None:
            print(title, file=out)
            print(table(study), file=out)
            for fit in study.fits():
                print(f"  {fit.describe()}", file=out)
