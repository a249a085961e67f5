"""What several report modules share: the short names of the resources, file-name slugs, gate
labels, and matplotlib (the Agg backend, saving a figure as PNG and SVG with its text as
text, the grey legend entries of the marker styles, a log axis for counts that span orders
of magnitude)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Sequence

from minckt.core.problem import GateModel

__all__ = ["SHORT", "slug", "gate_label", "pyplot", "save_figure", "marker_key", "log2_axis",
           "SPREAD", "log_if_spread"]

#: Each resource's name in the tables, limits and file names ("s≤3", "s3-d2").
SHORT = {"size": "s", "depth": "d", "energy": "e", "weight": "w", "fanin": "fanin",
         "wires": "wires", "evaluated": "evaluated", "ops": "ops", "hidden": "hidden",
         "params": "params"}


def slug(text: str) -> str:
    """`text` as a file name: letters, digits, "-" and "_" kept, anything else "_" ("circuit"
    when nothing is left)."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text).strip("_") \
        or "circuit"


def gate_label(model: GateModel) -> str:
    """The gate model in a few characters, e.g. "threshold", "relu R=2", "aig"."""
    if model.kind in ("relu", "sigmoid"):
        return f"{model.kind} R={model.resolution}"
    return model.kind


def pyplot():
    """matplotlib.pyplot on the Agg backend, with reproducible SVG ids."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "minckt"  # reproducible SVG ids
    import matplotlib.pyplot as plt

    return plt


def save_figure(figure, stem: Path) -> list[Path]:
    """``<stem>.png`` and ``<stem>.svg`` of a matplotlib figure (no date or software in their
    metadata), the directory made if missing; the files written.  The SVG keeps its text as
    ``<text>`` elements (``svg.fonttype = "none"``), so it can be searched, selected and
    edited, rather than drawing each glyph as a path."""
    import matplotlib

    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, metadata in ((".png", {"Software": None}), (".svg", {"Date": None})):
        path = stem.with_suffix(suffix)
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            figure.savefig(path, metadata=metadata, bbox_inches="tight", dpi=120)
        written.append(path)
    return written


def marker_key(entry: str):
    """A grey legend entry explaining one marker style shared by every series: "proven",
    "found", "bound", "none" or "lower"."""
    from matplotlib.lines import Line2D

    styles: dict[str, dict[str, Any]] = {
        "proven": dict(marker="o", linestyle="", label="proven optimum"),
        "found": dict(marker="o", markerfacecolor="none", linestyle="",
                      label="best found, not proven"),
        "bound": dict(linestyle=":", linewidth=2, label="strongest proven lower bound"),
        "none": dict(marker="x", linestyle="", label="no circuit (proven)"),
        "lower": dict(marker="^", markerfacecolor="none", linestyle="",
                      label="proven lower bound only"),
    }
    return Line2D([], [], color="grey", **styles[entry])


def _power_ticks(counts: Sequence[int]) -> list[int]:
    """Powers of two spanning the counts: 2, 4, 8, ... (1 only when some N is 1)."""
    low = max(0, math.floor(math.log2(min(counts))))
    high = max(low + 1, math.ceil(math.log2(max(counts))))
    return [1 << k for k in range(low, high + 1)]


def log2_axis(axes, counts: Sequence[int]) -> None:
    """N on a log2 axis with integer ticks at the powers of two; integer ticks up the side."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

    axes.set_xscale("log", base=2)
    ticks = _power_ticks(counts or [2])
    axes.xaxis.set_major_locator(FixedLocator(ticks))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{int(round(x))}"))
    axes.xaxis.set_minor_locator(NullLocator())
    axes.set_xlim(ticks[0] / 2 ** 0.3, ticks[-1] * 2 ** 0.3)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=-0.3)


#: The ratio of the largest to the smallest positive value past which `log_if_spread` puts
#: an axis on a log scale: on a linear one the smallest bar would be under 1 % of the tallest.
SPREAD = 100


def log_if_spread(axes, values: Sequence[float], axis: str = "y") -> bool:
    """Put `axis` ("x" or "y") of `axes` on a log10 scale, ticks labelled as plain numbers,
    when the positive `values` span a factor of `SPREAD` or more (on a linear axis the small
    ones would not show); whether it did."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    positive = [v for v in values if v > 0]
    if not positive or max(positive) / min(positive) < SPREAD:
        return False
    (axes.set_yscale if axis == "y" else axes.set_xscale)("log")
    target = axes.yaxis if axis == "y" else axes.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.10g}"))
    target.set_minor_formatter(NullFormatter())
    return True
