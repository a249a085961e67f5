"""``minckt bounds FILE``: every applicable lower bound for each instance of a file."""

from __future__ import annotations

import argparse
from typing import TextIO

from minckt.cli.common import select

__all__ = ["run"]


def run(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.bounds import lower_bounds
    from minckt.core.problem import AXES
    from minckt.io.instances import load_instances
    from minckt.solve.caps import size_cap

    instances = select(load_instances(args.file), args.only, args.file)
    for instance in instances:
        cap, note = size_cap(instance.spec, instance.limits, instance.params,
                             instance.objective or ("size" if "size" in instance.axes else None))
        limits = instance.limits.with_("size", cap)
        print(f"{instance.name}: {instance.spec}; limits {limits.to_json()}"
              + (f" ({note})" if note else ""), file=out)
        for axis in AXES:
            for bound in lower_bounds(instance.spec, axis, instance.model, limits):
                name = f" ({bound.name})" if bound.name else ""
                print(f"  {axis} >= {bound.value}{name}: {bound.method} [{bound.reference}]",
                      file=out)
                for assumption in bound.assumptions:
                    print(f"      assumes: {assumption}", file=out)
    return 0
