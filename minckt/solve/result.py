"""What comes out of a search: statuses, decision answers, optimisation results, frontiers.

Statuses (docs/guide/semantics.md): a decision answers SAT (with a verified circuit), UNSAT, or
UNKNOWN (time or memory ran out).  An optimisation answers OPTIMAL (value v found and v-1 proven
impossible), FEASIBLE (best found, with the proven lower bound beside it), INFEASIBLE, or
UNKNOWN.  A timeout is never reported as UNSAT.

`to_json` writes the results format (docs/guide/semantics.md#results-format); `from_json`
reads a record of it back (from a results store, `minckt.io.stored`) and trusts none of its
circuits: each is verified again (`minckt.verify`) and its metrics are the ones re-measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, TypeVar

from minckt.bounds.bound import Bound
from minckt.core.circuit import Circuit, Metrics
from minckt.errors import InputError, InternalError, VerificationError
from minckt.core.problem import GateModel, Limits
from minckt.core.status import Status
from minckt.core.spec import Spec

__all__ = ["Step", "Result", "Frontier", "found_pair"]


def found_pair(circuit: Circuit | None, metrics: Metrics | None) -> tuple[Circuit, Metrics]:
    """The verified circuit and metrics that a SAT step always carries (InternalError if not)."""
    if circuit is None or metrics is None:
        raise InternalError("a SAT answer came without its verified circuit and metrics")
    return circuit, metrics


@dataclass(frozen=True)
class Step:
    """One solver call inside a search: the limits asked, the answer, the time."""

    size: int
    limits: Limits
    status: Status
    time_s: float
    value: int | None = None  # the objective's value on the circuit found (SAT steps)
    conflicts: int | None = None  # solver conflicts spent on this call, when it reports them

    def to_json(self) -> dict:
        data = {"size": self.size, "limits": self.limits.to_json(), "status": self.status.value,
                "time_s": round(self.time_s, 4)}
        if self.value is not None:
            data["value"] = self.value
        if self.conflicts is not None:
            data["conflicts"] = self.conflicts
        return data

    @classmethod
    def from_json(cls, data: Mapping) -> "Step":
        """Inverse of `to_json`."""
        return cls(size=data["size"], limits=Limits.from_json(data["limits"]),
                   status=Status(data["status"]), time_s=data["time_s"],
                   value=data.get("value"), conflicts=data.get("conflicts"))


@dataclass(frozen=True)
class Result:
    """A decision or an optimisation answer, with its verified circuit and proofs.

    `lower_bound` is the largest value proven impossible-to-beat (so for OPTIMAL it equals
    `value`); `lower_bound_source` says what proved it ("solver: v-1 UNSAT" or a bound's name).
    `bound` is the strongest bound of `minckt.bounds` the search started from: tight when it
    equals `value`, else the closest theory came.
    """

    status: Status
    spec: Spec
    limits: Limits
    model: GateModel
    objective: str | None = None
    value: int | None = None
    lower_bound: int | None = None
    lower_bound_source: str | None = None
    circuit: Circuit | None = None
    metrics: Metrics | None = None
    backend: str = ""
    time_s: float = 0.0
    steps: tuple[Step, ...] = ()
    notes: tuple[str, ...] = ()
    stats: dict = field(default_factory=dict, compare=False)
    bound: Bound | None = None  # the strongest proven bound on the objective, from theory
    #: With `SearchParams.certify`: a `certify.StepCertificate` per step the answer rests on.
    certificate: tuple | None = None
    #: Where the circuit comes from: "search" (a backend's, verified), or a construction's
    #: or heuristic's name (`minckt.solve.constructions.SOURCES`); None without a circuit.
    circuit_source: str | None = None

    def __post_init__(self) -> None:
        if self.circuit is not None and self.circuit_source is None:
            object.__setattr__(self, "circuit_source", "search")

    @property
    def found(self) -> bool:
        """True when a verified circuit is attached."""
        return self.circuit is not None

    def measured(self, axis: str) -> int:
        """The attached circuit's `axis` (InternalError without one: ask `found` first)."""
        if self.metrics is None:
            raise InternalError(f"a {self.status.value} result has no circuit to measure")
        return self.metrics.get(axis)

    def summary(self) -> dict[str, str]:
        """The answer in a few fields (what a notebook shows): status, task, value, lower
        bound with its source, the circuit's resources and origin, the time."""
        task = f"min {self.objective}" if self.objective else "decide"
        bound = "" if self.lower_bound is None else \
            f"{self.lower_bound} ({self.lower_bound_source or 'bound'})"
        shown = {"status": self.status.value, "task": task,
                 "value": "" if self.value is None else str(self.value), "lower bound": bound}
        if self.metrics is not None:
            shown["circuit"] = ", ".join(f"{a} {self.metrics.get(a)}" for a in
                                         ("size", "depth", "energy", "weight"))
            shown["from"] = self.circuit_source or ""
        shown["time"] = f"{self.time_s:.2f} s"
        return shown

    def _repr_html_(self) -> str:
        return _html_table(["field", "value"], list(self.summary().items()),
                           f"minckt result: {self.spec.name or 'spec'} ({self.model.kind})")

    def to_json(self) -> dict:
        """The JSON object of the results format (docs/guide/semantics.md#results-format), minus
        the instance name."""
        return {
            "status": self.status.value,
            "objective": self.objective,
            "value": self.value,
            "lower_bound": self.lower_bound,
            "lower_bound_source": self.lower_bound_source,
            "limits": self.limits.to_json(),
            "gate": self.model.to_json(),
            "spec": self.spec.to_json(),
            "metrics": self.metrics.to_json() if self.metrics else None,
            "circuit": self.circuit.to_json() if self.circuit else None,
            "circuit_source": self.circuit_source,
            "backend": self.backend,
            "time_s": round(self.time_s, 4),
            "steps": [s.to_json() for s in self.steps],
            "notes": list(self.notes),
            "stats": self.stats,
            "bound": self._bound_json(),
            "certificate": None if self.certificate is None
            else [c.to_json() for c in self.certificate],
        }

    @classmethod
    def from_json(cls, data: Mapping) -> "Result":
        """Inverse of `to_json` (a results record; its other fields are ignored).  The
        circuit is verified on the record's spec, limits and gate model, and the metrics are
        the evaluator's, not the record's: a circuit that fails is an InputError (the record
        is no answer)."""
        return _reading("result", lambda: cls._from_json(data))

    @classmethod
    def _from_json(cls, data: Mapping) -> "Result":
        spec = Spec.from_json(data["spec"])
        limits = Limits.from_json(data["limits"])
        model = GateModel.from_json(data["gate"])
        circuit = None if data.get("circuit") is None else Circuit.from_json(data["circuit"])
        certificate = data.get("certificate")
        if certificate is not None:
            from minckt.solve.certify import StepCertificate

            certificate = tuple(StepCertificate.from_json(c) for c in certificate)
        return cls(status=Status(data["status"]), spec=spec, limits=limits, model=model,
                   objective=data.get("objective"), value=data.get("value"),
                   lower_bound=data.get("lower_bound"),
                   lower_bound_source=data.get("lower_bound_source"), circuit=circuit,
                   metrics=None if circuit is None else _verified(spec, circuit, limits, model),
                   backend=data.get("backend", ""), time_s=data.get("time_s", 0.0),
                   steps=tuple(Step.from_json(s) for s in data.get("steps", ())),
                   notes=tuple(data.get("notes", ())), stats=dict(data.get("stats") or {}),
                   bound=None if data.get("bound") is None else Bound.from_json(data["bound"]),
                   certificate=certificate, circuit_source=_source(data, circuit))

    def _bound_json(self) -> dict | None:
        """The theory bound, and whether it was tight (value == bound) or how far off."""
        if self.bound is None:
            return None
        data = self.bound.to_json()
        if self.value is not None:
            data["tight"] = self.value == self.bound.value
            data["gap"] = self.value - self.bound.value
        return data


def _source(data: Mapping, circuit: Circuit | None) -> str | None:
    """A record's circuit_source; records written before the field read "construction" when
    their notes say the circuit is one, else "search"."""
    if circuit is None:
        return None
    if data.get("circuit_source"):
        return str(data["circuit_source"])
    said = " ".join(str(note) for note in data.get("notes", ()))
    return "construction" if "construction (minckt" in said else "search"


@dataclass(frozen=True)
class Frontier:
    """The Pareto-optimal points over `axes`; each point is a Result with its own status.

    `status` is OPTIMAL when every point is proven (each coordinate minimal given the others)
    and the list is complete, FEASIBLE when points were found but some proof or the end of the
    list is missing (time ran out), INFEASIBLE when no circuit meets the base limits, UNKNOWN
    when nothing was decided.
    """

    status: Status
    spec: Spec
    axes: tuple[str, ...]
    limits: Limits
    model: GateModel
    points: tuple[Result, ...]
    backend: str = ""
    time_s: float = 0.0
    notes: tuple[str, ...] = ()

    def coordinates(self) -> list[tuple[int, ...]]:
        """Each point's values on the axes, in order."""
        return [tuple(p.metrics.get(a) for a in self.axes) for p in self.points if p.metrics]

    def _repr_html_(self) -> str:
        rows = [[p.status.value, *(str(p.metrics.get(a)) if p.metrics else "" for a in
                                   self.axes), "" if p.metrics is None else str(p.metrics.size),
                 p.circuit_source or ""] for p in self.points]
        caption = (f"minckt frontier over {', '.join(self.axes)}: {self.status.value}, "
                   f"{len(self.points)} point(s), {self.time_s:.2f} s")
        return _html_table(["status", *self.axes, "size", "from"], rows, caption)


    def to_json(self) -> dict:
        return {
            "status": self.status.value,
            "frontier": list(self.axes),
            "limits": self.limits.to_json(),
            "gate": self.model.to_json(),
            "spec": self.spec.to_json(),
            "points": [
                {"coordinates": dict(zip(self.axes, (p.metrics.get(a) for a in self.axes)))
                 if p.metrics else None, **p.to_json()}
                for p in self.points
            ],
            "backend": self.backend,
            "time_s": round(self.time_s, 4),
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> "Frontier":
        """Inverse of `to_json`; every point's circuit is verified (`Result.from_json`)."""
        return _reading("frontier", lambda: cls(
            status=Status(data["status"]), spec=Spec.from_json(data["spec"]),
            axes=tuple(data["frontier"]), limits=Limits.from_json(data["limits"]),
            model=GateModel.from_json(data["gate"]),
            points=tuple(Result._from_json(p) for p in data["points"]),
            backend=data.get("backend", ""), time_s=data.get("time_s", 0.0),
            notes=tuple(data.get("notes", ()))))


_T = TypeVar("_T")


def _reading(what: str, build: Callable[[], _T]) -> _T:
    """`build()`, with a missing or ill-typed field of the record as one InputError."""
    try:
        return build()
    except KeyError as err:
        raise InputError(f"{what} record: missing field {err}") from None
    except (TypeError, ValueError, AttributeError) as err:
        if isinstance(err, InputError):
            raise
        raise InputError(f"{what} record: malformed field ({err})") from None


def _verified(spec: Spec, circuit: Circuit, limits: Limits, model: GateModel) -> Metrics:
    """The circuit's metrics, measured by `minckt.verify` (which raises if it is wrong)."""
    from minckt.verify.check import verify

    try:
        return verify(spec, circuit, limits, model)
    except VerificationError as err:  # a record's circuit is data, not minckt's own answer
        raise InputError(f"the record's circuit is no answer: {str(err).splitlines()[0]}") \
            from None


def _html_table(header: list[str], rows: list, caption: str) -> str:
    """A small HTML table, every cell escaped."""
    from html import escape

    cells = lambda row, tag: "".join(f"<{tag}>{escape(str(c))}</{tag}>" for c in row)  # noqa
    body = "".join(f"<tr>{cells(r, 'td')}</tr>" for r in rows)
    return (f"<table><caption>{escape(caption)}</caption><thead><tr>{cells(header, 'th')}"
            f"</tr></thead><tbody>{body}</tbody></table>")
