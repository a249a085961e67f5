"""Point specs: a function given on a list of points of {0,1}^n, for n past a truth table's
reach (docs/guide/semantics.md#specs-and-care-sets).

A `Spec` holds all 2^n rows (n <= 20) and names a point by its row index.  A `Points` spec
holds only its N care points, as an N x n 0/1 matrix, and m outputs on them: a data set of
labelled points in n = 32 or 64 inputs is N rows of n bits, and nothing is ever made of the
other 2^n.  It is evaluated and verified on its points only (`minckt.verify.verify` takes
either kind).  For n <= 20 `Points.to_spec` and `Points.from_spec` go between the two kinds
(the same function: the points are the care rows), so exact search, which works on row
indices, reaches a point spec through its `Spec`.

A point's *key* is its row index u = Σ_i 2^(i-1) x_i, a Python integer of any size (the
constructions that order points by key use it, `minckt.solve.constructions.koyuncu`).
Points are distinct (the same point twice would be one care row, or a contradiction).

`SparsePairs` is the promise problem of the superposition study: pairwise ANDs of m inputs
on the rows with at most k ones, for m up to 1,024 and beyond, made and verified in blocks of
points.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator

import numpy as np

from minckt.core.spec import MAX_INPUTS, MAX_OUTPUTS, Spec
from minckt.errors import InputError

__all__ = ["MAX_POINT_INPUTS", "MAX_POINTS", "Points", "SparsePairs", "point_keys"]

#: Most inputs of a point spec (a point is a row of n bytes; the superposition study asks
#: for 1,024 inputs).
MAX_POINT_INPUTS = 4096

#: Most points of a point spec.
MAX_POINTS = 1 << 20


def point_keys(inputs: np.ndarray) -> list[int]:
    """The key Σ_i 2^(i-1) x_i of each row of a 0/1 matrix, as Python integers (exact for
    any n)."""
    packed = np.packbits(np.asarray(inputs, dtype=bool), axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


@dataclass(frozen=True, eq=False)
class Points:
    """m outputs on N distinct points of {0,1}^n: `inputs` is the N x n 0/1 matrix (row p is
    point p, column i input x_(i+1)), `labels` the m x N 0/1 matrix of the outputs on them.
    Both are kept as read-only copies."""

    inputs: np.ndarray
    labels: np.ndarray
    name: str = ""
    _key: list = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        inputs = np.array(self.inputs, dtype=np.uint8, copy=True)
        labels = np.array(self.labels, dtype=bool, copy=True)
        if labels.ndim == 1:
            labels = labels[None, :]
        if inputs.ndim != 2 or not 1 <= inputs.shape[0] <= MAX_POINTS \
                or not 1 <= inputs.shape[1] <= MAX_POINT_INPUTS:
            raise InputError(f"point spec {self.name!r}: inputs of shape {inputs.shape}; "
                             f"expected N x n with 1 <= N <= {MAX_POINTS} points and "
                             f"1 <= n <= {MAX_POINT_INPUTS} inputs")
        given = np.asarray(self.inputs)
        if (given > 1).any() or (given < 0).any():
            raise InputError(f"point spec {self.name!r}: an input value is not 0 or 1")
        if labels.ndim != 2 or labels.shape[1] != inputs.shape[0] \
                or not 1 <= labels.shape[0] <= MAX_OUTPUTS:
            raise InputError(f"point spec {self.name!r}: labels of shape {labels.shape}; "
                             f"expected m x {inputs.shape[0]} (one column per point, "
                             f"1 <= m <= {MAX_OUTPUTS})")
        packed = np.packbits(inputs.astype(bool), axis=1, bitorder="little")
        unique, first = np.unique(packed, axis=0, return_index=True)
        if len(unique) != len(packed):
            repeated = sorted(set(range(len(packed))) - set(first.tolist()))[0]
            raise InputError(f"point spec {self.name!r}: point #{repeated + 1} is given twice")
        inputs.setflags(write=False)
        labels.setflags(write=False)
        object.__setattr__(self, "inputs", inputs)
        object.__setattr__(self, "labels", labels)

    # -- views ----------------------------------------------------------------------------
    @property
    def n(self) -> int:
        """The number of inputs."""
        return int(self.inputs.shape[1])

    @property
    def num_points(self) -> int:
        """N."""
        return int(self.inputs.shape[0])

    @property
    def num_outputs(self) -> int:
        """m."""
        return int(self.labels.shape[0])

    @cached_property
    def columns(self) -> np.ndarray:
        """The n x N int64 matrix of input values, point p in column p (what the evaluator
        reads, `minckt.core.circuit.Circuit.evaluate`)."""
        matrix = np.ascontiguousarray(self.inputs.T, dtype=np.int64)
        matrix.setflags(write=False)
        return matrix

    @cached_property
    def keys(self) -> tuple[int, ...]:
        """The key of each point (module docstring)."""
        return tuple(point_keys(self.inputs))

    def key(self) -> str:
        """Content hash (hex sha256) of n, the points and the labels, in point order."""
        digest = hashlib.sha256(f"points;n={self.n};N={self.num_points};"
                                f"m={self.num_outputs};".encode())
        digest.update(np.packbits(self.inputs.astype(bool), axis=1).tobytes())
        digest.update(np.packbits(self.labels, axis=1).tobytes())
        return digest.hexdigest()

    # -- the other kind ---------------------------------------------------------------------
    def to_spec(self) -> Spec:
        """The same function as a `Spec` (care set = the points); n <= 20 only."""
        if self.n > MAX_INPUTS:
            raise InputError(f"point spec {self.name!r}: n = {self.n} inputs; a truth table "
                             f"(and exact search) takes n <= {MAX_INPUTS}")
        rows = np.asarray(self.keys, dtype=np.int64)
        care = 0
        for r in self.keys:
            care |= 1 << r
        tables = []
        for k in range(self.num_outputs):
            table = 0
            for r in rows[self.labels[k]].tolist():
                table |= 1 << r
            tables.append(table)
        return Spec(n=self.n, outputs=tuple(tables), care=care, name=self.name)

    @classmethod
    def from_spec(cls, spec: Spec) -> "Points":
        """The care rows of a spec as points, in increasing row order."""
        rows = spec.care_rows
        inputs = (rows[:, None] >> np.arange(spec.n, dtype=np.int64)) & 1
        return cls(inputs, spec.values[:, rows], name=spec.name)

    def __str__(self) -> str:
        label = f"{self.name}: " if self.name else ""
        return f"{label}{self.num_points} points of n={self.n}, {self.num_outputs} output(s)"


@dataclass(frozen=True)
class SparsePairs:
    """The pairwise ANDs x_i ∧ x_j of the given pairs of m inputs, under the promise that at
    most k inputs are 1 (Adler–Shavit's sparse inputs): a point spec whose points are every
    row with at most k ones -- Σ_(j <= k) C(m, j) of them, 524,801 for m = 1,024 and k = 2 --
    made block by block (`blocks`), never all at once.  Pairs are 0-based, i < j, distinct."""

    m: int
    pairs: tuple[tuple[int, int], ...]
    k: int = 2
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.m, bool) or not isinstance(self.m, int) \
                or not 2 <= self.m <= MAX_POINT_INPUTS:
            raise InputError(f"sparse pairs: m = {self.m!r}: expected 2..{MAX_POINT_INPUTS}")
        if isinstance(self.k, bool) or not isinstance(self.k, int) or not 2 <= self.k <= 3:
            raise InputError(f"sparse pairs: k = {self.k!r}: expected 2 or 3 ones at most")
        pairs = tuple((int(i), int(j)) for i, j in self.pairs)
        if not 1 <= len(pairs) <= MAX_OUTPUTS or len(set(pairs)) != len(pairs) or any(
                not 0 <= i < j < self.m for i, j in pairs):
            raise InputError(f"sparse pairs: expected 1..{MAX_OUTPUTS} distinct pairs (i, j) "
                             f"with 0 <= i < j < {self.m}")
        object.__setattr__(self, "pairs", pairs)

    @property
    def n(self) -> int:
        return self.m

    @property
    def num_outputs(self) -> int:
        return len(self.pairs)

    @property
    def num_points(self) -> int:
        """Σ_(j <= k) C(m, j)."""
        return sum(math.comb(self.m, j) for j in range(self.k + 1))

    def blocks(self, size: int = 16384) -> Iterator[Points]:
        """The points in blocks of at most `size` (0 ones, then 1, then 2, ...), as `Points`
        with the ANDs as labels."""
        combos = itertools.chain.from_iterable(
            itertools.combinations(range(self.m), j) for j in range(self.k + 1))
        first = np.array([i for i, _ in self.pairs])
        second = np.array([j for _, j in self.pairs])
        while True:
            chunk = list(itertools.islice(combos, size))
            if not chunk:
                return
            inputs = np.zeros((len(chunk), self.m), dtype=np.uint8)
            for row, ones in enumerate(chunk):
                inputs[row, list(ones)] = 1
            labels = (inputs[:, first] & inputs[:, second]).T.astype(bool)
            yield Points(inputs, labels, name=self.name)

    def __str__(self) -> str:
        label = f"{self.name}: " if self.name else ""
        return (f"{label}{len(self.pairs)} pairwise AND(s) of m={self.m} inputs, at most "
                f"{self.k} ones")
