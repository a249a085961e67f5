"""Which backend answers a question: the "auto" policy, measured, and refusals.

`resolve_backend` turns "auto" into a registered backend by the question's gate model,
inputs, care rows, limits and searched axes; `refusal` says why a backend cannot answer a
question (before anything is solved).
"""

from __future__ import annotations

from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.encode.lazy import refuses as lazy_refuses
from minckt.encode.registry import get_backend

__all__ = ["resolve_backend", "refusal", "AUTO_CPSAT_MAX_INPUTS", "AUTO_LIBRARY_MAX_FANIN",
           "AUTO_LAZY_MAX_INPUTS", "AUTO_CPSAT_MAX_POINTS", "AUTO_CPSAT_MIN_POINT_INPUTS"]


#: "auto" uses CP-SAT up to this many inputs: there the CNF backend's Python encoding and
#: solver process cost more than the search itself (docs/benchmarks/performance.md).
AUTO_CPSAT_MAX_INPUTS = 4

#: "auto" uses the threshold-function library (`encode.library`, "tlib") for threshold
#: questions with a fan-in limit of at most this, and with a limit of 4 on at most
#: AUTO_CPSAT_MAX_INPUTS inputs (resolve_backend says what was measured).
AUTO_LIBRARY_MAX_FANIN = 3

#: "auto" uses the lazy separability backend up to this many inputs (the range measured).
AUTO_LAZY_MAX_INPUTS = 8

#: "auto" uses CP-SAT for partial functions of at most this many care rows (data sets) in
#: at least this many inputs.
AUTO_CPSAT_MAX_POINTS = 128
AUTO_CPSAT_MIN_POINT_INPUTS = 10


def resolve_backend(name: str, model: GateModel, spec: Spec | None = None,
                    limits: Limits | None = None, axes=()) -> str:
    """The registered backend that "auto" stands for (or `name` itself, validated).

    Measured on the benchmark suite (docs/benchmarks/performance.md): the CNF backend with its
    symmetry breaks and two-phase weights decides UNSAT steps several times faster than CP-SAT,
    while on functions of at most AUTO_CPSAT_MAX_INPUTS inputs CP-SAT answers in a few
    milliseconds, less than the CNF encoding takes to build.  Data sets (at most
    AUTO_CPSAT_MAX_POINTS care rows) in at least AUTO_CPSAT_MIN_POINT_INPUTS inputs go to
    CP-SAT too: the least size of random labels on 32 points took 0.19 s against 11.3 s at
    n = 12, and 0.46 s against > 60 s at n = 16; at n = 8 CNF proved more on 64 points
    (docs/studies/memorization.md).  Threshold networks of a given shape (`Limits.layers`,
    outputs_read) go to CNF at every size: its implied clauses decided parity 4 in one
    hidden layer in 0.2 s, where CP-SAT had not in 60 s, and the pairwise ANDs of 4 inputs
    in 3 s against 26 s (one hidden layer) and 24 s against 45 s (free depth).  ReLU and
    sigmoid gates go to CNF too: on the least size of PARITY 3 and 5, MAJ 5, IP, EQ, CD,
    GT 4 and MOD3 5 with ReLU R = 2, 3 and sigmoid R = 2 (24 questions, 15 s each) CNF was
    never slower than 0.1 s behind and proved PARITY 5 (ReLU R = 2: 3 gates in 0.6 s; R = 3
    in 11 s) where CP-SAT ended FEASIBLE at 17 gates.  Threshold questions with a fan-in
    limit (free DAG, no guards) go to the threshold-function library ("tlib") when the limit
    is at most AUTO_LIBRARY_MAX_FANIN, or 4 on at most AUTO_CPSAT_MAX_INPUTS inputs: on the
    least size of PARITY (one run each, 120 s limit, a shared 2-core machine) it took
    0.87 s against 29.6 s (CP-SAT) for 4 inputs, fan-in 3; 3.9 s against 17.2 s for 4
    inputs, fan-in 4; 3.5 s against 20.4 s (CNF) for 5 inputs, fan-in 3; but 3.9 s against
    CNF's 1.04 s for 5 inputs, fan-in 4, which stays with CNF.  Threshold questions of 5
    inputs or more with unbounded weights (no weight limit, weight not minimised; `axes`
    are the resources the search bounds), no fan-in limit, no guards and no shape go to the
    lazy separability backend ("lazy"): on the benchmark suite's 28 such questions (one run,
    60 s each, `minckt bench instances/bench/threshold.toml instances/bench/unbounded.toml
    --configs cnf,lazy`) it decided IP 6, IP 8 with 3 gates and CD 8 with 3 gates at depth
    2, which CNF left open, and was faster on all others but parity 7 and 8 (0.39 / 7.8 s
    against 0.19 / 0.89 s), which its race against the tied CNF probe wins back.
    """
    if name == "auto":
        if model.is_basis:
            return "chain"
        data_set = spec is not None and not spec.is_total \
            and spec.n >= AUTO_CPSAT_MIN_POINT_INPUTS \
            and len(spec.care_rows) <= AUTO_CPSAT_MAX_POINTS
        if data_set:
            return "cpsat"
        if model.kind != "threshold" or limits is not None and limits.shaped:
            return "cnf"
        if limits is not None and limits.fanin is not None and not limits.conditional and (
                limits.fanin <= AUTO_LIBRARY_MAX_FANIN
                or limits.fanin == 4 and spec is not None and spec.n <= AUTO_CPSAT_MAX_INPUTS):
            return "tlib"
        if spec is not None and spec.n <= AUTO_CPSAT_MAX_INPUTS:
            return "cpsat"
        asked = Limits() if limits is None else limits
        if spec is not None and spec.n <= AUTO_LAZY_MAX_INPUTS and asked.fanin is None \
                and "fanin" not in axes and lazy_refuses(model, asked, axes) is None:
            return "lazy"
        return "cnf"
    get_backend(name)  # raises a clear error for an unknown name
    return name


def refusal(name: str, model: GateModel, spec: Spec, limits: Limits, axes=()
            ) -> tuple[str, str | None]:
    """(the backend `name` resolves to, why it cannot answer this question or None)."""
    resolved = resolve_backend(name, model, spec, limits, axes)
    return resolved, get_backend(resolved).refuses(model, limits, axes)
