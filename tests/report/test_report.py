"""`minckt report`: rows beside the bounds, tables that parse back, plots and drawings that are
real files of the right type, clear errors for bad results files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from figuretools import caught_figures, visible_panels

from minckt import report as R
from minckt.bounds import energy_depth as E
from minckt.bounds import lower_bounds
from minckt.cli import main
from minckt.errors import InputError
from minckt.core.families import family
from minckt.io.instances import parse_instances, result_record, solve_instance
from minckt.core.problem import GateModel, Limits

STUDY = """\
[[instance]]
name = "parity4_frontier"     # an underscore and a frontier of two points
function = "PARITY"
n = 4
size = 4
frontier = ["energy", "depth"]

[[instance]]
name = "cd4-energy-d2"
function = "CD"
n = 4
size = 4
depth = 2
minimize = "energy"

[[instance]]
name = "cd4-energy-d2-w1"
function = "CD"
n = 4
size = 4
depth = 2
weight = 1
minimize = "energy"

[[instance]]
name = "parity3-size"
function = "PARITY"
n = 3
minimize = "size"

[[instance]]
name = "parity4-size"
function = "PARITY"
n = 4
minimize = "size"

[[instance]]
name = "xor2-one-gate"
truth_table = "0x6"
n = 2
size = 1

[[instance]]
name = "parity3-relu2"
function = "PARITY"
n = 3
gate = "relu"
resolution = 2
size = 3
minimize = "energy"

[[instance]]
name = "parity3-aig"
function = "PARITY"
n = 3
gate = "aig"
minimize = "size"
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "results.jsonl"
    lines = [json.dumps(result_record(i, solve_instance(i)))
             for i in parse_instances(STUDY, "study.toml")]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def records(results):
    return R.load_records([results])


def _row(table, instance):
    return [r for r in table if r.instance == instance]


def test_rows_set_each_optimum_beside_the_bounds_for_its_limits(records):
    table = R.rows(records)
    (cd,) = _row(table, "cd4-energy-d2-w1")
    assert cd.status == "OPTIMAL" and cd.value == cd.proven >= 1
    # the Uchizawa–Abe column is the formula at the same limits, computed independently
    expected = E.energy_bound(family("CD", 4), depth=2, size=4, weight=1).value
    assert cd.bounds["Uchizawa–Abe"] == expected
    assert cd.best_bound == max(cd.bounds.values()) and cd.ratio == cd.value / cd.best_bound
    (decided,) = _row(table, "xor2-one-gate")
    assert decided.task == "decide" and decided.status == "UNSAT" and decided.ratio is None
    # a frontier gives a row per point, each bounded at the point's own depth
    points = _row(table, "parity4_frontier")
    assert points and all(r.axis == "energy" for r in points)
    for row in points:
        assert row.limits.depth == row.point["depth"] and row.value == row.point["energy"]
        strongest = max(b.value for b in lower_bounds(family("PARITY", 4), "energy",
                                                      GateModel(), row.limits.with_("energy",
                                                                                    None)))
        assert row.best_bound == strongest


def test_rows_name_the_gate_model(records):
    table = R.rows(records)
    assert _row(table, "parity3-relu2")[0].gate == "relu R=2"
    (aig,) = _row(table, "parity3-aig")
    # an output on 3 inputs needs 2 two-input gates; parity of 3 needs 6 AIG gates (Schnorr)
    assert aig.gate == "aig" and aig.value == 6 and aig.bounds == {"trivial": 2, "Schnorr": 6}
    assert aig.best_bound == 6
    assert _row(table, "cd4-energy-d2")[0].gate == "threshold"


def test_no_bound_exceeds_a_proven_optimum(records):
    for row in R.rows(records):
        if row.status == "OPTIMAL" and row.best_bound is not None:
            assert row.best_bound <= row.value, row


def test_csv_parses_back(records):
    table = R.rows(records)
    parsed = list(csv.reader(io.StringIO(R.to_csv(table))))
    assert parsed[0] == list(R.COLUMNS)
    assert parsed[1:] == [row.cells() for row in table]


def test_markdown_parses_back(records):
    table = R.rows(records)
    lines = R.to_markdown(table).strip().splitlines()
    assert len(lines) == len(table) + 2 and set(lines[1].replace(" ", "")) == {"|", "-"}
    for line, row in zip(lines[2:], table):
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        assert cells == [c.strip() for c in row.cells()]


def test_latex_is_a_tabular_with_escaped_cells(records):
    table = R.rows(records)
    text = R.to_latex(table)
    lines = text.strip().splitlines()
    assert lines[0].startswith(r"\begin{tabular}{") and lines[-1] == r"\end{tabular}"
    body = [line for line in lines if line.endswith(r"\\")]
    assert len(body) == len(table) + 1
    for line in body:
        assert len(line[:-2].split(" & ")) == len(R.COLUMNS)
    assert r"parity4\_frontier" in text and "parity4_frontier" not in text
    assert "≤" not in text and r"$\le$" in text


def test_energy_depth_series_from_a_hand_made_frontier(records):
    parity = next(r for r in records if r.name == "parity4_frontier")
    data = dict(parity.data)
    data["status"] = "OPTIMAL"
    data["points"] = [{"coordinates": {"energy": 3, "depth": 2}, "status": "OPTIMAL"},
                      {"coordinates": {"energy": 2, "depth": 3}, "status": "OPTIMAL"}]
    (series,) = R.energy_depth_series([R.Record(data, "hand")])
    assert series.depths == (1, 2, 3, 4)  # one past the deepest point, within s <= 4
    assert series.energies == (None, 3, 2, 2)
    assert series.infeasible == (True, False, False, False)
    assert series.proven == (False, True, True, True)
    data["status"] = "FEASIBLE"  # incomplete: nothing beyond the deepest point, nothing proven
    (series,) = R.energy_depth_series([R.Record(data, "hand")])
    assert series.depths == (1, 2, 3) and series.infeasible == (False, False, False)


def _is_png(path):
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _is_svg(path):
    return ET.parse(path).getroot().tag.endswith("svg")


def test_write_report_makes_tables_plots_and_drawings(records, tmp_path, monkeypatch):
    monkeypatch.setattr(R.shutil, "which", lambda name: None)  # as on a machine without dot
    written = R.write_report(records, tmp_path)
    names = {p.name for p in written.files}
    assert {"table.md", "table.csv", "table.tex"} <= names
    for stem in ("energy_depth", "energy_depth_PARITY", "size_vs_n"):
        png, svg = tmp_path / f"{stem}.png", tmp_path / f"{stem}.svg"
        assert _is_png(png) and png.stat().st_size > 5000
        assert _is_svg(svg)
        # text as <text> elements, no glyphs drawn as paths (matplotlib's ids "DejaVuSans-…")
        assert _svg_text(svg) and "DejaVuSans-" not in svg.read_text()
    dots = sorted((tmp_path / "circuits").glob("*.dot"))
    assert dots and all(p.read_text().startswith("digraph") for p in dots)
    assert not list((tmp_path / "circuits").glob("*.svg"))
    assert written.messages == [R.GRAPHVIZ_MISSING]


def test_size_series_brackets_and_bounds(records):
    (series, aig) = R.size_series(records)
    assert (aig.family, aig.gate, aig.sizes) == ("PARITY", "aig", (6,))
    assert (series.family, series.gate) == ("PARITY", "threshold") and series.ns == (3, 4)
    assert series.sizes == (2, 3) and series.proven == (2, 3)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_drawings_with_graphviz(records, tmp_path):
    from minckt.core.circuit import Circuit

    record = next(r for r in records if r.name == "cd4-energy-d2")
    files, message = R.draw_circuit(Circuit.from_json(record.get("circuit")), tmp_path / "c")
    assert message is None
    assert _is_svg(tmp_path / "c.svg") and _is_png(tmp_path / "c.png")
    assert len(files) == 3


def test_cli_report(results, tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["report", str(results), "--out-dir", str(out), "--no-drawings"]) == 0
    printed = capsys.readouterr().out
    assert "| instance |" in printed and "cd4-energy-d2" in printed
    assert (out / "table.csv").exists() and not (out / "circuits").exists()


def test_bad_results_files_name_the_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    good = json.dumps({"name": "a", "spec": {"n": 2, "outputs": ["0x8"]}})
    bad.write_text(good + '\n{not json\n')
    with pytest.raises(InputError, match=r"bad.jsonl:2: not a JSON object"):
        R.load_records([bad])
    assert main(["report", str(bad), "--out-dir", str(tmp_path / "o")]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err
    bad.write_text('{"name": "a"}\n')
    with pytest.raises(InputError, match=r"bad.jsonl:1: result record has no 'spec' key"):
        R.load_records([bad])  # records are checked as they are read
    bad.write_text('[1, 2]\n')
    with pytest.raises(InputError, match=r"bad.jsonl:1: list where a JSON object"):
        R.load_records([bad])
    with pytest.raises(InputError, match="cannot read"):
        R.load_records([tmp_path / "missing.jsonl"])
    with pytest.raises(InputError, match="table format"):
        R.write_report([], tmp_path, tables=["html"])


def test_limits_from_a_record_are_checked(tmp_path):
    record = R.Record({"name": "x", "spec": {"n": 2, "outputs": "0x8"},
                       "limits": {"colour": 3}, "objective": "size"}, "f.jsonl:7")
    with pytest.raises(InputError, match=r"f.jsonl:7: limits: unknown resource"):
        R.rows([record])
    assert Limits.from_json({"size": 2}).size == 2


def _pairwise_and(pairs, n=4):
    spec = family("PAIRWISE_AND", n, k=2, pairs=pairs)
    return R.Record({"name": f"and-{pairs}", "spec": spec.to_json(), "function": "PAIRWISE_AND",
                     "n": n, "k": 2, "pairs": pairs, "objective": "hidden", "status": "OPTIMAL",
                     "value": 3, "limits": {"outputs_read": "hidden"}}, "synthetic")


def test_the_family_names_the_pair_set():
    """All pairs, the path (1,2), (2,3), (3,4), and two other lists are told apart in the
    main table (all four read "PAIRWISE_AND(k=2)" before)."""
    records = [_pairwise_and("all"), _pairwise_and([[1, 2], [2, 3], [3, 4]]),
               _pairwise_and([[1, 2], [3, 4]]), _pairwise_and([[2, 3]])]
    assert [r.family for r in records] == [
        "PAIRWISE_AND(k=2, pairs=all)", "PAIRWISE_AND(k=2, pairs=path)",
        "PAIRWISE_AND(k=2, 2 pairs)", "PAIRWISE_AND(k=2, 1 pair)"]
    table = R.to_markdown(R.rows(records))
    for record in records:
        assert f"| {record.family} |" in table
    # a path that stops short of n is a count, not "path"
    assert _pairwise_and([[1, 2], [2, 3]], n=5).family == "PAIRWISE_AND(k=2, 2 pairs)"
    assert R.pairs_text([(1, 2), (2, 3)], 3) == "pairs=path"   # tuples as well as lists
    assert R.pairs_text(None, 3) == "pairs=null"
    # the other families are as they were
    plain = R.Record({"name": "m", "spec": {"n": 2, "outputs": ["0x8"]}, "function": "MOD",
                      "m": 3}, "x")
    assert plain.family == "MOD(m=3)"


# -- what the figures show: each fixes a defect of a report on a sweep store ------------------

@pytest.fixture
def figures(monkeypatch):
    """The figures `minckt.report.plots` writes, by file stem (readable after closing)."""
    from minckt.report import plots

    return caught_figures(monkeypatch, plots)


def _legend_labels(axes):
    return [text.get_text() for text in axes.get_legend().get_texts()]


def _shown_ticks(axes, axis="x"):
    low, high = sorted(axes.get_xlim() if axis == "x" else axes.get_ylim())
    return [t for t in (axes.get_xticks() if axis == "x" else axes.get_yticks())
            if low <= t <= high]


def _svg_text(path):
    """Every string of an SVG's <text> elements."""
    return ["".join(e.itertext()) for e in ET.parse(path).getroot().iter()
            if e.tag.rsplit("}", 1)[-1] == "text"]


def _png_size(path):
    data = path.read_bytes()
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_energy_depth_has_depth_from_one_and_no_circuit_apart_from_energy_zero(
        records, tmp_path, figures):
    R.plot_energy_depth(records, tmp_path)
    (axes,) = visible_panels(figures["energy_depth_PARITY"])
    (series,) = [s for s in R.energy_depth_series(records) if s.family == "PARITY"]
    assert _shown_ticks(axes) == list(range(1, max(series.depths) + 1))
    assert axes.get_xlim()[0] >= 0.5
    # parity of 4 is no threshold function: no circuit at depth 1, marked below energy 0
    assert series.infeasible[0] and series.energies[0] is None
    crosses = [line for line in axes.get_lines() if line.get_marker() == "x"]
    assert crosses and all(y < -0.5 for line in crosses for y in line.get_ydata())
    labels = {t: axes.yaxis.get_major_formatter()(t, 0) for t in _shown_ticks(axes, "y")}
    assert labels.pop(-1) == "no circuit" and labels[0] == "0"
    assert all(label == str(int(t)) for t, label in labels.items())
    shown = _legend_labels(axes)
    assert len(shown) == len(set(shown)) and "n = 4, s ≤ 4" in shown
    text = _svg_text(tmp_path / "energy_depth_PARITY.svg")  # text as text, not glyph paths
    assert "PARITY: least energy against depth" in text and "no circuit" in text


def test_many_frontiers_share_legend_entries_and_figures_stay_small(
        records, tmp_path, figures, monkeypatch):
    """402 records once made one panel with 402 equal legend entries (1043 x 8698 px) and
    a depth axis from -16 to 20: copies of one question now share an entry, the sideways
    nudge stays within a third of a depth, and panels past `MAX_PANELS` go to a page of
    their own."""
    from minckt.report import plots

    parity = next(r for r in records if r.name == "parity4_frontier")
    copies = [R.Record(dict(parity.data, name=f"copy{i}"), "hand") for i in range(30)]
    copies += [R.Record(dict(parity.data, name="w1", user_limits={"size": 4, "weight": 1}),
                        "hand")]
    others = [R.Record(dict(parity.data, name=f"f{i}", function=f"F{i}"), "hand")
              for i in range(2)]
    monkeypatch.setattr(plots, "MAX_PANELS", 2)
    written = {p.name for p in R.plot_energy_depth(copies + others, tmp_path)}
    (axes,) = visible_panels(figures["energy_depth_PARITY"])
    assert _legend_labels(axes)[:2] == ["n = 4, s ≤ 4", "n = 4, s ≤ 4, w ≤ 1"]
    assert len(set(_legend_labels(axes))) == len(_legend_labels(axes))
    deepest = max(max(s.depths) for s in R.energy_depth_series(copies))
    xs = [x for line in axes.get_lines() if line.get_transform() is axes.transData
          for x in line.get_xdata()]  # the data's lines, not the "no circuit" band's rule
    assert 1 - 0.16 <= min(xs) and max(xs) <= deepest + 0.16
    assert axes.get_xlim() == (0.5, deepest + 0.5)
    assert {"energy_depth.png", "energy_depth-2.png", "energy_depth_F0.png"} <= written
    assert [len(visible_panels(figures[s])) for s in ("energy_depth", "energy_depth-2")] == [2, 1]
    width, height = _png_size(tmp_path / "energy_depth.png")
    assert height < 700 and width < 2600


def test_size_vs_n_has_a_panel_per_gate_model(records, tmp_path, figures):
    """AIG and threshold sizes were on one axis, and two truth-table instances were two
    series both named "table"."""
    aig = next(r for r in records if r.name == "parity3-aig")
    table = {k: v for k, v in aig.data.items() if k != "function"}
    extra = [R.Record(dict(table, name="t-aig"), "hand")]
    R.plot_size_vs_n(list(records) + extra, tmp_path)
    panels = visible_panels(figures["size_vs_n"])
    assert sorted(a.get_ylabel() for a in panels) == ["size s (aig gates)",
                                                      "size s (threshold gates)"]
    by_gate = {a.get_ylabel(): _legend_labels(a) for a in panels}
    assert "t-aig" in by_gate["size s (aig gates)"]
    assert "PARITY" in by_gate["size s (aig gates)"]
    assert "PARITY" in by_gate["size s (threshold gates)"]
    assert all(len(labels) == len(set(labels)) for labels in by_gate.values())
    assert "size s (aig gates)" in _svg_text(tmp_path / "size_vs_n.svg")


def test_the_limits_column_shows_the_users_limits_only(records):
    """A size minimisation with no size limit was shown as "s≤17" (the search's default
    cap, 2^n + 1 slots for 4 inputs)."""
    record = next(r for r in records if r.name == "parity4-size")
    assert record.limits().size == 17 and record.get("user_limits") == {}
    table = R.rows(records)
    (row,) = _row(table, "parity4-size")
    column = R.COLUMNS.index("limits")
    assert row.limits.size is None and row.cells()[column] == ""
    (cd,) = _row(table, "cd4-energy-d2-w1")
    assert cd.cells()[column] == "s≤4, d≤2, w≤1"
    # a record from before `user_limits`: its default-cap note says the cap is not the user's
    old = {k: v for k, v in record.data.items() if k != "user_limits"}
    (row,) = R.rows([R.Record(dict(old, notes=["size <= 17: default cap (no size limit was "
                                              "given; set size to change it)"]), "old")])
    assert row.cells()[column] == ""
    assert R.to_markdown([]) == ""  # no header over nothing
