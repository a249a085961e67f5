"""The size-growth study (Vardi, Reichman, Pitassi, Shamir, COLT 2021;
docs/design/papers.md#size-separations-vardi-et-al): the least size of explicit families as n
grows, threshold beside ReLU and sigmoid gates, free depth and depth ≤ 2, beside the strongest
proven bound and fitted a·n, a·n/log₂ n and a·log₂ n references.

**Which records.**  A record is part of the study when it is a size minimisation (no
frontier) of one of the families `FAMILIES` (``MOD`` with its ``m``, shown as MOD3), in
threshold, relu or sigmoid gates, without guards, under no limit but depth (the search's size
cap is the objective's own) and in the free DAG (no ``layers``, ``outputs_read = "any"``).
The study is written when those records hold at least two values of n for some family: a
growth needs two points.  Any other record stays in the main table only.

**Cells.**  One question is (family, n, depth setting, gate model): ``3`` proven optimum
(OPTIMAL), ``≤ 9`` a circuit of 9 found, not proven (FEASIBLE), ``≥ 2`` nothing found but a
proven lower bound (UNKNOWN), ``?`` nothing known, ``none`` no circuit exists.  Its bound cell
is the strongest proven lower bound other than the optimality proof itself, with its name:
the strongest bound of `minckt.bounds` at the record's limits (e.g. ``3 subcube``), for a
size the search did not prove the search's own lower bound when it is larger (``solver``),
and a proven bound at a smaller n carried over by restriction when it is larger still
(``restriction (n = 7)``, `restricted`).  Two records of one question are one cell: least value, largest bound.

**Fits.**  Least squares through the origin, a = Σ y·g(n) / Σ g(n)², for g(n) = n, n/log₂ n
and log₂ n, over the family's proven threshold sizes in free depth (in the first depth
setting that has proven threshold sizes, when free depth has none); n = 1 is left out of
the n/log₂ n fit (log₂ 1 = 0).  They are references for the shape of the growth, not bounds:
Vardi et al.'s separations are asymptotic and their constants unknown.

The figure (``size_growth.png``/``.svg``): one question per panel, a family at one depth
setting, size against n, a colour per gate model (at most four series and one reference):
filled markers proven, hollow ones found by the search or a construction, hollow triangles
the proven lower bound of an answer not proven (dotted up to what was found); integer ticks
on both axes.  Families whose every answer is one proven gate (MAJ, GT: threshold functions)
are named in the title, not drawn.  A panel's y-range (`panel_top`) runs one above the
largest proven optimum, proven bound or size found by the search or by the family's own
construction (`IN_RANGE_SOURCES`: the counting circuit, the staircase, the definitions of CD,
DISJ, IP, EQ, the MOD energy chain); a size of a generic fallback (detectors, blocks: 17–129
gates beside optima of 1–4) is a hollow marker on the top edge labelled "≤ 129" (one label
per n).  The reference drawn is the one of a·n, a·n/log₂ n, a·log₂ n that fits the panel's
proven threshold sizes best, and only over `FIT_POINTS` = 4 of them or more.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from minckt.bounds import strongest
from minckt.core.problem import Limits
from minckt.report.common import gate_label, marker_key, pyplot
from minckt.report.fits import least_squares
from minckt.report.plots import integer_ticks
from minckt.report.records import Record, field_error
from minckt.report.studies import write_figure, write_study
from minckt.report.tables import Answer, answer, markdown_table, merge_answers
from minckt.solve.constructions import SOURCES

__all__ = ["FAMILIES", "MODELS", "REFERENCES", "TABLE_COLUMNS", "CSV_COLUMNS", "Cell",
           "GrowthFit", "SeparationStudy", "family_label", "depth_setting", "is_separation",
           "separation_study", "size_growth_table", "size_growth_markdown", "size_growth_csv",
           "size_growth_figure", "panel_top", "panel_reference", "plot_size_growth",
           "write_separation", "restricted", "IN_RANGE_SOURCES", "FIT_POINTS"]

#: The explicit families of the study, in the order of the panels.
FAMILIES = ("PARITY", "IP", "EQ", "DISJ", "CD", "GT", "MAJ", "MOD")

#: Gate kinds of the study; the models below come first, in this order, then any other.
_KINDS = ("threshold", "relu", "sigmoid")
MODELS = ("threshold", "relu R=2", "relu R=3", "sigmoid R=2")

#: The reference shapes g(n), each fitted as a·g(n).
REFERENCES: dict[str, Callable[[float], float | None]] = {
    "n": lambda n: float(n),
    "n/log₂ n": lambda n: n / math.log2(n) if n >= 2 else None,
    "log₂ n": lambda n: math.log2(n),
}



# -- the records, as cells ----------------------------------------------------------------------

def family_label(record: Record) -> str:
    """The family's name in the study: "MOD3" for MOD with m = 3, else the function."""
    name = str(record.get("function"))
    if name != "MOD":
        return name
    m = record.get("m")
    if not isinstance(m, int) or isinstance(m, bool) or m < 2:
        raise field_error(record, "m", m, "the modulus of MOD, an integer >= 2")
    return f"MOD{m}"


def depth_setting(limits: Limits) -> str:
    """ "free depth" or "depth ≤ d"."""
    return "free depth" if limits.depth is None else f"depth ≤ {limits.depth}"


def is_separation(record: Record) -> bool:
    """Whether a record is a size minimisation the study reads (module docstring)."""
    if record.get("objective") != "size" or record.get("frontier") \
            or record.get("function") not in FAMILIES:
        return False
    if record.model().kind not in _KINDS:
        return False
    limits = record.limits()
    return not limits.conditional and not limits.shaped \
        and not [a for a in limits.bounded() if a not in ("size", "depth")]


@dataclass(frozen=True)
class Cell:
    """One question's answer and the strongest proven bound other than its optimality proof
    (`bound`, named `bound_name`)."""

    answer: Answer
    bound: int | None
    bound_name: str

    @property
    def bound_text(self) -> str:
        """E.g. "3 subcube" ("" without a bound)."""
        return "" if self.bound is None else f"{self.bound} {self.bound_name}".strip()


def _cell(record: Record, found: Answer) -> Cell:
    """The merged answer beside the strongest bound of `minckt.bounds` at the record's limits
    and, for a size not proven, the search's lower bound when it is larger."""
    limits = record.limits().with_("size", None)
    theory = strongest(record.spec(), "size", record.model(), limits)
    value, name = theory.value, theory.name or "bound"
    if not found.proven and found.lower_bound is not None and found.lower_bound > value:
        value, name = found.lower_bound, found.source or "search"
    return Cell(found, value, name)


# -- the study, its fits --------------------------------------------------------------------

@dataclass(frozen=True)
class GrowthFit:
    """a of a·g(n) for each reference g, least squares over one family's proven threshold
    sizes (references, not bounds); `setting` is the depth setting they come from."""

    family: str
    setting: str
    points: tuple[tuple[int, int], ...]
    constants: dict                                 # g's name -> a (None: no point for g)
    rms: dict                                       # g's name -> rms residual

    def describe(self) -> str:
        """E.g. "PARITY (threshold, free depth, 4 proven): 0.62·n (rms 0.4), ..."."""
        parts = [f"{a:.3g}·{g} (rms {self.rms[g]:.2f})" if a is not None else f"no {g} fit"
                 for g, a in self.constants.items()]
        return (f"{self.family} (threshold, {self.setting}, {len(self.points)} proven): "
                + ", ".join(parts))


def _setting_key(setting: str) -> tuple:
    return (0, 0) if setting == "free depth" else (1, int(setting.rsplit(" ", 1)[1]))


def _family_key(family: str) -> tuple:
    base = "MOD" if family.startswith("MOD") and family[3:].isdigit() else family
    return (FAMILIES.index(base), int(family[3:]) if base == "MOD" else 0)


def _model_key(model: str) -> tuple:
    return (MODELS.index(model), "") if model in MODELS else (len(MODELS), model)


@dataclass(frozen=True)
class SeparationStudy:
    """The study's cells: (family, n, depth setting, gate model) -> `Cell`."""

    cells: dict

    @property
    def families(self) -> list[str]:
        return sorted({f for f, _, _, _ in self.cells}, key=_family_key)

    @property
    def models(self) -> list[str]:
        return sorted({m for _, _, _, m in self.cells}, key=_model_key)

    @property
    def settings(self) -> list[str]:
        return sorted({s for _, _, s, _ in self.cells}, key=_setting_key)

    def rows(self) -> list[tuple[str, int, str]]:
        """The table's rows (family, n, depth setting), in order."""
        return sorted({(f, n, s) for f, n, s, _ in self.cells},
                      key=lambda r: (_family_key(r[0]), _setting_key(r[2]), r[1]))

    def series(self, family: str) -> list[tuple[str, str, list[tuple[int, Cell]]]]:
        """(model, setting, [(n, cell), ...]) of one family's panel."""
        found = []
        for model in self.models:
            for setting in self.settings:
                items = sorted((n, c) for (f, n, s, m), c in self.cells.items()
                               if (f, s, m) == (family, setting, model))
                if items:
                    found.append((model, setting, items))
        return found

    def fits(self) -> list[GrowthFit]:
        """One fit per family with proven threshold sizes (module docstring)."""
        fitted = []
        for family in self.families:
            for setting in self.settings:
                points = sorted((n, c.answer.value) for (f, n, s, m), c in self.cells.items()
                                if (f, s, m) == (family, setting, "threshold")
                                and c.answer.proven)
                if points:
                    constants, rms = {}, {}
                    for name, g in REFERENCES.items():
                        constants[name], rms[name] = least_squares(points, g)
                    fitted.append(GrowthFit(family, setting, tuple(points), constants, rms))
                    break
        return fitted


def separation_study(records: Sequence[Record]) -> SeparationStudy | None:
    """The study over the records `is_separation` takes, or None when no family has sizes
    at two values of n."""
    grouped: dict[tuple, list[tuple[Record, Answer]]] = {}
    for record in records:
        if is_separation(record):
            key = (family_label(record), record.spec().n, depth_setting(record.limits()),
                   gate_label(record.model()))
            grouped.setdefault(key, []).append((record, answer(record)))
    spans: dict[str, set[int]] = {}
    for family, n, _, _ in grouped:
        spans.setdefault(family, set()).add(n)
    if not any(len(ns) >= 2 for ns in spans.values()):
        return None
    cells = {key: _cell(items[0][0], merge_answers([a for _, a in items]))
             for key, items in grouped.items()}
    return SeparationStudy(restricted(cells))


#: Families whose function of n inputs becomes the family's function of n - `step` inputs
#: when the last input of each half (or the last input) is set to 0: PARITY and MOD_m
#: (one input), CD, DISJ, IP, EQ and GT (x_k = y_k = 0 drops the pair k).
_RESTRICTS = {"PARITY": 1, "MOD": 1, "CD": 2, "DISJ": 2, "IP": 2, "EQ": 2, "GT": 2}


def restricted(cells: dict) -> dict:
    """The cells with each bound raised to the largest proven lower bound of the same
    family, depth setting and gate model at a smaller n (named "restriction (n = k)").

    Setting inputs to 0 in a circuit for the family at n inputs gives one for the family at
    n − step inputs (`_RESTRICTS`) with no more gates, no greater depth, in the same gate
    model: a gate reading a constant 0 is the same gate without that wire.  So a proven
    lower bound at n' < n (n − n' a multiple of the step) is one at n.  Derived, not from
    the papers (docs/design/papers.md#derived-facts).  A circuit found (FEASIBLE) whose size
    meets the carried bound is a proven optimum: its cell reads OPTIMAL, the bound named."""
    out = dict(cells)
    for key in sorted(cells, key=lambda k: k[1]):
        family, n, setting, model = key
        step = _RESTRICTS.get("MOD" if family.startswith("MOD") else family)
        if step is None:
            continue
        cell = out[key]
        best, name = cell.bound, cell.bound_name
        for smaller in range(n - step, 0, -step):
            below = out.get((family, smaller, setting, model))
            if below is None:
                continue
            a = below.answer
            proven = [v for v in (below.bound, a.lower_bound, a.value if a.proven else None)
                      if v is not None]
            if proven and (best is None or max(proven) > best):
                best, name = max(proven), f"restriction (n = {smaller})"
        if best != cell.bound:
            found = cell.answer
            if not found.proven and found.value is not None and best >= found.value:
                # the circuit found meets the carried bound: a proven optimum
                found = replace(found, status="OPTIMAL", lower_bound=found.value, source=name)
            out[key] = Cell(found, best, name)
    return out


# -- tables ---------------------------------------------------------------------------------

#: The fixed columns of `size_growth_table`; then "<model> size", "<model> bound" per model.
TABLE_COLUMNS = ("family", "n", "depth")


def _columns(study: SeparationStudy) -> list[str]:
    return [*TABLE_COLUMNS, *(f"{m} {part}" for m in study.models for part in ("size", "bound"))]


def size_growth_table(study: SeparationStudy) -> str:
    """One Markdown row per (family, n, depth setting): each model's size and strongest
    proven bound side by side."""
    body = []
    for family, n, setting in study.rows():
        cells = []
        for model in study.models:
            cell = study.cells.get((family, n, setting, model))
            cells += ["", ""] if cell is None else [cell.answer.mark, cell.bound_text]
        body.append([family, str(n), setting, *cells])
    return "\n".join(markdown_table(_columns(study), body)) + "\n"


def size_growth_markdown(study: SeparationStudy,
                         fits: Sequence[GrowthFit] | None = None) -> str:
    """The study as Markdown: the notation, the sizes, the fitted constants."""
    fits = study.fits() if fits is None else fits
    out = ["# Size growth study", "",
           "Least size (gates) of explicit families against n, threshold beside ReLU and "
           "sigmoid gates, in free depth and at limited depth (Vardi, Reichman, Pitassi, Shamir, "
           "COLT 2021; docs/design/papers.md#size-separations-vardi-et-al).", "",
           "Cells: `3` proven optimum; `≤ 9` a circuit of 9 found, not proven (FEASIBLE); "
           "`≥ 2` nothing found, proven lower bound 2; `?` nothing known; `none` no circuit "
           "exists. Bound: the strongest proven lower bound other than the optimality proof "
           "itself (the bounds of minckt.bounds at the record's limits; `solver` where the "
           "search proved more than they do for a size it did not prove), with its name.", "",
           "## Sizes", "", size_growth_table(study).rstrip("\n"), "",
           "## Fitted references (not bounds)", "",
           "a by least squares through the origin, a = Σ y·g(n) / Σ g(n)², over each family's "
           "proven threshold sizes (free depth, or the first depth setting that has some); "
           "rms is the root-mean-square residual.", ""]

    def number(value: float | None, digits: str = ".3g") -> str:
        return "" if value is None else format(value, digits)

    out += markdown_table(
        ["family", "depth", "points", *(label for g in REFERENCES
                                        for label in (f"a (a·{g})", "rms"))],
        [[f.family, f.setting, str(len(f.points)),
          *(text for g in REFERENCES
            for text in (number(f.constants[g]), number(f.rms[g], ".2f")))] for f in fits])
    return "\n".join(out) + "\n"


#: Columns of `size_growth_csv`: one row per cell.
CSV_COLUMNS = ("family", "n", "depth", "gate", "status", "size", "lower_bound",
               "lower_bound_source", "bound", "bound_name", "mark", "time_s", "instances")


def size_growth_csv(study: SeparationStudy) -> str:
    """The cells in long form (RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for family, n, setting in study.rows():
        for model in study.models:
            cell = study.cells.get((family, n, setting, model))
            if cell is None:
                continue
            a = cell.answer
            writer.writerow([family, n, setting, model, a.status,
                             "" if a.value is None else a.value,
                             "" if a.lower_bound is None else a.lower_bound, a.source,
                             "" if cell.bound is None else cell.bound, cell.bound_name, a.mark,
                             f"{a.time_s:.4f}", " ".join(a.instances)])
    return buffer.getvalue()


# -- the figure -----------------------------------------------------------------------------

#: Colour and dash pattern of each reference curve.
_REFERENCE_STYLE = {"n": ("0.15", (0, (1, 1.5))), "n/log₂ n": ("0.4", (0, (6, 2, 1, 2))),
                    "log₂ n": ("0.6", (0, (3, 1.5)))}


#: The least highest integer of a panel's range: sizes all 1 still read against 0..4.
_LEAST_TOP = 4

#: How far above its highest integer a panel's top edge lies: the band where sizes above the
#: range sit, their labels below them.
_EDGE = 0.75


#: Where the circuits drawn inside a panel's range come from: the search and the families'
#: own constructions (`minckt.solve.constructions`).  A generic fallback (detectors, blocks:
#: 17–129 gates where the optima are 1–4) would squash the range; it sits on the top edge.
IN_RANGE_SOURCES = ("search", *(SOURCES[k] for k in ("counting", "staircase", "paired",
                                                      "MOD energy")))

#: Least proven points a fitted reference is drawn over.
FIT_POINTS = 4


def _in_range(answer: Answer) -> bool:
    return answer.value is not None and (answer.proven or answer.circuit_source in
                                         IN_RANGE_SOURCES)


def panel_top(cells: Sequence[Cell]) -> int:
    """The highest integer of a panel's y-range: one above the largest proven optimum,
    proven lower bound or size found by the search or a family's own construction
    (`IN_RANGE_SOURCES`), at least `_LEAST_TOP`.  Sizes of generic fallbacks are left out
    and marked at the top edge instead."""
    known = [c.answer.value for c in cells
             if c.answer.value is not None and _in_range(c.answer)]
    known += [b for c in cells for b in (c.bound, c.answer.lower_bound) if b is not None]
    return max(max(known, default=0) + 1, _LEAST_TOP)


def _path(points: Sequence[tuple[float, int | None, bool]]) -> tuple[list, list]:
    """x and y of a series' line, NaN-separated: a segment joins two consecutive points
    both in range; a segment to an unproven point is dotted by the caller."""
    xs: list[float] = []
    ys: list[float] = []
    for (x0, y0, _), (x1, y1, _) in zip(points, points[1:]):
        if y0 is None or y1 is None:
            continue
        if not xs or (xs[-1], ys[-1]) != (x0, y0):
            xs += [math.nan, x0]
            ys += [math.nan, y0]
        xs.append(x1)
        ys.append(y1)
    return xs, ys


def _draw_cells(axes, items: Sequence[tuple[int, Cell]], colour: str, nudge: float,
                top: int) -> list[tuple[int, int]]:
    """One gate model's series in a panel whose range ends at `top`: proven sizes filled,
    sizes found hollow (dotted down to the proven lower bound, a triangle), nothing found
    but a bound: the triangle alone.  Returns the (n, size) of the sizes above the range,
    drawn hollow on the top edge (the caller labels them)."""
    above, points = [], []
    for n, cell in items:
        x, a = n + nudge, cell.answer
        shown = a.value is not None and a.value <= top
        points.append((x, a.value if shown else None, a.proven))
        lower = None if a.proven else cell.bound
        if shown:
            axes.plot([x], [a.value], "o", color=colour,
                      markerfacecolor=colour if a.proven else "none")
        elif a.value is not None:
            above.append((n, a.value))
            axes.plot([x], [top + _EDGE], "o", color=colour, markerfacecolor="none",
                      clip_on=False)
        elif a.status == "INFEASIBLE":
            axes.plot([x], [0], "x", color=colour, markersize=8)
        if lower is not None:
            axes.plot([x], [lower], "^", color=colour, markerfacecolor="none", markersize=5)
            if shown and a.value is not None and lower < a.value:
                axes.vlines(x, lower, a.value, color=colour, linestyles=":", linewidth=0.8)
    xs, ys = _path(points)
    if xs:
        axes.plot(xs, ys, color=colour, alpha=0.6, linewidth=1)
    return above


def _label_above(axes, above: Sequence[tuple[int, int]], top: int) -> None:
    """One label per n under the top-edge markers: "≤ 129", or "≤ 80–82" when the models
    found different sizes there."""
    by_n: dict[int, list[int]] = {}
    for n, value in above:
        by_n.setdefault(n, []).append(value)
    for n, values in sorted(by_n.items()):
        low, high = min(values), max(values)
        text = f"≤ {low}" if low == high else f"≤ {low}–{high}"
        axes.annotate(text, (n, top + _EDGE), xytext=(0, -5), textcoords="offset points",
                      ha="center", va="top", fontsize=6, color="0.2", rotation=90)


def panel_reference(points: Sequence[tuple[int, int]]) -> tuple[str, float, float] | None:
    """(g, a, rms) of the reference a·g(n) that fits `points` (proven sizes) best, or None
    below `FIT_POINTS` points: no curve is drawn over fewer."""
    if len(points) < FIT_POINTS:
        return None
    fitted = []
    for name, g in REFERENCES.items():
        a, rms = least_squares(points, g)
        if a is not None and rms is not None:  # (both or neither)
            fitted.append((rms, name, a))
    if not fitted:
        return None
    rms, name, a = min(fitted)
    return name, a, rms


def _draw_reference(axes, reference: tuple[str, float, float], span: tuple[int, int],
                    ceiling: float, count: int) -> None:
    """The fitted a·g(n) over the span of n, cut (NaN) where it leaves the range."""
    name, a, rms = reference
    low, high = span
    grid = [low + (high - low) * i / 120 for i in range(121)] if high > low else [low]
    g = REFERENCES[name]
    shown = [(x, a * y if a * y <= ceiling else math.nan)
             for x in grid if (y := g(x)) is not None]
    colour, dashes = _REFERENCE_STYLE[name]
    axes.plot([x for x, _ in shown], [y for _, y in shown], color=colour, linestyle=dashes,
              linewidth=1, label=f"{a:.2f}·{name}, fitted to {count} proven (rms {rms:.2f})")
    axes.legend(fontsize="xx-small", loc="upper left", title="not a bound",
                title_fontsize="xx-small")


def _panels(study: SeparationStudy) -> tuple[list[tuple[str, str]], list[str]]:
    """The (family, depth setting) of each panel, and the families left out: those whose
    every answer is a proven single gate (threshold functions such as MAJ and GT)."""
    trivial = [f for f in study.families
               if all(c.answer.proven and c.answer.value == 1
                      for (g, _, _, _), c in study.cells.items() if g == f)]
    panels = [(f, s) for f in study.families if f not in trivial for s in study.settings
              if any((g, t) == (f, s) for g, _, t, _ in study.cells)]
    return panels, trivial


def _draw_panel(axes, study: SeparationStudy, family: str, setting: str, colours: dict
                ) -> None:
    series = [(model, items) for model, s, items in study.series(family) if s == setting]
    ns = [n for _, items in series for n, _ in items]
    top = panel_top([c for _, items in series for _, c in items])
    above = []
    for index, (model, items) in enumerate(series):
        nudge = 0.08 * (index - (len(series) - 1) / 2)  # equal sizes of two models stay apart
        above += _draw_cells(axes, items, colours[model], nudge, top)
    _label_above(axes, above, top)
    proven = sorted((n, c.answer.value) for model, items in series if model == "threshold"
                    for n, c in items if c.answer.proven and c.answer.value is not None)
    reference = panel_reference(proven)
    if reference is not None:
        _draw_reference(axes, reference, (proven[0][0], proven[-1][0]), top + _EDGE,
                        len(proven))
    axes.set_title(f"{family}, {setting}", pad=9)   # clear of the markers on the top edge
    axes.set_xlabel("inputs n")
    axes.set_ylabel("size (gates)")
    axes.set_ylim(0, top + _EDGE)
    axes.set_xlim(min(ns) - 0.6, max(ns) + 0.6)
    axes.grid(True, alpha=0.3)
    integer_ticks(axes)


def size_growth_figure(study: SeparationStudy, fits: Sequence[GrowthFit] | None = None):
    """The matplotlib figure of `plot_size_growth` (the caller closes it).  `fits` is
    accepted for the table's callers and not drawn: each panel fits its own reference
    (`panel_reference`)."""
    from matplotlib.lines import Line2D

    colours = {m: f"C{i % 10}" for i, m in enumerate(study.models)}
    plt = pyplot()
    panels, trivial = _panels(study)
    columns = max(1, min(len(study.settings), 3))
    rows_ = max(1, -(-len(panels) // columns))
    figure, grid = plt.subplots(rows_, columns, figsize=(4.6 * columns, 3.0 * rows_),
                                squeeze=False)
    for axes, (family, setting) in zip(grid.flat, panels):
        _draw_panel(axes, study, family, setting, colours)
    for axes in list(grid.flat)[len(panels):]:
        axes.set_visible(False)
    handles = [Line2D([], [], color=colours[m], marker="o", label=m) for m in study.models]
    handles += [marker_key("proven"),
                Line2D([], [], color="grey", marker="o", markerfacecolor="none",
                       linestyle="", label="found by the search or a construction"),
                Line2D([], [], color="grey", marker="^", markerfacecolor="none",
                       linestyle=":", label="proven lower bound (dotted up to what was found)"),
                Line2D([], [], color="grey", marker="o", markerfacecolor="none", linestyle="",
                       label="fallback above the range: top edge, labelled ≤ size")]
    title = "Least size against n: proven filled, constructions hollow, lower bounds ▲"
    if trivial:
        title += f"\n({', '.join(trivial)}: one gate at every n in every model, not drawn)"
    figure.suptitle(title)
    figure.tight_layout(rect=(0, 0, 1, 1 - 0.5 / (3.0 * rows_)))  # room for the title
    figure.legend(handles=handles, fontsize="small", loc="center left",
                  bbox_to_anchor=(1.0, 0.5))
    return figure


def plot_size_growth(study: SeparationStudy, directory: str | Path, stem: str = "size_growth",
                     fits: Sequence[GrowthFit] | None = None) -> list[Path]:
    """``<stem>.png`` and ``<stem>.svg``: a panel per family and depth setting, least size
    against n, a colour per gate model; filled markers proven, hollow ones found (generic
    fallbacks above the range on the top edge, labelled), proven lower bounds as triangles;
    the best-fitting reference over at least `FIT_POINTS` proven threshold sizes; integer
    ticks."""
    return write_figure(size_growth_figure(study, fits), directory, stem)


def write_separation(records: Sequence[Record], directory: str | Path, *,
                     tables: Sequence[str] = ("md", "csv"), plots: bool = True
                     ) -> tuple[list[Path], SeparationStudy | None]:
    """``size_growth.md``/``.csv`` (those of `tables`) and, with `plots`,
    ``size_growth.png``/``.svg`` in `directory`; nothing when `separation_study` finds no
    study.  Returns the files written and the study."""
    study = separation_study(records)
    written, _ = write_study(study, directory, "size_growth", markdown=size_growth_markdown,
                             csv=size_growth_csv, plot=plot_size_growth, tables=tables,
                             plots=plots)
    return written, study
