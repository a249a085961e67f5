"""Memorization data sets (`minckt.core.data`): points files, `memorize`, random sets, MEMORIZE.

The expected specs are written out by hand from the row convention of docs/guide/semantics.md:
point (x1..xn) is row sum x_i 2^(i-1); bit r of a table is the label of row r.  Parity and
majority labels are recomputed here from the bits of each care row, not through minckt.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minckt
from minckt.cli import main
from minckt.core.data import memorize, random_points, read_points
from minckt.errors import InputError
from minckt.core.families import family, family_parameters
from minckt.io.instances import load_instances, parse_instances
from minckt.core.spec import MAX_INPUTS, Spec

SHIPPED = Path(__file__).resolve().parents[2] / "instances" / "data"

# Four labelled points of 3 inputs, by hand: (x1, x2, x3) -> row, label
#   (0, 1, 1) -> 6, 1     (1, 0, 0) -> 1, 0     (1, 1, 1) -> 7, 1     (0, 0, 0) -> 0, 0
ROWS = {6: 1, 1: 0, 7: 1, 0: 0}
EXPECTED = Spec(n=3, outputs=(0b11000000,), care=0b11000011)
CSV_BODY = "0,1,1,1\n1,0,0,0\n1,1,1,1\n0,0,0,0\n"
JSONL_BODY = ('{"x": [0, 1, 1], "y": 1}\n{"x": [1, 0, 0], "y": 0}\n'
              '{"x": [1, 1, 1], "y": 1}\n{"x": [0, 0, 0], "y": 0}\n')


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _read_error(path: Path, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        read_points(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


# -- reading files ---------------------------------------------------------------------------

def test_expected_spec_is_the_hand_built_table():
    assert [EXPECTED.value(r) for r in range(8)] == [False, False, None, None, None, None,
                                                     True, True]


@pytest.mark.parametrize("text", [
    CSV_BODY,
    "x1,x2,x3,label\n" + CSV_BODY,
    "# a comment\n\nx1, x2, x3, y\r\n" + CSV_BODY.replace("\n", "\r\n") + "\n\n",
    '"x1","x2","x3","label"\n' + CSV_BODY,
    CSV_BODY + "0,1,1,1\n",  # a repeated point with the same label counts once
])
def test_csv_reads_the_points_as_the_care_set(tmp_path, text):
    spec = read_points(_write(tmp_path, "p.csv", text))
    assert spec == EXPECTED and spec.name == "p"
    assert read_points(_write(tmp_path, "q.csv", text), n=3) == EXPECTED
    assert list(spec.care_rows) == sorted(ROWS)


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".json", ".JSONL"])
def test_jsonl_reads_the_same_spec(tmp_path, suffix):
    path = _write(tmp_path, "p" + suffix, "\n" + JSONL_BODY.replace('"y": 1', '"y": [1]', 1))
    assert read_points(path) == EXPECTED
    assert read_points(path, n=3, outputs=1) == EXPECTED


def test_several_outputs(tmp_path):
    # outputs (y1, y2): y1 = x1 AND x2 on rows 0..3 given, y2 = x1 OR x2; row 3 missing
    expected = Spec(n=2, outputs=(0b0000, 0b0110), care=0b0111)
    header = "x1,x2,y1,y2\n0,0,0,0\n1,0,0,1\n0,1,0,1\n"
    assert read_points(_write(tmp_path, "h.csv", header)) == expected
    bare = header.split("\n", 1)[1]
    assert read_points(_write(tmp_path, "b.csv", bare), n=2, outputs=2) == expected
    assert read_points(_write(tmp_path, "b2.csv", bare), outputs=2) == expected
    # without outputs= a headerless line is a point and one label: three inputs here
    assert read_points(_write(tmp_path, "b3.csv", bare)).n == 3
    lines = "".join(json.dumps({"x": x, "y": y}) + "\n"
                    for x, y in [([0, 0], [0, 0]), ([1, 0], [0, 1]), ([0, 1], [0, 1])])
    assert read_points(_write(tmp_path, "m.jsonl", lines)) == expected


def test_a_file_covering_every_row_is_a_total_function():
    spec = read_points(SHIPPED / "xor3.csv", n=3)
    assert spec.is_total and spec == family("PARITY", 3)


# -- errors in files: file, line, bad value, what was expected --------------------------------

CSV_ERRORS = [
    # (file text, read_points kwargs, line, words the message must hold)
    ("0,1,1,1\n1,0,0\n", {}, 2, ["3 values", "expected 4", "x1..x3"]),
    ("0,1,1,1\n1,0,0,0,1\n", {}, 2, ["5 values", "expected 4"]),
    ("x1,x2,label\n0,1,1\n1,2,0\n", {}, 3, ["column 2 (x2)", "'2'", "expected 0 or 1"]),
    ("0,1,1,1\n1,0,1,yes\n", {}, 2, ["column 4 (label)", "'yes'", "expected 0 or 1"]),
    ("0,1,1,7\n", {}, 1, ["column 4", "'7'", "expected 0 or 1"]),
    ("0,1,1\n1,1,0\n0,1,0\n", {}, 3, ["point (0, 1)", "labelled 0", "line 1 labels it 1"]),
    ("0,1,1,1\n", {"n": 2}, 1, ["4 values", "more than n = 2 allows", "expected 3"]),
    ("x1,x2,x3,label\n0,1,1,1\n", {"n": 2}, 1, ["header names 3 input", "n = 2"]),
    ("x1,x3,label\n0,1,1\n", {}, 1, ["'x3'", "expected 'x2'"]),
    ("x1,x2\n0,1\n", {}, 1, ["header 'x1,x2'", "one column per output"]),
    ("x1,x2,label\n0,1,1\n", {"outputs": 2}, 1, ["header names 1 output", "outputs = 2"]),
    (",".join(["0"] * 22) + "\n", {}, 1, ["n = 21", f"at most {MAX_INPUTS}"]),
]


JSONL_ERRORS = [
    ('{"x": [0, 1], "y": 1}\n{"x": [0, 1, 1], "y": 0}\n', {}, 2, ["x has 3", "more than n",
                                                                  "expected n = 2"]),
    ('{"x": [0, 1], "y": 1}\n{"x": [0], "y": 0}\n', {}, 2, ["x has 1", "expected n = 2"]),
    ('{"x": [0, 2], "y": 1}\n', {}, 1, ["x[1] = 2", "expected 0 or 1"]),
    ('{"x": [0, true], "y": 1}\n', {}, 1, ["x[1] = True", "expected 0 or 1"]),
    ('{"x": [0, 1], "y": 3}\n', {}, 1, ["y = 3", "expected 0 or 1"]),
    ('{"x": [0, 1], "y": [1]}\n{"x": [1, 1], "y": [1, 0]}\n', {}, 2, ["y has 2",
                                                                        "expected 1"]),
    ('{"x": [0, 1], "y": 1}\n\n{"x": [0, 1], "y": 0}\n', {}, 3, ["point (0, 1)", "labelled 0",
                                                                  "line 1 labels it 1"]),
    ('{"x": [0, 1], "y": 1, "id": 4}\n', {}, 1, ["'id'", "keys x and y"]),
    ('{"x": [0, 1], "y": 1\n', {}, 1, ["not JSON"]),
    ('[0, 1, 1]\n', {}, 1, ["list", "object with keys x and y"]),
    ('{"x": [0, 1, 1], "y": 1}\n', {"n": 2}, 1, ["more than n allows", "expected n = 2"]),
    ('{"x": ' + json.dumps([0] * 21) + ', "y": 1}\n', {}, 1, ["21 values", "at most n = 20"]),
]


@pytest.mark.parametrize("filename, text, kwargs, line, words",
                         [("bad.csv", *case) for case in CSV_ERRORS]
                         + [("bad.jsonl", *case) for case in JSONL_ERRORS])
def test_errors_name_the_file_the_line_and_the_value(tmp_path, filename, text, kwargs, line,
                                                     words):
    path = _write(tmp_path, filename, text)
    message = _read_error(path, **kwargs)
    assert message.startswith(f"{path}:{line}: "), message
    for word in words:
        assert word in message, (word, message)


@pytest.mark.parametrize("name, content, kwargs, words", [
    ("empty.csv", "", {}, ["no points", "empty"]),
    ("blank.jsonl", "\n  \n", {}, ["no points"]),
    ("header.csv", "x1,x2,label\n", {}, ["no points", "header"]),
    ("missing.csv", None, {}, ["cannot read points file", "No such file"]),
    ("adir.csv", "DIR", {}, ["cannot read points file"]),
    ("latin1.csv", b"x1,label\n0,1\n\xe9,1\n", {}, [":3:", "0xE9", "not UTF-8"]),
    ("points.txt", "0,1\n", {}, ["'.txt'", ".csv", ".jsonl"]),
    ("big.csv", "0,1\n", {"n": MAX_INPUTS + 1}, [f"n = {MAX_INPUTS + 1}", f"0..{MAX_INPUTS}"]),
])
def test_file_level_errors_name_the_file(tmp_path, name, content, kwargs, words):
    path = tmp_path / name
    if content == "DIR":
        path.mkdir()
    elif content is not None:
        _write(tmp_path, name, content)
    message = _read_error(path, **kwargs)
    assert message.startswith(str(path)), message
    for word in words:
        assert word in message, (word, message)


# -- errors through `minckt solve`: exit 2, one line, the points file's line ------------------

def _instance(points: str, n: int = 3, extra: str = "") -> str:
    return (f'[[instance]]\nname = "mem"\nfunction = "memorize"\nn = {n}\n'
            f'points = "{points}"\nminimize = "size"\ntime_limit = 10\n{extra}')


def _solve_error(capsys, source: Path, *flags: str) -> str:
    assert main(["solve", str(source), *flags]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


@pytest.mark.parametrize("text, n, line, word", [
    ("0,1,1,1\n1,0,0\n", 3, 2, "3 values"),                       # a column missing
    ("x1,x2,label\n0,1,1\n1,2,0\n", 2, 3, "'2'"),                 # not 0/1
    ("0,1,1\n1,1,0\n0,1,0\n", 2, 3, "line 1 labels it 1"),        # two labels, one point
    ("0,1,1,1\n", 2, 1, "more than n = 2 allows"),                 # more columns than n
    ("x1,x2,x3,label\n0,1,1,1\n", 2, 1, "header names 3 input"),  # header against n
])
def test_points_errors_are_instance_file_errors(tmp_path, capsys, text, n, line, word):
    data = tmp_path / "data"
    data.mkdir()
    _write(data, "p.csv", text)
    source = _write(tmp_path, "i.toml", _instance("data/p.csv", n=n))
    message = _solve_error(capsys, source)
    # the instance file's line of `points`, then the points file's own file:line
    assert message.startswith(f"minckt: error: {source}:5: instance 'mem': "
                              f"{data / 'p.csv'}:{line}: "), message
    assert word in message


@pytest.mark.parametrize("points, content", [("missing.csv", None), ("e.csv", ""),
                                             ("p.jsonl", '{"x": [0, 1, 2], "y": 1}\n')])
def test_unreadable_and_empty_points_files_exit_2(tmp_path, capsys, points, content):
    if content is not None:
        _write(tmp_path, points, content)
    source = _write(tmp_path, "i.toml", _instance(points))
    message = _solve_error(capsys, source)
    assert message.startswith(f"minckt: error: {source}:5: instance 'mem': "
                              f"{tmp_path / points}"), message


def test_nothing_is_solved_when_a_points_file_is_bad(tmp_path, capsys):
    _write(tmp_path, "bad.csv", "0,0,0,1\n0,0,0,0\n")
    text = ('[[instance]]\nname = "good"\nfunction = "AND"\nn = 2\nminimize = "size"\n\n'
            + _instance("bad.csv"))
    source = _write(tmp_path, "i.toml", text)
    out = tmp_path / "r.jsonl"
    assert main(["solve", str(source), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    line = text.splitlines().index('points = "bad.csv"') + 1
    assert f"{source}:{line}: instance 'mem': {tmp_path / 'bad.csv'}:2: " in captured.err
    assert "good" not in captured.out and not out.exists()


@pytest.mark.parametrize("extra_text, key, words", [
    ('N = 4\n', "N", ["N does not go with points"]),
    ('seed = 1\n', "seed", ["seed does not go with points"]),
    ('care = "0xFF"\n', "care", ["takes no care set"]),
])
def test_memorize_keys_that_do_not_go_together(tmp_path, capsys, extra_text, key, words):
    _write(tmp_path, "p.csv", CSV_BODY)
    text = _instance("p.csv", extra=extra_text)
    source = _write(tmp_path, "i.toml", text)
    message = _solve_error(capsys, source)
    line = text.splitlines().index(extra_text.strip()) + 1
    assert message.startswith(f"minckt: error: {source}:{line}: "), message
    assert all(w in message for w in words), message


@pytest.mark.parametrize("text, line, words", [
    ('function = "CD"\nn = 4\npoints = "p.csv"\n', 5, ["points", "memorize"]),
    ('truth_table = "0x8"\nn = 2\npoints = "p.csv"\n', 5, ["points", "memorize"]),
    ('function = "memorize"\nn = 3\n', 3, ["needs points", "or N"]),
    ('function = "memorize"\nn = 3\nN = 9\n', 5, ["N = 9", "1..2^3 = 8"]),
    ('function = "memorize"\nn = 3\nN = 0\n', 5, ["N = 0", "1..1048576"]),
    ('function = "memorize"\nn = 3\nN = 4\nlabels = "xor"\n', 6,
     ["labels = 'xor'", "random, parity, majority"]),
    ('function = "memorize"\nn = 3\nN = 4\nlabels = 1\n', 6, ["labels = 1", "one of random"]),
    ('function = "memorize"\nn = 3\nN = 4\nk = 1\n', 6, ["k is not a parameter"]),
    ('function = "memorize"\nn = 3\npoints = 5\n', 5, ["points = 5", "file path"]),
    ('function = "memorize"\nn = 3\npoints = ""\n', 5, ["points = ''", "file path"]),
    ('function = "RANDOM"\nn = 3\nN = 4\n', 5, ["N is not a parameter of family RANDOM"]),
])
def test_memorize_key_errors_name_their_line(tmp_path, text, line, words):
    _write(tmp_path, "p.csv", CSV_BODY)
    source = tmp_path / "i.toml"
    with pytest.raises(InputError) as info:
        parse_instances('[[instance]]\nname = "mem"\n' + text, str(source))
    message = str(info.value)
    assert message.startswith(f"{source}:{line}: "), message
    assert all(w in message for w in words), message


# -- instances and records -------------------------------------------------------------------

def test_instance_records_carry_the_data_set(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    _write(tmp_path / "data", "p.csv", "x1,x2,x3,label\n" + CSV_BODY + CSV_BODY)
    text = (_instance("data/p.csv")
            + '\n[[instance]]\nname = "rnd"\nfunction = "memorize"\nn = 4\nN = 5\nseed = 7\n'
              'labels = "random"\n'
            + '\n[[instance]]\nname = "rnd2"\nfunction = "MEMORIZE"\nn = 4\nN = 5\n'
              'outputs = 2\n')
    source = _write(tmp_path, "i.toml", text)
    monkeypatch.chdir("/")  # the points path is relative to the instance file, not the cwd
    from_file, rnd, rnd2 = load_instances(source)
    assert from_file.spec == EXPECTED
    assert from_file.function == {"function": "memorize", "n": 3, "N": 4,
                                  "points_file": "data/p.csv"}
    assert rnd.function == {"function": "memorize", "n": 4, "N": 5, "seed": 7,
                            "labels": "random"}
    assert rnd.spec == random_points(4, 5, 7)
    assert rnd2.function == {"function": "memorize", "n": 4, "N": 5, "seed": 0,
                             "labels": "random", "outputs": 2}
    assert rnd2.spec == family("MEMORIZE", 4, N=5, outputs=2)


def test_shipped_example_solves_and_its_records_load_in_the_report(tmp_path, capsys):
    from minckt.report import load_records

    out = tmp_path / "r.jsonl"
    assert main(["solve", str(SHIPPED / "memorize.toml"), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    by_name = {r["name"]: r for r in records}
    xor3 = by_name["xor3-from-file"]
    assert {k: xor3[k] for k in ("function", "n", "N", "points_file")} == {
        "function": "memorize", "n": 3, "N": 8, "points_file": "xor3.csv"}
    assert xor3["status"] == "OPTIMAL" and xor3["value"] == 2  # PARITY3: 2 threshold gates
    parity = by_name["random-6-of-4-parity"]
    assert {k: parity[k] for k in ("function", "n", "N", "seed", "labels")} == {
        "function": "memorize", "n": 4, "N": 6, "seed": 1, "labels": "parity"}
    assert len(load_records([out])) == 2  # `minckt report` reads these records


def test_a_data_set_and_its_truth_table_twin_agree(tmp_path):
    spec = random_points(4, 7, seed=3)
    rows = [int(r) for r in spec.care_rows]
    lines = "".join(",".join(str((r >> i) & 1) for i in range(4)) + f",{int(spec.value(r))}\n"
                    for r in rows)
    _write(tmp_path, "p.csv", lines)
    table = sum(1 << r for r in rows if spec.value(r))
    care = sum(1 << r for r in rows)
    text = (_instance("p.csv", n=4)
            + f'\n[[instance]]\nname = "twin"\ntruth_table = "0x{table:04X}"\n'
              f'care = "0x{care:04X}"\nn = 4\nminimize = "size"\n')
    data, twin = load_instances(_write(tmp_path, "i.toml", text))
    assert data.spec == twin.spec == spec
    assert data.spec.key() == twin.spec.key() == spec.key()  # content, not name or source
    assert data.key() == twin.key()
    params = minckt.SearchParams(time_limit=30)
    first = minckt.minimize(data.spec, "size", params=params)
    second = minckt.minimize(twin.spec, "size", params=params)
    assert first.status is second.status is minckt.Status.OPTIMAL
    assert first.value == second.value


# -- memorize() -------------------------------------------------------------------------------

def test_memorize_from_tuples_and_arrays():
    points = [(0, 1, 1), (1, 0, 0), (1, 1, 1), (0, 0, 0)]
    labels = [1, 0, 1, 0]
    assert memorize(points, labels) == EXPECTED
    assert memorize(np.array(points), np.array(labels), n=3) == EXPECTED
    assert memorize(np.array(points, dtype=bool), [[v] for v in labels]) == EXPECTED
    two = memorize([(0, 0), (1, 1)], np.array([[0, 1], [1, 1]]))
    assert two == Spec(n=2, outputs=(0b1000, 0b1001), care=0b1001)
    assert minckt.memorize is memorize and minckt.read_points is read_points
    assert minckt.random_points is random_points


@pytest.mark.parametrize("points, labels, kwargs, words", [
    ([(0, 1), (0, 1, 1)], [0, 1], {}, ["one length", "#2 has 3"]),
    ([(0, 2)], [1], {}, ["point #1", "value 2", "expected 0 or 1"]),
    ([(0, 1)], [5], {}, ["label #1", "value 5"]),
    ([(0, 1), (1, 1), (0, 1)], [0, 1, 1], {}, ["point #3", "(0, 1)", "point #1 labels it 0"]),
    ([], [], {}, ["no points"]),
    ([(0, 1)], [0, 1], {}, ["2 labels for 1 points"]),
    ([(0, 1)], [1], {"n": 3}, ["expected 3"]),
    ([(0,) * 21], [1], {}, ["n = 21", "at most 20"]),
    ([(0, 1)], [1], {"n": 21}, ["n = 21", "0..20"]),
    ([(0.5, 1)], [1], {}, ["expected a sequence of 0/1 tuples"]),
    ("0,1", "1", {}, ["not text"]),
])
def test_memorize_errors(points, labels, kwargs, words):
    with pytest.raises(InputError) as info:
        memorize(points, labels, **kwargs)
    message = str(info.value)
    assert message.startswith("memorize: ") and all(w in message for w in words), message


# -- random sets and the MEMORIZE family ------------------------------------------------------

def _bits(row: int, n: int) -> list[int]:
    return [(row >> i) & 1 for i in range(n)]


@pytest.mark.parametrize("n, N", [(0, 1), (3, 8), (4, 6), (6, 20), (12, 100), (20, 50)])
def test_random_points_are_distinct_seeded_and_of_size_N(n, N):
    spec = random_points(n, N, seed=11)
    assert len(spec.care_rows) == N  # N distinct rows: a care set has no repeats
    assert spec == random_points(n, N, 11)
    assert spec.is_total == (N == 1 << n)
    if n >= 6:
        assert random_points(n, N, 12).care != spec.care


def test_the_key_of_a_small_data_set_of_many_inputs():
    spec = memorize([(1,) * 14], [1])  # care = row 2^14 - 1 alone: a 4,933-digit mask
    assert spec.key() == memorize([(1,) * 14], [1], name="other").key()
    assert spec.key() != memorize([(1,) * 14], [0]).key()


def test_random_points_draw_from_numpy_default_rng():
    # independent of minckt: the documented draw, points first, then the label bits
    rng = np.random.default_rng(5)
    rows = rng.choice(1 << 6, size=9, replace=False)
    bits = rng.integers(0, 2, size=(9, 2))
    spec = random_points(6, 9, 5, outputs=2)
    assert sorted(spec.care_rows) == sorted(int(r) for r in rows)
    for r, (a, b) in zip(rows, bits):
        assert spec.value(int(r), 0) == bool(a) and spec.value(int(r), 1) == bool(b)


@pytest.mark.parametrize("n", [1, 4, 5, 8])
def test_parity_and_majority_labels(n):
    N = min(1 << n, 30)
    parity = random_points(n, N, seed=2, labels="parity")
    majority = random_points(n, N, seed=2, labels="majority")
    assert list(parity.care_rows) == list(majority.care_rows)  # same seed, same points
    for r in parity.care_rows:
        ones = sum(_bits(int(r), n))
        assert parity.value(int(r)) == (ones % 2 == 1)
        assert majority.value(int(r)) == (ones > n / 2)  # strict: a tie (even n) gives 0


def test_memorize_family_and_its_parameters():
    assert family_parameters("MEMORIZE") == {"N": inspect.Parameter.empty, "seed": 0,
                                             "labels": "random", "outputs": 1}
    assert family("MEMORIZE", 5, N=9, seed=4, labels="parity") == random_points(
        5, 9, 4, "parity")
    assert family("memorize", 3, N=8, labels="parity") == family("PARITY", 3)
    with pytest.raises(InputError, match="missing parameter.*N"):
        family("MEMORIZE", 3)


@pytest.mark.parametrize("kwargs, words", [
    ({"N": 9}, ["N = 9", "1..2^3 = 8"]),
    ({"N": 0}, ["N = 0"]),
    ({"N": 2, "labels": "xor"}, ["labels = 'xor'", "random, parity, majority"]),
    ({"N": 2, "seed": -1}, ["seed = -1", ">= 0"]),
    ({"N": 2, "outputs": 0}, ["outputs = 0"]),
    ({"N": 2, "labels": "parity", "outputs": 2}, ["one output"]),
])
def test_memorize_family_errors(kwargs, words):
    with pytest.raises(InputError) as info:
        family("MEMORIZE", 3, **kwargs)
    message = str(info.value)
    assert message.startswith("family MEMORIZE: ") and all(w in message for w in words), message
    with pytest.raises(InputError, match="^random_points: "):
        random_points(3, **{"seed": 0, **kwargs})


# -- hostile input: an answer or an InputError, never another exception ---------------------

_CELLS = st.one_of(st.integers(-2, 3), st.booleans(), st.none(), st.floats(allow_nan=True),
                   st.text(max_size=3), st.just(2 ** 70))
_NESTED = st.recursive(_CELLS, lambda inner: st.lists(inner, max_size=4), max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(_NESTED, _NESTED, st.one_of(st.none(), st.integers(-1, 4)))
def test_memorize_raises_only_input_errors(points, labels, n):
    try:
        spec = memorize(points, labels, n=n)
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert 1 <= len(spec.care_rows) <= len(points)


_LINES = st.lists(st.one_of(
    st.sampled_from(["0,1,1", "1,0,0", "x1,x2,label", "x1,x2,y1,y2", "0,1", "1,1,0,1", "",
                     "# c", '"0",1,1', "0,1,2", '{"x": [0, 1], "y": 1}', '{"x": [1], "y": [0]}',
                     '{"x": [0, 1], "y": 0}', "{", "[]", '{"x": 1, "y": 1}']),
    st.text(max_size=8)), max_size=6)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_LINES, st.sampled_from([".csv", ".jsonl"]), st.one_of(st.none(), st.integers(0, 3)),
       st.one_of(st.none(), st.integers(1, 2)))
def test_read_points_raises_only_input_errors_at_a_line(tmp_path, lines, suffix, n, outputs):
    path = _write(tmp_path, "fuzz" + suffix, "\n".join(lines) + "\n")
    try:
        spec = read_points(path, n=n, outputs=outputs)
    except InputError as err:
        message = str(err)
        assert "\n" not in message and message.startswith(str(path)), message
        return
    assert n is None or spec.n == n
    assert outputs is None or spec.num_outputs == outputs
