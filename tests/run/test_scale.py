"""The constructions past exact search (`minckt.run.scale`) and their report.

Independent truth: each measurement re-derived from the circuit rebuilt and evaluated again
(ops = wires + size without guards), the store read back instead of building, the proven
lower bounds below every construction, and a power law recovered from exact powers.
"""

from __future__ import annotations

import pytest

from minckt.cli import main
from minckt.core.data import random_point_set
from minckt.io.store import Store
from minckt.report.memorization_scale import scale_fits, scale_markdown
from minckt.run import scale
from minckt.run.scale import Measured, layer_ops, measure_memorization, memorization_series
from minckt.solve.constructions import block_circuit


def test_measurements_are_what_the_circuits_do():
    found = {m.construction: m for m in measure_memorization(12, 48, 1)}
    assert set(found) == {"blocks", "baum", "search tree", "decision list", "detectors"}
    assert found["baum"].depth == 2 and found["baum"].size <= found["detectors"].size
    for m in found.values():
        assert m.lower_size <= m.size and m.lower_ops <= m.ops
        if not m.guards:  # every gate evaluated on every point: ops = wires + size
            assert m.first_layer_ops + m.rest_ops == m.ops
        else:
            assert m.evaluated < m.size and m.ops <= m.first_layer_ops + m.rest_ops
    points = random_point_set(12, 48, 1, "random")
    blocks = block_circuit(points)
    assert found["blocks"].size == len(blocks.gates)
    wires = sum(g.fanin for g in blocks.gates)
    assert found["blocks"].ops == wires + len(blocks.gates)
    assert layer_ops(blocks, points) == (found["blocks"].first_layer_ops,
                                         found["blocks"].rest_ops)


def test_past_twenty_inputs_there_are_no_bounds_but_still_checks():
    (tree,) = measure_memorization(36, 64, 2, constructions=("search tree",))
    assert tree.n == 36 and tree.guards and tree.lower_size is None


def test_a_second_run_reads_the_store_back(tmp_path, monkeypatch):
    with Store(tmp_path / "s.sqlite") as store:
        first = memorization_series((10,), (8, 16), (1,), store=store)
        monkeypatch.setattr(scale, "measure_memorization",
                            lambda *a, **k: pytest.fail("built again"))
        again = memorization_series((10,), (8, 16), (1,), store=store)
    assert again == first and len(first) >= 6


def test_fits_recover_a_power_law():
    measured = [Measured("blocks", "", 16, N, 1, "random", False, round(N ** 0.5 * 4), 3, 1,
                         1, N, N, 0, 0.0) for N in (16, 64, 256, 1024, 4096)]
    (size, ops) = scale_fits(measured)
    assert ops.exponent == pytest.approx(1.0) and size.exponent == pytest.approx(0.5, abs=0.01)
    assert "N^1.00" in ops.describe()
    short = scale_fits(measured[:3])
    assert short[1].exponent is None  # no fit over fewer than 4 sizes
    assert "| blocks | 16 | 4096 |" in scale_markdown(measured, scale_fits(measured))


EXACT = """\
[[instance]]
name = "mem-n6-N8-size"
function = "memorize"
n = 6
N = 8
seed = 1
labels = "random"
minimize = "size"
time_limit = 20
"""


def test_the_study_command_runs_and_resumes(tmp_path, capsys):
    source = tmp_path / "exact.toml"
    source.write_text(EXACT)
    args = ["study", "memorization", "--store", str(tmp_path / "s.sqlite"), "--instances",
            str(source), "--out-dir", str(tmp_path / "out"), "--inputs", "12",
            "--largest", "32", "--seeds", "1"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "1 solved, 0 read back" in first and "blocks" in first
    for name in ("memorization.md", "memorization_scale.md", "memorization_scale.png"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert main(args) == 0
    assert "0 solved, 1 read back" in capsys.readouterr().out


@pytest.mark.parametrize("flag,value", [("--inputs", "0"), ("--seeds", "a"),
                                        ("--largest", "1")])
def test_bad_study_flags_are_one_line_errors(tmp_path, capsys, flag, value):
    assert main(["study", "memorization", "--store", str(tmp_path / "s.sqlite"),
                 flag, value]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"minckt: error: {flag}") and "\n" not in err
