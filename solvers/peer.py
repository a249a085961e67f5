"""What a peer harness returns, and the registry `minckt bench --peers` reads."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from minckt.core.circuit import Circuit

__all__ = ["PeerAnswer", "PEERS", "load"]

#: Harness modules, by peer name.
PEERS = {"abc": "solvers.abc_peer", "cirbo": "solvers.cirbo_peer"}


@dataclass(frozen=True)
class PeerAnswer:
    """A peer's answer to "the least size of a circuit of this basis computing f".

    `status` is OPTIMAL (k found, k - 1 refuted by the peer) or UNKNOWN; `size` counts the
    gates the peer counts (inverters free); `circuit` is its circuit as minckt Boolean gates,
    for minckt's evaluator to check; `raw` the peer's own text.
    """

    peer: str
    status: str
    size: int | None
    time_s: float
    circuit: Circuit | None
    raw: str
    lower_bound: int | None = None


def load(name: str) -> ModuleType:
    """The harness module of peer `name`."""
    return importlib.import_module(PEERS[name])
