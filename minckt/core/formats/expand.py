"""A minckt circuit as a Boolean netlist: what BLIF, AIGER and BENCH are written from.

Each gate j (1-based, in topological order) becomes Boolean nodes named by its position, so
that any gate id is safe in any format (a comment in each file gives the id):

* a Boolean gate is one node ``gj`` with its own table;
* a threshold gate, and a ReLU or sigmoid gate whose largest value is 1, is one node ``gj``:
  its output as a table over its sources' signals;
* a ReLU gate of resolution R (values 0..R) or a sigmoid gate of R breakpoints (values 0..R)
  with R > 1 is its value in binary, nodes ``gj_b0`` (least significant bit) ..
  ``gj_b{B-1}`` with B = bit length of R, each a table over its sources' bits, and ``gj``,
  its activity (the OR of its bits).

A source gate of several bits is read through all its bits, so the tables are exact for every
kind (docs/guide/semantics.md#gates-and-circuits): each is computed by enumerating every
combination of its source bits through the gate's own activation (`Gate.activate`);
combinations no source can take (a value above its largest) are don't-cares of the cover.  A
guarded gate reads its guard's activity as one more source and is 0 where that activity is
not `when`.  A node may read at most `MAX_EXPANDED_INPUTS` source bits (its table has 2^k
rows); a wider gate is an error that names it.  Output k is the node ``yk``, a copy of its
gate's activity ``gj``; inputs keep their names x1..xn.
"""

from __future__ import annotations

import numpy as np

from minckt.core.formats.netlist import Netlist, Node
from minckt.core.spec import bits_to_int
from minckt.errors import InputError

__all__ = ["MAX_EXPANDED_INPUTS", "largest_value", "value_bits", "boolean_netlist",
           "gate_names", "description"]

#: Most source bits a non-Boolean gate may read when it is written as a table (BLIF,
#: AIGER, BENCH): 2^16 rows per table.  Verilog has no such limit.
MAX_EXPANDED_INPUTS = 16

#: Pre-activations at or beyond this bound are enumerated in Python integers.
_INT64_SAFE = 1 << 62


def largest_value(gate) -> int:
    """The largest output of a gate: 1 for threshold and Boolean gates, R for ReLU and
    sigmoid gates."""
    if gate.kind == "relu":
        return gate.resolution
    if gate.kind == "sigmoid":
        return len(gate.breakpoints)
    return 1


def value_bits(gate) -> int:
    """How many bits a gate's value takes in binary."""
    return max(1, largest_value(gate).bit_length())


def gate_names(circuit) -> dict[str, str]:
    """Each gate id mapped to its positional name g1, g2, ..."""
    return {gate.id: f"g{j + 1}" for j, gate in enumerate(circuit.gates)}


def description(circuit) -> list[str]:
    """The lines a written file carries as comments: the circuit's readable text, and which
    gate each positional name stands for when the ids differ from them."""
    lines = circuit.to_text().splitlines()
    if any(gate.id != f"g{j + 1}" for j, gate in enumerate(circuit.gates)):
        lines.append("gates by position: " + ", ".join(
            f"g{j + 1} = {gate.id}" for j, gate in enumerate(circuit.gates)))
    return lines


def boolean_netlist(circuit, limit: int = MAX_EXPANDED_INPUTS) -> Netlist:
    """The circuit as a netlist of Boolean nodes (module docstring), computing on every row
    the activity of every output gate."""
    names = gate_names(circuit)
    bits: dict[str, list[str]] = {f"x{i + 1}": [f"x{i + 1}"] for i in range(circuit.n)}
    largest: dict[str, int] = {f"x{i + 1}": 1 for i in range(circuit.n)}
    active: dict[str, str] = {f"x{i + 1}": f"x{i + 1}" for i in range(circuit.n)}
    nodes: list[Node] = []
    for gate in circuit.gates:
        name = names[gate.id]
        if gate.kind == "boolean":
            nodes.append(_boolean_node(gate, name, largest, active))
        else:
            nodes.extend(_arithmetic_nodes(gate, name, bits, largest, active, limit))
        width = value_bits(gate)
        bits[gate.id] = [name] if width == 1 else [f"{name}_b{q}" for q in range(width)]
        largest[gate.id] = largest_value(gate)
        active[gate.id] = name
    outputs = []
    for k, out in enumerate(circuit.outputs):
        nodes.append(Node(f"y{k + 1}", (active[out],), 0b10))
        outputs.append(f"y{k + 1}")
    inputs = [f"x{i + 1}" for i in range(circuit.n)]
    return Netlist.build(inputs, nodes, outputs, "<circuit>")


def _boolean_node(gate, name: str, largest: dict[str, int], active: dict[str, str]) -> Node:
    for source, _ in gate.weights:
        if largest[source] > 1:
            raise InputError(f"gate {gate.id!r}: a Boolean gate reads {source!r}, whose values "
                             "go past 1; only 0/1 sources have a table export")
    sources = tuple(active[s] for s, _ in gate.weights)
    if gate.guard is None:
        return Node(name, sources, gate.table)
    guard, when = gate.guard
    k = len(sources)
    table = 0
    for row in range(1 << (k + 1)):
        if (row >> k) & 1 == when:
            table |= ((gate.table >> (row & ((1 << k) - 1))) & 1) << row
    return Node(name, sources + (active[guard],), table)


def _arithmetic_nodes(gate, name: str, bits: dict[str, list[str]], largest: dict[str, int],
                      active: dict[str, str], limit: int) -> list[Node]:
    """The nodes of a threshold, ReLU or sigmoid gate: each bit of its value (and its
    activity when it has several bits) as a table over its sources' bits."""
    sources = [b for s, _ in gate.weights for b in bits[s]]
    if gate.guard is not None:
        sources.append(active[gate.guard[0]])
    k = len(sources)
    if k > limit:
        raise InputError(f"gate {gate.id!r} ({gate.kind}) reads {k} source bits; a table "
                         f"export takes at most {limit} (2^{limit} rows): write it as Verilog")
    values, valid = _enumerate(gate, [len(bits[s]) for s, _ in gate.weights],
                               [largest[s] for s, _ in gate.weights], k)
    care = bits_to_int(valid)
    width = value_bits(gate)
    if width == 1:
        return [Node(name, tuple(sources), bits_to_int((values > 0) & valid), care=care)]
    nodes = [Node(f"{name}_b{q}", tuple(sources),
                  bits_to_int(((values >> q) & 1).astype(bool) & valid), care=care)
             for q in range(width)]
    nodes.append(Node(name, tuple(f"{name}_b{q}" for q in range(width)), _or_table(width)))
    return nodes


def _or_table(k: int) -> int:
    """The table of OR over k sources: 1 on every row but row 0."""
    return ((1 << (1 << k)) - 1) & ~1


def _enumerate(gate, widths: list[int], maxima: list[int], k: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """(value, valid) of a gate on each of the 2^k combinations of its source bits (the
    guard's activity last): valid is False where a source would exceed its largest value."""
    rows = np.arange(1 << k, dtype=np.int64)
    reach = abs(gate.threshold) + sum(abs(w) * m for (_, w), m in zip(gate.weights, maxima))
    exact = reach >= _INT64_SAFE
    z: np.ndarray = np.full(1 << k, -gate.threshold, dtype=object if exact else np.int64)
    valid = np.ones(1 << k, dtype=bool)
    offset = 0
    for (_, weight), width, most in zip(gate.weights, widths, maxima):
        value = (rows >> offset) & ((1 << width) - 1)
        valid &= value <= most
        z = z + (value.astype(object) if exact else value) * weight
        offset += width
    out = np.asarray(gate.activate(z)).astype(np.int64)
    if gate.guard is not None:
        out = np.where(((rows >> offset) & 1) == gate.guard[1], out, 0)
    return out, valid
