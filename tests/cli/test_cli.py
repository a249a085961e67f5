"""`minckt solve`: readable table, JSON lines that round-trip, exit codes for user errors."""

from __future__ import annotations

import json

from minckt.core.circuit import Circuit
from minckt.cli import main
from minckt.core.spec import Spec
from minckt.verify.check import verify

FILE = """\
[[instance]]
name = "maj3"
truth_table = "0xE8"
n = 3
minimize = "size"

[[instance]]
name = "parity3-frontier"
function = "PARITY"
n = 3
size = 3
frontier = ["energy", "depth"]

[[instance]]
name = "xor2-decide"
truth_table = "0x6"
n = 2
size = 1
"""


def test_solve_writes_verified_results(tmp_path, capsys):
    source = tmp_path / "i.toml"
    source.write_text(FILE)
    out = tmp_path / "r.jsonl"
    assert main(["solve", str(source), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "maj3" in printed and "OPTIMAL" in printed and "UNSAT" in printed
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["name"] for r in records] == ["maj3", "parity3-frontier", "xor2-decide"]
    maj3, frontier, xor2 = records
    assert maj3["status"] == "OPTIMAL" and maj3["value"] == 1 and maj3["lower_bound"] == 1
    spec = Spec.from_json(maj3["spec"])
    metrics = verify(spec, Circuit.from_json(maj3["circuit"]))
    assert metrics.to_json() == maj3["metrics"]
    assert frontier["status"] == "OPTIMAL" and frontier["points"]
    for point in frontier["points"]:
        circuit = Circuit.from_json(point["circuit"])
        assert verify(Spec.from_json(frontier["spec"]), circuit).to_json() == point["metrics"]
    assert xor2["status"] == "UNSAT" and xor2["circuit"] is None


def test_user_error_exit_code_and_message(tmp_path, capsys):
    source = tmp_path / "bad.toml"
    source.write_text(FILE.replace('n = 2\n', 'n = 2\nspeed = 3\n'))
    assert main(["solve", str(source)]) == 2
    err = capsys.readouterr().err
    assert f"{source}:18:" in err and "speed" in err and "Traceback" not in err


def test_unknown_backend_is_user_error(tmp_path, capsys):
    source = tmp_path / "i.toml"
    source.write_text(FILE)
    assert main(["solve", str(source), "--backend", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert "nosuch" in err and "cpsat" in err and "cnf" in err


def test_rank_and_bounds_verbs(tmp_path, capsys):
    assert main(["rank", "EQ", "--n", "4"]) == 0
    out = capsys.readouterr().out
    # EQ on the halves is the 4x4 identity (0/1 rank 4); as a +-1 matrix J - 2I, also rank 4
    assert "0/1 matrix: rk = 4" in out and "±1 matrix: rk = 4" in out
    assert main(["rank", "--table", "0x96", "--n", "3"]) == 0
    out = capsys.readouterr().out
    assert "0/1 matrix: rk = 2" in out and "±1 matrix: rk = 1" in out
    source = tmp_path / "i.toml"
    source.write_text(FILE)
    assert main(["bounds", str(source), "--only", "parity3-frontier"]) == 0
    out = capsys.readouterr().out
    assert "size >= 1" in out and "Uchizawa, Nishizeki, Takimoto" in out


BOUNDS_FILE = """\
[[instance]]
name = "parity5"
function = "PARITY"
n = 5
minimize = "size"

[[instance]]
name = "ands-sparse"
truth_table = ["0x08", "0x20", "0x40"]
care = "0x7F"
n = 3
outputs_read = "hidden"
minimize = "hidden"
"""


def test_bounds_verb_names_each_bound(tmp_path, capsys):
    source = tmp_path / "b.toml"
    source.write_text(BOUNDS_FILE)
    assert main(["bounds", str(source)]) == 0
    out = capsys.readouterr().out
    parity, ands = out.split("\nands-sparse:", 1)
    # ⌈log2(5 + 1)⌉ = 3 threshold gates for parity; 4 output vectors need 2 hidden bits
    assert "size >= 3 (subcube):" in parity and "size >= 1 (trivial):" in parity
    assert "hidden >= 2 (counting):" in ands and "(counting)" not in parity
