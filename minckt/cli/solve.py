"""``minckt solve FILE``: every instance of an instance file, a table row as each completes,
and the records into --out (JSON lines) and --store (SQLite)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol, TextIO

from minckt.cli.common import (
    COLUMNS, EXIT_UNKNOWN, Progress, Sink, check_time_limit, check_workers, function_values,
    made_dir, result_rows, row, select, stored_row,
)
from minckt.errors import InputError

if TYPE_CHECKING:  # the library is imported where the verb needs it (start-up)
    from minckt.io.records import Instance
    from minckt.io.store import Store
    from minckt.solve.result import Frontier, Result

__all__ = ["run", "instances_of", "overrides", "check_backends", "open_store", "solved",
           "certificate_line"]


def run(args: argparse.Namespace, out: TextIO) -> int:
    # the flags first: their errors answer before the library is loaded
    check_time_limit("--time-limit", args.time_limit)
    check_workers(args.workers)
    instances = instances_of(args)
    circuits = _circuit_dir(args, instances)
    streaming = args.out is not None and str(args.out) == "-"
    table: _Writer = sys.stderr if streaming else out
    if args.quiet:
        table = _Silent()
    store = open_store(args)
    sources = [args.file] if args.file is not None and _is_file_question(args) else []
    sink: Sink | _Stream | None = None
    if streaming:
        sink = _Stream(out)
    elif args.out:
        sink = Sink(args.out, "--out", sources, args.force, args.append,
                    "--append adds to it, --force replaces it")
    reused = unknown = 0
    lookup: Callable[[Store, Instance], dict | None] | None = None
    if store is not None and not args.resolve:
        from minckt.io.stored import stored_record as lookup
    try:
        print(row(COLUMNS), file=table)
        with Progress(len(instances), enabled=False if args.quiet else None) as progress:
            for instance in instances:
                progress.step(instance.name)
                record = None if lookup is None or store is None else lookup(store, instance)
                if record is not None:  # answered before: read back, not re-solved
                    reused += 1
                    print(stored_row(instance, record), file=table, flush=True)
                else:
                    record = solved(instance, store, args.show_circuits or args.verbose, table,
                                    verbose=args.verbose)
                if circuits is not None:
                    _write_circuits(circuits, args.circuit_format, instance.name, record)
                unknown += record.get("status") == "UNKNOWN"
                if sink:
                    sink.write(json.dumps(record) + "\n")
                progress.done()
    finally:
        if sink:
            sink.close()
        if store is not None:
            store.close()
    if args.out and not streaming:
        print(f"wrote {len(instances)} result(s) to {args.out}", file=table)
    if store is not None:
        print(f"store {args.store}: {len(instances) - reused} result(s) written, {reused} read "
              "back", file=table)
    if unknown and args.strict:
        print(f"minckt: {unknown} of {len(instances)} answer(s) UNKNOWN (--strict: exit status "
              f"{EXIT_UNKNOWN})", file=sys.stderr)
        return EXIT_UNKNOWN
    return 0


def _circuit_dir(args: argparse.Namespace, instances: list[Instance]) -> Path | None:
    """--circuit-dir, made now, with no file of this run's names in it unless --force."""
    from minckt.cli.common import CIRCUIT_FORMATS

    if args.circuit_format is None:
        if args.circuit_dir is not None:
            raise InputError("--circuit-dir goes with --circuit-format (blif, aag, aig, bench, "
                             "verilog, dot, json)")
        return None
    folder = Path(made_dir("--circuit-dir", str(args.circuit_dir or "circuits")))
    suffix = CIRCUIT_FORMATS[args.circuit_format]
    for instance in instances:
        taken = sorted(folder.glob(f"{instance.name}{suffix}")) + \
            sorted(folder.glob(f"{instance.name}-[0-9]*{suffix}"))
        if taken and not args.force:
            raise InputError(f"--circuit-dir {folder}: {taken[0].name} exists; --force "
                             "replaces it")
    return folder


def _write_circuits(folder: Path, kind: str, name: str, record: dict) -> None:
    """The circuits of one answer (a frontier's points numbered from 1) in `kind`."""
    from minckt.cli.common import CIRCUIT_FORMATS, circuit_file
    from minckt.core.circuit import Circuit

    suffix = CIRCUIT_FORMATS[kind]
    if record.get("kind") == "frontier":
        found = [(f"{name}-{k}", p.get("circuit")) for k, p in
                 enumerate(record.get("points") or [], start=1)]
    else:
        found = [(name, record.get("circuit"))]
    for stem, data in found:
        if data is None:
            continue
        text = circuit_file(Circuit.from_json(data), kind)
        path = folder / f"{stem}{suffix}"
        try:
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        except OSError as err:
            raise InputError(f"--circuit-dir {folder}: cannot write {path.name}: "
                             f"{err.strerror}") from None


class _Writer(Protocol):
    """Where the table's rows go: a text stream, or nowhere (--quiet)."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...


class _Silent:
    """Where --quiet sends the table."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


class _Stream:
    """--out -: the JSON lines on stdout, each flushed as it comes."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def close(self) -> None:
        pass


#: The flag of each instance key a question on the command line sets (for its errors).
_FLAGS = {"n": "--n", "truth_table": "--table", "care": "--care", "function": "FUNCTION",
          "minimize": "--minimize", "frontier": "--frontier", "gate": "--gate",
          "resolution": "--resolution", "conditional": "--conditional", "layers": "--layers",
          "name": "--name"}


def _is_file_question(args: argparse.Namespace) -> bool:
    return args.n is None and args.table is None and args.function_file is None


def instances_of(args: argparse.Namespace) -> list[Instance]:
    """The instances of the file (those of --only), or the one question of the flags, with
    the flags' overrides, checked."""
    if _is_file_question(args):
        from minckt.io.instances import load_instances

        if args.file is None:
            raise InputError("give an instance file, or a question: FUNCTION --n N or "
                             "--table HEX --n N (see minckt solve --help)")
        asked = [flag for flag, value in _question_flags(args).items() if value]
        if asked:
            raise InputError(f"{asked[0]} goes with a question on the command line (FUNCTION "
                             f"--n N or --table HEX --n N), not with the instance file "
                             f"{args.file}")
        instances = select(load_instances(args.file), args.only, args.file)
    else:
        instances = [_question(args)]
    changes = overrides(args)
    if changes:
        instances = [replace(i, params=replace(i.params, **changes)) for i in instances]
    check_backends(instances)
    return instances


def _question_flags(args: argparse.Namespace) -> dict[str, object]:
    from minckt.core.problem import AXES

    flags = {"--care": args.care, "--param": args.param, "--minimize": args.minimize,
             "--frontier": args.frontier, "--gate": args.gate, "--resolution":
             args.resolution, "--conditional": args.conditional, "--layers": args.layers,
             "--name": args.name}
    flags.update({f"--{axis}": getattr(args, axis) for axis in AXES})
    return flags


def _question(args: argparse.Namespace) -> Instance:
    """The instance of a question asked with flags (the keys of an instance file)."""
    from minckt.core.problem import AXES
    from minckt.io.instances import question_instance

    if args.only:
        raise InputError("--only picks instances of a file; a question on the command line is "
                         "one instance")
    if args.function_file is not None:  # the function from a file (PLA, table, circuit)
        if args.file is not None or args.table is not None or args.param:
            raise InputError("--function-file is the function: give no FUNCTION, --table or "
                             "--param with it")
        values: dict[str, object] = {"function_file": str(args.function_file)}
        named = {"function_file": "--function-file", "n": "--n"}
        if args.n is not None:
            values["n"] = args.n
    else:
        values, named = function_values(None if args.file is None else str(args.file),
                                        args.table, args.n, args.param)
    flags = {**_FLAGS, **named}
    for key, value in (("care", args.care), ("minimize", args.minimize), ("gate", args.gate),
                       ("resolution", args.resolution)):
        if value is not None:
            values[key] = value
    if args.frontier is not None:
        values["frontier"] = [a.strip() for a in args.frontier.split(",")]
    if args.conditional:
        values["conditional"] = True
    if args.layers is not None:
        try:
            values["layers"] = [int(w) for w in args.layers.split(",")]
        except ValueError:
            raise InputError(f"--layers {args.layers!r}: expected comma-separated widths, "
                             "e.g. 4,1") from None
    for axis in AXES:
        if getattr(args, axis) is not None:
            values[axis] = getattr(args, axis)
            flags[axis] = f"--{axis}"
    label = values.get("function") or (args.table or "").split(",")[0]
    values["name"] = args.name or (args.function_file.name if args.function_file is not None
                                   else f"{label}-n{args.n}")
    return question_instance(values, flags)


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The search parameters the flags replace (--backend, --time-limit, --workers, --dump,
    --certify, --certify-dir); a directory named is made now."""
    from minckt.encode.registry import backend_names

    changes: dict[str, Any] = {}
    if args.backend is not None:
        names = ["auto", *backend_names()]
        if args.backend not in names:
            raise InputError(f"--backend {args.backend!r}: expected one of {', '.join(names)}")
        changes["backend"] = args.backend
    if args.time_limit is not None:
        changes["time_limit"] = args.time_limit
    if args.workers is not None:
        changes["workers"] = args.workers
    if args.dump is not None:
        changes["dump_dir"] = made_dir("--dump", args.dump)
    if args.certify or args.certify_dir is not None:
        changes["certify"] = True
    if args.certify_dir is not None:
        changes["certify_dir"] = made_dir("--certify-dir", args.certify_dir)
    return changes


def check_backends(instances: list[Instance]) -> None:
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


def open_store(args: argparse.Namespace) -> Store | None:
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


def solved(instance: Instance, store: Store | None, show_circuits: bool, out: _Writer,
           verbose: bool = False) -> dict:
    """Solve `instance`, write its record to `store`, print its rows (its circuits too with
    --show-circuits, the steps of the search with `verbose`, its notes, its certificate) and
    return the record."""
    from minckt.io.instances import solve_instance
    from minckt.io.records import result_record
    from minckt.solve.result import Frontier

    result = solve_instance(instance)
    record = result_record(instance, result)
    if store is not None:
        store.put(record, instance.params.time_limit)
    for line in result_rows(instance, result):
        print(line, file=out, flush=True)
    if show_circuits:
        circuits = result.points if isinstance(result, Frontier) else [result]
        for r in circuits:
            if r.circuit is not None:
                print(r.circuit.to_text(), file=out)
    if verbose:
        points = result.points if isinstance(result, Frontier) else [result]
        for step in (s for r in points for s in r.steps):
            value = "" if step.value is None else f", value {step.value}"
            asked = ", ".join(f"{a} <= {step.limits.get(a)}" for a in step.limits.bounded())
            print(f"    step: {step.size} gate slot(s), {asked or 'no limit'}: "
                  f"{step.status.value}{value}, {step.time_s:.2f} s", file=out)
    for note in result.notes:
        print(f"    note: {note}", file=out)
    certified = certificate_line(result)
    if certified:
        print(f"    certificate: {certified}", file=out)
    return record


def certificate_line(result: Result | Frontier) -> str:
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
