"""The superposition study in `minckt report`: one row per question with the documented marks
and bound names, params at the least width, fits that recover a known constant, real PNG/SVG
files with integer ticks only, clear errors for bad records, and the real records of
tests/data/report/superposition.jsonl (`superposition.toml` beside it) end to end."""

from __future__ import annotations

import csv
import io
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from minckt import report as R
from minckt.cli import main
from minckt.errors import InputError
from minckt.core.families import family
from minckt.report import superposition as S

DATA = Path(__file__).resolve().parents[1] / "data" / "report" / "superposition.jsonl"


def _record(n, objective, status, value, lower=None, *, k=2, pairs="all", source="counting",
            limits=None, params=None, time_s=1.0, name=None, notes=()):
    """A record as `minckt solve` writes it, on the real PAIRWISE_AND spec."""
    spec = family("PAIRWISE_AND", n, k=k, pairs=pairs)
    limits = {"outputs_read": "hidden"} if limits is None else dict(limits)
    data = {"name": name or f"and-n{n}-k{k}-{objective}-{sorted(limits.items())}",
            "spec": spec.to_json(), "function": "PAIRWISE_AND", "n": n, "k": k, "pairs": pairs,
            "objective": objective, "status": status, "value": value, "lower_bound": lower,
            "limits": limits, "gate": {"kind": "threshold"}, "time_s": time_s,
            "notes": list(notes)}
    if lower is not None:
        data["lower_bound_source"] = "solver: hidden <= 2 UNSAT" if source == "solver" else \
            "bound: ..."
        data["bound"] = {"name": source, "value": lower if source != "solver" else 1}
    if value is not None:
        data["metrics"] = {objective: value, "hidden": value if objective == "hidden" else 2,
                           "params": params if params is not None else 10 * value}
    return R.Record(data, f"synthetic:{n}")


#: The truth the table is checked against is written beside each record.
LAYERS = {"layers": [6, 10], "skip": False}
RECORDS = [
    _record(3, "hidden", "OPTIMAL", 2, 2, params=17),                       # "2", counting
    _record(4, "hidden", "OPTIMAL", 3, 3, params=36,
            limits={"size": 14, "outputs_read": "hidden"},
            notes=["size <= 14: default cap (no size limit was given; set size to change it)"]),
    _record(5, "hidden", "FEASIBLE", 5, 4, source="solver"),                # "≤ 5", solver
    _record(4, "params", "OPTIMAL", 30, 30, source="solver",                # params at h = 3
            limits={"hidden": 3, "outputs_read": "hidden"}),
    _record(3, "params", "FEASIBLE", 15, 8, source="memorization",          # h ≤ 4: 2nd table
            limits={"hidden": 4, "outputs_read": "hidden"}),
    _record(4, "hidden", "OPTIMAL", 3, 3, limits={"size": 16, **LAYERS}),   # 1 hidden layer
    _record(5, "hidden", "UNKNOWN", None, 4, limits=LAYERS),                 # "≥ 4"
]


@pytest.fixture(scope="module")
def study():
    return S.superposition_study(RECORDS)


def _table(markdown, title=None):
    """The rows of the first Markdown table (under `## title`), as dicts by header."""
    if title is not None:
        markdown = markdown.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split(" | ")]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split(" | "))))
            for line in lines[2:]]


def _row(table, n, architecture):
    (row,) = [r for r in table if r["n = m"] == str(n) and r["architecture"] == architecture]
    return row


def test_rows_are_questions_with_marks_bounds_and_m_prime(study):
    table = _table(S.superposition_table(study))
    assert len(table) == 5   # n = 3, 4, 5 free depth; n = 4, 5 in one hidden layer
    three = _row(table, 3, "free depth")
    assert (three["m′"], three["least hidden"], three["hidden lb"], three["hidden lb by"]) == \
        ("3", "2", "2", "counting")
    four = _row(table, 4, "free depth")
    assert four["m′"] == "6" and four["other limits"] == ""   # the default cap is not a limit
    five = _row(table, 5, "free depth")
    assert (five["m′"], five["least hidden"], five["hidden lb"], five["hidden lb by"]) == \
        ("10", "≤ 5", "4", "solver")
    layer = _row(table, 4, "1 hidden layer")
    assert (layer["widths"], layer["other limits"], layer["least hidden"]) == ("≤ 6", "", "3")
    unknown = _row(table, 5, "1 hidden layer")
    assert (unknown["least hidden"], unknown["hidden lb"]) == ("≥ 4", "4")
    # the counting bound is computed for each question: ⌈log2(m' + 1)⌉ for k = 2 (one
    # all-zero output vector and one per pair), once per hidden layer
    for row in table:
        m_prime = int(row["m′"])
        assert row["counting bound"] == str(math.ceil(math.log2(m_prime + 1)))


def test_params_at_the_least_width(study):
    table = _table(S.superposition_table(study))
    four = _row(table, 4, "free depth")
    # a params minimisation asked at hidden <= 3 = the least hidden
    assert (four["least params (that width)"], four["params lb"], four["params lb by"]) == \
        ("30", "30", "solver")
    assert four["time (s)"] == "2.00"   # the hidden and the params searches
    # no params minimisation at hidden <= 2: the least-hidden circuit's params, starred
    three = _row(table, 3, "free depth")
    assert (three["least params (that width)"], three["params lb"]) == ("≤ 17*", "")
    assert three["time (s)"] == "1.00"
    # every params minimisation in the second table, at its own hidden limit
    second = _table(S.superposition_markdown(study), "Params minimisations by hidden limit")
    assert [(r["n = m"], r["hidden ≤"], r["least params"], r["lb by"]) for r in second] == \
        [("3", "4", "≤ 15", "memorization"), ("4", "3", "30", "solver")]


def test_two_records_of_one_question_merge():
    better = _record(5, "hidden", "FEASIBLE", 4, 3, time_s=2.5, name="rerun")
    study = S.superposition_study([RECORDS[2], better])
    (row,) = study.rows
    # least value (4, the rerun's), largest bound (4, the first record's), times added
    assert (row.hidden.value, row.hidden.lower_bound, row.hidden.status) == (4, 4, "OPTIMAL")
    assert row.hidden.source == "solver" and row.time_s == pytest.approx(3.5)
    assert row.hidden.mark == "4"


def test_csv_parses_back(study):
    parsed = list(csv.DictReader(io.StringIO(S.superposition_csv(study))))
    assert tuple(parsed[0]) == S.CSV_COLUMNS
    five = [r for r in parsed if r["n"] == "5" and r["architecture"] == "free depth"][0]
    assert (five["hidden_status"], five["hidden"], five["hidden_lower_bound"],
            five["hidden_bound"], five["m_prime"]) == ("FEASIBLE", "5", "4", "solver", "10")


def test_fit_recovers_a_known_constant():
    """Hidden values round(5·√(m' log2 m')) for m' = 3..21: least squares gives back 5 (to
    within the rounding), and c is Σ y·g / Σ g² computed here."""
    records = []
    for n in range(3, 8):
        m_prime = n * (n - 1) // 2
        value = round(5 * math.sqrt(m_prime * math.log2(m_prime)))
        records.append(_record(n, "hidden", "OPTIMAL", value, value))
    study = S.superposition_study(records)
    (fit,) = [f for f in study.fits() if f.resource == "hidden"]
    g = [math.sqrt(m * math.log2(m)) for m, _ in fit.points]
    y = [v for _, v in fit.points]
    assert fit.c == pytest.approx(sum(a * b for a, b in zip(g, y)) / sum(a * a for a in g))
    assert fit.c == pytest.approx(5, abs=0.05) and fit.basis == "proven"
    assert fit.curve.name == "neurons-lower" and len(fit.points) == 5
    assert "c = 5.00 fitted (5 proven), constant unknown — not a bound" in fit.label


def test_fits_take_proven_points_or_else_the_best_found(study):
    fits = {(f.resource, f.series): f for f in study.fits()}
    hidden = fits[("hidden", "k = 2, free depth")]
    assert hidden.basis == "proven" and hidden.points == ((3, 2), (6, 3))   # not the ≤ 5
    params = fits[("params", "k = 2, free depth")]
    assert params.basis == "proven" and params.points == ((6, 30),)
    assert params.curve.name == "params-lower"
    # the layered series: its only params value is the circuit's, an upper bound
    assert fits[("params", "k = 2, 1 hidden layer")].basis == "best found"


def _integers(values):
    return all(float(v).is_integer() for v in values)


def test_figure_has_integer_ticks_and_the_counting_steps_and_no_thin_fit(study):
    import matplotlib.pyplot as plt

    figure = S.superposition_figure(study)
    try:
        hidden, params = figure.axes                    # one sparsity (k = 2): one column
        assert hidden.get_title() == "least hidden gates, k = 2"
        for axes in (hidden, params):
            assert _integers(axes.get_xticks()) and _integers(axes.get_yticks())
            assert len(axes.get_xticks()) >= 2
            assert not _fitted(axes)                     # fewer than 4 proven points
        legend = [t.get_text() for t in hidden.get_legend().get_texts()]
        assert "free depth" in legend and "1 hidden layer" in legend
        steps = [line for line in hidden.get_lines() if line.get_drawstyle() == "steps-post"]
        assert steps  # the counting bound
        # filled markers proven, hollow ones not: the FEASIBLE n = 5 point (m' = 10, 5)
        hollow = [line for line in hidden.get_lines() if line.get_marker() == "o"
                  and line.get_markerfacecolor() == "none"]
        assert any(round(line.get_xdata()[0]) == 10 and line.get_ydata()[0] == 5
                   for line in hollow)
    finally:
        plt.close(figure)


def _fitted(axes):
    """The legend's fitted-curve entries of one panel."""
    return [t.get_text() for t in axes.get_legend().get_texts() if "fitted" in t.get_text()]


def test_a_panel_reference_is_fitted_to_its_own_proven_points():
    """A dashed curve only over 4 proven points or more of the panel (its k and resource),
    fitted to them and drawn over their m′ only."""
    import matplotlib.pyplot as plt

    study = S.superposition_study(_eight_series())
    figure = S.superposition_figure(study)
    try:
        for axes in figure.axes:
            resource = "hidden" if axes.get_title().startswith("least hidden") else "params"
            k = int(axes.get_title().rsplit("= ", 1)[1])
            items = [i for s in study.series() if s[0] == k
                     for i in study.points(resource, s)]
            reference = S.panel_reference(resource, items)
            proven = [(m, a.value) for m, a, _ in items if a.proven]
            assert (reference is None) == (len(proven) < S.MIN_FIT_POINTS)
            dashed = [line for line in axes.get_lines() if line.get_linestyle() == "--"]
            if reference is None:
                assert not dashed and not _fitted(axes)
                continue
            (curve,) = dashed
            assert sorted(reference.points) == sorted(proven)
            assert curve.get_label() == reference.label and _fitted(axes) == [reference.label]
            xs = curve.get_xdata()
            assert min(xs) == min(m for m, _ in proven) and max(xs) == max(m for m, _ in proven)
    finally:
        plt.close(figure)


def test_reference_fit_pools_every_series():
    """c = Σ y·g / Σ g² over the proven points of both series (here 2 + 2), computed here;
    a series with no proven point adds none of its best found ones."""
    records = [_record(3, "hidden", "OPTIMAL", 2, 2), _record(4, "hidden", "OPTIMAL", 4, 4),
               _record(3, "hidden", "OPTIMAL", 3, 3, limits=LAYERS),
               _record(4, "hidden", "OPTIMAL", 5, 5, limits={"size": 16, **LAYERS}),
               _record(4, "hidden", "FEASIBLE", 6, 2, k=3)]           # best found only
    study = S.superposition_study(records)
    fits = study.fits()
    assert len([f for f in fits if f.resource == "hidden"]) == 3   # per series, unchanged
    reference = S.reference_fit("hidden", fits)
    assert reference.series == S.ALL_SERIES and reference.basis == "proven"
    assert reference.points == ((3, 2), (3, 3), (6, 4), (6, 5))
    g = [math.sqrt(m * math.log2(m)) for m, _ in reference.points]
    y = [v for _, v in reference.points]
    assert reference.c == pytest.approx(sum(a * b for a, b in zip(g, y)) / sum(a * a for a in g))
    assert reference.label == (f"c·√(m′ log₂ m′): c = {reference.c:.2f} fitted to 4 proven "
                               "points, constant unknown — not a bound")
    assert S.reference_fit("params", [f for f in fits if f.resource == "hidden"]) is None
    # no proven point anywhere: every best-found point
    found = S.superposition_study([_record(4, "hidden", "FEASIBLE", 6, 2, k=3),
                                   _record(3, "hidden", "FEASIBLE", 4, 2, limits=LAYERS)])
    reference = S.reference_fit("hidden", found.fits())
    assert reference.basis == "best found" and reference.points == ((3, 4), (6, 6))
    assert "fitted to 2 best found points" in reference.label


def test_markdown_keeps_the_series_fits_and_names_the_references(study):
    text = S.superposition_markdown(study)
    for fit in study.fits():
        assert f"- {fit.describe()}" in text
    for resource in S.OBJECTIVES:
        assert f"- {S.reference_fit(resource, study.fits()).describe()}" in text
    assert "- hidden, all series: c = " in text


#: Eight series (k × architecture × pair set), as in a real sweep: n = 3..6, all pairs or the
#: path (1,2), (2,3), ...; some points of different series coincide.
def _eight_series():
    records = []
    for k in (2, 3):
        for layered in (False, True):
            for path in (False, True):
                for n in range(3, 7):
                    pairs = [[i, i + 1] for i in range(1, n)] if path else "all"
                    m_prime = n - 1 if path else n * (n - 1) // 2
                    value = math.ceil(math.log2(m_prime + 1)) + (k - 2) + layered
                    limits = {"layers": [8, m_prime], "skip": False} if layered else None
                    status = "OPTIMAL" if n <= 4 else "FEASIBLE"
                    records.append(_record(n, "hidden", status, value, value - (n > 4), k=k,
                                           pairs=pairs, limits=limits, source="solver",
                                           params=value * (n + 1) + m_prime,
                                           name=f"{k}{layered}{path}{n}"))
    return records


def test_eight_series_make_two_columns_of_four_and_readable_offsets():
    """Eight series (k = 2, 3 × architecture × pair set): a column per k, four series per
    panel (one legend entry each, plus a few keys), every colour its own; a point alone on
    its integer m', equal points of several series spread apart, each group narrower than
    the gap to the next m'."""
    import matplotlib.pyplot as plt

    study = S.superposition_study(_eight_series())
    assert len(study.series()) == 8
    figure = S.superposition_figure(study)
    try:
        panels = figure.axes
        assert [a.get_title() for a in panels] == [
            "least hidden gates, k = 2", "least hidden gates, k = 3",
            "least params at the least hidden width, k = 2",
            "least params at the least hidden width, k = 3"]
        colours = set()
        for axes in panels[:2]:
            texts = [t.get_text() for t in axes.get_legend().get_texts()]
            series = [t for t in texts if t.split(",")[0] in ("free depth", "1 hidden layer")]
            assert len(series) == 4 and len(texts) <= 4 + 5
            colours |= {line.get_color() for line in axes.get_lines()} - {"black"}
        assert len(colours) == 8 and "C7" not in colours               # the keys' grey
        for axes in panels:
            assert _integers(axes.get_xticks()) and _integers(axes.get_yticks())
        hidden = panels[0]
        markers = [(line.get_xdata()[0], line.get_ydata()[0]) for line in hidden.get_lines()
                   if line.get_marker() == "o"]
        by_point: dict = {}
        for x, y in markers:
            by_point.setdefault((round(x), y), []).append(x)
        alone = [xs for xs in by_point.values() if len(xs) == 1]
        assert alone and all(xs[0] == round(xs[0]) for xs in alone)
        crowded = max(by_point.values(), key=len)
        assert len(crowded) >= 2
        xs = sorted(crowded)
        assert min(b - a for a, b in zip(xs, xs[1:])) >= 0.1 - 1e-9
        assert xs[-1] - xs[0] <= S._SPREAD + 1e-9
    finally:
        plt.close(figure)


def test_write_superposition_writes_real_files(tmp_path):
    written, study = S.write_superposition(RECORDS, tmp_path, tables=("md", "csv", "tex"))
    assert [p.name for p in written] == ["superposition.md", "superposition.csv",
                                         "superposition.png", "superposition.svg"]
    png, svg = tmp_path / "superposition.png", tmp_path / "superposition.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    assert ET.parse(svg).getroot().tag.endswith("svg") and svg.stat().st_size > 5000
    assert study is not None and len(study.rows) == 5


def test_other_records_make_no_study(tmp_path):
    size = _record(3, "hidden", "OPTIMAL", 2, 2)
    size = R.Record({**size.data, "objective": "size"}, "x")   # a size minimisation
    plain = R.Record({"name": "and2", "spec": {"n": 2, "outputs": ["0x8"]},
                      "objective": "size", "status": "OPTIMAL", "value": 1, "limits": {}}, "y")
    assert S.superposition_study([size, plain]) is None
    written = R.write_report([size, plain], tmp_path, drawings=False)
    assert written.superposition is None and not list(tmp_path.glob("superposition*"))


@pytest.mark.parametrize("change, message", [
    ({"pairs": None}, r"synthetic:3: pairs = null: expected \"all\" or a list"),
    ({"pairs": [[1, 2]]}, r"synthetic:3: pairs = \[\[1, 2\]\] gives m' = 1 outputs but the "
                          r"spec has 3"),
    ({"pairs": [[1, 9]]}, r"synthetic:3: pairs = \[\[1, 9\]\]: expected .* inputs 1\.\.3"),
    ({"k": "two"}, r"synthetic:3: k = \"two\": expected null or the sparsity promise"),
    ({"status": "DONE"}, r"synthetic:3: status = \"DONE\": expected one of OPTIMAL"),
    ({"value": None}, r"synthetic:3: value = null: expected the value of the circuit a "
                      r"OPTIMAL answer found"),
    ({"value": -1}, r"synthetic:3: value = -1: expected null or a non-negative integer"),
    ({"lower_bound": 3}, r"synthetic:3: lower_bound = 3: expected at most the value found, 2"),
    ({"bound": "counting"}, r"synthetic:3: bound = \"counting\": expected null or an object"),
    ({"time_s": "slow"}, r"synthetic:3: time_s = \"slow\": expected null or a non-negative"),
    ({"n": 4}, r"synthetic:3: n = 4: expected the spec's n = 3"),
])
def test_bad_fields_name_the_record(change, message):
    record = R.Record({**RECORDS[0].data, **change}, "synthetic:3")
    with pytest.raises(InputError, match=message):
        S.superposition_study([record])


def test_missing_fields_name_the_record():
    for key in ("pairs", "k"):
        data = {k: v for k, v in RECORDS[0].data.items() if k != key}
        with pytest.raises(InputError, match=rf"synthetic:3: result record has no '{key}' key"):
            S.superposition_study([R.Record(data, "synthetic:3")])


# -- the real records -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    return R.load_records([DATA])


def test_real_records_are_the_table(real):
    study = S.superposition_study(real)
    table = _table(S.superposition_table(study))
    by_name = {r.name: r for r in real}
    for row in study.rows:
        (name,) = row.hidden.instances
        record = by_name[name]
        line = [r for r in table if r["n = m"] == str(record.get("n"))
                and r["architecture"] == row.question.architecture
                and r["pairs"] == row.question.pairs][0]
        expected = str(record.get("value")) if record.get("status") == "OPTIMAL" else \
            f"≤ {record.get('value')}"
        assert line["least hidden"] == expected
        assert line["hidden lb"] == str(record.get("lower_bound"))
        source = "solver" if record.get("lower_bound_source").startswith("solver") else \
            record.get("bound")["name"]
        assert line["hidden lb by"] == source
        assert int(line["m′"]) == record.spec().num_outputs
    architectures = {(r["n = m"], r["pairs"], r["architecture"]) for r in table}
    assert architectures == {("3", "all", "free depth"), ("4", "all", "free depth"),
                             ("4", "(1,2) (3,4)", "free depth"), ("4", "all", "1 hidden layer")}
    # the one params minimisation (hidden <= 3, FEASIBLE) is in the second table
    second = _table(S.superposition_markdown(study), "Params minimisations by hidden limit")
    params = by_name["pand-n3-k2-params"]
    assert [(r["hidden ≤"], r["least params"], r["params lb"]) for r in second] == \
        [("3", f"≤ {params.get('value')}", str(params.get("lower_bound")))]


def test_cli_report_on_the_real_records(real, tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["report", str(DATA), "--out-dir", str(out), "--no-drawings",
                 "--tables", "md"]) == 0
    printed = capsys.readouterr().out
    assert "superposition study" in printed and "| n = m | k | pairs | m′ |" in printed
    assert "constant unknown — not a bound" in printed
    for suffix in ("md", "png", "svg"):
        path = out / f"superposition.{suffix}"
        assert path.stat().st_size > 0 and str(path) in printed
    assert not (out / "superposition.csv").exists()   # --tables md
    # the main table shows the network's shape (it raised KeyError on 'outputs_read')
    main_table = (out / "table.md").read_text()
    assert "outputs read hidden" in main_table and "layers 4-6 no skip" in main_table
    # and tells the pair sets apart: all pairs, and the listed (1,2) (3,4)
    assert "| PAIRWISE_AND(k=2, pairs=all) |" in main_table
    assert "| PAIRWISE_AND(k=2, 2 pairs) |" in main_table


def test_solve_then_report(tmp_path):
    """A fresh answer (0.2 s) through the whole pipe: the record format is still read."""
    source = tmp_path / "and.toml"
    source.write_text('[[instance]]\nname = "and3"\nfunction = "PAIRWISE_AND"\nn = 3\nk = 2\n'
                      'pairs = "all"\noutputs_read = "hidden"\nminimize = "hidden"\n'
                      'time_limit = 10\n')
    results = tmp_path / "and.jsonl"
    assert main(["solve", str(source), "--out", str(results)]) == 0
    study = S.superposition_study(R.load_records([results]))
    (row,) = study.rows
    assert row.hidden.mark == "2" and row.hidden.source == "counting"
    assert row.question.architecture == "free depth" and row.question.m_prime == 3
