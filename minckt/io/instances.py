"""The TOML instance format (in) and the JSON-lines result format (out):
docs/guide/instance-files.md and docs/guide/semantics.md#results-format.

An instance file has an optional ``[defaults]`` table and ``[[instance]]`` entries.  Keys:

================ ===========================================================================
``name``         instance name (required, unique in the file)
``function``     a named family (`minckt.core.families`), with its parameters as keys: ``k``
                 (THR, EXACT), ``m`` (MOD), ``seed`` and ``outputs`` (RANDOM), ``N``,
                 ``seed``, ``labels`` and ``outputs`` (MEMORIZE), ``k`` and ``pairs``
                 (PAIRWISE_AND: "all" or a list of [i, j]); or "memorize" with
``points``       a points file (`minckt.core.data`: .csv or .jsonl, relative to the instance
                 file's directory): its points are the care set, each with its label(s)
``truth_table``  or a table: "0x.." hex / "0b.." binary, MSB first; a list for several outputs
``n``            number of inputs (required)
``care``         care set as a table (rows outside are don't-cares; with a family's own
                 care set, as PAIRWISE_AND's k gives, the rows in both)
``minimize``     one resource (`minckt.core.problem.AXES`): size | depth | energy | ... | params
``frontier``     two or three resources: every Pareto-optimal point over them
``size`` ...     limits (upper bounds): size, depth, energy, weight, fanin, wires,
                 evaluated, ops, hidden, params
``conditional``  true: gates may carry guards
``layers``       widths of the hidden layers, then of the output layer (= the number of
                 outputs): a layered network
``skip``         false: a layer reads the layer below only (with ``layers``; default true)
``outputs_read`` "any" (default) | "hidden": output gates read no primary input
``gate``         threshold (relu and sigmoid evaluate but have no backend yet)
``resolution``   R for relu / sigmoid gates
``time_limit``   seconds per instance
``backend``      auto | cpsat
``workers``      solver threads
``solver_seed``  solver random seed
================ ===========================================================================

A memorization instance is ``function = "memorize"`` with ``n`` and either ``points`` (a data
file; ``outputs`` for a headerless CSV of several labels) or ``N`` (with ``seed`` and
``labels`` = random | parity | majority, defaults 0 and random): a random data set.  It takes
no ``care`` (its points are the care set).  Its result record carries ``function`` =
"memorize", ``n``, ``N`` (the number of distinct points) and ``points_file`` (the path as
given) or ``seed`` and ``labels``, and ``outputs`` when the instance gives it.  An error in a
points file is an error at the ``points`` line that quotes the points file's own file:line.
A PAIRWISE_AND record carries ``k`` (null without the sparsity promise) and ``pairs`` ("all"
or the list), given or not.

Neither ``minimize`` nor ``frontier``: a decision (is there a circuit within the limits?).
``[defaults]`` may set any key but ``name``; an instance's own keys win.  An unknown key, a
missing or ill-typed value, or a number beyond its range (`MAXIMA`) is an error naming the
file, the line of the key (in the instance, or in ``[defaults]`` when it came from there)
and the key.  Files are UTF-8 (a byte-order mark is dropped).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import AbstractSet, Any, Protocol

from minckt.core.data import LABEL_RULES, read_points
from minckt.encode.registry import backend_names, get_backend
from minckt.errors import InputError
from minckt.core.textfiles import decode_text, read_text
from minckt.core.families import family, family_parameters
from minckt.core.problem import (
    AXES, MAX_LAYER_WIDTH, MAX_LAYERS, MODEL_KINDS, OUTPUTS_READ, GateModel, Limits, SearchParams
)
from minckt.io.records import Instance, result_record
from minckt.io.toml import MAX_FILE_BYTES, Lines, kind_of, load_toml, short
from minckt.solve.result import Frontier, Result
from minckt.core.spec import MAX_INPUTS, MAX_OUTPUTS, Spec, parse_table

__all__ = ["Instance", "load_instances", "parse_instances", "parse_entry", "result_record",
           "solve_instance", "decode_text", "read_text", "INSTANCE_KEYS", "MAXIMA",
           "FAMILY_PARAMS", "SHAPE_KEYS", "Flags", "question_instance"]

#: The parameters of named families, as instance keys.
FAMILY_PARAMS = ("k", "m", "seed", "outputs", "N", "labels", "pairs")
#: The architecture keys, passed to `Limits` beside the resources and `conditional`.
SHAPE_KEYS = ("layers", "skip", "outputs_read")
INSTANCE_KEYS = frozenset(
    {"name", "function", "truth_table", "function_file", "n", "care", "minimize", "frontier",
     "gate",
     "resolution", "time_limit", "backend", "workers", "solver_seed", "conditional", "points",
     *AXES, *FAMILY_PARAMS, *SHAPE_KEYS}
)


#: The largest value each numeric key of an instance file accepts (docs/guide/instance-files.md,
#: limits): no exact search gets near them, and beyond them encodings overflow or take longer
#: to set up than any time limit.  Gate counts (size, depth, energy, fan-in) stop at 1,000
#: (a 5-input decision with size = 10,000 spent 35 s before its 3 s time limit began to
#: count; 1,000 stayed within 2 s of it); wires at 10^6; weights at 2^31 - 1; ReLU/sigmoid
#: resolution at 64; hidden (a gate count) at 1,000 and params (wires + gates) at 10^6;
#: RANDOM outputs at 1024; n at 20 (a spec materialises its 2^n rows) and
#: MEMORIZE's N at 2^20 (every point of 20 inputs); time limits at 10^6 s (about 11.6 days);
#: workers at 256; solver seeds at 2^31 - 1 (CP-SAT's seed is an int32).
MAXIMA: dict[str, int | float] = {
    "n": MAX_INPUTS, "size": 1000, "depth": 1000, "energy": 1000, "fanin": 1000,
    "wires": 10 ** 6, "evaluated": 1000, "ops": 10 ** 6, "hidden": 1000, "params": 10 ** 6,
    "weight": 2 ** 31 - 1, "resolution": 64, "outputs": MAX_OUTPUTS,
    "time_limit": 1e6, "workers": 256, "solver_seed": 2 ** 31 - 1, "N": 1 << MAX_INPUTS,
}


def load_instances(path: str | Path) -> list[Instance]:
    """Parse an instance file; errors name the file, line and key."""
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(f"load_instances: {path!r} is not a file path")
    path = Path(path)
    return parse_instances(read_text(path, MAX_FILE_BYTES, "instance file"), str(path))


def parse_instances(text: str, filename: str = "<string>") -> list[Instance]:
    """Parse instance-file text (see the module docstring for the keys).

    Every instance is checked before any is returned, so a caller that solves them finds
    every mistake of the file before the first solve.
    """
    if not isinstance(filename, str):
        raise InputError(f"parse_instances: filename {filename!r}: expected a string")
    if not isinstance(text, str):
        raise InputError(f"{filename}: expected the instance file's text as a string, got "
                         f"{type(text).__name__}")
    text = text.removeprefix("\ufeff")
    data = load_toml(text, filename)
    lines = Lines(text)
    unknown_tables = set(data) - {"defaults", "instance"}
    if unknown_tables:
        name = sorted(unknown_tables)[0]
        line = lines.find(name, 0) or lines.find("", 0, name)
        raise InputError(f"{filename}:{line}: unknown table or key {name!r}; expected "
                         "[defaults] and [[instance]] entries")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        line = lines.find("defaults", 0) or lines.find("", 0, "defaults")
        raise InputError(f"{filename}:{line}: 'defaults' must be one table ([defaults]), not "
                         f"{kind_of(defaults)}")
    for key in defaults:
        if key not in INSTANCE_KEYS or key == "name":
            raise InputError(f"{filename}:{lines.find('defaults', 0, key)}: unknown key {key!r} "
                             f"in [defaults]; expected one of {_key_list(exclude={'name'})}")
    entries = data.get("instance", [])
    if not isinstance(entries, list) or not entries:
        line = lines.find("instance", 0) or lines.find("", 0, "instance")
        place = f"{filename}:{line}" if line else filename
        raise InputError(f"{place}: no [[instance]] entries" + (
            "" if isinstance(entries, list) else f" ('instance' is {kind_of(entries)}; write "
            "each instance as an [[instance]] table)"))
    instances = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            line = lines.find("", 0, "instance")
            raise InputError(f"{filename}{f':{line}' if line else ''}: instance #{index + 1} is "
                             f"{kind_of(entry)}, not a table; write each instance as an "
                             "[[instance]] table")
        where = Where(filename, lines, index, frozenset(entry), frozenset(defaults))
        instance = parse_entry({**defaults, **entry}, entry, where)
        if instance.name in seen:
            raise InputError(f"{where.at('name')}: instance name {instance.name!r} is used twice")
        seen.add(instance.name)
        instances.append(instance)
    return instances


def _key_list(exclude: AbstractSet[str] = frozenset()) -> str:
    return ", ".join(sorted(INSTANCE_KEYS - set(exclude)))


class Place(Protocol):
    """Where the keys of one question are, for its errors: `Where`, `Flags`, or one function
    of a sweep file (`minckt.run.sweepfile`)."""

    filename: str
    index: int  # the question's position in its file

    def at(self, key: str | None = None) -> str:
        """Where `key` is written ("file:line"), else where the question starts."""
        ...

    def locations(self) -> dict[str, str]:
        """Where each key is written."""
        ...


@dataclass
class Where:
    """Where the keys of one [[instance]] are: its own lines, or the [defaults] lines."""

    filename: str
    lines: Lines
    index: int
    own: frozenset = frozenset()
    defaults: frozenset = frozenset()

    def at(self, key: str | None = None) -> str:
        if key is not None and key not in self.own and key in self.defaults:
            line = self.lines.find("defaults", 0, key)
        else:
            line = self.lines.find("instance", self.index, key)
        if line is None:  # instance = [{...}] inline: the line of the array
            line = self.lines.find("", 0, "instance")
        return f"{self.filename}:{line}" if line else self.filename

    def locations(self) -> dict[str, str]:
        return {key: self.at(key) for key in sorted(self.own | self.defaults)}


@dataclass
class Flags(Where):
    """Where the keys of a question given on the command line are: the flags that set them
    (`flags`: key -> flag, e.g. "n" -> "--n"), so its errors read "command line (--n): ..."."""

    flags: dict | None = None

    def at(self, key: str | None = None) -> str:
        flag = (self.flags or {}).get(key)
        return self.filename if flag is None else f"{self.filename} ({flag})"

    def locations(self) -> dict[str, str]:
        return {key: self.at(key) for key in sorted(self.flags or {})}


def question_instance(values: dict, flags: dict[str, str]) -> Instance:
    """One instance from the keys of an instance file given as a dict (a question asked on
    the command line), checked like an [[instance]] entry; `flags` names the flag of each
    key for the errors."""
    where = Flags("command line", Lines(""), 0, frozenset(values), frozenset(), flags)
    return parse_entry(values, values, where)


def _get(values: dict, key: str, kind: type | tuple, where: Place, what: str,
         default: Any = None) -> Any:
    if key not in values:
        return default
    value = values[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        raise InputError(f"{where.at(key)}: {key} = {short(value)}: expected {what}")
    return value


def _integer(values: dict, key: str, where: Place, low: int, default: Any = None) -> Any:
    """An integer key in low..MAXIMA[key] (the range is in the message)."""
    high = MAXIMA.get(key)
    what = f"an integer in {low}..{high}" if high is not None else f"an integer >= {low}"
    value = _get(values, key, int, where, what, default)
    if value is not None and key in values and (value < low or high is not None
                                                 and value > high):
        raise InputError(f"{where.at(key)}: {key} = {short(value)}: expected {what}")
    return value


def parse_entry(values: dict, own: dict, where: Place) -> Instance:
    for key in own:
        if key not in INSTANCE_KEYS:
            raise InputError(f"{where.at(key)}: unknown key {key!r}; expected one of "
                             f"{_key_list()}")
    name = _get(values, "name", str, where, "a string")
    if not name:
        raise InputError(f"{where.at('name')}: instance #{where.index + 1} has no name")
    try:
        spec, function = _parse_spec(values, where, name)
        model = _parse_model(values, where)
        limits = Limits(**{a: _integer(values, a, where, 0) for a in AXES},
                        conditional=_get(values, "conditional", bool, where, "true or false",
                                         False),
                        **_parse_shape(values, where, spec))
        params = _parse_params(values, where)
    except InputError as err:
        if str(err).startswith(where.filename):
            raise
        raise InputError(f"{where.at()}: instance {name!r}: {err}") from None
    objective = _get(values, "minimize", str, where, "a resource name")
    axes = _get(values, "frontier", list, where, "a list of resource names")
    if objective is not None and objective not in AXES:
        raise InputError(f"{where.at('minimize')}: minimize = {short(objective)}: expected one "
                         f"of {', '.join(AXES)}")
    for axis in axes or []:
        if not isinstance(axis, str) or axis not in AXES:
            raise InputError(f"{where.at('frontier')}: frontier axis {short(axis)}: expected "
                             f"one of {', '.join(AXES)}")
    if axes is not None and (len(axes) not in (2, 3) or len(set(axes)) != len(axes)):
        raise InputError(f"{where.at('frontier')}: frontier = {short(axes)}: expected two or "
                         "three distinct resources")
    if objective and axes:
        raise InputError(f"{where.at('frontier')}: give either minimize or frontier, not both")
    _check_backend(values, where, name, spec, model, params)
    return Instance(name=name, spec=spec, model=model, limits=limits, objective=objective,
                    axes=tuple(axes or ()), params=params, source=where.at(),
                    function=function, locations=where.locations())


def _parse_shape(values: dict, where: Place, spec: Spec) -> dict:
    """The architecture keys (`Limits`: layers, skip, outputs_read), each checked at its line."""
    shape: dict = {}
    what = (f"a list of 1 to {MAX_LAYERS} layer widths in 1..{MAX_LAYER_WIDTH} (the hidden "
            "layers, then the output layer)")
    layers = _get(values, "layers", list, where, what)
    if layers is not None:
        if not 1 <= len(layers) <= MAX_LAYERS or not all(
                isinstance(h, int) and not isinstance(h, bool) and 1 <= h <= MAX_LAYER_WIDTH
                for h in layers):
            raise InputError(f"{where.at('layers')}: layers = {short(layers)}: expected {what}")
        if layers[-1] != spec.num_outputs:
            raise InputError(f"{where.at('layers')}: layers = {short(layers)}: expected the "
                             f"last width (the output layer, one gate per output) to be "
                             f"{spec.num_outputs}, the number of outputs")
        shape["layers"] = tuple(layers)
    skip = _get(values, "skip", bool, where, "true or false")
    if skip is not None:
        if not skip and layers is None:
            raise InputError(f"{where.at('skip')}: skip = false: expected layers too (skip "
                             "applies to a layered network; a free DAG's gates read every "
                             "earlier node)")
        shape["skip"] = skip
    choices = " or ".join(f'"{c}"' for c in OUTPUTS_READ)
    outputs_read = _get(values, "outputs_read", str, where, choices)
    if outputs_read is not None:
        if outputs_read not in OUTPUTS_READ:
            raise InputError(f"{where.at('outputs_read')}: outputs_read = "
                             f"{short(outputs_read)}: expected {choices}")
        shape["outputs_read"] = outputs_read
    return shape


def _parse_model(values: dict, where: Place) -> GateModel:
    kind = _get(values, "gate", str, where, "a gate kind", "threshold")
    if kind not in MODEL_KINDS:
        raise InputError(f"{where.at('gate')}: gate = {short(kind)}: expected one of "
                         f"{', '.join(MODEL_KINDS)}")
    resolution = _integer(values, "resolution", where, 1, 1)
    try:
        return GateModel(kind=kind, resolution=resolution)
    except InputError as err:
        raise InputError(f"{where.at('resolution')}: {err}") from None


def _parse_params(values: dict, where: Place) -> SearchParams:
    backend = _get(values, "backend", str, where, "a backend name", "auto")
    names = ["auto", *backend_names()]
    if backend not in names:
        raise InputError(f"{where.at('backend')}: backend = {short(backend)}: expected one of "
                         f"{', '.join(names)}")
    time_limit = _get(values, "time_limit", (int, float), where, "seconds")
    high = MAXIMA["time_limit"]
    if time_limit is not None and not 0 < time_limit <= high:  # also rejects nan
        raise InputError(f"{where.at('time_limit')}: time_limit = {short(time_limit)}: expected "
                         f"seconds in (0, {high:.0e}] ({high:.0e} s is about 11.6 days)")
    return SearchParams(backend=backend, time_limit=time_limit,
                        workers=_integer(values, "workers", where, 1, 2),
                        seed=_integer(values, "solver_seed", where, 0, 0))


def _check_backend(values: dict, where: Place, name: str, spec: Spec, model: GateModel,
                   params: SearchParams) -> None:
    """A gate kind the (resolved) backend does not handle is an error at the gate's line."""
    from minckt.encode.choose import resolve_backend

    backend = resolve_backend(params.backend, model, spec)
    handled = get_backend(backend).capabilities.gate_kinds
    if model.kind not in handled:
        key = "backend" if "backend" in values else "gate"
        raise InputError(f"{where.at(key)}: instance {name!r}: gate = {model.kind!r} has no "
                         f"solver in backend {backend} (it handles "
                         f"{', '.join(sorted(handled))})")


def _family_error_key(message: str, params: dict) -> str:
    """The key a family's error message is about: the parameter (or n) it names first
    ("family THR: k = 7: expected an integer in 0..n = 0..3" is about k), else the name."""
    found = [(m.start(), key) for key in (*params, "n")
             for m in [re.search(rf"\b{re.escape(key)} = ", message)] if m]
    return min(found)[1] if found else "function"


def _parse_spec(values: dict, where: Place, name: str) -> tuple[Spec, dict]:
    if "function_file" in values:
        return _parse_function_file(values, where, name)
    if "n" not in values:
        raise InputError(f"{where.at()}: instance {name!r} needs n (the number of inputs)")
    n = _integer(values, "n", where, 0)
    function = _get(values, "function", str, where, "a family name")
    table = values.get("truth_table")
    care = values.get("care")
    if (function is None) == (table is None):
        raise InputError(f"{where.at(None if function is None else 'function')}: instance "
                         f"{name!r} needs exactly one of function and truth_table"
                         + ("" if function is None else ", not both"))
    if care is not None and (isinstance(care, bool) or not isinstance(care, (str, int))):
        raise InputError(f"{where.at('care')}: care = {short(care)}: expected a table like "
                         "\"0xF0\" (the care rows)")
    memorize = function is not None and function.upper() == "MEMORIZE"
    if "points" in values and not memorize:
        raise InputError(f"{where.at('points')}: instance {name!r}: points (a data file) goes "
                         "with function = \"memorize\" only")
    if memorize and care is not None:
        raise InputError(f"{where.at('care')}: instance {name!r}: a memorize instance takes no "
                         "care set (its points are the care set)")
    if memorize and "points" in values:
        return _parse_points(values, where, name, n)
    if function is not None:
        return _parse_family(values, where, name, n, function, care)
    if not isinstance(table, (str, list)) or isinstance(table, list) and not (
            table and all(isinstance(t, str) for t in table)):
        raise InputError(f"{where.at('truth_table')}: truth_table = {short(table)}: expected a "
                         "string like \"0xE8\" or a non-empty list of them")
    try:
        spec = Spec.from_table(table, n, name=name)
    except InputError as err:
        raise InputError(f"{where.at('truth_table')}: {err}") from None
    if care is not None:
        try:
            mask = parse_table(care, n, what="care set")
        except InputError as err:
            raise InputError(f"{where.at('care')}: {err}") from None
        spec = Spec(n=n, outputs=spec.outputs, care=mask, name=name)
    return spec, {"truth_table": spec.hex(), "n": n}


def _parse_family(values: dict, where: Place, name: str, n: int, function: str,
                  care) -> tuple[Spec, dict]:
    """The spec of a named family with its parameters (and a care set), and its record."""
    memorize = function.upper() == "MEMORIZE"
    for key in FAMILY_PARAMS:
        if key not in values:
            continue
        if key == "labels":
            _get(values, key, str, where, f"one of {', '.join(LABEL_RULES)}")
        elif key in ("k", "m"):
            _get(values, key, int, where, "an integer")
        elif key == "pairs":
            _get(values, key, (str, list), where, "\"all\" or a list of [i, j] pairs of "
                 "inputs")
        else:
            _integer(values, key, where, 1 if key in ("outputs", "N") else 0)
    params = {k: values[k] for k in FAMILY_PARAMS if k in values}
    try:
        allowed = family_parameters(function)
    except InputError as err:
        raise InputError(f"{where.at('function')}: {err}") from None
    for key in params:
        if key not in allowed:
            raise InputError(f"{where.at(key)}: {key} is not a parameter of family "
                             f"{function.upper()} (it takes: {', '.join(allowed) or 'none'})")
    if memorize and "N" not in params:
        raise InputError(f"{where.at('function')}: instance {name!r}: function = "
                         f"{function!r} needs points = \"FILE\" (a data set) or N (the "
                         "number of random points)")
    try:
        spec = family(function, n, **params)
    except InputError as err:
        raise InputError(f"{where.at(_family_error_key(str(err), params))}: {err}") from None
    if memorize:
        record = {"function": "memorize", "n": n, "N": params["N"],
                  "seed": params.get("seed", 0), "labels": params.get("labels", "random")}
        return spec, record | ({"outputs": params["outputs"]} if "outputs" in params else {})
    if care is not None:
        try:
            mask = parse_table(care, n, what="care set")
        except InputError as err:
            raise InputError(f"{where.at('care')}: {err}") from None
        if spec.care is not None:  # the family's own care set (PAIRWISE_AND's promise)
            mask &= spec.care
        spec = Spec(n=n, outputs=spec.outputs, care=mask, name=spec.name)
    record = {"function": function.upper(), "n": n, **params}
    if record["function"] == "PAIRWISE_AND":  # a report groups by both, given or not
        record |= {"k": params.get("k"), "pairs": params.get("pairs", "all")}
    return spec, record


def _parse_function_file(values: dict, where: Place, name: str) -> tuple[Spec, dict]:
    """The spec of an instance whose function is a file: a PLA (with its don't-cares), a
    truth-table file's first line, or a circuit file (BLIF, AIGER, BENCH, JSON) read as the
    function it computes; a path relative to the instance file."""
    from minckt.core.formats import FUNCTION_SUFFIXES, read_function

    given = _get(values, "function_file", str, where,
                 f"a file path ({', '.join(FUNCTION_SUFFIXES)})")
    for key in ("function", "truth_table", "care", "points", *FAMILY_PARAMS):
        if key in values:
            raise InputError(f"{where.at(key)}: instance {name!r}: {key} does not go with "
                             "function_file (the file is the function, don't-cares included)")
    path = Path(given)
    if not path.is_absolute():  # relative to the instance file, as a user reads it
        path = Path(where.filename).parent / path
    try:
        spec = read_function(path, name=name)
    except InputError as err:
        raise InputError(f"{where.at('function_file')}: instance {name!r}: {err}") from None
    if "n" in values and _integer(values, "n", where, 0) != spec.n:
        raise InputError(f"{where.at('n')}: instance {name!r}: n = {values['n']}, but "
                         f"{given} has {spec.n} inputs")
    record = {"function_file": given, "n": spec.n, "truth_table": spec.hex()}
    return spec, record | ({} if spec.care is None else
                           {"care": f"0x{spec.care:0{max(1, spec.num_rows // 4)}X}"})


def _parse_points(values: dict, where: Place, name: str, n: int) -> tuple[Spec, dict]:
    """The spec and record fields of a memorize instance with a points file."""
    points = _get(values, "points", str, where, "a file path (a .csv or .jsonl points file)")
    if not points:
        raise InputError(f"{where.at('points')}: points = '': expected a file path (a .csv or "
                         ".jsonl points file)")
    for key in ("N", "seed", "labels", "k", "m", "pairs"):
        if key in values:
            raise InputError(f"{where.at(key)}: instance {name!r}: {key} does not go with "
                             "points = \"FILE\" (give a data file, or N, seed and labels for a "
                             "random data set)")
    outputs = _integer(values, "outputs", where, 1)
    path = Path(points)
    if not path.is_absolute():  # relative to the instance file, as a user reads it
        path = Path(where.filename).parent / path
    try:
        spec = read_points(path, n=n, outputs=outputs, name=name)
    except InputError as err:
        raise InputError(f"{where.at('points')}: instance {name!r}: {err}") from None
    count = int(spec.care_mask.sum())
    record = {"function": "memorize", "n": n, "N": count, "points_file": points}
    return spec, record | ({"outputs": outputs} if outputs is not None else {})


def solve_instance(instance: Instance) -> Result | Frontier:
    """Run the instance's task: its frontier, its minimisation, or its decision."""
    from minckt.solve import decide, frontier, minimize

    if instance.params.certify and not instance.params.label:  # certificate files name it
        instance = replace(instance, params=replace(instance.params, label=instance.name))
    if instance.axes:
        return frontier(instance.spec, instance.axes, instance.limits, model=instance.model,
                        params=instance.params)
    if instance.objective:
        return minimize(instance.spec, instance.objective, instance.limits, model=instance.model,
                        params=instance.params)
    return decide(instance.spec, instance.limits, model=instance.model, params=instance.params)
