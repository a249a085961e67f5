"""``minckt bench``: run the benchmark suite (JSON report), or compare two reports."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from minckt.cli.common import Sink, check_time_limit
from minckt.errors import InputError

__all__ = ["run", "compare_reports", "checked"]


def run(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.run.bench import run_suite

    if args.compare:
        return compare_reports(args, out)
    files, configs = checked(args)
    sink = Sink(Path(args.out), "--out", files, args.force, False,
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


def compare_reports(args: argparse.Namespace, out: TextIO) -> int:
    """`minckt bench --compare OLD NEW`: exit status 0 when the optima agree, else 1."""
    from minckt.run.bench import compare, load_report

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


#: Benchmark files the default suite leaves out: `minckt bench instances/bench/open.toml`.
OPEN_FILES = ("open.toml",)


def checked(args: argparse.Namespace) -> tuple[list[Path], list[str]]:
    """The instance files and configs of a run, every flag checked (and every file loaded
    with --only) before anything runs."""
    from minckt.io.instances import load_instances
    from minckt.run.bench import CONFIGS

    files = [Path(f) for f in args.files]
    if not files and args.npn is None:
        # the open questions (10 minutes each) run only when named
        files = sorted(f for f in Path("instances/bench").glob("*.toml")
                       if f.name not in OPEN_FILES)
    if not files and args.npn is None:
        raise InputError("no benchmark files given and instances/bench/*.toml not found "
                         "(run from the repository root or name the files)")
    configs = [c.strip() for c in (args.configs or "default,core").split(",")]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise InputError(f"unknown config(s) {', '.join(unknown)}; expected "
                         f"{', '.join(CONFIGS)}")
    check_time_limit("--time-limit", args.time_limit)
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
    return files, configs
