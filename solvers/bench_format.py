"""Read a peer's circuit in the BENCH format into a minckt `Circuit` of Boolean gates.

Both peers write BENCH: cirbo (`Circuit.format_circuit()`: ``g = AND(a, b)`` with its gate
type names) and ABC (``write_bench``: ``g = LUT 0x4 ( a, b )``, the table's bit k being the
output when the sources, first = least significant bit, read k).  Every gate becomes a
`Gate(kind="boolean")` with the same table convention, so minckt's evaluator can check the
peer's circuit on every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.errors import InputError

__all__ = ["PeerCircuit", "parse_bench", "TYPE_TABLES"]

#: Tables of named gate types over their sources (first source = least significant bit).
TYPE_TABLES: dict[str, tuple[int, int]] = {  # name: (number of sources, table)
    "AND": (2, 0x8), "OR": (2, 0xE), "XOR": (2, 0x6), "NAND": (2, 0x7), "NOR": (2, 0x1),
    "NXOR": (2, 0x9), "XNOR": (2, 0x9),
    "GT": (2, 0x2), "LT": (2, 0x4), "GEQ": (2, 0xB), "LEQ": (2, 0xD),  # a > b, a < b, ...
    "LNOT": (2, 0x5), "RNOT": (2, 0x3), "LIFF": (2, 0xA), "RIFF": (2, 0xC),
    "NOT": (1, 0x1), "BUF": (1, 0x2), "BUFF": (1, 0x2), "IFF": (1, 0x2),
    "ALWAYS_FALSE": (0, 0x0), "ALWAYS_TRUE": (0, 0x1), "GND": (0, 0x0), "VDD": (0, 0x1),
}


_LINE = re.compile(r"^\s*(?P<name>[^=\s]+)\s*=\s*(?P<body>.+?)\s*$")
_CALL = re.compile(r"^(?P<type>[A-Za-z_]+)\s*\(\s*(?P<args>[^)]*)\)$")
_LUT = re.compile(r"^LUT\s+(?P<table>0x[0-9A-Fa-f]+)\s*\(\s*(?P<args>[^)]*)\)$")
_PORT = re.compile(r"^\s*(?P<kind>INPUT|OUTPUT)\s*\(\s*(?P<name>[^)\s]+)\s*\)\s*$")


def _dependencies(table: int, arity: int) -> int:
    """How many of its sources a table depends on."""
    count = 0
    for k in range(arity):
        if any(((table >> q) & 1) != ((table >> (q ^ (1 << k))) & 1) for q in range(1 << arity)):
            count += 1
    return count


@dataclass(frozen=True)
class PeerCircuit:
    """A peer's circuit: the translation, and the gates that count: those that depend on at
    least two sources (inverters and copies are free, as the peers count)."""

    circuit: Circuit
    counted: int


def parse_bench(text: str, source: str = "<bench>") -> PeerCircuit:
    """The circuit of a BENCH text; its inputs, in the order listed, become x1, x2, ..."""
    inputs: list[str] = []
    outputs: list[str] = []
    defined: list[tuple[str, str, list[str], int]] = []  # name, type, sources, table
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        port = _PORT.match(line)
        if port:
            (inputs if port["kind"] == "INPUT" else outputs).append(port["name"])
            continue
        match = _LINE.match(line)
        if not match:
            raise InputError(f"{source}:{number}: not a BENCH line: {line!r}")
        body = match["body"]
        lut, call = _LUT.match(body), _CALL.match(body)
        if lut:
            args = [a.strip() for a in lut["args"].split(",") if a.strip()]
            defined.append((match["name"], "LUT", args, int(lut["table"], 16)))
        elif call and call["type"].upper() in TYPE_TABLES:
            kind = call["type"].upper()
            args = [a.strip() for a in call["args"].split(",") if a.strip()]
            arity, table = TYPE_TABLES[kind]
            if len(args) != arity:
                raise InputError(f"{source}:{number}: {kind} takes {arity} source(s), got "
                                 f"{len(args)}")
            defined.append((match["name"], kind, args, table))
        elif body.upper() in TYPE_TABLES and TYPE_TABLES[body.upper()][0] == 0:
            defined.append((match["name"], body.upper(), [], TYPE_TABLES[body.upper()][1]))
        else:
            raise InputError(f"{source}:{number}: unknown gate {body!r}; expected LUT 0x.. or "
                             f"one of {', '.join(TYPE_TABLES)}")
    names = {name: input_name(k) for k, name in enumerate(inputs)}
    gates, counted = [], 0
    for name, kind, args, table in defined:
        gate_id = f"p_{name}"
        missing = [a for a in args if a not in names]
        if missing:
            raise InputError(f"{source}: gate {name} reads {missing}, not defined before it")
        names[name] = gate_id
        gates.append(Gate(gate_id, tuple((names[a], 1) for a in args), kind="boolean",
                          table=table))
        if _dependencies(table, len(args)) >= 2:  # inverters and copies are free
            counted += 1
    unknown = [o for o in outputs if o not in names or o in inputs]
    if unknown or not outputs:
        raise InputError(f"{source}: output(s) {unknown or 'none'} are not gates")
    return PeerCircuit(Circuit(len(inputs), tuple(gates), tuple(names[o] for o in outputs)),
                       counted)
