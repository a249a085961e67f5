"""Sweep files: one task template asked of every function of one or more sources.

A sweep file is TOML (UTF-8).  Its task keys are an instance file's, with the same meanings,
and are parsed by the same code (`minckt.io.instances`): ``gate``, ``resolution``, ``minimize``
or ``frontier`` (neither: a decision), the limits ``size``, ``depth``, ``energy``, ...,
``conditional``, ``layers``, ``skip``, ``outputs_read``, ``time_limit``, ``backend``,
``workers``, ``solver_seed``.  ``size`` also takes ``"min+K"`` (K >= 0; ``"min"`` is K = 0):
each function's own least size plus K, found first under the file's other limits
(`minckt.solve.batch.least_size` where that module exists, else `minckt.solve.minimize`), and
looked up in / written to the store like any answer.  A function whose least size is not
proven OPTIMAL in the time limit is skipped with a warning, never given a guessed limit.

Sources of functions (one or more per file):

============ ==============================================================================
``npn``      N, or ``{n = N, sample = K, seed = S}``: one representative per NPN class of
             N-input functions (`minckt.run.sweep.class_instances`, N in 0..5), or K of them
             chosen with seed S.  NP classes (no output negation) when energy is the
             objective, a frontier axis or a limit (negating the output changes which gates
             fire), and for relu and sigmoid gates (an output gate that feeds later gates
             cannot be negated in place).  Records carry ``class`` and ``class_size``.
``families`` a list of family names (`minckt.core.families`) or tables ``{function = "THR",
             k = 2, n = ...}`` with the family's parameters (an instance file's ``k``, ``m``,
             ``seed``, ``outputs``, ``N``, ``labels``, ``pairs``), over the inputs ``n``: the
             entry's own or the file's top-level ``n``.  A family not defined at some n of
             its range (CD needs an even n) is skipped there with a warning.  Records carry
             ``function`` and ``n`` (and the parameters), as an instance file's do.
``n``        inputs of the families: 4, a list ``[2, 4, 6]``, or a range ``"2..6"``
             (inclusive; a two-element list is those two values, not a range).
``random``   ``{n = 5, count = 100, seed = 1}`` (n as above, seed 0 by default): `count`
             uniformly random truth tables per n, the i-th being the i-th
             ``random.Random(seed).getrandbits(2**n)`` of a generator made afresh for each
             n (`random_tables`).  Records carry ``truth_table``, ``n``, ``seed`` and
             ``index``.
``points``   a directory (relative to the sweep file): every points file in it (.csv,
             .jsonl, .ndjson, .json; `minckt.core.data`), in name order, as the data-set instance
             an instance file's ``function = "memorize"``, ``points = "FILE"`` makes, with
             the file's own n.  Records carry ``function = "memorize"``, ``n``, ``N`` and
             ``points_file`` (the directory as given, then the file name).
============ ==============================================================================

An unknown key, an instance key that names one function (``function``, ``truth_table``,
``name``, ``care``, a family parameter at the top level), a missing or ill-typed value is an
error naming the file, the line and the value.  A sweep given as a dict (`run_sweep` from a
script) takes the same keys; its points directory is relative to the working directory.

Questions that two sources share (a family that is also a class representative, a random
table drawn twice) are solved once: `sweep_records` gives every function its own record,
named after it, whether solved now or read back from the store.
"""

from __future__ import annotations

import os
import random
import re
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from minckt.core.classes import MAX_CLASS_INPUTS
from minckt.core.data import POINTS_SUFFIXES, read_points
from minckt.errors import InputError
from minckt.io.instances import FAMILY_PARAMS, INSTANCE_KEYS, SHAPE_KEYS, Instance, parse_entry
from minckt.io.toml import MAX_FILE_BYTES, Lines, kind_of, load_toml, short
from minckt.core.problem import AXES, GateModel, Limits, SearchParams
from minckt.solve.result import Frontier, Result
from minckt.core.status import Status
from minckt.core.spec import MAX_INPUTS, MAX_OUTPUTS, Spec, format_table
from minckt.io.stored import answer, opened
from minckt.run.sweep import class_instances, sweep
from minckt.core.textfiles import read_text

__all__ = ["SweepFile", "SweepWarning", "load_sweep", "resolve_sizes", "sweep_records",
           "run_sweep", "random_tables", "TEMPLATE_KEYS", "SOURCE_KEYS"]

#: The keys of the task template: an instance file's, less those that name one function.
TEMPLATE_KEYS = frozenset({"minimize", "frontier", "gate", "resolution", "time_limit",
                           "backend", "workers", "solver_seed", "conditional", *AXES,
                           *SHAPE_KEYS})

#: The keys that give the functions.
SOURCE_KEYS = ("npn", "families", "n", "random", "points")

#: Most random tables per n, and most table bits per n (count x 2^n): 2^28 bits are 32 MiB.
MAX_RANDOM_COUNT = 100_000
MAX_RANDOM_BITS = 1 << 28

#: Largest K of size = "min+K" (the instance files' largest size limit).
MAX_SLACK = 1000

_SLACK = re.compile(r"^\s*min\s*(?:\+\s*(\d+))?\s*$")
_RANGE = re.compile(r"^\s*(\d+)\s*\.\.\s*(\d+)\s*$")


class SweepWarning(UserWarning):
    """A function a sweep left out (undefined at an n, or its least size not proven)."""


@dataclass(frozen=True)
class SweepFile:
    """A parsed sweep: one instance per function, in source order.

    With ``size = "min+K"`` (`size_slack` = K) the instances carry no size limit yet:
    `resolve_sizes` gives each its own.  `sources` describes each source with its count;
    `skipped` says which functions a source left out, and why.
    """

    path: str
    instances: tuple[Instance, ...]
    objective: str | None = None
    axes: tuple[str, ...] = ()
    size_slack: int | None = None
    sources: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def task(self) -> str:
        """"minimal size", "frontier energy/depth" or "decision"."""
        if self.axes:
            return "frontier " + "/".join(self.axes)
        return f"minimal {self.objective}" if self.objective else "decision"


def random_tables(n: int, count: int, seed: int = 0) -> list[int]:
    """The tables of ``random = {n, count, seed}``: the i-th is the i-th
    ``random.Random(seed).getrandbits(2**n)`` (bit r = the value on row r)."""
    generator = random.Random(seed)
    return [generator.getrandbits(1 << n) for _ in range(count)]


class _Places:
    """Where each key of a sweep file is written, as "file:line"."""

    def __init__(self, filename: str, text: str | None) -> None:
        self.filename = filename
        self.lines = None if text is None else Lines(text)

    def _at(self, line: int | None) -> str:
        return f"{self.filename}:{line}" if line else self.filename

    def top(self, key: str) -> str:
        """The line of a top-level key (or of its [key] / [[key]] header)."""
        if self.lines is None:
            return self.filename
        if (key, 0) in self.lines.sections:
            return self._at(self.lines.find(key, 0))
        return self._at(self.lines.find("", 0, key))

    def inside(self, table: str, index: int, key: str | None) -> str:
        """The line of `key` in the index-th [table] / [[table]] (an inline table: its key's)."""
        if self.lines is not None and (table, index) in self.lines.sections:
            return self._at(self.lines.find(table, index, key))
        return self.top(table)


class _FunctionWhere:
    """`minckt.io.instances` Where for one function of a sweep: where each key of its instance
    is."""

    def __init__(self, filename: str, places: dict[str, str], default: str) -> None:
        self.filename, self.index = filename, 0
        self._places, self._default = places, default

    def at(self, key: str | None = None) -> str:
        return self._default if key is None else self._places.get(key, self._default)

    def locations(self) -> dict[str, str]:
        return dict(self._places)


def _plain(value: object) -> Any:
    """A script's dict as TOML would give it (tuples as lists)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def load_sweep(source: str | os.PathLike | Mapping, time_limit: float | None = None,
               processes: int = 1) -> SweepFile:
    """Parse a sweep file (or the dict of one); every function's instance is built and
    checked before anything is solved.

    `time_limit` replaces the file's (``--time-limit``).  With `processes` > 1 each solver
    gets one thread unless the file sets ``workers`` (as ``minckt sweep --npn`` does).
    """
    if isinstance(source, Mapping):
        data, filename, text = _plain(source), "<sweep>", None
    elif isinstance(source, (str, os.PathLike)) and not isinstance(source, bool):
        filename = str(source)
        text = read_text(Path(source), MAX_FILE_BYTES, "sweep file")
        data = load_toml(text, filename)
    else:
        raise InputError(f"load_sweep: {short(source)} is not a sweep file's path or a dict")
    parsed = _Parser(data, _Places(filename, text)).parse()
    overrides: dict = {}
    if time_limit is not None:
        overrides["time_limit"] = time_limit
    if processes > 1 and "workers" not in data:
        overrides["workers"] = 1
    if overrides:
        parsed = replace(parsed, instances=tuple(
            replace(i, params=replace(i.params, **overrides)) for i in parsed.instances))
    return parsed


class _Parser:
    """One sweep file's keys, checked at their lines, turned into instances."""

    def __init__(self, data: dict, places: _Places) -> None:
        self.data, self.places, self.filename = data, places, places.filename
        self.skipped: list[str] = []
        self.sources: list[str] = []
        for key in data:
            if key not in TEMPLATE_KEYS and key not in SOURCE_KEYS:
                self._unknown(key)
        self.template = {k: v for k, v in data.items() if k in TEMPLATE_KEYS}
        self.template_places = {k: places.top(k) for k in self.template}
        self.slack = None
        if isinstance(self.template.get("size"), str):
            self.slack = self._slack(self.template.pop("size"))

    def _unknown(self, key: str) -> None:
        at = self.places.top(key)
        sources = ", ".join(k for k in SOURCE_KEYS if k != "n")
        if key in INSTANCE_KEYS:
            hint = (f"; a family's parameters go in its families entry, e.g. families = "
                    f"[{{function = \"THR\", k = 2}}]" if key in FAMILY_PARAMS else "")
            raise InputError(f"{at}: {key} is a key of one instance; a sweep file takes its "
                             f"functions from its sources ({sources}){hint}")
        raise InputError(f"{at}: unknown key {key!r} in a sweep file; expected a task key "
                         f"({', '.join(sorted(TEMPLATE_KEYS))}) or a source "
                         f"({', '.join(SOURCE_KEYS)})")

    def _slack(self, text: str) -> int:
        found = _SLACK.match(text)
        slack = int(found.group(1) or 0) if found else None
        if slack is None or slack > MAX_SLACK:
            raise InputError(f"{self.places.top('size')}: size = {short(text)}: expected an "
                             f"integer limit or \"min+K\" (the function's least size plus K, "
                             f"K in 0..{MAX_SLACK})")
        return slack

    def parse(self) -> SweepFile:
        if not any(k in self.data for k in SOURCE_KEYS if k != "n"):
            raise InputError(f"{self.filename}: no source of functions; expected npn, "
                             "families, random or points (docs/guide/command-line.md, sweep files)")
        if "n" in self.data and "families" not in self.data:
            raise InputError(f"{self.places.top('n')}: n = {short(self.data['n'])}: n gives "
                             "the inputs of the families; npn and random take their own n, "
                             "points files have theirs")
        task = self._task(n=self._npn_inputs() if "npn" in self.data else 1,
                          outputs=1 if "npn" in self.data else self._layer_outputs())
        instances: list[Instance] = []
        for key, build in (("npn", self._npn), ("families", self._families),
                           ("random", self._random), ("points", self._points)):
            if key in self.data:
                instances += build(self.data[key], task)
        return SweepFile(path=self.filename, instances=tuple(instances),
                         objective=task.objective, axes=task.axes, size_slack=self.slack,
                         sources=tuple(self.sources), skipped=tuple(self.skipped))

    # -- instances, by the instance files' own parser -------------------------------------
    def _instance(self, spec_values: dict, spec_places: dict[str, str], default: str
                  ) -> Instance:
        values = {**self.template, **spec_values}
        where = _FunctionWhere(self.filename, {**self.template_places, **spec_places}, default)
        return parse_entry(values, values, where)

    def _task(self, n: int, outputs: int) -> Instance:
        """The template checked once, on a constant function of n inputs (the npn source
        takes its gate model, limits and parameters from it)."""
        table = format_table(0, n)
        return self._instance({"name": "sweep task", "n": n,
                               "truth_table": table if outputs == 1 else [table] * outputs},
                              {}, self.places.top(next(iter(self.data))))

    def _layer_outputs(self) -> int:
        """The outputs the template's layers give (the output layer's width), else 1."""
        layers = self.template.get("layers")
        last = layers[-1] if isinstance(layers, list) and layers else None
        if isinstance(last, int) and not isinstance(last, bool) and 1 <= last <= MAX_OUTPUTS:
            return last
        return 1

    # -- values ---------------------------------------------------------------------------
    def _integer(self, value: object, what: str, at: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InputError(f"{at}: {what} = {short(value)}: expected an integer in "
                             f"{low}..{high}")
        return value

    def _inputs(self, value: object, what: str, at: str, high: int = MAX_INPUTS) -> list[int]:
        """4, [2, 4, 6] or "2..6" as the list of n it names."""
        expected = (f"expected a number of inputs in 0..{high}, a list of them, or a range "
                    "like \"2..6\"")
        found = _RANGE.match(value) if isinstance(value, str) else None
        if found:
            low, top = int(found.group(1)), int(found.group(2))
            if low <= top <= high:
                return list(range(low, top + 1))
        elif isinstance(value, list) and value:
            if all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= high
                   for v in value):
                return list(dict.fromkeys(value))
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= high:
            return [value]
        raise InputError(f"{at}: {what} = {short(value)}: {expected}")

    def _table(self, value: object, key: str, allowed: dict[str, bool]) -> dict:
        """An inline table (or [key] table) with its keys checked; `allowed`: key -> required."""
        if not isinstance(value, dict):
            raise InputError(f"{self.places.top(key)}: {key} = {short(value)}: expected a "
                             f"table {{{', '.join(f'{k} = ...' for k in allowed)}}}, not "
                             f"{kind_of(value)}")
        for name in value:
            if name not in allowed:
                raise InputError(f"{self.places.inside(key, 0, name)}: unknown key {name!r} in "
                                 f"{key}; expected {', '.join(allowed)}")
        for name, required in allowed.items():
            if required and name not in value:
                raise InputError(f"{self.places.top(key)}: {key} needs {name}")
        return value

    # -- the sources ----------------------------------------------------------------------
    def _npn_inputs(self) -> int:
        value = self.data["npn"]
        n = value.get("n") if isinstance(value, dict) else value
        return n if isinstance(n, int) and not isinstance(n, bool) \
            and 0 <= n <= MAX_CLASS_INPUTS else 0

    def _npn(self, value: object, task: Instance) -> list[Instance]:
        at = self.places.top("npn")
        if isinstance(value, dict):
            value = self._table(value, "npn", {"n": True, "sample": False, "seed": False})
            n = self._integer(value["n"], "npn n", self.places.inside("npn", 0, "n"), 0,
                              MAX_CLASS_INPUTS)
            sample = None if "sample" not in value else self._integer(
                value["sample"], "sample", self.places.inside("npn", 0, "sample"), 1, 1 << 32)
            seed = self._integer(value.get("seed", 0), "seed",
                                 self.places.inside("npn", 0, "seed"), 0, 2 ** 63 - 1)
        else:
            n = self._integer(value, "npn", at, 0, MAX_CLASS_INPUTS)
            sample, seed = None, 0
        # negating the output changes the energy, and is no gate of relu / sigmoid models
        # when the output gate feeds later gates: NP classes then
        np_classes = "energy" in (task.objective, *task.axes) or task.limits.energy is not None \
            or task.model.kind in ("relu", "sigmoid")
        found = class_instances(n, "energy" if np_classes else None, task.limits, task.model,
                                task.params, sample=sample, seed=seed)
        kind = "NP" if np_classes else "NPN"
        self.sources.append(f"npn {n}: {len(found)} {kind} classes"
                            + ("" if sample is None else f" (a sample, seed {seed})"))
        return [replace(i, objective=task.objective, axes=task.axes, source=at,
                        locations=task.locations) for i in found]

    def _families(self, value: object, task: Instance) -> list[Instance]:
        at = self.places.top("families")
        if not isinstance(value, list) or not value:
            raise InputError(f"{at}: families = {short(value)}: expected a list of family "
                             "names or tables like {function = \"THR\", k = 2}")
        default_n = None if "n" not in self.data else \
            self._inputs(self.data["n"], "n", self.places.top("n"))
        found: list[Instance] = []
        for index, entry in enumerate(value):
            found += self._family(entry, index, default_n)
        return found

    def _family(self, entry: object, index: int, default_n: list[int] | None
                ) -> list[Instance]:
        def place(key: str | None) -> str:
            return self.places.inside("families", index, key)

        n_at = self.places.top("n")
        if isinstance(entry, str):
            function, params, inputs = entry, {}, default_n
        elif isinstance(entry, dict):
            allowed = ("function", "n", *FAMILY_PARAMS)
            for key in entry:
                if key not in allowed:
                    raise InputError(f"{place(key)}: unknown key {key!r} in families entry "
                                     f"#{index + 1}; expected {', '.join(allowed)}")
            named = entry.get("function")
            if not isinstance(named, str):
                raise InputError(f"{place('function')}: families entry #{index + 1} needs "
                                 "function = \"NAME\" (a family name)")
            function = named
            params = {k: entry[k] for k in FAMILY_PARAMS if k in entry}
            inputs = default_n
            if "n" in entry:
                n_at = place("n")
                inputs = self._inputs(entry["n"], "n", n_at)
        else:
            raise InputError(f"{place(None)}: families entry #{index + 1} is "
                             f"{kind_of(entry)}: expected a family name or a table like "
                             "{function = \"THR\", k = 2}")
        if inputs is None:
            raise InputError(f"{place(None)}: family {function!r} needs n (its inputs): n = 4, "
                             "a list [2, 4] or a range \"2..6\"")
        label = function.upper() + "".join(f"-{k}{v}" for k, v in params.items()
                                           if isinstance(v, (int, str)))
        made, failed = [], []
        for n in inputs:
            spec_places = {"function": place("function"), "n": n_at,
                           **{k: place(k) for k in params}}
            try:
                made.append(self._instance(
                    {"name": f"{function.upper()}{n}" + label[len(function):],
                     "function": function, "n": n, **params}, spec_places, place(None)))
            except InputError as err:
                failed.append((n, err))
        if not made:
            raise failed[0][1]
        if failed:
            self.skipped.append(f"families: {label} is not defined at n = "
                                f"{', '.join(str(n) for n, _ in failed)} ({failed[0][1]}); "
                                "skipped there")
        self.sources.append(f"families {label} at n = {_span([i.spec.n for i in made])}: "
                            f"{len(made)} function(s)")
        return made

    def _random(self, value: object, task: Instance) -> list[Instance]:
        value = self._table(value, "random", {"n": True, "count": True, "seed": False})
        inputs = self._inputs(value["n"], "random n", self.places.inside("random", 0, "n"))
        count_at = self.places.inside("random", 0, "count")
        count = self._integer(value["count"], "count", count_at, 1, MAX_RANDOM_COUNT)
        seed = self._integer(value.get("seed", 0), "seed",
                             self.places.inside("random", 0, "seed"), 0, 2 ** 63 - 1)
        at = self.places.top("random")
        found = []
        for n in inputs:
            most = min(MAX_RANDOM_COUNT, max(1, MAX_RANDOM_BITS >> n))
            if count > most:
                raise InputError(f"{count_at}: count = {count}: expected at most {most} tables "
                                 f"at n = {n} (count x 2^n <= 2^28 table bits)")
            for index, table in enumerate(random_tables(n, count, seed)):
                instance = self._instance(
                    {"name": f"random{n}-s{seed}-{index}", "n": n,
                     "truth_table": format_table(table, n)}, {"n": at, "truth_table": at}, at)
                found.append(replace(instance, function={**instance.function, "seed": seed,
                                                         "index": index}))
        self.sources.append(f"random at n = {_span(inputs)}, seed {seed}: {len(found)} "
                            "table(s)")
        return found

    def _points(self, value: object, task: Instance) -> list[Instance]:
        at = self.places.top("points")
        if not isinstance(value, str) or not value:
            raise InputError(f"{at}: points = {short(value)}: expected a directory of points "
                             "files (relative to the sweep file)")
        base = Path(self.filename).parent if self.places.lines is not None else Path(".")
        directory = base / value
        if not directory.is_dir():
            raise InputError(f"{at}: points = {short(value)}: {directory} is not a directory "
                             "(expected a directory of points files, relative to the sweep "
                             "file)")
        kinds = POINTS_SUFFIXES
        files = sorted(p for p in directory.iterdir()
                       if p.suffix.lower() in kinds and p.is_file())
        if not files:
            raise InputError(f"{at}: points = {short(value)}: no points files "
                             f"({', '.join(kinds)}) in {directory}")
        found = []
        for file in files:
            try:
                n = read_points(file).n  # the file's own n (then read as an instance reads it)
            except InputError as err:
                raise InputError(f"{at}: {err}") from None
            found.append(self._instance(
                {"name": file.name, "function": "memorize", "n": n,
                 "points": f"{value.rstrip('/')}/{file.name}"},
                {"function": at, "points": at, "n": at}, at))
        self.sources.append(f"points {value}: {len(found)} file(s)")
        return found


def _span(inputs: list[int]) -> str:
    """"2..5" for a run of consecutive n, else "2, 4, 6"."""
    ordered = sorted(set(inputs))
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}..{ordered[-1]}"
    return ", ".join(map(str, ordered))


def _least_size() -> Callable[[Spec, GateModel, Limits, SearchParams], Result]:
    """`minckt.solve.batch.least_size` (a test replaces this to feed the planner its answers)."""
    from minckt.solve import least_size

    return least_size


def resolve_sizes(plan: SweepFile, store=None,
                  progress: Callable[[int, int], None] | None = None
                  ) -> tuple[list[Instance], list[str]]:
    """The instances with size = "min+K" resolved: each function's least size under the
    file's other limits (read back from `store` when it holds it, else solved and written
    there), plus K; and a warning for each function left out because its least size was
    not proven.  Without "min+K": the instances as they are, no warnings."""
    if plan.size_slack is None:
        return list(plan.instances), []
    least = _least_size()
    found, warned = [], []
    known: dict[str, Result] = {}
    with opened(store) as db:
        for done, instance in enumerate(plan.instances, start=1):
            ask = replace(instance, name=f"{instance.name} least size", objective="size",
                          axes=(), limits=instance.limits.with_("size", None))
            key = ask.key()
            if key not in known:
                known[key] = answer(lambda: least(ask.spec, ask.model, ask.limits, ask.params),
                                    db, ask)
            result = known[key]
            if result.status is Status.OPTIMAL and result.value is not None:
                found.append(replace(instance, limits=instance.limits.with_(
                    "size", result.value + plan.size_slack)))
            else:
                bound = "" if result.lower_bound is None else f", lower bound {result.lower_bound}"
                best = "" if result.value is None else f", best found {result.value}"
                warned.append(f"{instance.name}: least size {result.status.value}{best}{bound} "
                              f"(time limit {instance.params.time_limit} s): not proven, so "
                              f"size = \"min+{plan.size_slack}\" has no value; skipped")
            if progress:
                progress(done, len(plan.instances))
    return found, warned


#: The fields of a record that the answer gives (the rest name the function asked).
_ANSWER_FIELDS = frozenset({
    *Result(status=Status.UNKNOWN, spec=Spec(0, (0,)), limits=Limits(),
            model=GateModel()).to_json(),
    *Frontier(status=Status.UNKNOWN, spec=Spec(0, (0,)), axes=("size", "depth"),
              limits=Limits(), model=GateModel(), points=()).to_json(),
    "version", "key"})


def _named(record: dict, instance: Instance) -> dict:
    """The record of `instance`: the answer's fields, the function's own names (a record
    read back may have been written for another function of the same question)."""
    body = {k: v for k, v in record.items() if k in _ANSWER_FIELDS}
    return {"name": instance.name, "kind": instance.kind, **instance.function, **body}


def sweep_records(instances: list[Instance], store=None, workers: int = 1,
                  progress: Callable[[int, int], None] | None = None,
                  dask: str | None = None) -> Iterator[dict]:
    """The record of every instance as it completes (`minckt.run.sweep.sweep`), each distinct
    question solved once and every function given its own record."""
    groups: dict[str, list[Instance]] = {}
    for instance in instances:
        groups.setdefault(instance.key(), []).append(instance)
    for record in sweep([g[0] for g in groups.values()], store, workers, progress, dask=dask):
        for instance in groups[record["key"]]:
            yield _named(record, instance)


def run_sweep(sweep_file: str | os.PathLike | Mapping, store=None, workers: int = 1,
              time_limit: float | None = None, dask: str | None = None,
              progress: Callable[[int, int], None] | None = None) -> list[dict]:
    """The record of every function of a sweep file (a path, or its dict), in source order.

    `store` (a path or a `minckt.io.store.Store`) reads back what it answers and keeps every
    new answer; `workers` processes solve (or the Dask cluster at `dask`); `time_limit`
    replaces the file's.  Each function left out is a `SweepWarning`."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"workers = {workers!r}: expected an integer >= 1")
    plan = load_sweep(sweep_file, time_limit, processes=workers)
    with opened(store) as db:
        instances, warned = resolve_sizes(plan, db)
        for message in (*plan.skipped, *warned):
            warnings.warn(message, SweepWarning, stacklevel=2)
        answers = {r["key"]: r for r in sweep_records(instances, db, workers, progress, dask)}
    return [_named(answers[i.key()], i) for i in instances]
