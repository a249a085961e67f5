"""The backends by name: an explicit table, so that every backend is known in one place."""

from __future__ import annotations

from typing import Callable

from minckt.encode.task import Backend
from minckt.errors import InputError

__all__ = ["get_backend", "backend_names", "register"]

_REGISTRY: dict[str, Callable[[], Backend]] = {}


def _builtin() -> dict[str, Callable[[], Backend]]:
    # imported on first use: each backend pulls in its solver (OR-Tools, python-sat)
    from minckt.encode.chain import ChainBackend
    from minckt.encode.cnf import CnfBackend
    from minckt.encode.cpsat import CpSatBackend
    from minckt.encode.lazy import LazyBackend
    from minckt.encode.library import LibraryBackend

    return {"chain": ChainBackend, "cnf": CnfBackend, "cpsat": CpSatBackend,
            "lazy": LazyBackend, "tlib": LibraryBackend}


def register(name: str, factory: Callable[[], Backend]) -> None:
    """Add a backend under `name` (a plug-in; the built-in ones are listed in `_builtin`)."""
    _REGISTRY[name] = factory


def _table() -> dict[str, Callable[[], Backend]]:
    return {**_builtin(), **_REGISTRY}


def backend_names() -> list[str]:
    """Registered backend names (plus "auto", resolved by `minckt.encode.choose`)."""
    return sorted(_table()) + ["auto"]


def get_backend(name: str) -> Backend:
    """The backend registered as `name`; an unknown name is an error listing the valid ones."""
    table = _table()
    if name not in table:
        raise InputError(f"unknown backend {name!r}; expected one of {', '.join(backend_names())}")
    return table[name]()
