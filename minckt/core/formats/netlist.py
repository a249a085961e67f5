"""A Boolean netlist: named inputs, nodes that are truth tables over named sources, outputs.

What the readers of BLIF, AIGER and BENCH return, and what the writers of those formats
write (`minckt.core.formats.expand` turns a minckt circuit into one).  A node's table follows
the Boolean gate convention of `minckt.core.circuit`: bit r is the output where source i
takes bit i of r, the first source the least significant bit.  A node without sources is a
constant (table 0 or 1).

`Netlist.to_spec` computes the function row by row in the convention of
docs/guide/semantics.md#rows-and-truth-tables: the i-th input listed is x_{i+1}, row r sets it
to bit i of r, output k's table is bit-parallel over the 2^n rows.  `netlist_circuit`
(`minckt.core.formats.circuits`) turns a netlist into a `Circuit` of Boolean gates, which the
evaluator checks on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minckt.core.formats.cover import depends_on, full_table, restrict_duplicates
from minckt.core.formats.lines import located, shown
from minckt.core.spec import MAX_INPUTS, Spec

__all__ = ["Node", "Netlist"]


@dataclass(frozen=True)
class Node:
    """One node: its name, its sources (inputs or other nodes), its table over them, the
    line of the file that defined it (0 when it did not come from a file), and the rows of
    the table that can occur (None: all; a writer may choose any value on the others)."""

    name: str
    sources: tuple[str, ...]
    table: int
    line: int = 0
    care: int | None = None

    @property
    def arity(self) -> int:
        """Number of sources."""
        return len(self.sources)

    def counted(self) -> bool:
        """Whether the node depends on two sources or more (inverters, buffers and constants
        are free, as ABC, cirbo and the exact-synthesis literature count gates)."""
        return sum(depends_on(self.table, i, self.arity) for i in range(self.arity)) >= 2


@dataclass(frozen=True)
class Netlist:
    """Inputs in order, nodes in topological order, and the signal of each output."""

    inputs: tuple[str, ...]
    nodes: tuple[Node, ...]
    outputs: tuple[str, ...]
    output_names: tuple[str, ...] = ()
    source: str = field(default="<netlist>", compare=False)

    @classmethod
    def build(cls, inputs: list[str], nodes: list[Node], outputs: list[str],
              source: str, output_names: list[str] | None = None,
              output_lines: list[int] | None = None) -> "Netlist":
        """A netlist from nodes in any order: repeated sources are read once, the nodes are
        put in topological order, and an undefined, repeated or cyclic name is an error
        naming the file and the line."""
        names: dict[str, Node] = {}
        seen_inputs: set[str] = set()
        for name in inputs:
            if name in seen_inputs:
                raise located(source, None, f"input {shown(name)} is declared twice")
            seen_inputs.add(name)
        for node in nodes:
            if node.name in names or node.name in seen_inputs:
                raise located(source, node.line, f"signal {shown(node.name)} is defined twice "
                              "(expected each signal driven once)")
            sources, table = restrict_duplicates(node.sources, node.table)
            care = None if node.care is None else \
                restrict_duplicates(node.sources, node.care)[1]
            names[node.name] = Node(node.name, sources, table, node.line, care)
        ordered = _topological(names, seen_inputs, source)
        lines = output_lines or [0] * len(outputs)
        for signal, line in zip(outputs, lines):
            if signal not in names and signal not in seen_inputs:
                raise located(source, line, f"output {shown(signal)} is driven by no input or "
                              "node")
        labels = tuple(output_names) if output_names else tuple(outputs)
        return cls(tuple(inputs), tuple(ordered), tuple(outputs), labels, source)

    @property
    def n(self) -> int:
        """Number of inputs."""
        return len(self.inputs)

    @property
    def counted(self) -> int:
        """Number of nodes that depend on two sources or more (`Node.counted`)."""
        return sum(node.counted() for node in self.nodes)

    def tables(self) -> dict[str, int]:
        """The truth table over the 2^n rows of every input and node, by name."""
        if self.n > MAX_INPUTS:
            raise located(self.source, None, f"{self.n} inputs; a truth table holds at most "
                          f"{MAX_INPUTS}")
        full = full_table(self.n)
        value = {name: _input_table(i, self.n) for i, name in enumerate(self.inputs)}
        for node in self.nodes:
            value[node.name] = _apply(node.table, [value[s] for s in node.sources], full)
        return value

    def to_spec(self, name: str = "") -> Spec:
        """The function the netlist computes, one truth table per output (a total spec)."""
        value = self.tables()
        return Spec(self.n, tuple(value[s] for s in self.outputs), name=name)


def _input_table(i: int, n: int) -> int:
    """The table of input i over n inputs (bit r = bit i of r), built by doubling."""
    pattern, width = ((1 << (1 << i)) - 1) << (1 << i), 1 << (i + 1)  # 2^i zeros, 2^i ones
    table = pattern
    while width < (1 << n):
        table |= table << width
        width <<= 1
    return table


def _apply(table: int, sources: list[int], full: int) -> int:
    """A node's table applied bit-parallel to its sources' tables (Shannon expansion on the
    last source, stopping at constants)."""
    k = len(sources)
    if table == 0:
        return 0
    if table == full_table(k):
        return full
    half = 1 << (k - 1)
    low, high = table & ((1 << half) - 1), table >> half
    if low == high:
        return _apply(low, sources[:-1], full)
    top = sources[-1]
    return (top & _apply(high, sources[:-1], full)) | \
        (~top & full & _apply(low, sources[:-1], full))


def _topological(nodes: dict[str, Node], inputs: set[str], source: str) -> list[Node]:
    """The nodes in an order where each follows its sources (depth-first, without
    recursion: a netlist may be a chain of a million nodes)."""
    done: set[str] = set()
    active: set[str] = set()
    ordered: list[Node] = []
    for root in nodes:
        if root in done:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        active.add(root)
        while stack:
            name, position = stack.pop()
            node = nodes[name]
            if position < node.arity:
                stack.append((name, position + 1))
                child = node.sources[position]
                if child in inputs or child in done:
                    continue
                if child not in nodes:
                    raise located(source, node.line, f"{shown(name)} reads {shown(child)}, "
                                  "which is no input or node")
                if child in active:
                    raise located(source, node.line, f"{shown(name)} reads {shown(child)}, "
                                  "which depends on it (a combinational loop)")
                active.add(child)
                stack.append((child, 0))
            else:
                active.discard(name)
                done.add(name)
                ordered.append(node)
    return ordered
