"""The exception hierarchy: one root, user errors apart from internal errors.

`MincktError` is the root.  `InputError` means the user gave something wrong (a bad truth
table, an unknown family, a malformed instance file); the CLI prints its message without a
traceback.  `InternalError` means minckt itself is wrong (a backend returned a circuit that
does not compute the spec); it must never be silenced.
"""

from __future__ import annotations

__all__ = ["MincktError", "InputError", "InternalError", "VerificationError"]


class MincktError(Exception):
    """Root of every error minckt raises on purpose."""


class InputError(MincktError, ValueError):
    """A user-supplied value is invalid; the message names the value and what was expected."""


class InternalError(MincktError, RuntimeError):
    """minckt broke its own contract (a bug in an encoding, a backend, or a bound)."""


class VerificationError(InternalError):
    """A circuit returned by a backend fails the independent re-check."""
