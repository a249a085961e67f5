"""minckt: an exact search engine for minimal threshold circuits.

Given a Boolean function (a `Spec`), minckt decides whether a circuit with bounded size,
depth, energy and weight computes it, and finds the optimum of one resource or the Pareto
frontier of several, with every circuit re-verified and every optimum backed by an UNSAT
proof of the next step.
"""

__version__ = "0.1.0"

import sys as _sys
from importlib import import_module as _import_module
from types import ModuleType as _ModuleType

#: Public names and the modules that define them, imported on first use: `minckt --version`
#: and usage errors then answer without loading OR-Tools, python-sat or networkx.
_LAZY = {
    "Circuit": "circuit", "Gate": "circuit", "Metrics": "circuit",
    "MincktError": "errors", "InputError": "errors", "InternalError": "errors",
    "VerificationError": "errors", "family": "families", "GateModel": "problem",
    "Limits": "problem", "SearchParams": "problem", "Frontier": "result",
    "Result": "result", "Status": "result", "decide": "search", "frontier": "search",
    "minimize": "search", "Spec": "spec", "verify": "verify", "memorize": "data",
    "read_points": "data", "random_points": "data", "run_sweep": "sweepfile",
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(_import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'minckt' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(_ModuleType):
    """Importing a submodule sets it as an attribute of its package; `minckt.verify` names
    both a submodule and the function exported here, and the function must win (the
    submodule stays importable as ``minckt.verify`` through sys.modules)."""

    def __setattr__(self, name: str, value) -> None:
        if name in _LAZY and isinstance(value, _ModuleType) and _LAZY[name] == name:
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
