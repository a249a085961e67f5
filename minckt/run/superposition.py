"""The superposition study past exact search: pairwise ANDs of sparse inputs, Adler–Shavit's
construction against the copy network, up to m = 1,024 inputs (docs/studies/superposition.md).

For a list of pairs of m inputs and the promise that at most k = 2 inputs are 1
(`minckt.core.points.SparsePairs`: every row with at most two ones is a point, 524,801 of
them at m = 1,024), `measure_pairs` builds

* ``superposition`` -- `minckt.solve.constructions.adler_shavit.pairwise_and_network`: hidden
  neurons from a code with small overlaps, about as many as the code's points whatever m;
* ``copy network`` -- one hidden neuron per input a pair uses, each output the AND of two
  copies: the plain network superposition has to beat,

verifies each on every point (block by block) and records a `PairsMeasured`: hidden
neurons, wires, params (wires + one bias per gate), depth.  Beside them: the number of
distinct output vectors on the points, counted from the labels themselves, and the lower
bound it gives on the hidden neurons of any network whose outputs read only binary hidden
gates, ⌈log2(distinct)⌉ (docs/design/papers.md#derived-facts).

The pair lists (`PAIR_LISTS`): a matching (2i, 2i+1), a path (i, i+1), m random distinct pairs
(seeded), and all C(m, 2) pairs (m <= 45: 990 outputs, under the 1,024-output cap).
Measurements are kept in a results store like the memorization study's (`minckt.run.scale`).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass
from typing import Callable, Iterable

import numpy as np

from minckt.core.circuit import Circuit
from minckt.core.points import SparsePairs
from minckt.core.spec import MAX_OUTPUTS
from minckt.core.problem import Limits
from minckt.io.store import Store
from minckt.solve.constructions.adler_shavit import copy_pairs_network, pairwise_and_network
from minckt.verify.check import verify
from minckt.version import __version__

__all__ = ["PAIR_LISTS", "PairsMeasured", "pair_list", "distinct_outputs", "measure_pairs",
           "superposition_series", "STUDY_INPUTS", "ALL_PAIRS_INPUTS"]

#: The kinds of pair lists.
PAIR_LISTS = ("matching", "path", "random", "all")

#: m of the sparse lists in the study.
STUDY_INPUTS = (8, 16, 32, 64, 128, 256, 512, 1024)

#: m of the all-pairs lists in the study (45 inputs: 990 pairs).
ALL_PAIRS_INPUTS = (4, 6, 8, 12, 16, 24, 32, 45)


@dataclass(frozen=True)
class PairsMeasured:
    """One verified network for one pair list."""

    construction: str       # "superposition" or "copy network"
    pairs_kind: str         # a value of PAIR_LISTS
    m: int                  # inputs
    outputs: int            # m', the pairs
    used: int               # inputs some pair reads
    hidden: int
    wires: int
    params: int
    depth: int
    points: int             # rows verified (at most two ones)
    distinct: int           # distinct output vectors on them
    lower_hidden: int       # ⌈log2 distinct⌉
    time_s: float

    def to_json(self) -> dict:
        return {"study": "superposition", **asdict(self), "minckt": __version__}

    @classmethod
    def from_json(cls, data: dict) -> "PairsMeasured":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


def pair_list(kind: str, m: int, seed: int = 1) -> list[tuple[int, int]]:
    """The pairs of one kind over m inputs (0-based); at most MAX_OUTPUTS of them."""
    if kind == "matching":
        pairs = [(2 * i, 2 * i + 1) for i in range(m // 2)]
    elif kind == "path":
        pairs = [(i, i + 1) for i in range(m - 1)]
    elif kind == "all":
        pairs = [(i, j) for i in range(m) for j in range(i + 1, m)]
    else:
        rng = np.random.default_rng(seed)
        chosen: set[tuple[int, int]] = set()
        while len(chosen) < min(m, math.comb(m, 2)):
            i, j = sorted(rng.choice(m, size=2, replace=False).tolist())
            chosen.add((i, j))
        pairs = sorted(chosen)
    return pairs[:MAX_OUTPUTS]


def distinct_outputs(spec: SparsePairs) -> int:
    """The number of distinct output vectors over the points, from the labels."""
    seen: set[bytes] = set()
    for block in spec.blocks():
        packed = np.packbits(block.labels.T, axis=1)
        seen.update(row.tobytes() for row in np.unique(packed, axis=0))
    return len(seen)


def measure_pairs(kind: str, m: int) -> list[PairsMeasured]:
    """Both networks for one pair list, each verified on every row with at most two ones."""
    pairs = pair_list(kind, m)
    spec = SparsePairs(m, tuple(pairs), 2, name=f"PAIRS_{kind}_m{m}")
    distinct = distinct_outputs(spec)
    found = []
    builds: tuple[tuple[str, Callable[[int, list[tuple[int, int]]], Circuit]], ...] = (
        ("superposition", pairwise_and_network), ("copy network", copy_pairs_network))
    for construction, build in builds:
        started = time.perf_counter()
        circuit = build(m, pairs)
        metrics = verify(spec, circuit, Limits())
        found.append(PairsMeasured(
            construction, kind, m, len(pairs), len({i for p in pairs for i in p}),
            metrics.hidden, metrics.wires, metrics.params, metrics.depth, spec.num_points,
            distinct, math.ceil(math.log2(distinct)), round(time.perf_counter() - started, 3)))
    return found


def _key(kind: str, m: int) -> str:
    return f"superposition;{kind};m={m};k=2;minckt={__version__}"


def superposition_series(inputs: Iterable[int] = STUDY_INPUTS,
                         all_pairs: Iterable[int] = ALL_PAIRS_INPUTS,
                         store: Store | None = None,
                         progress: Callable[[str], None] | None = None
                         ) -> list[PairsMeasured]:
    """`measure_pairs` for the sparse lists at each of `inputs` and all pairs at each of
    `all_pairs`, read from `store` when there and written to it when built."""
    asked = [(kind, m) for m in inputs for kind in ("matching", "path", "random")]
    asked += [("all", m) for m in all_pairs]
    found: list[PairsMeasured] = []
    for kind, m in asked:
        key = _key(kind, m)
        kept = store.measurement(key) if store is not None else None
        if kept is not None:
            found += [PairsMeasured.from_json(r) for r in kept["networks"]]
            continue
        built = measure_pairs(kind, m)
        if store is not None:
            store.put_measurement(key, {"study": "superposition",
                                        "networks": [b.to_json() for b in built]})
        if progress is not None:
            progress(f"{kind} m={m}: " + ", ".join(
                f"{b.construction} {b.hidden} hidden, {b.params} params" for b in built))
        found += built
    return found
