"""Pareto frontiers over two or three resources, walked on a shared runner."""

from __future__ import annotations

from dataclasses import replace

from minckt import bounds
from minckt.core.problem import Limits
from minckt.core.status import Status
from minckt.errors import InternalError
from minckt.solve.result import Result
from minckt.solve.runner import Runner
from minckt.solve.walks import minimize_walk, until_interrupted

__all__ = ["frontier_walk", "axis_cap", "pareto"]


def axis_cap(runner: Runner, axis: str, limits: Limits) -> int:
    """Largest value worth sweeping on `axis` (the limit, or what `size` slots allow)."""
    size, n = limits.require("size"), runner.spec.n
    wires = sum(n + j for j in range(size))
    natural = {"size": size, "depth": size, "energy": size, "fanin": n + size - 1,
               "wires": wires, "evaluated": size, "ops": size + wires, "hidden": size,
               "params": size + wires}
    if axis == "weight":
        from minckt.core.ranges import encodable_weight
        natural["weight"] = encodable_weight(runner.model, n + size - 1, size - 1)[0]
    high = natural[axis]
    limit = limits.get(axis)
    return high if limit is None else min(high, limit)


def frontier_walk(runner: Runner, axes: tuple[str, ...], limits: Limits,
                  interruptible: bool = False) -> tuple[list[Result], bool, bool]:
    """(points, complete, any circuit exists) for 2 or 3 axes.  With `interruptible`, a
    KeyboardInterrupt (not the command line's `Interrupted`) ends the walk with the points
    found so far, the frontier incomplete."""
    candidates: list[Result] = []
    return until_interrupted(runner, lambda: _frontier(runner, axes, limits, candidates),
                             lambda: (pareto(candidates, axes), False, bool(candidates)),
                             interruptible)


def _frontier(runner: Runner, axes: tuple[str, ...], limits: Limits,
              candidates: list[Result]) -> tuple[list[Result], bool, bool]:
    """`frontier_walk`'s body, adding each point to `candidates` as it is found."""
    outer = axes[-1]
    inner = axes[:-1]
    start = minimize_walk(runner, outer, limits)
    if start.status in (Status.INFEASIBLE, Status.UNKNOWN):
        return [], start.status is Status.INFEASIBLE, False
    if start.value is None:
        raise InternalError(f"a {start.status.value} minimisation came without its value")
    complete = start.status is Status.OPTIMAL
    best_inner = None
    for value in range(start.value, axis_cap(runner, outer, limits) + 1):
        sliced = limits.tighten(outer, value)
        if outer == "size":
            sliced = sliced.with_("size", value)
        if len(inner) == 1:
            found = minimize_walk(runner, inner[0], sliced)
            if found.status in (Status.UNKNOWN, Status.INFEASIBLE):
                complete = complete and found.status is Status.INFEASIBLE
                if found.status is Status.UNKNOWN:
                    break
                continue
            candidates.append(found)
            if found.status is not Status.OPTIMAL:
                complete = False
                break
            if best_inner is None:
                best_inner = minimize_walk(runner, inner[0], limits)
            least = best_inner.value if best_inner.status is Status.OPTIMAL else None
            if least is not None and found.value is not None and found.value <= least:
                break
        else:
            sub, sub_complete, _ = frontier_walk(runner, inner, sliced)
            candidates.extend(sub)
            if not sub_complete:
                complete = False
                break
    if not candidates and start.found:
        # time ran out before any slice was minimised: the circuit that minimised the outer
        # axis is still a point, with nothing proven about the inner axes
        bound = bounds.strongest(runner.spec, inner[0], runner.model,
                                 limits.tighten(outer, start.value))
        candidates.append(replace(start, status=Status.FEASIBLE, objective=inner[0],
                                  value=start.measured(inner[0]), lower_bound=bound.value,
                                  lower_bound_source=f"bound: {bound.method}",
                                  bound=bound))
    return pareto(candidates, axes), complete, True


def pareto(candidates: list[Result], axes: tuple[str, ...]) -> list[Result]:
    """Candidates whose coordinates no other candidate weakly dominates (first kept on ties)."""
    kept: list[Result] = []
    coords = [tuple(c.measured(a) for a in axes) for c in candidates]
    for i, point in enumerate(coords):
        dominated = any(
            all(o <= p for o, p in zip(other, point)) and (other != point or j < i)
            for j, other in enumerate(coords) if j != i
        )
        if not dominated:
            kept.append(candidates[i])
    return sorted(kept, key=lambda r: tuple(r.measured(a) for a in reversed(axes)))
