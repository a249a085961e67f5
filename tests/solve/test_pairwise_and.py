"""PAIRWISE_AND (Adler & Shavit, docs/design/papers.md#superposition-adlershavit): the family
against a direct definition, its errors, its instance keys, and a `minckt solve` round trip.

The reference is a plain loop over rows, row r setting x_i = bit i-1 of r
(docs/guide/semantics.md), output (i, j) = x_i AND x_j, care set = the rows with at most k ones; it
shares no code with minckt.core.families.
"""

from __future__ import annotations

import inspect
import json

import pytest

from minckt.cli import main
from minckt.errors import InputError
from minckt.core.families import family, family_parameters
from minckt.io.instances import parse_instances
from minckt.core.spec import Spec
from instancetools import parse_error


def all_pairs(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(1, n + 1) for j in range(i + 1, n + 1)]


def reference(n: int, k: int | None, pairs: list) -> tuple[list[int], int]:
    """Output tables and care mask by a loop over every row."""
    tables = [0] * len(pairs)
    care = 0
    for row in range(1 << n):
        x = [(row >> (i - 1)) & 1 for i in range(1, n + 1)]  # x[i-1] = x_i
        if k is None or sum(x) <= k:
            care |= 1 << row
            for index, (i, j) in enumerate(pairs):
                if x[i - 1] and x[j - 1]:
                    tables[index] |= 1 << row
    return tables, care


CASES = [
    (2, None, "all"), (3, None, "all"), (3, 2, "all"), (4, 2, "all"), (5, 3, "all"),
    (6, 2, "all"), (6, None, "all"), (4, 0, "all"), (4, 4, "all"),
    (4, 2, [[1, 2], [3, 4]]), (5, 2, [[5, 1], [2, 4], [1, 3]]), (6, 3, [[6, 5]]),
    (3, None, [[3, 1], [2, 3]]), (7, 2, [[1, 7], [2, 6], [3, 5], [4, 1]]),
]


@pytest.mark.parametrize("n, k, pairs", CASES)
def test_matches_row_definition(n, k, pairs):
    spec = family("PAIRWISE_AND", n, k=k, pairs=pairs)
    chosen = all_pairs(n) if pairs == "all" else [tuple(p) for p in pairs]
    tables, care = reference(n, k, chosen)
    assert isinstance(spec, Spec) and spec.n == n
    assert spec.num_outputs == len(chosen)  # m' = one output per pair
    assert list(spec.outputs) == tables  # in the order of the pairs
    assert spec.care_mask.sum() == bin(care).count("1")
    assert (spec.care if spec.care is not None else (1 << (1 << n)) - 1) == care


def test_all_is_lexicographic_and_defaults():
    assert family("PAIRWISE_AND", 4) == family("PAIRWISE_AND", 4, k=None, pairs="all")
    listed = [list(p) for p in all_pairs(4)]  # (1,2), (1,3), (1,4), (2,3), (2,4), (3,4)
    assert family("PAIRWISE_AND", 4, pairs=listed).outputs == family("PAIRWISE_AND", 4).outputs
    assert family("PAIRWISE_AND", 4).is_total
    assert family_parameters("PAIRWISE_AND") == {"k": None, "pairs": "all"}
    assert family_parameters("PAIRWISE_AND")["k"] is not inspect.Parameter.empty


def test_order_follows_pairs():
    forward = family("PAIRWISE_AND", 4, pairs=[[1, 2], [3, 4]])
    backward = family("PAIRWISE_AND", 4, pairs=[[3, 4], [1, 2]])
    assert forward.outputs == backward.outputs[::-1]
    # [2, 1] is the pair {1, 2}: the same output as [1, 2]
    assert family("PAIRWISE_AND", 3, pairs=[[2, 1]]).outputs == \
        family("PAIRWISE_AND", 3, pairs=[[1, 2]]).outputs


def test_k1_makes_every_output_zero_on_the_care_set():
    spec = family("PAIRWISE_AND", 5, k=1)
    assert spec.num_outputs == 10 and all(t == 0 for t in spec.outputs)
    assert spec.care == sum(1 << r for r in range(32) if bin(r).count("1") <= 1)


def test_names():
    assert family("PAIRWISE_AND", 6, k=2).name == "PAIRWISE_AND(n=6,k=2,pairs=all)"
    assert family("PAIRWISE_AND", 6).name == "PAIRWISE_AND(n=6,pairs=all)"
    assert family("pairwise_and", 4, k=2, pairs=[[1, 2], [4, 3]]).name == \
        "PAIRWISE_AND(n=4,k=2,pairs=[(1,2),(4,3)])"


@pytest.mark.parametrize("params, match", [
    ({"k": -1}, r"k = -1: expected an integer in 0\.\.n = 0\.\.4"),
    ({"k": 5}, r"k = 5: expected an integer in 0\.\.n"),
    ({"k": 2.0}, r"k = 2\.0: expected an integer"),
    ({"k": True}, r"k = True: expected an integer"),
    ({"k": "2"}, r"k = '2': expected an integer"),
    ({"pairs": "some"}, r"pairs = 'some': expected \"all\" or a list"),
    ({"pairs": []}, r"pairs = \[\]: expected \"all\" or a non-empty list"),
    ({"pairs": 3}, r"pairs = 3: expected \"all\" or a non-empty list"),
    ({"pairs": [[1, 2], [1, 2]]}, r"pair #2 \[1, 2\]: repeats pair #1 \[1, 2\]"),
    ({"pairs": [[1, 2], [3, 4], [2, 1]]}, r"pair #3 \[2, 1\]: repeats pair #1 \[1, 2\]"),
    ({"pairs": [[3, 3]]}, r"pair #1 \[3, 3\]: expected two different inputs"),
    ({"pairs": [[0, 1]]}, r"pair #1 \[0, 1\]: expected input indices in 1\.\.4"),
    ({"pairs": [[1, 5]]}, r"pair #1 \[1, 5\]: expected input indices in 1\.\.4"),
    ({"pairs": [[1, 2, 3]]}, r"pair #1 \[1, 2, 3\]: expected a pair \[i, j\]"),
    ({"pairs": [1, 2]}, r"pair #1 1: expected a pair \[i, j\]"),
    ({"pairs": [[1.0, 2]]}, r"pair #1 \[1\.0, 2\]: expected two integer input indices"),
    ({"pairs": [[True, 2]]}, r"pair #1 \[True, 2\]: expected two integer"),
    ({"pairs": [["1", 2]]}, r"pair #1 \['1', 2\]: expected two integer"),
])
def test_bad_parameters(params, match):
    with pytest.raises(InputError, match=match) as info:
        family("PAIRWISE_AND", 4, **params)
    assert "\n" not in str(info.value) and str(info.value).startswith("family PAIRWISE_AND: ")


def test_all_needs_two_inputs():
    for n in (0, 1):
        with pytest.raises(InputError, match=rf"n = {n}: expected n >= 2 for pairs \"all\""):
            family("PAIRWISE_AND", n)


def test_hostile_pairs_message_is_short():
    with pytest.raises(InputError) as info:
        family("PAIRWISE_AND", 4, pairs=[[1, 2]] * 100_000)
    assert len(str(info.value)) < 300


# -- instance files ----------------------------------------------------------------------------

BASE = """\
[defaults]
function = "PAIRWISE_AND"
n = 4

[[instance]]
name = "p"
k = 2
pairs = [[1, 2], [4, 3]]
"""


def _error(text: str) -> str:
    return parse_error(text, "pw.toml")


def test_instance_keys():
    (instance,) = parse_instances(BASE, "pw.toml")
    assert instance.spec == family("PAIRWISE_AND", 4, k=2, pairs=[[1, 2], [4, 3]])
    assert instance.function == {"function": "PAIRWISE_AND", "n": 4, "k": 2,
                                 "pairs": [[1, 2], [4, 3]]}


def test_record_carries_k_and_pairs_when_not_given():
    text = BASE.replace("k = 2\n", "").replace("pairs = [[1, 2], [4, 3]]\n", "")
    (instance,) = parse_instances(text, "pw.toml")
    assert instance.function == {"function": "PAIRWISE_AND", "n": 4, "k": None, "pairs": "all"}
    assert instance.spec.num_outputs == 6 and instance.spec.is_total


def test_defaults_give_k_and_pairs():
    text = BASE.replace("n = 4\n", "n = 4\nk = 1\npairs = \"all\"\n", 1).replace("k = 2\n", "")
    text = text.replace("pairs = [[1, 2], [4, 3]]\n", "")
    (instance,) = parse_instances(text, "pw.toml")
    assert instance.spec == family("PAIRWISE_AND", 4, k=1)


def test_care_key_narrows_the_promise():
    (instance,) = parse_instances(BASE + 'care = "0x00FF"\n', "pw.toml")
    promise = family("PAIRWISE_AND", 4, k=2).care
    assert instance.spec.care == promise & 0x00FF


@pytest.mark.parametrize("old, new, line, text", [
    ("k = 2", "k = 9", 7, "k = 9: expected an integer in 0..n = 0..4"),
    ("k = 2", 'k = "2"', 7, "k = '2': expected an integer"),
    ("pairs = [[1, 2], [4, 3]]", "pairs = [[1, 2], [2, 1]]", 8,
     "pair #2 [2, 1]: repeats pair #1 [1, 2]"),
    ("pairs = [[1, 2], [4, 3]]", "pairs = [[1, 5]]", 8, "expected input indices in 1..4"),
    ("pairs = [[1, 2], [4, 3]]", "pairs = [[2, 2]]", 8, "expected two different inputs"),
    ("pairs = [[1, 2], [4, 3]]", "pairs = [[1, 2, 3]]", 8, "expected a pair [i, j]"),
    ("pairs = [[1, 2], [4, 3]]", "pairs = 12", 8, "pairs = 12: expected \"all\" or a list"),
    ("pairs = [[1, 2], [4, 3]]", 'pairs = "every"', 8, "pairs = 'every': expected \"all\""),
    ("pairs = [[1, 2], [4, 3]]", "pairs = []", 8, "pairs = []: expected \"all\" or a non-empty"),
    ("n = 4", "n = 1", 3, "n = 1: expected n >= 2"),
])
def test_instance_errors_name_file_and_line(old, new, line, text):
    source = BASE.replace(old, new)
    if old == "n = 4":
        source = source.replace("pairs = [[1, 2], [4, 3]]\n", "").replace("k = 2\n", "")
    message = _error(source)
    assert message.startswith(f"pw.toml:{line}: "), message
    assert text in message


def test_pairs_is_not_a_parameter_of_other_families():
    message = _error(BASE.replace('"PAIRWISE_AND"', '"THR"'))
    assert message.startswith("pw.toml:8: ") and "pairs is not a parameter of family THR" in message


def test_bad_pairs_from_defaults_names_the_defaults_line():
    text = BASE.replace("n = 4\n", "n = 4\npairs = [[1, 9]]\n", 1)
    text = text.replace("pairs = [[1, 2], [4, 3]]\n", "")
    message = _error(text)
    assert message.startswith("pw.toml:4: family PAIRWISE_AND: pairs = [[1, 9]]"), message


def test_pairs_does_not_go_with_a_points_file():
    text = ('[[instance]]\nname = "m"\nfunction = "memorize"\nn = 2\npoints = "p.csv"\n'
            'pairs = "all"\n')
    assert _error(text).startswith("pw.toml:6: instance 'm': pairs does not go with points")


# -- minckt solve ------------------------------------------------------------------------------

SOLVE = """\
[[instance]]
name = "pand3"
function = "PAIRWISE_AND"
n = 3
k = 2
pairs = "all"
minimize = "hidden"
outputs_read = "hidden"
backend = "cpsat"
time_limit = 30
"""


def test_solve_round_trip(tmp_path, capsys):
    source = tmp_path / "pw.toml"
    source.write_text(SOLVE)
    out = tmp_path / "r.jsonl"
    code = main(["solve", str(source), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert {k: record[k] for k in ("name", "function", "n", "k", "pairs", "objective")} == {
        "name": "pand3", "function": "PAIRWISE_AND", "n": 3, "k": 2, "pairs": "all",
        "objective": "hidden"}
    assert record["status"] in ("OPTIMAL", "FEASIBLE")
    assert record["limits"]["outputs_read"] == "hidden"
    assert record["metrics"]["hidden"] == record["value"]
    assert record["spec"]["name"] == "PAIRWISE_AND(n=3,k=2,pairs=all)"
    assert record["spec"]["outputs"] == ["0x08", "0x20", "0x40"]  # x1x2, x1x3, x2x3
    assert "pand3" in printed.out


def test_solve_bad_pairs_is_a_user_error(tmp_path, capsys):
    source = tmp_path / "pw.toml"
    source.write_text(SOLVE.replace('pairs = "all"', "pairs = [[1, 4]]"))
    assert main(["solve", str(source)]) == 2
    err = capsys.readouterr().err
    assert f"{source}:6: family PAIRWISE_AND: pairs = [[1, 4]]" in err
    assert "Traceback" not in err

