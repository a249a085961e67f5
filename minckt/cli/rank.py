"""``minckt rank FUNCTION --n N``: the communication rank rk(f), 0/1 and ±1 matrices."""

from __future__ import annotations

import argparse
from typing import TextIO

from minckt.errors import InputError

__all__ = ["run", "spec_from_args", "MAX_RANK_INPUTS"]

#: Most inputs `minckt rank` accepts (CD 14: 6 s, CD 16: 48 s on this project's machines).
MAX_RANK_INPUTS = 16


def spec_from_args(args: argparse.Namespace):
    """The function ranked: a family with its parameters, or --table."""
    from minckt.core.families import family
    from minckt.core.spec import Spec

    if args.n > MAX_RANK_INPUTS:
        raise InputError(f"--n {args.n}: rank takes at most {MAX_RANK_INPUTS} inputs (every "
                         "balanced partition's 2^(n/2) x 2^(n/2) matrix is ranked; CD 16 "
                         "takes about a minute)")
    if args.table:
        return Spec.from_table(args.table, args.n)
    if not args.function:
        raise InputError("give a family name (e.g. CD) or --table 0x...")
    params = {k: v for k, v in (("k", args.k), ("m", args.m), ("seed", args.seed))
              if v is not None}
    return family(args.function, args.n, **params)


def run(args: argparse.Namespace, out: TextIO) -> int:
    import time

    from minckt.bounds.rank import best_partition_rank

    spec = spec_from_args(args)
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
