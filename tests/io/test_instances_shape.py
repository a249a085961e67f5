"""Instance keys of a network's shape (layers, skip, outputs_read) and its counted resources
(hidden, params): parsing into `Limits`, errors at the key's file:line, and the record."""

from __future__ import annotations

import json

import pytest

from minckt.cli import main
from minckt.errors import InputError
from minckt.io.instances import MAXIMA, parse_instances
from minckt.core.problem import Limits
from instancetools import parse_error

BASE = """\
[defaults]
function = "PAIRWISE_AND"
n = 3
k = 2

[[instance]]
name = "net"
layers = [2, 3]
"""


def _one(text: str):
    (instance,) = parse_instances(text, "net.toml")
    return instance


def _error(text: str) -> str:
    return parse_error(text, "net.toml")


def test_shape_keys_reach_limits():
    instance = _one(BASE + 'skip = false\noutputs_read = "hidden"\nhidden = 3\nparams = 40\n'
                    'minimize = "hidden"\n')
    assert instance.limits == Limits(layers=(2, 3), skip=False, outputs_read="hidden",
                                     hidden=3, params=40)
    assert instance.objective == "hidden"
    assert instance.limits.to_json() == {"hidden": 3, "params": 40, "layers": [2, 3],
                                         "skip": False, "outputs_read": "hidden"}


def test_defaults_free_dag():
    instance = _one(BASE.replace("layers = [2, 3]\n", ""))
    assert instance.limits == Limits()
    assert instance.limits.layers is None and instance.limits.skip \
        and instance.limits.outputs_read == "any"


def test_shape_keys_from_defaults():
    text = BASE.replace("k = 2\n", 'k = 2\nlayers = [4, 3]\nskip = false\noutputs_read = "any"\n'
                        'minimize = "params"\n').replace("layers = [2, 3]\n", "")
    instance = _one(text)
    assert instance.limits == Limits(layers=(4, 3), skip=False)
    assert instance.objective == "params"
    # an instance's own key wins over [defaults]
    assert _one(text + "layers = [1, 3]\n").limits.layers == (1, 3)


def test_frontier_over_counted_axes():
    assert _one(BASE + 'frontier = ["hidden", "params"]\n').axes == ("hidden", "params")


def test_minimize_lists_hidden_and_params():
    message = _error(BASE + 'minimize = "neurons"\n')
    assert message.startswith("net.toml:9: minimize = 'neurons': expected one of ")
    assert "hidden" in message and "params" in message


@pytest.mark.parametrize("extra, line, text", [
    ("layers = 3", 8, "layers = 3: expected a list of 1 to 64 layer widths in 1..1024"),
    ("layers = []", 8, "layers = []: expected a list of 1 to 64"),
    ("layers = [2, 0, 3]", 8, "layers = [2, 0, 3]: expected a list"),
    ("layers = [2, 1025, 3]", 8, "layers = [2, 1025, 3]: expected a list"),
    ("layers = [2, 3.0]", 8, "layers = [2, 3.0]: expected a list"),
    ("layers = [true, 3]", 8, "layers = [True, 3]: expected a list"),
    ('layers = ["2", 3]', 8, "layers = ['2', 3]: expected a list"),
    ("layers = [2, 2]", 8, "layers = [2, 2]: expected the last width (the output layer, one "
     "gate per output) to be 3, the number of outputs"),
    ("layers = [2, 3]\nskip = 0", 9, "skip = 0: expected true or false"),
    ('layers = [2, 3]\nskip = "no"', 9, "skip = 'no': expected true or false"),
    ('layers = [2, 3]\noutputs_read = "inputs"', 9,
     "outputs_read = 'inputs': expected \"any\" or \"hidden\""),
    ("layers = [2, 3]\noutputs_read = 1", 9, "outputs_read = 1: expected \"any\" or \"hidden\""),
    ("skip = false", 8, "skip = false: expected layers too"),
    ("hidden = -1", 8, "hidden = -1: expected an integer in 0..1000"),
    ("hidden = 1001", 8, "hidden = 1001: expected an integer in 0..1000"),
    ('params = "9"', 8, "params = '9': expected an integer in 0..1000000"),
    ("params = 1000001", 8, "params = 1000001: expected an integer in 0..1000000"),
])
def test_errors_name_file_line_key_and_value(extra, line, text):
    message = _error(BASE.replace("layers = [2, 3]\n", "") + extra + "\n")
    assert message.startswith(f"net.toml:{line}: "), message
    assert text in message, message


def test_error_from_defaults_names_the_defaults_line():
    text = BASE.replace("k = 2\n", "k = 2\nlayers = [2, 9]\n").replace("layers = [2, 3]\n", "")
    assert _error(text).startswith("net.toml:5: layers = [2, 9]: expected the last width")
    text = BASE.replace("k = 2\n", "k = 2\nskip = false\n").replace("layers = [2, 3]\n", "")
    assert _error(text).startswith("net.toml:5: skip = false: expected layers too")


def test_maxima_cover_the_counted_resources():
    assert MAXIMA["hidden"] == 1000 and MAXIMA["params"] == 10 ** 6


# -- minckt solve ------------------------------------------------------------------------------

LAYERED = """\
[defaults]
function = "PAIRWISE_AND"
n = 3
k = 2
time_limit = 30
backend = "{backend}"

[[instance]]
name = "layered"
layers = [3, 3]
skip = false
minimize = "params"

[[instance]]
name = "two-pairs"
pairs = [[1, 3], [3, 2]]
layers = [2, 2]
outputs_read = "hidden"
minimize = "hidden"
"""


def _solve(tmp_path, capsys, backend: str) -> list[dict]:
    source = tmp_path / "net.toml"
    source.write_text(LAYERED.format(backend=backend))
    out = tmp_path / "r.jsonl"
    code = main(["solve", str(source), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    return [json.loads(line) for line in out.read_text().splitlines()]


def _check_layered(records: list[dict]) -> None:
    layered, two = records
    assert layered["status"] == two["status"] == "OPTIMAL"
    assert layered["limits"]["layers"] == [3, 3] and layered["limits"]["skip"] is False
    assert layered["metrics"]["params"] == layered["value"]
    # layer 1 computes the three ANDs (2 wires each), each output copies one: 9 wires and 6
    # gates; both backends prove nothing smaller (pinned, so a regression fails)
    assert layered["value"] == 15
    assert two["limits"]["layers"] == [2, 2] and two["limits"]["outputs_read"] == "hidden"
    assert two["pairs"] == [[1, 3], [3, 2]] and two["k"] == 2
    assert two["metrics"]["hidden"] == two["value"]
    # one hidden gate h would make both outputs functions of h alone (outputs read no input
    # and no output), so equal or constant; x1x3 and x2x3 are neither: hidden = 2
    assert two["value"] == 2


@pytest.mark.parametrize("backend", ["cnf", "cpsat"])
def test_solve_layered(tmp_path, capsys, backend):
    _check_layered(_solve(tmp_path, capsys, backend))
