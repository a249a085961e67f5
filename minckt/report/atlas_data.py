"""The atlas's data: the class-sweep records read as classes, grouped into size atlases and
energy–depth frontier atlases, with their coverage, histograms, gains and checks
(`minckt.report.atlas` says which records count, how and what each section holds; its tables
and files are written there, its figures by `minckt.report.atlas_figures`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from minckt.core.classes import NP_CLASSES, NPN_CLASSES
from minckt.core.problem import Limits
from minckt.core.spec import Spec
from minckt.errors import InputError
from minckt.report.common import gate_label
from minckt.report.records import Record, count_field, field_error, is_class_record
from minckt.report.tables import limits_text, user_limits

__all__ = ["NPN_CLASSES", "NP_CLASSES", "THRESHOLD_FUNCTIONS", "MAX_DRAWN", "TOP", "Coverage",
           "ClassAnswer", "SizeBin", "SizeAtlas", "FrontierPoint", "FrontierClass",
           "FrontierAtlas", "Atlas", "class_kind", "percent", "atlas_study"]


#: Threshold functions of n inputs (constants included), n = 0..8 (OEIS A000609): the
#: functions of least size 1 when threshold gates are limited by nothing.
THRESHOLD_FUNCTIONS = {0: 2, 1: 4, 2: 14, 3: 104, 4: 1882, 5: 94_572, 6: 15_028_134,
                       7: 8_378_070_864, 8: 17_561_539_552_946}

#: Classes whose circuits a section draws at most.
MAX_DRAWN = 6

#: Classes the frontier sections list by gain.
TOP = 10

_KIND_NAME = re.compile(r"^(npn|np)(\d+)-")
_HEX = re.compile(r"^0[xX][0-9a-fA-F]+$")
_HELPER = " least size"


# -- the records, as classes ------------------------------------------------------------------

def class_kind(record: Record, n: int) -> str:
    """ "NPN" or "NP" for a record of n inputs: from the name `class_instances` gives
    (``npn4-…``, ``np4-…``), else the sweep's rule (NP when energy is in the question or the
    gates are relu or sigmoid)."""
    match = _KIND_NAME.match(str(record.get("name") or ""))
    if match and int(match.group(2)) == n:
        return match.group(1).upper()
    energy = "energy" in (record.get("objective"), *(record.get("frontier") or ())) \
        or record.limits().energy is not None
    return "NP" if energy or record.model().kind in ("relu", "sigmoid") else "NPN"


def _class_of(record: Record, spec: Spec) -> tuple[int, int, str, int]:
    """(n, table, label, class size) of a class record; a malformed one is an InputError."""
    n, label, weight = spec.n, record.get("class"), record.get("class_size")
    functions = 1 << (1 << n)
    if not isinstance(label, str) or not _HEX.match(label) or int(label, 16) >= functions:
        raise field_error(record, "class", label, "the representative's truth table in hex, "
                          f"below 2^(2^{n})")
    table = int(label, 16)
    if spec.outputs != (table,):
        raise field_error(record, "class", label, "the table of the record's spec (one output)")
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= functions:
        raise field_error(record, "class_size", weight,
                          f"the functions the class holds, 1..2^(2^{n})")
    digits = max(1, (1 << n) // 4)
    return n, table, f"0x{table:0{digits}X}", weight


def _question_limits(record: Record, spec: Spec) -> Limits:
    """The limits of the question asked: `user_limits`, and for a least-size question with
    nothing else limited no size cap of 2^n + m slots or more (the depth-2 DNF circuit fits
    in it, so it bounds nothing; the batch path writes its default cap without a note)."""
    limits = user_limits(record)
    if record.get("objective") == "size" and not record.get("frontier") \
            and limits.bounded() == ("size",) and not limits.shaped and not limits.conditional:
        if limits.size is not None and limits.size >= spec.num_rows + spec.num_outputs:
            return limits.with_("size", None)
    return limits


def _status(record: Record) -> str:
    status = record.get("status")
    if not isinstance(status, str):
        raise field_error(record, "status", status, "the answer's status (OPTIMAL, FEASIBLE, ...)")
    return status


# -- coverage ---------------------------------------------------------------------------------

def percent(share: float) -> str:
    """E.g. "40.63 %"; a share below 0.1 % with two significant digits ("0.0022 %")."""
    if 0 < 100 * share < 0.1:
        return f"{100 * share:.2g} %"
    return f"{100 * share:.2f} %"


@dataclass(frozen=True)
class Coverage:
    """Which part of the classes of n inputs a group holds, and whether its weights add up."""

    n: int
    kind: str           # "NPN" or "NP"
    present: int        # distinct classes present
    weight: int         # their class sizes summed

    @property
    def total(self) -> int | None:
        """The classes of n inputs (None when not known for this n)."""
        return (NPN_CLASSES if self.kind == "NPN" else NP_CLASSES).get(self.n)

    @property
    def functions(self) -> int:
        return 1 << (1 << self.n)

    @property
    def complete(self) -> bool:
        return self.total is not None and self.present >= self.total

    @property
    def mismatch(self) -> str | None:
        """What does not add up (None when everything does)."""
        total = self.total
        if total is not None and self.present > total:
            return (f"{self.present:,} distinct {self.kind} classes of {self.n} inputs, but "
                    f"there are {total:,}")
        if self.complete and self.weight != self.functions:
            return (f"the class sizes of all {total:,} {self.kind} classes of {self.n} inputs "
                    f"sum to {self.weight:,}, not 2^(2^{self.n}) = {self.functions:,}")
        if self.weight > self.functions:
            return (f"the class sizes sum to {self.weight:,}, more than the "
                    f"{self.functions:,} functions of {self.n} inputs")
        return None

    def describe(self) -> str:
        """The coverage line and, for a complete group, the check of the weights."""
        total, kind = self.total, f"{self.kind} classes of {self.n} inputs"
        if total is None:
            text = f"{self.present:,} {kind} (their number is not known to minckt)."
        elif self.complete:
            source = " (OEIS A000370)" if self.kind == "NPN" else ""
            text = f"All {total:,} {kind}{source}."
        else:
            text = (f"Sample of {self.present:,} of {total:,} {kind} "
                    f"({percent(self.present / total)} of the classes).")
        if self.mismatch:
            return f"{text} **MISMATCH**: {self.mismatch}."
        if self.complete:
            text += (f" Check: the class sizes sum to {self.weight:,} = 2^(2^{self.n}), every "
                     "function counted once.")
        return text


# -- the size atlas ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ClassAnswer:
    """One class of a least-size sweep."""

    table: int
    label: str
    weight: int                  # the functions the class holds
    status: str
    value: int | None            # the least size found (proven when OPTIMAL)
    lower_bound: int | None
    circuit: Mapping | None
    where: str


@dataclass(frozen=True)
class SizeBin:
    """One row of a size histogram: the classes proven at `size`, the functions they hold,
    their shares of the group's classes and functions, and the share's 95 % margin (0 for a
    complete group)."""

    size: int
    classes: int
    functions: int
    class_share: float
    function_share: float
    margin: float


def _ratio_estimate(weights: Sequence[int], hits: Sequence[bool], total: int | None
                    ) -> tuple[float, float]:
    """Σ w·hit / Σ w over a sample of `total` classes, and the half-width of its 95 % interval
    (1.96 linearised standard errors, finite-population corrected; 0 for the whole
    population, NaN when it cannot be estimated)."""
    count, weight = len(weights), sum(weights)
    share = sum(w for w, h in zip(weights, hits) if h) / weight
    if total is not None and count >= total:
        return share, 0.0
    if count < 2 or total is None:
        return share, math.nan
    mean = weight / count
    spread = sum((w * (h - share)) ** 2 for w, h in zip(weights, hits)) / (count - 1)
    return share, 1.96 * math.sqrt((1 - count / total) * spread / count) / mean


@dataclass(frozen=True)
class _Group:
    """One group of classes of a sweep: n, NPN or NP, gate model, limits; its classes."""

    n: int
    kind: str
    gate: str
    limits: str
    classes: tuple               # one per class, in table order

    @property
    def title(self) -> str:
        return f"{self.kind} classes of {self.n} inputs, {self.gate} gates, {self.limits}"

    @property
    def coverage(self) -> Coverage:
        return Coverage(self.n, self.kind, len(self.classes),
                        sum(c.weight for c in self.classes))


@dataclass(frozen=True)
class SizeAtlas(_Group):
    """The least sizes of one group of classes (`ClassAnswer`s)."""

    def proven(self) -> list[ClassAnswer]:
        return [c for c in self.classes if c.status == "OPTIMAL"]

    def histogram(self) -> list[SizeBin]:
        """One bin per proven least size, ascending; shares over every class present."""
        weights = [c.weight for c in self.classes]
        total = self.coverage.total
        bins = []
        for size in sorted({c.value for c in self.proven() if c.value is not None}):
            hits = [c.status == "OPTIMAL" and c.value == size for c in self.classes]
            share, margin = _ratio_estimate(weights, hits, total)
            bins.append(SizeBin(size, sum(hits), sum(w for w, h in zip(weights, hits) if h),
                                sum(hits) / len(hits), share, margin))
        return bins

    def unproven(self) -> dict[str, list[ClassAnswer]]:
        """The classes not proven OPTIMAL, by status."""
        found: dict[str, list[ClassAnswer]] = {}
        for item in self.classes:
            if item.status != "OPTIMAL":
                found.setdefault(item.status, []).append(item)
        return dict(sorted(found.items()))

    @property
    def largest(self) -> int | None:
        """The largest proven least size (None when nothing is proven)."""
        return max((c.value for c in self.proven() if c.value is not None), default=None)

    def threshold_check(self) -> tuple[str, bool] | None:
        """What `THRESHOLD_FUNCTIONS` says of size 1 (threshold gates, no limit; else None):
        the line, and whether it is a MISMATCH (a complete group off the count)."""
        known = THRESHOLD_FUNCTIONS.get(self.n)
        if self.gate != "threshold" or self.limits != "no limit" or known is None:
            return None
        coverage = self.coverage
        one = next((b for b in self.histogram() if b.size == 1), None)
        if coverage.complete:
            found = 0 if one is None else one.functions
            if found == known:
                return (f"Check: size 1 holds {found:,} functions, the threshold functions of "
                        f"{self.n} inputs (OEIS A000609).", False)
            return (f"**MISMATCH**: size 1 holds {found:,} functions, but there are {known:,} "
                    f"threshold functions of {self.n} inputs (OEIS A000609).", True)
        truth = known / coverage.functions
        text = (f"Known: size 1 holds the {known:,} threshold functions of {self.n} inputs "
                f"(OEIS A000609), {percent(truth)} of all")
        if one is None or math.isnan(one.margin):
            return text + ".", False
        covered = abs(one.function_share - truth) <= one.margin
        return (text + f"; the estimate {percent(one.function_share)} ± "
                f"{percent(one.margin)} " + ("covers it." if covered else
                "does not cover it: the classes present are no uniform sample."), False)

    def needing_largest(self) -> list[ClassAnswer]:
        """The classes proven to need the largest size, in table order."""
        largest = self.largest
        return [c for c in self.proven() if c.value == largest]


# -- the frontier atlas -----------------------------------------------------------------------

@dataclass(frozen=True)
class FrontierPoint:
    """One Pareto-optimal (depth, energy) point of a class's frontier."""

    depth: int
    energy: int
    status: str
    circuit: Mapping | None


@dataclass(frozen=True)
class FrontierClass:
    """One class of an energy–depth frontier sweep: its points by depth, ascending."""

    table: int
    label: str
    weight: int
    status: str                  # the frontier's: OPTIMAL when it is complete and proven
    points: tuple[FrontierPoint, ...]
    where: str

    @property
    def gain(self) -> int | None:
        """Energy at the least depth minus the least energy (None without points)."""
        if not self.points:
            return None
        return self.points[0].energy - min(p.energy for p in self.points)

    @property
    def all_optimal(self) -> bool:
        return bool(self.points) and all(p.status == "OPTIMAL" for p in self.points)

    def points_text(self) -> str:
        """E.g. "e 3 at d 1 · e 1 at d 2" (a point not proven OPTIMAL: its status after)."""
        return " · ".join(f"e {p.energy} at d {p.depth}"
                          + ("" if p.status == "OPTIMAL" else f" ({p.status})")
                          for p in self.points) or "no point"


@dataclass(frozen=True)
class FrontierAtlas(_Group):
    """The energy–depth frontiers of one group of classes (`FrontierClass`es)."""

    def point_counts(self) -> list[tuple[int, int, int, int, int]]:
        """(points, classes, functions, classes with every point OPTIMAL, classes with a
        complete frontier) per number of points, ascending."""
        rows = []
        for count in sorted({len(c.points) for c in self.classes}):
            group = [c for c in self.classes if len(c.points) == count]
            rows.append((count, len(group), sum(c.weight for c in group),
                         sum(c.all_optimal for c in group),
                         sum(c.status == "OPTIMAL" for c in group)))
        return rows

    def gains(self) -> list[tuple[int, int, int]]:
        """(gain, classes, functions) per gain, ascending (classes with points only)."""
        rows = []
        for gain in sorted({c.gain for c in self.classes if c.gain is not None}):
            group = [c for c in self.classes if c.gain == gain]
            rows.append((gain, len(group), sum(c.weight for c in group)))
        return rows

    def top(self, count: int = TOP) -> list[FrontierClass]:
        """The classes that gain energy from depth, largest gain first, ties by table."""
        gaining = [c for c in self.classes if c.gain]
        return sorted(gaining, key=lambda c: (-(c.gain or 0), c.table))[:count]


# -- the atlas --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Atlas:
    """Every size and frontier group of the class-sweep records, and how many least-size
    records of ``size = "min+K"`` sweeps were read for the frontiers' size limits only."""

    sizes: tuple[SizeAtlas, ...]
    frontiers: tuple[FrontierAtlas, ...]
    helpers: int = 0

    def fits(self) -> tuple:
        """No fitted references (`studies.write_study` asks every study for its fits)."""
        return ()

    def mismatches(self) -> list[str]:
        """Every group whose classes, weights or threshold functions do not add up, as one
        line each."""
        found = [f"atlas, {group.title}: MISMATCH: {group.coverage.mismatch}"
                 for group in (*self.sizes, *self.frontiers) if group.coverage.mismatch]
        for group in self.sizes:
            check = group.threshold_check()
            if check is not None and check[1]:
                found.append(f"atlas, {group.title}: {check[0].replace('**', '')}")
        return found


def _deduplicated(entries: list, better, conflict) -> list:
    """One entry per class (the `better` of two), in table order; `conflict(a, b)` raises
    when two records of one question contradict each other."""
    kept: dict[int, object] = {}
    for entry in entries:
        other = kept.get(entry.table)
        if other is None:
            kept[entry.table] = entry
            continue
        conflict(other, entry)
        kept[entry.table] = entry if better(entry) > better(other) else other
    return [kept[t] for t in sorted(kept)]


def _size_conflict(a: ClassAnswer, b: ClassAnswer) -> None:
    if a.status == b.status == "OPTIMAL" and a.value != b.value:
        raise InputError(f"{b.where}: class {b.label} has least size {b.value} proven OPTIMAL, "
                         f"but {a.where} proves {a.value}: two answers to one question")


def _size_rank(a: ClassAnswer) -> tuple:
    return (a.status == "OPTIMAL", a.value is not None, -(a.value or 0))


def _frontier_conflict(a: FrontierClass, b: FrontierClass) -> None:
    if a.status == b.status == "OPTIMAL" and \
            [(p.depth, p.energy) for p in a.points] != [(p.depth, p.energy) for p in b.points]:
        raise InputError(f"{b.where}: class {b.label} has the complete frontier "
                         f"{b.points_text()}, but {a.where} has {a.points_text()}: two answers "
                         "to one question")


def _frontier_rank(a: FrontierClass) -> tuple:
    return (a.status == "OPTIMAL", sum(p.status == "OPTIMAL" for p in a.points))


def _frontier_class(record: Record, table: int, label: str, weight: int) -> FrontierClass:
    points = []
    for index, point in enumerate(record.get("points") or []):
        coordinates = point.get("coordinates")
        if not coordinates:  # a point without coordinates is no point of the frontier
            continue
        if "depth" not in coordinates or "energy" not in coordinates:
            raise field_error(record, f"points[{index}].coordinates", coordinates,
                              "the point's energy and depth")
        points.append(FrontierPoint(int(coordinates["depth"]), int(coordinates["energy"]),
                                    str(point.get("status")), point.get("circuit")))
    return FrontierClass(table, label, weight, _status(record),
                         tuple(sorted(points, key=lambda p: (p.depth, p.energy))), record.where)


def _size_label(limit: int | None, least: int | None) -> str:
    if limit is None:
        return "size free"
    if least is None:
        return f"size ≤ {limit}"
    slack = limit - least
    return f"size ≤ least size {'+' if slack >= 0 else '−'} {abs(slack)}"


def _with_others(label: str, others: str) -> str:
    return label if not others else f"{label}, {others}"


def atlas_study(records: Sequence[Record]) -> Atlas | None:
    """The atlas of the class-sweep records (module docstring); None when there are none."""
    sized: dict[tuple[int, str, str, str], list[ClassAnswer]] = {}
    frontier: dict[tuple, list[tuple[int | None, FrontierClass, int]]] = {}
    least: dict[tuple, int] = {}
    helpers = 0
    for record in records:
        if not is_class_record(record):
            continue
        spec = record.spec()
        n, table, label, weight = _class_of(record, spec)
        kind = class_kind(record, n)
        gate, limits = gate_label(record.model()), _question_limits(record, spec)
        others = limits_text(limits, skip=("size",))
        if record.get("objective") == "size" and not record.get("frontier"):
            value = count_field(record, "value")
            if _status(record) == "OPTIMAL" and value is not None:
                least[n, table, gate, others] = value
            if record.name.endswith(_HELPER):
                helpers += 1
                continue
            answer = ClassAnswer(table, label, weight, _status(record), value,
                                 count_field(record, "lower_bound"),
                                 record.get("circuit"), record.where)
            key = (n, kind, gate, limits_text(limits) or "no limit")
            sized.setdefault(key, []).append(answer)
        elif sorted(record.get("frontier") or ()) == ["depth", "energy"]:
            base = (n, kind, gate, others)
            frontier.setdefault(base, []).append(
                (limits.size, _frontier_class(record, table, label, weight), table))
    sizes = tuple(SizeAtlas(*key, tuple(_deduplicated(items, _size_rank, _size_conflict)))
                  for key, items in sorted(sized.items()))
    groups: dict[tuple[int, str, str, str], list[FrontierClass]] = {}
    for (n, kind, gate, others), items in sorted(frontier.items()):
        labels = [_size_label(limit, least.get((n, table, gate, others)))
                  for limit, _, table in items]
        fixed = {text for text in labels if text.startswith("size ≤ ") and "least" not in text}
        for text, (_, item, _) in zip(labels, items):
            if len(fixed) > 1 and text in fixed:
                text = "size limit per class"
            groups.setdefault((n, kind, gate, _with_others(text, others)), []).append(item)
    frontiers = tuple(FrontierAtlas(*key, tuple(_deduplicated(items, _frontier_rank,
                                                              _frontier_conflict)))
                      for key, items in sorted(groups.items()))
    if not sizes and not frontiers:
        return None
    return Atlas(sizes, frontiers, helpers)
