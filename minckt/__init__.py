"""minckt: an exact search engine for minimal threshold circuits.

Given a Boolean function (a `Spec`), minckt decides whether a circuit with bounded size,
depth, energy and weight computes it, and finds the optimum of one resource or the Pareto
frontier of several, with every circuit re-verified and every optimum backed by an UNSAT
proof of the next step.
"""

__version__ = "0.1.0"

from .circuit import Circuit, Gate, Metrics  # noqa: E402
from .errors import InputError, InternalError, MincktError, VerificationError  # noqa: E402
from .families import family  # noqa: E402
from .problem import GateModel, Limits, SearchParams  # noqa: E402
from .result import Frontier, Result, Status  # noqa: E402
from .search import decide, frontier, minimize  # noqa: E402
from .spec import Spec  # noqa: E402
from .verify import verify  # noqa: E402

__all__ = [
    "Circuit", "Gate", "Metrics", "MincktError", "InputError", "InternalError",
    "VerificationError", "family", "GateModel", "Limits", "SearchParams", "Frontier",
    "Result", "Status", "decide", "frontier", "minimize", "Spec", "verify", "__version__",
]
