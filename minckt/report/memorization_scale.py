"""The memorization study from N = 2 to 4,096 points: exact optima where exact search reaches,
the constructions past it, the proven lower bounds under both (docs/studies/memorization.md).

Three kinds of marks, never mixed in one series:

* **exact optima** (filled): OPTIMAL answers of `minckt solve` on the study's data sets
  (n = 8 and 12; their ops questions are asked among circuits of at most 8 gates, an optimum
  for that question);
* **constructions** (hollow): the verified circuits of `minckt.run.scale` on random data sets
  of n = 16 and 32 inputs (Koyuncu's blocks and search tree, Baum's slabs, the
  decision-list heuristic, the detectors), the median over the seeds at each N;
* **proven lower bounds** (grey bars): the largest lower bound of each exact answer that is
  not proven optimal, and `minckt.bounds` on the construction data sets of n <= 20.

Fits: each construction series (one construction, one n) is fitted on its own, by least
squares in log-log space, ops ≈ c·N^a over N >= 16 (`ScaleFit.exponent`), and by c·√N and
c·log2 N through the origin (`minckt.report.fits`).  A fit over constructions describes the
constructions, not the least possible circuits.  No curve is fitted to fewer than
`MIN_FIT_POINTS` points.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from minckt.report.common import log2_axis, pyplot
from minckt.report.fits import least_squares
from minckt.report.memorization import MemorizationStudy
from minckt.report.studies import write_figure
from minckt.report.tables import markdown_table
from minckt.run.scale import CONSTRUCTIONS, Measured

__all__ = ["MIN_FIT_POINTS", "ScaleFit", "PANELS", "GUARDED", "scale_fits", "scale_markdown",
           "scale_figure", "plot_scale"]

#: Fewest points (distinct N) a fitted curve is drawn over.
MIN_FIT_POINTS = 4

#: The figure's panels: (title, resource, guards).
PANELS = (("least size (gates)", "size", False),
          ("ops per input, no guards", "ops", False),
          ("ops per input, guards allowed", "ops", True))

#: The constructions that carry guards: drawn in the guards panel, the others in the other.
GUARDED = frozenset({"search tree"})

#: Marker and colour of each construction (hollow markers).
_STYLE = {"blocks": ("^", "C0"), "baum": ("<", "C3"), "search tree": ("v", "C2"),
          "decision list": ("D", "C1"), "detectors": ("s", "C7")}


@dataclass(frozen=True)
class ScaleFit:
    """The fits of one construction series: ops (or size) against N."""

    construction: str
    n: int
    resource: str
    points: tuple[tuple[int, float], ...]     # (N, median over seeds)
    exponent: float | None                    # a in c·N^a (log-log least squares, N >= 16)
    c_sqrt: float | None
    rms_sqrt: float | None
    c_log: float | None
    rms_log: float | None

    def describe(self) -> str:
        """E.g. "blocks, n = 16, ops: N^0.52; 55.1·√N (rms 40.2); 290·log2 N (rms 610)"."""
        if self.exponent is None:
            return f"{self.construction}, n = {self.n}, {self.resource}: too few points"
        return (f"{self.construction}, n = {self.n}, {self.resource}: N^{self.exponent:.2f}; "
                f"{self.c_sqrt:.3g}·√N (rms {self.rms_sqrt:.3g}); "
                f"{self.c_log:.3g}·log2 N (rms {self.rms_log:.3g})")


def _medians(measured: Sequence[Measured], construction: str, n: int, resource: str
             ) -> list[tuple[int, float]]:
    by_count: dict[int, list[int]] = {}
    for m in measured:
        if m.construction == construction and m.n == n:
            by_count.setdefault(m.N, []).append(getattr(m, resource))
    return [(count, statistics.median(values)) for count, values in sorted(by_count.items())]


def _power(points: Sequence[tuple[int, float]]) -> float | None:
    """The slope a of log y = log c + a log N by least squares over N >= 16."""
    used = [(math.log(x), math.log(y)) for x, y in points if x >= 16 and y > 0]
    if len(used) < MIN_FIT_POINTS:
        return None
    mean_x = sum(u for u, _ in used) / len(used)
    mean_y = sum(v for _, v in used) / len(used)
    spread = sum((u - mean_x) ** 2 for u, _ in used)
    return sum((u - mean_x) * (v - mean_y) for u, v in used) / spread


def scale_fits(measured: Sequence[Measured]) -> list[ScaleFit]:
    """One fit of size and one of ops per (construction, n) series."""
    fits = []
    for construction in CONSTRUCTIONS:
        for n in sorted({m.n for m in measured if m.construction == construction}):
            for resource in ("size", "ops"):
                points = _medians(measured, construction, n, resource)
                c_sqrt, rms_sqrt = least_squares(points, math.sqrt)
                c_log, rms_log = least_squares(points, math.log2)
                fits.append(ScaleFit(construction, n, resource, tuple(points), _power(points),
                                     c_sqrt, rms_sqrt, c_log, rms_log))
    return fits


def _exact(study: MemorizationStudy | None, resource: str, guards: bool):
    """(n, N, value, proven, lower bound) of the exact answers to one panel's question."""
    if study is None:
        return []
    found = []
    for measure in study.measures:
        if (measure.objective, measure.conditional, measure.made_conditional) \
                != (resource, guards and resource == "ops", False):
            continue
        for data_set in study.data_sets:
            entry = study.entry(data_set, measure)
            if entry is not None and data_set.outputs == 1:
                found.append((data_set.n, data_set.N, entry.value, entry.proven,
                              entry.lower_bound))
    return found


def scale_markdown(measured: Sequence[Measured], fits: Sequence[ScaleFit]) -> str:
    """The constructions' table (median over seeds per n and N) and their fits."""
    out = ["# Memorization past exact search: the constructions", "",
           "Random labels on N random points of {0,1}^n; every circuit verified on its points. "
           "Medians over the seeds. ops = fan-in + 1 per evaluated gate (max over the points); "
           "\"first layer\" is the part spent in gates that read an input. Lower bounds are "
           "minckt.bounds on the same data set (n ≤ 20).", ""]
    rows = []
    for construction in CONSTRUCTIONS:
        for n in sorted({m.n for m in measured if m.construction == construction}):
            for count in sorted({m.N for m in measured
                                 if m.construction == construction and m.n == n}):
                group = [m for m in measured
                         if (m.construction, m.n, m.N) == (construction, n, count)]

                def median(field: str) -> str:
                    values = [getattr(m, field) for m in group if getattr(m, field) is not None]
                    return f"{statistics.median(values):g}" if values else ""

                rows.append([construction, str(n), str(count), str(len(group)), median("size"),
                             median("depth"), median("evaluated"), median("ops"),
                             median("first_layer_ops"), median("rest_ops"),
                             median("lower_size"), median("lower_ops")])
    out += markdown_table(["construction", "n", "N", "seeds", "gates", "depth", "evaluated",
                           "ops", "first layer", "rest", "size ≥", "ops ≥"], rows)
    out += ["", "## Fits (describe the constructions, not the least circuits)", "",
            f"a: slope of log ops against log N over N ≥ 16 (at least {MIN_FIT_POINTS} "
            "sizes); c·√N and c·log2 N by least squares through the origin.", ""]
    out += markdown_table(
        ["construction", "n", "resource", "sizes", "a (N^a)", "c·√N", "rms", "c·log2 N", "rms"],
        [[f.construction, str(f.n), f.resource, str(len(f.points)),
          "" if f.exponent is None else f"{f.exponent:.2f}",
          f"{f.c_sqrt:.3g}", f"{f.rms_sqrt:.3g}", f"{f.c_log:.3g}", f"{f.rms_log:.3g}"]
         for f in fits])
    return "\n".join(out) + "\n"


def _draw_panel(axes, title: str, resource: str, guards: bool, measured: Sequence[Measured],
                study: MemorizationStudy | None, n_shown: int, fits: dict) -> None:
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    counts: list[int] = []
    exact = _exact(study, resource, guards)
    for n, marker in ((8, "o"), (12, "s")):
        points = [(count, value) for m_n, count, value, proven, _ in exact
                  if m_n == n and proven and value is not None]
        if points:
            axes.plot(*zip(*points), marker, color="black", linestyle="",
                      label=f"exact optimum, n = {n}")
            counts += [c for c, _ in points]
    lower = [(count, bound) for _, count, value, proven, bound in exact
             if not proven and bound is not None]
    lower += [(m.N, m.lower_size if resource == "size" else m.lower_ops) for m in measured
              if m.n == n_shown and m.construction == ("search tree" if guards and
                                                        resource == "ops" else "blocks")
              and (m.lower_size if resource == "size" else m.lower_ops) is not None]
    if lower:
        axes.plot(*zip(*lower), "_", color="grey", markersize=12, markeredgewidth=2,
                  label="proven lower bound")
        counts += [c for c, _ in lower]
    for construction in CONSTRUCTIONS:
        marker, colour = _STYLE[construction]
        if resource == "ops" and (construction in GUARDED) != guards \
                or resource == "size" and construction in GUARDED:
            continue
        points = [p for p in _medians(measured, construction, n_shown, resource) if p[1] > 0]
        if not points:
            continue
        axes.plot(*zip(*points), marker, color=colour, markerfacecolor="none", linestyle="-",
                  linewidth=0.8, label=f"{construction}, n = {n_shown}")
        counts += [c for c, _ in points]
        if resource == "ops" and construction in GUARDED:
            rest = [p for p in _medians(measured, construction, n_shown, "rest_ops")
                    if p[1] > 0]
            axes.plot(*zip(*rest), marker, color=colour, markerfacecolor="none",
                      linestyle=":", linewidth=0.8,
                      label=f"{construction}: ops past the first layer")
        fit = fits.get((construction, n_shown, resource))
        if fit is not None and fit.exponent is not None:
            axes.annotate(f"N^{fit.exponent:.2f}", points[-1], textcoords="offset points",
                          xytext=(4, 0), fontsize="x-small", color=colour)
    log2_axis(axes, counts)
    axes.set_yscale("log")
    axes.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    axes.yaxis.set_minor_locator(NullLocator())
    axes.set_ylim(0.8, None)
    axes.set_title(title)
    axes.set_xlabel("points N (log scale)")
    axes.set_ylabel(f"{'gates' if resource == 'size' else 'ops'} (log scale)")
    axes.grid(True, alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize="x-small", loc="upper left")


def scale_figure(measured: Sequence[Measured], study: MemorizationStudy | None = None,
                 fits: Sequence[ScaleFit] | None = None, n_shown: int | None = None):
    """Three panels (`PANELS`) against N on log-log axes, the constructions of n = `n_shown`
    (default: the least n measured; the table has every n); the caller closes the figure."""
    fits = scale_fits(measured) if fits is None else fits
    if n_shown is None:
        n_shown = min((m.n for m in measured), default=0)
    by_key = {(f.construction, f.n, f.resource): f for f in fits}
    plt = pyplot()
    figure, grid = plt.subplots(1, len(PANELS), figsize=(17, 5.2))
    for axes, (title, resource, guards) in zip(grid, PANELS):
        _draw_panel(axes, title, resource, guards, measured, study, n_shown, by_key)
    largest = max((m.N for m in measured), default=2)
    figure.suptitle(f"Memorization, N = 2 to {largest:,}: exact optima (filled), constructions "
                    f"(hollow, n = {n_shown}, median over seeds; N^a is the slope fitted to the "
                    "construction), proven lower bounds (grey)")
    figure.tight_layout()
    return figure


def plot_scale(measured: Sequence[Measured], directory: str | Path,
               study: MemorizationStudy | None = None, stem: str = "memorization_scale",
               fits: Sequence[ScaleFit] | None = None) -> list[Path]:
    """``<stem>.png`` and ``<stem>.svg`` of `scale_figure` in `directory`."""
    return write_figure(scale_figure(measured, study, fits), directory, stem)
