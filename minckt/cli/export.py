"""``minckt export DB``: the records of a results database, as JSON lines or CSV."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from minckt.errors import InputError

__all__ = ["run", "EXPORT_FIELDS", "where_of"]

#: The CSV columns of `minckt export` taken from the record as they are; then "gate" (the
#: gate model, e.g. "relu R=2") and "limits" (the limits the user set, without the search's
#: own size cap, e.g. "size<=5 depth<=2"), then the metrics, one column each.
EXPORT_FIELDS = ("name", "kind", "status", "objective", "value", "lower_bound",
                 "lower_bound_source", "backend", "time_s", "class", "class_size", "key",
                 "version")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Every record of a results database, as JSON lines or CSV, on standard output."""
    import csv

    from minckt.core.circuit import METRIC_NAMES
    from minckt.io.store import matches, read_records, require_store

    require_store(args.db)  # before the --where filters, as always
    where = where_of(args.where)
    every = read_records(args.db)
    check_where(where, every, args.db)
    records = [r for r in every if matches(r, where)]
    if args.format == "jsonl":
        for record in records:
            print(json.dumps(record), file=out)
        return 0
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*EXPORT_FIELDS, "gate", "limits", *METRIC_NAMES])
    for record in records:
        metrics = record.get("metrics") or {}
        writer.writerow([*(record.get(f, "") for f in EXPORT_FIELDS), *_question(record),
                         *(metrics.get(m, "") for m in METRIC_NAMES)])
    return 0


def _question(record: dict) -> tuple[str, str]:
    """The gate model and the user's limits of a record, as two CSV cells."""
    from minckt.report.common import gate_label
    from minckt.report.records import Record
    from minckt.report.tables import user_limits

    wrapped = Record(record, str(record.get("name", "")))
    if "gate" not in record and "limits" not in record:
        return "", ""
    limits = user_limits(wrapped)
    text = " ".join(f"{a}<={limits.get(a)}" for a in limits.bounded())
    if limits.conditional:
        text = (text + " conditional").strip()
    return gate_label(wrapped.model()), text


def check_where(where: dict[str, str], records: list[dict], db: object) -> None:
    """An unknown field (none of the database's records has it) or a value of the wrong
    kind (a status that is none, a number that is not one) is an error, not 0 rows."""
    from minckt.core.status import Status

    if not where or not records:
        return
    fields = sorted({k for r in records for k in r})
    for field, value in where.items():
        if field not in fields:
            raise InputError(f"--where {field}={value}: no record of {db} has the field "
                             f"{field!r}; fields: {', '.join(fields)}")
        if field == "status" and value not in {s.value for s in Status}:
            raise InputError(f"--where status={value}: expected one of "
                             f"{', '.join(s.value for s in Status)}")
        kinds = {type(r[field]) for r in records if r.get(field) is not None}
        if kinds and kinds <= {int} and not value.lstrip("-").isdigit():
            raise InputError(f"--where {field}={value}: expected an integer (the records' "
                             f"{field} is one)")


def where_of(items: list[str] | None) -> dict[str, str]:
    """The --where FIELD=VALUE filters, as a dict."""
    where = {}
    for item in items or ():
        field, sep, value = item.partition("=")
        if not sep or not field:
            raise InputError(f"--where {item!r}: expected FIELD=VALUE, e.g. status=OPTIMAL")
        where[field] = value
    return where
