"""A circuit as an SVG drawing, what a notebook shows (`Circuit._repr_svg_`).

Graphviz's layout of the circuit's DOT text (`Circuit.to_dot`) when the ``dot`` program is
installed; otherwise a matplotlib drawing: inputs on the top row, each gate on the row of
its depth, edges labelled by their weights, output gates ringed in black, text kept as text.
"""

from __future__ import annotations

import io
import shutil
import subprocess

__all__ = ["circuit_svg", "matplotlib_svg"]


def circuit_svg(circuit) -> str:
    """SVG text of `circuit` (module docstring)."""
    dot = shutil.which("dot")
    if dot is not None:
        try:
            done = subprocess.run([dot, "-Tsvg"], input=circuit.to_dot(), text=True,
                                  capture_output=True, timeout=30, check=True)
            return done.stdout
        except (OSError, subprocess.SubprocessError):
            pass  # a broken Graphviz: draw it with matplotlib
    return matplotlib_svg(circuit)


def matplotlib_svg(circuit) -> str:
    """The matplotlib drawing of `circuit` as SVG text."""
    import matplotlib
    from matplotlib.figure import Figure

    from minckt.core.gatetext import rule

    # the inputs' names (x1..xn) without importing minckt.core.circuit, which imports this
    rows: dict[int, list[str]] = {0: [f"x{i + 1}" for i in range(circuit.n)]}
    for gate, level in zip(circuit.gates, circuit.levels()):
        rows.setdefault(level, []).append(gate.id)
    where = {name: (k - (len(row) - 1) / 2, -depth)
             for depth, row in rows.items() for k, name in enumerate(row)}
    width = max(len(r) for r in rows.values())
    figure = Figure(figsize=(max(3.0, 0.9 * width), 1.1 * (len(rows) + 1)))
    axes = figure.add_subplot()
    labels = {}
    for gate in circuit.gates:
        labels[gate.id] = f"{gate.id}\n{rule(gate)}"
        x1, y1 = where[gate.id]
        for source, weight in gate.weights:
            x0, y0 = where[source]
            axes.annotate("", (x1, y1), (x0, y0),
                          arrowprops={"arrowstyle": "->", "color": "0.5"})
            if gate.kind != "boolean":
                axes.text((x0 + x1) / 2, (y0 + y1) / 2, str(weight), fontsize=7, color="0.3")
    for name, (x, y) in where.items():
        ring = "black" if name in circuit.outputs else "0.6"
        axes.text(x, y, labels.get(name, name), ha="center", va="center", fontsize=8,
                  bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": ring})
    axes.set_xlim(-width / 2 - 0.5, width / 2 + 0.5)
    axes.set_ylim(-max(rows) - 0.6, 0.6)
    axes.set_axis_off()
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(out, format="svg")
    return out.getvalue()
