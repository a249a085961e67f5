"""Reading a circuit or function file: its text, its numbered lines, and errors that name the
file, the line, the bad value and what was expected."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from minckt.core.textfiles import read_bytes, read_text
from minckt.errors import InputError

__all__ = ["MAX_FORMAT_BYTES", "read_format_text", "read_format_bytes", "numbered", "located",
           "shown"]

#: Largest circuit or function file read (a table of n = 20 inputs as a PLA of minterms is
#: about 25 MiB).
MAX_FORMAT_BYTES = 256 << 20


def read_format_text(path: str | Path, what: str) -> str:
    """The UTF-8 text of a file in a format (`what`, e.g. "BLIF file")."""
    return read_text(Path(path), MAX_FORMAT_BYTES, what)


def read_format_bytes(path: str | Path, what: str) -> bytes:
    """The bytes of a file in a binary format."""
    return read_bytes(Path(path), MAX_FORMAT_BYTES, what)


def numbered(text: str, comment: str = "#") -> Iterator[tuple[int, str]]:
    """(line number, content) of every line with content: the comment cut off, blanks
    stripped."""
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split(comment, 1)[0].strip() if comment else line.strip()
        if content:
            yield number, content


def shown(value: object, limit: int = 60) -> str:
    """repr(value), cut to `limit` characters (a bad line can be megabytes long)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def located(source: str, line: int | None, message: str) -> InputError:
    """The error "source:line: message" (without a line: "source: message")."""
    where = f"{source}:{line}" if line else source
    return InputError(f"{where}: {message}")
