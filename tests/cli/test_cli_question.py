"""`minckt solve` as a tool people script: a question on the command line (the same instance
as its TOML form), `--out -` streaming JSON lines to stdout with the table on stderr,
`--quiet`, `--verbose`, `--strict` with its own exit status, and progress lines when stderr
is not a terminal."""

from __future__ import annotations

import json

import pytest

from minckt.cli import main
from minckt.cli.common import EXIT_UNKNOWN, Progress
from minckt.core.circuit import Circuit
from minckt.core.spec import Spec
from minckt.verify.check import verify

#: Parity of 8 inputs in 4 gates at depth 2: open (the least depth-2 size of parity 8 is not
#: known to minckt), so a fraction of a second answers UNKNOWN.
OPEN = ["PARITY", "--n", "8", "--depth", "2", "--size", "4", "--time-limit", "0.5"]


def _records(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_question_on_the_command_line_is_its_instance_file(tmp_path, capsys):
    source = tmp_path / "q.toml"
    source.write_text('[[instance]]\nname = "mod"\nfunction = "MOD"\nn = 5\nm = 3\n'
                      'minimize = "size"\ngate = "relu"\nresolution = 2\n')
    assert main(["solve", str(source), "--out", "-"]) == 0
    (filed,) = _records(capsys.readouterr().out)
    assert main(["solve", "MOD", "--n", "5", "--param", "m=3", "--minimize", "size",
                 "--gate", "relu", "--resolution", "2", "--name", "mod", "--out", "-"]) == 0
    (asked,) = _records(capsys.readouterr().out)
    for key in ("name", "function", "n", "m", "objective", "status", "value", "gate", "spec",
                "limits"):
        assert asked[key] == filed[key], key
    spec = Spec.from_json(asked["spec"])
    assert verify(spec, Circuit.from_json(asked["circuit"])).size == asked["value"]


def test_out_dash_streams_json_to_stdout_and_the_table_to_stderr(capsys):
    assert main(["solve", "--table", "0xE8,0x96", "--n", "3", "--minimize", "size",
                 "--out", "-"]) == 0
    captured = capsys.readouterr()
    (record,) = _records(captured.out)               # stdout: JSON lines only
    assert record["status"] == "OPTIMAL" and record["truth_table"] == ["0xE8", "0x96"]
    assert "status" in captured.err and "OPTIMAL" in captured.err


def test_quiet_prints_nothing_and_verbose_prints_the_steps(capsys):
    assert main(["solve", "PARITY", "--n", "3", "--minimize", "size", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["solve", "PARITY", "--n", "3", "--minimize", "size", "--size", "3",
                 "--verbose"]) == 0
    printed = capsys.readouterr().out
    assert "step:" in printed and "SAT" in printed and "threshold[" in printed


def test_strict_has_its_own_exit_status_for_unknown(capsys):
    assert EXIT_UNKNOWN not in (0, 1, 2, 3, 130, 143)
    assert main(["solve", *OPEN, "--out", "-", "-q"]) == 0
    (record,) = _records(capsys.readouterr().out)
    assert record["status"] == "UNKNOWN"
    assert main(["solve", *OPEN, "--strict", "-q"]) == EXIT_UNKNOWN
    assert "UNKNOWN" in capsys.readouterr().err
    assert main(["solve", "PARITY", "--n", "3", "--minimize", "size", "--strict", "-q"]) == 0


def test_progress_lines_when_stderr_is_not_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr(Progress, "every", 0.1)
    assert main(["solve", *OPEN]) == 0
    err = capsys.readouterr().err
    assert "minckt: 0/1 done" in err and "now PARITY-n8" in err and "ETA" in err
    assert main(["solve", *OPEN, "-q"]) == 0          # --quiet: no progress either
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("argv,message", [
    (["PARITY", "--n", "40"], "command line (--n): n = 40"),
    (["PARITY", "--n", "4", "--minimize", "speed"], "command line (--minimize)"),
    (["MOD", "--n", "5", "--param", "q=3"], "--param 'q=3'"),
    (["MOD", "--n", "5", "--param", "m=1"], "m = 1"),
    (["--n", "4"], "--n goes with a family name"),
    (["PARITY", "--table", "0x6", "--n", "2"], "not both"),
    ([], "give an instance file, or a question"),
    (["PARITY", "--n", "4", "--layers", "4,x"], "--layers '4,x'"),
])
def test_bad_questions_are_one_line_errors(argv, message, capsys):
    assert main(["solve", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_question_flags_are_refused_with_a_file(tmp_path, capsys):
    source = tmp_path / "q.toml"
    source.write_text('[[instance]]\nname = "x"\ntruth_table = "0x6"\nn = 2\n')
    assert main(["solve", str(source), "--size", "3"]) == 2
    assert "--size goes with a question" in capsys.readouterr().err


def test_table_never_cuts_a_number_and_marks_a_cut_text():
    from minckt.cli.common import COLUMNS, WIDTHS, row

    weight = 805_276_672
    line = row(["x" * 40, "OPTIMAL", "min size", 3, "", 3, 3, 2, weight, "0.10"])
    assert str(weight) in line                            # wider than its 7 columns
    assert "x" * (WIDTHS[0] - 1) + "…" in line and "x" * WIDTHS[0] not in line
    assert row(COLUMNS).split() [:2] == ["name", "status"]


def test_circuit_format_writes_each_answer_and_keeps_what_exists(tmp_path, capsys):
    """--circuit-format: the found circuit in that format, read back and checked by
    minckt verify; an existing file is refused before anything is solved, --force replaces."""
    folder = tmp_path / "c"
    ask = ["solve", "MAJ", "--n", "5", "--minimize", "size", "-q", "--circuit-dir", str(folder)]
    for kind, suffix in (("blif", ".blif"), ("aig", ".aig"), ("json", ".json")):
        assert main([*ask, "--circuit-format", kind]) == 0
        assert main(["verify", str(folder / f"MAJ-n5{suffix}"), "MAJ", "--n", "5"]) == 0
        assert "computes MAJ5 on every care row (32 of 32)" in capsys.readouterr().out
    assert main([*ask, "--circuit-format", "blif"]) == 2
    assert "MAJ-n5.blif exists; --force replaces it" in capsys.readouterr().err
    assert main([*ask, "--circuit-format", "blif", "--force"]) == 0
    assert main(["solve", "PARITY", "--n", "3", "--frontier", "energy,depth", "--size", "3",
                 "-q", "--circuit-format", "verilog", "--circuit-dir", str(folder)]) == 0
    assert (folder / "PARITY-n3-1.v").read_text().startswith("//")
    assert main(["solve", "PARITY", "--n", "3", "--circuit-dir", str(folder)]) == 2
