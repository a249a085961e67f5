"""Peer harnesses (solvers/): parsing recorded ABC and cirbo output into circuits that
minckt's evaluator checks, conventions, live runs when a peer is installed, and skipping a
missing peer with a message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from minckt import Spec, family  # noqa: E402
from minckt.run.bench import run_peers  # noqa: E402
from minckt.cli import main  # noqa: E402
from minckt.errors import InputError  # noqa: E402
from minckt.verify.check import verify  # noqa: E402
from solvers import abc_peer, cirbo_peer  # noqa: E402
from solvers.bench_format import parse_bench  # noqa: E402

DATA = ROOT / "tests" / "data" / "peers"


def test_abc_write_bench_of_exact_aig_is_majority():
    parsed = parse_bench((DATA / "abc_exact_aig_maj3.bench").read_text(), "recorded")
    verify(family("MAJ", 3), parsed.circuit)
    assert parsed.counted == 4 == len(parsed.circuit.gates)


def test_abc_twoexact_printout_is_majority():
    """The recorded printout lists operands most significant first (row = 2p + q); reading
    it the other way round gives a different function, so the check can fail."""
    text = (DATA / "abc_twoexact_maj3_N4.txt").read_text()
    circuit = abc_peer.parse_twoexact(text, 3)
    verify(family("MAJ", 3), circuit)
    assert len(circuit.gates) == 4
    assert abc_peer.parse_twoexact("The problem has no solution.", 3) is None


def test_cirbo_bench_of_a_random_function():
    parsed = parse_bench((DATA / "cirbo_rand4_xaig.bench").read_text(), "recorded")
    verify(Spec.from_table("0x8EC8", 4), parsed.circuit)  # ABC's hex = minckt's convention
    assert parsed.counted == 6


def test_table_conventions():
    # f = x1 AND NOT x2: the only 1 is on row x1=1, x2=0 (row 1); cirbo lists input 0 first
    andnot = Spec.from_table("0x2", 2)
    assert abc_peer.hex_table(andnot) == "2"
    assert cirbo_peer.table_string(andnot) == "0010"
    assert cirbo_peer.table_string(Spec.from_table("0x8EC8", 4)) == "0000011001001111"
    assert abc_peer.hex_table(family("MAJ", 3)) == "E8"


def test_bad_bench_text_is_a_clear_error():
    with pytest.raises(InputError, match="recorded:2: unknown gate"):
        parse_bench("INPUT(a)\ng = FROB(a)\nOUTPUT(g)\n", "recorded")
    with pytest.raises(InputError, match="reads"):
        parse_bench("INPUT(a)\ng = AND(a, h)\nOUTPUT(g)\n", "recorded")


@pytest.mark.parametrize("module", [abc_peer, cirbo_peer], ids=["abc", "cirbo"])
def test_live_peer_agrees_with_known_sizes(module):
    if module.available():
        pytest.skip(module.available())
    for spec, basis, size in ((family("PARITY", 3), "aig", 6),
                              (family("PARITY", 3), "xaig", 2),
                              (family("MAJ", 3), "aig", 4)):
        answer = module.minimal_size(spec, basis, 60)
        assert (answer.status, answer.size) == ("OPTIMAL", size), (module.NAME, basis)
        verify(spec, answer.circuit)


def test_a_missing_peer_is_skipped_with_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(abc_peer, "available", lambda: "ABC is not installed (test)")
    monkeypatch.setattr(cirbo_peer, "available", lambda: "cirbo is not installed (test)")
    source = tmp_path / "b.toml"
    source.write_text('[[instance]]\nname = "x"\nfunction = "PARITY"\nn = 3\n'
                      'gate = "aig"\nminimize = "size"\n')
    runs = run_peers([source], ["abc", "cirbo"], 10, progress=sys.stdout)
    assert runs == []
    printed = capsys.readouterr().out
    assert "abc skipped: ABC is not installed" in printed
    assert "cirbo skipped: cirbo is not installed" in printed
    assert main(["bench", str(source), "--configs", "default", "--peers", "nope",
                 "--out", str(tmp_path / "r.json")]) == 2
