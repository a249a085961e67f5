"""Users' files as text: strict UTF-8, a size limit, and errors that name the file and line.

Instance files, points files, results and benchmark reports are all read through
`read_text`, so every one refuses the same things the same way.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from minckt.errors import InputError

__all__ = ["read_text", "read_bytes", "decode_text"]


def read_bytes(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a user's file of at most `limit` bytes; an unreadable or oversized file is
    an InputError naming it."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise InputError(f"{path}: cannot read {what}: {err.strerror}") from None
    if len(data) > limit:
        raise InputError(f"{path}: larger than {limit >> 20} MiB; not a {what}")
    return data


def read_text(path: Path, limit: int, what: str) -> str:
    """The text of a user's file of at most `limit` bytes, decoded strictly; an unreadable,
    oversized or undecodable file is an InputError naming it (and the line of a bad byte)."""
    return decode_text(read_bytes(path, limit, what), str(path), what)


def decode_text(data: bytes, filename: str, what: str) -> str:
    """UTF-8 text of a file's bytes (a UTF-8 byte-order mark is dropped); anything else is an
    InputError naming the file and the line of the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        raise InputError(f"{filename}:1: {what} is UTF-16 or UTF-32 encoded (it starts with "
                         "a byte-order mark); save it as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(f"{filename}:{line}: NUL byte: a binary "
                         f"file or UTF-16 text, not a UTF-8 {what}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise InputError(f"{filename}:{line}: byte 0x{data[err.start]:02X} at column {column} "
                         f"is not UTF-8; the {what} must be UTF-8 text") from None
