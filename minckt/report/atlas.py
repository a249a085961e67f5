"""The atlas of class sweeps: the least size of every NPN class of n-input functions and the
energy–depth frontier of every NP class, counted over the classes and over the functions
they hold (each class weighted by its size), with the checks that say whether every
function was counted once.

**Which records.**  A class-sweep record carries ``class`` (its representative's truth table,
hex) and ``class_size`` (how many functions the class holds), as `minckt sweep` writes them
(`minckt.run.sweep.class_instances`).  Its classes are NP classes when it is named ``np<n>-…``,
NPN classes when named ``npn<n>-…``; a record named otherwise takes the sweep's own rule (NP
when energy is in the question or the gates are relu or sigmoid: negating the output changes
those).  A least-size record named ``… least size`` is the first step of a ``size = "min+K"``
frontier sweep (`minckt.run.sweepfile.resolve_sizes`): it is read only to tell the frontiers their
size limit, never counted in a size atlas (the store holds one only for the NP classes that
no size sweep had answered already, so they are no sample of anything).  Other class records
(decisions, other objectives, other frontiers) stay in the main table only.

**Size atlas** (`SizeAtlas`), one per (n, classes, gate model, limits) of the least-size
records.  The search's default size cap of a least-size question (2^n + 1 slots for one
output, the size of a depth-2 DNF circuit, which computes any function) bounds nothing when
nothing else is limited, so such a record counts as "no limit".  The histogram counts the
classes proven OPTIMAL at each size and the functions they hold; the classes not OPTIMAL
are counted per status.  The coverage is the classes present over all classes of n inputs:
`NPN_CLASSES` (OEIS A000370) or `NP_CLASSES` (`minckt.core.classes.npn_representatives` with
``negate_output=False``; the test counts them for n <= 4).

* **Complete** (every class present): the class sizes must sum to 2^(2^n), each function
  lying in exactly one class; if they do not, the section and the top of the file say
  MISMATCH and `Atlas.mismatches` (the report's messages) repeats it.
* **Sample** (some classes): "sample of K of T classes", and the share of functions at each
  size estimated as Σ w·[size = s] / Σ w over the classes present (w the class size; a ratio
  estimator, consistent when the classes present are a uniform sample of the classes, which
  a finished ``sample = K`` sweep draws), with a 95 % interval from its linearised standard
  error and the finite-population correction 1 − K/T.  A sweep still running answers its
  sample in table order, so the section gives the span of the tables present.

With threshold gates and no limit, size 1 holds exactly the threshold functions (one gate
computes them and nothing else): `THRESHOLD_FUNCTIONS` (OEIS A000609; the test finds them by
brute force for n <= 4).  A complete group off that count is a MISMATCH too; a sample's line
says whether its interval covers the true share, a check on the sample itself.

Two records of one class in one group (two result files of one sweep, say) are one, a
proven answer first; two OPTIMAL answers that differ are an InputError naming both.

The largest proven size is listed with every class that needs it; the circuits of the first
`MAX_DRAWN` of them (in table order) are drawn (`drawings.draw_circuit`).

**Frontier atlas** (`FrontierAtlas`), one per (n, classes, gate model, limits) of the
energy–depth frontier records.  A frontier's points are its Pareto-optimal (depth, energy)
pairs; it has more than one when depth buys energy.  The gain of a class is the energy at
its least depth minus the least energy of its frontier (0 for one point).  The tables: the
classes (and functions) per number of points, with how many have every point OPTIMAL and a
complete (OPTIMAL) frontier; the classes per gain; the top `TOP` classes by gain (ties by
class) with their points, the circuits of every point of the first `MAX_DRAWN` drawn.

The size limit of a ``size = "min+K"`` sweep is resolved per class, so its records carry
different numbers: a record whose class has a least size among the records (a size record of
the same table, gate model and other limits) is grouped as "size ≤ least size + K".  Without
one it is "size ≤ N" as written, and "size limit per class" when such records of one group
carry several N.  A size cap the search set itself (its "default cap" note) is "size free".

Files (`write_atlas`): ``atlas.md``, ``atlas.csv`` (one row per class), and from
`minckt.report.atlas_figures` ``atlas_sizes`` and ``atlas_frontiers`` (.png/.svg) and the
drawings in ``atlas/``.  The groups themselves, their counts and checks, are computed in
`minckt.report.atlas_data` (its public names are importable from here too): the data come
first, the figures read them, and this module writes the tables and every file.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Mapping, Sequence

from minckt.report.atlas_data import (
    MAX_DRAWN, NP_CLASSES, NPN_CLASSES, THRESHOLD_FUNCTIONS, TOP, Atlas, ClassAnswer, Coverage,
    FrontierAtlas, FrontierClass, FrontierPoint, SizeAtlas, SizeBin, atlas_study, class_kind,
    percent
)
from minckt.report.atlas_figures import draw_atlas, plot_atlas
from minckt.report.records import Record, is_class_record
from minckt.report.studies import write_study
from minckt.report.tables import markdown_table

__all__ = ["NPN_CLASSES", "NP_CLASSES", "THRESHOLD_FUNCTIONS", "MAX_DRAWN", "TOP",
           "CSV_COLUMNS", "Coverage", "ClassAnswer", "SizeBin", "SizeAtlas", "FrontierPoint",
           "FrontierClass", "FrontierAtlas", "Atlas", "is_class_record", "class_kind",
           "atlas_study", "atlas_markdown", "atlas_csv", "write_atlas"]

#: Classes named in full on the largest-size line (the rest are counted).
_NAMED = 20


def _link(text: str, path: Path | None) -> str:
    if path is None:
        return text
    return f"![{text}]({path.as_posix()})" if path.suffix == ".svg" else \
        f"[{text}]({path.as_posix()})"


# -- Markdown and CSV -------------------------------------------------------------------------

def _size_table(group: SizeAtlas) -> list[str]:
    """The histogram: absolute counts for a complete group, shares for a sample."""
    coverage, unproven = group.coverage, group.unproven()
    if coverage.complete:
        body = [[str(b.size), f"{b.classes:,}", f"{b.functions:,}", percent(b.function_share)]
                for b in group.histogram()]
        body += [[f"not proven: {status}", f"{len(items):,}",
                  f"{sum(c.weight for c in items):,}",
                  percent(sum(c.weight for c in items) / coverage.weight)]
                 for status, items in unproven.items()]
        body.append(["total", f"{coverage.present:,}", f"{coverage.weight:,}",
                     percent(coverage.weight / coverage.functions)])
        return markdown_table(["least size", "classes", "functions", "share of functions"],
                              body)
    low, high = group.classes[0].label, group.classes[-1].label
    out = ["The shares of functions are estimates: Σ w·[size = s] / Σ w over the classes "
           "present, w the class size, ± the 95 % interval (linearised standard error, "
           "finite-population corrected). They hold for a uniform sample of the classes (a "
           "finished `sample = K` sweep draws one); a sweep still running answers its sample "
           f"in table order. Tables present: {low} to {high}.", ""]
    body = [[str(b.size), f"{b.classes:,}", percent(b.class_share), percent(b.function_share),
             "?" if math.isnan(b.margin) else f"± {percent(b.margin)}"]
            for b in group.histogram()]
    body += [[f"not proven: {status}", f"{len(items):,}",
              percent(len(items) / coverage.present),
              percent(sum(c.weight for c in items) / coverage.weight), ""]
             for status, items in unproven.items()]
    return out + markdown_table(["least size", "classes in sample", "share of classes",
                                 "est. share of functions", "± (95 %)"], body)


def _size_section(group: SizeAtlas, index: int, links: Mapping[tuple, Path]) -> list[str]:
    out = [f"## Least size: {group.title}", "", group.coverage.describe(), ""]
    check = group.threshold_check()
    if check is not None:
        out += [check[0], ""]
    out += _size_table(group)
    unproven = group.unproven()
    out.append("")
    if unproven:
        out += ["Not proven OPTIMAL: " + ", ".join(f"{len(items):,} {status}"
                                                    for status, items in unproven.items())
                + " (their least size is not known; the table counts them apart).", ""]
    needing = group.needing_largest()
    if needing:
        named = ", ".join(c.label for c in needing[:_NAMED])
        more = f" and {len(needing) - _NAMED:,} more" if len(needing) > _NAMED else ""
        functions = sum(c.weight for c in needing)
        out += [f"Largest proven size: **{group.largest}**, needed by {len(needing):,} "
                f"class{'es' if len(needing) != 1 else ''} ({functions:,} functions): "
                f"{named}{more}.", ""]
        drawn = [(c, links.get(("size", index, c.table))) for c in needing[:MAX_DRAWN]]
        out += [f"- {c.label} ({c.weight:,} functions): {_link(c.label, path)}"
                for c, path in drawn if path is not None]
        if any(path is not None for _, path in drawn):
            out.append("")
    return out


def _frontier_section(group: FrontierAtlas, index: int, links: Mapping[tuple, Path]
                      ) -> list[str]:
    coverage = group.coverage
    present = "" if coverage.complete else (f" The counts are of the classes present (tables "
                                            f"{group.classes[0].label} to "
                                            f"{group.classes[-1].label}).")
    out = [f"## Energy–depth frontier: {group.title}", "", coverage.describe() + present, "",
           "A frontier's points are its Pareto-optimal (depth, energy) pairs (energy: the most "
           "gates active on one input); more than one point means depth buys energy.", ""]
    body = [[str(points), f"{classes:,}", f"{functions:,}", f"{optimal:,}", f"{complete:,}",
             "depth buys energy" if points > 1 else ("no point" if points == 0 else "")]
            for points, classes, functions, optimal, complete in group.point_counts()]
    body.append(["total", f"{coverage.present:,}", f"{coverage.weight:,}",
                 f"{sum(c.all_optimal for c in group.classes):,}",
                 f"{sum(c.status == 'OPTIMAL' for c in group.classes):,}", ""])
    out += markdown_table(["frontier points", "classes", "functions", "every point OPTIMAL",
                           "frontier complete (OPTIMAL)", "note"], body)
    out += ["", "Gain: the energy at the least depth minus the least energy of the frontier.",
            ""]
    out += markdown_table(["gain", "classes", "functions"],
                          [[str(g), f"{c:,}", f"{f:,}"] for g, c, f in group.gains()])
    out.append("")
    top = group.top()
    if not top:
        out += ["No class gains energy from depth.", ""]
        return out
    out += [f"Top {len(top)} classes by gain (ties by class):", ""]
    out += markdown_table(["class", "class size", "gain", "frontier", "every point OPTIMAL"],
                          [[c.label, f"{c.weight:,}", str(c.gain), c.points_text(),
                            "yes" if c.all_optimal else "no"] for c in top])
    out.append("")
    for item in top[:MAX_DRAWN]:
        shown = [_link(f"e {p.energy} at d {p.depth}",
                       links.get(("frontier", index, item.table, p.depth)))
                 for p in item.points if ("frontier", index, item.table, p.depth) in links]
        if shown:
            out.append(f"- {item.label}: " + " · ".join(shown))
    if any(key[0] == "frontier" and key[1] == index for key in links):
        out.append("")
    return out


def atlas_markdown(study: Atlas, fits: Sequence = (), links: Mapping[tuple, Path] | None = None
                   ) -> str:
    """The atlas as Markdown: any MISMATCH first, then a section per size group and per
    frontier group, drawings linked from `links` (`draw_atlas`)."""
    links = links or {}
    out = ["# Atlas of class sweeps", "",
           "One record per class of n-input functions (`minckt sweep`); functions count each "
           "class by its size (the functions it holds), so over all classes they sum to "
           "2^(2^n). Size is invariant under permuting and negating inputs and output (NPN "
           "classes); energy only under the inputs' (NP classes).", ""]
    mismatches = study.mismatches()
    if mismatches:
        out += [f"**{line}**" for line in mismatches] + [""]
    if study.helpers:
        out += [f"{study.helpers:,} least-size record{'s' if study.helpers != 1 else ''} of "
                "`size = \"min+K\"` sweeps (named \"… least size\") were read only for the "
                "frontiers' size limits.", ""]
    for index, group in enumerate(study.sizes, start=1):
        out += _size_section(group, index, links)
    for index, frontier_group in enumerate(study.frontiers, start=1):
        out += _frontier_section(frontier_group, index, links)
    return "\n".join(out).rstrip("\n") + "\n"


#: Columns of `atlas_csv`: one row per class of each group.
CSV_COLUMNS = ("section", "n", "classes", "gate", "limits", "class", "class_size", "status",
               "least_size", "lower_bound", "frontier_points", "points", "gain",
               "all_points_optimal")


def atlas_csv(study: Atlas) -> str:
    """Every class of every group, machine-readable (RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in study.sizes:
        for c in group.classes:
            writer.writerow(["size", group.n, group.kind, group.gate, group.limits, c.label,
                             c.weight, c.status, "" if c.value is None else c.value,
                             "" if c.lower_bound is None else c.lower_bound, "", "", "", ""])
    for frontier in study.frontiers:
        for f in frontier.classes:
            points = " ".join(f"e{p.energy}@d{p.depth}" for p in f.points)
            writer.writerow(["frontier", frontier.n, frontier.kind, frontier.gate,
                             frontier.limits, f.label, f.weight, f.status, "", "",
                             len(f.points), points, "" if f.gain is None else f.gain,
                             str(f.all_optimal).lower()])
    return buffer.getvalue()


def write_atlas(records: Sequence[Record], directory: str | Path, *,
                tables: Sequence[str] = ("md", "csv"), plots: bool = True,
                drawings: bool = True) -> tuple[list[Path], Atlas | None, list[str]]:
    """``atlas.md``/``.csv`` (those of `tables`), with `plots` the figures, with `drawings`
    the circuits in ``atlas/``, in `directory`; nothing when no record is of a class sweep.
    Returns the files written (tables first), the atlas, and the messages (each MISMATCH,
    Graphviz missing)."""
    study = atlas_study(records)
    if study is None:
        return [], None, []
    links: dict[tuple, Path] = {}
    drawn: list[Path] = []
    messages = study.mismatches()
    if drawings:
        links, drawn, notes = draw_atlas(study, directory)
        messages += notes
    written, _ = write_study(study, directory, "atlas",
                             markdown=lambda s, f: atlas_markdown(s, f, links), csv=atlas_csv,
                             plot=plot_atlas, tables=tables, plots=plots)
    return written + drawn, study, messages
