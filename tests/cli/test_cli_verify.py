"""`minckt verify CIRCUIT`: a circuit the user brings (JSON, BLIF, AIGER, BENCH) checked by
the evaluator against a function (flags or --against a PLA / truth-table / circuit file),
its resources printed; exit 0 right, 1 wrong (with the first wrong row), 2 a user error."""

from __future__ import annotations

import json

import pytest

import minckt
from minckt.cli import main
from minckt.core.problem import GateModel
from minckt.verify.check import verify


@pytest.fixture(scope="module")
def maj_files(tmp_path_factory):
    """MAJ3 as found by the search in AIG gates, written in every circuit format."""
    folder = tmp_path_factory.mktemp("maj")
    circuit = minckt.minimize(minckt.family("MAJ", 3), "size", model=GateModel("aig")).circuit
    files = {".json": json.dumps(circuit.to_json()), ".blif": circuit.to_blif(),
             ".aag": circuit.to_aiger(), ".aig": circuit.to_aiger(binary=True),
             ".bench": circuit.to_bench()}
    paths = {}
    for suffix, text in files.items():
        path = folder / f"maj{suffix}"
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        paths[suffix] = path
    return circuit, paths


@pytest.mark.parametrize("suffix", [".json", ".blif", ".aag", ".aig", ".bench"])
def test_every_format_verifies_against_the_function(maj_files, suffix, capsys):
    circuit, paths = maj_files
    assert main(["verify", str(paths[suffix]), "MAJ", "--n", "3"]) == 0
    printed = capsys.readouterr().out
    assert "computes MAJ3 on every care row (8 of 8)" in printed
    if suffix == ".json":   # the same circuit: the same resources as the evaluator's
        size = verify(minckt.family("MAJ", 3), circuit).size
        assert f"size {size}," in printed


def test_a_wrong_circuit_exits_one_with_the_row(maj_files, capsys):
    _, paths = maj_files
    assert main(["verify", str(paths[".blif"]), "--table", "0x96", "--n", "3"]) == 1
    printed = capsys.readouterr().out
    assert "WRONG: on row 1 (x1..x3 = 100) output 1 is 0, expected 1" in printed


def test_against_a_pla_and_without_a_function(maj_files, tmp_path, capsys):
    _, paths = maj_files
    pla = tmp_path / "maj.pla"
    pla.write_text(".i 3\n.o 1\n11- 1\n1-1 1\n-11 1\n.e\n")
    assert main(["verify", str(paths[".aig"]), "--against", str(pla)]) == 0
    assert main(["verify", str(paths[".json"]), "--against", str(paths[".bench"])]) == 0
    capsys.readouterr()
    assert main(["verify", str(paths[".json"])]) == 0
    assert "computes: 0xE8" in capsys.readouterr().out


@pytest.mark.parametrize("argv,message", [
    (["missing.blif", "MAJ", "--n", "3"], "no such file"),
    (["maj.v", "MAJ", "--n", "3"], "unknown circuit format '.v'"),
    (["{json}", "MAJ", "--n", "4"], "the function has 4"),
    (["{json}", "MAJ", "--n", "3", "--gate", "threshold"], "is not a threshold gate"),
])
def test_user_errors(maj_files, argv, message, tmp_path, capsys, monkeypatch):
    _, paths = maj_files
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maj.v").write_text("module m; endmodule\n")
    argv = [str(paths[".json"]) if a == "{json}" else a for a in argv]
    assert main(["verify", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
