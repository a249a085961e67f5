"""Circuit drawings: Graphviz DOT for every circuit, SVG/PNG when `dot` is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Iterable, Sequence

from minckt.core.circuit import Circuit
from minckt.errors import InputError
from minckt.report.common import SHORT, slug
from minckt.report.records import Record, is_class_record

__all__ = ["GRAPHVIZ_MISSING", "draw_circuit", "record_circuits"]

GRAPHVIZ_MISSING = ("Graphviz's `dot` program is not installed, so circuits were drawn as DOT "
                    "files only; install it (Debian/Ubuntu: apt install graphviz) for SVG/PNG")


def draw_circuit(circuit: Circuit, stem: str | Path, title: str = "",
                 formats: Sequence[str] = ("svg", "png")) -> tuple[list[Path], str | None]:
    """Write ``<stem>.dot``, and ``<stem>.<format>`` for each format when Graphviz's `dot` is
    on PATH.  Returns the files written and a message when Graphviz is missing (else None)."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    dot_path = stem.with_suffix(".dot")
    dot_path.write_text(circuit.to_dot(title), encoding="utf-8")
    written = [dot_path]
    program = shutil.which("dot")
    if program is None:
        return written, GRAPHVIZ_MISSING
    for fmt in formats:
        target = stem.with_suffix(f".{fmt}")
        done = subprocess.run([program, f"-T{fmt}", str(dot_path), "-o", str(target)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise InputError(f"dot -T{fmt} {dot_path} failed: {done.stderr.strip()}")
        written.append(target)
    return written, None


def record_circuits(records: Sequence[Record]) -> Iterable[tuple[str, str, Circuit]]:
    """(file stem, title, circuit) for every circuit in the records but a class sweep's
    (the atlas draws the hardest classes of those)."""
    for record in records:
        if is_class_record(record):
            continue
        items = [(record.data, "")]
        if record.get("frontier"):
            items = [(p, "-" + "-".join(f"{SHORT[a]}{v}" for a, v in
                                        (p.get("coordinates") or {}).items()))
                     for p in record.get("points") or []]
        for data, suffix in items:
            if data.get("circuit"):
                try:
                    circuit = Circuit.from_json(data["circuit"])
                except InputError as err:
                    raise InputError(f"{record.where}: {err}") from None
                yield (slug(record.name + suffix), f"{record.name}{suffix}", circuit)

