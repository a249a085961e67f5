"""Encodings of "is there a circuit with these resources computing this spec?" and their registry.

A backend turns a `Task` (spec, number of gate slots, gate model, the axes decisions will
bound, and the loosest limits) into a `Session`; `Session.decide(limits)` answers one decision
for those slots.  A session may keep its solver between decisions (incremental bounds); the
search layer walks the bounds.  Backends declare the gate kinds they support.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

from ..circuit import Circuit
from ..errors import InputError
from ..problem import GateModel, Limits, SearchParams
from ..result import Status
from ..spec import Spec

__all__ = ["Task", "Answer", "Session", "Backend", "register", "get_backend", "backend_names"]


@dataclass(frozen=True)
class Task:
    """One encoding: `size` gate slots for `spec` under `model`.

    `limits` are the loosest bounds any decision will ask (the encoding may build its domains
    from them); `axes` are the resources decisions will tighten, so the encoding keeps them
    adjustable.
    """

    spec: Spec
    size: int
    model: GateModel
    limits: Limits
    axes: frozenset[str]
    params: SearchParams = field(default_factory=SearchParams)
    #: Classes of inputs whose weights are equal in every gate (the search's tied probe,
    #: `minckt.search`); empty for an ordinary task.
    ties: tuple[tuple[int, ...], ...] = ()
    #: CaDiCaL options replacing the session's own (`AssumptionSession.solver_options`):
    #: a least-size walk's second lane (`sat_lane_options` of a backend); None for the
    #: session's own.
    solver_options: tuple[tuple[str, int], ...] | None = None

    def slot_fanin(self, j: int) -> int:
        """Most wires slot j can have: every earlier node, capped by the fan-in limit."""
        reach = self.spec.n + j
        return reach if self.limits.fanin is None else min(reach, self.limits.fanin)

    def slot_weight(self, j: int) -> int:
        """Weight magnitude searched in slot j: the limit, capped by what provably suffices
        for any gate of the model on the slot's fan-in (`minckt.ranges`), of which at most
        j sources are gates."""
        needed, _ = self._range(j)
        return needed if self.limits.weight is None else min(needed, self.limits.weight)

    def _range(self, j: int) -> tuple[int, bool]:
        from ..ranges import encodable_weight

        fanin = self.slot_fanin(j)
        return encodable_weight(self.model, fanin, min(j, fanin))

    @property
    def weight_clamped(self) -> bool:
        """True when some slot searches less than its proven range (`ranges.ENCODABLE_WEIGHT`)
        and no weight limit makes that the question: its UNSAT is then no proof."""
        if self.model.is_basis:
            return False
        for j in range(self.size):
            needed, clamped = self._range(j)
            if clamped and (self.limits.weight is None or self.limits.weight > needed):
                return True
        return False

    @property
    def weights_unbounded(self) -> bool:
        """True when no decision of this task limits the weight: only then may symmetry
        breaks rely on merging gates (which can add weights together)."""
        return self.limits.weight is None and "weight" not in self.axes

    def gate_threshold_range(self, j: int) -> tuple[int, int]:
        """Thresholds (or sigmoid breakpoints) worth searching for slot j.

        Sources carry outputs up to R (`resolution`), so the weighted sum lies in
        [-span, span] with span = fan-in * W * R.  A threshold gate needs [-span, span + 1]
        (`minckt.threshold.threshold_range`); a ReLU's output clip(z - t, 0, R) is constant R
        below t = -span - R and constant 0 from t = span on.
        """
        from ..threshold import threshold_range

        resolution = self.model.resolution
        low, high = threshold_range(self.slot_fanin(j) * resolution, self.slot_weight(j))
        if self.model.kind == "relu":
            low -= resolution
        return low, high

    def largest_weight(self) -> int:
        """The largest slot weight."""
        return max((self.slot_weight(j) for j in range(self.size)), default=0)


@dataclass(frozen=True)
class Answer:
    """A backend's answer to one decision: SAT with a circuit (unverified), UNSAT, or UNKNOWN."""

    status: Status
    circuit: Circuit | None
    time_s: float
    stats: dict = field(default_factory=dict)


class Session(Protocol):
    """An encoded task that answers decisions under tighter limits."""

    stats: dict

    def decide(self, limits: Limits, time_limit: float | None) -> Answer:
        """Is there a circuit in this session's slots within `limits`?"""
        ...


class Backend(Protocol):
    """A solver backend: a name, the gate kinds it handles, and a session factory."""

    name: str
    gate_kinds: frozenset[str]

    def open(self, task: Task) -> Session:
        ...


_REGISTRY: dict[str, Callable[[], Backend]] = {}


def register(name: str, factory: Callable[[], Backend]) -> None:
    """Add a backend under `name`."""
    _REGISTRY[name] = factory


def backend_names() -> list[str]:
    """Registered backend names (plus "auto", resolved by the search)."""
    _load_builtin()
    return sorted(_REGISTRY) + ["auto"]


def get_backend(name: str) -> Backend:
    """The backend registered as `name`; an unknown name is an error listing the valid ones."""
    _load_builtin()
    if name not in _REGISTRY:
        raise InputError(f"unknown backend {name!r}; expected one of {', '.join(backend_names())}")
    return _REGISTRY[name]()


def _load_builtin() -> None:
    # every time: importing one backend module directly registers only that one
    from . import chain, cnf, cpsat, lazy, library  # noqa: F401  (they register themselves)
