"""The benchmark suite: records, comparisons, and the NPN class enumeration."""

from __future__ import annotations

import itertools
import json

from minckt.run.bench import compare, run_suite
from minckt.cli import main
from minckt.core.families import npn_classes

SUITE = """\
[[instance]]
name = "xor12-size"
truth_table = "0x66"
n = 3
minimize = "size"

[[instance]]
name = "xor2-decide-1"
truth_table = "0x6"
n = 2
size = 1
"""


def test_run_suite_records(tmp_path):
    path = tmp_path / "suite.toml"
    path.write_text(SUITE)
    report = run_suite([path], ["default", "core"], time_limit=30, progress=open("/dev/null", "w"))
    runs = {(r["instance"], r["config"]): r for r in report["runs"]}
    assert set(runs) == {(i, c) for i in ("xor12-size", "xor2-decide-1")
                         for c in ("default", "core")}
    for config in ("default", "core"):
        parity = runs[("xor12-size", config)]
        assert parity["status"] == "OPTIMAL" and parity["optimum"] == 2
        # x1 XOR x2 on 3 inputs (not symmetric: no construction meets the bound before the
        # solver); size 1 is excluded by the separability bound (bounds.memorization): size
        # 2 SAT
        assert parity["solver_calls"] == 1
        assert parity["variables"] > 0 and parity["clauses"] > 0
        assert parity["unsat_s"] <= parity["solve_s"] <= parity["time_s"]
        assert runs[("xor2-decide-1", config)]["status"] == "UNSAT"
    # auto: least size of at most 5 inputs on the warm lazy template (`batch.warm_least_size`)
    assert runs[("xor12-size", "default")]["backend"] == "lazy-batch"
    assert runs[("xor12-size", "core")]["backend"] == "cpsat"
    assert report["meta"]["git"]


def test_an_instance_keeps_its_own_time_limit(tmp_path):
    """Without --time-limit an instance's own time_limit holds (the open questions' 600 s),
    60 s where it has none; the command's limit overrides both."""
    path = tmp_path / "suite.toml"
    path.write_text(SUITE.replace('minimize = "size"', 'minimize = "size"\ntime_limit = 7'))
    quiet = open("/dev/null", "w")
    limits = {r["instance"]: r["time_limit"]
              for r in run_suite([path], ["default"], None, progress=quiet)["runs"]}
    assert limits == {"xor12-size": 7, "xor2-decide-1": 60}
    limits = {r["instance"]: r["time_limit"]
              for r in run_suite([path], ["default"], 5, progress=quiet)["runs"]}
    assert limits == {"xor12-size": 5, "xor2-decide-1": 5}


def _report(*runs):
    return {"meta": {}, "runs": [dict(zip(("instance", "config", "status", "optimum", "time_s"),
                                          r)) for r in runs]}


def test_compare_ratios_and_disagreement():
    old = _report(("a", "x", "OPTIMAL", 3, 2.0), ("b", "x", "OPTIMAL", 4, 1.0))
    new = _report(("a", "x", "OPTIMAL", 3, 0.5), ("b", "x", "OPTIMAL", 4, 2.0))
    text, agree = compare(old, new)
    assert agree
    # ratios 4.0 and 0.5: geometric mean sqrt(2)
    assert "4.00" in text and "0.50" in text and "1.41" in text.splitlines()[-1]
    wrong = _report(("a", "x", "OPTIMAL", 2, 0.5), ("b", "x", "OPTIMAL", 4, 2.0))
    text, agree = compare(old, wrong)
    assert not agree and "OPTIMA DIFFER" in text


def test_compare_two_configs_of_one_report(tmp_path, capsys):
    report = _report(("a", "core", "OPTIMAL", 3, 3.0), ("a", "default", "OPTIMAL", 3, 1.0))
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report))
    assert main(["bench", "--compare", str(path), str(path), "--configs", "core,default"]) == 0
    assert "3.00" in capsys.readouterr().out


def _npn_canonical(table: int, n: int) -> int:
    """Independent NPN canonical form by brute force over every transformation."""
    rows = range(1 << n)
    full = (1 << (1 << n)) - 1
    best = None
    for perm in itertools.permutations(range(n)):
        for flips in range(1 << n):
            moved = 0
            for r in rows:
                image = 0
                for i, source in enumerate(perm):
                    image |= (((r >> source) & 1) ^ ((flips >> i) & 1)) << i
                moved |= ((table >> image) & 1) << r
            for candidate in (moved, full ^ moved):
                best = candidate if best is None else min(best, candidate)
    return best


def test_npn_classes_match_brute_force():
    assert [len(npn_classes(n)) for n in range(4)] == [1, 2, 4, 14]
    for n in (2, 3):
        canonical = {_npn_canonical(t, n) for t in range(1 << (1 << n))}
        assert sorted(canonical) == npn_classes(n)
    assert len(npn_classes(4)) == 222  # Knuth TAOCP 7.1.1; ABC's 4-input class count


def test_every_cnf_config_gives_the_same_optimum(tmp_path):
    # parity 5: the race (tied probe) runs from 5 inputs on; the others switch parts off
    path = tmp_path / "suite.toml"
    path.write_text('[[instance]]\nname = "parity5-size"\nfunction = "PARITY"\nn = 5\n'
                    'minimize = "size"\n')
    configs = ["cnf", "cnf-nosym", "cnf-noimplied", "cnf-norace"]
    report = run_suite([path], configs, time_limit=60, progress=open("/dev/null", "w"))
    assert [(r["config"], r["status"], r["optimum"]) for r in report["runs"]] == \
        [(c, "OPTIMAL", 3) for c in configs]
