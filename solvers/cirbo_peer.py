"""cirbo (PyPI `cirbo`) as a peer: SAT-based exact synthesis of minimal Boolean circuits.

cirbo's `CircuitFinderSat(TruthTable([...]), k, basis=...)` decides whether k gates of the
basis suffice; `minimal_size` asks k = 1, 2, ... as cirbo's users do, so the answer is
optimal when k - 1 was UNSAT.  cirbo's truth-table string lists f at index j with input 0 the
*most* significant bit of j; minckt's x1 is the least significant, so the index is reversed.
cirbo's bases "AIG" and "XAIG" are minckt's `aig` and `xaig` (inverters free).
"""

from __future__ import annotations

import time

from minckt.errors import InputError
from minckt.core.spec import Spec

from .peer import PeerAnswer

NAME = "cirbo"
BASES = {"aig": "AIG", "xaig": "XAIG"}
INSTALL = "pip install cirbo"


def available() -> str | None:
    """None when cirbo can be imported, else why not."""
    try:
        import cirbo  # noqa: F401
        from cirbo.synthesis import CircuitFinderSat  # noqa: F401
    except ImportError as err:
        return f"cirbo is not installed ({err}); install it with: {INSTALL}"
    return None


def version() -> str:
    import cirbo

    return str(getattr(cirbo, "__version__", "unknown"))


def table_string(spec: Spec) -> str:
    """cirbo's truth-table string of a single-output total spec (input 0 = MSB of the index)."""
    n, table = spec.n, spec.outputs[0]

    def reverse(j: int) -> int:
        return sum(((j >> k) & 1) << (n - 1 - k) for k in range(n))

    return "".join(str((table >> reverse(j)) & 1) for j in range(1 << n))


def minimal_size(spec: Spec, basis: str, time_limit: float, max_size: int = 30) -> PeerAnswer:
    """Ask k = 1, 2, ... gates until cirbo finds a circuit; UNKNOWN when time runs out."""
    from cirbo.core import TruthTable
    from cirbo.synthesis import CircuitFinderSat
    from cirbo.synthesis.exception import NoSolutionError, SolverTimeOutError

    from .bench_format import parse_bench

    if basis not in BASES:
        raise InputError(f"cirbo: basis {basis!r} not offered; it has {', '.join(BASES)}")
    started = time.perf_counter()
    truth = TruthTable([table_string(spec)])
    lower = 0
    for k in range(1, max_size + 1):
        left = time_limit - (time.perf_counter() - started)
        if left < 1:
            break
        try:
            found = CircuitFinderSat(truth, k, basis=BASES[basis]).find_circuit(
                "cadical195", time_limit=max(1, int(left)))
        except NoSolutionError:
            lower = k + 1
            continue
        except SolverTimeOutError:
            break
        text = found.format_circuit()
        parsed = parse_bench(text, "cirbo output")
        return PeerAnswer(NAME, "OPTIMAL", k, time.perf_counter() - started,
                          parsed.circuit, text, lower_bound=k)
    return PeerAnswer(NAME, "UNKNOWN", None, time.perf_counter() - started, None, "",
                      lower_bound=lower or None)
