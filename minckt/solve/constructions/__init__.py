"""Explicit circuits: upper bounds beside the exact search, one module per source.

`basic` holds the plain ones (detectors, the cascade of nested thresholds, the copy network
of a shape, read-once formulas and the AIG parity tree); `koyuncu` the memorizing networks
after Koyuncu (ICLR 2023): √N gates without guards, O(log N) evaluated gates with them;
`adler_shavit` pairwise ANDs in superposition after Adler & Shavit: fewer hidden neurons
than inputs, from a code with small overlaps.
Every circuit a construction returns is unverified here: the caller verifies it
(`minckt.solve.finish.fitting_construction`), and reports it as an upper bound, never as an
optimum, unless its size meets a proven lower bound.
"""

from __future__ import annotations

from minckt.core.circuit import Circuit
from minckt.core.problem import GateModel
from minckt.core.spec import Spec
from minckt.solve.constructions.basic import (
    READ_ONCE_MAX_INPUTS, cascade_circuit, copy_network, detector_circuit, parity_aig_circuit,
    read_once_circuit)
from minckt.solve.constructions.adler_shavit import pairwise_and_circuit
from minckt.solve.constructions.koyuncu import block_circuit, search_tree_circuit

__all__ = ["constructions", "best_construction", "detector_circuit", "cascade_circuit",
           "copy_network", "read_once_circuit", "parity_aig_circuit", "block_circuit",
           "search_tree_circuit", "pairwise_and_circuit", "READ_ONCE_MAX_INPUTS"]


def constructions(spec: Spec, model: GateModel = GateModel(), guarded: bool = False
                  ) -> list[Circuit]:
    """Every construction that applies to `spec` in `model` (for a Boolean basis the
    read-once formula and the AIG parity tree only; with `guarded`, the conditional
    binary-search circuit too), unverified."""
    parity = parity_aig_circuit(spec, model)
    # a parity of m >= 2 inputs in AIG is no read-once formula (Schnorr: >= 3(m - 1) gates,
    # a read-once formula has m - 1): the read-once search, about 0.3 s of trying every
    # split at 10 inputs, is left out for it
    read_once = read_once_circuit(spec, model) if parity is None else None
    found = (detector_circuit(spec, model), cascade_circuit(spec, model),
             block_circuit(spec, model), pairwise_and_circuit(spec, model), read_once, parity,
             search_tree_circuit(spec, model) if guarded else None)
    return [c for c in found if c is not None]


def best_construction(spec: Spec, model: GateModel = GateModel()) -> Circuit | None:
    """The smallest (fewest gates, then fewest wires) of the constructions that apply."""
    return min(constructions(spec, model),
               key=lambda c: (len(c.gates), sum(g.fanin for g in c.gates)), default=None)
