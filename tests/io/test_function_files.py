"""A function given as a file (`function_file` in an instance file, `--function-file` on the
command line): a PLA keeps its don't-cares, a truth-table file gives its first line, and a
circuit file (BLIF, AIGER, BENCH, JSON) gives the function it computes, checked against the
evaluator; the answers equal those of the same function given as a table; bad input is one
line naming the file and line."""

from __future__ import annotations

import json

import pytest

import minckt
from minckt.cli import main
from minckt.core.formats import read_function, write_pla
from minckt.errors import InputError
from minckt.io.instances import load_instances


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """MAJ 3 as a PLA with a don't-care row, as a truth-table file, and as an AIG circuit in
    BLIF, ASCII AIGER and BENCH."""
    folder = tmp_path_factory.mktemp("functions")
    spec = minckt.Spec.from_table("0xE8", 3, name="maj")
    partial = minckt.Spec(3, (0xE8,), care=0x7F)   # row 7 free
    (folder / "maj.pla").write_text(write_pla(partial))
    (folder / "maj.tt").write_text("e8\n96\n")
    circuit = minckt.minimize(spec, "size", model=minckt.GateModel("aig")).circuit
    (folder / "maj.blif").write_text(circuit.to_blif())
    (folder / "maj.aag").write_text(circuit.to_aiger())
    (folder / "maj.bench").write_text(circuit.to_bench())
    (folder / "maj.json").write_text(json.dumps(circuit.to_json()))
    return folder, spec, partial


def test_every_function_file_reads_as_the_function(files):
    folder, spec, partial = files
    assert read_function(folder / "maj.pla") == partial    # the don't-care kept
    assert read_function(folder / "maj.tt") == spec       # the first line
    for suffix in (".blif", ".aag", ".bench", ".json"):
        assert read_function(folder / f"maj{suffix}") == spec, suffix


def test_an_instance_file_solves_a_function_file_like_its_table(files, tmp_path):
    folder, spec, _ = files
    text = "".join(f'[[instance]]\nname = "f{k}"\nfunction_file = "{folder / name}"\n'
                   'minimize = "size"\n\n'
                   for k, name in enumerate(("maj.tt", "maj.blif", "maj.aag")))
    (tmp_path / "q.toml").write_text(text)
    for instance in load_instances(tmp_path / "q.toml"):
        assert instance.spec == spec
    assert main(["solve", str(tmp_path / "q.toml"), "--out", str(tmp_path / "o.jsonl"),
                 "-q"]) == 0
    records = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()]
    direct = minckt.minimize(spec, "size")
    assert [(r["status"], r["value"]) for r in records] == [("OPTIMAL", direct.value)] * 3
    assert [r["function_file"].rsplit("/", 1)[-1] for r in records] == \
        ["maj.tt", "maj.blif", "maj.aag"]


def test_a_pla_with_dont_cares_on_the_command_line(files, capsys):
    folder, _, partial = files
    assert main(["solve", "--function-file", str(folder / "maj.pla"), "--minimize", "size",
                 "--out", "-", "-q"]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["value"] == minckt.minimize(partial, "size").value
    assert record["spec"]["care"] is not None


@pytest.mark.parametrize("text, said", [
    ('function_file = "maj.pla"\nn = 4', ":4: instance 'bad': n = 4, but maj.pla has 3"),
    ('function_file = "none.blif"', ":3: instance 'bad': "),
    ('function_file = "maj.pla"\ntruth_table = "0xE8"', "truth_table does not go with"),
    ('function_file = "maj.csv"', "unknown function file '.csv'")])
def test_a_bad_function_file_is_one_line_naming_file_and_line(files, text, said):
    folder, _, _ = files
    path = folder / "bad.toml"
    path.write_text(f'[[instance]]\nname = "bad"\n{text}\nminimize = "size"\n')
    with pytest.raises(InputError, match="bad.toml") as caught:
        load_instances(path)
    assert said in str(caught.value) and "\n" not in str(caught.value)
