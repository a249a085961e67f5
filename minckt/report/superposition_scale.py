"""The superposition study past exact search: hidden neurons and parameters of Adler–Shavit's
construction against the copy network, for m′ pairwise ANDs up to m = 1,024 inputs
(`minckt.run.superposition`; docs/studies/superposition.md).

Marks: constructions hollow (superposition) or as grey lines (the copy network), the proven
lower bound ⌈log2(distinct output vectors)⌉ on hidden neurons as grey bars, and the shapes of
Adler–Shavit's lower bounds, √(m′ log2 m′) neurons and m′ log2 m′ parameters, drawn with
the constant 1 because the paper's constants are not known: their slope is the claim, not
their height.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

from minckt.report.common import pyplot
from minckt.report.studies import write_figure
from minckt.report.tables import markdown_table
from minckt.run.superposition import PAIR_LISTS, PairsMeasured

__all__ = ["pairs_markdown", "pairs_figure", "plot_pairs", "wins"]

#: The pair lists drawn (the table has every one).
_DRAWN = {"matching": ("^", "C0"), "all": ("D", "C3")}


def wins(measured: Sequence[PairsMeasured]) -> list[tuple[str, int, int, int]]:
    """(pair list, m, superposition's hidden, copy network's hidden) where superposition
    has fewer hidden neurons."""
    by = {(p.construction, p.pairs_kind, p.m): p for p in measured}
    found = []
    for (construction, kind, m), p in sorted(by.items(), key=lambda i: (i[0][1], i[0][2])):
        copy = by.get(("copy network", kind, m))
        if construction == "superposition" and copy is not None and p.hidden < copy.hidden:
            found.append((kind, m, p.hidden, copy.hidden))
    return found


def pairs_markdown(measured: Sequence[PairsMeasured]) -> str:
    """One row per pair list and m: both networks side by side, with the lower bound."""
    by = {(p.construction, p.pairs_kind, p.m): p for p in measured}
    rows = []
    for kind in PAIR_LISTS:
        for m in sorted({p.m for p in measured if p.pairs_kind == kind}):
            sup, copy = by.get(("superposition", kind, m)), by.get(("copy network", kind, m))
            first = sup or copy
            if first is None:  # (m comes from a measurement of this pair list)
                continue
            rows.append([kind, str(m), str(first.outputs), str(first.points),
                         str(first.lower_hidden),
                         str(sup.hidden) if sup else "", str(copy.hidden) if copy else "",
                         str(sup.params) if sup else "", str(copy.params) if copy else ""])
    won = wins(measured)
    out = ["# Superposition past exact search: pairwise AND under at most 2 ones", "",
           "Every network verified on every row with at most two ones (the points column). "
           "Hidden ≥ is ⌈log2(distinct output vectors)⌉, counted on those rows, for networks "
           "whose outputs read only binary hidden gates.", ""]
    out += markdown_table(["pairs", "m", "m′", "points", "hidden ≥", "hidden (superposition)",
                           "hidden (copy)", "params (superposition)", "params (copy)"], rows)
    out += ["", "## Where superposition uses fewer hidden neurons than the copy network", ""]
    out += [f"- {kind}, m = {m}: {mine} against {theirs}" for kind, m, mine, theirs in won] \
        or ["- nowhere at these sizes"]
    return "\n".join(out) + "\n"


def _panel(axes, measured: Sequence[PairsMeasured], resource: str) -> None:
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    xs: list[int] = []
    for kind, (marker, colour) in _DRAWN.items():
        for construction in ("superposition", "copy network"):
            points = sorted((p.outputs, getattr(p, resource)) for p in measured
                            if (p.construction, p.pairs_kind) == (construction, kind))
            if not points:
                continue
            xs += [x for x, _ in points]
            if construction == "superposition":
                axes.plot(*zip(*points), marker, color=colour, markerfacecolor="none",
                          linestyle="-", linewidth=0.8,
                          label=f"superposition, {kind} pairs")
            else:
                axes.plot(*zip(*points), color="grey",
                          linestyle="-" if kind == "matching" else "--",
                          label=f"copy network, {kind} pairs")
    if resource == "hidden":
        lower = sorted({(p.outputs, p.lower_hidden) for p in measured})
        if lower:
            axes.plot(*zip(*lower), "_", color="black", markersize=10, markeredgewidth=2,
                      label="proven lower bound ⌈log2(m′ + 1)⌉")
    if xs:
        grid = sorted(set(xs))
        shape = (lambda x: math.sqrt(x * math.log2(x))) if resource == "hidden" \
            else (lambda x: x * math.log2(x))
        text = "√(m′ log2 m′)" if resource == "hidden" else "m′ log2 m′"
        axes.plot(grid, [shape(max(x, 2)) for x in grid], ":", color="black",
                  label=f"{text}: Adler–Shavit's lower bound's shape, constant unknown")
    axes.set_xscale("log", base=2)
    axes.set_yscale("log")
    for axis in (axes.xaxis, axes.yaxis):
        axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_locator(NullLocator())
    axes.set_xlabel("m′, the pairs (log scale)")
    axes.set_ylabel(f"{resource} (log scale)")
    axes.set_title("hidden neurons" if resource == "hidden" else
                   "parameters (wires + one bias per gate)")
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize="x-small", loc="upper left")


def pairs_figure(measured: Sequence[PairsMeasured]):
    """Two panels against m′ on log-log axes; the caller closes the figure."""
    plt = pyplot()
    figure, grid = plt.subplots(1, 2, figsize=(13, 5.2))
    _panel(grid[0], measured, "hidden")
    _panel(grid[1], measured, "params")
    figure.suptitle("Pairwise AND under at most 2 ones: superposition (hollow) against one "
                    "neuron per input (grey), every network verified")
    figure.tight_layout()
    return figure


def plot_pairs(measured: Sequence[PairsMeasured], directory: str | Path,
               stem: str = "superposition_scale") -> list[Path]:
    """``<stem>.png`` and ``<stem>.svg`` of `pairs_figure` in `directory`."""
    return write_figure(pairs_figure(measured), directory, stem)
