"""The atlas's files other than its tables: the figures (``atlas_sizes``,
``atlas_frontiers``, PNG and SVG) and the circuits its sections show, drawn in ``atlas/``
(`minckt.report.atlas` says what each section holds).  They read the groups of
`minckt.report.atlas_data`; `minckt.report.atlas.write_atlas` calls them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from minckt.core.circuit import Circuit
from minckt.errors import InputError
from minckt.report.atlas_data import MAX_DRAWN, Atlas, SizeAtlas
from minckt.report.common import log_if_spread, pyplot
from minckt.report.drawings import draw_circuit
from minckt.report.plots import integer_ticks
from minckt.report.studies import write_figure

__all__ = ["draw_atlas", "plot_atlas"]


# -- drawings ---------------------------------------------------------------------------------

def draw_atlas(study: Atlas, directory: str | Path
               ) -> tuple[dict[tuple, Path], list[Path], list[str]]:
    """The circuits the sections show, drawn in ``<directory>/atlas/``: for each size group
    the first `MAX_DRAWN` classes of the largest size, for each frontier group every point
    of the first `MAX_DRAWN` classes by gain.  Returns the file each section links (SVG when
    Graphviz drew one, else DOT) by (section, class table[, depth]), relative to
    `directory`, every file written and the drawing messages."""
    directory = Path(directory)
    links: dict[tuple, Path] = {}
    written: list[Path] = []
    messages: list[str] = []

    def draw(key: tuple, data: Mapping | None, stem: str, title: str, where: str) -> None:
        if not data:
            return
        try:
            circuit = Circuit.from_json(data)
        except InputError as err:
            raise InputError(f"{where}: {err}") from None
        files, message = draw_circuit(circuit, directory / "atlas" / stem, title)
        written.extend(files)
        if message and message not in messages:
            messages.append(message)
        shown = [f for f in files if f.suffix == ".svg"] or files
        links[key] = shown[0].relative_to(directory)

    seen: dict[str, int] = {}
    for index, group in enumerate(study.sizes, start=1):
        prefix = f"{group.kind.lower()}{group.n}"
        # named by the class's size; a second group of the same classes (other limits)
        # adds its number
        again = seen.setdefault(prefix, index) != index
        for item in group.needing_largest()[:MAX_DRAWN]:
            stem = f"size{item.value}-{prefix}-{item.label}" + (f"-group{index}" if again else "")
            draw(("size", index, item.table), item.circuit, stem,
                 f"{prefix} {item.label}: size {item.value}", item.where)
    for index, frontier_group in enumerate(study.frontiers, start=1):
        prefix = f"{frontier_group.kind.lower()}{frontier_group.n}"
        for walked in frontier_group.top(MAX_DRAWN):
            for point in walked.points:
                suffix = f"e{point.energy}-d{point.depth}"
                draw(("frontier", index, walked.table, point.depth), point.circuit,
                     f"frontier{index}-{prefix}-{walked.label}-{suffix}",
                     f"{prefix} {walked.label}: energy {point.energy}, depth {point.depth}",
                     walked.where)
    return links, written, messages


# -- figures ----------------------------------------------------------------------------------

def _bars(axes, xs: Sequence[int], series: Sequence[tuple[str, Sequence[float]]],
          errors: Sequence[float] | None = None) -> None:
    """Bars side by side at each x, one colour per series; error bars on the last."""
    width = 0.8 / len(series)
    for index, (label, ys) in enumerate(series):
        offset = width * (index - (len(series) - 1) / 2)
        shown = None if errors is None or index != len(series) - 1 else \
            [0 if math.isnan(e) else e for e in errors]
        axes.bar([x + offset for x in xs], ys, width, label=label, color=f"C{index}",
                 yerr=shown, capsize=3 if shown else 0)


def _figure(panels: Sequence[tuple[str, Callable[[Any], None]]], columns: int):
    plt = pyplot()
    rows = -(-len(panels) // columns)
    figure, grid = plt.subplots(rows, columns, figsize=(5.2 * columns, 3.6 * rows),
                                squeeze=False)
    for axes, (title, draw) in zip(grid.flat, panels):
        draw(axes)
        axes.set_title(title, fontsize="medium")
    for axes in list(grid.flat)[len(panels):]:
        axes.set_visible(False)
    figure.tight_layout()
    return figure


def _value_axis(axes, values: Sequence[float], label: str, integer: bool) -> None:
    """The bars' axis: log10 when the values span orders of magnitude (`log_if_spread`: a
    share of 0.002 % beside one of 94 % would not show on a linear axis), else linear from
    0; room above the bars for the legend either way."""
    if log_if_spread(axes, values):
        positive = [v for v in values if v > 0]
        axes.set_ylim(min(positive) / 3, max(positive) * 10)
        axes.set_ylabel(f"{label}, log scale")
    else:
        axes.set_ylim(0, 1.25 * max([*values, 1e-9]))
        axes.set_ylabel(label)
    integer_ticks(axes, y=integer and axes.get_yscale() == "linear")
    axes.grid(True, axis="y", alpha=0.3)
    axes.legend(fontsize="small", loc="best")


def _size_panel(group: SizeAtlas):
    def draw(axes) -> None:
        bins = group.histogram()
        xs = [b.size for b in bins]
        estimate = "" if group.coverage.complete else " (estimated, 95 %)"
        series = [("classes", [100 * b.class_share for b in bins]),
                  (f"functions{estimate}", [100 * b.function_share for b in bins])]
        _bars(axes, xs, series,
              None if group.coverage.complete else [100 * b.margin for b in bins])
        axes.set_xlabel("least size (gates)")
        _value_axis(axes, [v for _, ys in series for v in ys], "share (%)", integer=False)
    return draw


def _count_panel(rows: Sequence[tuple[int, ...]], xlabel: str, optimal: bool):
    def draw(axes) -> None:
        xs = [r[0] for r in rows]
        series = [("classes", [r[1] for r in rows])]
        if optimal:
            series.append(("every point OPTIMAL", [r[3] for r in rows]))
        _bars(axes, xs, series)
        axes.set_xlabel(xlabel)
        _value_axis(axes, [v for _, ys in series for v in ys], "classes", integer=True)
    return draw


def plot_atlas(study: Atlas, directory: str | Path, fits: Sequence = ()) -> list[Path]:
    """``atlas_sizes.png``/``.svg`` (a panel per size group: the shares of classes and of
    functions at each least size, estimated with 95 % bars for a sample) and
    ``atlas_frontiers.png``/``.svg`` (per frontier group: classes by frontier points, and by
    gain); integer ticks, and a log axis where the bars span orders of magnitude."""
    written: list[Path] = []
    if study.sizes:
        panels = [(f"{g.kind}{g.n}, {g.gate}, {g.limits}: {g.coverage.present:,} of "
                   f"{'?' if g.coverage.total is None else f'{g.coverage.total:,}'} classes",
                   _size_panel(g)) for g in study.sizes]
        written += write_figure(_figure(panels, min(3, len(panels))), directory, "atlas_sizes")
    if study.frontiers:
        panels = []
        for g in study.frontiers:
            name = f"{g.kind}{g.n}, {g.gate}, {g.limits}"
            panels += [(f"{name}: frontier points", _count_panel(g.point_counts(),
                                                                  "points on the frontier", True)),
                       (f"{name}: gain", _count_panel(g.gains(), "gain (energy)", False))]
        written += write_figure(_figure(panels, 2), directory, "atlas_frontiers")
    return written
