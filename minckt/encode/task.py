"""What an encoding is asked and what it answers: `Task`, `Answer`, `Session`, `Backend`.

A backend turns a `Task` (spec, number of gate slots, gate model, the axes decisions will
bound, and the loosest limits) into a `Session`; `Session.decide(limits)` answers one decision
for those slots.  A session may keep its solver between decisions (incremental bounds); the
search layer walks the bounds.  A backend declares what it can do in its `Capabilities`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Protocol

from minckt.core.circuit import Circuit
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.core.spec import Spec
from minckt.core.status import Status

__all__ = ["Task", "Answer", "Session", "Backend", "BaseBackend", "Capabilities"]


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
    #: `minckt.solve`); empty for an ordinary task.
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
        for any gate of the model on the slot's fan-in (`minckt.core.ranges`), of which at most
        j sources are gates."""
        needed, _ = self._range(j)
        return needed if self.limits.weight is None else min(needed, self.limits.weight)

    def _range(self, j: int) -> tuple[int, bool]:
        from minckt.core.ranges import encodable_weight

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
        (`minckt.core.threshold.threshold_range`); a ReLU's output clip(z - t, 0, R) is constant R
        below t = -span - R and constant 0 from t = span on.
        """
        from minckt.core.threshold import threshold_range

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

    def close(self) -> None:
        """Release the session's solver (and its child process, if any)."""
        ...


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do beyond answering a decision, declared once per backend; the
    search reads this declaration and nothing else (no attribute probing).

    `gate_kinds`: the gate kinds it encodes.  `races_probes`: the search may race restrictions
    of a decision (`Backend.probe`, and the tied restriction of symmetric inputs) in a second
    process beside the full decision; `probe_backend` opens them (None: this backend).
    `pipelined`: a least-size walk may decide two sizes at once, each in its own process;
    then `sat_lane` (symmetry switches) and `sat_lane_options` (CaDiCaL options) set the
    second lane, which looks for a circuit one size up (None: the sessions' own).
    """

    gate_kinds: frozenset[str]
    races_probes: bool = False
    probe_backend: str | None = None
    pipelined: bool = False
    sat_lane: Mapping[str, bool] | None = None
    sat_lane_options: Mapping[str, int] | None = None


class Backend(Protocol):
    """A solver backend: a name, its declared capabilities, and a session factory."""

    name: str
    capabilities: Capabilities

    def open(self, task: Task) -> Session:
        """A session deciding `task`'s slots."""
        ...

    def probe(self, task: Task) -> Task | None:
        """A restriction of `task` whose circuits are circuits of `task` (its UNSAT proves
        nothing), raced beside it when `capabilities.races_probes`; None for none."""
        ...

    def race_twin(self, model: GateModel) -> dict[str, bool] | None:
        """Symmetry switches of a second full decision raced beside the first once the
        probes are done (each break is sound alone); None for none."""
        ...

    def refuses(self, model: GateModel, limits: Limits, axes=()) -> str | None:
        """Why this backend cannot answer questions of `model` under `limits` whose
        decisions bound `axes` (None when it can)."""
        ...


class BaseBackend:
    """Defaults of the optional `Backend` members: no probe, no twin, refuses nothing but
    gate kinds it does not encode."""

    name: str
    capabilities: Capabilities

    def probe(self, task: Task) -> Task | None:
        return None

    def race_twin(self, model: GateModel) -> dict[str, bool] | None:
        return None

    def refuses(self, model: GateModel, limits: Limits, axes=()) -> str | None:
        kinds = self.capabilities.gate_kinds
        if model.kind not in kinds:
            return f"does not handle {model.kind} gates (it handles {', '.join(sorted(kinds))})"
        return None
