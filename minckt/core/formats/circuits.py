"""A Boolean netlist read from a file (BLIF, AIGER, BENCH) as a minckt `Circuit`.

The only module of the formats that imports `minckt.core.circuit`, and only when called:
`Circuit` inherits its ``to_blif``, ``to_aiger``, ``to_bench`` and ``to_verilog`` from
`minckt.core.formats.methods`, so loading the circuit module loads this package first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from minckt.core.formats.netlist import Netlist
from minckt.errors import InputError

if TYPE_CHECKING:
    from minckt.core.circuit import Circuit

__all__ = ["netlist_circuit"]


def netlist_circuit(netlist: Netlist, prefix: str = "") -> Circuit:
    """The netlist as a circuit of Boolean gates (`Gate(kind="boolean")`, same tables).

    Inputs become x1, x2, ... in the order listed; node ``name`` becomes gate
    ``prefix + name``; an output that is an input, or a signal already driving an earlier
    output, stays itself (a circuit's outputs may share a gate) except that an input gets a
    buffer gate ``prefix + "out" + k`` (a circuit's outputs are gates).  Every gate is a
    Boolean gate, so inverters and buffers count as gates here (`Netlist.counted` does not
    count them).
    """
    from minckt.core.circuit import Circuit, Gate, input_name

    names = {name: input_name(i) for i, name in enumerate(netlist.inputs)}
    gates = []
    for node in netlist.nodes:
        gate_id = prefix + node.name
        names[node.name] = gate_id
        gates.append(Gate(gate_id, tuple((names[s], 1) for s in node.sources),
                          kind="boolean", table=node.table))
    outputs = []
    taken = {g.id for g in gates}
    for k, signal in enumerate(netlist.outputs):
        target = names[signal]
        if signal in netlist.inputs:
            buffer = f"{prefix}out{k + 1}"
            if buffer in taken:
                raise InputError(f"{netlist.source}: output {k + 1} is input {signal!r}; its "
                                 f"buffer gate {buffer!r} would repeat a name (give a prefix)")
            gates.append(Gate(buffer, ((target, 1),), kind="boolean", table=0b10))
            taken.add(buffer)
            target = buffer
        outputs.append(target)
    if not outputs:
        raise InputError(f"{netlist.source}: no output; a circuit has at least one")
    try:
        return Circuit(len(netlist.inputs), tuple(gates), tuple(outputs))
    except InputError as err:  # a node named like an input (x3): a prefix makes room
        raise InputError(f"{netlist.source}: {err} (netlist_circuit takes a prefix for the "
                         "gate names)") from None
