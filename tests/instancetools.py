"""Helpers for tests of instance files."""

from __future__ import annotations

import pytest

from minckt.errors import InputError
from minckt.io.instances import parse_instances


def parse_error(text: str, filename: str) -> str:
    """The message of the InputError that parsing `text` as `filename` raises: one line."""
    with pytest.raises(InputError) as info:
        parse_instances(text, filename)
    message = str(info.value)
    assert "\n" not in message
    return message
