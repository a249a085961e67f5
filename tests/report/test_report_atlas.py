"""The atlas of class sweeps in `minckt report`, against independent truth: the class counts
against `minckt.core.classes` enumerating them, the threshold-function counts (OEIS A000609)
against a brute force over small integer weights, and real sweeps run here -- every NPN
class of 3 inputs (104 functions of size 1, the threshold functions, and 152 of size 2, 256
in all), and the energy–depth frontiers of every NP class of 2 inputs at size <= least + 1.
Hand-made records pin what is computed from them: a sample's weighted shares and their
interval, a tampered class size reported as a MISMATCH, gains and their order, the size
limit's grouping, and errors that name the record."""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections import Counter

import numpy as np
import pytest
from figuretools import caught_figures, visible_panels

from minckt import report as R
from minckt.core.classes import npn_representatives
from minckt.cli import main
from minckt.errors import InputError
from minckt.report import atlas as A
from minckt.core.spec import input_matrix
from minckt.io.store import Store
from minckt.run.sweep import class_instances, sweep
from minckt.run.sweepfile import run_sweep

FRONTIER = {"frontier": ["energy", "depth"], "npn": 2, "size": "min+1", "time_limit": 30}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A real results database: every NPN class of 3 and 2 inputs minimised in size, then
    the energy–depth frontier of every NP class of 2 inputs at size <= least size + 1
    (about a second)."""
    path = tmp_path_factory.mktemp("atlas") / "sweeps.db"
    with Store(path) as db:
        for n in (3, 2):
            for _ in sweep(class_instances(n), db):
                pass
        run_sweep(FRONTIER, store=db)
    return path


@pytest.fixture(scope="module")
def records(store):
    return R.load_records([store])


@pytest.fixture(scope="module")
def study(records):
    return A.atlas_study(records)


def _group(groups, n, kind):
    (group,) = [g for g in groups if g.n == n and g.kind == kind]
    return group


def _table(markdown, title):
    """The rows of the first Markdown table after the line starting with `title`."""
    text = markdown.split(title, 1)[1]
    lines = []
    for line in text.splitlines()[1:]:
        if line.startswith("|"):
            lines.append(line)
        elif lines:
            break
    header = [c.strip() for c in lines[0].strip("|").split(" | ")]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split(" | "))))
            for line in lines[2:]]


# -- the constants, from independent counts ---------------------------------------------------

@pytest.mark.parametrize("n", range(5))
def test_class_counts_are_the_enumerated_classes(n):
    assert A.NPN_CLASSES[n] == len(npn_representatives(n))
    assert A.NP_CLASSES[n] == len(npn_representatives(n, negate_output=False))


@pytest.mark.parametrize("n", range(5))
def test_threshold_counts_are_a_brute_force(n):
    """Every threshold function of n <= 4 inputs has integer weights |w| <= max(1, n - 1)
    (OEIS A003432), so sweeping those weights and every threshold finds them all."""
    rows = input_matrix(n).T.astype(np.int64)  # one row per input assignment
    found = set()
    most = max(1, n - 1)
    for weights in itertools.product(range(-most, most + 1), repeat=n):
        sums = rows @ np.array(weights, dtype=np.int64)
        for t in range(int(sums.min()), int(sums.max()) + 2):
            found.add(tuple(sums >= t))
    assert len(found) == A.THRESHOLD_FUNCTIONS[n]


# -- the size atlas on real sweeps ------------------------------------------------------------

def test_npn3_sizes_are_the_threshold_functions_and_the_rest(study):
    group = _group(study.sizes, 3, "NPN")
    assert (group.gate, group.limits) == ("threshold", "no limit")  # the default cap dropped
    assert group.coverage.complete and group.coverage.weight == 256
    assert group.coverage.mismatch is None
    bins = {b.size: (b.classes, b.functions, b.margin) for b in group.histogram()}
    assert bins == {1: (6, 104, 0.0), 2: (8, 152, 0.0)}
    assert group.largest == 2 and len(group.needing_largest()) == 8
    assert study.mismatches() == []


def test_npn3_markdown_states_the_checks(study):
    text = A.atlas_markdown(study)
    assert "All 14 NPN classes of 3 inputs (OEIS A000370). Check: the class sizes sum to " \
           "256 = 2^(2^3)" in text
    assert "Check: size 1 holds 104 functions, the threshold functions of 3 inputs" in text
    rows = _table(text, "## Least size: NPN classes of 3 inputs")
    assert [(r["least size"], r["classes"], r["functions"]) for r in rows] == \
        [("1", "6", "104"), ("2", "8", "152"), ("total", "14", "256")]
    assert "Largest proven size: **2**, needed by 8 classes (152 functions): 0x06, 0x16, " \
           "0x18, 0x19, 0x1B, 0x1E, 0x3C, 0x69." in text
    assert "MISMATCH" not in text


def test_helper_records_set_the_frontier_limit_only(study):
    """The NPN2 size sweep answered 4 of the 6 NP2 least sizes first (the NPN
    representatives are NP representatives); the other 2 are the min+1 sweep's own."""
    assert study.helpers == 2
    assert _group(study.sizes, 2, "NPN").coverage.present == 4
    assert [g.kind for g in study.sizes] == ["NPN", "NPN"]


def test_np2_frontiers_are_counted_once_each(study, records):
    group = _group(study.frontiers, 2, "NP")
    assert group.limits == "size ≤ least size + 1"
    assert group.coverage.complete and group.coverage.weight == 16
    frontiers = {r.get("class"): r for r in records if r.get("frontier")}
    assert {c.label for c in group.classes} == set(frontiers) and len(frontiers) == 6
    counts = group.point_counts()
    assert sum(classes for _, classes, _, _, _ in counts) == 6
    assert sum(functions for _, _, functions, _, _ in counts) == 16
    for item in group.classes:  # the points are the records' own
        points = frontiers[item.label].get("points")
        assert sorted((p.depth, p.energy) for p in item.points) == sorted(
            (p["coordinates"]["depth"], p["coordinates"]["energy"]) for p in points)
    assert sum(c for _, c, _ in group.gains()) == 6


# -- samples, mismatches, gains: hand-made ----------------------------------------------------

def test_a_sample_gives_weighted_shares_and_unproven_counts(records):
    sized = [r for r in records if r.get("objective") == "size" and r.spec().n == 3]
    chosen = sorted(sized, key=lambda r: r.get("class"))[::2]  # 7 of the 14 classes
    unknown = dict(chosen[-1].data, status="UNKNOWN", value=None, circuit=None)
    chosen[-1] = R.Record(unknown, "hand:unknown")
    study = A.atlas_study(chosen)
    (group,) = study.sizes
    assert not group.coverage.complete and group.coverage.present == 7
    weights = np.array([r.get("class_size") for r in chosen], dtype=float)
    sizes = [r.get("value") if r.get("status") == "OPTIMAL" else None for r in chosen]
    for b in group.histogram():
        hits = np.array([s == b.size for s in sizes], dtype=float)
        share = (weights * hits).sum() / weights.sum()
        assert b.function_share == pytest.approx(share)
        residual = weights * (hits - share)
        half = 1.96 * math.sqrt((1 - 7 / 14) * residual.var(ddof=1) / 7) / weights.mean()
        assert b.margin == pytest.approx(half)
    text = A.atlas_markdown(study)
    assert "Sample of 7 of 14 NPN classes of 3 inputs (50.00 % of the classes)." in text
    rows = _table(text, "## Least size: NPN classes of 3 inputs")
    assert "functions" not in rows[0] and "est. share of functions" in rows[0]
    assert rows[-1]["least size"] == "not proven: UNKNOWN" and rows[-1]["classes in sample"] == "1"
    assert "Not proven OPTIMAL: 1 UNKNOWN" in text
    assert "Known: size 1 holds the 104 threshold functions of 3 inputs" in text
    total = sum(b.function_share for b in group.histogram()) + weights[-1] / weights.sum()
    assert total == pytest.approx(1.0)


def test_a_tampered_class_size_is_a_mismatch(records, tmp_path, monkeypatch):
    sized = [r for r in records if r.get("objective") == "size" and r.spec().n == 3]
    victim = next(r for r in sized if r.get("class") == "0x01")  # a threshold class of 16
    tampered = [R.Record(dict(r.data, class_size=17), r.where) if r is victim else r
                for r in sized]
    study = A.atlas_study(tampered)
    (group,) = study.sizes
    assert group.coverage.weight == 257
    lines = study.mismatches()
    assert len(lines) == 2 and "sum to 257, not 2^(2^3) = 256" in lines[0]
    assert "size 1 holds 105 functions, but there are 104" in lines[1]
    monkeypatch.setattr(R.shutil, "which", lambda name: None)
    written = R.write_report(tampered, tmp_path, tables=("md",), plots=False)
    text = (tmp_path / "atlas.md").read_text()
    assert text.count("**MISMATCH**") >= 2 and lines[0] in written.messages


def _frontier(table, weight, points, *, size=3, status="OPTIMAL", n=2, notes=()):
    """A frontier record of a class sweep with the given (energy, depth) points."""
    digits = max(1, (1 << n) // 4)
    label = f"0x{table:0{digits}X}"
    data = {"name": f"np{n}-{label}", "kind": "frontier", "class": label, "class_size": weight,
            "n": n, "status": status, "frontier": ["energy", "depth"],
            "limits": {"size": size}, "gate": {"kind": "threshold"},
            "spec": {"n": n, "outputs": [label], "name": label}, "notes": list(notes),
            "points": [{"coordinates": {"energy": e, "depth": d}, "status": s, "circuit": None}
                       for e, d, s in points]}
    return R.Record(data, f"hand:{label}")


def test_gains_and_their_order():
    records = [_frontier(0x1, 4, [(3, 1, "OPTIMAL"), (1, 3, "OPTIMAL")]),       # gain 2
               _frontier(0x3, 4, [(1, 1, "OPTIMAL")]),                           # gain 0
               _frontier(0x0, 1, [(4, 1, "OPTIMAL"), (3, 2, "FEASIBLE"), (2, 3, "OPTIMAL")]),
               _frontier(0x6, 2, [(2, 2, "OPTIMAL"), (1, 3, "OPTIMAL")], status="FEASIBLE")]
    (group,) = A.atlas_study(records).frontiers
    assert [(c.label, c.gain) for c in group.classes] == \
        [("0x0", 2), ("0x1", 2), ("0x3", 0), ("0x6", 1)]
    assert [c.label for c in group.top()] == ["0x0", "0x1", "0x6"]  # ties by class
    assert group.point_counts() == [(1, 1, 4, 1, 1), (2, 2, 6, 2, 1), (3, 1, 1, 0, 1)]
    assert group.gains() == [(0, 1, 4), (1, 1, 2), (2, 2, 5)]
    text = A.atlas_markdown(A.atlas_study(records))
    assert "Sample of 4 of 6 NP classes of 2 inputs" in text
    rows = _table(text, "Top 3 classes by gain")
    assert rows[0] == {"class": "0x0", "class size": "1", "gain": "2",
                       "frontier": "e 4 at d 1 · e 3 at d 2 (FEASIBLE) · e 2 at d 3",
                       "every point OPTIMAL": "no"}
    counts = _table(text, "## Energy–depth frontier")
    assert [r["note"] for r in counts] == ["", "depth buys energy", "depth buys energy", ""]
    assert counts[-1]["classes"] == "4"
    parsed = list(csv.DictReader(io.StringIO(A.atlas_csv(A.atlas_study(records)))))
    assert [(r["class"], r["gain"], r["frontier_points"]) for r in parsed] == \
        [("0x0", "2", "3"), ("0x1", "2", "2"), ("0x3", "0", "1"), ("0x6", "1", "2")]


def test_the_top_classes_circuits_are_drawn_and_linked(records, tmp_path, monkeypatch):
    monkeypatch.setattr(R.shutil, "which", lambda name: None)
    circuit = next(r for r in records if r.get("frontier") and r.get("class") == "0x1"
                   ).get("points")[0]["circuit"]  # any real circuit of 2 inputs draws
    gaining = _frontier(0x1, 4, [(3, 1, "OPTIMAL"), (1, 3, "OPTIMAL")])
    for point in gaining.data["points"]:
        point["circuit"] = circuit
    files, study, messages = A.write_atlas([gaining], tmp_path, plots=False)
    names = sorted(p.name for p in files if p.parent.name == "atlas")
    assert names == ["frontier1-np2-0x1-e1-d3.dot", "frontier1-np2-0x1-e3-d1.dot"]
    assert messages == [R.GRAPHVIZ_MISSING]
    text = (tmp_path / "atlas.md").read_text()
    assert "- 0x1: [e 3 at d 1](atlas/frontier1-np2-0x1-e3-d1.dot) · " \
           "[e 1 at d 3](atlas/frontier1-np2-0x1-e1-d3.dot)" in text


def test_size_limits_group_the_frontiers():
    cap = "size <= 6: default cap (no size limit was given; set size to change it)"
    records = [_frontier(0x1, 4, [(1, 1, "OPTIMAL")], size=3),
               _frontier(0x6, 2, [(1, 2, "OPTIMAL")], size=3),
               _frontier(0x7, 4, [(1, 1, "OPTIMAL")], size=6, notes=[cap])]
    assert [g.limits for g in A.atlas_study(records).frontiers] == ["size free", "size ≤ 3"]
    records[1] = _frontier(0x6, 2, [(1, 2, "OPTIMAL")], size=4)
    assert [g.limits for g in A.atlas_study(records).frontiers] == \
        ["size free", "size limit per class"]


def test_contradictions_and_bad_fields_name_the_record(records):
    sized = [r for r in records if r.get("objective") == "size" and r.get("class") == "0x69"]
    (record,) = [r for r in sized if r.spec().n == 3]
    other = R.Record(dict(record.data, value=3), "hand:other")
    with pytest.raises(InputError, match=r"hand:other: class 0x69 has least size 3 proven "
                                         r"OPTIMAL, but .* proves 2"):
        A.atlas_study([record, other])
    for change, message in (({"class": "0x6A"}, r"class = \"0x6A\": expected the table of"),
                            ({"class": "69"}, r"class = \"69\": expected the representative"),
                            ({"class_size": 0}, r"class_size = 0: expected the functions")):
        with pytest.raises(InputError, match=rf"^bad: {message}"):
            A.atlas_study([R.Record(dict(record.data, **change), "bad")])
    assert A.atlas_study([R.Record({k: v for k, v in record.data.items() if k != "class"},
                                   "plain")]) is None


# -- the files --------------------------------------------------------------------------------

def test_cli_report_writes_the_atlas(store, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(R.shutil, "which", lambda name: None)
    out = tmp_path / "report"
    assert main(["report", str(store), "--out-dir", str(out), "--tables", "md,csv",
                 "--no-plots"]) == 0
    printed = capsys.readouterr().out
    assert str(out / "atlas.md") in printed and str(out / "atlas.csv") in printed
    # class records only: their rows are the atlas's, no empty main table printed or written
    assert "| instance |" not in printed and not list(out.glob("table.*"))
    text = (out / "atlas.md").read_text()
    assert "## Energy–depth frontier: NP classes of 2 inputs, threshold gates, size ≤ least " \
           "size + 1" in text
    rows = list(csv.DictReader(io.StringIO((out / "atlas.csv").read_text())))
    assert len(rows) == 14 + 4 + 6 and set(rows[0]) == set(A.CSV_COLUMNS)
    drawn = sorted(p.name for p in (out / "atlas").glob("*.dot"))
    assert drawn[:2] == ["size2-npn2-0x6.dot", "size2-npn3-0x06.dot"]  # named by size
    assert "[0x06](atlas/size2-npn3-0x06.dot)" in text  # linked where it was drawn


def test_figures_are_written(study, tmp_path):
    written = R.plot_atlas(study, tmp_path)
    assert [p.name for p in written] == ["atlas_sizes.png", "atlas_sizes.svg",
                                         "atlas_frontiers.png", "atlas_frontiers.svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in written[1].read_text()


# -- the figures: one panel per group of classes, log axes where counts span orders ---------



def test_energy_depth_of_a_class_sweep_is_one_panel_of_counts(records, study, tmp_path,
                                                              monkeypatch):
    """A sweep of 402 classes drew 402 series (and 402 legend entries) in one panel; now a
    group of classes is one panel counting the classes at each (depth, least energy)."""
    from minckt.report import plots

    figures = caught_figures(monkeypatch, plots)
    written = R.plot_energy_depth(records, tmp_path)
    assert sorted(p.name for p in written) == ["energy_depth.png", "energy_depth.svg",
                                               "energy_depth_np2.png", "energy_depth_np2.svg"]
    (item,) = R.class_energy_depth(records)
    group = _group(study.frontiers, 2, "NP")
    assert item.classes == len(group.classes) == 6
    for depth in item.depths:  # every class counted once at every depth
        assert sum(c for (d, _, _), c in item.counts.items() if d == depth) \
            + item.none.get(depth, 0) + item.unknown.get(depth, 0) == 6
    # at the deepest depth, each class's least energy over its whole frontier
    deepest = item.depths[-1]
    at_deepest = {e: c for (d, e, proven), c in item.counts.items() if d == deepest and proven}
    assert at_deepest == dict(Counter(min(p.energy for p in c.points) for c in group.classes))
    # depth 1 has no circuit for the one class that is no threshold function: XOR (~XNOR)
    assert item.none == {1: 1} and item.unknown == {}
    assert [c.label for c in group.classes if c.points[0].depth > 1] == ["0x6"]
    (axes,) = visible_panels(figures["energy_depth_np2"])
    labels = [t.get_text() for t in axes.get_legend().get_texts()]
    assert len(labels) == len(set(labels)) <= 4
    low, high = axes.get_xlim()
    assert [t for t in axes.get_xticks() if low <= t <= high] == list(item.depths)
    assert low >= 0.5 and item.depths[0] == 1
    height = int.from_bytes((tmp_path / "energy_depth.png").read_bytes()[20:24], "big")
    assert height < 700
    # a frontier out of time: its class is "nothing known" below its first point, not "none"
    feasible = [R.Record(dict(r.data, status="FEASIBLE"), r.where)
                if r.get("frontier") and r.get("class") == "0x6" else r for r in records]
    (item,) = R.class_energy_depth(feasible)
    assert item.none == {} and item.unknown == {1: 1}


def test_counts_spanning_orders_of_magnitude_go_on_a_log_axis(study, tmp_path, monkeypatch):
    """NPN5's size-1 classes hold 0.0022 % of the functions, size 3 94 %: on a linear axis the
    size-1 and size-4 bars did not show.  Shares spanning a factor 100 or more go on a log
    axis, every bar above its bottom; NPN3's (41 % and 59 %) stay linear."""
    from minckt.report import atlas_figures

    figures = caught_figures(monkeypatch, atlas_figures)
    classes = tuple(A.ClassAnswer(table, f"0x{table:08X}", weight, "OPTIMAL", size, size,
                                  None, "hand")
                    for table, (weight, size) in enumerate([(1, 1), (40, 2), (9000, 3),
                                                            (2, 4)]))
    wide = A.SizeAtlas(5, "NPN", "threshold", "no limit", classes)
    R.plot_atlas(A.Atlas((_group(study.sizes, 3, "NPN"), wide), ()), tmp_path)
    narrow, spread = visible_panels(figures["atlas_sizes"])
    assert narrow.get_yscale() == "linear" and spread.get_yscale() == "log"
    bottom = spread.get_ylim()[0]
    assert len(spread.patches) == 8 and all(bar.get_height() > bottom
                                            for bar in spread.patches)
    assert "log scale" in spread.get_ylabel()
