"""Sweep files and ``store=`` in library calls.

Independent truth: parity's threshold size ceil(log2(n + 1)) (README, size growth; the
subcube bound, tight for n <= 8) and CD's n/2; the 104 threshold functions of at most 3
inputs (OEIS A000609), found again as the functions whose class gets size limit 1 + 1 from
size = "min+1"; random tables regenerated here from `random.Random(seed)`; points files read
as an instance file reads them (the same keys); the store keys of ``minckt solve --store``.
"""

from __future__ import annotations

import json
import math
import random
import sqlite3
import warnings
from pathlib import Path

import pytest

import minckt
from minckt.cli import main
from minckt.errors import InputError
from minckt.core.families import family
from minckt.io.instances import parse_instances
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.solve.result import Frontier, Result
from minckt.core.status import Status
from minckt import decide, frontier, minimize
from minckt.io.store import Store
from minckt.io.stored import READ_BACK, question
from minckt.run.sweepfile import SweepWarning, load_sweep, resolve_sizes, run_sweep

EXAMPLE = Path(__file__).resolve().parents[2] / "instances" / "sweep_parity.toml"


def sweep_error(text: str, tmp_path: Path, name: str = "s.toml") -> str:
    """The message of the InputError that loading `text` as a sweep file raises: one line."""
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_sweep(path)
    message = str(info.value)
    assert "\n" not in message
    return message


# -- sources --------------------------------------------------------------------------------
def test_the_example_sweep_gives_parity_and_cd_their_known_sizes():
    """PARITY n = 2..5 needs ceil(log2(n + 1)) threshold gates, CD n needs n/2; CD is not
    defined at odd n, which the sweep says once and skips."""
    with pytest.warns(SweepWarning, match=r"CD is not defined at n = 3, 5"):
        records = run_sweep(EXAMPLE)
    found = {(r["function"], r["n"]): (r["status"], r["value"]) for r in records}
    assert found == {**{("PARITY", n): ("OPTIMAL", math.ceil(math.log2(n + 1)))
                        for n in range(2, 6)},
                     **{("CD", n): ("OPTIMAL", n // 2) for n in (2, 4)}}
    assert [r["name"] for r in records] == ["PARITY2", "PARITY3", "PARITY4", "PARITY5",
                                             "CD2", "CD4"]


def test_the_command_line_sweeps_a_file_into_a_store_and_reads_it_back(tmp_path, capsys):
    db = tmp_path / "s.db"
    assert main(["sweep", str(EXAMPLE), "--store", str(db), "--time-limit", "20"]) == 0
    captured = capsys.readouterr()
    assert f"6 function(s) of {EXAMPLE}, minimal size: OPTIMAL 6" in captured.out
    assert " value   records     functions" in captured.out
    assert "     2         3             3" in captured.out  # PARITY2, PARITY3, CD4
    assert "warning: families: CD is not defined at n = 3, 5" in captured.err
    with Store(db) as store:
        assert sorted(r["name"] for r in store.records()) == \
            ["CD2", "CD4", "PARITY2", "PARITY3", "PARITY4", "PARITY5"]
    assert main(["sweep", str(EXAMPLE), "--store", str(db), "--workers", "2"]) == 0
    assert "OPTIMAL 6" in capsys.readouterr().out


def test_a_random_source_is_random_random_of_its_seed_and_reproducible():
    tables = {"n": "2..3", "count": 5, "seed": 7}
    plan = load_sweep({"minimize": "size", "random": tables})
    again = load_sweep({"minimize": "size", "random": tables})
    expected = []
    for n in (2, 3):
        generator = random.Random(7)  # a generator made afresh for each n
        expected += [(n, i, generator.getrandbits(1 << n)) for i in range(5)]
    assert [(i.spec.n, i.function["index"], i.spec.outputs[0]) for i in plan.instances] == \
        expected
    assert [i.key() for i in again.instances] == [i.key() for i in plan.instances]
    assert all(i.function["seed"] == 7 for i in plan.instances)
    other = load_sweep({"minimize": "size", "random": {**tables, "seed": 8}})
    assert [i.spec for i in other.instances] != [i.spec for i in plan.instances]


def test_questions_asked_twice_are_solved_once_and_named_each(tmp_path):
    """Eight random tables of one input hold repeats (there are 4 tables): one row per
    question in the store, one record per table, each with its own index."""
    records = run_sweep({"minimize": "size", "random": {"n": 1, "count": 8, "seed": 3}},
                        store=tmp_path / "s.db")
    assert [r["index"] for r in records] == list(range(8))
    assert [r["name"] for r in records] == [f"random1-s3-{i}" for i in range(8)]
    with sqlite3.connect(tmp_path / "s.db") as con:
        rows = con.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    assert rows == len({r["key"] for r in records}) < 8


def test_a_points_directory_is_read_as_instance_files_read_points(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    rows = "".join(f"{r & 1},{r >> 1 & 1},{r >> 2 & 1},{bin(r).count('1') % 2}\n"
                   for r in range(8))
    (data / "xor3.csv").write_text("x1,x2,x3,label\n" + rows)
    (data / "and2.jsonl").write_text('{"x": [1, 1], "y": 1}\n{"x": [0, 1], "y": 0}\n'
                                     '{"x": [1, 0], "y": 0}\n')
    (data / "notes.txt").write_text("not a points file\n")
    sweep = tmp_path / "s.toml"
    sweep.write_text('minimize = "size"\npoints = "data"\n')
    plan = load_sweep(sweep)
    same = parse_instances(
        '[[instance]]\nname = "a"\nfunction = "memorize"\nn = 3\npoints = "data/xor3.csv"\n'
        'minimize = "size"\n', str(tmp_path / "i.toml"))[0]
    assert [i.name for i in plan.instances] == ["and2.jsonl", "xor3.csv"]
    assert plan.instances[1].key() == same.key()
    assert plan.instances[1].spec == family("PARITY", 3)  # all 8 points: a total function
    records = run_sweep(sweep)
    assert [(r["points_file"], r["function"], r["n"], r["N"], r["value"]) for r in records] \
        == [("data/and2.jsonl", "memorize", 2, 3, 1), ("data/xor3.csv", "memorize", 3, 8, 2)]


def test_npn_sources_take_np_classes_when_energy_is_asked_or_limited():
    assert len(load_sweep({"minimize": "size", "npn": 3}).instances) == 14
    for task in ({"minimize": "energy"}, {"frontier": ["size", "energy"]},
                 {"minimize": "size", "energy": 2}):
        plan = load_sweep({**task, "npn": 2})
        assert len(plan.instances) == 6 and plan.instances[0].name.startswith("np2-")
        assert sum(i.function["class_size"] for i in plan.instances) == 16
        assert (plan.instances[0].objective, plan.instances[0].axes) == \
            (task.get("minimize"), tuple(task.get("frontier", ())))
    sample = load_sweep({"npn": {"n": 4, "sample": 5, "seed": 2}}).instances
    assert len(sample) == 5 and all(i.kind == "decide" for i in sample)


def test_min_plus_one_is_each_class_least_size_plus_one():
    """The NP classes (energy is asked) given size limit 2 by "min+1" are those of least
    size 1, and they hold the 104 threshold functions of at most 3 inputs (OEIS A000609)."""
    plan = load_sweep({"minimize": "energy", "size": "min+1", "time_limit": 20, "npn": 3})
    assert plan.size_slack == 1 and all(i.limits.size is None for i in plan.instances)
    instances, warned = resolve_sizes(plan)
    assert not warned and len(instances) == 22
    assert sum(i.function["class_size"] for i in instances) == 256
    for instance in instances:
        assert instance.limits.size == minimize(instance.spec, "size").value + 1
    assert sum(i.function["class_size"] for i in instances if i.limits.size == 2) == 104


def test_least_sizes_of_the_plan_are_the_known_optima():
    plan = load_sweep({"minimize": "energy", "size": "min", "families": ["PARITY", "MAJ"],
                       "n": "3..4"})
    instances, warned = resolve_sizes(plan)
    assert not warned
    assert [(i.name, i.limits.size) for i in instances] == \
        [("PARITY3", 2), ("PARITY4", 3), ("MAJ3", 1), ("MAJ4", 1)]


def test_min_plus_k_skips_a_function_whose_least_size_is_not_proven(monkeypatch):
    import minckt.run.sweepfile as sweepfile

    def unproven(spec, model, limits, params):
        status = Status.FEASIBLE if spec.n == 3 else Status.OPTIMAL
        return Result(status=status, spec=spec, limits=limits, model=model,
                      objective="size", value=3, lower_bound=2 if spec.n == 3 else 3)

    monkeypatch.setattr(sweepfile, "_least_size", lambda: unproven)
    plan = load_sweep({"minimize": "energy", "size": "min+2", "families": ["PARITY"],
                       "n": [2, 3]})
    instances, warned = resolve_sizes(plan)
    assert [(i.name, i.limits.size) for i in instances] == [("PARITY2", 5)]
    assert len(warned) == 1 and warned[0].startswith("PARITY3: least size FEASIBLE") \
        and "skipped" in warned[0] and "\n" not in warned[0]


def test_the_command_line_time_limit_replaces_the_file_s(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('minimize = "size"\ntime_limit = 10\nfamilies = ["MAJ"]\nn = [3, 5]\n')
    assert {i.params.time_limit for i in load_sweep(path).instances} == {10}
    assert {i.params.time_limit for i in load_sweep(path, time_limit=3).instances} == {3}
    assert {i.params.workers for i in load_sweep(path, processes=2).instances} == {1}


def test_family_parameters_go_in_the_families_entry(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('minimize = "size"\nn = 4\n\n[[families]]\nfunction = "THR"\nk = 2\n'
                    'n = [3, 4]\n\n[[families]]\nfunction = "MOD"\nm = 3\n')
    plan = load_sweep(path)
    assert [(i.name, i.function) for i in plan.instances] == [
        ("THR3-k2", {"function": "THR", "n": 3, "k": 2}),
        ("THR4-k2", {"function": "THR", "n": 4, "k": 2}),
        ("MOD4-m3", {"function": "MOD", "n": 4, "m": 3})]
    assert plan.instances[0].spec == family("THR", 3, k=2)


# -- errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ('minimize = "size"\nnpn = 2\nfunction = "CD"\n', "s.toml:3: function is a key of one"),
    ('minimize = "size"\nk = 2\nnpn = 2\n', "s.toml:2: k is a key of one instance"),
    ('npn = 2\nspeed = 3\n', "s.toml:2: unknown key 'speed' in a sweep file"),
    ('minimize = "size"\n', "s.toml: no source of functions"),
    ('npn = 2\nminimize = "sise"\n', "s.toml:2: minimize = 'sise': expected one of"),
    ('npn = 2\nsize = "max+1"\n', "s.toml:2: size = 'max+1': expected an integer limit or"),
    ('npn = 2\ndepth = -1\n', "s.toml:2: depth = -1: expected an integer in 0..1000"),
    ('npn = 7\n', "s.toml:1: npn = 7: expected an integer in 0..5"),
    ('npn = {n = 2, smaple = 3}\n', "s.toml:1: unknown key 'smaple' in npn"),
    ('families = ["PARIT"]\nn = 3\n', "s.toml:1: unknown function family 'PARIT'"),
    ('families = ["PARITY"]\n', "s.toml:1: family 'PARITY' needs n"),
    ('families = ["PARITY"]\nn = "5..2"\n', "s.toml:2: n = '5..2': expected a number of"),
    ('families = [3]\nn = 2\n', "s.toml:1: families entry #1 is an integer"),
    ('n = 3\nnpn = 2\n', "s.toml:1: n = 3: n gives the inputs of the families"),
    ('minimize = "size"\n\n[[families]]\nfunction = "THR"\nk = "x"\nn = 3\n',
     "s.toml:5: k = 'x': expected an integer"),
    ('[random]\nn = 2\ncount = 2\nseeed = 3\n', "s.toml:4: unknown key 'seeed' in random"),
    ('random = {n = 3}\n', "s.toml:1: random needs count"),
    ('random = {n = 20, count = 1000}\n', "s.toml:1: count = 1000: expected at most 256"),
    ('points = "nowhere"\n', "s.toml:1: points = 'nowhere':"),
    ('npn = 2\nlayers = [2, 2]\n', "s.toml:2: layers = [2, 2]: expected the last width"),
    ('npn = 2\nminimize = [\n', "s.toml:2: invalid TOML"),
])
def test_bad_sweep_files_are_one_line_errors_at_their_line(tmp_path, text, expected):
    message = sweep_error(text, tmp_path)
    assert message.startswith(str(tmp_path / "s.toml")) and expected in message, message


def test_a_bad_points_file_is_an_error_at_the_points_line(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_text("x1,x2,label\n0,1,2\n")
    message = sweep_error('npn = 1\npoints = "data"\n', tmp_path)
    assert message.startswith(f"{tmp_path / 's.toml'}:2: ") and "a.csv:2" in message


def test_npn_and_a_file_are_exclusive_and_one_is_needed(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text('minimize = "size"\nnpn = 1\n')
    for argv in (["sweep"], ["sweep", str(path), "--npn", "2"],
                 ["sweep", str(path), "--minimize", "energy"],
                 ["sweep", str(path), "--time-limit", "0"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("minckt: error: ") \
            and "Traceback" not in err, err
    assert main(["sweep", str(path)]) == 0
    assert "2 function(s) of" in capsys.readouterr().out


def test_sweep_the_module_and_run_sweep_the_function_both_import():
    import minckt.run.sweep
    from minckt.run.sweep import class_instances, sweep

    assert minckt.run.sweep.class_instances is class_instances and callable(sweep)
    assert minckt.run_sweep is run_sweep and "run_sweep" in minckt.__all__


# -- store= in library calls ----------------------------------------------------------------
def _no_solving(monkeypatch) -> None:
    import minckt.solve as search

    def refuse(*args, **kwargs):
        raise AssertionError("solved again")

    for name in ("minimize_walk", "frontier_walk", "Runner"):
        monkeypatch.setattr(search, name, refuse)
    monkeypatch.setattr(search, "warm_least_size", refuse)  # least size of n <= 5


def test_minimize_with_a_store_reads_back_a_verified_result(tmp_path, monkeypatch):
    db = tmp_path / "r.db"
    spec = family("PARITY", 3)
    first = minimize(spec, "size", store=db)
    assert first.status is Status.OPTIMAL and not any(READ_BACK in n for n in first.notes)
    _no_solving(monkeypatch)
    again = minimize(spec, "size", store=str(db))
    assert isinstance(again, Result) and again.status is Status.OPTIMAL and again.value == 2
    assert any(n.startswith(READ_BACK) for n in again.notes)
    assert again.metrics == minckt.verify(spec, again.circuit) and again.spec.name == spec.name
    with pytest.raises(AssertionError, match="solved again"):  # a changed limit: a new key
        minimize(spec, "size", Limits(depth=2), store=db)
    with Store(db) as store:
        assert len(store) == 1
        assert minimize(spec, "size", store=store).value == 2  # an open Store serves too


def test_the_library_key_is_the_command_line_key(tmp_path, monkeypatch, capsys):
    """A question answered by `minckt solve --store` is read back by the library call that
    asks it (and the instance file's key is the key the library computes)."""
    source = tmp_path / "i.toml"
    source.write_text('[[instance]]\nname = "cd4"\nfunction = "CD"\nn = 4\nsize = 3\n'
                      'frontier = ["energy", "depth"]\n\n[[instance]]\nname = "maj3"\n'
                      'truth_table = "0xE8"\nn = 3\nsize = 0\n')
    db = tmp_path / "r.db"
    assert main(["solve", str(source), "--store", str(db)]) == 0
    capsys.readouterr()
    _no_solving(monkeypatch)
    pareto = frontier(family("CD", 4), ["energy", "depth"], Limits(size=3), store=db)
    assert isinstance(pareto, Frontier) and pareto.status is Status.OPTIMAL
    assert pareto.coordinates() and all(p.metrics == minckt.verify(p.spec, p.circuit)
                                        for p in pareto.points)
    answer = decide(minckt.Spec.from_table("0xE8", 3), Limits(size=0), store=db)
    assert answer.status is Status.UNSAT
    asked = question(family("CD", 4), GateModel(), Limits(size=3), SearchParams(),
                     axes=("energy", "depth"))
    assert asked.key() == parse_instances(source.read_text(), str(source))[0].key()


def test_a_record_read_back_is_named_after_the_function_that_asks(tmp_path):
    """PARITY2 is XOR2, the least table (0x6) of its NPN class: an npn sweep reads back the
    families sweep's row, and names it after the class (with its size) all the same."""
    db = tmp_path / "s.db"
    run_sweep({"minimize": "size", "families": ["PARITY"], "n": 2}, store=db)
    records = run_sweep({"minimize": "size", "npn": 2}, store=db)
    xor = next(r for r in records if r["class"] == "0x6")
    assert xor["name"] == "npn2-0x6" and xor["class_size"] == 2 and "function" not in xor
    with Store(db) as store:
        assert len(store) == 4  # the three other classes are new rows


def test_a_stored_circuit_that_is_wrong_is_refused(tmp_path):
    db = tmp_path / "r.db"
    spec = family("PARITY", 2)
    minimize(spec, "size", store=db)
    with sqlite3.connect(db) as con:
        (key, text), = con.execute("SELECT key, record FROM results").fetchall()
        record = json.loads(text)
        record["circuit"]["gates"][-1]["threshold"] += 5  # it no longer computes parity
        con.execute("UPDATE results SET record = ? WHERE key = ?", (json.dumps(record), key))
    with pytest.raises(InputError, match="circuit is no answer"):
        minimize(spec, "size", store=db)


def test_results_round_trip_through_json():
    result = minimize(family("MAJ", 3), "size")
    assert Result.from_json(result.to_json()).to_json() == result.to_json()
    pareto = frontier(family("IP", 4), ["size", "energy"], Limits(depth=2, size=5))
    assert Frontier.from_json(pareto.to_json()).to_json() == pareto.to_json()
    with pytest.raises(InputError, match="result record: missing field 'limits'"):
        Result.from_json({"spec": {"n": 1, "outputs": ["0x1"]}})
