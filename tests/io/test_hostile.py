"""Hostile input: malformed instance files, flags, result records and library arguments.

Every input gives either an answer or a user error (`InputError`, exit status 2) whose one
line names the file, and the line where one exists; nothing hangs, nothing is overwritten.
Property tests mutate valid inputs with hypothesis; the explicit tests pin one example of
each class the fuzzing found.  Nothing here solves more than 2-input functions, and the
property tests stop at the parse layer.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minckt.run.bench import compare, load_report
from minckt.cli import main
from minckt.errors import InputError
from minckt.core.families import family
from minckt.io.instances import MAXIMA, parse_instances, result_record, solve_instance
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.report import load_records, rows
from minckt.core.spec import MAX_OUTPUTS, Spec

BASE = """\
[defaults]
time_limit = 5

[[instance]]
name = "and2"
function = "AND"
n = 2
minimize = "size"

[[instance]]
name = "table"
truth_table = "0x6"
n = 2
size = 3
depth = 2
gate = "threshold"
backend = "auto"
workers = 1
solver_seed = 3

[[instance]]
name = "random"
function = "RANDOM"
n = 2
seed = 1
outputs = 2
frontier = ["size", "depth"]
"""

HYPOTHESIS = settings(max_examples=80, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


def _solve(tmp_path, text: str, *flags: str, name: str = "i.toml"):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return source, main(["solve", str(source), *flags])


def _error(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# -- property tests ------------------------------------------------------------------------

def _toml_value():
    """Random TOML values of every type, with extremes of range."""
    ints = st.one_of(st.integers(-10, 10), st.integers(-2 ** 63, 2 ** 63 - 1),
                     st.sampled_from([2 ** 31, 2 ** 31 - 1, 10 ** 9, 100_000, 1_000_000]))
    floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                       st.sampled_from([0.0, -0.0, 1.5, 1e300]))
    scalars = st.one_of(ints, floats, st.booleans(), st.text(max_size=12),
                        st.sampled_from(["0xE8", "0x8", "0b0110", "size", "energy", "relu",
                                         "aig", "cnf", "CD", "RANDOM", "threshold"]))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["a", "n", "size"]), inner, max_size=3)), max_leaves=6)


def _render(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    return "{" + ", ".join(f"{k} = {_render(v)}" for k, v in value.items()) + "}"


_KEY_LINES = [i for i, line in enumerate(BASE.splitlines()) if " = " in line]
_JUNK = st.one_of(st.text(max_size=20),
                  st.sampled_from(["[[instance]]", "[defaults]", "[x]", "speed = 3", "= 1",
                                   "n = 2", "[[instance]]\nname = 5", "a.b = 1", '"""',
                                   "instance = 5", "size = -1"]))


@HYPOTHESIS
@given(st.lists(st.tuples(st.sampled_from(_KEY_LINES), _toml_value()), min_size=1, max_size=3),
       st.lists(st.tuples(st.integers(0, 40), _JUNK), max_size=2))
def test_mutated_instance_files_parse_or_name_the_file_and_line(replaced, inserted):
    lines = BASE.splitlines()
    for index, value in replaced:
        key = lines[index].split(" = ")[0]
        lines[index] = f"{key} = {_render(value)}"
    for index, junk in inserted:
        lines.insert(min(index, len(lines)), junk)
    try:
        instances = parse_instances("\n".join(lines) + "\n", "mut.toml")
    except InputError as err:
        message = str(err)
        assert "\n" not in message.strip() or "invalid TOML" in message
        assert re.match(r"mut\.toml:\d+: ", message), message
        return
    for instance in instances:  # whatever parsed is within the documented ranges
        for axis in instance.limits.bounded():
            assert instance.limits.get(axis) <= MAXIMA[axis]
        assert instance.spec.n <= MAXIMA["n"]


@pytest.fixture(scope="module")
def records():
    """Three valid result lines (a minimisation, a decision, a frontier) of 2-input specs."""
    instances = parse_instances(BASE, "base.toml")
    return [json.dumps(result_record(i, solve_instance(i))) for i in instances]


def _json_value():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 10),
                        st.sampled_from([2 ** 70, -1, 10 ** 9]), st.floats(allow_nan=False),
                        st.text(max_size=8), st.sampled_from(["size", "energy", "OPTIMAL"]))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["n", "size", "depth", "kind", "outputs", "id",
                                         "coordinates", "gates"]), inner, max_size=3)),
        max_leaves=6)


def _paths(data, prefix=()):
    """Every (path, container) where a value can be replaced, down to two levels."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix + (key,)
            if len(prefix) < 3:
                yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data[:2]):
            yield prefix + (index,)
            if len(prefix) < 3:
                yield from _paths(value, prefix + (index,))


@HYPOTHESIS
@given(st.integers(0, 2), st.data())
def test_altered_records_load_or_name_the_file_and_line(records, which, data):
    record = json.loads(records[which])
    paths = list(_paths(record))
    path = data.draw(st.sampled_from(paths))
    target = record
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data.draw(_json_value())
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "r.jsonl"
        lines = list(records)
        lines[which] = json.dumps(record)
        results.write_text("\n".join(lines) + "\n")
        try:
            rows(load_records([results]))
        except InputError as err:
            assert str(err).startswith(f"{results}:{which + 1}: "), str(err)


_ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=6),
                      st.binary(max_size=6), st.lists(st.integers(-2, 300), max_size=3),
                      st.sampled_from(["0xE8", "0x8", ["0xE8"], ("0x6", "0x8"), b"0xE8",
                                       {"0xE8"}, 3, 2, 0, -1, 2 ** 31, 10 ** 6, "relu",
                                       float("inf"), float("nan"), "x"]))


def _user_error_or_value(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except InputError as err:
        assert str(err)
        return None


@HYPOTHESIS
@given(_ANYTHING, _ANYTHING, _ANYTHING, _ANYTHING)
def test_library_entry_points_raise_only_input_errors(tables, n, care, name):
    spec = _user_error_or_value(Spec.from_table, tables, n, care=care, name=name)
    if spec is not None:
        assert isinstance(spec.n, int) and 1 <= spec.num_outputs <= MAX_OUTPUTS
        assert not isinstance(tables, (bytes, set))
    _user_error_or_value(family, name if isinstance(name, str) else "RANDOM",
                         n if isinstance(n, int) and not isinstance(n, bool) and n < 6 else 2,
                         **({"seed": care} if name != "THR" else {"k": care}))
    _user_error_or_value(Limits, size=tables, depth=n, weight=care)
    _user_error_or_value(GateModel, kind=name, resolution=n)
    _user_error_or_value(GateModel, kind="relu", resolution=n)
    for key in ("time_limit", "workers", "seed", "backend", "symmetry", "default_size",
                "polish", "dump_dir"):
        _user_error_or_value(SearchParams, **{key: care})


# -- instance files ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, line", [
    ("instance = [1, 2]\n", 1),
    ('instance = "x"\n', 1),
    ("[[defaults]]\nn = 2\n", 1),
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", 1),
    ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", 1),
    ('[[instance]]\nname = "a"\nfunction = "AND"\nn = 2\nfrontier = []\n', 5),
    ('[[instance]]\nname = "a"\nfunction = "AND"\ntruth_table = "0x8"\nn = 2\n', 3),
])
def test_bad_structure_is_an_error_at_its_line(tmp_path, capsys, text, line):
    source, code = _solve(tmp_path, text)
    assert code == 2
    assert _error(capsys).startswith(f"minckt: error: {source}:{line}: ")


@pytest.mark.parametrize("data, line", [
    ("[[instance]]\nname = 'caf\xe9'\n".encode("latin-1"), 2),
    ('[[instance]]\nname = "a"\n'.encode("utf-16"), 1),
    (b"[[instance]]\n\x00\x01\x02", 2),
    (bytes(range(128, 256)), 1),
])
def test_non_utf8_files_are_errors_at_the_first_bad_byte(tmp_path, capsys, data, line):
    source = tmp_path / "enc.toml"
    source.write_bytes(data)
    assert main(["solve", str(source)]) == 2
    assert _error(capsys).startswith(f"minckt: error: {source}:{line}: ")


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    source = tmp_path / "bom.toml"
    source.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert main(["solve", str(source), "--only", "and2"]) == 0


@pytest.mark.parametrize("key, value, maximum", [
    ("size", "100000", "1000"), ("size", str(10 ** 9), "1000"), ("depth", "-1", "1000"),
    ("outputs", "1000000", "1024"), ("seed", "-1", ""), ("resolution", "1000000", "64"),
    ("time_limit", "inf", "1e+06"), ("time_limit", "1e300", "1e+06"), ("time_limit", "0", ""),
    ("time_limit", "nan", ""), ("workers", "1000000", "256"), ("workers", "0", "256"),
    ("solver_seed", str(2 ** 63 - 1), "2147483647"), ("weight", str(2 ** 31), "2147483647"),
    ("wires", str(10 ** 12), "1000000"), ("n", "30", "20"), ("care", "[1]", ""),
    ("k", "1", ""),
])
def test_range_errors_name_the_key_line_and_the_maximum(tmp_path, capsys, key, value, maximum):
    extra = 'gate = "relu"\n' if key == "resolution" else ""
    text = ('[[instance]]\nname = "r"\nfunction = "RANDOM"\nn = 2\ntime_limit = 2\n' + extra
            + f"{key} = {value}\n").replace("time_limit = 2\ntime_limit", "time_limit")
    if key == "n":
        text = text.replace("n = 2\n", "")
    line = text.splitlines().index(f"{key} = {value}") + 1
    source, code = _solve(tmp_path, text)
    assert code == 2
    message = _error(capsys)
    assert message.startswith(f"minckt: error: {source}:{line}: ") and key in message
    assert maximum in message


def test_a_bad_default_names_the_defaults_line(tmp_path, capsys):
    source, code = _solve(tmp_path, BASE.replace("time_limit = 5", "time_limit = 5\nsize = -3"))
    assert code == 2
    assert _error(capsys).startswith(f"minckt: error: {source}:3: size = -3")


def test_every_instance_is_checked_before_the_first_is_solved(tmp_path, capsys):
    bad = BASE + '\n[[instance]]\nname = "late"\nfunction = "AND"\nn = 2\ngate = "aig"\n' \
                 'backend = "cpsat"\n'
    out = tmp_path / "r.jsonl"
    source, code = _solve(tmp_path, bad, "--out", str(out))
    assert code == 2
    captured = capsys.readouterr()
    line = bad.splitlines().index('backend = "cpsat"') + 1
    assert f"{source}:{line}: instance 'late'" in captured.err
    assert "and2" not in captured.out and not out.exists()


def test_bounds_only_with_an_unknown_name_is_an_error(tmp_path, capsys):
    source = tmp_path / "i.toml"
    source.write_text(BASE)
    assert main(["bounds", str(source), "--only", "nope"]) == 2
    assert str(source) in _error(capsys)


# -- flags and output files -------------------------------------------------------------------

@pytest.mark.parametrize("flags", [
    ["--time-limit", "0"], ["--time-limit", "-1"], ["--time-limit", "inf"],
    ["--time-limit", "nan"], ["--workers", "0"], ["--workers", "1000000"],
    ["--backend", "nope"], ["--only", "nope"],
])
def test_bad_flags_are_errors_naming_the_flag(tmp_path, capsys, flags):
    _, code = _solve(tmp_path, BASE, *flags)
    assert code == 2
    message = _error(capsys)
    assert flags[0].lstrip("-").split("-")[0] in message
    assert "and2" not in capsys.readouterr().out


def test_out_equal_to_the_input_is_refused_and_the_input_kept(tmp_path, capsys):
    source = tmp_path / "i.toml"
    source.write_text(BASE)
    before = source.read_bytes()
    link = tmp_path / "link.jsonl"
    link.symlink_to(source)
    for target in (source, tmp_path / "." / "i.toml", link):
        for extra in ([], ["--force"], ["--append"]):
            assert main(["solve", str(source), "--out", str(target), *extra]) == 2
            assert "input file" in _error(capsys)
    assert source.read_bytes() == before


def test_existing_results_are_kept_unless_appended_to_or_forced(tmp_path, capsys):
    source = tmp_path / "i.toml"
    source.write_text(BASE)
    out = tmp_path / "r.jsonl"
    out.write_text('{"name": "earlier"}\n')
    assert main(["solve", str(source), "--only", "and2", "--out", str(out)]) == 2
    assert "--append" in _error(capsys) and out.read_text() == '{"name": "earlier"}\n'
    assert main(["solve", str(source), "--only", "and2", "--out", str(out), "--append"]) == 0
    names = [json.loads(line)["name"] for line in out.read_text().splitlines()]
    assert names == ["earlier", "and2"]
    assert main(["solve", str(source), "--only", "and2", "--out", str(out), "--force"]) == 0
    assert [json.loads(line)["name"] for line in out.read_text().splitlines()] == ["and2"]
    capsys.readouterr()
    assert main(["solve", str(source), "--out", str(out), "--force", "--append"]) == 2
    assert "not both" in _error(capsys)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert main(["solve", str(source), "--only", "and2", "--out", str(empty)]) == 0


@pytest.mark.parametrize("target", ["missing/r.jsonl", ".", "i.toml/x", "/dev/full"])
def test_unwritable_out_is_refused_before_solving(tmp_path, capsys, target):
    if target == "/dev/full" and not os.path.exists(target):
        pytest.skip("no /dev/full here")
    path = target if target.startswith("/") else str(tmp_path / target)
    _, code = _solve(tmp_path, BASE, "--out", path)
    assert code == 2
    captured = capsys.readouterr()
    assert "--out" in captured.err and "Traceback" not in captured.err
    assert "and2" not in captured.out


def test_bench_out_is_checked_before_running(tmp_path, capsys):
    source = tmp_path / "i.toml"
    source.write_text(BASE)
    report = tmp_path / "old.json"
    report.write_text('{"runs": []}\n')
    for target in (report, source, tmp_path / "missing" / "b.json"):
        assert main(["bench", str(source), "--configs", "default", "--time-limit", "2",
                     "--out", str(target)]) == 2
        assert "--out" in _error(capsys)
    assert report.read_text() == '{"runs": []}\n' and source.read_text() == BASE


def test_rank_with_a_negative_seed_is_a_user_error(capsys):
    assert main(["rank", "RANDOM", "--n", "3", "--seed", "-1"]) == 2
    assert "seed" in _error(capsys)
    assert main(["rank", "CD", "--n", "20"]) == 2
    assert "16" in _error(capsys)


# -- results records and benchmark reports ------------------------------------------------------

@pytest.mark.parametrize("change", [
    {"limits": 5}, {"points": [1]}, {"name": 7}, {"spec": [1]}, {"gate": "relu"},
    {"objective": "colour"}, {"value": "x"}, {"frontier": ["size"]},
    {"circuit": {"n": 2 ** 70, "gates": [], "outputs": []}}, {"circuit": {"n": 2, "gates": "x"}},
])
def test_report_on_altered_records_names_the_file_and_line(tmp_path, capsys, records, change):
    results = tmp_path / "r.jsonl"
    altered = {**json.loads(records[1]), **change}
    results.write_text(records[0] + "\n" + json.dumps(altered) + "\n")
    assert main(["report", str(results), "--out-dir", str(tmp_path / "o"), "--no-plots",
                 "--no-drawings"]) == 2
    assert _error(capsys).startswith(f"minckt: error: {results}:2: ")


def test_frontier_points_with_bad_coordinates_name_the_line(tmp_path, records):
    frontier = json.loads(records[2])
    assert frontier["points"]
    for coordinates in ({"size": "x", "depth": 1}, {"size": 1}, {"size": 1.5, "depth": 2},
                        {"size": True, "depth": 2}, 5):
        frontier["points"][0]["coordinates"] = coordinates
        results = tmp_path / "f.jsonl"
        results.write_text(json.dumps(frontier) + "\n")
        with pytest.raises(InputError, match=rf"{re.escape(str(results))}:1: points\[0\]"):
            load_records([results])


@pytest.mark.parametrize("report", [
    {"runs": 5}, {"runs": [1]}, [], {"runs": [{"instance": [1], "config": "d",
                                                "status": "OPTIMAL"}]},
    {"runs": [{"instance": "a", "config": "d", "status": "OPTIMAL", "time_s": "x"}]},
])
def test_bench_compare_on_altered_reports_names_the_file(tmp_path, capsys, report):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"runs": [{"instance": "a", "config": "d", "status": "OPTIMAL",
                                          "time_s": 1.0, "optimum": 1}]}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(report, indent=1))
    assert main(["bench", "--compare", str(good), str(bad)]) == 2
    assert _error(capsys).startswith(f"minckt: error: {bad}")


def test_a_bad_run_is_named_by_its_line(tmp_path):
    runs = [{"instance": "a", "config": "d", "status": "OPTIMAL", "time_s": 1.0},
            {"instance": "b", "config": "d", "status": "OPTIMAL", "time_s": -2}]
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"meta": {"runs": 1}, "runs": runs}, indent=1))
    text = path.read_text().splitlines()
    line = text.index('   "instance": "b",')  # the line above it opens run #2
    with pytest.raises(InputError, match=rf"r.json:{line}: run #2: time_s = -2"):
        load_report(path)
    with pytest.raises(InputError, match="--field"):
        compare({"runs": runs[:1]}, {"runs": runs[:1]}, field="status")


# -- the library ------------------------------------------------------------------------------

def test_library_arguments_of_the_wrong_kind_are_input_errors():
    for call in (lambda: Spec.from_table(b"0xE8", 3), lambda: Spec.from_table({"0xE8"}, 3),
                 lambda: Spec.from_table(["0x8"] * (MAX_OUTPUTS + 1), 2),
                 lambda: SearchParams(seed="x"), lambda: SearchParams(seed=2 ** 63 - 1),
                 lambda: SearchParams(workers=10 ** 6), lambda: SearchParams(time_limit=math.inf),
                 lambda: SearchParams(symmetry=None), lambda: Limits(size=10 ** 9),
                 lambda: GateModel("relu", 10 ** 6), lambda: family("RANDOM", 3, seed=-1),
                 lambda: family("RANDOM", 3, outputs=10 ** 6), lambda: Limits.from_json(5),
                 lambda: parse_instances(b"[[instance]]"), lambda: Spec.from_json([1])):
        with pytest.raises(InputError):
            call()
    assert family("MOD", 4, m=2 ** 70) == family("MOD", 4, m=5)  # m > n: same function
