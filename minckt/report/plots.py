"""Plots (matplotlib, Agg backend, PNG and SVG): the energy–depth frontier of each family
against the bound's curve, and of each group of classes of a sweep as counts of classes
(`plot_energy_depth`); minimal size against n, a panel per gate model (`plot_size_vs_n`).

What every panel keeps to: depth and n on integer ticks (depth from 1), one legend entry per
label (series with the same label share a colour), series nudged sideways by a bounded
amount so equal points stay visible, "no circuit" drawn in a band of its own below energy 0
(energy 0 is a real value: the constant 0 function), and gate models never on one axis
without their name.  A combined figure holds at most `MAX_PANELS` panels; more go to
further pages."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Mapping, Sequence

from minckt.core.problem import GateModel, Limits
from minckt.report.atlas_data import atlas_study
from minckt.report.common import gate_label, marker_key, pyplot, slug
from minckt.report.records import Record, is_class_record
from minckt.report.studies import write_figure
from minckt.report.tables import Row, bounds_for, limits_text, rows, user_limits

__all__ = ["EnergyDepthSeries", "energy_depth_series", "ClassEnergyDepth", "class_energy_depth",
           "plot_energy_depth", "SizeSeries", "size_series", "plot_size_vs_n", "integer_ticks",
           "series_family", "MAX_PANELS"]

#: Panels of one combined figure (6 rows of 2); more go to ``<stem>-2``, ``<stem>-3``, ...
MAX_PANELS = 12

#: Legend entries per column; a longer legend takes more columns, not more height.
_LEGEND_ROWS = 16

#: The widest sideways spread of a panel's series (in depth or n), whatever their number.
_SPREAD = 0.3

#: Where "no circuit" is drawn: a band of its own below energy 0.
_NONE_Y = -1


def series_family(record: Record) -> str:
    """The family a record's curve belongs to: its family with parameters, or for a
    truth-table instance (family "table", one function each) the instance's name."""
    family = record.family
    return record.name if family == "table" else family


@dataclass(frozen=True)
class EnergyDepthSeries:
    """One frontier's curve: the least energy at each depth, and the bound's curve.

    `depths` runs from 1 to one past the deepest point (within the size limit) when the
    frontier is complete, else to the deepest point found.  At depths below the shallowest
    point `energies` is None, and `infeasible` says whether no circuit is proven there.
    `label` names n, the limits the user gave (not a default size cap) other than energy
    and depth, and the gate model unless it is threshold.
    """

    family: str
    n: int
    label: str
    depths: tuple[int, ...]
    energies: tuple[int | None, ...]  # the least energy found at depth <= d
    proven: tuple[bool, ...]          # whether that energy is proven minimal at depth <= d
    infeasible: tuple[bool, ...]      # proven: no circuit at all at depth <= d
    bound: tuple[int | None, ...]     # the strongest proven lower bound at depth <= d


def _frontier_points(record: Record) -> list[tuple[int, int, bool]]:
    """(depth, energy, OPTIMAL) of an energy–depth frontier's points, by depth."""
    return sorted((int(p["coordinates"]["depth"]), int(p["coordinates"]["energy"]),
                   p.get("status") == "OPTIMAL")
                  for p in record.get("points") or [] if p.get("coordinates"))


def _least_energy(points: Sequence[tuple[int, int, bool]], complete: bool, deepest: int
                  ) -> list[tuple[int | None, bool, bool]]:
    """(least energy at depth <= d or None, proven, no circuit proven) for d = 1..deepest,
    from a frontier's (depth, energy, OPTIMAL) points.  Beyond the deepest point the energy
    is proven only for a complete frontier, and "no circuit" is proven only by one."""
    last = max(p[0] for p in points)
    steps = []
    for depth in range(1, deepest + 1):
        reached = [p for p in points if p[0] <= depth]
        best = min(reached, key=lambda p: p[1]) if reached else None
        steps.append((None if best is None else best[1],
                      best is not None and best[2] and (complete or depth <= last),
                      best is None and complete))
    return steps


def _series_label(n: int, limits: Limits, model: GateModel, skip: Sequence[str]) -> str:
    others = limits_text(limits, skip=skip).replace("≤", " ≤ ")
    gate = "" if model.kind == "threshold" else gate_label(model)
    return ", ".join(part for part in (f"n = {n}", others, gate) if part)


def energy_depth_series(records: Sequence[Record]) -> list[EnergyDepthSeries]:
    """A series for each energy–depth frontier record (axes energy and depth, either order),
    but a class sweep's (`class_energy_depth` counts those per group of classes).  An
    INFEASIBLE frontier (no circuit within the limits) has no circuit at every depth up to
    its size limit."""
    series = []
    for record in records:
        if sorted(record.get("frontier") or []) != ["depth", "energy"] \
                or is_class_record(record):
            continue
        points = _frontier_points(record)
        spec, model = record.spec(), record.model()
        asked, searched = user_limits(record), record.limits()
        if points:
            complete = record.get("status") == "OPTIMAL"
            deepest = points[-1][0] + (1 if complete else 0)
            if searched.size is not None:  # no circuit is deeper than it has gates
                deepest = max(points[-1][0], min(deepest, searched.size))
            steps = _least_energy(points, complete, deepest)
        elif record.get("status") == "INFEASIBLE":  # no circuit at any depth within the size
            deepest = max(1, searched.size or 1)
            steps = [(None, False, True)] * deepest
        else:
            continue
        bound = [bounds_for(spec, "energy", model, asked.tighten("depth", depth))[1]
                 for depth in range(1, deepest + 1)]
        series.append(EnergyDepthSeries(
            series_family(record), spec.n,
            _series_label(spec.n, asked, model, ("energy", "depth")),
            tuple(range(1, deepest + 1)), tuple(s[0] for s in steps),
            tuple(s[1] for s in steps), tuple(s[2] for s in steps), tuple(bound)))
    return series


@dataclass(frozen=True)
class ClassEnergyDepth:
    """The least energy at each depth over one group of classes of a sweep (a frontier group
    of `minckt.report.atlas_data`): how many classes have each least energy at depth <= d.

    A class whose frontier is complete and has no point at depth <= d counts in `none` (no
    circuit, proven); one out of time there counts in `unknown`."""

    title: str
    stem: str
    classes: int
    depths: tuple[int, ...]
    counts: Mapping[tuple[int, int, bool], int]  # (depth, energy, proven) -> classes
    none: Mapping[int, int]                     # depth -> classes with no circuit (proven)
    unknown: Mapping[int, int]                  # depth -> classes with nothing known


def class_energy_depth(records: Sequence[Record]) -> list[ClassEnergyDepth]:
    """One `ClassEnergyDepth` per energy–depth frontier group of the class-sweep records,
    each class counted once (`atlas_study` merges repeated records)."""
    study = atlas_study(records)
    if study is None:
        return []
    found: list[ClassEnergyDepth] = []
    stems: Counter[str] = Counter()
    for group in study.frontiers:
        deepest = max((c.points[-1].depth + (c.status == "OPTIMAL")
                       for c in group.classes if c.points), default=1)
        counts: Counter[tuple[int, int, bool]] = Counter()
        none: Counter[int] = Counter()
        unknown: Counter[int] = Counter()
        for item in group.classes:
            complete = item.status == "OPTIMAL"
            points = [(p.depth, p.energy, p.status == "OPTIMAL") for p in item.points]
            steps = _least_energy(points, complete, deepest) if points else \
                [(None, False, complete)] * deepest
            for depth, (energy, proven, infeasible) in enumerate(steps, start=1):
                if energy is not None:
                    counts[depth, energy, proven] += 1
                else:
                    (none if infeasible else unknown)[depth] += 1
        stem = f"energy_depth_{group.kind.lower()}{group.n}"
        stems[stem] += 1
        found.append(ClassEnergyDepth(
            f"{group.kind}{group.n}, {group.gate}, {group.limits}: "
            f"{len(group.classes):,} classes", stem + (f"-{stems[stem]}" if stems[stem] > 1
                                                       else ""),
            len(group.classes), tuple(range(1, deepest + 1)), dict(counts), dict(none),
            dict(unknown)))
    return found


# -- drawing ----------------------------------------------------------------------------------

def _colour(index: int, count: int):
    """The `index`-th of `count` series colours: matplotlib's ten, or tab20's twenty."""
    if count <= 10:
        return f"C{index % 10}"
    from matplotlib import colormaps

    return colormaps["tab20"](index % 20)


def _nudges(count: int) -> list[float]:
    """Sideways offsets of `count` series, centred, at most `_SPREAD` apart in all."""
    if count < 2:
        return [0.0] * count
    spread = min(_SPREAD, 0.08 * (count - 1))
    return [spread * (i / (count - 1) - 0.5) for i in range(count)]


def _series_key(colour, label: str):
    from matplotlib.lines import Line2D

    return Line2D([], [], color=colour, marker="o", label=label)


def _bound_line(axes, points: list[tuple[float, int | None]], colour) -> None:
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


def _legend(axes, handles: list) -> None:
    """The legend outside on the right, one entry per label (the first handle of each), in
    columns of at most `_LEGEND_ROWS` entries."""
    unique: dict[str, object] = {}
    for handle in handles:
        unique.setdefault(handle.get_label(), handle)
    axes.legend(handles=list(unique.values()), fontsize="small", loc="upper left",
                bbox_to_anchor=(1.01, 1),
                ncol=-(-len(unique) // _LEGEND_ROWS))


def _depth_axis(axes, deepest: int) -> None:
    """Depth 1..`deepest` on integer ticks (thinned to about ten), nothing left of 1."""
    from matplotlib.ticker import FixedLocator

    step = max(1, math.ceil(deepest / 10))
    axes.set_xlim(0.5, deepest + 0.5)
    axes.xaxis.set_major_locator(FixedLocator(list(range(1, deepest + 1, step))))
    axes.set_xlabel("depth d")


def _energy_axis(axes, top: int, none_row: bool) -> None:
    """Energy 0..`top` on integer ticks; with `none_row`, a grey band below 0 labelled "no
    circuit" where the depths without any circuit are marked, apart from energy 0."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    step = max(1, math.ceil((top + 1) / 8))
    ticks = list(range(0, top + 1, step))
    if none_row:
        axes.axhspan(_NONE_Y - 0.6, -0.5, color="0.93", zorder=0)
        axes.axhline(-0.5, color="0.6", linewidth=0.8)
        ticks.insert(0, _NONE_Y)
    axes.set_ylim(_NONE_Y - 0.6 if none_row else -0.4, top + 0.5)
    axes.yaxis.set_major_locator(FixedLocator(ticks))
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _: "no circuit" if v < -0.5 else f"{int(round(v))}"))
    axes.set_ylabel("energy e (most gates active on one input)")
    axes.grid(True, alpha=0.3)


def _draw_energy_depth(axes, family: str, group: Sequence[EnergyDepthSeries]) -> None:
    """One panel: a colour per distinct label, nudged sideways so equal points stay
    visible; the strongest bound dotted; crosses in the "no circuit" band."""
    labels = sorted({(s.n, s.label) for s in group})
    colours = {label: _colour(i, len(labels)) for i, (_, label) in enumerate(labels)}
    nudges = dict(zip((label for _, label in labels), _nudges(len(labels))))
    handles, top, none_row = [], 0, False
    for item in sorted(group, key=lambda s: (s.n, s.label)):
        colour, nudge = colours[item.label], nudges[item.label]
        found = [(d + nudge, e, p) for d, e, p in zip(item.depths, item.energies, item.proven)
                 if e is not None]
        axes.step([d for d, _, _ in found], [e for _, e, _ in found], where="post",
                  color=colour, alpha=0.8)
        for proven in (True, False):
            xs = [d for d, _, p in found if p == proven]
            if xs:
                axes.plot(xs, [e for _, e, p in found if p == proven], "o", color=colour,
                          markerfacecolor=colour if proven else "none")
        none = [d + nudge for d, x in zip(item.depths, item.infeasible) if x]
        if none:
            axes.plot(none, [_NONE_Y] * len(none), "x", color=colour, markersize=8)
            none_row = True
        _bound_line(axes, [(d + nudge, b) for d, b in zip(item.depths, item.bound)], colour)
        top = max([top, *(e for _, e, _ in found), *(b for b in item.bound if b is not None)])
        handles.append(_series_key(colour, item.label))
    handles += [marker_key(k) for k in ("proven", "found", "bound")]
    handles += [marker_key("none")] if none_row else []
    _depth_axis(axes, max(max(s.depths) for s in group))
    _energy_axis(axes, top, none_row)
    axes.set_title(f"{family}: least energy against depth", fontsize="medium")
    _legend(axes, handles)


def _draw_classes(axes, item: ClassEnergyDepth) -> None:
    """One panel for a group of classes: at each depth, a disc per least energy, its area
    and label the number of classes (filled: proven; hollow: best found); crosses and
    question marks in the "no circuit" band count the classes without a circuit (proven)
    and those with nothing known."""
    from matplotlib.lines import Line2D

    largest = max([*item.counts.values(), *item.none.values(), *item.unknown.values(), 1])

    def mark(x: float, y: int, count: int, **style) -> None:
        area = 30 + 370 * count / largest  # points squared
        radius = math.sqrt(area) / 2
        axes.scatter([x], [y], s=area, zorder=3, **style)
        axes.annotate(f"{count:,}", (x, y), xytext=(radius + 2, radius / 2 + 2),
                      textcoords="offset points", fontsize="x-small", zorder=4)

    for (depth, energy, proven), count in sorted(item.counts.items()):
        shift = 0.12 if (depth, energy, not proven) in item.counts else 0.0
        mark(depth - shift if proven else depth + shift, energy, count, color="C0",
             facecolors="C0" if proven else "none", linewidths=1.2)
    for depth, count in item.none.items():
        mark(depth - (0.12 if depth in item.unknown else 0), _NONE_Y, count, marker="x",
             color="C3")
    for depth, count in item.unknown.items():
        mark(depth + (0.12 if depth in item.none else 0), _NONE_Y, count, marker="$?$",
             color="0.4")
    handles = [Line2D([], [], color="C0", marker="o", linestyle="",
                      label="classes (disc area ∝ count), proven"),
               Line2D([], [], color="C0", marker="o", markerfacecolor="none", linestyle="",
                      label="classes, best found, not proven")]
    if item.none:
        handles.append(Line2D([], [], marker="x", color="C3", linestyle="",
                              label="classes with no circuit (proven)"))
    if item.unknown:
        handles.append(Line2D([], [], marker="$?$", color="0.4", linestyle="",
                              label="classes with nothing known (out of time)"))
    _depth_axis(axes, max(item.depths))
    _energy_axis(axes, max((e for _, e, _ in item.counts), default=0),
                 bool(item.none or item.unknown))
    axes.set_title(item.title, fontsize="medium")
    _legend(axes, handles)


def _pages(panels: Sequence[tuple[str, Callable]], directory: Path, stem: str,
           width: float, height: float) -> list[Path]:
    """The panels in figures of at most `MAX_PANELS` (two columns): ``<stem>``, then
    ``<stem>-2``, ...; each panel is a (file stem, draw(axes)) pair."""
    plt = pyplot()
    written: list[Path] = []
    for page, start in enumerate(range(0, len(panels), MAX_PANELS), start=1):
        chunk = panels[start:start + MAX_PANELS]
        columns = min(len(chunk), 2)
        count = -(-len(chunk) // columns)
        figure, grid = plt.subplots(count, columns, figsize=(width * columns, height * count),
                                    squeeze=False)
        for axes, (_, draw) in zip(grid.flat, chunk):
            draw(axes)
        for axes in list(grid.flat)[len(chunk):]:
            axes.set_visible(False)
        figure.tight_layout()
        written += write_figure(figure, directory, stem if page == 1 else f"{stem}-{page}")
    return written


def plot_energy_depth(records: Sequence[Record], directory: str | Path,
                      combined: str = "energy_depth") -> list[Path]:
    """Least energy against depth: one figure per family (``energy_depth_<family>``) and per
    group of classes of a sweep (``energy_depth_<np4>``), and the same panels together
    (``<combined>``, `MAX_PANELS` a page), each PNG and SVG.

    A family's panel has a colour per label (n, the user's limits, the gate model): filled
    markers are proven optima, hollow ones the best found, dotted lines the strongest proven
    lower bound at the same limits, crosses in the "no circuit" band depths where no
    circuit exists.  A group of classes gets one panel, however many classes: how many
    classes have each least energy at each depth (`class_energy_depth`)."""
    directory = Path(directory)
    families: dict[str, list[EnergyDepthSeries]] = {}
    for item in energy_depth_series(records):
        families.setdefault(item.family, []).append(item)
    panels: list[tuple[str, Callable]] = [
        (f"energy_depth_{slug(family)}", partial(_draw_energy_depth, family=family, group=group))
        for family, group in families.items()]
    panels += [(item.stem, partial(_draw_classes, item=item))
               for item in class_energy_depth(records)]
    plt = pyplot()
    written: list[Path] = []
    for stem, draw in panels:
        figure, axes = plt.subplots(figsize=(7.5, 4))
        draw(axes)
        written += write_figure(figure, directory, stem)
    return written + _pages(panels, directory, combined, 9.5, 4)


# -- size against n ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SizeSeries:
    """Minimal size against n for one family under one set of other limits, in one gate
    model (`gate`, as `gate_label` names it: sizes of two models are never one series)."""

    family: str
    label: str
    ns: tuple[int, ...]
    sizes: tuple[int | None, ...]    # best found (None: nothing found)
    proven: tuple[int | None, ...]   # proven lower bound from the search
    bound: tuple[int | None, ...]    # the strongest bound of `minckt.bounds`
    gate: str = "threshold"


def size_series(records: Sequence[Record]) -> list[SizeSeries]:
    """A series per (gate model, family, the user's limits other than size) over the size
    minimisations; a truth-table instance is its own family (`series_family`)."""
    groups: dict[tuple[str, str, str], dict[int, Row]] = {}
    for record in records:
        if record.get("objective") != "size" or record.get("frontier"):
            continue
        if record.get("function") == "memorize":  # a data set grows in N, not n: own plot
            continue
        if is_class_record(record):  # a class of a sweep: the atlas's figures
            continue
        (row,) = rows([record])
        others = limits_text(row.limits, skip=("size",)).replace("≤", " ≤ ")
        groups.setdefault((row.gate, series_family(record), others), {})[row.n] = row
    series = []
    for (gate, family, others), by_n in groups.items():
        ns = tuple(sorted(by_n))
        series.append(SizeSeries(family, others or "no other limit", ns,
                                 tuple(by_n[n].value for n in ns),
                                 tuple(by_n[n].proven for n in ns),
                                 tuple(by_n[n].best_bound for n in ns), gate))
    return series


def _draw_sizes(axes, gate: str, series: Sequence[SizeSeries]) -> None:
    """One panel: the series of one gate model, a colour each."""
    handles = []
    nudges = _nudges(len(series))
    for index, item in enumerate(series):
        colour = _colour(index, len(series))
        found = [(n + nudges[index], s, p) for n, s, p in zip(item.ns, item.sizes, item.proven)
                 if s is not None]
        axes.plot([n for n, _, _ in found], [s for _, s, _ in found], "-", color=colour,
                  alpha=0.8)
        for n, size, proven in found:
            exact = proven is not None and proven >= size
            axes.plot([n], [size], "o", color=colour,
                      markerfacecolor=colour if exact else "none")
            if not exact and proven is not None:
                axes.vlines(n, proven, size, color=colour, linestyles=":")
        alone = [(n + nudges[index], p) for n, s, p in zip(item.ns, item.sizes, item.proven)
                 if s is None and p is not None]
        if alone:
            axes.plot([n for n, _ in alone], [p for _, p in alone], "^", color=colour,
                      markerfacecolor="none")
        _bound_line(axes, [(n + nudges[index], b) for n, b in zip(item.ns, item.bound)],
                    colour)
        others = "" if item.label == "no other limit" else f" ({item.label})"
        handles.append(_series_key(colour, item.family + others))
    handles += [marker_key(k) for k in ("proven", "found", "lower", "bound")]
    axes.set_title(f"minimal size against n: {gate} gates")
    axes.set_xlabel("inputs n")
    axes.set_ylabel(f"size s ({gate} gates)")
    axes.set_ylim(bottom=0)
    integer_ticks(axes)
    axes.grid(True, alpha=0.3)
    _legend(axes, handles)


def plot_size_vs_n(records: Sequence[Record], directory: str | Path,
                   stem: str = "size_vs_n") -> list[Path]:
    """Minimal size against n, a panel per gate model and a colour per family (and limits):
    filled markers are proven optima, hollow ones the best found above a dotted bar from
    the proven lower bound, triangles a lower bound alone (nothing found in time); dotted
    lines the strongest bound of `minckt.bounds`."""
    by_gate: dict[str, list[SizeSeries]] = {}
    for item in size_series(records):
        by_gate.setdefault(item.gate, []).append(item)
    panels = [(gate, partial(_draw_sizes, gate=gate, series=group))
              for gate, group in by_gate.items()]
    return _pages(panels, Path(directory), stem, 9.5, 4.2) if panels else []
