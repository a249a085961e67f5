"""The SQLite results store: keyed by content, read back instead of re-solved, and intact
after a real `minckt solve --store` is killed with SIGKILL."""

from __future__ import annotations

import csv
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from minckt import Circuit, Spec
from minckt import verify
from minckt.cli import main
from minckt.errors import InputError
from minckt.io.instances import parse_instances
from minckt.io.store import Store
from proctools import table_rows

FILE = """\
[[instance]]
name = "maj3"
truth_table = "0xE8"
n = 3
minimize = "size"

[[instance]]
name = "parity3-energy"
function = "PARITY"
n = 3
size = 3
minimize = "energy"
"""


def test_keys_follow_what_changes_the_answer():
    variants = parse_instances("".join(f"""
[[instance]]
name = "maj3-{i}"
truth_table = "0xE8"
n = 3
minimize = "size"
{extra}
""" for i, extra in enumerate(["", "size = 2", 'gate = "relu"\nresolution = 2',
                                "time_limit = 5"])))
    keys = [v.key() for v in variants]
    assert len(set(keys[:3])) == 3  # a limit or a gate model changes the question
    assert keys[3] == keys[0] == parse_instances(FILE)[0].key()  # a name or time does not


def test_a_second_run_reads_back_and_resolve_solves_again(tmp_path, capsys):
    source = tmp_path / "i.toml"
    source.write_text(FILE)
    db = tmp_path / "r.db"
    assert main(["solve", str(source), "--store", str(db)]) == 0
    assert "2 result(s) written, 0 read back" in capsys.readouterr().out
    assert main(["solve", str(source), "--store", str(db)]) == 0
    printed = capsys.readouterr().out
    assert "0 result(s) written, 2 read back" in printed and "stored" in printed
    assert main(["solve", str(source), "--store", str(db), "--resolve"]) == 0
    assert "2 result(s) written, 0 read back" in capsys.readouterr().out
    assert table_rows(db) == 2  # replaced, not duplicated
    with Store(db) as store:
        for record in store.records():
            spec = Spec.from_json(record["spec"])
            assert verify(spec, Circuit.from_json(record["circuit"])).to_json() == \
                record["metrics"]


def test_unfinished_results_are_solved_again_only_with_a_larger_time_limit(tmp_path):
    with Store(tmp_path / "r.db") as store:
        store.put({"key": "k", "name": "x", "status": "UNKNOWN"}, 5.0)
        assert store.lookup("k", 5.0)["status"] == "UNKNOWN"
        assert store.lookup("k", 2.0) is not None
        assert store.lookup("k", 10.0) is None and store.lookup("k", None) is None
        store.put({"key": "k", "name": "x", "status": "OPTIMAL"}, 10.0)
        assert store.lookup("k", None)["status"] == "OPTIMAL"  # final: for good
        assert len(store) == 1


def test_export_and_report_read_the_database(tmp_path, capsys):
    source = tmp_path / "i.toml"
    source.write_text(FILE)
    db = tmp_path / "r.db"
    assert main(["solve", str(source), "--store", str(db)]) == 0
    capsys.readouterr()
    assert main(["export", str(db), "--format", "csv", "--where", "name=maj3"]) == 0
    (row,) = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert row["name"] == "maj3" and row["status"] == "OPTIMAL" and row["size"] == "1"
    assert main(["export", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["maj3", "parity3-energy"]
    assert main(["report", str(db), "--out-dir", str(tmp_path / "rep"), "--no-plots",
                 "--no-drawings"]) == 0
    assert "parity3-energy" in (tmp_path / "rep" / "table.md").read_text()


def test_bad_store_arguments_are_user_errors(tmp_path, capsys):
    source = tmp_path / "i.toml"
    source.write_text(FILE)
    assert main(["solve", str(source), "--store", str(source)]) == 2
    assert source.read_text() == FILE  # never touched
    assert main(["solve", str(source), "--resolve"]) == 2
    assert main(["export", str(source)]) == 2
    assert "not an SQLite results database" in capsys.readouterr().err
    with pytest.raises(InputError):
        Store(source)


HARD = FILE + """
[[instance]]
name = "hard"
function = "IP"
n = 8
minimize = "size"
time_limit = 120
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals as on Linux")
def test_a_killed_run_keeps_every_finished_row_and_resumes(tmp_path):
    source = tmp_path / "i.toml"
    source.write_text(HARD)
    db = tmp_path / "r.db"
    command = [sys.executable, "-m", "minckt.cli", "solve", str(source), "--store", str(db)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # a reader beside the writer
        if db.exists() and table_rows(db) == 2:
            break
        time.sleep(0.1)
    time.sleep(1.0)  # into the hard instance
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert table_rows(db) == 2
    resumed = subprocess.run(command + ["--only", "maj3", "--only", "parity3-energy"],
                             capture_output=True, text=True, timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    assert "0 result(s) written, 2 read back" in resumed.stdout


def test_export_where_checks_fields_and_values_and_csv_carries_the_question(tmp_path, capsys):
    """An unknown --where field or a value of the wrong kind is an error (it was 0 rows);
    the CSV names the gate model and the limits the user set, not the search's size cap."""
    source = tmp_path / "i.toml"
    source.write_text(FILE)
    db = tmp_path / "r.db"
    assert main(["solve", str(source), "--store", str(db)]) == 0
    capsys.readouterr()
    for where, message in (("statu=OPTIMAL", "has the field 'statu'"),
                           ("status=OPTIMA", "expected one of"),
                           ("value=three", "expected an integer")):
        assert main(["export", str(db), "--where", where]) == 2
        assert message in capsys.readouterr().err
    assert main(["export", str(db), "--format", "csv"]) == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    stored = {r["name"]: r for r in map(json.loads, _lines(db))}
    assert stored["maj3"]["limits"].get("size") is not None      # the search's own cap
    assert (rows["maj3"]["gate"], rows["maj3"]["limits"]) == ("threshold", "")
    assert rows["parity3-energy"]["limits"] == "size<=3"


def _lines(db):
    from minckt.io.store import read_records

    return [json.dumps(r) for r in read_records(db)]
