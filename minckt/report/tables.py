"""Rows and tables: each optimum found beside every proven lower bound for its limits, as
Markdown, CSV and LaTeX; and `Answer`, what the records of one question say, for the
studies' tables."""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from minckt.bounds import lower_bounds
from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.errors import InputError
from minckt.report.common import SHORT, gate_label
from minckt.report.records import Record, count_field, field_error

__all__ = ["Row", "BOUND_COLUMNS", "COLUMNS", "rows", "limits_text", "to_markdown", "to_csv",
           "to_latex", "ANSWER_STATUSES", "Answer", "answer", "merge_answers", "user_limits",
           "markdown_table", "bounds_for"]

#: One column per lower-bound argument (`Bound.name`), in this order.
BOUND_COLUMNS = ("trivial", "memorization", "Uchizawa–Abe", "UNT", "SUZ", "IPS", "Schnorr",
                 "subcube", "counting")

COLUMNS = ("instance", "function", "n", "gate", "task", "limits", "point", "status", "optimum",
           "proven lb", *(f"bound: {name}" for name in BOUND_COLUMNS), "best bound", "ratio")


def limits_text(limits: Limits, skip: Sequence[str] = ()) -> str:
    """E.g. "s≤3, guarded" or "hidden≤3, layers 4-6 no skip, outputs read hidden": the
    bounded axes except those in `skip`, "guarded" when gates may carry guards, then the
    network's shape where it is not the free DAG's (`skip` may name "layers" and
    "outputs_read" too)."""
    text = [f"{SHORT[a]}≤{limits.get(a)}" for a in limits.bounded() if a not in skip]
    if limits.conditional:
        text.append("guarded")
    if limits.layers is not None and "layers" not in skip:
        text.append("layers " + "-".join(map(str, limits.layers))
                    + ("" if limits.skip else " no skip"))
    if limits.outputs_read != "any" and "outputs_read" not in skip:
        text.append(f"outputs read {limits.outputs_read}")
    return ", ".join(text)


# -- rows -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One answer (or frontier point) beside the bounds for its limits."""

    instance: str
    function: str
    n: int
    gate: str
    task: str
    limits: Limits
    axis: str | None
    point: Mapping[str, int]
    status: str
    value: int | None
    proven: int | None
    bounds: Mapping[str, int] = field(default_factory=dict)
    best_bound: int | None = None
    best_method: str = ""

    @property
    def ratio(self) -> float | None:
        """optimum / strongest proven bound (None when either is missing or the bound is 0)."""
        if self.value is None or not self.best_bound:
            return None
        return self.value / self.best_bound

    def cells(self) -> list[str]:
        """The row's text in `COLUMNS` order ("" for an empty cell)."""
        def text(value: object) -> str:
            return "" if value is None else str(value)

        limits = limits_text(self.limits)
        point = ", ".join(f"{SHORT[a]}={v}" for a, v in self.point.items())
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        return [self.instance, self.function, str(self.n), self.gate, self.task, limits, point,
                self.status, text(self.value), text(self.proven),
                *(text(self.bounds.get(name)) for name in BOUND_COLUMNS),
                text(self.best_bound), ratio]


def bounds_for(spec: Spec, axis: str, model: GateModel, limits: Limits
               ) -> tuple[dict[str, int], int | None, str]:
    """Every bound of `minckt.bounds` on `axis` at `limits` (the axis itself unlimited), the
    largest value per bound name, then the strongest value and its method (None, "" when no
    bound applies)."""
    found = lower_bounds(spec, axis, model, limits.with_(axis, None))
    by_name: dict[str, int] = {}
    for bound in found:
        key = bound.name or bound.method
        by_name[key] = max(by_name.get(key, bound.value), bound.value)
    if not found:
        return by_name, None, ""
    best = max(found, key=lambda b: b.value)
    return by_name, best.value, best.method


def _row(record: Record, spec: Spec, model: GateModel, task: str, limits: Limits,
         axis: str | None, point: Mapping[str, int], status: str, value: int | None,
         proven: int | None) -> Row:
    by_name, best, method = ({}, None, "") if axis is None else \
        bounds_for(spec, axis, model, limits)
    return Row(instance=record.name, function=record.family, n=spec.n, gate=gate_label(model),
               task=task,
               limits=limits, axis=axis, point=dict(point), status=status, value=value,
               proven=proven, bounds=by_name, best_bound=best, best_method=method)


def _frontier_rows(record: Record, spec: Spec, model: GateModel, limits: Limits) -> list[Row]:
    axes = [str(a) for a in record.require("frontier")]
    task = f"frontier {'/'.join(axes)}"
    points = [p for p in record.get("points") or [] if p.get("coordinates")]
    if not points:
        return [_row(record, spec, model, task, limits, axes[0], {}, str(record.get("status")),
                     None, None)]
    found = []
    for point in points:
        coordinates = {a: int(point["coordinates"][a]) for a in axes}
        given = limits
        for other in axes[1:]:
            given = given.tighten(other, coordinates[other])
        proven = coordinates[axes[0]] if point.get("status") == "OPTIMAL" else \
            point.get("lower_bound")
        found.append(_row(record, spec, model, task, given, axes[0], coordinates,
                          str(point.get("status")), coordinates[axes[0]], proven))
    return found


def rows(records: Sequence[Record]) -> list[Row]:
    """The report's rows: one per optimisation or decision, one per frontier point.  The
    limits are the ones the user asked (`user_limits`: not the size cap the search set
    itself when none was given), and the bounds are computed at them."""
    table: list[Row] = []
    for record in records:
        spec, model, limits = record.spec(), record.model(), user_limits(record)
        if record.get("frontier"):
            table.extend(_frontier_rows(record, spec, model, limits))
        elif record.get("objective"):
            axis = str(record.get("objective"))
            value = record.get("value")
            point = {axis: value} if value is not None else {}
            table.append(_row(record, spec, model, f"min {axis}", limits, axis, point,
                              str(record.get("status")), value, record.get("lower_bound")))
        else:
            table.append(_row(record, spec, model, "decide", limits, None, {},
                              str(record.get("status")), None, None))
    return table


# -- answers: what the records of one question say, for the studies' tables ---------------

#: The statuses a minimisation's record carries (`minckt.solve.result.Status`).
ANSWER_STATUSES = ("OPTIMAL", "FEASIBLE", "UNKNOWN", "INFEASIBLE")

#: The note `minckt.solve` adds when it capped the size itself: the cap is not the user's.
_DEFAULT_CAP = re.compile(r"^size <= (\d+): default cap\b")


@dataclass(frozen=True)
class Answer:
    """What is known about one minimisation from its record(s): the status, the least value
    found, the largest proven lower bound and what proved it (`source`: "solver" for the
    search's own refutations, else the theory bound's name, "" when the record does not
    say), the seconds spent, the records' names, the resources of the circuit found and
    where that circuit came from (`circuit_source`: "search", a construction's description,
    "" when the record does not say)."""

    status: str
    value: int | None
    lower_bound: int | None
    source: str = ""
    time_s: float = 0.0
    instances: tuple[str, ...] = ()
    metrics: Mapping[str, int] | None = None
    circuit_source: str = ""

    @property
    def proven(self) -> bool:
        return self.status == "OPTIMAL"

    @property
    def mark(self) -> str:
        """"5" proven optimum, "≤ 5" a circuit of 5 found (FEASIBLE), "≥ 3" nothing found
        but a proven bound (UNKNOWN), "?" nothing known, "none" no circuit exists."""
        if self.status == "INFEASIBLE":
            return "none"
        if self.value is None:
            return "?" if self.lower_bound is None else f"≥ {self.lower_bound}"
        return str(self.value) if self.proven else f"≤ {self.value}"


def _source(record: Record, lower: int | None) -> str:
    """What proved the record's lower bound: "solver", the bound's name, or ""."""
    text = record.get("lower_bound_source")
    if text is not None and not isinstance(text, str):
        raise field_error(record, "lower_bound_source", text, "null or a string")
    bound = record.get("bound")
    if bound is not None and not (isinstance(bound, Mapping)
                                  and isinstance(bound.get("name", ""), str)):
        raise field_error(record, "bound", bound, "null or an object with the bound's name")
    if (text or "").startswith("solver"):
        return "solver"
    if bound and bound.get("name") and bound.get("value") == lower:
        return str(bound["name"])
    return "bound" if (text or "").startswith("bound") else ""


def answer(record: Record) -> Answer:
    """The record's answer to its minimisation; a status, value, bound or time of the wrong
    shape is an InputError naming the record."""
    status = record.get("status")
    if status not in ANSWER_STATUSES:
        raise field_error(record, "status", status, f"one of {', '.join(ANSWER_STATUSES)} "
                          "(the answer to a minimisation)")
    value, lower = count_field(record, "value"), count_field(record, "lower_bound")
    if status in ("OPTIMAL", "FEASIBLE") and value is None:
        raise field_error(record, "value", value,
                          f"the value of the circuit a {status} answer found")
    if value is not None and lower is not None and lower > value:
        raise field_error(record, "lower_bound", lower, f"at most the value found, {value} "
                          "(a circuit below a proven lower bound)")
    if status == "OPTIMAL":
        lower = value
    time_s = record.get("time_s", 0.0)
    if time_s is None:
        time_s = 0.0
    if isinstance(time_s, bool) or not isinstance(time_s, (int, float)) \
            or not math.isfinite(time_s) or time_s < 0:
        raise field_error(record, "time_s", time_s, "null or a non-negative number of seconds")
    metrics = record.get("metrics")
    if metrics is not None and not isinstance(metrics, Mapping):
        raise field_error(record, "metrics", metrics, "null or an object of resource: value")
    made = record.get("circuit_source")
    if made is not None and not isinstance(made, str):
        raise field_error(record, "circuit_source", made, "null or a string")
    return Answer(status, value, lower, _source(record, lower), float(time_s),
                  (record.name,), metrics, made or "")


def merge_answers(answers: Sequence[Answer]) -> Answer:
    """One answer from several records of one question (say a rerun with a longer time
    limit): the least value found, the largest lower bound, their times added up."""
    if len(answers) == 1:
        return answers[0]
    found = [(a.value, a) for a in answers if a.value is not None]
    best = min(found, key=lambda pair: pair[0])[1] if found else None
    bounded = [(a.lower_bound, a) for a in answers if a.lower_bound is not None]
    strongest = max(bounded, key=lambda pair: pair[0])[1] if bounded else None
    value = None if best is None else best.value
    lower = None if strongest is None else strongest.lower_bound
    if value is not None:
        status = "OPTIMAL" if lower is not None and lower >= value else "FEASIBLE"
    else:
        status = "INFEASIBLE" if any(a.status == "INFEASIBLE" for a in answers) else "UNKNOWN"
    return Answer(status, value, lower, "" if strongest is None else strongest.source,
                  sum(a.time_s for a in answers),
                  tuple(name for a in answers for name in a.instances),
                  None if best is None else best.metrics,
                  "" if best is None else best.circuit_source)


def user_limits(record: Record) -> Limits:
    """The limits the user asked: the record's `user_limits`, or for records written before
    that field its limits without the size cap the search set itself (its note says
    "size <= N: default cap")."""
    asked = record.get("user_limits")
    if asked is not None:
        if not isinstance(asked, Mapping):
            raise field_error(record, "user_limits", asked, "an object of limits")
        try:
            return Limits.from_json(asked)
        except (InputError, TypeError, ValueError) as err:
            raise field_error(record, "user_limits", asked, f"limits ({err})") from None
    limits = record.limits()
    notes = record.get("notes") or []
    if not isinstance(notes, list):
        raise field_error(record, "notes", notes, "a list of strings")
    for note in notes:
        match = _DEFAULT_CAP.match(note) if isinstance(note, str) else None
        if match and limits.size == int(match.group(1)):
            return limits.with_("size", None)
    return limits


def markdown_table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    """The lines of a GitHub-flavoured Markdown table (`|` in a cell escaped)."""
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    return [line(header), line(["---"] * len(header)), *(line(row) for row in body)]


# -- tables ---------------------------------------------------------------------------------

def to_markdown(table: Sequence[Row]) -> str:
    """A GitHub-flavoured Markdown table (`|` in a cell escaped); "" for no rows (a header
    over nothing is no table: a report of class sweeps only has its rows in the atlas)."""
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    if not table:
        return ""
    out = [line(COLUMNS), line(["---"] * len(COLUMNS))]
    out.extend(line(row.cells()) for row in table)
    return "\n".join(out) + "\n"


def to_csv(table: Sequence[Row]) -> str:
    """CSV with a header row (RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(row.cells() for row in table)
    return buffer.getvalue()


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
                  "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                  "\\": r"\textbackslash{}", "≤": r"$\le$", "–": "--", "±": r"$\pm$"}


def _latex(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def to_latex(table: Sequence[Row]) -> str:
    """A LaTeX `tabular` (plain \\hline rules, no package needed), special characters
    escaped."""
    spec = "l" * 8 + "r" * (len(COLUMNS) - 8)
    out = [f"\\begin{{tabular}}{{{spec}}}", "\\hline",
           " & ".join(_latex(c) for c in COLUMNS) + r" \\", "\\hline"]
    out.extend(" & ".join(_latex(c) for c in row.cells()) + r" \\" for row in table)
    out.extend(["\\hline", "\\end{tabular}"])
    return "\n".join(out) + "\n"
