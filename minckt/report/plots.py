"""Plots (matplotlib, Agg backend, PNG and SVG): the energy–depth frontier of each family
against the bound's curve (`plot_energy_depth`), minimal size against n (`plot_size_vs_n`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from minckt.report.records import Record, is_class_record
from minckt.report.common import gate_label, marker_key, pyplot, save_figure, slug
from minckt.report.tables import Row, bounds_for, limits_text, rows

__all__ = ["EnergyDepthSeries", "energy_depth_series", "plot_energy_depth", "SizeSeries",
           "size_series", "plot_size_vs_n", "integer_ticks"]


@dataclass(frozen=True)
class EnergyDepthSeries:
    """One frontier's curve: the least energy at each depth, and the bound's curve.

    `depths` runs from 1 to one past the deepest point (within the size limit) when the
    frontier is complete, else to the deepest point found.  At depths below the shallowest
    point `energies` is None, and `infeasible` says whether no circuit is proven there.
    """

    family: str
    n: int
    label: str
    depths: tuple[int, ...]
    energies: tuple[int | None, ...]  # the least energy found at depth <= d
    proven: tuple[bool, ...]          # whether that energy is proven minimal at depth <= d
    infeasible: tuple[bool, ...]      # proven: no circuit at all at depth <= d
    bound: tuple[int | None, ...]     # the strongest proven lower bound at depth <= d


def energy_depth_series(records: Sequence[Record]) -> list[EnergyDepthSeries]:
    """A series for each energy–depth frontier record (axes energy and depth, either order)."""
    series = []
    for record in records:
        axes = record.get("frontier") or []
        if sorted(axes) != ["depth", "energy"]:
            continue
        spec, model, limits = record.spec(), record.model(), record.limits()
        points = [p for p in record.get("points") or [] if p.get("coordinates")]
        if not points:
            continue
        coords = sorted((int(p["coordinates"]["depth"]), int(p["coordinates"]["energy"]),
                         p.get("status") == "OPTIMAL") for p in points)
        complete = record.get("status") == "OPTIMAL"
        deepest = coords[-1][0] + (1 if complete else 0)
        if limits.size is not None:
            deepest = max(coords[-1][0], min(deepest, limits.size))
        energies, proven, infeasible, bound = [], [], [], []
        for depth in range(1, deepest + 1):
            reached = [c for c in coords if c[0] <= depth]
            best = min(reached, key=lambda c: c[1]) if reached else None
            energies.append(best[1] if best else None)
            # beyond the deepest point the energy is proven only for a complete frontier
            proven.append(bool(best) and best[2] and (complete or depth <= coords[-1][0]))
            infeasible.append(best is None and complete)
            _, value, _ = bounds_for(spec, "energy", model, limits.tighten("depth", depth))
            bound.append(value)
        label = f"n = {spec.n}" + (f", s ≤ {limits.size}" if limits.size else "")
        if model.kind != "threshold":
            label += f", {gate_label(model)}"
        series.append(EnergyDepthSeries(record.family, spec.n, label,
                                        tuple(range(1, deepest + 1)), tuple(energies),
                                        tuple(proven), tuple(infeasible), tuple(bound)))
    return series


def _series_key(colour: str, label: str):
    from matplotlib.lines import Line2D

    return Line2D([], [], color=colour, marker="o", label=label)


def _bound_line(axes, points: list[tuple[float, int | None]], colour: str) -> None:
    """The strongest bound's curve, dotted in the series' colour (None: no bound there)."""
    shown = [(x, b) for x, b in points if b is not None]
    if shown:
        axes.plot([x for x, _ in shown], [b for _, b in shown], ":", color=colour, linewidth=2)


def integer_ticks(axes, x: bool = True, y: bool = True) -> None:
    """Major ticks at integers only on the chosen (linear) axes of `axes`, after plotting.

    `MaxNLocator(integer=True)` keeps to integers only while at least ``min_n_ticks``
    integers lie in view, and falls back to fractional ticks otherwise: one n, its series
    nudged sideways, was labelled 2.84, 2.88, ...  So the locator needs one integer in view,
    and a view narrower than 1 is widened to hold the nearest integer.
    """
    from matplotlib.ticker import MaxNLocator

    for wanted, axis, get, put in ((x, axes.xaxis, axes.get_xlim, axes.set_xlim),
                                   (y, axes.yaxis, axes.get_ylim, axes.set_ylim)):
        if not wanted:
            continue
        low, high = sorted(get())
        if math.floor(high) < math.ceil(low) or high - low < 1:
            centre = round((low + high) / 2)
            put(min(low, centre - 0.5), max(high, centre + 0.5))
        axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))


def _finish(axes, title: str, xlabel: str, ylabel: str, bottom: float, handles: list) -> None:
    """Titles, integer ticks, a light grid, and the legend outside on the right."""
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_ylim(bottom=bottom)
    integer_ticks(axes)
    axes.grid(True, alpha=0.3)
    axes.legend(handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))


def _draw_energy_depth(axes, family: str, group: Sequence[EnergyDepthSeries]) -> None:
    """One panel: a colour per series, nudged sideways so equal points stay visible."""
    ordered = sorted(group, key=lambda s: (s.n, s.label))
    handles = []
    for index, item in enumerate(ordered):
        colour = f"C{index % 10}"
        nudge = 0.08 * (index - (len(ordered) - 1) / 2)
        found = [(d + nudge, e, p) for d, e, p in zip(item.depths, item.energies, item.proven)
                 if e is not None]
        axes.step([d for d, _, _ in found], [e for _, e, _ in found], where="post",
                  color=colour, alpha=0.8)
        for proven in (True, False):
            xs = [d for d, _, p in found if p == proven]
            ys = [e for _, e, p in found if p == proven]
            if xs:
                axes.plot(xs, ys, "o", color=colour, markerfacecolor=colour if proven else "none")
        none = [d + nudge for d, x in zip(item.depths, item.infeasible) if x]
        if none:
            axes.plot(none, [0] * len(none), "x", color=colour, markersize=8)
        _bound_line(axes, [(d + nudge, b) for d, b in zip(item.depths, item.bound)], colour)
        handles.append(_series_key(colour, item.label))
    handles += [marker_key(k) for k in ("proven", "found", "bound", "none")]
    _finish(axes, f"{family}: least energy against depth", "depth d",
            "energy e (most gates active on one input)", -0.3, handles)


def plot_energy_depth(records: Sequence[Record], directory: str | Path,
                      combined: str = "energy_depth") -> list[Path]:
    """One figure per family (``energy_depth_<family>.png/.svg``) and one with a panel per
    family (``<combined>.png/.svg``): least energy against depth, a colour per instance;
    filled markers are proven optima, hollow ones the best found; dotted lines the strongest
    proven lower bound at the same limits; crosses depths where no circuit exists."""
    plt = pyplot()
    directory = Path(directory)
    families: dict[str, list[EnergyDepthSeries]] = {}
    for item in energy_depth_series(records):
        families.setdefault(item.family, []).append(item)
    written: list[Path] = []
    for family, group in families.items():
        figure, axes = plt.subplots(figsize=(7.5, 4))
        _draw_energy_depth(axes, family, group)
        written += save_figure(figure, directory / f"energy_depth_{slug(family)}")
        plt.close(figure)
    if families:
        count = len(families)
        columns = min(count, 2)
        rows_ = -(-count // columns)
        figure, grid = plt.subplots(rows_, columns, figsize=(7.5 * columns, 3.8 * rows_),
                                    squeeze=False)
        for axes, (family, group) in zip(grid.flat, families.items()):
            _draw_energy_depth(axes, family, group)
        for axes in list(grid.flat)[count:]:
            axes.set_visible(False)
        figure.tight_layout()
        written += save_figure(figure, directory / combined)
        plt.close(figure)
    return written


@dataclass(frozen=True)
class SizeSeries:
    """Minimal size against n for one family under one set of other limits."""

    family: str
    label: str
    ns: tuple[int, ...]
    sizes: tuple[int | None, ...]    # best found (None: nothing found)
    proven: tuple[int | None, ...]   # proven lower bound from the search
    bound: tuple[int | None, ...]    # the strongest bound of `minckt.bounds`


def size_series(records: Sequence[Record]) -> list[SizeSeries]:
    """A series per (family, limits other than size) over the size minimisations."""
    groups: dict[tuple[str, str], dict[int, Row]] = {}
    for record in records:
        if record.get("objective") != "size" or record.get("frontier"):
            continue
        if record.get("function") == "memorize":  # a data set grows in N, not n: own plot
            continue
        if is_class_record(record):  # a class of a sweep: the atlas's figures
            continue
        (row,) = rows([record])
        others = limits_text(row.limits, skip=("size",)).replace("≤", " ≤ ")
        family = row.function if row.gate == "threshold" else f"{row.function} [{row.gate}]"
        groups.setdefault((family, others), {})[row.n] = row
    series = []
    for (family, others), by_n in groups.items():
        ns = tuple(sorted(by_n))
        series.append(SizeSeries(family, others or "no other limit", ns,
                                 tuple(by_n[n].value for n in ns),
                                 tuple(by_n[n].proven for n in ns),
                                 tuple(by_n[n].best_bound for n in ns)))
    return series


def plot_size_vs_n(records: Sequence[Record], directory: str | Path,
                   stem: str = "size_vs_n") -> list[Path]:
    """Minimal size against n, a colour per family (and limits): filled markers are proven
    optima, hollow ones the best found above a dotted bar from the proven lower bound,
    triangles a lower bound alone (nothing found in time); dotted lines the strongest bound
    of `minckt.bounds`."""
    series = size_series(records)
    if not series:
        return []
    plt = pyplot()
    figure, axes = plt.subplots(figsize=(7.5, 4.2))
    handles = []
    for index, item in enumerate(series):
        colour = f"C{index % 10}"
        nudge = 0.06 * (index - (len(series) - 1) / 2)
        found = [(n + nudge, s, p) for n, s, p in zip(item.ns, item.sizes, item.proven)
                 if s is not None]
        axes.plot([n for n, _, _ in found], [s for _, s, _ in found], "-", color=colour,
                  alpha=0.8)
        for n, size, proven in found:
            exact = proven is not None and proven >= size
            axes.plot([n], [size], "o", color=colour,
                      markerfacecolor=colour if exact else "none")
            if not exact and proven is not None:
                axes.vlines(n, proven, size, color=colour, linestyles=":")
        alone = [(n + nudge, p) for n, s, p in zip(item.ns, item.sizes, item.proven)
                 if s is None and p is not None]
        if alone:
            axes.plot([n for n, _ in alone], [p for _, p in alone], "^", color=colour,
                      markerfacecolor="none")
        _bound_line(axes, [(n + nudge, b) for n, b in zip(item.ns, item.bound)], colour)
        handles.append(_series_key(colour, f"{item.family} ({item.label})"))
    handles += [marker_key(k) for k in ("proven", "found", "lower", "bound")]
    _finish(axes, "minimal size against n", "inputs n", "size s (gates)", 0, handles)
    written = save_figure(figure, Path(directory) / stem)
    plt.close(figure)
    return written
