"""The memorization study in `minckt report`: cells in the documented notation, medians and
counts over seeds, least-squares constants checked against the formula computed here, real
PNG/SVG files with integer ticks on N, nothing written without memorization records, and one
run from `minckt solve` to `minckt report`."""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET

import pytest

from minckt import report as R
from minckt.cli import main
from minckt.report import memorization as M

def _record(N, seed, objective, status, value, lower=None, *, labels="random", n=4,
            conditional=False, limits=None, name=None):
    limits = dict(limits or ({} if objective == "size" else {"size": 8}))
    if conditional:
        limits["conditional"] = True
    # one care row: the study reads N from the record, as `minckt solve` writes it
    digits = (1 << n) // 4
    spec = {"n": n, "outputs": ["0x" + "0" * digits], "care": "0x" + "0" * (digits - 1) + "1"}
    data = {"name": name or f"{labels}-n{n}-N{N}-s{seed}-{objective}-{conditional}",
            "spec": spec, "function": "memorize", "n": n, "N": N, "seed": seed,
            "labels": labels, "objective": objective, "status": status, "value": value,
            "lower_bound": lower, "limits": limits}
    return R.Record(data, "test")


#: Size on two data sets per N: the truth the tests check against is written beside it.
SIZES = [
    _record(4, 1, "size", "OPTIMAL", 2, 2),
    _record(4, 2, "size", "OPTIMAL", 3, 3),
    _record(4, 3, "size", "FEASIBLE", 5, 3),       # [3, 5]
    _record(8, 1, "size", "OPTIMAL", 4, 4),
    _record(8, 2, "size", "UNKNOWN", None, 3),     # ≥3
    _record(8, 3, "size", "FEASIBLE", 6, None),    # ≤6
    _record(16, 1, "size", "UNKNOWN", None, None),  # ?
    _record(16, 2, "size", "OPTIMAL", 5, 5),
]
OPS = [
    _record(4, 1, "ops", "OPTIMAL", 7, 7),
    _record(4, 1, "ops", "OPTIMAL", 5, 5, conditional=True),
    _record(8, 1, "ops", "INFEASIBLE", None, None, conditional=True),  # none
]


@pytest.fixture(scope="module")
def study():
    return M.memorization_study(SIZES + OPS)


def _section(markdown, title):
    """The rows of the Markdown table under `## title`, as lists of cells."""
    lines = markdown.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0].splitlines()
    table = [line for line in lines if line.startswith("|")]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in table[2:]], \
        [c.strip() for c in table[0].strip("|").split(" | ")]


def test_measures_are_objective_and_guards(study):
    labels = [study.labels[m] for m in study.measures]
    assert labels == ["size", "ops (unconditional)", "ops (conditional)"]
    ops = study.measures[2]
    assert ops.objective == "ops" and ops.conditional and ops.others == (("size", 8),)


def test_cells_use_the_documented_notation(study):
    body, header = _section(M.memorization_markdown(study), "Data sets")
    assert header == ["n", "labels", "seed", "N", "size", "ops (unconditional)",
                      "ops (conditional)"]
    cells = {(int(r[3]), int(r[2])): r[4:] for r in body}
    assert cells[(4, 1)] == ["2", "7", "5"]
    assert cells[(4, 2)] == ["3", "", ""]        # ops not asked there: empty
    assert cells[(4, 3)] == ["[3, 5]", "", ""]
    assert cells[(8, 1)] == ["4", "", "none"]
    assert cells[(8, 2)][0] == "≥3" and cells[(8, 3)][0] == "≤6"
    assert cells[(16, 1)][0] == "?" and cells[(16, 2)][0] == "5"
    assert len(body) == 8
    for mark in ("`[3, 5]`", "`≤5`", "`≥3`", "`?`", "`none`"):  # the notation is explained
        assert mark in M.memorization_markdown(study)


def test_summary_medians_and_counts(study):
    rows = {(r["measure"], r["N"]): r for r in study.summary()}
    at4 = rows[("size", 4)]  # values 2, 3, 5 (the last not proven)
    assert (at4["data_sets"], at4["found"], at4["proven"]) == (3, 3, 2)
    assert at4["median"] == 3 and at4["bounded"]
    at8 = rows[("size", 8)]  # 4 (proven), 6 (found), nothing found
    assert (at8["data_sets"], at8["found"], at8["proven"]) == (3, 2, 1) and at8["median"] == 5
    at16 = rows[("size", 16)]  # 5 proven, one unknown
    assert (at16["found"], at16["proven"], at16["median"], at16["bounded"]) == (1, 1, 5, False)
    body, _ = _section(M.memorization_markdown(study), "Summary over seeds")
    medians = {(r[2], int(r[3])): r[7] for r in body}
    assert medians[("size", 4)] == "≤3" and medians[("size", 16)] == "5"
    assert medians[("ops (conditional)", 8)] == ""  # no circuit: no median


def test_fitted_constants_are_least_squares(study):
    (fit,) = [f for f in study.fits() if f.measure == "size"]
    points = [(4, 2), (4, 3), (4, 5), (8, 4), (8, 6), (16, 5)]  # every value found
    assert sorted(fit.points) == sorted(points) and (fit.n, fit.labels) == (4, "random")
    c_sqrt = sum(y * math.sqrt(x) for x, y in points) / sum(x for x, _ in points)
    c_log = sum(y * math.log2(x) for x, y in points) / sum(math.log2(x) ** 2 for x, _ in points)
    assert fit.c_sqrt == pytest.approx(c_sqrt, rel=1e-12)
    assert fit.c_log == pytest.approx(c_log, rel=1e-12)
    rms = math.sqrt(sum((y - c_log * math.log2(x)) ** 2 for x, y in points) / len(points))
    assert fit.rms_log == pytest.approx(rms)
    assert f"{c_sqrt:.3g}·√N" in fit.describe()
    # the fits are in the Markdown beside their series
    body, _ = _section(M.memorization_markdown(study), "Fitted references (not bounds)")
    assert ["size", "4", "random", "6", f"{c_sqrt:.3g}", f"{fit.rms_sqrt:.2f}", f"{c_log:.3g}",
            f"{fit.rms_log:.2f}"] in body


def test_a_fit_needs_some_n_above_one():
    (fit,) = M.memorization_study([_record(1, 1, "size", "OPTIMAL", 1, 1)]).fits()
    assert fit.c_log is None and fit.c_sqrt == 1.0


def test_answers_to_one_question_merge_and_different_questions_do_not():
    study = M.memorization_study([
        _record(4, 1, "size", "FEASIBLE", 5, 3, name="first"),
        _record(4, 1, "size", "FEASIBLE", 4, 4, name="rerun"),  # together: optimum 4
        _record(4, 1, "energy", "OPTIMAL", 2, 2, limits={"size": 8}),
        _record(4, 1, "energy", "OPTIMAL", 3, 3, limits={"size": 2}),
    ])
    (data_set,) = study.data_sets
    size, energy8, energy2 = study.measures
    entry = study.entry(data_set, size)
    assert (entry.status, entry.value, entry.lower_bound, entry.mark) == ("OPTIMAL", 4, 4, "4")
    assert entry.instances == ("first", "rerun")
    # two energy questions (size ≤ 8, size ≤ 2): two columns, each labelled by its limits
    assert {study.labels[energy8], study.labels[energy2]} == {"energy [s≤8]", "energy [s≤2]"}


def test_csv_parses_back(study):
    rows = list(csv.DictReader(io.StringIO(M.memorization_csv(study))))
    assert tuple(rows[0]) == M.CSV_COLUMNS
    assert len(rows) == len(study.cells) == 11
    feasible = next(r for r in rows if r["mark"] == "[3, 5]")
    assert (feasible["N"], feasible["seed"], feasible["status"], feasible["value"],
            feasible["lower_bound"]) == ("4", "3", "FEASIBLE", "5", "3")
    guarded = next(r for r in rows if r["measure"] == "ops (conditional)" and r["N"] == "4")
    assert (guarded["conditional"], guarded["limits"]) == ("true", "s≤8")


def test_figure_has_integer_ticks_on_n_and_no_fitted_curves(study):
    figure = M.memorization_figure(study)
    try:
        panels = [a for a in figure.axes if a.get_visible()]
        assert [a.get_title() for a in panels] == [study.labels[m] for m in study.measures]
        size = panels[0]
        assert size.get_xscale() == "log"
        assert list(size.get_xticks()) == [4, 8, 16]
        assert [t.get_text() for t in size.get_xticklabels()] == ["4", "8", "16"]
        assert all(float(y).is_integer() for y in size.get_yticks())
        legend = [t.get_text() for t in size.get_legend().get_texts()]
        assert "n = 4, random" in legend
        # the fits are in the tables: a panel carries the series and three marker keys
        assert not any("fitted" in text for text in legend) and len(legend) == 4
    finally:
        import matplotlib.pyplot as plt

        plt.close(figure)


def test_several_n_and_labels_are_series():
    records = [_record(N, 1, "size", "OPTIMAL", v, v, labels=labels, n=n)
               for n, labels, N, v in ((4, "random", 2, 1), (4, "random", 8, 3),
                                       (4, "parity", 8, 4), (5, "random", 8, 3))]
    study = M.memorization_study(records)
    assert study.series() == [(4, "parity"), (4, "random"), (5, "random")]
    assert {(f.n, f.labels) for f in study.fits()} == set(study.series())
    figure = M.memorization_figure(study)
    try:
        legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
        assert {"n = 4, parity", "n = 4, random", "n = 5, random"} <= set(legend)
        assert list(figure.axes[0].get_xticks()) == [2, 4, 8]
    finally:
        import matplotlib.pyplot as plt

        plt.close(figure)


def test_write_report_writes_the_study(tmp_path):
    written = R.write_report(SIZES + OPS, tmp_path, drawings=False)
    names = {p.name for p in written.files}
    assert {"memorization.md", "memorization.csv", "memorization.png",
            "memorization.svg"} <= names
    png, svg = tmp_path / "memorization.png", tmp_path / "memorization.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    assert ET.parse(svg).getroot().tag.endswith("svg") and svg.stat().st_size > 5000
    assert [f.measure for f in written.memorization] == ["size", "ops (unconditional)",
                                                         "ops (conditional)"]
    # memorization sizes grow in N, not n: they stay out of the size-against-n plot
    assert "size_vs_n.png" not in names
    # the main table shows a guarded question's limits
    assert "s≤8, guarded" in (tmp_path / "table.md").read_text()


def test_no_memorization_records_no_memorization_files(tmp_path):
    plain = R.Record({"name": "and2", "spec": {"n": 2, "outputs": ["0x8"]}, "objective": "size",
                      "status": "OPTIMAL", "value": 1, "lower_bound": 1,
                      "limits": {"size": 5}}, "test")
    written = R.write_report([plain], tmp_path, drawings=False)
    assert written.memorization == []
    assert not list(tmp_path.glob("memorization*"))
    assert M.memorization_study([plain]) is None


STUDY = """\
[defaults]
function = "memorize"
n = 4
labels = "random"
time_limit = 20
"""


def test_solve_then_report(tmp_path, capsys):
    text = STUDY
    for N in (4, 8):
        for seed in (1, 2):
            text += (f'\n[[instance]]\nname = "m{N}-s{seed}-size"\nN = {N}\nseed = {seed}\n'
                     'minimize = "size"\n'
                     f'\n[[instance]]\nname = "m{N}-s{seed}-ops"\nN = {N}\nseed = {seed}\n'
                     'minimize = "ops"\nconditional = true\nsize = 3\n')
    instances = tmp_path / "memo.toml"
    instances.write_text(text)
    results = tmp_path / "memo.jsonl"
    assert main(["solve", str(instances), "--out", str(results)]) == 0
    records = [json.loads(line) for line in results.read_text().splitlines()]
    assert len(records) == 8
    capsys.readouterr()
    out = tmp_path / "report"
    assert main(["report", str(results), "--out-dir", str(out), "--no-drawings"]) == 0
    printed = capsys.readouterr().out
    for suffix in ("md", "csv", "png", "svg"):
        path = out / f"memorization.{suffix}"
        assert path.exists() and path.stat().st_size > 0
        assert str(path) in printed
    assert "memorization study: c fitted by least squares" in printed
    assert "ops (conditional), n = 4, random:" in printed
    # the table's cells are the records' answers
    body, _ = _section((out / "memorization.md").read_text(), "Data sets")
    cells = {(int(r[3]), int(r[2])): r[4:] for r in body}
    for record in records:
        column = 0 if record["objective"] == "size" else 1
        mark = cells[(record["N"], record["seed"])][column]
        if record["status"] == "OPTIMAL":
            assert mark == str(record["value"])
        else:
            assert mark != str(record["value"])


def test_made_conditional_cells_guard_the_unconditional_circuit():
    """An unconditional ops answer with a circuit gets an "ops (made conditional)" cell: the
    ops of the greedy guarding, here the multiplexer x3 ? x1 : x2 on all 8 points as a
    selector g1 = x3 and an OR of two disjoint ANDs (ops 11); the greedy guards one AND
    by the other and drops the selector (ops 9): the cell is the transform's, below 11."""
    from minckt.core.circuit import Circuit, Gate
    from minckt.solve.conditional import make_conditional
    from minckt.core.spec import Spec

    spec = Spec.from_callable(lambda x1, x2, x3: x1 if x3 else x2, 3)
    circuit = Circuit(3, (Gate("g1", (("x3", 1),), 1),
                          Gate("g2", (("x1", 1), ("x3", 1)), 2),
                          Gate("g3", (("x2", 1), ("x3", -1)), 1),
                          Gate("g4", (("g2", 1), ("g3", 1)), 1)), ("g4",))
    assert circuit.metrics().ops == 2 + 3 + 3 + 3
    data = {"name": "mux-ops", "spec": spec.to_json(), "function": "memorize", "n": 3,
            "N": 8, "seed": 1, "labels": "random", "objective": "ops", "status": "OPTIMAL",
            "value": 11, "lower_bound": 11, "limits": {"size": 4},
            "circuit": circuit.to_json()}
    study = M.memorization_study([R.Record(data, "test")])
    made = [m for m in study.measures if m.made_conditional]
    assert len(made) == 1 and study.labels[made[0]] == "ops (made conditional)"
    entry = study.entry(study.data_sets[0], made[0])
    expected = make_conditional(circuit, spec).metrics().ops
    assert entry.status == "FEASIBLE" and entry.value == expected < 11
    assert entry.mark == f"≤{expected}"
