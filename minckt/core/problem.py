"""What goes into a search: resource limits, the gate model, and search parameters.

All three are frozen dataclasses.  Limits are upper bounds ("size <= s"); None means
unbounded.  Beside the resources, `Limits.conditional` says whether gates may carry guards
(conditional computation, `minckt.core.circuit`): off, a circuit has none; and `layers`, `skip`
and `outputs_read` give the circuit the shape of a network (`Limits` below).  They are plain
data so that a store can key results on them.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, Mapping, TypeGuard

from minckt.core.bases import BASES
from minckt.core.circuit import METRIC_NAMES, Metrics
from minckt.errors import InputError, InternalError

__all__ = ["Axis", "ModelKind", "AXES", "MODEL_KINDS", "LIMIT_MAX", "OUTPUTS_READ", "MAX_LAYERS", "MAX_LAYER_WIDTH", "MAX_RESOLUTION", "MAX_TIME_LIMIT",
           "MAX_WORKERS", "SEED_BOUND", "Limits", "GateModel", "SearchParams", "check_axis"]

#: The resources a limit, an objective or a frontier axis can name.
AXES: tuple[str, ...] = METRIC_NAMES

#: Gate models: the neural gates of docs/guide/semantics.md#gates-and-circuits, then the Boolean
#: bases of `minckt.core.bases`.
MODEL_KINDS: tuple[str, ...] = ("threshold", "relu", "sigmoid", *BASES)

#: A resource's name as a type: an objective, a limit, a frontier axis (the values of AXES;
#: `tests/core/test_problem_types.py` keeps the two equal).
Axis = Literal["size", "depth", "energy", "weight", "fanin", "wires", "evaluated", "ops",
               "hidden", "params"]

#: A gate model's kind as a type (the values of MODEL_KINDS, kept equal by the same test).
ModelKind = Literal["threshold", "relu", "sigmoid", "aig", "xaig", "full2", "mig"]

#: Largest value each limit accepts.  Gate counts stop at 2^21 (the default size cap of a
#: size minimisation, 2^n + m, stays below it for n <= 20 and m <= 1024), weights at 2^40
#: (a sum of fan-in x weight, below 2^61, must fit OR-Tools' int64), wires at gates x
#: (gates + inputs).  Instance files accept far less (`minckt.io.instances`).
LIMIT_MAX: dict[str, int] = {"size": 1 << 21, "depth": 1 << 21, "energy": 1 << 21,
                             "fanin": 1 << 21, "weight": 1 << 40, "wires": 1 << 43,
                             "evaluated": 1 << 21, "ops": 1 << 43, "hidden": 1 << 21,
                             "params": 1 << 43}

#: Values of `Limits.outputs_read`.
OUTPUTS_READ = ("any", "hidden")

#: Most layers (hidden ones and the output layer) and the widest layer a network may ask.
MAX_LAYERS = 64
MAX_LAYER_WIDTH = 1024

#: Largest ReLU / sigmoid resolution R (R step literals per gate and row are encoded).
MAX_RESOLUTION = 64

#: Largest time limit in seconds (about 11.6 days; poll() takes at most 2^31 ms).
MAX_TIME_LIMIT = 1e6

#: Most solver threads a search may ask for.
MAX_WORKERS = 256

#: Solver seeds are integers in 0..SEED_BOUND-1 (CP-SAT's random_seed is an int32).
SEED_BOUND = 1 << 31


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_axis(value: object) -> TypeGuard[Axis]:
    return value in AXES


def check_axis(axis: object, what: str = "objective") -> Axis:
    """Validate a resource name; an unknown one is an error listing the valid ones."""
    if not _is_axis(axis):
        raise InputError(f"{what} {axis!r} is not a resource; expected one of {', '.join(AXES)}")
    return axis


@dataclass(frozen=True)
class Limits:
    """Upper bounds on each resource (None: unbounded), whether gates may be guarded, and
    the shape of the network.

    `conditional` (default False) lets the search place guards: a gate evaluated only where an
    earlier gate's activity has a given value (`minckt.core.circuit`).  It widens the question, so
    it is part of what an answer is an answer to.

    The architecture (`minckt.verify.architecture_problems` checks a circuit against it):

    * `layers` = (h1, ..., hL, m): a layered network of L hidden layers of at most h_l gates
      each and an output layer of the m output gates (the last entry; one gate per output).
      A gate of layer l reads gates of layer l - 1 only (layer 1 reads the inputs).  Widths
      are upper bounds like every limit.  None (the default): a free DAG.
    * `skip` (default True): a gate may also read the primary inputs and every earlier layer
      (with `layers`; a free DAG reads every earlier node anyway).  With skip = False a gate
      of layer l >= 2 reads layer l - 1 only.
    * `outputs_read` = "any" (default) or "hidden": with "hidden", no output gate reads a
      primary input, so every output is a function of the gates that drive no output.
    """

    size: int | None = None
    depth: int | None = None
    energy: int | None = None
    weight: int | None = None
    fanin: int | None = None
    wires: int | None = None
    evaluated: int | None = None
    ops: int | None = None
    hidden: int | None = None
    params: int | None = None
    conditional: bool = False
    layers: tuple[int, ...] | None = None
    skip: bool = True
    outputs_read: str = "any"

    def __post_init__(self) -> None:
        if not isinstance(self.conditional, bool):
            raise InputError(f"conditional = {self.conditional!r}: expected true or false")
        if not isinstance(self.skip, bool):
            raise InputError(f"skip = {self.skip!r}: expected true or false")
        if self.outputs_read not in OUTPUTS_READ:
            raise InputError(f"outputs_read = {self.outputs_read!r}: expected \"any\" or "
                             "\"hidden\"")
        if self.layers is not None:
            layers = self.layers
            if isinstance(layers, (str, bytes)) or not isinstance(layers, (list, tuple)) \
                    or not 1 <= len(layers) <= MAX_LAYERS \
                    or not all(_is_int(h) and 1 <= h <= MAX_LAYER_WIDTH for h in layers):
                raise InputError(f"layers = {layers!r}: expected a list of 1 to {MAX_LAYERS} "
                                 f"widths in 1..{MAX_LAYER_WIDTH} (hidden layers, then the "
                                 "output layer)")
            object.__setattr__(self, "layers", tuple(int(h) for h in layers))
        elif not self.skip:
            raise InputError("skip = false applies to a layered network: give layers too "
                             "(a free DAG's gates read every earlier node)")
        for axis in AXES:
            value = getattr(self, axis)
            if value is None:
                continue
            if not _is_int(value) or not 0 <= value <= LIMIT_MAX[axis]:
                raise InputError(f"limit {axis} = {value!r}: expected an integer in "
                                 f"0..{LIMIT_MAX[axis]}")

    def get(self, axis: str) -> int | None:
        """The limit on `axis` (None when unbounded)."""
        return getattr(self, check_axis(axis, "limit"))

    def require(self, axis: str) -> int:
        """The limit on `axis`, which the caller knows is bounded (InternalError if not)."""
        value = self.get(axis)
        if value is None:
            raise InternalError(f"limit {axis} is unbounded in {self}; a bound was expected")
        return value

    def with_(self, axis: str, value: int | None) -> "Limits":
        """A copy with one limit replaced."""
        changes: dict[str, Any] = {check_axis(axis, "limit"): value}
        return replace(self, **changes)

    def tighten(self, axis: str, value: int) -> "Limits":
        """A copy with `axis` <= min(current limit, value)."""
        current = self.get(axis)
        return self.with_(axis, value if current is None else min(current, value))

    def bounded(self) -> tuple[str, ...]:
        """The axes that carry a limit."""
        return tuple(a for a in AXES if getattr(self, a) is not None)

    @property
    def shaped(self) -> bool:
        """True when the architecture is not the free DAG's (layers, or outputs that read
        hidden gates only)."""
        return self.layers is not None or self.outputs_read != "any"

    @property
    def hidden_layers(self) -> tuple[int, ...]:
        """The widths of the hidden layers (empty without `layers`)."""
        return () if self.layers is None else self.layers[:-1]

    def architecture_json(self) -> dict:
        """The architecture's keys that differ from the free DAG's."""
        data: dict = {}
        if self.layers is not None:
            data["layers"] = list(self.layers)
            if not self.skip:
                data["skip"] = False
        if self.outputs_read != "any":
            data["outputs_read"] = self.outputs_read
        return data

    def violations(self, metrics: Metrics) -> list[str]:
        """Descriptions of each limit the metrics exceed (empty when all hold; guards are
        checked by `minckt.verify`, which sees the circuit)."""
        return [
            f"{axis} = {metrics.get(axis)} > limit {getattr(self, axis)}"
            for axis in self.bounded()
            if metrics.get(axis) > getattr(self, axis)
        ]

    def to_json(self) -> dict:
        """Only the bounded axes, ``"conditional": true`` when guards are allowed, and the
        architecture's keys that differ from the free DAG's."""
        data: dict = {a: getattr(self, a) for a in self.bounded()}
        if self.conditional:
            data["conditional"] = True
        data.update(self.architecture_json())
        return data

    @classmethod
    def from_json(cls, data: Mapping) -> "Limits":
        if not isinstance(data, Mapping):
            raise InputError(f"limits {data!r}: expected an object of resource: bound")
        unknown = set(data) - set(AXES) - set(_SHAPE_KEYS)
        if unknown:
            raise InputError(f"limits: unknown resource(s) {sorted(unknown)}; expected {AXES} "
                             f"or {', '.join(_SHAPE_KEYS)}")
        return cls(**dict(data))


#: The keys of `Limits` beside the resources.
_SHAPE_KEYS = ("conditional", "layers", "skip", "outputs_read")


@dataclass(frozen=True)
class GateModel:
    """The gate kind circuits are built from, with its parameters
    (docs/guide/semantics.md#gates-and-circuits).

    `resolution` is R for ``relu`` (outputs 0..R) and ``sigmoid`` (R breakpoints); it is 1 for
    ``threshold``.
    """

    kind: ModelKind = "threshold"
    resolution: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str) or self.kind not in MODEL_KINDS:
            raise InputError(f"gate {self.kind!r}: expected one of {', '.join(MODEL_KINDS)}")
        if not _is_int(self.resolution) or not 1 <= self.resolution <= MAX_RESOLUTION:
            raise InputError(f"resolution {self.resolution!r}: expected an integer in "
                             f"1..{MAX_RESOLUTION}")
        if self.kind not in ("relu", "sigmoid") and self.resolution != 1:
            raise InputError(f"resolution applies to relu and sigmoid gates, not {self.kind}")

    @property
    def is_basis(self) -> bool:
        """True for a Boolean basis (`minckt.core.bases`)."""
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
        if not isinstance(data, Mapping):
            raise InputError(f"gate {data!r}: expected an object with kind (and resolution)")
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
      sufficient range: raced in a second process (`minckt.solve`), or, where nothing
      is raced (CEGAR), as a first phase;
    * cegar        -- solve on a growing subset of the care rows, adding rows where the
      circuit found is wrong (counterexample-guided; off by default);
    * polish       -- give every circuit found its gates' smallest weights (`minckt.solve.polish`);
    * tied_probe   -- alongside each decision, race a search restricted to circuits that
      give symmetric inputs equal weights, on one row per vector of counts
      (`minckt.solve`); its circuits are verified on every row like any other, and its
      UNSAT proves nothing, so it can only find circuits sooner;
    * certify      -- re-solve every UNSAT step an answer rests on as plain CNF with proof
      logging and check the DRAT proof with an independent checker (`minckt.solve.certify`);
      the result's `certificate` lists each step;
    * certify_dir  -- keep each certified step's CNF and DRAT proof there (STEM.cnf,
      STEM.drat), so anyone can re-check them;
    * label        -- names the files a search writes (certificates): the instance's name.
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
    label: str = ""

    def __post_init__(self) -> None:
        limit = self.time_limit
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, (int, float))
                                  or not 0 < limit <= MAX_TIME_LIMIT):  # also rejects nan
            raise InputError(f"time_limit = {limit!r}: expected seconds in (0, "
                             f"{MAX_TIME_LIMIT:.0e}] (1e6 s is about 11.6 days)")
        if not _is_int(self.workers) or not 1 <= self.workers <= MAX_WORKERS:
            raise InputError(f"workers = {self.workers!r}: expected an integer in "
                             f"1..{MAX_WORKERS}")
        if not _is_int(self.seed) or not 0 <= self.seed < SEED_BOUND:
            raise InputError(f"seed = {self.seed!r}: expected an integer in 0..{SEED_BOUND - 1}")
        if not isinstance(self.backend, str):
            raise InputError(f"backend = {self.backend!r}: expected a backend name")
        if not isinstance(self.sat_solver, str):
            raise InputError(f"sat_solver = {self.sat_solver!r}: expected a solver name")
        if self.default_size is not None and (not _is_int(self.default_size)
                                              or not 1 <= self.default_size
                                              <= LIMIT_MAX["size"]):
            raise InputError(f"default_size = {self.default_size!r}: expected an integer in "
                             f"1..{LIMIT_MAX['size']}")
        if self.dump_dir is not None and not isinstance(self.dump_dir, (str, os.PathLike)):
            raise InputError(f"dump_dir = {self.dump_dir!r}: expected a directory path")
        for switch in ("polish", "two_phase", "cegar", "tied_probe"):
            if not isinstance(getattr(self, switch), bool):
                raise InputError(f"{switch} = {getattr(self, switch)!r}: expected True or False")
        if not isinstance(self.symmetry, Mapping) or not all(
                isinstance(k, str) and isinstance(v, bool) for k, v in self.symmetry.items()):
            raise InputError(f"symmetry = {self.symmetry!r}: expected a mapping of switch "
                             "names to True or False")
        object.__setattr__(self, "symmetry", dict(self.symmetry))

    def to_json(self) -> dict:
        return asdict(self)
