"""BLIF (Berkeley Logic Interchange Format), combinational: ``.model``, ``.inputs``,
``.outputs``, ``.names`` covers, ``.end`` — as ABC (``read_blif``), SIS and Yosys read it.

Written: the circuit's Boolean netlist (`minckt.core.formats.expand`): inputs x1..xn,
outputs y1..ym, each gate a ``.names`` cover of its table (an irredundant sum of products,
`minckt.core.formats.cover`; when the off-set has the smaller cover the lines end in 0, as
BLIF allows).  Boolean gates are written as they are; threshold, ReLU and sigmoid gates as
the covers of their value bits over their sources' bits.  The circuit's readable text is a
comment at the top.

Read: one model of ``.names`` nodes in any order (``\\`` continues a line, ``#`` starts a
comment); a cover's lines all end in 1 (its on-set) or all in 0 (its off-set), and a cover
without lines is the constant 0.  Latches, subcircuits and library gates are refused, and
so is a ``.names`` of more than `MAX_NAMES_INPUTS` inputs.
"""

from __future__ import annotations

import re
from pathlib import Path

from minckt.core.formats.cover import cube_table, full_table, smaller_cover
from minckt.core.formats.expand import MAX_EXPANDED_INPUTS, boolean_netlist, description
from minckt.core.formats.lines import located, read_format_text, shown
from minckt.core.formats.netlist import Netlist, Node

__all__ = ["MAX_NAMES_INPUTS", "write_blif", "parse_blif", "read_blif", "cover_lines"]

#: Most inputs of one ``.names`` read (its table has 2^k rows).
MAX_NAMES_INPUTS = 16

_IGNORED = (".default_input_arrival", ".default_output_required", ".default_input_drive",
            ".default_output_load", ".input_arrival", ".output_required", ".input_drive",
            ".output_load", ".area", ".delay", ".wire_load_slope", ".wire", ".clock")
_REFUSED = (".latch", ".mlatch", ".subckt", ".gate", ".exdc", ".search", ".start_kiss")
_CUBE = re.compile(r"^[01-]*$")


def cover_lines(node: Node) -> list[str]:
    """The lines of a node's ``.names`` cover (without its header)."""
    k = node.arity
    care = full_table(k) if node.care is None else node.care
    cubes, complemented = smaller_cover(node.table, care, k)
    if complemented and len(cubes) <= 1 and not (cubes and cubes[0]):
        cubes, complemented = ([] if cubes else [()]), False  # a constant: say it plainly
    if not cubes:  # the constant 0: ABC wants a cover line for each .names with inputs
        return [f"{'-' * k} 0"] if k else []
    out = "0" if complemented else "1"
    lines = []
    for cube in cubes:
        chars = ["-"] * k
        for i, value in cube:
            chars[i] = str(value)
        lines.append(f"{''.join(chars)} {out}" if k else out)
    return lines


def write_blif(circuit, model: str = "minckt_circuit",
               limit: int = MAX_EXPANDED_INPUTS) -> str:
    """The circuit as BLIF text (module docstring); a non-Boolean gate of more than `limit`
    source bits is an InputError."""
    netlist = boolean_netlist(circuit, limit)
    lines = [f"# {line}" for line in description(circuit)]
    lines.append(f".model {model}")
    if netlist.inputs:
        lines.append(".inputs " + " ".join(netlist.inputs))
    lines.append(".outputs " + " ".join(netlist.outputs))
    for node in netlist.nodes:
        lines.append(".names " + " ".join(node.sources + (node.name,)))
        lines.extend(cover_lines(node))
    lines.append(".end")
    return "\n".join(lines) + "\n"


def _logical_lines(text: str):
    """(line number, words) of each logical line: comments cut, continuations joined."""
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        words = " ".join(pending).split()
        pending = []
        if words:
            yield start, words
    if pending and " ".join(pending).split():
        yield start, " ".join(pending).split()


def parse_blif(text: str, source: str = "<blif>") -> Netlist:
    """The netlist of a BLIF text (module docstring)."""
    inputs: list[str] = []
    outputs: list[tuple[str, int]] = []
    nodes: list[Node] = []
    header: tuple[int, list[str]] | None = None  # the open .names: line, signals
    cubes: list[tuple[int, str, str]] = []
    models = 0
    for number, words in _logical_lines(text):
        head = words[0]
        if not head.startswith("."):
            if header is None:
                raise located(source, number, f"{shown(' '.join(words))} is not a BLIF "
                              "command; expected .names, .inputs, .outputs, ... or a cover "
                              "line after .names")
            cubes.append((number, words[0] if len(words) > 1 else "", words[-1]))
            if len(words) > 2:
                raise located(source, number, f"cover line {shown(' '.join(words))}: "
                              "expected an input cube and one output value")
            continue
        if header is not None:
            nodes.append(_names_node(header, cubes, source))
            header, cubes = None, []
        if head == ".model":
            models += 1
            if models > 1:
                raise located(source, number, "a second .model: hierarchical BLIF is not "
                              "read (expected one flat model)")
        elif head == ".inputs":
            inputs.extend(words[1:])
        elif head == ".outputs":
            outputs.extend((w, number) for w in words[1:])
        elif head == ".names":
            if len(words) < 2:
                raise located(source, number, ".names without a signal; expected "
                              "'.names IN1 ... OUT'")
            header = (number, words[1:])
        elif head == ".end":
            break
        elif head in _REFUSED:
            raise located(source, number, f"{head} is not read: only combinational .names "
                          "netlists are (no latches, subcircuits or library gates)")
        elif head not in _IGNORED:
            raise located(source, number, f"unknown BLIF command {shown(head)}; expected "
                          ".model, .inputs, .outputs, .names or .end")
    if header is not None:
        nodes.append(_names_node(header, cubes, source))
    if not outputs:
        raise located(source, None, "no .outputs; expected at least one output")
    return Netlist.build(inputs, nodes, [o for o, _ in outputs], source,
                         output_lines=[line for _, line in outputs])


def _names_node(header: tuple[int, list[str]], cubes: list[tuple[int, str, str]],
                source: str) -> Node:
    """A ``.names`` block as a node: its table from the cover lines."""
    number, signals = header
    *sources, name = signals
    k = len(sources)
    if k > MAX_NAMES_INPUTS:
        raise located(source, number, f".names of {k} inputs; at most {MAX_NAMES_INPUTS} are "
                      "read (a table of 2^k rows)")
    table, polarity = 0, None
    for line, cube, value in cubes:
        if len(cube) != k or not _CUBE.match(cube):
            raise located(source, line, f"cube {shown(cube)}: expected {k} characters of "
                          "0, 1 and -, one per input of the .names")
        if value not in ("0", "1"):
            raise located(source, line, f"output value {shown(value)}: expected 0 or 1")
        if polarity is not None and value != polarity:
            raise located(source, line, f"output value {value} after lines ending in "
                          f"{polarity}; a cover lists its on-set or its off-set, not both")
        polarity = value
        table |= cube_table(tuple((i, int(c)) for i, c in enumerate(cube) if c != "-"), k)
    if polarity == "0":
        table = full_table(k) & ~table
    return Node(name, tuple(sources), table, number)


def read_blif(path: str | Path) -> Netlist:
    """The netlist of a BLIF file."""
    return parse_blif(read_format_text(path, "BLIF file"), str(path))
