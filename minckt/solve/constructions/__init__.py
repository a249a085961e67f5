"""Explicit circuits: upper bounds beside the exact search, one module per source.

`basic` holds the plain ones (detectors, the cascade of nested thresholds, the copy network
of a shape, read-once formulas and the AIG parity tree); `baum` one hidden layer of slabs
for labelled points (Baum 1988), any points of the cube; `koyuncu` the memorizing networks
after Koyuncu (ICLR 2023): √N gates without guards, O(log N) evaluated gates with them;
`adler_shavit` pairwise ANDs in superposition after Adler & Shavit: fewer hidden neurons
than inputs, from a code with small overlaps; `symmetric` the depth-2 staircase of a
symmetric function and the counting circuit of parity; `paired` CD, DISJ, IP, EQ and GT of
two halves from their definitions; `boolean` any function in a Boolean basis, as a sum of
products (`isop`: the Minato–Morreale cover, balanced or factored) and as a Shannon
decomposition (variable orders in `orders`); `energy` MOD_m at a given energy (the trade-off of
Suzuki, Uchizawa and Zhou); `decision_list` a heuristic for
labelled points; `lift` turns any of these threshold circuits into ReLU or sigmoid gates of
any resolution, gate for gate.
Every circuit a construction returns is unverified here: the caller verifies it
(`minckt.solve.finish.fitting_construction`), and reports it as an upper bound, never as an
optimum, unless its size meets a proven lower bound.
"""

from __future__ import annotations

import time
from typing import Callable, NamedTuple

import numpy as np

from minckt.core.circuit import Circuit
from minckt.core.problem import GateModel
from minckt.core.points import Points
from minckt.core.spec import Spec
from minckt.solve.constructions.basic import (
    READ_ONCE_MAX_INPUTS, cascade_circuit, copy_network, detector_circuit, labelled_points,
    parity_aig_circuit, read_once_circuit)
from minckt.solve.constructions.adler_shavit import pairwise_and_circuit
from minckt.solve.constructions.baum import baum_circuit
from minckt.solve.constructions.boolean import shannon_circuit, sop_circuit, sop_circuits
from minckt.solve.constructions.decision_list import decision_list_circuit
from minckt.solve.constructions.energy import mod_energy_circuits
from minckt.solve.constructions.koyuncu import block_circuit, search_tree_circuit
from minckt.solve.constructions.lift import lift
from minckt.solve.constructions.paired import paired_circuit
from minckt.solve.constructions.symmetric import (
    counting_circuit, folded_circuit, staircase_circuit)

__all__ = ["Construction", "SOURCES", "constructions", "best_construction", "care_points", "HEURISTIC_BUDGET_S",
           "decision_list_circuit", "counting_circuit", "staircase_circuit", "folded_circuit", "detector_circuit", "cascade_circuit",
           "copy_network", "read_once_circuit", "parity_aig_circuit", "block_circuit",
           "search_tree_circuit", "pairwise_and_circuit", "paired_circuit", "baum_circuit", "lift", "READ_ONCE_MAX_INPUTS",
           "sop_circuit", "sop_circuits", "shannon_circuit"]


#: What each construction is, as a result names it (`Result.circuit_source`).
SOURCES = {
    "detectors": "construction: detectors (one per point of one label, depth 2)",
    "cascade": "construction: cascade of nested thresholds (one per label change)",
    "blocks": "construction: Koyuncu 2023, blocks (about 2√(2N) gates, depth 3)",
    "baum": "construction: Baum 1988, one hidden layer of slabs (depth 2)",
    "search tree": "construction: Koyuncu 2023, conditional search tree (O(log N) evaluated)",
    "superposition": "construction: Adler–Shavit 2024, pairwise AND in superposition",
    "read-once": "construction: read-once formula",
    "parity tree": "construction: XOR tree of AND gates",
    "copy network": "construction: copy network of the shape",
    "sop": "construction: irredundant sum of products (Minato–Morreale), balanced AND / OR trees",
    "factored sop": "construction: irredundant sum of products (Minato–Morreale), factored by "
                    "literal division",
    "shannon": "construction: Shannon decomposition with shared cofactors (a BDD's multiplexers)",
    "decision list": "heuristic: threshold decision list (LP peeling)",
    "staircase": "construction: depth-2 staircase of a symmetric function",
    "folded": "construction: folded depth-2 circuit of a symmetric function (the output reads "
              "the inputs)",
    "counting": "construction: counting circuit of parity (binary digits of the weight)",
    "paired": "construction: CD, DISJ, IP, EQ or GT of two halves from its definition",
    "MOD energy": "construction: MOD_m at energy e in O(e·(n/m)^(1/(e-1))) gates "
                  "(the trade-off of Suzuki–Uchizawa–Zhou 2013; minckt's circuit)",
}


class Construction(NamedTuple):
    """A circuit of a construction and where it comes from (a value of `SOURCES`)."""

    source: str
    circuit: Circuit


def care_points(spec: Spec | Points) -> tuple[np.ndarray, np.ndarray]:
    """(points, labels): the care rows of a spec (the points of a point spec) as an N x n
    0/1 matrix, with output 1's values on them."""
    inputs, labels = labelled_points(spec)
    return inputs, labels[0]


#: Most care rows the fallback builds Baum's slabs for (about 0.07 s at 256 points, 0.3 s at
#: 1,024: every answer out of time pays it).
BAUM_FALLBACK_POINTS = 256

#: Care rows up to which every construction is built whatever the deadline.
SMALL_TABLE_ROWS = 1 << 12

#: Constructions that search (LPs, splits, slabs; up to seconds each): left out of the quick
#: answers `decide` tries before its solver.
SEARCHING = frozenset({"baum", "read-once", "blocks", "decision list", "search tree"})

#: Seconds the decision-list heuristic may take as a fallback (it runs after the search's
#: time is up; about 0.1 s at N = 64 points, 3 s at 256 in 16 inputs).
HEURISTIC_BUDGET_S = 5.0


def _decision_list(spec: Spec, model: GateModel, deadline: float | None = None
                   ) -> Circuit | None:
    if spec.num_outputs != 1 or len(spec.care_rows) > 512 or spec.is_total and spec.n > 6:
        return None
    points, labels = care_points(spec)
    budget = HEURISTIC_BUDGET_S if deadline is None else \
        min(HEURISTIC_BUDGET_S, max(0.2, deadline - time.perf_counter()))
    return decision_list_circuit(points, labels, spec.n, model, budget)


def constructions(spec: Spec, model: GateModel = GateModel(), guarded: bool = False,
                  energy: int | None = None, deadline: float | None = None,
                  cheap: bool = False) -> list[Construction]:
    """Every construction that applies to `spec` in `model` (for a Boolean basis the
    read-once formula, the AIG parity tree, the sums of products and the Shannon
    decomposition of any function; with `guarded`, the conditional binary-search circuit
    too), unverified, with its source.  In ReLU and sigmoid gates they
    are the threshold constructions, lifted gate for gate (`lift`).  `energy` is the
    question's energy limit, if any: MOD_m gets its construction at that energy (at every
    energy that makes it smaller without one).  Past `deadline` (a `time.perf_counter`
    time) no further one is built, on tables of more than SMALL_TABLE_ROWS care rows (on
    smaller ones each takes a fraction of a second at most, the decision list at most until
    the deadline): they are built cheapest first.  With `cheap`, those that
    search (`SEARCHING`: LPs, splits, slabs) are left out."""
    if model.kind in ("relu", "sigmoid"):
        lifted = ((c.source, lift(c.circuit, model))
                  for c in constructions(spec, GateModel(), guarded, energy, deadline, cheap))
        return [Construction(source, c) for source, c in lifted if c is not None]
    found: list[tuple[str, Circuit | None]] = []
    small = len(spec.care_rows) <= SMALL_TABLE_ROWS  # every one is quick: all are built
    for name, build in _builders(spec, model, guarded, energy, deadline):
        if not small and deadline is not None and time.perf_counter() > deadline:
            break
        if cheap and name in SEARCHING:
            continue
        built = build()
        found += built if isinstance(built, list) else [(name, built)]
    return [Construction(SOURCES[name], c) for name, c in found if c is not None]


#: What a build of `_builders` returns: a circuit, None, or (name, circuit or None) pairs.
_Built = Circuit | list[tuple[str, Circuit | None]] | None


def _builders(spec: Spec, model: GateModel, guarded: bool, energy: int | None,
              deadline: float | None) -> list[tuple[str, Callable[[], _Built]]]:
    """(name, build) of each construction, in about the order of their cost at 20 inputs
    (a build returns a circuit, None, or a list of (name, circuit))."""
    threshold, basis = model.kind == "threshold", model.is_basis
    parity = parity_aig_circuit(spec, model) if basis else None
    few = len(spec.care_rows) <= BAUM_FALLBACK_POINTS
    return [
        ("paired", lambda: paired_circuit(spec, model)),
        ("staircase", lambda: staircase_circuit(spec, model)),
        ("folded", lambda: folded_circuit(spec, model)),
        ("counting", lambda: counting_circuit(spec, model)),
        ("MOD energy", lambda: [("MOD energy", c) for c in mod_energy_circuits(spec, energy)]
         if threshold else None),
        ("parity tree", lambda: parity),
        ("superposition", lambda: pairwise_and_circuit(spec, model)),
        # the best upper bound for labelled points (about 0.1 s at 64), within the deadline
        ("decision list", lambda: _decision_list(spec, model, deadline)),
        ("sop", lambda: list(zip(("sop", "factored sop"), sop_circuits(spec, model)))
         if basis else None),
        ("shannon", lambda: shannon_circuit(spec, model, deadline) if basis else None),
        ("detectors", lambda: detector_circuit(spec, model)),
        ("cascade", lambda: cascade_circuit(spec, model)),
        ("baum", lambda: baum_circuit(spec) if threshold and few else None),
        # a parity of m >= 2 inputs in AIG is no read-once formula (Schnorr: >= 3(m - 1)
        # gates, a read-once formula has m - 1): the read-once search, about 0.3 s of
        # trying every split at 10 inputs, is left out for it
        ("read-once", lambda: read_once_circuit(spec, model) if parity is None else None),
        ("blocks", lambda: block_circuit(spec, model)),
        ("search tree", lambda: search_tree_circuit(spec, model) if guarded else None),
    ]


def best_construction(spec: Spec, model: GateModel = GateModel()) -> Circuit | None:
    """The smallest (fewest gates, then fewest wires) of the constructions that apply."""
    found = [c.circuit for c in constructions(spec, model)]
    return min(found, key=lambda c: (len(c.gates), sum(g.fanin for g in c.gates))) \
        if found else None
