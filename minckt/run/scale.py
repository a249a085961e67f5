"""Constructions past exact search, measured: the memorization study's series up to N = 4,096
points (docs/studies/memorization.md).

Exact search proves least sizes and operation counts up to a few dozen points; past that a
study shows what the papers' constructions and the heuristic achieve on the same kind of
data, verified like every circuit.  `measure_memorization` builds, for one data set (N random
points of {0,1}^n, `minckt.core.data.random_point_set`, as a point spec so n may pass 20):

* ``blocks`` -- Koyuncu's unconditional network (`minckt.solve.constructions.koyuncu`);
* ``baum`` -- Baum's one hidden layer of slabs (`minckt.solve.constructions.baum`), depth 2;
* ``search tree`` -- the conditional network with O(log N) evaluated gates (guards);
* ``decision list`` -- the LP-peeling heuristic (`...constructions.decision_list`), up to
  `DECISION_LIST_POINTS` points (it solves a few LPs over all points per gate);
* ``detectors`` -- one detector per point of one label, the plain depth-2 baseline,

verifies each on the points (`minckt.verify.verify`: every output on every point, every
resource re-measured) and records a `Measured`: gates, depth, largest weight, and the ops
per input (fan-in + 1 per evaluated gate, max over the points) split into the part spent in
gates that read an input (the first layer: each costs up to n + 1) and the rest; beside
them the strongest proven lower bounds on the data set's least size and ops
(`minckt.bounds`, for n <= 20, where the data set is also a truth table).

`memorization_series` runs a grid of data sets and keeps every measurement in a results
store (`minckt.io.store.Store.put_measurement`), so a second run reads them back instead of
building again; the memorization report (`minckt.report.memorization_scale`) draws them
beside the exact optima and the proven lower bounds.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from minckt import bounds
from minckt.core.circuit import Circuit, is_input_name
from minckt.core.data import random_point_set
from minckt.core.points import Points
from minckt.core.problem import GateModel, Limits
from minckt.core.spec import MAX_INPUTS
from minckt.io.store import Store
from minckt.solve.constructions import (
    SOURCES, baum_circuit, block_circuit, care_points, decision_list_circuit, detector_circuit,
    search_tree_circuit)
from minckt.verify.check import verify
from minckt.version import __version__

__all__ = ["Measured", "CONSTRUCTIONS", "DECISION_LIST_POINTS", "STUDY_SIZES",
           "layer_ops", "measure_memorization", "memorization_series", "measurement_key"]

#: The constructions measured, in the order of the table.
CONSTRUCTIONS = ("blocks", "baum", "search tree", "decision list", "detectors")

#: Largest N the decision list is built for in a study (about 35 s at 1,024 points).
DECISION_LIST_POINTS = 1024

#: The N of the study: powers of two from 2 to 4,096.
STUDY_SIZES = tuple(2 ** k for k in range(1, 13))


@dataclass(frozen=True)
class Measured:
    """One verified construction on one data set."""

    construction: str       # a key of CONSTRUCTIONS
    source: str             # its `SOURCES` text
    n: int
    N: int
    seed: int
    labels: str
    guards: bool            # whether the circuit carries guards
    size: int
    depth: int
    weight: int
    evaluated: int
    ops: int                # max over the points of all ops
    first_layer_ops: int    # max over the points of ops in gates reading an input
    rest_ops: int           # max over the points of ops in the other gates
    time_s: float
    #: The strongest proven lower bounds (`minckt.bounds`) on the least size and on the
    #: least ops of this data set (ops with guards when `guards`); None past n = 20.
    lower_size: int | None = None
    lower_ops: int | None = None

    def to_json(self) -> dict:
        return {"study": "memorization", **asdict(self), "minckt": __version__}

    @classmethod
    def from_json(cls, data: dict) -> "Measured":
        fields: dict[str, Any] = {k: data.get(k) for k in cls.__dataclass_fields__}
        return cls(**fields)


def measurement_key(construction: str, n: int, N: int, seed: int, labels: str) -> str:
    """The store key of one measurement (the minckt version is part of it: a new version
    builds again)."""
    return f"memorization;{construction};n={n};N={N};seed={seed};labels={labels};" \
           f"minckt={__version__}"


def layer_ops(circuit: Circuit, points: Points) -> tuple[int, int]:
    """(first, rest): the max over the points of the ops spent in evaluated gates that read an
    input, and in the other evaluated gates."""
    _, evaluated = circuit.evaluate(inputs=points.columns)
    cost = np.array([g.fanin + 1 for g in circuit.gates], dtype=np.int64)
    reads = np.array([any(is_input_name(s) for s, _ in g.weights) for g in circuit.gates])
    spent = evaluated * cost[:, None]
    first = spent[reads].sum(axis=0) if reads.any() else np.zeros(points.num_points, int)
    rest = spent[~reads].sum(axis=0) if (~reads).any() else np.zeros(points.num_points, int)
    return int(first.max()), int(rest.max())


def _build(construction: str, points: Points) -> Circuit | None:
    if construction == "blocks":
        return block_circuit(points)
    if construction == "baum":
        return baum_circuit(points)
    if construction == "search tree":
        return search_tree_circuit(points)
    if construction == "detectors":
        return detector_circuit(points)
    if points.num_points > DECISION_LIST_POINTS:
        return None
    inputs, labels = care_points(points)
    return decision_list_circuit(inputs, labels, points.n)


def measure_memorization(n: int, N: int, seed: int, labels: str = "random",
                         constructions: Sequence[str] = CONSTRUCTIONS) -> list[Measured]:
    """Each of `constructions` built on one data set, verified on its points and measured
    (module docstring); a construction that does not apply (labels all alike, the decision
    list past `DECISION_LIST_POINTS`) is left out."""
    points = random_point_set(n, N, seed, labels)
    spec = points.to_spec() if n <= MAX_INPUTS else None
    found = []
    for construction in constructions:
        started = time.perf_counter()
        circuit = _build(construction, points)
        if circuit is None:
            continue
        metrics = verify(points, circuit, Limits(conditional=True))
        first, rest = layer_ops(circuit, points)
        found.append(Measured(
            construction, SOURCES[construction], n, N, seed, labels, circuit.conditional,
            metrics.size, metrics.depth, metrics.weight, metrics.evaluated, metrics.ops,
            first, rest, round(time.perf_counter() - started, 3),
            *_lower(spec, circuit.conditional)))
    return found


def _lower(spec, guards: bool) -> tuple[int | None, int | None]:
    """The proven lower bounds on size and ops of a data set (None, None past n = 20)."""
    if spec is None:
        return None, None
    limits = Limits(conditional=guards)
    return (bounds.strongest(spec, "size", GateModel(), limits).value,
            bounds.strongest(spec, "ops", GateModel(), limits).value)


def memorization_series(ns: Iterable[int], sizes: Iterable[int], seeds: Iterable[int],
                        labels: Iterable[str] = ("random",),
                        constructions: Sequence[str] = CONSTRUCTIONS,
                        store: Store | None = None,
                        progress: Callable[[str], None] | None = None) -> list[Measured]:
    """`measure_memorization` over the grid n × N × seed × labels (N at most 2^n), each
    measurement read from `store` when it is there and written to it when built."""
    found: list[Measured] = []
    for n in ns:
        for N in sizes:
            if N > 1 << min(n, 62):
                continue
            for label in labels:
                for seed in seeds:
                    found += _one(n, N, seed, label, constructions, store, progress)
    return found


def _one(n: int, N: int, seed: int, labels: str, constructions: Sequence[str],
         store: Store | None, progress: Callable[[str], None] | None) -> list[Measured]:
    keys = {c: measurement_key(c, n, N, seed, labels) for c in constructions}
    kept = {c: store.measurement(k) for c, k in keys.items()} if store is not None else {}
    missing = [c for c in constructions if kept.get(c) is None]
    built = measure_memorization(n, N, seed, labels, missing) if missing else []
    if store is not None:
        done = {m.construction for m in built}
        for m in built:
            store.put_measurement(keys[m.construction], m.to_json())
        for c in missing:  # a construction that does not apply is remembered as such
            if c not in done:
                store.put_measurement(keys[c], {"study": "memorization", "absent": True})
    if progress is not None and missing:
        progress(f"n={n} N={N} seed={seed} {labels}: " + ", ".join(
            f"{m.construction} {m.size} gates, {m.ops} ops" for m in built))
    measured = [Measured.from_json(r) for r in kept.values() if r and not r.get("absent")]
    return sorted(measured + built, key=lambda m: CONSTRUCTIONS.index(m.construction))
