"""BENCH (the ISCAS netlist format) as cirbo and ABC read and write it.

Lines are ``INPUT(a)``, ``OUTPUT(y)`` and ``g = TYPE(a, b, ...)``; ``#`` starts a comment.

Read: cirbo's gate types (``Circuit.format_circuit()``): AND, NAND, OR, NOR (any number of
sources), XOR, NXOR/XNOR (parity of any number), NOT, BUFF/BUF/IFF, the 2-source GT (a > b),
LT, GEQ, LEQ, LNOT (NOT a), RNOT (NOT b), LIFF (a), RIFF (b), and the constants
ALWAYS_TRUE/ALWAYS_FALSE/VDD/GND (with or without ``()``); and ABC's ``write_bench``
lines ``g = LUT 0x4 ( a, b )``, whose table's bit k is the output where the sources (the
first the least significant bit) read k.  Gates may come in any order; flip-flops are
refused.

Written: the circuit's Boolean netlist (`minckt.core.formats.expand`) in the types both
cirbo and ABC read: a 2-source node whose table is AND, OR, XOR, NAND, NOR or NXOR is that
one gate; any other node is the AND/OR (NAND/NOR when its off-set has the smaller cover) of
its cover's cubes with NOT gates for complemented sources (`minckt.core.formats.cover`);
constants are ``vdd`` and its NOT.  Output k is ``yk = BUFF(gate)``; inputs are x1..xn.
"""

from __future__ import annotations

import re
from pathlib import Path

from minckt.core.formats.cover import full_table, smaller_cover, variable_table
from minckt.core.formats.expand import MAX_EXPANDED_INPUTS, boolean_netlist, description
from minckt.core.formats.lines import located, numbered, read_format_text, shown
from minckt.core.formats.netlist import Netlist, Node

__all__ = ["TYPE_TABLES", "NARY_TYPES", "MAX_BENCH_SOURCES", "write_bench", "parse_bench",
           "read_bench"]

#: Tables of the fixed-arity gate types over their sources (first = least significant bit).
TYPE_TABLES: dict[str, tuple[int, int]] = {  # name: (number of sources, table)
    "GT": (2, 0x2), "LT": (2, 0x4), "GEQ": (2, 0xB), "LEQ": (2, 0xD),  # a > b, a < b, ...
    "LNOT": (2, 0x5), "RNOT": (2, 0x3), "LIFF": (2, 0xA), "RIFF": (2, 0xC),
    "NOT": (1, 0x1), "BUFF": (1, 0x2), "BUF": (1, 0x2), "IFF": (1, 0x2),
    "ALWAYS_FALSE": (0, 0x0), "ALWAYS_TRUE": (0, 0x1), "GND": (0, 0x0), "VDD": (0, 0x1),
}

#: Gate types of any number of sources.
NARY_TYPES = ("AND", "NAND", "OR", "NOR", "XOR", "NXOR", "XNOR")

#: Most sources of one gate read (its table has 2^k rows).
MAX_BENCH_SOURCES = 16

#: The 2-source tables written as one gate.
_WRITTEN = {0x8: "AND", 0xE: "OR", 0x6: "XOR", 0x7: "NAND", 0x1: "NOR", 0x9: "NXOR"}

_PORT = re.compile(r"^(?P<kind>INPUT|OUTPUT)\s*\(\s*(?P<name>[^()\s,]+)\s*\)$", re.I)
_ASSIGN = re.compile(r"^(?P<name>[^=\s]+)\s*=\s*(?P<body>.+)$")
_CALL = re.compile(r"^(?P<type>[A-Za-z_]+)\s*(?:\(\s*(?P<args>[^()]*)\))?$")
_LUT = re.compile(r"^LUT\s+(?P<table>0x[0-9A-Fa-f]+)\s*\(\s*(?P<args>[^()]*)\)$", re.I)


def _nary_table(kind: str, k: int) -> int:
    """The table of an n-ary AND/OR/XOR type (or its complement) over k sources."""
    full = full_table(k)
    if kind in ("AND", "NAND"):
        table = 1 << (full.bit_length() - 1)  # only the last row
    elif kind in ("OR", "NOR"):
        table = full & ~1
    else:
        table = 0
        for i in range(k):
            table ^= variable_table(i, k)
    return full & ~table if kind in ("NAND", "NOR", "NXOR", "XNOR") else table


def _gate(name: str, body: str, number: int, source: str) -> Node:
    """The node of one ``name = body`` line."""
    lut, call = _LUT.match(body), _CALL.match(body)
    if lut:
        args = [a.strip() for a in lut["args"].split(",") if a.strip()]
        table = int(lut["table"], 16)
        if len(args) > MAX_BENCH_SOURCES or table >> (1 << len(args)):
            raise located(source, number, f"LUT {lut['table']} over {len(args)} source(s): "
                          f"expected a table of 2^{len(args)} bits and at most "
                          f"{MAX_BENCH_SOURCES} sources")
        return Node(name, tuple(args), table, number)
    kind = call["type"].upper() if call else ""
    args = [a.strip() for a in (call["args"] or "").split(",")] if call else []
    args = [a for a in args if a]
    if kind in NARY_TYPES and 1 <= len(args) <= MAX_BENCH_SOURCES:
        return Node(name, tuple(args), _nary_table(kind, len(args)), number)
    if kind in TYPE_TABLES and len(args) == TYPE_TABLES[kind][0]:
        return Node(name, tuple(args), TYPE_TABLES[kind][1], number)
    if kind in NARY_TYPES or kind in TYPE_TABLES:
        wanted = f"1..{MAX_BENCH_SOURCES}" if kind in NARY_TYPES else TYPE_TABLES[kind][0]
        raise located(source, number, f"{kind} takes {wanted} source(s), got {len(args)}")
    if kind == "DFF":
        raise located(source, number, "DFF: only combinational BENCH is read (no flip-flops)")
    raise located(source, number, f"unknown gate {shown(body)}; expected LUT 0x.. ( ... ) or "
                  f"one of {', '.join(NARY_TYPES + tuple(TYPE_TABLES))}")


def parse_bench(text: str, source: str = "<bench>") -> Netlist:
    """The netlist of a BENCH text; its inputs in the order listed (module docstring)."""
    inputs: list[str] = []
    outputs: list[tuple[str, int]] = []
    nodes: list[Node] = []
    for number, line in numbered(text):
        port = _PORT.match(line)
        if port:
            if port["kind"].upper() == "INPUT":
                inputs.append(port["name"])
            else:
                outputs.append((port["name"], number))
            continue
        assign = _ASSIGN.match(line)
        if not assign:
            raise located(source, number, f"not a BENCH line: {shown(line)}; expected "
                          "INPUT(a), OUTPUT(a) or 'g = TYPE(a, b)'")
        nodes.append(_gate(assign["name"], assign["body"].strip(), number, source))
    if not outputs:
        raise located(source, None, "no OUTPUT line; expected at least one output")
    return Netlist.build(inputs, nodes, [o for o, _ in outputs], source,
                         output_lines=[line for _, line in outputs])


def read_bench(path: str | Path) -> Netlist:
    """The netlist of a BENCH file."""
    return parse_bench(read_format_text(path, "BENCH file"), str(path))


def _constant(name: str, value: int) -> list[str]:
    return [f"{name} = vdd"] if value else [f"{name}_one = vdd", f"{name} = NOT({name}_one)"]


def _node_lines(node: Node) -> list[str]:
    """The BENCH lines of one node, the last one defining the node's own name."""
    name, k, sources = node.name, node.arity, node.sources
    if k == 2 and node.care is None and node.table in _WRITTEN:
        return [f"{name} = {_WRITTEN[node.table]}({sources[0]}, {sources[1]})"]
    care = full_table(k) if node.care is None else node.care
    cubes, complemented = smaller_cover(node.table, care, k)
    if not cubes or cubes == [()]:
        return _constant(name, int(bool(cubes)) ^ complemented)
    lines: list[str] = []
    negated: dict[int, str] = {}

    def literal(i: int, value: int) -> str:
        if value:
            return sources[i]
        if i not in negated:
            negated[i] = f"{name}_n{i + 1}"
            lines.append(f"{negated[i]} = NOT({sources[i]})")
        return negated[i]

    if len(cubes) == 1 and len(cubes[0]) == 1:
        (i, value), = cubes[0]
        kind = "NOT" if value ^ complemented == 0 else "BUFF"
        return [f"{name} = {kind}({sources[i]})"]
    if len(cubes) == 1:
        terms = ", ".join(literal(i, v) for i, v in cubes[0])
        return lines + [f"{name} = {'NAND' if complemented else 'AND'}({terms})"]
    cube_terms: list[str] = []
    for j, cube in enumerate(cubes):
        if len(cube) == 1:
            cube_terms.append(literal(*cube[0]))
            continue
        cube_terms.append(f"{name}_c{j + 1}")
        lines.append(f"{cube_terms[-1]} = AND({', '.join(literal(i, v) for i, v in cube)})")
    return lines + [f"{name} = {'NOR' if complemented else 'OR'}({', '.join(cube_terms)})"]


def write_bench(circuit, limit: int = MAX_EXPANDED_INPUTS) -> str:
    """The circuit as BENCH text (module docstring)."""
    netlist = boolean_netlist(circuit, limit)
    lines = [f"# {line}" for line in description(circuit)]
    lines += [f"INPUT({name})" for name in netlist.inputs]
    lines += [f"OUTPUT({name})" for name in netlist.outputs]
    for node in netlist.nodes:
        lines.extend(_node_lines(node))
    return "\n".join(lines) + "\n"
