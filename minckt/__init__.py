"""minckt: an exact search engine for minimal threshold circuits.

Given a Boolean function (a `Spec`), minckt decides whether a circuit with bounded size,
depth, energy and weight computes it, and finds the optimum of one resource or the Pareto
frontier of several, with every circuit re-verified and every optimum backed by an UNSAT
proof of the next step.
"""


import sys as _sys
from importlib import import_module as _import_module
from types import ModuleType as _ModuleType

#: Public names and the modules that define them, imported on first use: `minckt --version`
#: and usage errors then answer without loading OR-Tools, python-sat or networkx.
_LAZY = {
    "Circuit": "core.circuit", "Gate": "core.circuit", "Metrics": "core.circuit",
    "MincktError": "errors", "InputError": "errors", "InternalError": "errors",
    "VerificationError": "errors", "family": "core.families", "GateModel": "core.problem",
    "Limits": "core.problem", "SearchParams": "core.problem", "Frontier": "solve.result",
    "Result": "solve.result", "Status": "core.status", "decide": "io.stored",
    "frontier": "io.stored", "minimize": "io.stored", "Spec": "core.spec",
    "verify": "verify.check", "memorize": "core.data", "read_points": "core.data",
    "random_points": "core.data", "run_sweep": "run.sweepfile", "Points": "core.points",
    "random_point_set": "core.data", "lookup": "solve.atlas",
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
        if name in _LAZY and isinstance(value, _ModuleType) \
                and _LAZY[name].split(".")[0] == name:
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package

from minckt.version import __version__  # noqa: E402  (after the lazy table: no solver imported)
