"""The TOML instance format: parsing, defaults, and errors that name file, line and key."""

from __future__ import annotations

import pytest

from minckt.errors import InputError
from minckt.io.instances import load_instances, parse_instances
from minckt.core.problem import Limits

GOOD = """\
[defaults]
gate = "threshold"
time_limit = 30
backend = "auto"

[[instance]]
name = "cd6"
function = "CD"
n = 6
minimize = "energy"
depth = 2
size = 6

[[instance]]
name = "maj3"
truth_table = "0xE8"
n = 3
minimize = "size"
time_limit = 5

[[instance]]
name = "thr"
function = "THR"
k = 2
n = 4

[[instance]]
name = "fr"
function = "IP"
n = 4
frontier = ["energy", "depth"]
"""


def test_parse_good_file():
    cd6, maj3, thr, fr = parse_instances(GOOD, "good.toml")
    assert cd6.spec.outputs == (0xFFFFFFFFFFFFFFFF & cd6.spec.outputs[0],)
    assert cd6.objective == "energy" and cd6.limits == Limits(size=6, depth=2)
    assert cd6.params.time_limit == 30  # from [defaults]
    assert maj3.spec.outputs == (0xE8,) and maj3.params.time_limit == 5  # own key wins
    assert thr.kind == "decide" and thr.spec.hex() == ["0xFEE8"]  # |x| >= 2 on 4 inputs
    assert fr.kind == "frontier" and fr.axes == ("energy", "depth")
    assert cd6.source == "good.toml:6"
    assert cd6.key() != maj3.key()


def _error(text: str) -> str:
    with pytest.raises(InputError) as info:
        parse_instances(text, "bad.toml")
    return str(info.value)


def test_unknown_key_names_file_line_and_key():
    message = _error(GOOD.replace('minimize = "size"\n', 'minimize = "size"\nfrobnicate = 1\n'))
    assert message.startswith("bad.toml:19:") and "frobnicate" in message


def test_unknown_default_key():
    message = _error(GOOD.replace('backend = "auto"', 'color = "red"'))
    assert message.startswith("bad.toml:4:") and "color" in message


def test_bad_table_length_names_line():
    message = _error(GOOD.replace('"0xE8"', '"0xE80"'))
    assert message.startswith("bad.toml:16:") and "0xE80" in message and "2 digit" in message


def test_bad_values():
    assert "minimize = 'speed'" in _error(GOOD.replace('minimize = "size"', 'minimize = "speed"'))
    assert "depth = -1" in _error(GOOD.replace("depth = 2", "depth = -1"))
    assert "bad.toml:9: n = 'six'" in _error(GOOD.replace("n = 6", 'n = "six"'))
    assert "unknown function family 'XYZ'" in _error(GOOD.replace('"CD"', '"XYZ"'))
    assert "exactly one of function and truth_table" in _error(
        GOOD.replace('truth_table = "0xE8"', 'truth_table = "0xE8"\nfunction = "MAJ"'))
    assert "used twice" in _error(GOOD.replace('name = "maj3"', 'name = "cd6"'))
    assert "not a parameter of family CD" in _error(GOOD.replace("depth = 2", "depth = 2\nk = 1"))
    assert "invalid TOML" in _error("[[instance]\nname=1")
    assert "no [[instance]]" in _error("[defaults]\ngate = \"threshold\"\n")
    message = _error(GOOD.replace('frontier = ["energy", "depth"]', 'frontier = ["energy"]'))
    assert "two or three" in message


def test_missing_file():
    with pytest.raises(InputError, match="cannot read"):
        load_instances("/nonexistent/file.toml")


def test_shipped_instance_files_parse(monkeypatch):
    import pathlib

    from minckt.run import sweep

    # a 5-input class sweep enumerates 1.2M NP classes (4 minutes and 4 GB on a fresh
    # machine, cached after; tests/test_classes.py checks the enumeration in the slow
    # tier): here only the file's parsing counts, on two 5-input tables
    real = sweep.class_tables

    def class_tables(n, negate, sample=None, seed=0):
        return real(n, negate, sample, seed) if n <= 4 else [0x96696996, 0xE8808000]

    monkeypatch.setattr(sweep, "class_tables", class_tables)
    root = pathlib.Path(__file__).resolve().parents[2] / "instances"
    files = sorted(root.rglob("*.toml"))
    assert files
    for path in files:
        if path.name.startswith("sweep_"):  # a sweep file (minckt.run.sweepfile), no instances
            from minckt.run.sweepfile import load_sweep

            assert load_sweep(path).instances
        else:
            assert load_instances(path)
