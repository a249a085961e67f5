"""The threshold atlas: a least-size threshold circuit of every function of at most 5 inputs,
shipped as data and answered by lookup.

The class sweeps (`minckt sweep --npn N`) proved the least size of every NPN class of N <= 5
inputs, threshold gates, unbounded weights, any depth: each answer OPTIMAL, the size below it
refuted by the solver.  `pack` turns those records into one compressed file per N
(``minckt/data/atlas/npn{N}.npz``): the class representatives (the least table of each class,
ascending), their least sizes, and one verified circuit each, as rows of integers (the
weights of a gate on the N inputs and the earlier gates, then its threshold; the output is the
last gate).

`lookup(spec)` answers "least size of this total single-output function in threshold gates"
from that file: the table's class representative and the transform that reaches it (input
permutation and negations, output negation: `minckt.core.classes.orbit_tables`), the
class's circuit mapped back through the transform, and the circuit verified by the
independent evaluator before it is returned.  The mapping keeps the number of gates: a gate
reading a negated input x' = 1 - x takes weight -w on x and threshold t - w; a negated output
gate takes weights -w and threshold 1 - t (not (sum >= t) is sum <= t - 1).

The proof of each size is the sweep's (an UNSAT answer of the size below, recorded in the
store the file was packed from, which is not shipped): an atlas answer names the atlas as its
lower bound's source and carries no certificate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from minckt.core.circuit import Circuit, input_name, threshold_gate
from minckt.core.classes import NPN_CLASSES, orbit_tables, transforms
from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.core.status import Status
from minckt.errors import InputError
from minckt.solve.result import Result
from minckt.verify import verify

__all__ = ["ATLAS_DIR", "MAX_ATLAS_INPUTS", "SOURCE", "Atlas", "atlas", "atlas_path",
           "available", "lookup", "pack", "refusal"]

#: Where the packed atlases live (package data).
ATLAS_DIR = Path(__file__).resolve().parent.parent / "data" / "atlas"

#: Inputs up to which an atlas exists.
MAX_ATLAS_INPUTS = 5

#: The lower bound's source an atlas answer names.
SOURCE = "atlas: the NPN{n} class sweep proved size {below} impossible for this class"


def atlas_path(n: int, directory: str | Path | None = None) -> Path:
    return Path(directory or ATLAS_DIR) / f"npn{n}.npz"


@dataclass(frozen=True)
class Atlas:
    """The packed atlas of n-input functions: `tables[i]` is a class representative
    (ascending), `sizes[i]` its least size, and its circuit is rows `starts[i]` ..
    `starts[i] + sizes[i]` of `gates` (weights on the n inputs, then on the gates before it,
    then the threshold)."""

    n: int
    tables: np.ndarray
    sizes: np.ndarray
    starts: np.ndarray
    gates: np.ndarray

    def index(self, table: int) -> int | None:
        i = int(np.searchsorted(self.tables, table))
        return i if i < len(self.tables) and int(self.tables[i]) == table else None

    def circuit(self, i: int) -> Circuit:
        """The stored circuit of class i, on its representative."""
        rows = self.gates[self.starts[i]:self.starts[i] + self.sizes[i]]
        gates = []
        for k, row in enumerate(rows):
            sources = [input_name(j) for j in range(self.n)] + [f"g{j + 1}" for j in range(k)]
            weights = [(s, int(w)) for s, w in zip(sources, row[:-1]) if w]
            gates.append(threshold_gate(f"g{k + 1}", weights, int(row[-1])))
        return Circuit(self.n, tuple(gates), (gates[-1].id,))


@lru_cache(maxsize=8)
def atlas(n: int, directory: str | None = None) -> Atlas:
    """The atlas of n-input functions, read once (an InputError when it is not there)."""
    path = atlas_path(n, directory)
    if not path.exists():
        raise InputError(f"{path}: no atlas of {n}-input functions (pack one with "
                         f"`minckt lookup --pack STORE --npn {n}`)")
    with np.load(path) as data:
        sizes = data["sizes"]
        starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)[:-1]])
        return Atlas(int(data["n"]), data["tables"], sizes, starts, data["gates"])


def available(directory: str | Path | None = None) -> list[int]:
    """The n whose atlas is present."""
    return [n for n in range(MAX_ATLAS_INPUTS + 1) if atlas_path(n, directory).exists()]


def refusal(spec: Spec, model: GateModel = GateModel(), limits: Limits = Limits(),
            objective: str = "size") -> str | None:
    """Why the atlas cannot answer this question (None when it can): it holds the least size
    of total single-output functions of at most 5 inputs in threshold gates, no limit."""
    if objective != "size":
        return f"the atlas holds least sizes, not least {objective}"
    if model != GateModel():
        return f"the atlas holds threshold circuits, not {model.kind} gates"
    if limits != Limits():
        return "the atlas answers questions without limits (it holds least sizes at any " \
               "depth, energy and weight)"
    if spec.n > MAX_ATLAS_INPUTS:
        return f"{spec.n} inputs: the atlas covers at most {MAX_ATLAS_INPUTS}"
    if spec.num_outputs != 1:
        return f"{spec.num_outputs} outputs: the atlas holds single-output functions"
    if not spec.is_total:
        return "a partial function: the atlas holds total functions"
    return None


def lookup(spec: Spec, directory: str | Path | None = None) -> Result:
    """The least threshold circuit of `spec` (total, one output, at most 5 inputs) from the
    atlas, mapped to `spec` and verified: OPTIMAL, the atlas named as the proof.  Any other
    question is an InputError saying why."""
    start = time.perf_counter()
    why = refusal(spec)
    if why is not None:
        raise InputError(f"lookup {spec.name or 'spec'}: {why}")
    n, table = spec.n, spec.outputs[0]
    book = atlas(n, None if directory is None else str(directory))
    images = orbit_tables(table, n)
    best = int(np.argmin(images))
    found = book.index(int(images[best]))
    if found is None:
        raise InputError(f"{atlas_path(n, directory)}: class {int(images[best]):#x} is not in "
                         "the atlas (an incomplete or damaged file)")
    count = len(transforms(n))
    circuit = mapped(book.circuit(found), transforms(n)[best % count], best >= count)
    metrics = verify(spec, circuit, Limits(), GateModel())
    size = int(book.sizes[found])
    return Result(status=Status.OPTIMAL, spec=spec, limits=Limits(), model=GateModel(),
                  objective="size", value=size, lower_bound=size,
                  lower_bound_source=SOURCE.format(n=n, below=size - 1), circuit=circuit,
                  metrics=metrics, backend="atlas", time_s=time.perf_counter() - start,
                  notes=(f"atlas: NPN{n} class {int(images[best]):#x}",),
                  circuit_source="atlas")


def mapped(circuit: Circuit, image: np.ndarray, negate_output: bool) -> Circuit:
    """The circuit of f from the circuit of its class representative g, where g(x) = f(y)
    (or not f(y)) with y = image(x): bit i of y is input perm[i] of x, negated when the
    transform flips input i (`minckt.core.classes.transforms`)."""
    n = circuit.n
    # input j of the representative's circuit reads y_i ^ flip_i for the i with perm[i] = j;
    # the row map gives both: image(0) is the flips, image(unit row j) ^ flips is y_i alone
    flips = int(image[0])
    target = {}
    for j in range(n):
        i = (int(image[1 << j]) ^ flips).bit_length() - 1
        target[input_name(j)] = (input_name(i), bool((flips >> i) & 1))
    gates = []
    last = circuit.gates[-1].id
    for gate in circuit.gates:
        weights, threshold = [], gate.threshold
        for source, w in gate.weights:
            if source in target:
                source, flipped = target[source]
                if flipped:
                    w, threshold = -w, threshold - w
            weights.append((source, w))
        if negate_output and gate.id == last:
            weights, threshold = [(s, -w) for s, w in weights], 1 - threshold
        gates.append(threshold_gate(gate.id, weights, threshold))
    return Circuit(n, tuple(gates), circuit.outputs)


def pack(records: Iterable[Mapping], n: int, path: str | Path) -> dict:
    """Write the atlas of n inputs from class-sweep records (`minckt sweep --npn n`): every
    class present, OPTIMAL for the least size in unlimited threshold gates, its circuit
    verified on the representative.  Returns counts for the caller to print."""
    found: dict[int, tuple[int, Circuit]] = {}
    for record in records:
        if record.get("n") != n or record.get("objective") != "size" or "class" not in record:
            continue
        where = f"record {record.get('name')!r}"
        if record.get("status") != "OPTIMAL":
            raise InputError(f"{where}: status {record.get('status')}, expected OPTIMAL "
                             "(resume the sweep with a longer --time-limit)")
        if GateModel.from_json(record["gate"]) != GateModel():
            raise InputError(f"{where}: gate {record['gate']}, expected threshold")
        if record.get("user_limits"):
            raise InputError(f"{where}: limits {record['user_limits']}, expected none")
        table = int(record["class"], 16)
        circuit = Circuit.from_json(record["circuit"]).pruned().renumbered()
        spec = Spec(n, (table,))
        verify(spec, circuit, Limits(), GateModel())
        if len(circuit.gates) != record["value"]:
            raise InputError(f"{where}: a circuit of {len(circuit.gates)} gates for "
                             f"least size {record['value']}")
        found[table] = (record["value"], circuit)
    if len(found) != NPN_CLASSES[n]:
        raise InputError(f"{len(found)} classes of {n} inputs answered, expected "
                         f"{NPN_CLASSES[n]} (resume the sweep: minckt sweep --npn {n})")
    tables = sorted(found)
    width = n + max(v for v, _ in found.values())  # n inputs, earlier gates, threshold
    rows = []
    for table in tables:
        size, circuit = found[table]
        names = [input_name(j) for j in range(n)] + [g.id for g in circuit.gates]
        if circuit.outputs != (circuit.gates[-1].id,):
            raise InputError(f"class {table:#x}: the output is not the last gate")
        for gate in circuit.gates:
            row = [0] * width
            for source, w in gate.weights:
                row[names.index(source)] = w
            row[-1] = gate.threshold
            rows.append(row)
    gates = np.array(rows, dtype=np.int64)
    kind = np.int8 if np.abs(gates).max(initial=0) <= 127 else np.int16
    if np.abs(gates).max(initial=0) > np.iinfo(np.int16).max:
        raise InputError("weights past 16 bits: polish the circuits before packing")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        np.savez_compressed(out, n=np.int64(n), tables=np.array(tables, dtype=np.uint32),
                            sizes=np.array([found[t][0] for t in tables], dtype=np.uint8),
                            gates=gates.astype(kind))
    atlas.cache_clear()
    return {"classes": len(tables), "gates": len(rows), "bytes": Path(path).stat().st_size}
