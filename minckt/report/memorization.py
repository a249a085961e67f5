"""The memorization study (issue 13; Koyuncu, docs/design/papers.md#memorization-koyuncu): least
resources against the number N of labelled points, beside fitted c·√N and c·log2 N references.

A memorization record (``"function": "memorize"``, written by `minckt solve`) answers one
question about one data set: the N points of ``{0,1}^n`` given by ``seed`` and ``labels``
(random, parity, majority) or by ``points_file``.  The question is a *measure*: the minimised
resource together with whether gates may carry guards (``limits.conditional``), e.g. "size",
"energy", "ops (unconditional)", "ops (conditional)".  The other limits of the question (say
size ≤ 8 for an energy or ops minimisation) and the gate model are part of the measure too:
answers to different questions are never put in one cell or one curve.  Its label names them
only when two measures would otherwise read alike; `measure_notes` spells every one out.

Cells of the per-data-set table (`MARKS`):

* ``5`` — proven optimum (OPTIMAL);
* ``[3, 5]`` — a circuit of 5 found, nothing below 3 possible (FEASIBLE, proven lower bound 3);
* ``≤5`` — a circuit of 5 found, no lower bound recorded (FEASIBLE);
* ``≥3`` — no circuit found in time, nothing below 3 possible (UNKNOWN with a lower bound);
* ``?`` — nothing found, nothing proven (UNKNOWN);
* ``none`` — no circuit exists within the limits (INFEASIBLE);
* empty — the question was not asked for that data set.

**Made conditional** (Koyuncu's direction, a conditional network synthesised from an
unconditional one): for every unconditional ops answer with a circuit, the measure "ops
(made conditional)" is the ops of `minckt.solve.conditional.make_conditional` applied to that
circuit (greedy guards, verified on the care set): an upper bound, so its cell reads ``≤v``
(FEASIBLE) even when the circuit it came from is optimal.

Two records of one question on one data set (say a rerun with a longer time limit) are one
cell: the least value found, the largest lower bound proven.

The summary takes, per (n, labels, measure, N), the median of the values found over the data
sets (seeds).  A FEASIBLE value is at least the optimum, so when some of them are not proven
the median of the optima is at most the median shown, written ``≤4.5``.

The fits are least squares through the origin, c = Σ y·g(N) / Σ g(N)², for g = √N and
g = log2 N, over every data set's value found (the best found for FEASIBLE), one fit per
(measure, n, labels).  They are references for the shape of the growth (Koyuncu: O(√N)
operations without conditional computation, Θ(log N) with it), not bounds: minckt's data
are points of the Boolean cube, and its ops count is its own reading of Koyuncu's model
(`OPS_NOTE`).
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from minckt.core.problem import AXES, Limits
from minckt.report.common import gate_label, log2_axis, marker_key, pyplot
from minckt.report.fits import least_squares
from minckt.report.records import Record
from minckt.report.studies import write_figure, write_study
from minckt.report.tables import limits_text, markdown_table

__all__ = ["MARKS", "OPS_NOTE", "CSV_COLUMNS", "Measure", "DataSet", "Entry", "MemorizationFit",
           "MemorizationStudy", "is_memorization", "memorization_study",
           "memorization_markdown", "memorization_csv", "memorization_figure",
           "plot_memorization",
           "write_memorization"]

#: The notation of a cell, in the order the module docstring explains it.
MARKS = {
    "5": "proven optimum (OPTIMAL)",
    "[3, 5]": "a circuit of 5 found, proven that none of fewer than 3 exists (FEASIBLE)",
    "≤5": "a circuit of 5 found, no lower bound recorded (FEASIBLE)",
    "≥3": "no circuit found in the time limit, proven lower bound 3 (UNKNOWN)",
    "?": "nothing found and nothing proven (UNKNOWN)",
    "none": "no circuit exists within the limits (INFEASIBLE)",
    "(empty)": "not asked for this data set",
}

#: How minckt counts operations (docs/design/papers.md#derived-facts: Koyuncu's formal model was
#: not available).
OPS_NOTE = ("ops is minckt's reading of Koyuncu's operations per input (minckt.core.circuit): an "
            "evaluated gate costs its fan-in (a multiplication and an addition per wire, "
            "counted together) plus one comparison, a gate its guard skips costs nothing, and "
            "reading a guard is not counted; the count is the maximum over the N points. "
            "evaluated is the most gates evaluated on one point.")

#: Objectives in the order the study reads them; any other resource comes after, in AXES order.
_ORDER = ("size", "energy", "ops", "evaluated")

#: Objectives whose value depends on guards, so their label always says which way.
_GUARDED = ("ops", "evaluated")


# -- the records, as cells ------------------------------------------------------------------

@dataclass(frozen=True)
class Measure:
    """One question asked of a data set: minimise `objective`, with or without guards, under
    the other limits `others` (axis, bound) and the gate model `gate`."""

    objective: str
    conditional: bool
    others: tuple[tuple[str, int], ...] = ()
    gate: str = "threshold"
    made_conditional: bool = False  # the greedy guarding of the unconditional answer

    @property
    def base(self) -> str:
        """E.g. "size", "ops (conditional)", "ops (unconditional)", "energy (conditional)"."""
        if self.made_conditional:
            return f"{self.objective} (made conditional)"
        if self.conditional:
            return f"{self.objective} (conditional)"
        return f"{self.objective} (unconditional)" if self.objective in _GUARDED else \
            self.objective

    @property
    def qualifier(self) -> str:
        """The other limits and a gate model other than threshold, e.g. "s≤8, relu R=2"."""
        limits = _others_text(self.others)
        parts = [limits] if limits else []
        if self.gate != "threshold":
            parts.append(self.gate)
        return ", ".join(parts)

    @property
    def question(self) -> str:
        """The whole question in words, e.g. "least ops, guards allowed, s≤8, threshold"."""
        if self.made_conditional:
            guards = "the unconditional answer's circuit guarded greedily (make_conditional)"
        else:
            guards = "guards allowed" if self.conditional else "no guards"
        limits = _others_text(self.others)
        return f"least {self.objective}, {guards}" + (f", {limits}" if limits else "") + \
            f", {self.gate} gates"

    def sort_key(self) -> tuple:
        rank = _ORDER.index(self.objective) if self.objective in _ORDER else \
            len(_ORDER) + AXES.index(self.objective)
        return (rank, self.conditional, self.made_conditional, self.gate != "threshold",
                self.gate, self.others)


def _others_text(others: Sequence[tuple[str, int]]) -> str:
    """E.g. "s≤8" for (("size", 8),), in the notation of the main table."""
    limits: dict[str, Any] = dict(others)
    return limits_text(Limits(**limits))


@dataclass(frozen=True)
class DataSet:
    """One data set: n inputs, N points, and where the points come from (labels and seed, or
    a points file); `outputs` > 1 for multi-output label sets."""

    n: int
    N: int
    labels: str            # "random", "parity", "majority", or "file" for a points file
    seed: int | None = None
    points_file: str | None = None
    outputs: int = 1

    @property
    def kind(self) -> str:
        """The series a data set belongs to: its labels, the file, and the outputs."""
        kind = f"file {self.points_file}" if self.points_file else self.labels
        return kind if self.outputs == 1 else f"{kind} ×{self.outputs}"

    def sort_key(self) -> tuple:
        return (self.n, self.kind, self.N, self.seed is None, self.seed or 0)


@dataclass(frozen=True)
class Entry:
    """What is known about one measure on one data set (one cell of the table)."""

    status: str                 # OPTIMAL, FEASIBLE, UNKNOWN or INFEASIBLE
    value: int | None           # the best found (None: no circuit)
    lower_bound: int | None     # the proven lower bound (None: none recorded)
    instances: tuple[str, ...] = ()

    @property
    def proven(self) -> bool:
        return self.status == "OPTIMAL"

    @property
    def mark(self) -> str:
        """The cell's text in the notation of `MARKS`."""
        if self.status == "INFEASIBLE":
            return "none"
        if self.value is None:
            return "?" if self.lower_bound is None else f"≥{self.lower_bound}"
        if self.proven:
            return str(self.value)
        return f"≤{self.value}" if self.lower_bound is None else \
            f"[{self.lower_bound}, {self.value}]"


def _merge(entries: Sequence[Entry]) -> Entry:
    """One cell from several answers to one question: least value found, largest bound."""
    if len(entries) == 1:
        return entries[0]
    names = tuple(name for e in entries for name in e.instances)
    values = [e.value for e in entries if e.value is not None]
    bounds = [e.lower_bound for e in entries if e.lower_bound is not None]
    bounds += [e.value for e in entries if e.proven and e.value is not None]
    value = min(values) if values else None
    bound = max(bounds) if bounds else None
    if value is not None:
        status = "OPTIMAL" if bound is not None and bound >= value else "FEASIBLE"
    else:
        status = "INFEASIBLE" if any(e.status == "INFEASIBLE" for e in entries) else "UNKNOWN"
    return Entry(status, value, bound, names)


def is_memorization(record: Record) -> bool:
    """Whether a record is an optimisation on a memorization data set."""
    return record.get("function") == "memorize" and bool(record.get("objective")) \
        and not record.get("frontier")


def _int(record: Record, key: str) -> int | None:
    value = record.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _data_set(record: Record) -> DataSet:
    spec = record.spec()
    count = _int(record, "N")
    if count is None:  # the care set is the points
        count = len(spec.care_rows)
    points_file = record.get("points_file")
    labels = "file" if points_file else str(record.get("labels") or "random")
    return DataSet(n=spec.n, N=count, labels=labels, seed=_int(record, "seed"),
                   points_file=str(points_file) if points_file else None,
                   outputs=spec.num_outputs)


def _measure(record: Record) -> Measure:
    objective = str(record.get("objective"))
    limits = record.limits()
    others = tuple((a, v) for a, v in limits.to_json().items()
                   if a not in ("conditional", objective))
    return Measure(objective, limits.conditional, others, gate_label(record.model()))


def _made_conditional(record: Record, measure: Measure) -> tuple[Measure, Entry] | None:
    """The "made conditional" cell of an unconditional ops answer with a circuit."""
    data = record.get("circuit")
    if measure.objective != "ops" or measure.conditional or not data:
        return None
    from dataclasses import replace

    from minckt.core.circuit import Circuit
    from minckt.solve.conditional import make_conditional
    from minckt.verify.check import verify

    spec = record.spec()
    guarded = make_conditional(Circuit.from_json(data), spec)
    ops = verify(spec, guarded, Limits(conditional=True)).ops
    return (replace(measure, conditional=True, made_conditional=True),
            Entry("FEASIBLE", ops, None, (record.name,)))


def _entry(record: Record) -> Entry:
    status = str(record.get("status") or "UNKNOWN")
    value, bound = _int(record, "value"), _int(record, "lower_bound")
    if status == "OPTIMAL" and value is not None:
        bound = value
    return Entry(status, value, bound, (record.name,))


# -- the study: cells, summary, fits --------------------------------------------------------

@dataclass(frozen=True)
class MemorizationFit:
    """Least-squares constants of c·√N and c·log2 N through one series' points (fitted
    references, not bounds).  `c_log` is None when every point has N = 1."""

    measure: str                              # the measure's label
    n: int
    labels: str                               # the data sets' kind (`DataSet.kind`)
    c_sqrt: float | None
    c_log: float | None
    points: tuple[tuple[int, int], ...]       # (N, value found), one per data set
    rms_sqrt: float | None = None             # root-mean-square residual of each fit
    rms_log: float | None = None

    def describe(self) -> str:
        """E.g. "size, n = 4, random: 1.23·√N (rms 0.40), 0.87·log2 N (rms 0.31), 6 points"."""
        def fit(c: float | None, g: str, rms: float | None) -> str:
            return f"no {g} fit" if c is None else f"{c:.3g}·{g} (rms {rms:.2f})"

        return (f"{self.measure}, n = {self.n}, {self.labels}: "
                f"{fit(self.c_sqrt, '√N', self.rms_sqrt)}, "
                f"{fit(self.c_log, 'log2 N', self.rms_log)}, {len(self.points)} point(s)")


def _fit(measure: str, n: int, labels: str, points: Sequence[tuple[int, int]]
         ) -> MemorizationFit:
    points = tuple(sorted(points))
    c_sqrt, rms_sqrt = least_squares(points, math.sqrt)
    c_log, rms_log = least_squares(points, math.log2)
    return MemorizationFit(measure, n, labels, c_sqrt, c_log, points, rms_sqrt, rms_log)


@dataclass(frozen=True)
class MemorizationStudy:
    """The memorization records as a grid: data sets × measures, each cell an `Entry`."""

    data_sets: tuple[DataSet, ...]
    measures: tuple[Measure, ...]
    labels: dict                               # Measure -> its column label
    cells: dict                                # (DataSet, Measure) -> Entry

    def entry(self, data_set: DataSet, measure: Measure) -> Entry | None:
        return self.cells.get((data_set, measure))

    def series(self) -> list[tuple[int, str]]:
        """The (n, kind) pairs, in order; each is one colour in the plot and one fit."""
        return sorted({(d.n, d.kind) for d in self.data_sets})

    def summary(self) -> list[dict]:
        """One row per (n, labels, measure, N): how many data sets, how many found and
        proven, and the median of the values found (`bounded`: some are not proven)."""
        table = []
        for n, kind in self.series():
            for measure in self.measures:
                by_count: dict[int, list[Entry]] = {}
                for data_set in self.data_sets:
                    entry = self.entry(data_set, measure)
                    if (data_set.n, data_set.kind) == (n, kind) and entry is not None:
                        by_count.setdefault(data_set.N, []).append(entry)
                for count in sorted(by_count):
                    entries = by_count[count]
                    found = [e.value for e in entries if e.value is not None]
                    table.append({
                        "n": n, "labels": kind, "measure": self.labels[measure], "N": count,
                        "data_sets": len(entries), "found": len(found),
                        "proven": sum(e.proven for e in entries),
                        "median": statistics.median(found) if found else None,
                        "bounded": any(not e.proven for e in entries if e.value is not None),
                    })
        return table

    def fits(self) -> list[MemorizationFit]:
        """One fit per (measure, n, labels) with at least one value found."""
        found = []
        for measure in self.measures:
            for n, kind in self.series():
                points = [(d.N, e.value) for d in self.data_sets
                          if (d.n, d.kind) == (n, kind)
                          and (e := self.entry(d, measure)) is not None and e.value is not None]
                if points:
                    found.append(_fit(self.labels[measure], n, kind, points))
        return found


def _labels(measures: Sequence[Measure]) -> dict:
    """Each measure's column label: its base name, qualified by its other limits and gate
    only where two measures share a base name."""
    counts: dict[str, int] = {}
    for measure in measures:
        counts[measure.base] = counts.get(measure.base, 0) + 1
    labels = {}
    for measure in measures:
        label = measure.base
        if counts[label] > 1 and measure.qualifier:
            label = f"{label} [{measure.qualifier}]"
        labels[measure] = label
    return labels


def memorization_study(records: Sequence[Record]) -> MemorizationStudy | None:
    """The study over the memorization records (None when there are none)."""
    grouped: dict[tuple[DataSet, Measure], list[Entry]] = {}
    for record in records:
        if is_memorization(record):
            key = (_data_set(record), _measure(record))
            grouped.setdefault(key, []).append(_entry(record))
            made = _made_conditional(record, key[1])
            if made is not None:
                grouped.setdefault((key[0], made[0]), []).append(made[1])
    if not grouped:
        return None
    data_sets = tuple(sorted({d for d, _ in grouped}, key=DataSet.sort_key))
    measures = tuple(sorted({m for _, m in grouped}, key=Measure.sort_key))
    cells = {key: _merge(entries) for key, entries in grouped.items()}
    return MemorizationStudy(data_sets, measures, _labels(measures), cells)


# -- tables ---------------------------------------------------------------------------------

def _median_text(row: dict) -> str:
    median = row["median"]
    if median is None:
        return ""
    text = f"{median:g}"
    return f"≤{text}" if row["bounded"] else text


def memorization_markdown(study: MemorizationStudy,
                          fits: Sequence[MemorizationFit] | None = None) -> str:
    """The study as Markdown: the measures, the notation, one row per data set, the summary
    over seeds and the fitted constants."""
    fits = study.fits() if fits is None else fits
    out = ["# Memorization study", "",
           "N labelled points of {0,1}^n, every other input a don't-care (Koyuncu, ICLR 2023; "
           "docs/design/papers.md#memorization-koyuncu). Each column is one question (measure):",
           ""]
    out += [f"- **{study.labels[m]}**: {m.question}" for m in study.measures]
    out += ["", OPS_NOTE, "", "Cells: " + "; ".join(f"`{mark}` {meaning}"
                                                      for mark, meaning in MARKS.items()) + ".",
            "", "## Data sets", ""]
    header = ["n", "labels", "seed", "N", *(study.labels[m] for m in study.measures)]
    body = []
    for d in study.data_sets:
        cells = [(e.mark if (e := study.entry(d, m)) is not None else "")
                 for m in study.measures]
        body.append([str(d.n), d.kind, "" if d.seed is None else str(d.seed), str(d.N), *cells])
    out += markdown_table(header, body)
    out += ["", "## Summary over seeds", "",
            "The median of the values found; `≤` where some are best found only (the median of "
            "the optima is then at most that).", ""]
    out += markdown_table(
        ["n", "labels", "measure", "N", "data sets", "found", "proven", "median"],
        [[str(r["n"]), r["labels"], r["measure"], str(r["N"]), str(r["data_sets"]),
          str(r["found"]), str(r["proven"]), _median_text(r)] for r in study.summary()])
    out += ["", "## Fitted references (not bounds)", "",
            "Least squares through the origin, c = Σ y·g(N) / Σ g(N)², over every data set's "
            "value found; rms is the root-mean-square residual.", ""]

    def number(value: float | None, digits: str = ".3g") -> str:
        return "" if value is None else format(value, digits)

    out += markdown_table(
        ["measure", "n", "labels", "points", "c (c·√N)", "rms", "c (c·log2 N)", "rms"],
        [[f.measure, str(f.n), f.labels, str(len(f.points)), number(f.c_sqrt),
          number(f.rms_sqrt, ".2f"), number(f.c_log), number(f.rms_log, ".2f")] for f in fits])
    return "\n".join(out) + "\n"


#: Columns of `memorization_csv`: one row per (data set, measure).
CSV_COLUMNS = ("n", "labels", "seed", "points_file", "N", "measure", "objective", "conditional",
               "limits", "gate", "status", "value", "lower_bound", "mark", "instances")


def memorization_csv(study: MemorizationStudy) -> str:
    """The cells in long form, one row per (data set, measure) asked (RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for d in study.data_sets:
        for m in study.measures:
            entry = study.entry(d, m)
            if entry is None:
                continue
            writer.writerow([d.n, d.kind, "" if d.seed is None else d.seed,
                             d.points_file or "", d.N, study.labels[m], m.objective,
                             str(m.conditional).lower(), _others_text(m.others), m.gate,
                             entry.status, "" if entry.value is None else entry.value,
                             "" if entry.lower_bound is None else entry.lower_bound, entry.mark,
                             " ".join(entry.instances)])
    return buffer.getvalue()


# -- the plot -------------------------------------------------------------------------------

def _draw_entries(axes, items: Sequence[tuple[int, Entry]], colour: str, nudge: float
                  ) -> None:
    """One series' cells at x = N·nudge, and a faint line through the medians over seeds."""
    medians: dict[int, list[int]] = {}
    for count, entry in items:
        x = count * nudge
        if entry.value is not None:
            medians.setdefault(count, []).append(entry.value)
            axes.plot([x], [entry.value], "o", color=colour,
                      markerfacecolor=colour if entry.proven else "none")
            if not entry.proven and entry.lower_bound is not None:
                axes.vlines(x, entry.lower_bound, entry.value, color=colour, linestyles=":")
        elif entry.status == "INFEASIBLE":
            axes.plot([x], [0], "x", color=colour, markersize=8)
        elif entry.lower_bound is not None:
            axes.plot([x], [entry.lower_bound], "^", color=colour, markerfacecolor="none")
    if medians:
        xs = sorted(medians)
        axes.plot([x * nudge for x in xs], [statistics.median(medians[x]) for x in xs], "-",
                  color=colour, alpha=0.5)


def _draw_panel(axes, study: MemorizationStudy, measure: Measure, colours: dict) -> None:
    """One measure: a colour per (n, labels) series (the fits are in the tables, not drawn:
    a panel shows the data and its marks only)."""
    from matplotlib.lines import Line2D

    series = [s for s in study.series()
              if any(study.entry(d, measure) is not None for d in study.data_sets
                     if (d.n, d.kind) == s)]
    handles = []
    counts: list[int] = []
    for index, (n, kind) in enumerate(series):
        colour = colours[(n, kind)]
        items = [(d.N, e) for d in study.data_sets if (d.n, d.kind) == (n, kind)
                 and (e := study.entry(d, measure)) is not None]
        counts += [count for count, _ in items]
        # series nudged sideways (by a factor, on the log axis) so equal points stay visible
        _draw_entries(axes, items, colour, 2 ** (0.04 * (index - (len(series) - 1) / 2)))
        handles.append(Line2D([], [], color=colour, marker="o", label=f"n = {n}, {kind}"))
    handles += [marker_key("proven"),
                Line2D([], [], color="grey", marker="o", markerfacecolor="none", linestyle=":",
                       label="best found, dotted down to the proven lower bound"),
                marker_key("lower")]
    log2_axis(axes, counts)
    axes.set_title(study.labels[measure])
    axes.set_xlabel("points N (log scale)")
    axes.set_ylabel(measure.objective)
    axes.grid(True, alpha=0.3)
    axes.legend(handles=handles, fontsize="x-small", loc="upper left",
                bbox_to_anchor=(1.01, 1))


def memorization_figure(study: MemorizationStudy,
                        fits: Sequence[MemorizationFit] | None = None):
    """The matplotlib figure of `plot_memorization` (the caller closes it); `fits` is
    accepted for the shared study interface (`write_study`) and not drawn."""
    del fits
    colours = {s: f"C{i % 10}" for i, s in enumerate(study.series())}
    plt = pyplot()
    count = len(study.measures)
    columns = min(count, 2)
    rows_ = -(-count // columns)
    figure, grid = plt.subplots(rows_, columns, figsize=(8.5 * columns, 4.2 * rows_),
                                squeeze=False)
    for axes, measure in zip(grid.flat, study.measures):
        _draw_panel(axes, study, measure, colours)
    for axes in list(grid.flat)[count:]:
        axes.set_visible(False)
    figure.suptitle("Memorization: least resources against the number of points N "
                    "(exact search; the constructions past it are in memorization_scale)")
    figure.tight_layout()
    return figure


def plot_memorization(study: MemorizationStudy, directory: str | Path,
                      stem: str = "memorization",
                      fits: Sequence[MemorizationFit] | None = None) -> list[Path]:
    """``<stem>.png`` and ``<stem>.svg``: a panel per measure, its value against N on a log2
    axis (ticks 2, 4, 8, ...), a colour per (n, labels); filled markers are proven optima,
    hollow ones the best found with a dotted segment down to the proven lower bound, hollow
    triangles a lower bound alone, crosses no circuit; a faint line through the medians over
    seeds.  The fitted c·√N and c·log2 N are in the Markdown table, not in the figure."""
    return write_figure(memorization_figure(study, fits), directory, stem)


def write_memorization(records: Sequence[Record], directory: str | Path, *,
                       tables: Sequence[str] = ("md", "csv"), plots: bool = True
                       ) -> tuple[list[Path], list[MemorizationFit]]:
    """``memorization.md``/``.csv`` (those of `tables`) and, with `plots`,
    ``memorization.png``/``.svg`` in `directory`; nothing when no record is a memorization
    instance.  Returns the files written and the fits."""
    return write_study(memorization_study(records), directory, "memorization",
                       markdown=memorization_markdown, csv=memorization_csv,
                       plot=plot_memorization, tables=tables, plots=plots)
