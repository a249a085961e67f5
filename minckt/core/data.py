"""Memorization data sets: partial functions given as labelled points
(docs/guide/semantics.md#specs-and-care-sets).

A data set of N labelled points x in {0,1}^n is the partial function whose care set is
exactly the N points; every other row is a don't-care.  Point (x1..xn) is row
r = sum_i x_i 2^(i-1) (x1 the least significant bit, the row convention of `minckt.core.spec`).
A point given twice with the same label counts once; with different labels it is an error.
Since every encoding works on care rows only, N points encode with O(N) rows whatever n is.

Points files (chosen by extension, case-insensitively):

``.csv`` -- one point per line, ``x1,...,xn`` then its label(s), cells 0 or 1::

    x1,x2,x3,label          <- optional header
    0,1,1,0
    1,1,1,1

  The header, when there is one, names the columns: the inputs ``x1..xn`` first, in order,
  then one name per output (``label``, ``y``, or ``y1..ym``, any names).  A first line is a
  header when one of its cells is not an integer.  Without a header the last column is the
  label, or the last ``outputs`` columns when `read_points` is given ``outputs=m``; the rest
  of the line is the point.  Blank lines and lines starting with ``#`` are skipped.
``.jsonl``, ``.ndjson``, ``.json`` -- JSON lines, one object per line with keys ``x`` (a
  list of n 0/1 integers) and ``y`` (a 0/1 integer for one output, or a list of m of them)::

    {"x": [0, 1, 1], "y": 0}
    {"x": [1, 1, 1], "y": [1, 0]}

  Blank lines are skipped; every line has the same n and m.

When n is given (an instance's ``n``) every point must have exactly n inputs; otherwise the
first point (or the header) fixes n.  Every error is an `InputError` of one line naming the
file, the line, the bad value and what was expected.

`memorize` builds the same spec from Python sequences or arrays and `random_points` draws a
seeded random data set (random, parity or majority labels), the MEMORIZE family.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from minckt.errors import InputError
from minckt.core.textfiles import read_text
from minckt.core.points import MAX_POINT_INPUTS, Points
from minckt.core.spec import MAX_INPUTS, MAX_OUTPUTS, Spec, bits_to_int

__all__ = ["LABEL_RULES", "MAX_POINTS_BYTES", "POINTS_SUFFIXES", "memorize", "random_points",
           "random_point_rows", "random_point_set", "read_points"]

#: Label rules of `random_points`: random bits, parity of the point, or strict majority.
LABEL_RULES = ("random", "parity", "majority")

#: Largest points file read: every point of 20 inputs with one label is 44 MB of CSV.
MAX_POINTS_BYTES = 128 << 20

_CSV = (".csv",)
_JSONL = (".jsonl", ".ndjson", ".json")
#: The suffixes of points files: CSV, then JSON lines.
POINTS_SUFFIXES = _CSV + _JSONL
_BIT = {"0": 0, "1": 1}
_INPUT_NAME = re.compile(r"x(\d+)", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?\d+")


def _short(value: object, limit: int = 60) -> str:
    """repr(value), cut to `limit` characters (a hostile cell can be megabytes long)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _check_count(who: str, key: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not low <= value <= high:
        raise InputError(f"{who}: {key} = {_short(value)}: expected an integer in {low}..{high}")
    return int(value)


# -- the one constructor ---------------------------------------------------------------------

def _build(points: np.ndarray, labels: np.ndarray, n: int, name: str,
           at: Callable[[int], str], ref: Callable[[int], str]) -> Spec:
    """The spec whose care rows are the points (N x n, 0/1) with labels (N x m, 0/1).

    A point repeated with the same labels is one care row; with other labels it is an error
    at the first line that contradicts an earlier one, `at(j)` ("file:line") naming it and
    `ref(i)` ("line 3") the earlier one.
    """
    count = points.shape[0]
    rows = points.astype(np.int64) @ (np.int64(1) << np.arange(n, dtype=np.int64))
    labels = labels.astype(np.int8)
    # stable sort: in each group of equal rows the first is the point's first occurrence
    order = np.argsort(rows, kind="stable")
    starts = np.ones(count, dtype=bool)
    starts[1:] = rows[order][1:] != rows[order][:-1]
    first = order[np.maximum.accumulate(np.where(starts, np.arange(count), 0))]
    clash = np.flatnonzero((labels[order] != labels[first]).any(axis=1))
    if clash.size:
        pick = clash[np.argmin(order[clash])]
        j, i = int(order[pick]), int(first[pick])
        point = tuple(int(v) for v in points[j])
        raise InputError(f"{at(j)}: point {point} is labelled {_label(labels[j])}, but "
                         f"{ref(i)} labels it {_label(labels[i])}; a point takes one label")
    care = np.zeros(1 << n, dtype=bool)
    care[rows] = True
    tables = []
    for k in range(labels.shape[1]):
        table = np.zeros(1 << n, dtype=bool)
        table[rows[labels[:, k] == 1]] = True
        tables.append(bits_to_int(table))
    return Spec(n=n, outputs=tuple(tables), care=bits_to_int(care), name=name)


def _label(values: np.ndarray) -> str:
    return str(int(values[0])) if values.size == 1 else str(tuple(int(v) for v in values))


# -- files -----------------------------------------------------------------------------------

def read_points(path: str | Path, n: int | None = None, outputs: int | None = None,
                name: str | None = None) -> Spec:
    """The partial function of a points file: care set = its points, each with its label(s).

    `n` (the number of inputs) and `outputs` (m), when given, are checked against every line;
    otherwise the header or the first point fixes them (see the module docstring).
    """
    if not isinstance(path, (str, Path)):
        raise InputError(f"read_points: {_short(path)} is not a file path")
    path = Path(path)
    if n is not None:
        n = _check_count(f"{path}", "n", n, 0, MAX_INPUTS)
    if outputs is not None:
        outputs = _check_count(f"{path}", "outputs", outputs, 1, MAX_OUTPUTS)
    suffix = path.suffix.lower()
    if suffix not in _CSV + _JSONL:
        raise InputError(f"{path}: points file type {suffix or '(none)'!r}: expected "
                         f"{', '.join(_CSV + _JSONL)}")
    text = read_text(path, MAX_POINTS_BYTES, "points file")
    parse = _parse_csv if suffix in _CSV else _parse_jsonl
    points, labels, lines, n = parse(text, str(path), n, outputs)
    if not lines:
        raise InputError(f"{path}: no points (the file is empty or has only blank lines, "
                         "comments and a header)")
    return _build(np.array(points, dtype=np.int8).reshape(len(lines), n),
                  np.array(labels, dtype=np.int8).reshape(len(lines), -1), n,
                  path.stem if name is None else name,
                  at=lambda i: f"{path}:{lines[i]}", ref=lambda i: f"line {lines[i]}")


def _shape_text(n: int, m: int) -> str:
    """"x1..x3, then the label" -- what a line holds, for messages."""
    inputs = "no inputs" if n == 0 else "x1" if n == 1 else f"x1..x{n}"
    return f"{inputs}, then {'the label' if m == 1 else f'{m} labels'}"


def _parse_csv(text: str, filename: str, n: int | None, outputs: int | None
               ) -> tuple[list[int], list[int], list[int], int]:
    """(points, labels, line numbers, n) of a CSV points file, the cells flattened."""
    points: list[int] = []
    labels: list[int] = []
    lines: list[int] = []
    m = outputs
    width = None if n is None or m is None else n + m
    header_seen = False
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            line = reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if not header_seen and not lines:
                header_seen = True
                if any(c and not _INTEGER.fullmatch(c) for c in cells):
                    n, m = _parse_header(cells, f"{filename}:{line}", n, m)
                    width = n + m
                    continue
            if width is None:
                m = 1 if m is None else m
                n = len(cells) - m if n is None else n
                if n < 0:
                    raise InputError(f"{filename}:{line}: {len(cells)} value(s); expected at "
                                     f"least {m} ({m} labels)")
                if n > MAX_INPUTS:
                    raise InputError(f"{filename}:{line}: {len(cells)} values make n = {n} "
                                     f"inputs ({_shape_text(n, m)}); at most {MAX_INPUTS} are "
                                     "accepted")
                width = n + m
            # width is set only together with n and m
            assert n is not None and m is not None
            if len(cells) != width:
                more = f": more than n = {n} allows" if len(cells) > width else ""
                raise InputError(f"{filename}:{line}: {len(cells)} values{more}; expected "
                                 f"{width} ({_shape_text(n, m)})")
            try:
                bits = [_BIT[c] for c in cells]
            except KeyError:
                column = next(k for k, c in enumerate(cells) if c not in _BIT)
                what = f"x{column + 1}" if column < n else (
                    "label" if m == 1 else f"label {column - n + 1}")
                raise InputError(f"{filename}:{line}: column {column + 1} ({what}) = "
                                 f"{_short(cells[column])}: expected 0 or 1") from None
            points.extend(bits[:n])
            labels.extend(bits[n:])
            lines.append(line)
    except csv.Error as err:
        raise InputError(f"{filename}:{reader.line_num}: not CSV: {err}") from None
    return points, labels, lines, 0 if n is None else n


def _parse_header(cells: list[str], where: str, n: int | None,
                  outputs: int | None) -> tuple[int, int]:
    """(n, m) named by a header: x1..xn, then one name per output."""
    inputs = 0
    while inputs < len(cells) and _INPUT_NAME.fullmatch(cells[inputs]):
        if cells[inputs].lower() != f"x{inputs + 1}":
            raise InputError(f"{where}: header column {inputs + 1} is {_short(cells[inputs])}: "
                             f"expected 'x{inputs + 1}' (inputs x1..xn come first, in order)")
        inputs += 1
    m = len(cells) - inputs
    if inputs == 0 and len(cells) > 1 or m == 0:
        raise InputError(f"{where}: header {_short(','.join(cells))}: expected the input "
                         "columns x1..xn, then one column per output (e.g. x1,x2,x3,label)")
    if not all(cells[inputs:]):
        raise InputError(f"{where}: header {_short(','.join(cells))}: an output column has no "
                         "name")
    if n is not None and inputs != n:
        raise InputError(f"{where}: header names {inputs} input(s) "
                         f"({_shape_text(inputs, m).split(',')[0]}); n = {n}")
    if inputs > MAX_INPUTS:
        raise InputError(f"{where}: header names n = {inputs} inputs; at most {MAX_INPUTS} are "
                         "accepted")
    if outputs is not None and m != outputs:
        raise InputError(f"{where}: header names {m} output column(s); outputs = {outputs}")
    if m > MAX_OUTPUTS:
        raise InputError(f"{where}: header names {m} outputs; at most {MAX_OUTPUTS} are "
                         "accepted")
    return inputs, m


def _bits(value: object, where: str, key: str) -> list[int] | None:
    """A JSON list of 0/1 integers, else None."""
    if not isinstance(value, list):
        return None
    for index, v in enumerate(value):
        if not isinstance(v, int) or isinstance(v, bool) or v not in (0, 1):
            raise InputError(f"{where}: {key}[{index}] = {_short(v)}: expected 0 or 1")
    return value


def _parse_jsonl(text: str, filename: str, n: int | None, outputs: int | None
                 ) -> tuple[list[int], list[int], list[int], int]:
    """(points, labels, line numbers, n) of a JSON-lines points file, flattened."""
    points: list[int] = []
    labels: list[int] = []
    lines: list[int] = []
    m = outputs
    # universal newlines (\n, \r\n, \r), not str.splitlines: JSON text may hold U+2028
    for line, raw in enumerate(io.StringIO(text, newline=None), start=1):
        if not raw.strip():
            continue
        where = f"{filename}:{line}"
        try:
            entry = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as err:
            reason = err.msg if isinstance(err, json.JSONDecodeError) else "nested too deeply"
            raise InputError(f"{where}: not JSON ({reason}); expected one object per line like "
                             '{"x": [0, 1, 1], "y": 1}') from None
        if not isinstance(entry, dict) or set(entry) != {"x", "y"}:
            got = sorted(entry) if isinstance(entry, dict) else type(entry).__name__
            raise InputError(f"{where}: {_short(got)}: expected an object with keys x and y, "
                             'like {"x": [0, 1, 1], "y": 1}')
        x = _bits(entry["x"], where, "x")
        if x is None:
            raise InputError(f"{where}: x = {_short(entry['x'])}: expected a list of 0/1 values")
        y = entry["y"]
        y = [y] if isinstance(y, int) and not isinstance(y, bool) else _bits(y, where, "y")
        if y is None or not y or y[0] not in (0, 1):
            raise InputError(f"{where}: y = {_short(entry['y'])}: expected 0 or 1, or a "
                             "non-empty list of them (one per output)")
        if n is None:
            n = len(x)
            if n > MAX_INPUTS:
                raise InputError(f"{where}: x has {n} values; at most n = {MAX_INPUTS} inputs "
                                 "are accepted")
        if len(x) != n:
            more = " (more than n allows)" if len(x) > n else ""
            raise InputError(f"{where}: x has {len(x)} values{more}; expected n = {n}")
        if m is None:
            m = len(y)
            if m > MAX_OUTPUTS:
                raise InputError(f"{where}: y has {m} values; at most {MAX_OUTPUTS} outputs are "
                                 "accepted")
        if len(y) != m:
            raise InputError(f"{where}: y has {len(y)} value(s); expected {m} (one per output)")
        points.extend(x)
        labels.extend(y)
        lines.append(line)
    return points, labels, lines, 0 if n is None else n


# -- Python data -----------------------------------------------------------------------------

def _matrix(values: object, what: str, width: int | None) -> np.ndarray:
    """values as a 2-D 0/1 int8 array (a 1-D one is a column when width is None or 1)."""
    try:
        array = np.asarray(values)
    except ValueError:  # ragged nested lists
        array = None
    if array is None or array.dtype == object:
        lengths = [len(v) if isinstance(v, (list, tuple, np.ndarray)) else None
                   for v in values] if isinstance(values, (list, tuple)) else []
        bad = next((i for i, k in enumerate(lengths) if k != lengths[0]), None)
        detail = f" ({what} #{bad + 1} has {lengths[bad]} values, #1 has {lengths[0]})" \
            if bad is not None and None not in (lengths[0], lengths[bad]) else ""
        raise InputError(f"memorize: {what}s {_short(values)}: expected a sequence of 0/1 "
                         f"tuples of one length or an integer array{detail}")
    if array.ndim == 1 and what == "label":
        array = array[:, None]
    if array.ndim == 2 and array.shape[1] == 0:  # n = 0: numpy makes () points floats
        array = array.astype(np.int8)
    if array.ndim != 2 or array.dtype.kind not in "biu":
        raise InputError(f"memorize: {what}s {_short(values)}: expected "
                         + ("a sequence of 0/1 tuples or an N x n integer array" if what == "point"
                            else "a sequence of 0/1 values or an N x m integer array"))
    wrong = np.argwhere((array != 0) & (array != 1))
    if wrong.size:
        i, k = (int(v) for v in wrong[0])
        raise InputError(f"memorize: {what} #{i + 1}: value {_short(array[i, k].item())} at "
                         f"index {k}: expected 0 or 1")
    if width is not None and array.shape[1] != width:
        raise InputError(f"memorize: {what}s have {array.shape[1]} values each; expected "
                         f"{width}")
    return array.astype(np.int8)


def memorize(points: Sequence[Sequence[int]] | np.ndarray,
             labels: Sequence[int] | Sequence[Sequence[int]] | np.ndarray,
             n: int | None = None, name: str = "memorize") -> Spec:
    """The partial function with care set = `points` (0/1 tuples x1..xn, or an N x n array),
    point i labelled `labels[i]` (0/1; an N x m array or tuples for m outputs).

    A point repeated with the same label counts once; with another label it is an error.
    """
    if n is not None:
        n = _check_count("memorize", "n", n, 0, MAX_INPUTS)
    if isinstance(points, (str, bytes)) or isinstance(labels, (str, bytes)):
        raise InputError("memorize: points and labels are sequences of 0/1 values, not text "
                         "(read a file with read_points)")
    if not isinstance(name, str):
        raise InputError(f"memorize: name = {_short(name)}: expected a string")
    try:
        count = len(points)
    except TypeError:
        raise InputError(f"memorize: points {_short(points)}: expected a sequence of 0/1 "
                         "tuples or an N x n integer array") from None
    if count == 0:
        raise InputError("memorize: no points; expected at least one")
    point_matrix = _matrix(points, "point", n)
    n = int(point_matrix.shape[1])
    if n > MAX_INPUTS:
        raise InputError(f"memorize: points have n = {n} values; at most {MAX_INPUTS} inputs "
                         "are accepted")
    label_matrix = _matrix(labels, "label", None)
    if label_matrix.shape[0] != count:
        raise InputError(f"memorize: {label_matrix.shape[0]} labels for {count} points; "
                         "expected one label (or one row of labels) per point")
    if not 1 <= label_matrix.shape[1] <= MAX_OUTPUTS:
        raise InputError(f"memorize: {label_matrix.shape[1]} outputs per label; expected "
                         f"1..{MAX_OUTPUTS}")
    return _build(point_matrix, label_matrix, n, name,
                  at=lambda i: f"memorize: point #{i + 1}", ref=lambda i: f"point #{i + 1}")


def random_points(n: int, N: int, seed: int, labels: str = "random",
                  outputs: int = 1) -> Spec:
    """N distinct points of {0,1}^n drawn uniformly with ``numpy.random.default_rng(seed)``,
    labelled by random bits (from the same generator, after the points), the parity of the
    point, or its strict majority (1 iff more than n/2 ones: for even n a tie gives 0, unlike
    the MAJ family)."""
    return random_point_rows(n, N, seed, labels, outputs, "random_points")


def random_point_rows(n: int, N: int, seed: int, labels: str, outputs: int,
                      who: str) -> Spec:
    """N distinct random points of n inputs (numpy's generator seeded with `seed`), labelled
    by `labels`, as a Spec whose care set is the points; errors name `who`."""
    n = _check_count(who, "n", n, 0, MAX_INPUTS)
    if isinstance(N, bool) or not isinstance(N, (int, np.integer)) or not 1 <= N <= 1 << n:
        raise InputError(f"{who}: N = {_short(N)}: expected a number of distinct points in "
                         f"1..2^{n} = {1 << n}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"{who}: seed = {_short(seed)}: expected an integer >= 0")
    if not isinstance(labels, str) or labels not in LABEL_RULES:
        raise InputError(f"{who}: labels = {_short(labels)}: expected one of "
                         f"{', '.join(LABEL_RULES)}")
    outputs = _check_count(who, "outputs", outputs, 1, MAX_OUTPUTS)
    if labels != "random" and outputs != 1:
        raise InputError(f"{who}: outputs = {outputs}: labels = {labels!r} gives one output "
                         "(several outputs take labels = 'random')")
    N, seed = int(N), int(seed)
    rng = np.random.default_rng(seed)
    rows = rng.choice(1 << n, size=N, replace=False).astype(np.int64)
    points = ((rows[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(np.int8)
    ones = points.sum(axis=1, dtype=np.int64)
    if labels == "random":
        values = rng.integers(0, 2, size=(N, outputs))
    elif labels == "parity":
        values = (ones % 2)[:, None]
    else:
        values = (2 * ones > n)[:, None]
    name = f"MEMORIZE{n}_N{N}_s{seed}_{labels}" + (f"_m{outputs}" if outputs > 1 else "")
    return _build(points, values, n, name, at=lambda i: who, ref=lambda i: who)


def random_point_set(n: int, N: int, seed: int, labels: str = "random") -> Points:
    """`random_points` as a point spec (`minckt.core.points`), for any n up to
    MAX_POINT_INPUTS: for n <= 20 the very points and labels of `random_points` (so a study
    past n = 20 continues the same draws below it); above, N distinct rows of n fair bits
    from ``numpy.random.default_rng(seed)`` (a repeated row is drawn again), then the labels
    as there."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) \
            or not 1 <= n <= MAX_POINT_INPUTS:
        raise InputError(f"random_point_set: n = {_short(n)}: expected 1..{MAX_POINT_INPUTS}")
    if n <= MAX_INPUTS:
        return Points.from_spec(random_points(int(n), N, seed, labels))
    if isinstance(N, bool) or not isinstance(N, (int, np.integer)) or not 1 <= N <= 1 << 20:
        raise InputError(f"random_point_set: N = {_short(N)}: expected 1..{1 << 20}")
    if not isinstance(labels, str) or labels not in LABEL_RULES:
        raise InputError(f"random_point_set: labels = {_short(labels)}: expected one of "
                         f"{', '.join(LABEL_RULES)}")
    rng = np.random.default_rng(int(seed))
    points = np.zeros((0, n), dtype=np.uint8)
    while len(points) < N:
        drawn = rng.integers(0, 2, size=(N - len(points), n), dtype=np.uint8)
        points = np.concatenate([points, drawn])
        _, first = np.unique(np.packbits(points, axis=1), axis=0, return_index=True)
        points = points[np.sort(first)]
    ones = points.sum(axis=1, dtype=np.int64)
    if labels == "random":
        values = rng.integers(0, 2, size=N).astype(bool)
    elif labels == "parity":
        values = (ones % 2).astype(bool)
    else:
        values = 2 * ones > n
    return Points(points, values, name=f"MEMORIZE{n}_N{N}_s{seed}_{labels}")
