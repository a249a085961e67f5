"""Reading result records: the JSON-lines files `minckt solve --out` writes, or a results
database, each record's fields checked before the report reads them
(docs/guide/instance-files.md#format)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, TypeGuard

from minckt.core.circuit import Circuit
from minckt.errors import InputError
from minckt.io.instances import read_text
from minckt.core.problem import AXES, GateModel, Limits
from minckt.core.spec import Spec
from minckt.io.store import Store, is_store

__all__ = ["Record", "MAX_RESULTS_BYTES", "load_records", "check_record", "pairs_text",
           "is_class_record", "field_error", "count_field"]


@dataclass(frozen=True)
class Record:
    """One line of a results file, with where it came from (for error messages)."""

    data: Mapping
    where: str

    def get(self, key: str, default: object = None) -> Any:
        return self.data.get(key, default)

    def require(self, key: str) -> Any:
        if key not in self.data:
            raise InputError(f"{self.where}: result record has no {key!r} key; expected a "
                             "line written by `minckt solve --out`")
        return self.data[key]

    def spec(self) -> Spec:
        data = self.require("spec")
        try:
            return Spec.from_json(data)
        except InputError as err:
            raise InputError(f"{self.where}: {err}") from None

    def limits(self) -> Limits:
        try:
            return Limits.from_json(self.get("limits") or {})
        except InputError as err:
            raise InputError(f"{self.where}: {err}") from None

    def model(self) -> GateModel:
        try:
            return GateModel.from_json(self.get("gate") or {})
        except InputError as err:
            raise InputError(f"{self.where}: {err}") from None

    @property
    def name(self) -> str:
        return str(self.require("name"))

    @property
    def family(self) -> str:
        """The family name (with its parameters), or "table" for a truth-table instance,
        e.g. "PAIRWISE_AND(k=2, pairs=all)" (the pair set as `pairs_text` puts it)."""
        name = self.get("function")
        if not name:
            return "table"
        params = [self._parameter(k) for k in ("k", "pairs", "m", "N", "seed", "labels",
                                               "points_file", "outputs") if k in self.data]
        return f"{name}({', '.join(params)})" if params else str(name)

    def _parameter(self, key: str) -> str:
        if key != "pairs":
            return f"{key}={self.data[key]}"
        n = self.data.get("n")
        return pairs_text(self.data["pairs"], n if _is_int(n) else self.spec().n)


def pairs_text(pairs: object, n: int) -> str:
    """A pair set in a few characters: "pairs=all", "pairs=path" for (1,2), (2,3), ...,
    (n−1,n), else the count ("4 pairs"); anything else as written (the superposition study
    reports a malformed one)."""
    if pairs == "all":
        return "pairs=all"
    if not isinstance(pairs, (list, tuple)):
        return f"pairs={json.dumps(pairs)}"
    listed = [list(p) if isinstance(p, (list, tuple)) else p for p in pairs]
    if n >= 2 and listed == [[i, i + 1] for i in range(1, n)]:
        return "pairs=path"
    return f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''}"


#: Largest results file read (a larger one, or /dev/zero, is refused).
MAX_RESULTS_BYTES = 1 << 30


def load_records(paths: Iterable[str | Path]) -> list[Record]:
    """Every record of the JSON-lines files, in order; a bad line, or a record whose fields
    have the wrong shape, is an InputError naming the file and line."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    try:
        paths = list(paths)
    except TypeError:
        raise InputError(f"load_records: expected file paths, got {paths!r}") from None
    if not all(isinstance(p, (str, os.PathLike)) for p in paths):
        raise InputError(f"load_records: expected file paths, got {paths!r}")
    records: list[Record] = []
    for path in paths:
        path = Path(path)
        if is_store(path):  # a results database (`minckt solve --store`): row by row
            with Store(path) as store:
                for number, data in enumerate(store.records(), start=1):
                    record = Record(data, f"{path}: row {number}")
                    check_record(record)
                    records.append(record)
            continue
        text = read_text(path, MAX_RESULTS_BYTES, "results file")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{where}: not a JSON object ({err.msg}); expected one result "
                                 "per line as `minckt solve --out` writes") from None
            except RecursionError:
                raise InputError(f"{where}: JSON nested too deeply; expected one result "
                                 "record per line") from None
            if not isinstance(data, dict):
                raise InputError(f"{where}: {type(data).__name__} where a JSON object (one "
                                 "result record) was expected")
            record = Record(data, where)
            check_record(record)
            records.append(record)
    if not records:
        raise InputError(f"{', '.join(map(str, paths))}: no result records found")
    return records


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def field_error(record: Record, key: str, value: object, expected: str) -> InputError:
    """The InputError for a record's field of the wrong shape: where the record is, the key,
    the value (cut to 60 characters) and what was expected."""
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return InputError(f"{record.where}: {key} = {text}: expected {expected}")


def count_field(record: Record, key: str) -> int | None:
    """The record's field `key` as a count: None when null or missing, else a non-negative
    integer (anything else is a `field_error`)."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise field_error(record, key, value, "null or a non-negative integer")
    return value


def _check_circuit(record: Record, key: str, data: object, n: int) -> None:
    if data is None:
        return
    if not isinstance(data, dict) or data.get("n") != n:
        # the circuit reads the spec's inputs; a wrong n (say 2^70) is not one minckt wrote
        raise field_error(record, key, data, f"a circuit object on the spec's n = {n} inputs")
    try:
        Circuit.from_json(data)
    except InputError as err:
        raise InputError(f"{record.where}: {key}: {err}") from None
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError,
            RecursionError) as err:  # the circuit parser trusts its input's shape
        raise InputError(f"{record.where}: {key}: not a circuit as `minckt solve` writes "
                         f"({type(err).__name__}: {err})") from None


def check_record(record: Record) -> None:
    """Check the shape of every field the report reads (types, resources, circuits), so a
    hand-edited or truncated record is an InputError naming its file and line."""
    data = record.data
    if not isinstance(record.require("name"), str):
        raise field_error(record, "name", data["name"], "a string")
    for key in ("spec", "limits", "gate"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise field_error(record, key, data[key], "an object")
    n = record.spec().n
    record.limits()
    record.model()
    for key in ("status", "function", "lower_bound_source"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise field_error(record, key, data[key], "a string")
    objective = data.get("objective")
    if objective is not None and (not isinstance(objective, str) or objective not in AXES):
        raise field_error(record, "objective", objective, f"null or one of {', '.join(AXES)}")
    for key in ("value", "lower_bound"):
        if data.get(key) is not None and not (_is_int(data[key]) and data[key] >= 0):
            raise field_error(record, key, data[key], "null or a non-negative integer")
    axes = data.get("frontier")
    if axes is not None and (not isinstance(axes, list) or not all(
            isinstance(a, str) and a in AXES for a in axes) or len(set(axes)) != len(axes)
            or len(axes) == 1 or len(axes) > 3):
        raise field_error(record, "frontier", axes, "null or a list of two or three distinct "
                          f"resources ({', '.join(AXES)})")
    _check_circuit(record, "circuit", data.get("circuit"), n)
    points = data.get("points")
    if points is None:
        return
    if not isinstance(points, list):
        raise field_error(record, "points", points, "a list of frontier points")
    for index, point in enumerate(points):
        key = f"points[{index}]"
        if not isinstance(point, dict):
            raise field_error(record, key, point, "an object (one frontier point)")
        if point.get("status") is not None and not isinstance(point["status"], str):
            raise field_error(record, f"{key}.status", point["status"], "a string")
        bound = point.get("lower_bound")
        if bound is not None and not (_is_int(bound) and bound >= 0):
            raise field_error(record, f"{key}.lower_bound", bound,
                              "null or a non-negative integer")
        coordinates = point.get("coordinates")
        if coordinates is not None:
            if not isinstance(coordinates, dict) or not all(
                    k in AXES and _is_int(v) for k, v in coordinates.items()):
                raise field_error(record, f"{key}.coordinates", coordinates,
                                  "an object of resource: non-negative integer")
            try:
                Limits(**coordinates)  # each coordinate becomes a limit: in the same range
            except InputError as err:
                raise InputError(f"{record.where}: {key}.coordinates: {err}") from None
            missing = [a for a in axes or () if a not in coordinates]
            if coordinates and missing:
                raise field_error(record, f"{key}.coordinates", coordinates,
                                  f"a value for each frontier axis (missing {', '.join(missing)})")
        _check_circuit(record, f"{key}.circuit", point.get("circuit"), n)


def is_class_record(record: Record) -> bool:
    """Whether a record is one class of a class sweep (it has ``class`` and ``class_size``)."""
    return record.get("class") is not None and record.get("class_size") is not None
