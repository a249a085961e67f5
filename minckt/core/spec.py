"""Boolean function specifications: truth tables, several outputs, care sets.

Conventions (docs/guide/semantics.md, the convention of ABC, cirbo and Knuth):

* n inputs x1..xn; row r (0 <= r < 2^n) sets x_i = bit (i-1) of r, so x1 is the least
  significant bit of the row index.
* A truth table is the integer whose bit r is f(row r), written in hex most significant
  digit first: AND2 = 0x8, OR2 = 0xE, XOR2 = 0x6, MAJ3 = 0xE8.
* A spec has m >= 1 outputs and an optional care set (an integer mask over rows); rows
  outside it are don't-cares.  A partial function is a spec with a care set.

A `Spec` is immutable and hashable; `Spec.key()` is a content hash that a result store can
use.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Sequence

import numpy as np

from minckt.errors import InputError

__all__ = [
    "popcount",
    "MAX_INPUTS",
    "MAX_OUTPUTS",
    "Spec",
    "parse_table",
    "format_table",
    "input_matrix",
    "bits_to_int",
    "int_to_bits",
]

#: Largest n a Spec accepts: 2^20 rows still evaluate in memory in well under a second.
MAX_INPUTS = 20

#: Largest number of outputs m a Spec accepts (each output is a 2^n-bit table, and every
#: encoding builds an output constraint per output and row).
MAX_OUTPUTS = 1024


#: Ones in each byte value (`popcount`).
_BYTE_ONES = np.array([bin(v).count("1") for v in range(256)], dtype=np.int64)


def popcount(values: np.ndarray) -> np.ndarray:
    """The number of ones of each non-negative integer of `values` (below 2^63): numpy's
    bitwise_count (numpy 2), else a byte lookup."""
    values = np.asarray(values, dtype=np.int64)
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(values).astype(np.int64)
    as_bytes = np.ascontiguousarray(values).view(np.uint8)
    return _BYTE_ONES[as_bytes].reshape(*np.shape(values), 8).sum(axis=-1)


def int_to_bits(value: int, length: int) -> np.ndarray:
    """Bits 0..length-1 of a non-negative integer as a read-only bool array (bit r at index r)."""
    nbytes = (length + 7) // 8
    raw = np.frombuffer(value.to_bytes(nbytes, "little"), dtype=np.uint8)
    bits = np.unpackbits(raw, bitorder="little")[:length].astype(bool)
    bits.setflags(write=False)
    return bits


def bits_to_int(bits: np.ndarray | Sequence[bool]) -> int:
    """The integer whose bit r is bits[r]."""
    packed = np.packbits(np.asarray(bits, dtype=bool), bitorder="little")
    return int.from_bytes(packed.tobytes(), "little")


def input_matrix(n: int) -> np.ndarray:
    """The n x 2^n 0/1 matrix X with X[i, r] = x_{i+1} on row r (bit i of r)."""
    _check_n(n)
    rows = np.arange(1 << n, dtype=np.int64)
    matrix = ((rows[None, :] >> np.arange(n, dtype=np.int64)[:, None]) & 1).astype(np.int8)
    matrix.setflags(write=False)
    return matrix


def parse_table(text: str | int, n: int, what: str = "truth table") -> int:
    """Parse a truth table of 2^n rows: "0x.." hex (MSB first), "0b.." binary, or an int.

    Hex must have exactly ceil(2^n / 4) digits and binary exactly 2^n digits, so a table of
    the wrong length is an error rather than silently padded.  (For n < 2 a hex table has one
    digit whose unused high bits must be 0.)
    """
    _check_n(n)
    rows = 1 << n
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise InputError(f"{what}: expected a string like '0xE8' or '0b1000', got "
                         f"{_short_repr(text)}")
    if isinstance(text, int):
        value = text
    else:
        raw = text.strip().replace("_", "")
        lower = raw.lower()
        if lower.startswith("0x"):
            digits = lower[2:]
            expected = max(1, rows // 4)
            if len(digits) != expected:
                raise InputError(
                    f"{what} {_short_repr(text)}: a hex table for n={n} has {expected} digit(s) "
                    f"(2^{n} = {rows} rows), got {len(digits)}"
                )
            if not re.fullmatch(r"[0-9a-f]+", digits):
                raise InputError(f"{what} {_short_repr(text)}: not a hexadecimal number "
                                 "(digits 0-9, A-F)")
            value = int(digits, 16)
        elif lower.startswith("0b"):
            digits = lower[2:]
            if len(digits) != rows:
                raise InputError(
                    f"{what} {_short_repr(text)}: a binary table for n={n} has {rows} digits, "
                    f"got {len(digits)}"
                )
            if set(digits) - {"0", "1"}:
                raise InputError(f"{what} {_short_repr(text)}: binary digits must be 0 or 1")
            value = int(digits, 2)
        else:
            raise InputError(
                f"{what} {_short_repr(text)}: expected a '0x' hex or '0b' binary table (MSB first)"
            )
    if value < 0 or value >> rows:
        raise InputError(f"{what} {_short_repr(text)}: value does not fit in 2^{n} = {rows} rows")
    return value


def format_table(value: int, n: int) -> str:
    """Hex form of a truth table of 2^n rows, MSB first, zero-padded ("0xE8")."""
    digits = max(1, (1 << n) // 4)
    return f"0x{value:0{digits}X}"


def _short_repr(value: object, limit: int = 80) -> str:
    """repr(value), cut to `limit` characters (a hostile value can be megabytes long)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _check_n(n: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0 or n > MAX_INPUTS:
        raise InputError(f"n = {n!r}: expected an integer number of inputs in 0..{MAX_INPUTS}")


@dataclass(frozen=True)
class Spec:
    """A Boolean function of n inputs with m >= 1 outputs and an optional care set.

    `outputs[k]` is the truth table of output k (bit r = value on row r); `care` is the mask
    of rows that matter (None: every row).  Bits of an output outside the care set are
    normalised to 0 so that equal partial functions compare equal.
    """

    n: int
    outputs: tuple[int, ...]
    care: int | None = None
    name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise InputError(f"spec name {self.name!r}: expected a string")
        _check_n(self.n)
        if not isinstance(self.outputs, tuple) or not self.outputs:
            raise InputError(f"spec {self.name!r}: expected a non-empty tuple of output tables, "
                             f"got {_short_repr(self.outputs)}")
        if len(self.outputs) > MAX_OUTPUTS:
            raise InputError(f"spec {self.name!r}: {len(self.outputs)} outputs; at most "
                             f"{MAX_OUTPUTS} are accepted")
        full = (1 << self.num_rows) - 1
        for k, table in enumerate(self.outputs):
            if isinstance(table, bool) or not isinstance(table, int) or table < 0 or table > full:
                raise InputError(
                    f"spec {self.name!r}: output {k} table {table!r} is not an integer in "
                    f"0..2^{self.num_rows}-1"
                )
        if self.care is not None:
            if isinstance(self.care, bool) or not isinstance(self.care, int) or self.care < 0 \
                    or self.care > full:
                raise InputError(
                    f"spec {self.name!r}: care set {self.care!r} is not a row mask in "
                    f"0..2^{self.num_rows}-1"
                )
            if self.care == full:
                object.__setattr__(self, "care", None)
            else:
                masked = tuple(t & self.care for t in self.outputs)
                object.__setattr__(self, "outputs", masked)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_table(
        cls,
        tables: str | int | Sequence[str | int],
        n: int,
        care: str | int | None = None,
        name: str = "",
    ) -> "Spec":
        """Build from one truth table or a list (one per output), hex/binary/int."""
        if isinstance(tables, (str, int)):
            tables = [tables]
        elif not isinstance(tables, (list, tuple)):
            # bytes, sets, dicts and iterators are sequences or iterables too, but reading
            # b"0xE8" as four integer tables is never what was meant
            raise InputError(f"truth table {_short_repr(tables)}: expected a string like "
                             "'0xE8', an integer, or a list of them (one per output)")
        if not tables:
            raise InputError("truth table []: expected at least one output table")
        if len(tables) > MAX_OUTPUTS:
            raise InputError(f"{len(tables)} truth tables: at most {MAX_OUTPUTS} outputs are "
                             "accepted")
        parsed = tuple(
            parse_table(t, n, what=f"truth table {k}" if len(tables) > 1 else "truth table")
            for k, t in enumerate(tables)
        )
        care_mask = None if care is None else parse_table(care, n, what="care set")
        return cls(n=n, outputs=parsed, care=care_mask, name=name)

    @classmethod
    def from_callable(
        cls,
        function: Callable[..., object],
        n: int,
        outputs: int = 1,
        name: str = "",
    ) -> "Spec":
        """Build from a Python function of n 0/1 arguments x1..xn.

        For outputs == 1 it returns a truth value, for outputs > 1 a sequence of them; it may
        return None (or a None entry) for a don't-care row.
        """
        _check_n(n)
        if not callable(function):
            raise InputError(f"from_callable: {_short_repr(function)} is not callable")
        if isinstance(outputs, bool) or not isinstance(outputs, int) \
                or not 1 <= outputs <= MAX_OUTPUTS:
            raise InputError(f"from_callable: outputs = {_short_repr(outputs)}: expected an "
                             f"integer in 1..{MAX_OUTPUTS}")
        tables = [0] * outputs
        care = 0
        for row in range(1 << n):
            args = [(row >> i) & 1 for i in range(n)]
            value = function(*args)
            if outputs == 1:
                values = [value]
            elif isinstance(value, (list, tuple)):
                values = list(value)
            else:
                raise InputError(f"callable returned {_short_repr(value)} on row {row}; "
                                 f"expected a list or tuple of {outputs} values")
            if len(values) != outputs:
                raise InputError(
                    f"callable returned {len(values)} values on row {row}, expected {outputs}"
                )
            if any(v is None for v in values):
                if not all(v is None for v in values):
                    raise InputError(
                        f"callable: row {row} mixes don't-care and defined outputs; a care "
                        "set is shared by all outputs"
                    )
                continue
            care |= 1 << row
            for k, v in enumerate(values):
                if v:
                    tables[k] |= 1 << row
        full = (1 << (1 << n)) - 1
        return cls(n=n, outputs=tuple(tables), care=None if care == full else care, name=name)

    # -- views ----------------------------------------------------------------------------
    @property
    def num_rows(self) -> int:
        """2^n."""
        return 1 << self.n

    @property
    def num_outputs(self) -> int:
        """m, the number of outputs."""
        return len(self.outputs)

    @property
    def is_total(self) -> bool:
        """True when every row is a care row."""
        return self.care is None

    @cached_property
    def care_mask(self) -> np.ndarray:
        """Bool array of length 2^n: True on care rows."""
        if self.care is None:
            mask = np.ones(self.num_rows, dtype=bool)
            mask.setflags(write=False)
            return mask
        return int_to_bits(self.care, self.num_rows)

    @cached_property
    def care_rows(self) -> np.ndarray:
        """Indices of the care rows, ascending."""
        rows = np.flatnonzero(self.care_mask)
        rows.setflags(write=False)
        return rows

    @cached_property
    def values(self) -> np.ndarray:
        """m x 2^n bool array: values[k, r] = output k on row r (False on don't-care rows)."""
        matrix = np.stack([int_to_bits(t, self.num_rows) for t in self.outputs])
        matrix.setflags(write=False)
        return matrix

    def value(self, row: int, output: int = 0) -> bool | None:
        """Output `output` on `row`, or None on a don't-care row."""
        if self.care is not None and not (self.care >> row) & 1:
            return None
        return bool((self.outputs[output] >> row) & 1)

    def hex(self) -> list[str]:
        """The output tables in hex (MSB first)."""
        return [format_table(t, self.n) for t in self.outputs]

    def to_json(self) -> dict:
        """A JSON-ready description (tables in hex)."""
        data: dict = {"n": self.n, "outputs": self.hex()}
        if self.care is not None:
            data["care"] = format_table(self.care, self.n)
        if self.name:
            data["name"] = self.name
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Spec":
        """Inverse of `to_json`."""
        if not isinstance(data, dict):
            raise InputError(f"spec JSON: expected an object with n and outputs, got "
                             f"{_short_repr(data)}")
        missing = [k for k in ("n", "outputs") if k not in data]
        if missing:
            raise InputError(f"spec JSON: missing key(s) {', '.join(missing)} in {data!r}")
        return cls.from_table(data["outputs"], data["n"], care=data.get("care"),
                              name=data.get("name", ""))

    def key(self) -> str:
        """Content hash (hex sha256) of n, tables and care set; the name is not part of it."""
        # the care mask in hex: its decimal form passes Python's 4,300-digit limit at n = 14
        care = "None" if self.care is None else f"{self.care:#x}"
        text = f"n={self.n};out={','.join(self.hex())};care={care}"
        return hashlib.sha256(text.encode()).hexdigest()

    def __str__(self) -> str:
        label = f"{self.name}: " if self.name else ""
        care = "" if self.care is None else f", care={format_table(self.care, self.n)}"
        return f"{label}n={self.n}, outputs={self.hex()}{care}"
