"""The superposition study (Adler & Shavit, docs/design/papers.md#superposition-adlershavit): the
least hidden gates and parameters that compute m' pairwise ANDs, beside the proven counting bound
and fitted Adler–Shavit reference curves.

A superposition record is a minimisation of ``hidden`` or ``params`` on the family
``PAIRWISE_AND`` (``"function": "PAIRWISE_AND"``, written by `minckt solve`; the record carries
``n``, ``k`` and ``pairs``): n = m inputs, one output x_i AND x_j for each pair, rows with more
than k ones are don't-cares.  The number of outputs is m' = len(pairs), or m(m − 1)/2 for
``pairs = "all"``; the study checks it against the spec's outputs.  Records of other
objectives (size, say) are left to the main table.

One table row per **question** (n, k, pair set, gate model, architecture, other limits):

* architecture: "free depth" (``outputs_read = "hidden"`` without layers: outputs read hidden
  gates only, any depth), "1 hidden layer" (``layers`` of two entries, ``skip = false``),
  "L hidden layers" for more, "... with skip" when skip is allowed, and "free DAG" when the
  outputs may read the inputs too; the layers' widths (upper bounds) are shown beside it;
* least hidden: its status in the cell (``5`` proven optimum, ``≤ 5`` FEASIBLE, ``≥ 3``
  nothing found but a proven bound, ``?`` nothing known, ``none`` no circuit exists), the
  proven lower bound and which argument proved it: ``counting`` (`minckt.bounds.counting`),
  ``solver`` (the search refuted every smaller value), or another bound's name;
* least params at that width: the answer of a ``params`` minimisation whose ``hidden``
  limit is the least hidden found; without one, the params of the least-hidden circuit,
  marked ``*`` (an upper bound: nothing was minimised);
* time: the seconds of the searches behind the row's hidden and params cells.

Every params minimisation also gets a row of its own, at its hidden limit, in a second table.
Two records of one question (a rerun with a longer time limit) are one cell: the least value
found, the largest lower bound (`merge_answers`).  A size cap the search set itself (the
"default cap" note) is not part of the question; a size limit the user gave is.

The plot (`plot_superposition`, ``superposition.png``/``.svg``) has two panels against m':
hidden gates and params, one colour per series (k, architecture; the gate model and pair
kind when they vary).  Filled markers are proven optima, hollow circles the best found with
a dotted bar down to the proven lower bound, hollow diamonds the params of the least-hidden
circuit (not minimised); points of several series that would cover each other are spread
sideways around their m'.  The counting bound is a step line in each series' colour.  Each
panel has one black dashed Adler–Shavit shape, c·√(m′ log₂ m′) (hidden) or c·m′ log₂ m′
(params), with c fitted by least squares (`ReferenceCurve.fit`) over the proven points of
every series together, or every best-found point when none is proven (`reference_fit`);
the tables keep one fit per series (`SuperpositionStudy.fits`).  The constants of the paper
are unknown and its neuron model is not minckt's, so a fitted curve is a reference for the
shape of the growth, not a bound (`minckt.bounds.superposition`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from minckt.bounds import counting
from minckt.bounds.superposition import ReferenceCurve, curve
from minckt.errors import InputError
from minckt.core.problem import Limits
from minckt.report.common import gate_label, marker_key, pyplot
from minckt.report.fits import rms
from minckt.report.plots import integer_ticks
from minckt.report.records import Record, field_error
from minckt.report.studies import write_figure, write_study
from minckt.report.tables import (
    Answer, answer, limits_text, markdown_table, merge_answers, user_limits
)

__all__ = ["FUNCTION", "OBJECTIVES", "CURVE_FOR", "NOT_A_BOUND", "ALL_SERIES", "TABLE_COLUMNS",
           "CSV_COLUMNS", "Question", "series_label", "SuperpositionRow", "SuperpositionFit",
           "reference_fit", "SuperpositionStudy", "is_superposition", "superposition_study",
           "superposition_table", "superposition_markdown", "superposition_csv",
           "superposition_figure", "plot_superposition", "write_superposition",
           "MIN_FIT_POINTS", "panel_reference"]

#: The family whose records make the study.
FUNCTION = "PAIRWISE_AND"

#: The minimised resources the study reads.
OBJECTIVES = ("hidden", "params")

#: The Adler–Shavit lower-bound shape drawn against each resource (`minckt.bounds.superposition`).
CURVE_FOR = {"hidden": "neurons-lower", "params": "params-lower"}

#: What every fitted curve's legend says.
NOT_A_BOUND = "constant unknown — not a bound"

#: The series name of a fit over every series of a panel (`reference_fit`): the figure's curve.
ALL_SERIES = "all series"

#: A marker on a params cell taken from the least-hidden circuit instead of a minimisation.
_FROM_CIRCUIT = "*"


# -- the records, as questions and answers ---------------------------------------------------

@dataclass(frozen=True)
class Question:
    """One table row: the spec (n, k, pairs), the gate model and the network's shape; the
    hidden and params minimisations of it are its cells."""

    n: int
    k: int | None
    pairs: str                   # "all", or the pairs as "(1,2) (3,4)"
    m_prime: int                 # the number of outputs
    gate: str                    # e.g. "threshold", "relu R=2"
    architecture: str            # e.g. "free depth", "1 hidden layer"
    widths: str = ""             # the hidden layers' widths, e.g. "≤ 4" or "≤ 4, ≤ 3"
    others: str = ""             # the other limits, e.g. "d≤3"

    @property
    def series(self) -> tuple:
        """The plot's series it belongs to: k, architecture, gate, pair kind, other limits
        (n and the widths grow along a series)."""
        return (self.k, self.architecture, self.gate, self.pairs == "all", self.others)

    def sort_key(self) -> tuple:
        return (self.series_sort(), self.m_prime, self.n, self.pairs, self.widths)

    def series_sort(self) -> tuple:
        return (-1 if self.k is None else self.k, self.architecture != "free depth",
                self.architecture, self.gate != "threshold", self.gate, self.pairs != "all",
                self.others)


def series_label(series: tuple, every: Sequence[tuple]) -> str:
    """E.g. "k = 2, free depth" (the gate model, pair kind and other limits only where the
    series differ in them)."""
    k, architecture, gate, all_pairs, others = series
    parts = [f"k = {'none' if k is None else k}", architecture]
    if len({s[2] for s in every}) > 1 or gate != "threshold":
        parts.append(gate)
    if len({s[3] for s in every}) > 1 or not all_pairs:
        parts.append("all pairs" if all_pairs else "listed pairs")
    if others:
        parts.append(others)
    return ", ".join(parts)


def is_superposition(record: Record) -> bool:
    """Whether a record is a hidden or params minimisation of PAIRWISE_AND."""
    return record.get("function") == FUNCTION and record.get("objective") in OBJECTIVES \
        and not record.get("frontier")


def _pairs(record: Record, n: int) -> tuple[str, int]:
    """The pair set's text and m' (from the record's ``pairs``), checked against n."""
    pairs = record.require("pairs")
    if pairs == "all":
        return "all", n * (n - 1) // 2
    if not isinstance(pairs, list) or not pairs or not all(
            isinstance(p, list) and len(p) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= n for v in p)
            for p in pairs):
        raise field_error(record, "pairs", pairs,
                          f'"all" or a list of [i, j] pairs of inputs 1..{n}')
    return " ".join(f"({i},{j})" for i, j in pairs), len(pairs)


def _architecture(limits: Limits) -> tuple[str, str]:
    """The architecture's name and the hidden layers' widths (module docstring)."""
    if limits.layers is None:
        name = "free depth" if limits.outputs_read == "hidden" else "free DAG"
        return name, ""
    count = len(limits.hidden_layers)
    name = f"{count} hidden layer{'s' if count != 1 else ''}"
    if limits.skip:
        name += " with skip"
    if limits.outputs_read == "hidden" and limits.skip:
        name += ", outputs read hidden"
    return name, ", ".join(f"≤ {w}" for w in limits.hidden_layers)


def _question(record: Record) -> tuple[Question, Limits]:
    """The record's question and the limits it was asked under (without a default cap)."""
    spec = record.spec()
    n = spec.n
    if record.get("n", n) != n:
        raise field_error(record, "n", record.get("n"), f"the spec's n = {n}")
    k = record.require("k")
    if k is not None and (not isinstance(k, int) or isinstance(k, bool) or not 0 <= k <= n):
        raise field_error(record, "k", k, f"null or the sparsity promise, an integer in 0..{n}")
    pairs, m_prime = _pairs(record, n)
    if m_prime != spec.num_outputs:
        raise InputError(f"{record.where}: pairs = {record.get('pairs')!r} gives "
                         f"m' = {m_prime} outputs but the spec has {spec.num_outputs}; "
                         "expected a record written by `minckt solve`")
    limits = user_limits(record)
    if limits.layers is not None and limits.size is not None \
            and limits.size >= sum(limits.layers):
        limits = limits.with_("size", None)  # the layers hold at most that many gates anyway
    architecture, widths = _architecture(limits)
    others = limits_text(limits, skip=("hidden", "params", "layers", "outputs_read"))
    return Question(n, k, pairs, m_prime, gate_label(record.model()), architecture, widths,
                    others), limits


# -- the study --------------------------------------------------------------------------------

@dataclass(frozen=True)
class SuperpositionRow:
    """One question's cells: least hidden, least params at that width (`params_from_circuit`:
    taken from the least-hidden circuit, not minimised), and the counting bound on hidden."""

    question: Question
    hidden: Answer | None
    params: Answer | None
    params_from_circuit: bool = False
    counting: int | None = None

    @property
    def time_s(self) -> float:
        """Seconds of the searches behind the hidden and params cells."""
        spent = 0.0 if self.hidden is None else self.hidden.time_s
        if self.params is not None and not self.params_from_circuit:
            spent += self.params.time_s
        return spent

    @property
    def params_mark(self) -> str:
        if self.params is None:
            return ""
        return self.params.mark + (_FROM_CIRCUIT if self.params_from_circuit else "")


@dataclass(frozen=True)
class SuperpositionFit:
    """c of one Adler–Shavit shape fitted to one series' values of one resource: a
    reference, not a bound.  `basis` is "proven" or "best found" (no point proven)."""

    resource: str
    series: str
    curve: ReferenceCurve
    c: float | None
    basis: str
    points: tuple[tuple[int, int], ...]     # (m', value)
    rms: float | None = None

    @property
    def label(self) -> str:
        """The legend's text, e.g. "c·√(m′ log₂ m′): c = 0.83 fitted (3 proven), constant
        unknown — not a bound"; for a panel's reference (`ALL_SERIES`) "c·√(m′ log₂ m′):
        c = 0.85 fitted to 18 proven points, constant unknown — not a bound"."""
        count = len(self.points)
        if self.series == ALL_SERIES:
            return (f"c·{self.curve.formula}: c = {self.c:.2f} fitted to {count} {self.basis} "
                    f"point{'s' if count != 1 else ''}, {NOT_A_BOUND}")
        return f"c·{self.curve.formula}: c = {self.c:.2f} fitted ({count} {self.basis}), " \
            f"{NOT_A_BOUND}"

    def describe(self) -> str:
        """One line for the command line and the Markdown file."""
        if self.c is None:
            return f"{self.resource}, {self.series}: no fit (every m' is 1)"
        return (f"{self.resource}, {self.series}: c = {self.c:.3g} in c·{self.curve.formula} "
                f"(rms {self.rms:.2f}, {len(self.points)} {self.basis} point(s); "
                f"{NOT_A_BOUND})")


def _fit(resource: str, series: str, items: Sequence[tuple[int, Answer]]) -> SuperpositionFit:
    """Least squares through the proven points, or the best found when none is proven."""
    proven = [(m, a.value) for m, a in items if a.proven and a.value is not None]
    found = [(m, a.value) for m, a in items if a.value is not None]
    points, basis = (proven, "proven") if proven else (found, "best found")
    return _fit_shape(resource, series, points, basis)


def reference_fit(resource: str, fits: Sequence[SuperpositionFit]) -> SuperpositionFit | None:
    """One c for a whole panel: least squares over the points of every series' fit of
    `resource` together, the proven ones (those of the fits on proven points), or every
    best-found point when no series has a proven one; None without any fit of `resource`.
    Equal points of two series count twice: each is one answer."""
    own = [f for f in fits if f.resource == resource and f.series != ALL_SERIES]
    if not own:
        return None
    basis = "proven" if any(f.basis == "proven" for f in own) else "best found"
    points = [p for f in own if f.basis == basis for p in f.points]
    return _fit_shape(resource, ALL_SERIES, points, basis)


def _fit_shape(resource: str, series: str, points: Sequence[tuple[int, int]], basis: str
               ) -> SuperpositionFit:
    """c of `resource`'s Adler–Shavit shape through `points` (m', value), with its rms."""
    points = sorted(points)
    shape = curve(CURVE_FOR[resource])
    xs, ys = [m for m, _ in points], [v for _, v in points]
    c = shape.fit(xs, ys) if points else None
    residual = None if c is None else rms(ys, shape.values(xs, c))
    return SuperpositionFit(resource, series, shape, c, basis, tuple(points), residual)


@dataclass(frozen=True)
class SuperpositionStudy:
    """The superposition records as rows (one per question) and every params minimisation
    at its hidden limit."""

    rows: tuple[SuperpositionRow, ...]
    params: tuple[tuple[Question, int | None, Answer], ...]   # (question, hidden limit, answer)

    def series(self) -> list[tuple]:
        """The series keys, in order; each is one colour in the plot and one fit per resource
        in the tables."""
        keys = {row.question.series: row.question.series_sort() for row in self.rows}
        return sorted(keys, key=lambda s: keys[s])

    def label(self, series: tuple) -> str:
        return series_label(series, self.series())

    def points(self, resource: str, series: tuple) -> list[tuple[int, Answer, SuperpositionRow]]:
        """(m', answer, row) of one resource along one series, by m'."""
        found = []
        for row in self.rows:
            cell = row.hidden if resource == "hidden" else row.params
            if row.question.series == series and cell is not None:
                found.append((row.question.m_prime, cell, row))
        return sorted(found, key=lambda item: item[0])

    def fits(self) -> list[SuperpositionFit]:
        """One fit per (resource, series) with some value found."""
        fitted = []
        for resource in OBJECTIVES:
            for series in self.series():
                items = [(m, a) for m, a, _ in self.points(resource, series)
                         if a.value is not None]
                if items:
                    fitted.append(_fit(resource, self.label(series), items))
        return fitted


def _counting(record: Record, limits: Limits) -> int | None:
    """The counting bound on hidden for the record's spec, gate model and shape (None when
    it does not apply: outputs may read the inputs)."""
    found = counting.bounds(record.spec(), "hidden", record.model(), limits)
    return max((b.value for b in found), default=None)


def superposition_study(records: Sequence[Record]) -> SuperpositionStudy | None:
    """The study over the PAIRWISE_AND hidden and params minimisations (None without any)."""
    hidden: dict[Question, list[Answer]] = {}
    params: dict[tuple[Question, int | None], list[Answer]] = {}
    bound: dict[Question, int | None] = {}
    for record in records:
        if not is_superposition(record):
            continue
        question, limits = _question(record)
        if question not in bound:
            bound[question] = _counting(record, limits.with_("hidden", None))
        if record.get("objective") == "hidden":
            hidden.setdefault(question, []).append(answer(record))
        else:
            params.setdefault((question, limits.hidden), []).append(answer(record))
    if not bound:
        return None
    merged = {key: merge_answers(found) for key, found in params.items()}
    rows = []
    for question in sorted(bound, key=Question.sort_key):
        least = merge_answers(hidden[question]) if question in hidden else None
        cell, from_circuit = None, False
        if least is not None and least.value is not None:
            cell = merged.get((question, least.value))
            if cell is None and least.metrics and _is_count(least.metrics.get("params")):
                cell = Answer("FEASIBLE", int(least.metrics["params"]), None,
                              instances=least.instances)
                from_circuit = True
        rows.append(SuperpositionRow(question, least, cell, from_circuit, bound[question]))
    widths = tuple(sorted(((q, h, a) for (q, h), a in merged.items()),
                          key=lambda item: (item[0].sort_key(), item[1] is None, item[1] or 0)))
    return SuperpositionStudy(tuple(rows), widths)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# -- tables -----------------------------------------------------------------------------------

#: Columns of `superposition_table`.
TABLE_COLUMNS = ("n = m", "k", "pairs", "m′", "gate", "architecture", "widths", "other limits",
           "least hidden", "hidden lb", "hidden lb by", "least params (that width)",
           "params lb", "params lb by", "counting bound", "time (s)")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _cells(answer_: Answer | None) -> list[str]:
    """mark, proven lower bound, what proved it."""
    if answer_ is None:
        return ["", "", ""]
    return [answer_.mark, _text(answer_.lower_bound), answer_.source]


def superposition_table(study: SuperpositionStudy) -> str:
    """The rows as one Markdown table (`COLUMNS`)."""
    body = []
    for row in study.rows:
        q = row.question
        params = _cells(row.params)
        params[0] = row.params_mark
        body.append([str(q.n), "none" if q.k is None else str(q.k), q.pairs, str(q.m_prime),
                     q.gate, q.architecture, q.widths, q.others, *_cells(row.hidden), *params,
                     _text(row.counting), f"{row.time_s:.2f}"])
    return "\n".join(markdown_table(TABLE_COLUMNS, body)) + "\n"


def superposition_markdown(study: SuperpositionStudy,
                           fits: Sequence[SuperpositionFit] | None = None) -> str:
    """The study as Markdown: the notation, the rows, every params minimisation at its
    width, and the fitted constants."""
    fits = study.fits() if fits is None else fits
    out = ["# Superposition study", "",
           "Least hidden gates and parameters computing m′ pairwise ANDs of m = n inputs under "
           "the promise that at most k inputs are 1 (Adler & Shavit, arXiv 2409.15318; "
           "docs/design/papers.md#superposition-adlershavit). Hidden gates drive no output; "
           "params = wires + gates (one weight per wire, one bias per gate).", "",
           "Cells: `5` proven optimum; `≤ 5` a circuit of 5 found, not proven (FEASIBLE); "
           "`≥ 3` nothing found, proven lower bound 3; `?` nothing known; `none` no circuit "
           "exists. `lb by`: `counting` (hidden patterns separate the distinct output vectors, "
           "minckt.bounds.counting), `solver` (every smaller value refuted), or the bound's "
           f"name. `{_FROM_CIRCUIT}`: the params of the least-hidden circuit, not minimised "
           "(an upper bound). Time: the searches behind the row's cells.", "",
           "## Least hidden and params", "", superposition_table(study).rstrip("\n"), "",
           "## Params minimisations by hidden limit", ""]
    out += markdown_table(
        ["n = m", "k", "pairs", "m′", "gate", "architecture", "hidden ≤", "least params",
         "params lb", "lb by", "time (s)", "instances"],
        [[str(q.n), "none" if q.k is None else str(q.k), q.pairs, str(q.m_prime), q.gate,
          q.architecture, "—" if width is None else str(width), a.mark, _text(a.lower_bound),
          a.source, f"{a.time_s:.2f}", " ".join(a.instances)] for q, width, a in study.params])
    out += ["", "## Fitted Adler–Shavit references (not bounds)", "",
            "c by least squares, c = Σ y·g(m′) / Σ g(m′)², through each series' proven points "
            "(the best found when none is proven); rms is the root-mean-square residual. The "
            "paper's constants are unknown and its neurons are not minckt's gates.", ""]
    out += [f"- {fit.describe()}" for fit in fits]
    references = [reference_fit(resource, fits) for resource in OBJECTIVES]
    if any(references):
        out += ["", "The figure draws one curve per panel, c fitted to the points above of "
                "every series together (the proven ones, or the best found when no series "
                "has a proven point):", ""]
        out += [f"- {fit.describe()}" for fit in references if fit is not None]
    return "\n".join(out) + "\n"


#: Columns of `superposition_csv`: one row per question.
CSV_COLUMNS = ("n", "k", "pairs", "m_prime", "gate", "architecture", "widths", "limits",
               "hidden_status", "hidden", "hidden_lower_bound", "hidden_bound",
               "params_status", "params", "params_lower_bound", "params_bound",
               "params_from_circuit", "counting", "hidden_time_s", "params_time_s", "instances")


def superposition_csv(study: SuperpositionStudy) -> str:
    """The rows in machine-readable form (RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in study.rows:
        q, h, p = row.question, row.hidden, row.params

        def fields(a: Answer | None) -> list[str]:
            return ["", "", "", ""] if a is None else \
                [a.status, _text(a.value), _text(a.lower_bound), a.source]

        names = [*(h.instances if h else ()),
                 *(p.instances if p and not row.params_from_circuit else ())]
        writer.writerow([q.n, _text(q.k), q.pairs, q.m_prime, q.gate, q.architecture, q.widths,
                         q.others, *fields(h), *fields(p),
                         str(row.params_from_circuit).lower(), _text(row.counting),
                         "" if h is None else f"{h.time_s:.4f}",
                         "" if p is None or row.params_from_circuit else f"{p.time_s:.4f}",
                         " ".join(names)])
    return buffer.getvalue()


# -- the plot ---------------------------------------------------------------------------------

#: Series colours: matplotlib's cycle without its grey (C7), the colour of the legend's keys
#: and the reason a ninth series would otherwise read as a key.
_COLOURS = tuple(f"C{i}" for i in (0, 1, 2, 3, 4, 5, 6, 8, 9))

#: Points of several series that would cover each other (one m', values closer than a
#: marker's height) are spread sideways around m'; any other point stays on its m'.  Two of
#: them are at most `_STEP` apart, and a group takes at most `_SPREAD` of the gap between
#: neighbouring m' values, so it never runs into the next m''s points.  `_MARKER` is a
#: marker's height as a share of the panel's height.
_STEP = 0.15
_SPREAD = 0.8
_MARKER = 0.035


def _height(cell: Answer) -> float | None:
    """Where `_draw_series` puts a cell's marker (None: it draws none)."""
    if cell.value is not None:
        return cell.value
    if cell.status == "INFEASIBLE":
        return 0
    return cell.lower_bound


def _nudges(points: Mapping[tuple, Sequence[tuple[int, Answer, SuperpositionRow]]]
            ) -> dict[tuple[tuple, int], float]:
    """x − m' of each (series, m') of `points` (series in the legend's order): 0 for a point
    alone, a symmetric spread in the legend's order for points that would overlap."""
    heights = {(s, m): _height(cell) for s, items in points.items() for m, cell, _ in items}
    top = max((h for h in heights.values() if h is not None), default=1) or 1
    at: dict[int, list[tuple[float, int, tuple]]] = {}
    for order, (series, m) in enumerate(heights):
        height = heights[series, m]
        if height is not None:
            at.setdefault(m, []).append((height, order, series))
    distinct = sorted(at)
    gap = min((b - a for a, b in zip(distinct, distinct[1:])), default=1)
    nudges = {key: 0.0 for key in heights}
    for m, column in at.items():
        groups: list[list[tuple[float, int, tuple]]] = []
        for entry in sorted(column):
            if groups and entry[0] - groups[-1][-1][0] < _MARKER * top:
                groups[-1].append(entry)
            else:
                groups.append([entry])
        for group in groups:
            step = min(_STEP, _SPREAD * gap / len(group))
            for index, (_, _, series) in enumerate(sorted(group, key=lambda e: e[1])):
                nudges[series, m] = step * (index - (len(group) - 1) / 2)
    return nudges


def _draw_series(axes, resource: str, items: Sequence[tuple[int, Answer, SuperpositionRow]],
                 colour: str, nudge: Mapping[int, float]) -> set[str]:
    """One series' cells at x = m' + nudge[m'], joined by a faint line through the values
    found; returns the marker styles drawn (the legend explains only those)."""
    found = [(m + nudge[m], a.value) for m, a, _ in items if a.value is not None]
    if found:
        axes.plot([x for x, _ in found], [v for _, v in found], "-", color=colour, alpha=0.5)
    drawn = set()
    for m, cell, row in items:
        x = m + nudge[m]
        if cell.value is not None and resource == "params" and row.params_from_circuit:
            axes.plot([x], [cell.value], "D", color=colour, markerfacecolor="none",
                      markersize=5)
            drawn.add("circuit")
        elif cell.value is not None:
            axes.plot([x], [cell.value], "o", color=colour,
                      markerfacecolor=colour if cell.proven else "none")
            drawn.add("proven" if cell.proven else "found")
            if not cell.proven and cell.lower_bound is not None:
                axes.vlines(x, cell.lower_bound, cell.value, color=colour, linestyles=":")
                axes.plot([x], [cell.lower_bound], "_", color=colour, markersize=8)
        elif cell.status == "INFEASIBLE":
            axes.plot([x], [0], "x", color=colour, markersize=8)
            drawn.add("none")
        elif cell.lower_bound is not None:
            axes.plot([x], [cell.lower_bound], "^", color=colour, markerfacecolor="none")
            drawn.add("lower")
    return drawn


def _draw_counting(axes, items: Sequence[tuple[int, Answer, SuperpositionRow]], colour: str,
                   nudge: Mapping[int, float]) -> bool:
    """The counting bound of a series as a thin step line (it holds at each m' drawn);
    whether there was one."""
    steps = sorted({(m, row.counting) for m, _, row in items if row.counting is not None})
    if steps:
        last = steps[-1][0]
        xs = [m + nudge[m] for m, _ in steps] + [last + nudge[last] + 0.5]
        ys = [b for _, b in steps] + [steps[-1][1]]
        axes.step(xs, ys, where="post", color=colour, linewidth=1.2, alpha=0.6)
    return bool(steps)


def _draw_reference(axes, fit: SuperpositionFit, span: tuple[float, float]):
    """c·g(m'), black and dashed, over `span`, the range of the proven points it is
    fitted to."""
    if fit.c is None:  # (no fit: nothing to draw)
        return []
    low, high = span
    grid = [low + (high - low) * i / 60 for i in range(61)]
    return axes.plot(grid, list(fit.curve.values(grid, fit.c)), "--", color="black",
                     linewidth=1.5, alpha=0.8, label=fit.label)


def _keys(drawn: set[str]) -> list:
    """Grey legend entries for the marker styles of `drawn`, in a fixed order."""
    from matplotlib.lines import Line2D

    keys = {"proven": lambda: marker_key("proven"),
            "found": lambda: Line2D([], [], color="grey", marker="o", markerfacecolor="none",
                                    linestyle=":", label="best found, dotted down to the "
                                    "proven lower bound"),
            "circuit": lambda: Line2D([], [], color="grey", marker="D", markerfacecolor="none",
                                      markersize=5, linestyle="", label="params of the "
                                      f"least-hidden circuit, not minimised ({_FROM_CIRCUIT} "
                                      "in the table)"),
            "lower": lambda: marker_key("lower"), "none": lambda: marker_key("none")}
    return [make() for name, make in keys.items() if name in drawn]


#: Fewest proven points a panel's reference curve is fitted to and drawn over.
MIN_FIT_POINTS = 4


def panel_reference(resource: str, items: Sequence[tuple[int, Answer, SuperpositionRow]]
                    ) -> SuperpositionFit | None:
    """The Adler–Shavit shape of `resource` fitted to the proven points of one panel, or
    None below `MIN_FIT_POINTS` of them (no curve is drawn over fewer)."""
    proven = [(m, a.value) for m, a, _ in items if a.proven and a.value is not None]
    if len(proven) < MIN_FIT_POINTS:
        return None
    return _fit_shape(resource, ALL_SERIES, proven, "proven")


def _draw_panel(axes, study: SuperpositionStudy, resource: str, k: int | None,
                colours: Mapping) -> None:
    """One resource against m' for one sparsity k: every series of that k in its colour,
    the counting bound (hidden), and the reference curve fitted to the panel's proven
    points (`panel_reference`)."""
    from matplotlib.lines import Line2D

    points = {s: study.points(resource, s) for s in study.series() if s[0] == k}
    points = {s: items for s, items in points.items() if items}
    nudges = _nudges(points)
    xs = [m for _, m in nudges] or [1]
    handles, drawn, counted = [], set(), False
    for series, items in points.items():
        colour = colours[series]
        nudge = {m: nudges[series, m] for m, _, _ in items}
        drawn |= _draw_series(axes, resource, items, colour, nudge)
        label = study.label(series).removeprefix(f"k = {'none' if k is None else k}, ")
        handles.append(Line2D([], [], color=colour, marker="o", label=label))
        if resource == "hidden":
            counted |= _draw_counting(axes, items, colour, nudge)
    reference = panel_reference(resource, [i for items in points.values() for i in items])
    if reference is not None and reference.c is not None:
        proven = [m for m, _ in reference.points]
        handles += _draw_reference(axes, reference, (min(proven), max(proven)))
    if counted:
        handles.append(Line2D([], [], color="grey", linewidth=1.2, drawstyle="steps-post",
                              label="counting bound (proven): hidden ≥ ⌈log_b D⌉ per layer"))
    handles += _keys(drawn)
    what = "least hidden gates" if resource == "hidden" else \
        "least params at the least hidden width"
    axes.set_title(f"{what}, k = {'none' if k is None else k}")
    axes.set_xlabel("outputs m′ (pairwise ANDs)")
    axes.set_ylabel("hidden gates" if resource == "hidden" else "params")
    axes.set_ylim(0, axes.get_ylim()[1] * 1.6)   # headroom: the legend sits above the data
    axes.set_xlim(max(0.0, min(xs) - 1), max(xs) + 1)
    axes.grid(True, alpha=0.3)
    integer_ticks(axes)
    axes.legend(handles=handles, fontsize="x-small", loc="upper left")


def superposition_figure(study: SuperpositionStudy,
                         fits: Sequence[SuperpositionFit] | None = None):
    """The matplotlib figure of `plot_superposition` (the caller closes it): a panel per
    resource and sparsity k.  `fits` is accepted for the tables' callers and not drawn:
    each panel fits its own reference (`panel_reference`)."""
    colours = {s: _COLOURS[i % len(_COLOURS)] for i, s in enumerate(study.series())}
    ks = sorted({s[0] for s in study.series()}, key=lambda k: -1 if k is None else k)
    plt = pyplot()
    figure, grid = plt.subplots(len(OBJECTIVES), len(ks), figsize=(6.5 * len(ks), 9.0),
                                squeeze=False)
    for row, resource in zip(grid, OBJECTIVES):
        for axes, k in zip(row, ks):
            _draw_panel(axes, study, resource, k, colours)
    figure.suptitle("Pairwise AND in superposition: least resources against m′ (a dashed "
                    "curve is fitted to 4 or more proven points: a reference, not a bound)")
    figure.tight_layout()
    return figure


def plot_superposition(study: SuperpositionStudy, directory: str | Path,
                       stem: str = "superposition",
                       fits: Sequence[SuperpositionFit] | None = None) -> list[Path]:
    """``<stem>.png`` and ``<stem>.svg``: least hidden (top row) and params (bottom row)
    against m', a column per sparsity k, a colour per series; filled markers proven, hollow
    ones the best found with a dotted bar to the proven lower bound; the counting bound as a
    step line; a dashed c·√(m′ log₂ m′) or c·m′ log₂ m′ fitted to the panel's proven points
    when there are 4 or more (`panel_reference`; a reference, not a bound); integer ticks."""
    return write_figure(superposition_figure(study, fits), directory, stem)


def write_superposition(records: Sequence[Record], directory: str | Path, *,
                        tables: Sequence[str] = ("md", "csv"), plots: bool = True
                        ) -> tuple[list[Path], SuperpositionStudy | None]:
    """``superposition.md``/``.csv`` (those of `tables`) and, with `plots`,
    ``superposition.png``/``.svg`` in `directory`; nothing when no record is a PAIRWISE_AND
    hidden or params minimisation.  Returns the files written and the study."""
    study = superposition_study(records)
    written, _ = write_study(study, directory, "superposition", markdown=superposition_markdown,
                             csv=superposition_csv, plot=plot_superposition, tables=tables,
                             plots=plots)
    return written, study
