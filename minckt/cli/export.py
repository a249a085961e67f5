"""``minckt export DB``: the records of a results database, as JSON lines or CSV."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from minckt.errors import InputError

__all__ = ["run", "EXPORT_FIELDS", "where_of"]

#: The CSV columns of `minckt export` (the metrics follow, one column each).
EXPORT_FIELDS = ("name", "kind", "status", "objective", "value", "lower_bound",
                 "lower_bound_source", "backend", "time_s", "class", "class_size", "key",
                 "version")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Every record of a results database, as JSON lines or CSV, on standard output."""
    import csv

    from minckt.core.circuit import METRIC_NAMES
    from minckt.io.store import read_records, require_store

    require_store(args.db)  # before the --where filters, as always
    records = read_records(args.db, where_of(args.where))
    if args.format == "jsonl":
        for record in records:
            print(json.dumps(record), file=out)
        return 0
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*EXPORT_FIELDS, *METRIC_NAMES])
    for record in records:
        metrics = record.get("metrics") or {}
        writer.writerow([*(record.get(f, "") for f in EXPORT_FIELDS),
                         *(metrics.get(m, "") for m in METRIC_NAMES)])
    return 0


def where_of(items: list[str] | None) -> dict[str, str]:
    """The --where FIELD=VALUE filters, as a dict."""
    where = {}
    for item in items or ():
        field, sep, value = item.partition("=")
        if not sep or not field:
            raise InputError(f"--where {item!r}: expected FIELD=VALUE, e.g. status=OPTIMAL")
        where[field] = value
    return where
