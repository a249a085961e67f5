"""The TOML instance format (in) and the JSON-lines result format (out), DESIGN.md §4.

An instance file has an optional ``[defaults]`` table and ``[[instance]]`` entries.  Keys:

=============== ===========================================================================
``name``        instance name (required, unique in the file)
``function``    a named family (`minckt.families`), with its parameters as keys: ``k``
                (THR, EXACT), ``m`` (MOD), ``seed`` and ``outputs`` (RANDOM)
``truth_table`` or a table: "0x.." hex / "0b.." binary, MSB first; a list for several outputs
``n``           number of inputs (required)
``care``        care set as a table (rows outside are don't-cares)
``minimize``    one resource: size | depth | energy | weight | fanin | wires
``frontier``    two or three resources: every Pareto-optimal point over them
``size`` ...    limits (upper bounds): size, depth, energy, weight, fanin, wires
``gate``        threshold (relu and sigmoid evaluate but have no backend yet)
``resolution``  R for relu / sigmoid gates
``time_limit``  seconds per instance
``backend``     auto | cpsat
``workers``     solver threads
``solver_seed`` solver random seed
=============== ===========================================================================

Neither ``minimize`` nor ``frontier``: a decision (is there a circuit within the limits?).
``[defaults]`` may set any key but ``name``; an instance's own keys win.  An unknown key, a
missing or ill-typed value is an error naming the file, the line and the key.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError
from .families import family, family_parameters
from .problem import AXES, GateModel, Limits, SearchParams
from .result import Frontier, Result
from .spec import Spec

__all__ = ["Instance", "load_instances", "parse_instances", "result_record", "solve_instance",
           "INSTANCE_KEYS"]

_FAMILY_PARAMS = ("k", "m", "seed", "outputs")
INSTANCE_KEYS = frozenset(
    {"name", "function", "truth_table", "n", "care", "minimize", "frontier", "gate",
     "resolution", "time_limit", "backend", "workers", "solver_seed", *AXES, *_FAMILY_PARAMS}
)


@dataclass(frozen=True)
class Instance:
    """One problem of an instance file, parsed and validated."""

    name: str
    spec: Spec
    model: GateModel
    limits: Limits
    objective: str | None = None
    axes: tuple[str, ...] = ()
    params: SearchParams = field(default_factory=SearchParams)
    source: str = ""
    function: dict = field(default_factory=dict)

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


class _Lines:
    """Finds the line of a key inside the k-th [[instance]] (or [defaults]) of a TOML text."""

    def __init__(self, text: str) -> None:
        self.sections: dict[tuple[str, int], list[tuple[int, str]]] = {}
        current = ("", 0)
        counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            header = re.match(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$", line)
            if header:
                name = header.group(2).strip("\"' ")
                index = counts.get(name, 0)
                counts[name] = index + 1
                current = (name, index)
                self.sections.setdefault(current, []).append((number, line))
                continue
            self.sections.setdefault(current, []).append((number, line))

    def find(self, section: str, index: int, key: str | None = None) -> int | None:
        lines = self.sections.get((section, index), [])
        if key is None:
            return lines[0][0] if lines else None
        pattern = re.compile(rf"^\s*([\"']?){re.escape(key)}\1\s*=")
        for number, line in lines:
            if pattern.match(line):
                return number
        return lines[0][0] if lines else None


def load_instances(path: str | Path) -> list[Instance]:
    """Parse an instance file; errors name the file, line and key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot read instance file: {err.strerror}") from None
    return parse_instances(text, str(path))


def parse_instances(text: str, filename: str = "<string>") -> list[Instance]:
    """Parse instance-file text (see the module docstring for the keys)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{filename}: invalid TOML: {err}") from None
    lines = _Lines(text)
    unknown_tables = set(data) - {"defaults", "instance"}
    if unknown_tables:
        name = sorted(unknown_tables)[0]
        line = lines.find(name, 0)
        raise InputError(f"{filename}:{line}: unknown table or key {name!r}; expected "
                         "[defaults] and [[instance]] entries")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise InputError(f"{filename}: 'defaults' must be a table")
    for key in defaults:
        if key not in INSTANCE_KEYS or key == "name":
            raise InputError(f"{filename}:{lines.find('defaults', 0, key)}: unknown key {key!r} "
                             f"in [defaults]; expected one of {_key_list(exclude={'name'})}")
    entries = data.get("instance", [])
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{filename}: no [[instance]] entries")
    instances = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = _Where(filename, lines, index)
        instance = _parse_entry({**defaults, **entry}, entry, where)
        if instance.name in seen:
            raise InputError(f"{where.at('name')}: instance name {instance.name!r} is used twice")
        seen.add(instance.name)
        instances.append(instance)
    return instances


def _key_list(exclude: set[str] = frozenset()) -> str:
    return ", ".join(sorted(INSTANCE_KEYS - set(exclude)))


@dataclass
class _Where:
    filename: str
    lines: _Lines
    index: int

    def at(self, key: str | None = None) -> str:
        line = self.lines.find("instance", self.index, key)
        return f"{self.filename}:{line}" if line else self.filename


def _get(values: dict, key: str, kind: type | tuple, where: _Where, what: str,
         default: Any = None) -> Any:
    if key not in values:
        return default
    value = values[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        raise InputError(f"{where.at(key)}: {key} = {value!r}: expected {what}")
    return value


def _parse_entry(values: dict, own: dict, where: _Where) -> Instance:
    for key in own:
        if key not in INSTANCE_KEYS:
            raise InputError(f"{where.at(key)}: unknown key {key!r}; expected one of "
                             f"{_key_list()}")
    name = _get(values, "name", str, where, "a string")
    if not name:
        raise InputError(f"{where.at()}: instance #{where.index + 1} has no name")
    try:
        spec, function = _parse_spec(values, where, name)
        model = GateModel(kind=_get(values, "gate", str, where, "a gate kind", "threshold"),
                          resolution=_get(values, "resolution", int, where, "an integer", 1))
        limits = Limits(**{a: _get(values, a, int, where, "a non-negative integer")
                           for a in AXES})
        params = SearchParams(
            backend=_get(values, "backend", str, where, "a backend name", "auto"),
            time_limit=_get(values, "time_limit", (int, float), where, "seconds", None),
            workers=_get(values, "workers", int, where, "an integer", 2),
            seed=_get(values, "solver_seed", int, where, "an integer", 0),
        )
    except InputError as err:
        if str(err).startswith(where.filename):
            raise
        raise InputError(f"{where.at()}: instance {name!r}: {err}") from None
    objective = _get(values, "minimize", str, where, "a resource name")
    axes = _get(values, "frontier", list, where, "a list of resource names", [])
    if objective is not None and objective not in AXES:
        raise InputError(f"{where.at('minimize')}: minimize = {objective!r}: expected one of "
                         f"{', '.join(AXES)}")
    for axis in axes:
        if axis not in AXES:
            raise InputError(f"{where.at('frontier')}: frontier axis {axis!r}: expected one of "
                             f"{', '.join(AXES)}")
    if axes and (len(axes) not in (2, 3) or len(set(axes)) != len(axes)):
        raise InputError(f"{where.at('frontier')}: frontier = {axes!r}: expected two or three "
                         "distinct resources")
    if objective and axes:
        raise InputError(f"{where.at('frontier')}: give either minimize or frontier, not both")
    return Instance(name=name, spec=spec, model=model, limits=limits, objective=objective,
                    axes=tuple(axes), params=params, source=where.at(), function=function)


def _parse_spec(values: dict, where: _Where, name: str) -> tuple[Spec, dict]:
    n = _get(values, "n", int, where, "a number of inputs")
    if n is None:
        raise InputError(f"{where.at()}: instance {name!r} needs n (the number of inputs)")
    function = _get(values, "function", str, where, "a family name")
    table = values.get("truth_table")
    care = values.get("care")
    if (function is None) == (table is None):
        raise InputError(f"{where.at()}: instance {name!r} needs exactly one of function and "
                         "truth_table")
    if function is not None:
        params = {k: values[k] for k in _FAMILY_PARAMS if k in values}
        allowed = family_parameters(function)
        for key in params:
            if key not in allowed:
                raise InputError(f"{where.at(key)}: {key} is not a parameter of family "
                                 f"{function.upper()} (it takes: {', '.join(allowed) or 'none'})")
        spec = family(function, n, **params)
        if care is not None:
            from .spec import parse_table

            mask = parse_table(care, n, what="care set")
            spec = Spec(n=n, outputs=spec.outputs, care=mask, name=spec.name)
        return spec, {"function": function.upper(), "n": n, **params}
    if not isinstance(table, (str, list)) or isinstance(table, list) and not all(
            isinstance(t, str) for t in table):
        raise InputError(f"{where.at('truth_table')}: truth_table = {table!r}: expected a "
                         "string like \"0xE8\" or a list of them")
    try:
        spec = Spec.from_table(table, n, care=care, name=name)
    except InputError as err:
        raise InputError(f"{where.at('truth_table')}: {err}") from None
    return spec, {"truth_table": spec.hex(), "n": n}


def solve_instance(instance: Instance) -> Result | Frontier:
    """Run the instance's task: its frontier, its minimisation, or its decision."""
    from .search import decide, frontier, minimize

    if instance.axes:
        return frontier(instance.spec, instance.axes, instance.limits, instance.model,
                        instance.params)
    if instance.objective:
        return minimize(instance.spec, instance.objective, instance.limits, instance.model,
                        instance.params)
    return decide(instance.spec, instance.limits, instance.model, instance.params)


def result_record(instance: Instance, result: Result | Frontier) -> dict:
    """The JSON-lines object for one instance (DESIGN.md §4), name first."""
    record = {"name": instance.name, "kind": instance.kind, **instance.function}
    body = result.to_json()
    if isinstance(result, Frontier):
        body.setdefault("objective", None)
    record.update(body)
    record["version"] = __version__
    record["key"] = instance.key()
    return record
