"""Rows and tables: each optimum found beside every proven lower bound for its limits, as
Markdown, CSV and LaTeX."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from ..bounds import lower_bounds
from ..problem import GateModel, Limits
from ..spec import Spec
from .records import Record

__all__ = ["Row", "BOUND_COLUMNS", "COLUMNS", "rows", "limits_text", "to_markdown", "to_csv",
           "to_latex"]

#: One column per lower-bound argument (`Bound.name`), in this order.
BOUND_COLUMNS = ("trivial", "Uchizawa–Abe", "UNT", "SUZ", "IPS")

COLUMNS = ("instance", "function", "n", "gate", "task", "limits", "point", "status", "optimum",
           "proven lb", *(f"bound: {name}" for name in BOUND_COLUMNS), "best bound", "ratio")

_SHORT = {"size": "s", "depth": "d", "energy": "e", "weight": "w", "fanin": "fanin",
          "wires": "wires", "evaluated": "evaluated", "ops": "ops"}


def limits_text(limits: Limits, skip: Sequence[str] = ()) -> str:
    """E.g. "s≤3, guarded" (the bounded axes, except those in `skip`, then "guarded" when
    gates may carry guards)."""
    text = [f"{_SHORT[a]}≤{v}" for a, v in limits.to_json().items()
            if a != "conditional" and a not in skip]
    if limits.conditional:
        text.append("guarded")
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
        point = ", ".join(f"{_SHORT[a]}={v}" for a, v in self.point.items())
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        return [self.instance, self.function, str(self.n), self.gate, self.task, limits, point,
                self.status, text(self.value), text(self.proven),
                *(text(self.bounds.get(name)) for name in BOUND_COLUMNS),
                text(self.best_bound), ratio]


def _gate_label(model: GateModel) -> str:
    """E.g. "threshold", "relu R=2", "aig"."""
    if model.kind in ("relu", "sigmoid"):
        return f"{model.kind} R={model.resolution}"
    return model.kind


def _bounds_for(spec: Spec, axis: str, model: GateModel, limits: Limits
                ) -> tuple[dict[str, int], int | None, str]:
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
        _bounds_for(spec, axis, model, limits)
    return Row(instance=record.name, function=record.family, n=spec.n, gate=_gate_label(model),
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
    """The report's rows: one per optimisation or decision, one per frontier point."""
    table: list[Row] = []
    for record in records:
        spec, model, limits = record.spec(), record.model(), record.limits()
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


# -- tables ---------------------------------------------------------------------------------

def to_markdown(table: Sequence[Row]) -> str:
    """A GitHub-flavoured Markdown table (`|` in a cell escaped)."""
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

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


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text).strip("_") \
        or "circuit"

