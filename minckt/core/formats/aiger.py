"""AIGER (A. Biere, "The AIGER And-Inverter Graph (AIG) Format", version 20071012), ASCII
(``aag``) and binary (``aig``), combinational: inputs, outputs and 2-input AND gates whose
literals may be complemented.

Written: the circuit's Boolean netlist (`minckt.core.formats.expand`), each node decomposed
into ANDs through its cover (`minckt.core.formats.cover`): a cube is an AND of its literals,
a cover the complement of the AND of its complemented cubes, and a node whose off-set has the
smaller cover is the complement of that cover.  ANDs are hashed structurally (the same pair
of literals is one AND) and constants fold, so a constant output is the literal 0 or 1.
An ``aig`` Boolean gate becomes one AND; ``xaig``'s XOR three; a ``mig`` majority five; a
threshold, ReLU or sigmoid gate the ANDs of its bits' covers.  The symbol table names the
inputs x1..xn and the outputs y1..ym; the comment section holds the circuit's text.

Read (both kinds, detected from the header): latches and the AIGER 1.9 sections (bad states,
constraints, justice, fairness) are refused; symbols name the inputs and outputs when given.
`Netlist.to_spec` then gives the function (at most 20 inputs).
"""

from __future__ import annotations

import re
from pathlib import Path

from minckt.core.formats.cover import smaller_cover, full_table
from minckt.core.formats.expand import MAX_EXPANDED_INPUTS, boolean_netlist, description
from minckt.core.formats.lines import located, read_format_bytes, shown
from minckt.core.formats.netlist import Netlist, Node

__all__ = ["write_aiger", "parse_aiger", "read_aiger", "AndGraph"]

_SYMBOL = re.compile(r"^([ilobcjf])([0-9]+) (.*)$")


def _unsigned(word: str) -> bool:
    """Whether a word is an unsigned decimal integer (ASCII digits only)."""
    return word.isascii() and word.isdigit()


class AndGraph:
    """An and-inverter graph under construction: inputs are variables 1..n, each new AND
    the next variable; literal 2v is variable v, 2v + 1 its complement, 0 and 1 the
    constants."""

    def __init__(self, inputs: int) -> None:
        self.inputs = inputs
        self.ands: list[tuple[int, int, int]] = []  # (lhs, rhs0, rhs1), rhs0 >= rhs1
        self._known: dict[tuple[int, int], int] = {}

    def conjunction(self, a: int, b: int) -> int:
        """The literal of a AND b (constants folded, equal pairs shared)."""
        low, high = min(a, b), max(a, b)
        if low == 0 or low ^ 1 == high:
            return 0
        if low == 1 or low == high:
            return high
        if (low, high) not in self._known:
            lhs = 2 * (self.inputs + len(self.ands) + 1)
            self.ands.append((lhs, high, low))
            self._known[(low, high)] = lhs
        return self._known[(low, high)]

    def all_of(self, literals: list[int]) -> int:
        """The AND of several literals, as a balanced tree (1 for none)."""
        if not literals:
            return 1
        while len(literals) > 1:
            paired = [self.conjunction(literals[i], literals[i + 1])
                      for i in range(0, len(literals) - 1, 2)]
            literals = paired + ([literals[-1]] if len(literals) % 2 else [])
        return literals[0]

    def node(self, table: int, care: int | None, sources: list[int]) -> int:
        """The literal of a table over source literals, through its smaller cover."""
        k = len(sources)
        cubes, complemented = smaller_cover(table, full_table(k) if care is None else care, k)
        terms = [self.all_of([sources[i] ^ (1 - value) for i, value in cube]) for cube in cubes]
        either = self.all_of([t ^ 1 for t in terms]) ^ 1  # OR by De Morgan; 0 for no cube
        return either ^ 1 if complemented else either


def write_aiger(circuit, binary: bool = False,
                limit: int = MAX_EXPANDED_INPUTS) -> str | bytes:
    """The circuit as AIGER: ASCII text (``aag``) or, with `binary`, bytes (``aig``)."""
    netlist = boolean_netlist(circuit, limit)
    graph = AndGraph(circuit.n)
    literal = {name: 2 * (i + 1) for i, name in enumerate(netlist.inputs)}
    for node in netlist.nodes:
        literal[node.name] = graph.node(node.table, node.care,
                                        [literal[s] for s in node.sources])
    outputs = [literal[o] for o in netlist.outputs]
    n, count = circuit.n, len(graph.ands)
    header = f"{n + count} {n} 0 {len(outputs)} {count}"
    symbols = [f"i{i} x{i + 1}" for i in range(n)] + \
        [f"o{k} y{k + 1}" for k in range(len(outputs))]
    trailer = "\n".join(symbols + ["c"] + description(circuit)) + "\n"
    if not binary:
        body = [f"aag {header}"] + [str(2 * (i + 1)) for i in range(n)] + \
            [str(o) for o in outputs] + [f"{lhs} {a} {b}" for lhs, a, b in graph.ands]
        return "\n".join(body) + "\n" + trailer
    data = bytearray("\n".join([f"aig {header}"] + [str(o) for o in outputs]).encode() + b"\n")
    for lhs, a, b in graph.ands:
        data += _varint(lhs - a) + _varint(a - b)
    return bytes(data) + trailer.encode()


def _varint(value: int) -> bytes:
    """AIGER's unsigned integer: 7 bits a byte, least significant first, high bit = more."""
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


class _Reader:
    """The bytes of an AIGER file, read line by line (and byte by byte in the binary ANDs)."""

    def __init__(self, data: bytes, source: str) -> None:
        self.data, self.source, self.position, self.line = data, source, 0, 1

    def error(self, message: str) -> Exception:
        return located(self.source, self.line, message)

    def text_line(self, what: str) -> str:
        end = self.data.find(b"\n", self.position)
        if end < 0:
            end = len(self.data)
            if self.position >= end:
                raise self.error(f"the file ends where {what} was expected")
        raw = self.data[self.position:end]
        self.position = end + 1
        self.line += 1
        try:
            return raw.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            self.line -= 1
            raise self.error(f"{what}: bytes {shown(raw)} are not text") from None

    def numbers(self, what: str, count: int) -> list[int]:
        text = self.text_line(what)
        words = text.split()
        if len(words) != count or not all(_unsigned(w) for w in words):
            self.line -= 1
            raise self.error(f"{what} {shown(text)}: expected {count} unsigned integer(s)")
        return [int(w) for w in words]

    def varint(self, what: str) -> int:
        value, shift = 0, 0
        while True:
            if self.position >= len(self.data):
                raise self.error(f"the file ends inside {what} (byte {self.position})")
            byte = self.data[self.position]
            self.position += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value


def _header(reader: _Reader) -> tuple[bool, int, int, int, int]:
    """(binary, M, I, O, A) of the header line; latches and the 1.9 sections are refused."""
    text = reader.text_line("the header")
    words = text.split()
    if not 6 <= len(words) <= 10 or words[0] not in ("aag", "aig") \
            or not all(_unsigned(w) for w in words[1:]):
        raise located(reader.source, 1, f"header {shown(text)}: expected 'aag M I L O A' or "
                      "'aig M I L O A'")
    binary = words[0] == "aig"
    maximum, inputs, latches, outputs, ands, *extra = (int(w) for w in words[1:])
    if latches:
        raise located(reader.source, 1, f"{latches} latch(es): only combinational AIGER is "
                      "read (expected L = 0)")
    if any(extra):
        raise located(reader.source, 1, "bad-state, constraint, justice or fairness sections "
                      "are not read (expected B = C = J = F = 0)")
    if maximum < inputs + ands or (binary and maximum != inputs + ands):
        raise located(reader.source, 1, f"M = {maximum} but I + L + A = {inputs + ands}")
    return binary, maximum, inputs, outputs, ands


def _literal(reader: _Reader, what: str, largest: int) -> int:
    (value,) = reader.numbers(what, 1)
    if value > largest:
        reader.line -= 1
        raise reader.error(f"{what} {value}: expected a literal of at most 2M + 1 = {largest}")
    return value


def _ascii_ands(reader: _Reader, count: int, largest: int, inputs: set[int]
                ) -> list[tuple[int, int, int, int]]:
    """(lhs, rhs0, rhs1, line) of each AND line of an ``aag`` file."""
    ands, defined = [], set()
    for i in range(count):
        lhs, rhs0, rhs1 = reader.numbers(f"AND gate {i}", 3)
        line = reader.line - 1
        if lhs % 2 or lhs < 2 or max(lhs, rhs0, rhs1) > largest or lhs in inputs \
                or lhs in defined:
            raise located(reader.source, line, f"AND gate {lhs} {rhs0} {rhs1}: expected an even "
                          "left side, defined once, not an input, literals at most 2M + 1 = "
                          f"{largest}")
        defined.add(lhs)
        ands.append((lhs, rhs0, rhs1, line))
    return ands


def _binary_ands(reader: _Reader, count: int, inputs: int) -> list[tuple[int, int, int, int]]:
    """(lhs, rhs0, rhs1, line) of each delta-encoded AND of an ``aig`` file."""
    ands = []
    for i in range(count):
        lhs = 2 * (inputs + i + 1)
        what = f"AND gate {i} (literal {lhs})"
        first = reader.varint(what)
        second = reader.varint(what)
        if first == 0 or first > lhs or second > lhs - first:
            raise reader.error(f"{what}: deltas {first}, {second} (byte {reader.position}) do "
                               f"not give literals 0 <= rhs1 <= rhs0 < {lhs}")
        ands.append((lhs, lhs - first, lhs - first - second, reader.line))
    reader.line = reader.data.count(b"\n", 0, reader.position) + 1
    return ands


def _symbols(reader: _Reader, inputs: int, outputs: int) -> dict[tuple[str, int], str]:
    """The symbol table: ("i", k) or ("o", k) to a name; stops at the comment section."""
    names: dict[tuple[str, int], str] = {}
    while reader.position < len(reader.data):
        text = reader.text_line("a symbol or the comment section")
        if text == "c" or text.startswith("c "):
            break
        match = _SYMBOL.match(text)
        count = {"i": inputs, "o": outputs}.get(match[1], 0) if match else 0
        if not match or int(match[2]) >= count:
            reader.line -= 1
            raise reader.error(f"symbol {shown(text)}: expected 'i<k> NAME' (k < {inputs}) or "
                               f"'o<k> NAME' (k < {outputs}), or 'c' before comments")
        names[(match[1], int(match[2]))] = match[3]
    return names


def parse_aiger(data: bytes | str, source: str = "<aiger>") -> Netlist:
    """The netlist of an AIGER file's contents, ASCII or binary (module docstring)."""
    reader = _Reader(data.encode("utf-8") if isinstance(data, str) else data, source)
    binary, maximum, n, count_out, count_and = _header(reader)
    largest = 2 * maximum + 1
    if binary:
        input_literals = [2 * (i + 1) for i in range(n)]
    else:
        input_literals = []
        for i in range(n):
            literal = _literal(reader, f"input {i}", largest)
            if literal % 2 or literal == 0 or literal in input_literals:
                reader.line -= 1
                raise reader.error(f"input {i} literal {literal}: expected an even literal, "
                                   "not 0, not repeated")
            input_literals.append(literal)
    output_lines = [reader.line + k for k in range(count_out)]
    output_literals = [_literal(reader, f"output {k}", largest) for k in range(count_out)]
    ands = _binary_ands(reader, count_and, n) if binary else \
        _ascii_ands(reader, count_and, largest, set(input_literals))
    symbols = _symbols(reader, n, count_out)
    return _netlist(input_literals, output_literals, ands, symbols, source, output_lines)


def _netlist(input_literals: list[int], output_literals: list[int],
             ands: list[tuple[int, int, int, int]], symbols: dict[tuple[str, int], str],
             source: str, output_lines: list[int]) -> Netlist:
    """The netlist of a parsed AIGER file: ANDs with their inverters folded into the tables,
    one node per output (a copy or complement of its literal), a node for the constant."""
    inputs = [symbols.get(("i", i), f"x{i + 1}") for i in range(len(input_literals))]
    labels = [symbols.get(("o", k), f"y{k + 1}") for k in range(len(output_literals))]
    prefix = "n"
    while any(name.startswith(prefix) for name in inputs + labels):
        prefix += "_"
    signal = {literal >> 1: name for literal, name in zip(input_literals, inputs)}
    for lhs, *_ in ands:
        signal[lhs >> 1] = f"{prefix}{lhs >> 1}"
    signal[0] = f"{prefix}0"
    used = [r >> 1 for _, a, b, _ in ands for r in (a, b)] + [o >> 1 for o in output_literals]
    nodes = [Node(f"{prefix}0", (), 0)] if 0 in used else []
    for lhs, rhs0, rhs1, line in ands:
        table = sum(1 << row for row in range(4)
                    if ((row & 1) ^ (rhs0 & 1)) and (((row >> 1) & 1) ^ (rhs1 & 1)))
        nodes.append(Node(signal[lhs >> 1], (_name(signal, rhs0, prefix),
                                             _name(signal, rhs1, prefix)), table, line))
    outputs = []
    for k, (literal, line) in enumerate(zip(output_literals, output_lines)):
        outputs.append(f"{prefix}o{k}")
        nodes.append(Node(outputs[-1], (_name(signal, literal, prefix),),
                          0b01 if literal & 1 else 0b10, line))
    return Netlist.build(inputs, nodes, outputs, source, output_names=labels)


def _name(signal: dict[int, str], literal: int, prefix: str) -> str:
    """The signal of a literal's variable (an undefined one keeps a name that
    `Netlist.build` reports as undefined, with the line)."""
    return signal.get(literal >> 1, f"{prefix}{literal >> 1}")


def read_aiger(path: str | Path) -> Netlist:
    """The netlist of an AIGER file, ``.aag`` or ``.aig`` (the header tells which)."""
    return parse_aiger(read_format_bytes(path, "AIGER file"), str(path))
