"""``minckt lookup HEX``: the least threshold circuit of a function of at most 5 inputs, from
the shipped atlas (`minckt.solve.atlas`); ``minckt lookup --pack STORE --npn N``: sweep every
NPN class of N inputs into STORE (resuming it) and pack the atlas file from its records."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from minckt.cli.common import check_time_limit, check_workers, function_values
from minckt.errors import InputError

__all__ = ["run", "inputs_of"]

#: The inputs of a table by its hex digits (2^n / 4), n = 2..5 (fewer inputs need --n).
_DIGITS = {(1 << n) // 4: n for n in range(2, 6)}


def inputs_of(table: str) -> int:
    """The inputs of a hex table given without --n (2..5 inputs: 1, 2, 4 or 8 digits)."""
    digits = table.strip().lower().removeprefix("0x")
    if len(digits) not in _DIGITS:
        raise InputError(f"table {table!r}: {len(digits)} hex digit(s) name no number of "
                         "inputs (1, 2, 4, 8 digits for 2..5 inputs); give --n N")
    return _DIGITS[len(digits)]


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.pack is not None:
        return _pack(args, out)
    from minckt.io.instances import question_instance
    from minckt.solve.atlas import lookup

    if args.function is None:
        raise InputError("lookup: give a truth table (e.g. 0xE8) or a family with --n, or "
                         "--pack STORE --npn N")
    is_table = args.function.lower().startswith("0x")
    n = args.n if args.n is not None else inputs_of(args.function) if is_table else None
    values, flags = function_values(None if is_table else args.function,
                                    args.function if is_table else None, n, args.param)
    values["name"] = args.function
    result = lookup(question_instance(values, flags).spec)
    if args.json:
        print(json.dumps(result.to_json()), file=out)
        return 0
    print(f"{result.spec.name}: least size {result.value} (OPTIMAL; {result.notes[0]}), "
          f"{result.time_s * 1000:.1f} ms", file=out)
    if result.circuit is not None:  # (an atlas answer always carries its circuit)
        print(result.circuit.to_text(), file=out)
    return 0


def _pack(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.core.problem import SearchParams
    from minckt.io.store import Store
    from minckt.run.sweep import class_instances, sweep, terminal_progress
    from minckt.solve.atlas import MAX_ATLAS_INPUTS, atlas_path, pack

    if args.npn is None or not 0 <= args.npn <= MAX_ATLAS_INPUTS:
        raise InputError(f"--pack: give --npn N with N in 0..{MAX_ATLAS_INPUTS}")
    check_time_limit("--time-limit", args.time_limit)
    check_workers(args.workers)
    target = atlas_path(args.npn, args.out_dir)
    if target.exists() and not args.force:
        raise InputError(f"{target} exists: add --force to replace it")
    params = SearchParams(time_limit=args.time_limit or 120.0,
                          workers=1 if args.workers > 1 else 2)
    instances = class_instances(args.npn, "size", params=params)
    update, close = terminal_progress(len(instances))
    with Store(args.pack) as store:
        try:
            records = list(sweep(instances, store, args.workers, update))
        finally:
            close()
    counts = pack(records, args.npn, target)
    print(f"{target}: {counts['classes']} classes, {counts['gates']} gates, "
          f"{counts['bytes']:,} bytes (from {args.pack})", file=out)
    return 0


def add_parser(verbs) -> None:
    """The `lookup` verb's arguments."""
    lookup_p = verbs.add_parser(
        "lookup", help="the least threshold circuit of a function of at most 5 inputs from "
        "the shipped atlas (OPTIMAL, verified), or --pack the atlas from a class sweep")
    lookup_p.add_argument("function", nargs="?", metavar="HEX|FUNCTION",
                          help="a truth table (0xE8; 1, 2, 4 or 8 hex digits name 2..5 "
                               "inputs) or a family with --n (e.g. MAJORITY --n 5)")
    lookup_p.add_argument("--n", type=int, help="number of inputs (0..5)")
    lookup_p.add_argument("--param", action="append", metavar="KEY=VALUE",
                          help="a family parameter, as for minckt solve; repeatable")
    lookup_p.add_argument("--json", action="store_true",
                          help="print the answer as one JSON object (the results format)")
    lookup_p.add_argument("--pack", type=Path, metavar="STORE",
                          help="sweep every NPN class of --npn N inputs into STORE (resumes "
                               "it) and write the atlas file from its records")
    lookup_p.add_argument("--npn", type=int, metavar="N", help="with --pack: the inputs")
    lookup_p.add_argument("--time-limit", type=float,
                          help="with --pack: seconds per class (default 120)")
    lookup_p.add_argument("--workers", type=int, default=1,
                          help="with --pack: processes solving classes side by side")
    lookup_p.add_argument("--out-dir", type=Path,
                          help="with --pack: directory of the atlas files (default: the "
                               "package's minckt/data/atlas)")
    lookup_p.add_argument("--force", action="store_true",
                          help="with --pack: replace an existing atlas file")
