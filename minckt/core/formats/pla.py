"""PLA files of Espresso (R. Rudell, espresso(5)), as ABC's ``read_pla`` and the Espresso
benchmarks write them: a function with its don't-cares.

Keywords: ``.i N``, ``.o M`` (both before the first cube), ``.ilb`` and ``.ob`` (names,
checked for their count), ``.p P`` (the number of cubes, checked), ``.type`` and
``.e``/``.end``.  A cube line has N input characters (``0``, ``1``, ``-``; ``2`` is ``-``)
and M output characters, with or without blanks between the parts.  The first input
column is x1.  The output characters mean, by ``.type`` (Espresso's manual):

* ``f``: 1 = in the ON-set; 0, ``-`` and ``~`` mean nothing.  Every other row is OFF.
* ``fd`` (the default): 1 = ON, ``-`` (or ``2``) = don't-care, 0 and ``~`` mean nothing;
  a row both ON and don't-care is a don't-care; every other row is OFF.
* ``fr``: 1 = ON, 0 = OFF, ``-`` and ``~`` mean nothing; a row in neither is a don't-care.
* ``fdr``: 1 = ON, 0 = OFF, ``-`` = don't-care, ``~`` means nothing; a row in none is a
  don't-care.
* ``r``: 0 = OFF, the rest means nothing; every other row is ON.

A row ON and OFF at once is an error naming the line.  A `Spec` has one care set for all
outputs, so `parse_pla` refuses outputs whose don't-cares differ; `parse_pla_outputs` gives
one single-output spec per output instead.  The writer writes ``.type f`` for a total spec
and ``fd`` with the don't-cares as cubes of ``-`` outputs otherwise, each output an
irredundant cover (`minckt.core.formats.cover`), cubes shared by outputs written once.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from minckt.core.formats.cover import cover
from minckt.core.formats.lines import located, numbered, read_format_text, shown
from minckt.core.spec import MAX_INPUTS, MAX_OUTPUTS, Spec, bits_to_int

__all__ = ["PLA_TYPES", "parse_pla", "parse_pla_outputs", "read_pla", "read_pla_outputs",
           "write_pla"]

#: The types read, and for each the meaning of the output characters.
PLA_TYPES = {
    "f": {"1": "on"},
    "fd": {"1": "on", "-": "dc", "2": "dc"},
    "fr": {"1": "on", "0": "off"},
    "fdr": {"1": "on", "0": "off", "-": "dc", "2": "dc"},
    "r": {"0": "off"},
}
_ON, _OFF, _DC = 1, 2, 4
_FLAG = {"on": _ON, "off": _OFF, "dc": _DC}


def _count(words: list[str], number: int, source: str, largest: int) -> int:
    number_text = words[1] if len(words) == 2 else ""
    if not (number_text.isascii() and number_text.isdigit()) or int(number_text) > largest:
        raise located(source, number, f"{shown(' '.join(words))}: expected '{words[0]} K' "
                      f"with K an integer at most {largest}")
    return int(words[1])


def _rows(cube: str) -> np.ndarray:
    """The rows of an input cube (character i is x_{i+1})."""
    rows = np.array([sum(1 << i for i, c in enumerate(cube) if c == "1")], dtype=np.int64)
    for i, c in enumerate(cube):
        if c in "-2":
            rows = np.concatenate([rows, rows | (1 << i)])
    return rows


class _Table:
    """The sets being read: per output and row, flags ON / OFF / DC."""

    def __init__(self, n: int, m: int, kind: str, source: str) -> None:
        self.n, self.m, self.kind, self.source = n, m, kind, source
        self.flags = np.zeros((m, 1 << n), dtype=np.uint8)
        self.cubes = 0

    def add(self, number: int, inputs: str, outputs: str) -> None:
        meaning = PLA_TYPES[self.kind]
        if set(inputs) - set("01-2"):
            raise located(self.source, number, f"input part {shown(inputs)}: expected "
                          "characters 0, 1 and -")
        if set(outputs) - set("01-2~"):
            raise located(self.source, number, f"output part {shown(outputs)}: expected "
                          "characters 0, 1, - and ~")
        rows = _rows(inputs)
        for k, char in enumerate(outputs):
            flag = _FLAG.get(meaning.get(char, ""), 0)
            if not flag:
                continue
            other = {_ON: _OFF, _OFF: _ON}.get(flag, 0)
            if other and (self.flags[k, rows] & other).any():
                raise located(self.source, number, f"output {k + 1} ({char!r}) puts a row of "
                              f"cube {inputs} in the ON-set and the OFF-set of .type "
                              f"{self.kind}")
            self.flags[k, rows] |= flag
        self.cubes += 1

    def sets(self) -> tuple[np.ndarray, np.ndarray]:
        """(on, dc): bool arrays m x 2^n."""
        on, off, dc = (self.flags & _ON) > 0, (self.flags & _OFF) > 0, (self.flags & _DC) > 0
        if self.kind in ("f", "fd"):
            return on & ~dc, dc
        if self.kind == "r":
            return ~off, np.zeros_like(off)
        return on & ~dc, ~(on | off) | dc  # fr, fdr: a row in no set is free


def _header(line: str, number: int, state: dict, source: str) -> None:
    """One keyword line."""
    words = line.split()
    key = words[0].lower()
    if key == ".i":
        state["n"] = _count(words, number, source, MAX_INPUTS)
    elif key == ".o":
        state["m"] = _count(words, number, source, MAX_OUTPUTS)
        state["m_line"] = number
    elif key == ".p":
        state["p"], state["p_line"] = _count(words, number, source, 1 << 40), number
    elif key == ".type":
        if len(words) != 2 or words[1].lower() not in PLA_TYPES:
            raise located(source, number, f"{shown(line)}: expected .type and one of "
                          f"{', '.join(PLA_TYPES)}")
        state["type"] = words[1].lower()
    elif key in (".ilb", ".ob"):
        state[key] = (words[1:], number)
    elif key not in (".e", ".end"):
        raise located(source, number, f"keyword {shown(words[0])} is not read; expected .i, "
                      ".o, .ilb, .ob, .p, .type or .e (binary-valued PLAs only)")


def _parse(text: str, source: str) -> tuple[np.ndarray, np.ndarray, dict]:
    """(on, dc) of a PLA text, m x 2^n bool arrays, and its keywords."""
    state: dict = {"type": "fd"}
    table: _Table | None = None
    for number, line in numbered(text):
        if line.startswith("."):
            if table is not None and line.split()[0].lower() not in (".e", ".end"):
                raise located(source, number, f"{shown(line)} after the first cube; expected "
                              "the keywords before the cubes")
            _header(line, number, state, source)
            if line.split()[0].lower() in (".e", ".end"):
                break
            continue
        if table is None:
            if "n" not in state or "m" not in state:
                raise located(source, number, f"cube {shown(line)} before .i and .o; expected "
                              "'.i N' and '.o M' first")
            table = _Table(state["n"], state["m"], state["type"], source)
        joined = "".join(line.split())
        if len(joined) != state["n"] + state["m"]:
            raise located(source, number, f"cube {shown(line)}: expected {state['n']} input "
                          f"and {state['m']} output character(s), got {len(joined)}")
        table.add(number, joined[: state["n"]], joined[state["n"]:])
    if "n" not in state or "m" not in state:
        raise located(source, None, "no '.i N' and '.o M' lines; expected a PLA")
    if state["m"] == 0:
        raise located(source, state["m_line"], ".o 0: expected at least one output")
    table = table or _Table(state["n"], state["m"], state["type"], source)
    for key, count in ((".ilb", state["n"]), (".ob", state["m"])):
        if key in state and len(state[key][0]) != count:
            raise located(source, state[key][1], f"{key} names {len(state[key][0])} signal(s); "
                          f"expected {count}")
    if "p" in state and state["p"] != table.cubes:
        raise located(source, state["p_line"], f".p {state['p']} but {table.cubes} cube(s) "
                      "follow; expected the number of cubes")
    on, dc = table.sets()
    return on, dc, state


def parse_pla_outputs(text: str, source: str = "<pla>") -> tuple[Spec, ...]:
    """One single-output spec per output of a PLA text, each with its own care set."""
    on, dc, state = _parse(text, source)
    return tuple(Spec(state["n"], (bits_to_int(on[k]),), care=bits_to_int(~dc[k]))
                 for k in range(state["m"]))


def parse_pla(text: str, source: str = "<pla>") -> Spec:
    """The function of a PLA text: one table per output and the shared care set (module
    docstring); outputs with different don't-cares are an error."""
    on, dc, state = _parse(text, source)
    for k in range(1, state["m"]):
        if (dc[k] != dc[0]).any():
            row = int(np.flatnonzero(dc[k] != dc[0])[0])
            raise located(source, state["m_line"], f"outputs 1 and {k + 1} differ in their "
                          f"don't-cares (row {row}); a spec has one care set for all outputs: "
                          "read it with parse_pla_outputs, one spec per output")
    return Spec(state["n"], tuple(bits_to_int(on[k]) for k in range(state["m"])),
                care=bits_to_int(~dc[0]))


def read_pla(path: str | Path) -> Spec:
    """The function of a PLA file (`parse_pla`)."""
    return parse_pla(read_format_text(path, "PLA file"), str(path))


def read_pla_outputs(path: str | Path) -> tuple[Spec, ...]:
    """One spec per output of a PLA file (`parse_pla_outputs`)."""
    return parse_pla_outputs(read_format_text(path, "PLA file"), str(path))


def write_pla(spec: Spec) -> str:
    """The spec as a PLA (module docstring)."""
    n, m = spec.n, spec.num_outputs
    full = (1 << spec.num_rows) - 1
    care = full if spec.care is None else spec.care
    lines = [f".i {n}", f".o {m}", ".ilb " + " ".join(f"x{i + 1}" for i in range(n)),
             ".ob " + " ".join(f"y{k + 1}" for k in range(m)),
             f".type {'f' if spec.is_total else 'fd'}"]
    if n == 0:
        lines.pop(2)  # an empty .ilb reads as a keyword without names
    outputs: dict[str, list[str]] = {}
    for k, table in enumerate(spec.outputs):
        for cube in cover(table & care, table | (full & ~care), n):
            key = _cube_text(cube, n)
            outputs.setdefault(key, ["0"] * m)[k] = "1"
    cubes = [f"{key} {''.join(chars)}" for key, chars in outputs.items()]
    if not spec.is_total:
        cubes += [f"{_cube_text(c, n)} {'-' * m}" for c in cover(full & ~care, full & ~care, n)]
    lines += [f".p {len(cubes)}"] + cubes + [".e"]
    return "\n".join(lines) + "\n"


def _cube_text(cube, n: int) -> str:
    chars = ["-"] * n
    for i, value in cube:
        chars[i] = str(value)
    return "".join(chars)
