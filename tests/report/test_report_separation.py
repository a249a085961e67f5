"""The size-growth study in `minckt report`: threshold beside ReLU sizes per (family, n,
depth), the strongest proven bound by name, "≤" for FEASIBLE, fits that recover known
constants, a real PNG/SVG grid with integer ticks only (and the old size-against-n plot's
fractional n ticks fixed), the detection rule, clear errors, and the real records of
tests/data/report/separation.jsonl (`separation.toml` beside it)."""

from __future__ import annotations

import csv
import io
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from minckt import report as R
from minckt.bounds import strongest
from minckt.cli import main
from minckt.errors import InputError
from minckt.core.families import family
from minckt.core.problem import GateModel, Limits
from minckt.report import separation as P
from minckt.report.common import gate_label

DATA = Path(__file__).resolve().parents[1] / "data" / "report" / "separation.jsonl"

_MODELS = {"threshold": {"kind": "threshold"}, "relu R=2": {"kind": "relu", "resolution": 2},
           "relu R=3": {"kind": "relu", "resolution": 3},
           "sigmoid R=2": {"kind": "sigmoid", "resolution": 2}}


def _record(name, n, status, value, lower=None, *, gate="threshold", depth=None, source=None,
            time_s=0.5, **params):
    """A size minimisation record on the family's real spec."""
    spec = family(name, n, **params)
    limits = {"size": 2 * n + 2} | ({} if depth is None else {"depth": depth})
    data = {"name": f"{name}{n}-{gate}-{depth}-{status}", "spec": spec.to_json(),
            "function": name, "n": n, **params, "objective": "size", "status": status,
            "value": value, "lower_bound": lower, "limits": limits, "gate": _MODELS[gate],
            "time_s": time_s}
    if source is not None:
        data["lower_bound_source"] = source
    return R.Record(data, f"synthetic:{name}{n}")


RECORDS = [
    _record("PARITY", 3, "OPTIMAL", 2, 2),
    _record("PARITY", 4, "OPTIMAL", 3, 3),
    _record("PARITY", 5, "OPTIMAL", 3, 3),
    _record("PARITY", 4, "OPTIMAL", 3, 3, depth=2),
    _record("PARITY", 3, "OPTIMAL", 2, 2, gate="relu R=2"),
    _record("PARITY", 4, "FEASIBLE", 9, 3, gate="relu R=2", source="solver: size <= 2 UNSAT"),
    _record("PARITY", 4, "UNKNOWN", None, 2, gate="sigmoid R=2"),
    _record("IP", 2, "OPTIMAL", 1, 1),
    _record("IP", 4, "OPTIMAL", 2, 2, gate="relu R=3"),
    _record("MOD", 3, "OPTIMAL", 2, 2, m=3),
    _record("MOD", 4, "OPTIMAL", 2, 2, m=3),
]


@pytest.fixture(scope="module")
def study():
    return P.separation_study(RECORDS)


def _table(markdown):
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split(" | ")]
    return header, {(r[0], int(r[1]), r[2]): dict(zip(header, r))
                    for r in ([c.strip() for c in line.strip("|").split(" | ")]
                              for line in lines[2:])}


def _bound(name, n, gate, depth=None, **params):
    limits = Limits() if depth is None else Limits(depth=depth)
    return strongest(family(name, n, **params), "size", GateModel.from_json(_MODELS[gate]),
                     limits)


def test_threshold_and_relu_side_by_side_with_the_strongest_bound(study):
    header, rows = _table(P.size_growth_table(study))
    assert header == ["family", "n", "depth", "threshold size", "threshold bound",
                      "relu R=2 size", "relu R=2 bound", "relu R=3 size", "relu R=3 bound",
                      "sigmoid R=2 size", "sigmoid R=2 bound"]
    four = rows[("PARITY", 4, "free depth")]
    theory = _bound("PARITY", 4, "threshold")
    assert theory.name == "subcube" and theory.value == 3   # ⌈log2 5⌉
    assert (four["threshold size"], four["threshold bound"]) == ("3", "3 subcube")
    # FEASIBLE: "≤ 9", and the search's 3 beats the theory's bound for relu gates
    assert _bound("PARITY", 4, "relu R=2").value < 3
    assert (four["relu R=2 size"], four["relu R=2 bound"]) == ("≤ 9", "3 solver")
    assert (four["sigmoid R=2 size"], four["relu R=3 size"]) == ("≥ 2", "")
    three = rows[("PARITY", 3, "free depth")]
    relu = _bound("PARITY", 3, "relu R=2")
    assert three["relu R=2 bound"] == f"{relu.value} {relu.name}"
    assert rows[("PARITY", 4, "depth ≤ 2")]["threshold size"] == "3"
    assert rows[("MOD3", 4, "free depth")]["threshold size"] == "2"
    assert list(rows) == [("PARITY", 3, "free depth"), ("PARITY", 4, "free depth"),
                          ("PARITY", 5, "free depth"), ("PARITY", 4, "depth ≤ 2"),
                          ("IP", 2, "free depth"), ("IP", 4, "free depth"),
                          ("MOD3", 3, "free depth"), ("MOD3", 4, "free depth")]


def test_csv_parses_back(study):
    parsed = list(csv.DictReader(io.StringIO(P.size_growth_csv(study))))
    assert tuple(parsed[0]) == P.CSV_COLUMNS and len(parsed) == len(RECORDS)
    relu = [r for r in parsed if (r["family"], r["n"], r["gate"]) == ("PARITY", "4", "relu R=2")]
    assert [(r["status"], r["size"], r["lower_bound"], r["lower_bound_source"], r["bound"],
             r["bound_name"], r["mark"]) for r in relu] == \
        [("FEASIBLE", "9", "3", "solver", "3", "solver", "≤ 9")]


def test_least_squares_recovers_known_constants():
    assert P.least_squares([(2, 6), (4, 6), (16, 12)], P.REFERENCES["n/log₂ n"]) == (3.0, 0.0)
    assert P.least_squares([(2, 3), (4, 6), (8, 9)], P.REFERENCES["log₂ n"]) == (3.0, 0.0)
    # n = 1 has no n/log2 n; log2 1 = 0 adds nothing
    assert P.least_squares([(1, 5)], P.REFERENCES["n/log₂ n"]) == (None, None)
    a, rms = P.least_squares([(2, 1), (4, 3)], P.REFERENCES["n"])
    assert a == pytest.approx((2 + 12) / 20) and rms == pytest.approx(
        math.sqrt(((1 - 2 * a) ** 2 + (3 - 4 * a) ** 2) / 2))


def test_fits_use_the_proven_threshold_sizes():
    """Sizes 2n (synthetic) give a = 2 for a·n exactly; relu, FEASIBLE and depth-limited
    sizes are left out."""
    records = [_record("EQ", n, "OPTIMAL", 2 * n, 2 * n) for n in (2, 4, 6)]
    records += [_record("EQ", 8, "FEASIBLE", 30, 2), _record("EQ", 2, "OPTIMAL", 9, 9, depth=2),
                _record("EQ", 4, "OPTIMAL", 9, 9, gate="relu R=2")]
    (fit,) = P.separation_study(records).fits()
    assert fit.family == "EQ" and fit.setting == "free depth"
    assert fit.points == ((2, 4), (4, 8), (6, 12))
    assert fit.constants["n"] == pytest.approx(2) and fit.rms["n"] == pytest.approx(0)
    assert "2·n (rms 0.00)" in fit.describe()


def _integers(values):
    return all(float(v).is_integer() for v in values)


def test_figure_has_a_panel_per_question_with_integer_ticks(study):
    import matplotlib.pyplot as plt

    figure = P.size_growth_figure(study)
    try:
        panels = [a for a in figure.axes if a.get_visible()]
        assert [a.get_title() for a in panels] == ["PARITY, free depth", "PARITY, depth ≤ 2",
                                                   "IP, free depth", "MOD3, free depth"]
        for axes in panels:
            assert _integers(axes.get_xticks()) and _integers(axes.get_yticks())
            assert axes.get_legend() is None     # no panel has 4 proven threshold sizes
        keys = [t.get_text() for t in figure.legends[0].get_texts()]
        assert keys[:5] == ["threshold", "relu R=2", "relu R=3", "sigmoid R=2",
                            "proven optimum"]
        # proven filled, FEASIBLE hollow: the relu parity-4 point, 9 above the range (0..4)
        # and from no construction of the family, on the top edge
        top = panels[0].get_ylim()[1]
        hollow = [line for line in panels[0].get_lines() if line.get_marker() == "o"
                  and line.get_markerfacecolor() == "none"]
        assert [(line.get_xdata()[0] - 4 < 0.5, line.get_ydata()[0]) for line in hollow] == \
            [(True, top)]
    finally:
        plt.close(figure)


def _points(axes, marker):
    """(x, y) of every point drawn with `marker` in a panel."""
    return [(x, y) for line in axes.get_lines() if line.get_marker() == marker
            for x, y in zip(line.get_xdata(), line.get_ydata())]


def _series_lines(axes):
    """The lines joining a series' points (solid or dashed, no marker, coloured C0..C9)."""
    return [line for line in axes.get_lines() if line.get_marker() in ("None", None, "")
            and str(line.get_color()).startswith("C")]


def test_range_is_set_by_the_proven_sizes_bounds_and_constructions():
    """A fallback circuit of 129 gates (FEASIBLE) sits on the top edge, labelled, instead of
    setting the range; the range holds every proven size and bound and the sizes of the
    family's own constructions; no line reaches the edge; one reference, fitted over the
    4 proven threshold sizes and drawn over their n only; ticks stay integers."""
    import matplotlib.pyplot as plt

    records = [_record("PARITY", n, "OPTIMAL", v, v) for n, v in ((3, 2), (4, 3), (5, 3), (6, 3))]
    records += [_record("PARITY", 8, "FEASIBLE", 129, 3, gate="relu R=2"),
                _record("PARITY", 8, "FEASIBLE", 129, 2, gate="relu R=3"),
                _record("PARITY", 6, "FEASIBLE", 4, 3, gate="relu R=3"),     # in range
                _record("PARITY", 5, "OPTIMAL", 3, 3, gate="relu R=3"),
                _record("PARITY", 7, "UNKNOWN", None, 3, gate="sigmoid R=2")]
    staircase = _record("PARITY", 9, "FEASIBLE", 10, 4)           # a construction: in range
    staircase.data["circuit_source"] = P.SOURCES["staircase"]
    study = P.separation_study(records + [staircase])
    cells = list(study.cells.values())
    assert P.panel_top(cells) == 11                 # the staircase's 10, plus one
    assert P.panel_top([c for c in cells if c.answer.value != 10]) == 4
    figure = P.size_growth_figure(study)
    try:
        (axes,) = [a for a in figure.axes if a.get_visible()]
        bottom, top = axes.get_ylim()
        assert bottom == 0 and 11 <= top < 65
        assert _integers(axes.get_xticks()) and _integers(axes.get_yticks())
        # off-range: hollow on the edge, one label per n (the two 129s grouped)
        assert [t.get_text() for t in axes.texts] == ["≤ 129"]
        hollow = _points(axes, "o")
        assert sorted(round(x) for x, y in hollow if y == top) == [8, 8]
        # in range: the FEASIBLE 4 hollow at 4 and the staircase at 10, dotted down to
        # their bounds 3 and 4
        assert sorted((round(x), y) for x, y in hollow if y in (4, 10)) == [(6, 4), (9, 10)]
        segments = sorted(list(s[:, 1]) for c in axes.collections for s in c.get_segments())
        assert segments == [[3, 4], [4, 10]]
        # every answer not proven shows its proven bound as a triangle: relu R=3 at n = 8
        # gets 3 from n = 6 by restriction (its own bound was 2)
        assert sorted((round(x), y) for x, y in _points(axes, "^")) == \
            [(6, 3), (7, 3), (8, 3), (8, 3), (9, 4)]
        lines = _series_lines(axes)
        joined = [y for line in lines for y in line.get_ydata() if not math.isnan(y)]
        assert joined and max(joined) <= 10
        (relu3,) = [line for line in lines if line.get_color() == "C2"]   # 3 → 4, not → 129
        assert [y for y in relu3.get_ydata() if not math.isnan(y)] == [3, 4]
        (reference,) = [line for line in axes.get_lines() if "fitted" in line.get_label()]
        assert "fitted to 4 proven" in reference.get_label()
        assert min(reference.get_xdata()) == 3 and max(reference.get_xdata()) == 6
    finally:
        plt.close(figure)


def test_restriction_carries_proven_bounds_to_larger_n():
    """PARITY at n + 1 with one input set to 0 is PARITY at n, and CD at n + 2 with one pair
    set to 0 is CD at n: a proven bound (or optimum) at a smaller n is one at the larger n,
    in the same model and depth setting only."""
    records = [_record("PARITY", 6, "OPTIMAL", 4, 4, depth=2),
               _record("PARITY", 7, "FEASIBLE", 8, 1, depth=2),
               _record("PARITY", 7, "FEASIBLE", 4, 1, gate="relu R=2"),
               _record("CD", 6, "OPTIMAL", 3, 3), _record("CD", 8, "FEASIBLE", 80, 2),
               _record("MAJ", 3, "OPTIMAL", 1, 1), _record("MAJ", 5, "OPTIMAL", 1, 1)]
    cells = P.separation_study(records).cells
    seven = cells[("PARITY", 7, "depth ≤ 2", "threshold")]
    assert _bound("PARITY", 7, "threshold", depth=2).value == 3     # subcube: ⌈log2 8⌉
    assert (seven.bound, seven.bound_name) == (4, "restriction (n = 6)")
    assert "restriction" not in cells[("PARITY", 7, "free depth", "relu R=2")].bound_name
    eight = cells[("CD", 8, "free depth", "threshold")]
    assert (eight.bound, eight.bound_name) == (3, "restriction (n = 6)")
    assert not eight.answer.proven                      # 80 found, 3 proven
    # a circuit that meets the carried bound is a proven optimum, the bound named
    met = P.separation_study([_record("EQ", 12, "OPTIMAL", 2, 2),
                              _record("EQ", 16, "FEASIBLE", 2, 1)]).cells
    sixteen = met[("EQ", 16, "free depth", "threshold")]
    assert sixteen.answer.proven and sixteen.answer.mark == "2"
    assert (sixteen.answer.source, sixteen.bound_name) == ("restriction (n = 12)",) * 2


def test_families_of_one_gate_are_named_not_drawn():
    """GT and MAJ (every size 1, threshold functions) get no panel; the title names them."""
    import matplotlib.pyplot as plt

    records = [_record("MAJ", n, "OPTIMAL", 1, 1) for n in (3, 5, 7)]
    records += [_record("EQ", n, "OPTIMAL", 2, 2) for n in (2, 4)]
    figure = P.size_growth_figure(P.separation_study(records))
    try:
        (axes,) = [a for a in figure.axes if a.get_visible()]
        assert axes.get_title() == "EQ, free depth"
        assert [t for t in axes.get_yticks() if 0 <= t <= axes.get_ylim()[1]] == [0, 1, 2, 3, 4]
        assert "MAJ: one gate at every n" in figure._suptitle.get_text()
    finally:
        plt.close(figure)


def test_off_range_sizes_of_one_n_share_one_label():
    import matplotlib.pyplot as plt

    records = [_record("DISJ", n, "OPTIMAL", v, v) for n, v in ((2, 1), (4, 2))]
    records += [_record("DISJ", 8, "FEASIBLE", 80, 3),
                _record("DISJ", 8, "FEASIBLE", 82, 2, gate="relu R=2")]
    figure = P.size_growth_figure(P.separation_study(records))
    try:
        (axes,) = [a for a in figure.axes if a.get_visible()]
        assert [t.get_text() for t in axes.texts] == ["≤ 80–82"]
        assert axes.get_ylim()[1] < 80
    finally:
        plt.close(figure)


def test_size_vs_n_ticks_are_integers_with_one_n(tmp_path, monkeypatch):
    """The old plot labelled n 2.84, 2.88, ... when every series had one n (nudged)."""
    import matplotlib.pyplot as plt

    one_n = [r for r in RECORDS if r.spec().n == 4]
    seen = []
    close = plt.close
    monkeypatch.setattr(plt, "close", lambda figure: (seen.append(
        [(list(a.get_xticks()), list(a.get_yticks())) for a in figure.axes]), close(figure)))
    assert R.plot_size_vs_n(one_n, tmp_path)
    assert len(seen[0]) > 1  # a panel per gate model, each with integer ticks
    for xticks, yticks in seen[0]:
        assert _integers(xticks) and 4 in xticks and _integers(yticks)


def test_detection_needs_two_n_of_one_family(tmp_path):
    one_n = [_record("PARITY", 4, "OPTIMAL", 3, 3), _record("IP", 4, "OPTIMAL", 2, 2)]
    assert P.separation_study(one_n) is None
    guarded = R.Record({**RECORDS[0].data, "limits": {"size": 5, "conditional": True}}, "g")
    weighted = R.Record({**RECORDS[1].data, "limits": {"weight": 1}}, "w")
    aig = R.Record({**RECORDS[1].data, "gate": {"kind": "aig"}}, "a")
    table = _record("PARITY", 5, "OPTIMAL", 3, 3)
    table = R.Record({k: v for k, v in table.data.items() if k != "function"}, "t")
    assert not any(P.is_separation(r) for r in (guarded, weighted, aig, table))
    assert P.separation_study([guarded, weighted, aig, table, RECORDS[0]]) is None
    written = R.write_report(one_n, tmp_path, drawings=False)
    assert written.separation is None and not list(tmp_path.glob("size_growth*"))


@pytest.mark.parametrize("change, message", [
    ({"status": "SAT"}, r"synthetic:PARITY3: status = \"SAT\": expected one of OPTIMAL"),
    ({"value": None}, r"synthetic:PARITY3: value = null: expected the value of the circuit"),
    ({"lower_bound": "2"}, r"synthetic:PARITY3: lower_bound = \"2\": expected null or a "
                           r"non-negative integer"),
    ({"time_s": -1}, r"synthetic:PARITY3: time_s = -1: expected null or a non-negative"),
    ({"function": "MOD"}, r"synthetic:PARITY3: m = null: expected the modulus of MOD"),
])
def test_bad_fields_name_the_record(change, message):
    record = R.Record({**RECORDS[0].data, **change}, "synthetic:PARITY3")
    with pytest.raises(InputError, match=message):
        P.separation_study([record, *RECORDS[1:]])


# -- the real records -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    return R.load_records([DATA])


def test_real_records_are_the_table(real):
    study = P.separation_study(real)
    _, rows = _table(P.size_growth_table(study))
    assert len(real) == 33
    for record in real:
        model = gate_label(record.model())
        limits = record.limits()
        key = (P.family_label(record), record.spec().n, P.depth_setting(limits))
        row = rows[key]
        value = record.get("value")
        mark = str(value) if record.get("status") == "OPTIMAL" else f"≤ {value}"
        assert row[f"{model} size"] == mark, record.name
        theory = strongest(record.spec(), "size", record.model(), limits.with_("size", None))
        value_text, name = row[f"{model} bound"].split(" ", 1)
        assert int(value_text) >= theory.value
        if record.get("status") == "OPTIMAL":
            assert (int(value_text), name) == (theory.value, theory.name)
    assert rows[("PARITY", 4, "free depth")]["relu R=2 size"].startswith("≤ ")
    assert rows[("PARITY", 5, "free depth")]["threshold bound"] == "3 subcube"
    assert {f for f, _, _ in rows} == {"PARITY", "IP", "EQ", "DISJ", "CD", "GT", "MAJ", "MOD3"}


def test_real_figure_has_integer_ticks_on_every_panel(real):
    import matplotlib.pyplot as plt

    figure = P.size_growth_figure(P.separation_study(real))
    try:
        panels = [a for a in figure.axes if a.get_visible()]
        assert [a.get_title() for a in panels] == [
            "PARITY, free depth", "PARITY, depth ≤ 2", "IP, free depth", "EQ, free depth",
            "DISJ, free depth", "CD, free depth", "MOD3, free depth"]
        assert "GT, MAJ: one gate" in figure._suptitle.get_text()
        for axes in panels:
            assert _integers(axes.get_xticks()) and _integers(axes.get_yticks())
            assert axes.get_ylim()[1] >= 4         # a few integers even where all sizes are 1
        # a reference only over 4 proven threshold sizes or more: parity's n = 2..8
        assert [a.get_title() for a in panels if a.get_legend() is not None] == \
            ["PARITY, free depth"]
        assert P.panel_reference([(2, 1), (3, 1), (4, 1)]) is None
        # relu parity 4: ≤ 9 above the proven range 0..4, labelled on the top edge
        assert panels[0].get_ylim()[1] < 9
        assert [t.get_text() for t in panels[0].texts] == ["≤ 9"]
        assert not any(a.texts for a in panels[1:])
    finally:
        plt.close(figure)


def test_write_separation_writes_real_files(study, tmp_path):
    written, found = P.write_separation(RECORDS, tmp_path, tables=("md",))
    assert [p.name for p in written] == ["size_growth.md", "size_growth.png", "size_growth.svg"]
    assert found is not None and found.cells.keys() == study.cells.keys()
    png, svg = tmp_path / "size_growth.png", tmp_path / "size_growth.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10000
    assert ET.parse(svg).getroot().tag.endswith("svg") and svg.stat().st_size > 10000


def test_cli_report_on_the_real_records(tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["report", str(DATA), "--out-dir", str(out), "--no-drawings", "--no-plots",
                 "--tables", "md,csv"]) == 0
    printed = capsys.readouterr().out
    assert "size-growth study" in printed and "| family | n | depth | threshold size |" in printed
    assert "PARITY (threshold, free depth, 4 proven):" in printed
    for suffix in ("md", "csv"):
        path = out / f"size_growth.{suffix}"
        assert path.stat().st_size > 0 and str(path) in printed
    assert not (out / "size_growth.png").exists()   # --no-plots
    assert "## Fitted references (not bounds)" in (out / "size_growth.md").read_text()
