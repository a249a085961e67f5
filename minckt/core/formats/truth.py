"""Plain truth-table files: one function per line, as ABC's ``read_truth -f`` and its exact
synthesis commands read tables.

A line holds one hex truth table, most significant digit first (the leftmost digit holds the
highest rows), with or without ``0x``: ``E8`` is MAJ3 (docs/guide/semantics.md#rows-and-truth-tables).
Several tables on one line, separated by blanks, are the outputs of one function.  ``#``
starts a comment; blank lines are skipped.  The number of inputs comes from the length:
d digits are 4d rows, so n = log2(4d) (d a power of two); one digit is read as n = 2 unless
`n` is given, and a given `n` fixes the length (``parse_table``).  ``0b`` tables (2^n binary
digits) are read too, except that a token which is also a hex table of the length expected
(``0B00`` is 4 hex digits, as the writer writes 0x0B00) is hex.  The writer writes each spec
on a line, tables without ``0x`` (ABC
reads a prefix as a digit), and refuses don't-cares, which the format cannot hold.
"""

from __future__ import annotations

from pathlib import Path

from minckt.core.formats.lines import located, numbered, read_format_text, shown
from minckt.core.spec import MAX_INPUTS, Spec, parse_table
from minckt.errors import InputError

__all__ = ["parse_truth_tables", "read_truth_tables", "write_truth_tables"]


def _hex_inputs(digits: int) -> int | None:
    """n of a hex table of `digits` digits (one digit: 2 inputs; None for no power of two)."""
    if digits == 1:
        return 2
    return (4 * digits).bit_length() - 1 if digits and digits & (digits - 1) == 0 else None


def _binary(token: str, n: int | None) -> bool:
    """Whether `token` is a ``0b`` table: 0/1 digits after the prefix (2^n of them when n is
    given), and not also a hex table of the length expected (its prefix and bits are hex
    digits too)."""
    lower = token.lower().replace("_", "")
    bits = lower[2:]
    if not lower.startswith("0b") or not bits or set(bits) - {"0", "1"}:
        return False
    if n is not None:
        return len(bits) == 1 << n and len(lower) != max(1, (1 << n) // 4)
    return _hex_inputs(len(lower)) is None


def _inputs(token: str) -> int | None:
    """n from a table's length (None when the length is no power of two)."""
    lower = token.lower().replace("_", "")
    if _binary(token, None):
        rows = len(lower) - 2
        return rows.bit_length() - 1 if rows & (rows - 1) == 0 else None
    return _hex_inputs(len(lower.removeprefix("0x")))


def _table(token: str, n: int | None, number: int, source: str) -> tuple[int, int]:
    """(n, table) of one token."""
    width = _inputs(token) if n is None else n
    if width is None or width > MAX_INPUTS:
        raise located(source, number, f"truth table {shown(token)}: expected hex digits "
                      f"numbering a power of two (4 digits = 4 inputs), at most "
                      f"{max(1, (1 << MAX_INPUTS) // 4)} digits")
    prefixed = token.lower().startswith("0x") or _binary(token, width)
    text = token if prefixed else f"0x{token}"
    try:
        return width, parse_table(text, width)
    except InputError as err:
        raise located(source, number, f"{err}") from None


def parse_truth_tables(text: str, source: str = "<truth tables>", n: int | None = None
                       ) -> list[Spec]:
    """One spec per line of the text (module docstring)."""
    specs = []
    for number, line in numbered(text):
        parsed = [_table(token, n, number, source) for token in line.split()]
        sizes = {width for width, _ in parsed}
        if len(sizes) > 1:
            raise located(source, number, f"tables of {sorted(sizes)} inputs on one line; "
                          "expected the outputs of one function (one length)")
        specs.append(Spec(sizes.pop(), tuple(table for _, table in parsed)))
    return specs


def read_truth_tables(path: str | Path, n: int | None = None) -> list[Spec]:
    """One spec per line of a truth-table file (module docstring)."""
    return parse_truth_tables(read_format_text(path, "truth-table file"), str(path), n)


def write_truth_tables(specs) -> str:
    """Each spec as a line of hex tables, most significant digit first, without ``0x``."""
    lines = []
    for spec in specs:
        if not spec.is_total:
            raise InputError(f"spec {spec.name or str(spec)!r} has don't-care rows; a truth-table "
                             "file holds total functions only (write a PLA)")
        lines.append(" ".join(t[2:] for t in spec.hex()))
    return "\n".join(lines) + "\n" if lines else ""
