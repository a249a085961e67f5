"""Records out: the question an instance asks (`Instance`, whose `key` is a results store's
key) and the JSON-lines object of its answer (`result_record`), with the schema version.

Every record carries ``"schema": SCHEMA_VERSION``; a field added to the records format is
added here (and in docs/guide/semantics.md#results-format), and the version moves when a
field changes meaning or goes away.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from minckt.core.problem import Axis, GateModel, Limits, SearchParams
from minckt.core.spec import Spec
from minckt.solve.result import Frontier, Result
from minckt.version import __version__

__all__ = ["Instance", "result_record", "SCHEMA_VERSION"]

#: The version of the records format (JSON lines of `minckt solve --out`, store rows).
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Instance:
    """One problem of an instance file, parsed and validated."""

    name: str
    spec: Spec
    model: GateModel
    limits: Limits
    objective: Axis | None = None
    axes: tuple[Axis, ...] = ()
    params: SearchParams = field(default_factory=SearchParams)
    source: str = ""
    function: dict = field(default_factory=dict)
    #: "file:line" of each key the instance was given (its own or from [defaults])
    locations: dict = field(default_factory=dict, compare=False, repr=False)

    def where(self, key: str) -> str:
        """Where `key` was written ("file:line"), else where the instance starts."""
        return self.locations.get(key, self.source)

    @property
    def searched_axes(self) -> set[str]:
        """The resources the search minimises or walks (the objective, the frontier's axes)."""
        return set(self.axes) | ({self.objective} if self.objective else set())

    @property
    def kind(self) -> str:
        """"decide", "minimize" or "frontier"."""
        return "frontier" if self.axes else ("minimize" if self.objective else "decide")

    def key(self) -> str:
        """Content hash of what determines the answer (spec, model, limits, task, version)."""
        text = json.dumps({"spec": self.spec.key(), "gate": self.model.to_json(),
                           "limits": self.limits.to_json(), "objective": self.objective,
                           "axes": list(self.axes), "version": __version__}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def result_record(instance: Instance, result: Result | Frontier) -> dict:
    """The JSON-lines object for one instance (docs/guide/semantics.md#results-format), name
    first."""
    record = {"name": instance.name, "kind": instance.kind, **instance.function}
    body = result.to_json()
    if isinstance(result, Frontier):
        body.setdefault("objective", None)
    record.update(body)
    record["user_limits"] = instance.limits.to_json()
    record["version"] = __version__
    record["schema"] = SCHEMA_VERSION
    record["key"] = instance.key()
    return record
