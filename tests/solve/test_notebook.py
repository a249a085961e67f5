"""What a notebook shows: `Result._repr_html_` and `Frontier._repr_html_` (status, value, bound
and its source, time, escaped), `Circuit._repr_svg_` (Graphviz when installed, else a
matplotlib drawing), each parsed back rather than eyeballed."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest

import minckt
from minckt.core.problem import Limits
from minckt.core.spec import Spec


def _cells(html):
    root = ET.fromstring(html)              # well-formed: every cell escaped
    return [c.text or "" for c in root.iter() if c.tag in ("td", "th")]


def test_result_html_names_status_value_bound_and_source():
    result = minckt.minimize(minckt.family("PARITY", 4), "size")
    cells = _cells(result._repr_html_())
    assert "OPTIMAL" in cells and str(result.value) in cells
    assert any(c.startswith(f"{result.lower_bound} (") for c in cells)
    assert result.circuit_source in cells and any(c.endswith(" s") for c in cells)
    tricky = Spec.from_table("0x6", 2, name="<b>&x</b>")
    shown = minckt.minimize(tricky, "size")._repr_html_()
    assert "<b>&x" not in shown and "&lt;b&gt;&amp;x" in shown


def test_frontier_html_has_a_row_per_point():
    front = minckt.frontier(minckt.family("PARITY", 3), ["energy", "depth"], Limits(size=3))
    cells = _cells(front._repr_html_())
    assert cells[:5] == ["status", "energy", "depth", "size", "from"]
    assert len(cells) == 5 * (len(front.points) + 1)


def _texts(svg):
    root = ET.fromstring(svg)
    return " ".join(t for e in root.iter() for t in (e.text or "",) if t.strip())


def test_circuit_svg_with_and_without_graphviz(monkeypatch):
    circuit = minckt.minimize(minckt.family("MAJ", 3), "size").circuit
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (the fallback is tested below)")
    assert circuit.outputs[0] in _texts(circuit._repr_svg_())


def test_circuit_svg_falls_back_to_matplotlib(monkeypatch):
    from minckt.core.formats import svg

    circuit = minckt.minimize(minckt.family("PARITY", 3), "size").circuit
    monkeypatch.setattr(svg.shutil, "which", lambda name: None)
    text = _texts(circuit._repr_svg_())
    for gate in circuit.gates:
        assert gate.id in text
    assert "x1" in text and "x3" in text


def _interrupt_at_step(monkeypatch, which: int, error: type = KeyboardInterrupt) -> None:
    """Runner.step raises `error` at its `which`-th call (1-based), as Ctrl-C would."""
    from minckt.solve.runner import Runner

    real, calls = Runner.step, []

    def step(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == which:
            raise error()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Runner, "step", step)


def test_an_interrupt_in_a_notebook_returns_the_best_answer_so_far(monkeypatch):
    """Interrupted after the first circuit of a downward walk (least energy of IP 4), the
    answer is FEASIBLE with that circuit, verified, and says so; a decision interrupted is
    UNKNOWN; no solver process is left behind."""
    import multiprocessing

    from minckt.solve.walks import INTERRUPTED
    from minckt.verify.check import verify

    spec = minckt.family("IP", 4)
    _interrupt_at_step(monkeypatch, 2)
    found = minckt.minimize(spec, "energy", Limits(size=4))
    assert found.status is minckt.Status.FEASIBLE and INTERRUPTED in found.notes
    assert verify(spec, found.circuit, Limits(size=4)).energy == found.value
    _interrupt_at_step(monkeypatch, 1)
    asked = minckt.decide(spec, Limits(size=3))
    assert asked.status is minckt.Status.UNKNOWN and INTERRUPTED in asked.notes
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]


def test_an_interrupted_frontier_keeps_its_points(monkeypatch):
    """A frontier interrupted at its last solver step keeps every point found before it
    (each verified, FEASIBLE overall, said so); interrupted at its first it is UNKNOWN with
    none; no solver process is left behind."""
    import multiprocessing

    from minckt.solve.walks import INTERRUPTED
    from minckt.verify.check import verify

    from minckt.solve.runner import Runner

    spec, limits, axes = minckt.family("IP", 4), Limits(size=5), ["energy", "size"]
    real, calls = Runner.step, []
    monkeypatch.setattr(Runner, "step", lambda self, *a, **k: calls.append(1) or real(
        self, *a, **k))
    whole = minckt.frontier(spec, axes, limits)
    monkeypatch.setattr(Runner, "step", real)
    assert whole.status is minckt.Status.OPTIMAL and len(whole.points) == 2  # (2, 2), (1, 3)
    _interrupt_at_step(monkeypatch, len(calls))
    cut = minckt.frontier(spec, axes, limits)
    assert cut.status is minckt.Status.FEASIBLE and INTERRUPTED in cut.notes
    assert 1 <= len(cut.points) <= len(whole.points)
    for point in cut.points:
        metrics = verify(spec, point.circuit, limits)
        assert (metrics.energy, metrics.size) in {(p.metrics.energy, p.metrics.size)
                                                  for p in whole.points}
    _interrupt_at_step(monkeypatch, 1)
    none = minckt.frontier(spec, axes, limits)
    assert none.status is minckt.Status.UNKNOWN and not none.points
    assert INTERRUPTED in none.notes
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]


def test_the_command_line_signal_still_stops_the_run(monkeypatch):
    """`lifecycle.Interrupted` (the command line's SIGINT / SIGTERM) is not swallowed."""
    from minckt.lifecycle import Interrupted

    _interrupt_at_step(monkeypatch, 1, lambda: Interrupted(2))
    with pytest.raises(Interrupted):
        minckt.minimize(minckt.family("IP", 4), "energy", Limits(size=4))


def test_a_long_call_reports_each_step_through_logging(caplog):
    """Progress of a library call: one INFO record of `minckt.search` per solver step."""
    import logging

    with caplog.at_level(logging.INFO, logger="minckt.search"):
        found = minckt.minimize(minckt.family("IP", 4), "energy", Limits(size=4))
    said = [r.getMessage() for r in caplog.records if r.name == "minckt.search"]
    assert len(said) == len(found.steps) >= 2
    assert all(m.startswith("IP4: 4 slot(s), size <= 4") for m in said)
