"""The report: each optimum found beside every proven lower bound, as tables, plots and drawings.

Input is the JSON-lines result format `minckt solve --out` writes
(docs/guide/instance-files.md#format).  Each optimisation answer, and each point of a frontier,
becomes one `Row`: the value found on the minimised resource, its status, the lower bound the
search proved, and every applicable bound of `minckt.bounds` computed for the same limits (for a
frontier point: the instance's limits with the point's other coordinates as limits).  `ratio` is
optimum / strongest bound, so 1.0 means the bound is tight and a large ratio is the gap between
theory and the truth.

* tables: Markdown, CSV and LaTeX (`to_markdown`, `to_csv`, `to_latex`);
* plots (matplotlib, PNG and SVG, the SVG's text as text): the energy–depth frontier of
  each family against the bound's curve, and of each group of classes of a sweep as counts
  of classes (`plot_energy_depth`), minimal size against n, a panel per gate model
  (`plot_size_vs_n`);
* the memorization study (issue 13): least size, energy and ops against the number of points
  N, a table per data set, medians over seeds, fitted c·√N and c·log2 N references
  (`write_memorization`: ``memorization.md``/``.csv``/``.png``/``.svg``);
* the superposition study (Adler–Shavit, docs/design/papers.md#superposition-adlershavit), written
when some record minimises
  hidden or params on PAIRWISE_AND: least hidden and params against the number m' of
  pairwise ANDs, the counting bound, fitted c·√(m′ log₂ m′) and c·m′ log₂ m′ references
  (`write_superposition`: ``superposition.md``/``.csv``/``.png``/``.svg``);
* the size-growth study (Vardi et al., docs/design/papers.md#size-separations-vardi-et-al), written
when size minimisations of the
  explicit families (PARITY, IP, EQ, DISJ, CD, GT, MAJ, MOD) in threshold, relu or sigmoid
  gates, at most a depth limit, hold two values of n for some family: threshold beside ReLU
  sizes, the strongest bound, fitted a·n, a·n/log₂ n, a·log₂ n references
  (`write_separation`: ``size_growth.md``/``.csv``/``.png``/``.svg``);
* the atlas of class sweeps (`minckt sweep` over NPN or NP classes), written when some
  record carries ``class`` and ``class_size``: least sizes per class and per function,
  coverage and the check that the class sizes sum to 2^(2^n), energy–depth frontiers and
  what depth buys (`write_atlas`: ``atlas.md``/``.csv``, ``atlas_sizes``/``atlas_frontiers``
  ``.png``/``.svg``, drawings in ``atlas/``);
* drawings: every circuit as Graphviz DOT, and SVG/PNG when the `dot` program is installed.

`write_report` does all of it into one directory.  The package holds one module per concept:
`common` (what several modules share: resource names, slugs, gate labels, matplotlib),
`fits` (the studies' least-squares fits), `records` (reading and checking result records),
`tables` (rows and their tables), `plots` (the energy–depth and size plots), `memorization`
(the memorization study's tables and plot), `superposition` and `separation` (those
studies), `atlas_data`, `atlas_figures` and `atlas` (the atlas of class sweeps: its groups,
its figures, its tables and files), `studies` (writing a study's files, the same steps for
each), `drawings` (circuits); every public name is importable from `minckt.report` itself.
"""

from __future__ import annotations

import shutil  # noqa: F401  (`minckt.report.shutil`: drawings look `dot` up through it)
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from minckt.errors import InputError
from minckt.report.atlas import atlas_csv, atlas_markdown, write_atlas
from minckt.report.atlas_data import Atlas, atlas_study
from minckt.report.atlas_figures import draw_atlas, plot_atlas
from minckt.report.drawings import GRAPHVIZ_MISSING, draw_circuit, record_circuits
from minckt.report.memorization import (
    MemorizationFit, MemorizationStudy, memorization_study, plot_memorization, write_memorization
)
from minckt.report.plots import (
    MAX_PANELS, ClassEnergyDepth, EnergyDepthSeries, SizeSeries, class_energy_depth,
    energy_depth_series, integer_ticks, plot_energy_depth, plot_size_vs_n, series_family,
    size_series
)
from minckt.report.records import (
    MAX_RESULTS_BYTES, Record, check_record, is_class_record, load_records, pairs_text
)
from minckt.report.separation import (
    GrowthFit, SeparationStudy, is_separation, plot_size_growth, separation_study,
    size_growth_figure, size_growth_markdown, size_growth_table, write_separation
)
from minckt.report.superposition import (
    SuperpositionFit, SuperpositionStudy, is_superposition, plot_superposition,
    superposition_figure, superposition_markdown, superposition_study, superposition_table,
    write_superposition
)
from minckt.report.tables import (
    BOUND_COLUMNS, COLUMNS, Answer, Row, rows, to_csv, to_latex, to_markdown
)

__all__ = ["Record", "Row", "BOUND_COLUMNS", "COLUMNS", "load_records", "check_record",
           "pairs_text", "rows",
           "to_markdown", "to_csv", "to_latex", "EnergyDepthSeries", "energy_depth_series",
           "ClassEnergyDepth", "class_energy_depth", "series_family", "MAX_PANELS",
           "plot_energy_depth", "SizeSeries", "size_series", "plot_size_vs_n",
           "MemorizationFit", "MemorizationStudy", "memorization_study", "plot_memorization",
           "write_memorization", "SuperpositionFit", "SuperpositionStudy", "is_superposition",
           "superposition_study", "superposition_table", "superposition_markdown",
           "superposition_figure", "plot_superposition", "write_superposition", "GrowthFit",
           "SeparationStudy", "is_separation", "separation_study", "size_growth_table",
           "size_growth_markdown", "size_growth_figure", "plot_size_growth",
           "write_separation", "Atlas", "atlas_study", "atlas_markdown", "atlas_csv",
           "plot_atlas", "draw_atlas", "write_atlas", "Answer",
           "integer_ticks", "draw_circuit", "GRAPHVIZ_MISSING", "MAX_RESULTS_BYTES",
           "ReportFiles", "write_report"]


@dataclass
class ReportFiles:
    """What `write_report` wrote, and anything the user should know (e.g. Graphviz missing)."""

    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    #: The memorization study's fitted references (empty without memorization records).
    memorization: list[MemorizationFit] = field(default_factory=list)
    #: The superposition study (None without PAIRWISE_AND hidden or params minimisations).
    superposition: SuperpositionStudy | None = None
    #: The size-growth study (None unless `separation_study` finds one).
    separation: SeparationStudy | None = None
    #: The atlas of class sweeps (None without class-sweep records).
    atlas: Atlas | None = None


def write_report(records: Sequence[Record], directory: str | Path, *,
                 tables: Sequence[str] = ("md", "csv", "tex"), plots: bool = True,
                 drawings: bool = True) -> ReportFiles:
    """Tables (``table.md``/``.csv``/``.tex``), plots, the files of the memorization,
    superposition and size-growth studies and the atlas of class sweeps when some records
    are of them, and circuit drawings (``circuits/``) for the records, in `directory`.
    The records of a class sweep go to the atlas's tables only (a row per class), and to
    the energy–depth figure as one panel per group of classes; with no other record there
    is no ``table.*``."""
    writers = {"md": to_markdown, "csv": to_csv, "tex": to_latex}
    unknown = [t for t in tables if t not in writers]
    if unknown:
        raise InputError(f"table format(s) {unknown}: expected some of {', '.join(writers)}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # one class of a class sweep is one row of the atlas (atlas.csv), not of the table: a
    # sweep of 616,126 classes would make a table of as many rows, each with its bounds
    report = ReportFiles(rows=rows([r for r in records if not is_class_record(r)]))
    for kind in tables if report.rows else ():  # no header over nothing
        path = directory / f"table.{kind}"
        path.write_text(writers[kind](report.rows), encoding="utf-8")
        report.files.append(path)
    if plots:
        report.files += plot_energy_depth(records, directory)
        report.files += plot_size_vs_n(records, directory)
    written, report.memorization = write_memorization(records, directory, tables=tables,
                                                      plots=plots)
    report.files += written
    written, report.superposition = write_superposition(records, directory, tables=tables,
                                                        plots=plots)
    report.files += written
    written, report.separation = write_separation(records, directory, tables=tables,
                                                  plots=plots)
    report.files += written
    written, report.atlas, messages = write_atlas(records, directory, tables=tables,
                                                  plots=plots, drawings=drawings)
    report.files += written
    report.messages += messages
    if drawings:
        for stem, title, circuit in record_circuits(records):
            written, message = draw_circuit(circuit, directory / "circuits" / stem, title)
            report.files += written
            if message and message not in report.messages:
                report.messages.append(message)
    return report
