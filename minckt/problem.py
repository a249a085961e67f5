"""What goes into a search: resource limits, the gate model, and search parameters.

All three are frozen dataclasses.  Limits are upper bounds ("size <= s"); None means
unbounded.  They are plain data so that a store can key results on them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Mapping

from .bases import BASES
from .circuit import METRIC_NAMES, Metrics
from .errors import InputError

__all__ = ["AXES", "MODEL_KINDS", "Limits", "GateModel", "SearchParams", "check_axis"]

#: The resources a limit, an objective or a frontier axis can name.
AXES: tuple[str, ...] = METRIC_NAMES

#: Gate models: the neural gates of PAPERS.md §1, then the Boolean bases of `minckt.bases`.
MODEL_KINDS: tuple[str, ...] = ("threshold", "relu", "sigmoid", *BASES)


def check_axis(axis: object, what: str = "objective") -> str:
    """Validate a resource name; an unknown one is an error listing the valid ones."""
    if axis not in AXES:
        raise InputError(f"{what} {axis!r} is not a resource; expected one of {', '.join(AXES)}")
    return str(axis)


@dataclass(frozen=True)
class Limits:
    """Upper bounds on each resource (None: unbounded)."""

    size: int | None = None
    depth: int | None = None
    energy: int | None = None
    weight: int | None = None
    fanin: int | None = None
    wires: int | None = None

    def __post_init__(self) -> None:
        for axis in AXES:
            value = getattr(self, axis)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InputError(f"limit {axis} = {value!r}: expected a non-negative integer")

    def get(self, axis: str) -> int | None:
        """The limit on `axis` (None when unbounded)."""
        return getattr(self, check_axis(axis, "limit"))

    def with_(self, axis: str, value: int | None) -> "Limits":
        """A copy with one limit replaced."""
        return replace(self, **{check_axis(axis, "limit"): value})

    def tighten(self, axis: str, value: int) -> "Limits":
        """A copy with `axis` <= min(current limit, value)."""
        current = self.get(axis)
        return self.with_(axis, value if current is None else min(current, value))

    def bounded(self) -> tuple[str, ...]:
        """The axes that carry a limit."""
        return tuple(a for a in AXES if getattr(self, a) is not None)

    def violations(self, metrics: Metrics) -> list[str]:
        """Descriptions of each limit the metrics exceed (empty when all hold)."""
        return [
            f"{axis} = {metrics.get(axis)} > limit {getattr(self, axis)}"
            for axis in self.bounded()
            if metrics.get(axis) > getattr(self, axis)
        ]

    def to_json(self) -> dict:
        """Only the bounded axes."""
        return {a: getattr(self, a) for a in self.bounded()}

    @classmethod
    def from_json(cls, data: Mapping) -> "Limits":
        unknown = set(data) - set(AXES)
        if unknown:
            raise InputError(f"limits: unknown resource(s) {sorted(unknown)}; expected {AXES}")
        return cls(**dict(data))


@dataclass(frozen=True)
class GateModel:
    """The gate kind circuits are built from, with its parameters (PAPERS.md §1).

    `resolution` is R for ``relu`` (outputs 0..R) and ``sigmoid`` (R breakpoints); it is 1 for
    ``threshold``.
    """

    kind: str = "threshold"
    resolution: int = 1

    def __post_init__(self) -> None:
        if self.kind not in MODEL_KINDS:
            raise InputError(f"gate {self.kind!r}: expected one of {', '.join(MODEL_KINDS)}")
        if isinstance(self.resolution, bool) or not isinstance(self.resolution, int) \
                or self.resolution < 1:
            raise InputError(f"resolution {self.resolution!r}: expected an integer >= 1")
        if self.kind not in ("relu", "sigmoid") and self.resolution != 1:
            raise InputError(f"resolution applies to relu and sigmoid gates, not {self.kind}")

    @property
    def is_basis(self) -> bool:
        """True for a Boolean basis (`minckt.bases`)."""
        return self.kind in BASES

    @property
    def gate_kind(self) -> str:
        """The `Gate.kind` of this model's gates ("boolean" for a basis)."""
        return "boolean" if self.is_basis else self.kind

    def allows(self, gate) -> bool:
        """Whether `gate` (a `circuit.Gate`) is a gate of this model."""
        if gate.kind != self.gate_kind:
            return False
        if self.kind == "relu":
            return gate.resolution == self.resolution
        if self.kind == "sigmoid":
            return len(gate.breakpoints) == self.resolution
        if self.is_basis:
            return BASES[self.kind].allows(gate.fanin, gate.table)
        return True

    def to_json(self) -> dict:
        data: dict = {"kind": self.kind}
        if self.kind != "threshold":
            data["resolution"] = self.resolution
        return data

    @classmethod
    def from_json(cls, data: Mapping) -> "GateModel":
        """Inverse of `to_json`."""
        unknown = set(data) - {"kind", "resolution"}
        if unknown:
            raise InputError(f"gate: unknown key(s) {sorted(unknown)}; expected kind, resolution")
        return cls(kind=data.get("kind", "threshold"), resolution=data.get("resolution", 1))


@dataclass(frozen=True)
class SearchParams:
    """Every knob of a search in one place.

    * backend      -- registry name, or "auto";
    * time_limit   -- wall-clock seconds for the whole call (None: no limit); running out
      gives UNKNOWN or FEASIBLE, never a wrong answer;
    * workers      -- solver threads (CP-SAT `num_workers`; 2 by default, this project's
      machines have 2 cores and CP-SAT's single-worker search was far slower here);
    * seed         -- solver random seed;
    * symmetry     -- symmetry-break switches by name (a backend's defaults fill the rest);
    * default_size -- gate slots used when size is neither limited nor the objective
      (None: 2n, at least 2); the result's limits report the cap used;
    * dump_dir     -- write each encoded problem there (DIMACS / CP-SAT proto text);
    * sat_solver   -- python-sat solver name for the cnf backend;
    * two_phase    -- cnf backend: search small weights (|w| <= 3) beside the full
      sufficient range: raced in a second process (`minckt.search`), or, where nothing
      is raced (CEGAR), as a first phase;
    * cegar        -- solve on a growing subset of the care rows, adding rows where the
      circuit found is wrong (counterexample-guided; off by default);
    * polish       -- give every circuit found its gates' smallest weights (`minckt.polish`);
    * tied_probe   -- alongside each decision, race a search restricted to circuits that
      give symmetric inputs equal weights, on one row per vector of counts
      (`minckt.search`); its circuits are verified on every row like any other, and its
      UNSAT proves nothing, so it can only find circuits sooner;
    * certify      -- re-solve every UNSAT step an answer rests on as plain CNF with proof
      logging and check the DRAT proof with an independent checker (`minckt.certify`);
      the result's `certificate` lists each step;
    * certify_dir  -- keep each certified step's CNF and DRAT proof there (STEM.cnf,
      STEM.drat), so anyone can re-check them.
    """

    backend: str = "auto"
    time_limit: float | None = None
    workers: int = 2
    seed: int = 0
    symmetry: Mapping[str, bool] = field(default_factory=dict)
    default_size: int | None = None
    dump_dir: str | None = None
    polish: bool = True
    sat_solver: str = "cadical195"
    two_phase: bool = True
    cegar: bool = False
    tied_probe: bool = True
    certify: bool = False
    certify_dir: str | None = None

    def __post_init__(self) -> None:
        if self.time_limit is not None and not self.time_limit > 0:
            raise InputError(f"time_limit = {self.time_limit!r}: expected seconds > 0")
        if isinstance(self.workers, bool) or not isinstance(self.workers, int) \
                or self.workers < 1:
            raise InputError(f"workers = {self.workers!r}: expected an integer >= 1")
        object.__setattr__(self, "symmetry", dict(self.symmetry))

    def to_json(self) -> dict:
        return asdict(self)
