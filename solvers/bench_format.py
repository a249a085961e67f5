"""Read a peer's circuit in the BENCH format into a minckt `Circuit` of Boolean gates.

Both peers write BENCH: cirbo (`Circuit.format_circuit()`: ``g = AND(a, b)`` with its gate
type names) and ABC (``write_bench``: ``g = LUT 0x4 ( a, b )``, the table's bit k being the
output when the sources, first = least significant bit, read k).  The library's reader
(`minckt.core.formats.bench`) parses both; here each node becomes a
`Gate(kind="boolean")` named ``p_<name>``, so minckt's evaluator can check the peer's
circuit on every row.
"""

from __future__ import annotations

from dataclasses import dataclass

from minckt.core.circuit import Circuit
from minckt.core.formats import netlist_circuit
from minckt.core.formats import parse_bench as parse_netlist
from minckt.core.formats.bench import TYPE_TABLES

__all__ = ["PeerCircuit", "parse_bench", "TYPE_TABLES"]


@dataclass(frozen=True)
class PeerCircuit:
    """A peer's circuit: the translation, and the gates that count: those that depend on at
    least two sources (inverters and copies are free, as the peers count)."""

    circuit: Circuit
    counted: int


def parse_bench(text: str, source: str = "<bench>") -> PeerCircuit:
    """The circuit of a BENCH text; its inputs, in the order listed, become x1, x2, ..."""
    netlist = parse_netlist(text, source)
    return PeerCircuit(netlist_circuit(netlist, prefix="p_"), netlist.counted)
