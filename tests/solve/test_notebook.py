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
