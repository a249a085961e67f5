"""The report: each optimum found beside every proven lower bound, as tables, plots and drawings.

Input is the JSON-lines result format `minckt solve --out` writes (DESIGN.md §4).  Each
optimisation answer, and each point of a frontier, becomes one `Row`: the value found on the
minimised resource, its status, the lower bound the search proved, and every applicable
bound of `minckt.bounds` computed for the same limits (for a frontier point: the instance's
limits with the point's other coordinates as limits).  `ratio` is optimum / strongest bound,
so 1.0 means the bound is tight and a large ratio is the gap between theory and the truth.

* tables: Markdown, CSV and LaTeX (`to_markdown`, `to_csv`, `to_latex`);
* plots (matplotlib, PNG and SVG): the energy–depth frontier of each family against the
  bound's curve (`plot_energy_depth`), minimal size against n (`plot_size_vs_n`);
* drawings: every circuit as Graphviz DOT, and SVG/PNG when the `dot` program is installed.

`write_report` does all of it into one directory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ..bounds import lower_bounds
from ..circuit import Circuit
from ..errors import InputError
from ..instances import read_text
from ..store import Store, is_store
from ..problem import AXES, GateModel, Limits
from ..spec import Spec

__all__ = ["Record", "Row", "BOUND_COLUMNS", "COLUMNS", "load_records", "check_record",
           "rows",
           "to_markdown", "to_csv", "to_latex", "EnergyDepthSeries", "energy_depth_series",
           "plot_energy_depth", "SizeSeries", "size_series", "plot_size_vs_n",
           "draw_circuit", "ReportFiles", "write_report"]

#: One column per lower-bound argument (`Bound.name`), in this order.
BOUND_COLUMNS = ("trivial", "Uchizawa–Abe", "UNT", "SUZ", "IPS")

COLUMNS = ("instance", "function", "n", "gate", "task", "limits", "point", "status", "optimum",
           "proven lb", *(f"bound: {name}" for name in BOUND_COLUMNS), "best bound", "ratio")

_SHORT = {"size": "s", "depth": "d", "energy": "e", "weight": "w", "fanin": "fanin",
          "wires": "wires"}


# -- reading results ------------------------------------------------------------------------

@dataclass(frozen=True)
class Record:
    """One line of a results file, with where it came from (for error messages)."""

    data: Mapping
    where: str

    def get(self, key: str, default: object = None) -> object:
        return self.data.get(key, default)

    def require(self, key: str) -> object:
        if key not in self.data:
            raise InputError(f"{self.where}: result record has no {key!r} key; expected a "
                             "line written by `minckt solve --out`")
        return self.data[key]

    def spec(self) -> Spec:
        data = self.require("spec")
        try:
            return Spec.from_json(data)
        except InputError as err:
            raise InputError(f"{self.where}: {err}") from None

    def limits(self) -> Limits:
        try:
            return Limits.from_json(self.get("limits") or {})
        except InputError as err:
            raise InputError(f"{self.where}: {err}") from None

    def model(self) -> GateModel:
        try:
            return GateModel.from_json(self.get("gate") or {})
        except InputError as err:
            raise InputError(f"{self.where}: {err}") from None

    @property
    def name(self) -> str:
        return str(self.require("name"))

    @property
    def family(self) -> str:
        """The family name (with its parameters), or "table" for a truth-table instance."""
        name = self.get("function")
        if not name:
            return "table"
        params = [f"{k}={self.data[k]}" for k in ("k", "m", "seed", "outputs") if k in self.data]
        return f"{name}({', '.join(params)})" if params else str(name)


#: Largest results file read (a larger one, or /dev/zero, is refused).
MAX_RESULTS_BYTES = 1 << 30


def load_records(paths: Iterable[str | Path]) -> list[Record]:
    """Every record of the JSON-lines files, in order; a bad line, or a record whose fields
    have the wrong shape, is an InputError naming the file and line."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    try:
        paths = list(paths)
    except TypeError:
        raise InputError(f"load_records: expected file paths, got {paths!r}") from None
    if not all(isinstance(p, (str, os.PathLike)) for p in paths):
        raise InputError(f"load_records: expected file paths, got {paths!r}")
    records: list[Record] = []
    for path in paths:
        path = Path(path)
        if is_store(path):  # a results database (`minckt solve --store`): row by row
            with Store(path) as store:
                for number, data in enumerate(store.records(), start=1):
                    record = Record(data, f"{path}: row {number}")
                    check_record(record)
                    records.append(record)
            continue
        text = read_text(path, MAX_RESULTS_BYTES, "results file")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{where}: not a JSON object ({err.msg}); expected one result "
                                 "per line as `minckt solve --out` writes") from None
            except RecursionError:
                raise InputError(f"{where}: JSON nested too deeply; expected one result "
                                 "record per line") from None
            if not isinstance(data, dict):
                raise InputError(f"{where}: {type(data).__name__} where a JSON object (one "
                                 "result record) was expected")
            record = Record(data, where)
            check_record(record)
            records.append(record)
    if not records:
        raise InputError(f"{', '.join(map(str, paths))}: no result records found")
    return records


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bad(record: Record, key: str, value: object, expected: str) -> InputError:
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return InputError(f"{record.where}: {key} = {text}: expected {expected}")


def _check_circuit(record: Record, key: str, data: object, n: int) -> None:
    if data is None:
        return
    if not isinstance(data, dict) or data.get("n") != n:
        # the circuit reads the spec's inputs; a wrong n (say 2^70) is not one minckt wrote
        raise _bad(record, key, data, f"a circuit object on the spec's n = {n} inputs")
    try:
        Circuit.from_json(data)  # type: ignore[arg-type]
    except InputError as err:
        raise InputError(f"{record.where}: {key}: {err}") from None
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError,
            RecursionError) as err:  # the circuit parser trusts its input's shape
        raise InputError(f"{record.where}: {key}: not a circuit as `minckt solve` writes "
                         f"({type(err).__name__}: {err})") from None


def check_record(record: Record) -> None:
    """Check the shape of every field the report reads (types, resources, circuits), so a
    hand-edited or truncated record is an InputError naming its file and line."""
    data = record.data
    if not isinstance(record.require("name"), str):
        raise _bad(record, "name", data["name"], "a string")
    for key in ("spec", "limits", "gate"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise _bad(record, key, data[key], "an object")
    n = record.spec().n
    record.limits()
    record.model()
    for key in ("status", "function", "lower_bound_source"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise _bad(record, key, data[key], "a string")
    objective = data.get("objective")
    if objective is not None and (not isinstance(objective, str) or objective not in AXES):
        raise _bad(record, "objective", objective, f"null or one of {', '.join(AXES)}")
    for key in ("value", "lower_bound"):
        if data.get(key) is not None and not (_is_int(data[key]) and data[key] >= 0):
            raise _bad(record, key, data[key], "null or a non-negative integer")
    axes = data.get("frontier")
    if axes is not None and (not isinstance(axes, list) or not all(
            isinstance(a, str) and a in AXES for a in axes) or len(set(axes)) != len(axes)
            or len(axes) == 1 or len(axes) > 3):
        raise _bad(record, "frontier", axes, "null or a list of two or three distinct "
                   f"resources ({', '.join(AXES)})")
    _check_circuit(record, "circuit", data.get("circuit"), n)
    points = data.get("points")
    if points is None:
        return
    if not isinstance(points, list):
        raise _bad(record, "points", points, "a list of frontier points")
    for index, point in enumerate(points):
        key = f"points[{index}]"
        if not isinstance(point, dict):
            raise _bad(record, key, point, "an object (one frontier point)")
        if point.get("status") is not None and not isinstance(point["status"], str):
            raise _bad(record, f"{key}.status", point["status"], "a string")
        bound = point.get("lower_bound")
        if bound is not None and not (_is_int(bound) and bound >= 0):
            raise _bad(record, f"{key}.lower_bound", bound, "null or a non-negative integer")
        coordinates = point.get("coordinates")
        if coordinates is not None:
            if not isinstance(coordinates, dict) or not all(
                    k in AXES and _is_int(v) for k, v in coordinates.items()):
                raise _bad(record, f"{key}.coordinates", coordinates, "an object of resource: "
                           "non-negative integer")
            try:
                Limits(**coordinates)  # each coordinate becomes a limit: in the same range
            except InputError as err:
                raise InputError(f"{record.where}: {key}.coordinates: {err}") from None
            missing = [a for a in axes or () if a not in coordinates]
            if coordinates and missing:
                raise _bad(record, f"{key}.coordinates", coordinates,
                           f"a value for each frontier axis (missing {', '.join(missing)})")
        _check_circuit(record, f"{key}.circuit", point.get("circuit"), n)


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

        limits = ", ".join(f"{_SHORT[a]}≤{v}" for a, v in self.limits.to_json().items())
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


# -- plots ----------------------------------------------------------------------------------

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
            _, value, _ = _bounds_for(spec, "energy", model, limits.tighten("depth", depth))
            bound.append(value)
        label = f"n = {spec.n}" + (f", s ≤ {limits.size}" if limits.size else "")
        if model.kind != "threshold":
            label += f", {_gate_label(model)}"
        series.append(EnergyDepthSeries(record.family, spec.n, label,
                                        tuple(range(1, deepest + 1)), tuple(energies),
                                        tuple(proven), tuple(infeasible), tuple(bound)))
    return series


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "minckt"  # reproducible SVG ids
    import matplotlib.pyplot as plt

    return plt


def _save(figure, stem: Path) -> list[Path]:
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, metadata in ((".png", {"Software": None}), (".svg", {"Date": None})):
        path = stem.with_suffix(suffix)
        figure.savefig(path, metadata=metadata, bbox_inches="tight", dpi=120)
        written.append(path)
    return written


def _key(entry: str):
    """A grey legend entry explaining one marker style shared by every series."""
    from matplotlib.lines import Line2D

    styles = {
        "proven": dict(marker="o", linestyle="", label="proven optimum"),
        "found": dict(marker="o", markerfacecolor="none", linestyle="",
                      label="best found, not proven"),
        "bound": dict(linestyle=":", linewidth=2, label="strongest proven lower bound"),
        "none": dict(marker="x", linestyle="", label="no circuit (proven)"),
        "lower": dict(marker="^", markerfacecolor="none", linestyle="",
                      label="proven lower bound only"),
    }
    return Line2D([], [], color="grey", **styles[entry])


def _series_key(colour: str, label: str):
    from matplotlib.lines import Line2D

    return Line2D([], [], color=colour, marker="o", label=label)


def _bound_line(axes, points: list[tuple[float, int | None]], colour: str) -> None:
    """The strongest bound's curve, dotted in the series' colour (None: no bound there)."""
    shown = [(x, b) for x, b in points if b is not None]
    if shown:
        axes.plot([x for x, _ in shown], [b for _, b in shown], ":", color=colour, linewidth=2)


def _finish(axes, title: str, xlabel: str, ylabel: str, bottom: float, handles: list) -> None:
    """Titles, integer ticks, a light grid, and the legend outside on the right."""
    from matplotlib.ticker import MaxNLocator

    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_ylim(bottom=bottom)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
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
    handles += [_key("proven"), _key("found"), _key("bound"), _key("none")]
    _finish(axes, f"{family}: least energy against depth", "depth d",
            "energy e (most gates active on one input)", -0.3, handles)


def plot_energy_depth(records: Sequence[Record], directory: str | Path,
                      combined: str = "energy_depth") -> list[Path]:
    """One figure per family (``energy_depth_<family>.png/.svg``) and one with a panel per
    family (``<combined>.png/.svg``): least energy against depth, a colour per instance;
    filled markers are proven optima, hollow ones the best found; dotted lines the strongest
    proven lower bound at the same limits; crosses depths where no circuit exists."""
    plt = _pyplot()
    directory = Path(directory)
    families: dict[str, list[EnergyDepthSeries]] = {}
    for item in energy_depth_series(records):
        families.setdefault(item.family, []).append(item)
    written: list[Path] = []
    for family, group in families.items():
        figure, axes = plt.subplots(figsize=(7.5, 4))
        _draw_energy_depth(axes, family, group)
        written += _save(figure, directory / f"energy_depth_{_slug(family)}")
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
        written += _save(figure, directory / combined)
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
        (row,) = rows([record])
        others = ", ".join(f"{_SHORT[a]} ≤ {v}" for a, v in row.limits.to_json().items()
                           if a != "size")
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
    plt = _pyplot()
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
    handles += [_key("proven"), _key("found"), _key("lower"), _key("bound")]
    _finish(axes, "minimal size against n", "inputs n", "size s (gates)", 0, handles)
    written = _save(figure, Path(directory) / stem)
    plt.close(figure)
    return written


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text).strip("_") \
        or "circuit"


# -- drawings -------------------------------------------------------------------------------

GRAPHVIZ_MISSING = ("Graphviz's `dot` program is not installed, so circuits were drawn as DOT "
                    "files only; install it (Debian/Ubuntu: apt install graphviz) for SVG/PNG")


def draw_circuit(circuit: Circuit, stem: str | Path, title: str = "",
                 formats: Sequence[str] = ("svg", "png")) -> tuple[list[Path], str | None]:
    """Write ``<stem>.dot``, and ``<stem>.<format>`` for each format when Graphviz's `dot` is
    on PATH.  Returns the files written and a message when Graphviz is missing (else None)."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    dot_path = stem.with_suffix(".dot")
    dot_path.write_text(circuit.to_dot(title), encoding="utf-8")
    written = [dot_path]
    program = shutil.which("dot")
    if program is None:
        return written, GRAPHVIZ_MISSING
    for fmt in formats:
        target = stem.with_suffix(f".{fmt}")
        done = subprocess.run([program, f"-T{fmt}", str(dot_path), "-o", str(target)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise InputError(f"dot -T{fmt} {dot_path} failed: {done.stderr.strip()}")
        written.append(target)
    return written, None


def _circuits(records: Sequence[Record]) -> Iterable[tuple[str, str, Circuit]]:
    """(file stem, title, circuit) for every circuit in the records."""
    for record in records:
        items = [(record.data, "")]
        if record.get("frontier"):
            items = [(p, "-" + "-".join(f"{_SHORT[a]}{v}" for a, v in
                                        (p.get("coordinates") or {}).items()))
                     for p in record.get("points") or []]
        for data, suffix in items:
            if data.get("circuit"):
                try:
                    circuit = Circuit.from_json(data["circuit"])
                except InputError as err:
                    raise InputError(f"{record.where}: {err}") from None
                yield (_slug(record.name + suffix), f"{record.name}{suffix}", circuit)


# -- everything at once ---------------------------------------------------------------------

@dataclass
class ReportFiles:
    """What `write_report` wrote, and anything the user should know (e.g. Graphviz missing)."""

    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def write_report(records: Sequence[Record], directory: str | Path, *,
                 tables: Sequence[str] = ("md", "csv", "tex"), plots: bool = True,
                 drawings: bool = True) -> ReportFiles:
    """Tables (``table.md``/``.csv``/``.tex``), plots and circuit drawings (``circuits/``)
    for the records, in `directory`."""
    writers = {"md": to_markdown, "csv": to_csv, "tex": to_latex}
    unknown = [t for t in tables if t not in writers]
    if unknown:
        raise InputError(f"table format(s) {unknown}: expected some of {', '.join(writers)}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    report = ReportFiles(rows=rows(records))
    for kind in tables:
        path = directory / f"table.{kind}"
        path.write_text(writers[kind](report.rows), encoding="utf-8")
        report.files.append(path)
    if plots:
        report.files += plot_energy_depth(records, directory)
        report.files += plot_size_vs_n(records, directory)
    if drawings:
        for stem, title, circuit in _circuits(records):
            written, message = draw_circuit(circuit, directory / "circuits" / stem, title)
            report.files += written
            if message and message not in report.messages:
                report.messages.append(message)
    return report
