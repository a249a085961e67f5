"""The status of an answer: what a decision or an optimisation concluded.

A decision answers SAT (with a verified circuit), UNSAT, or UNKNOWN (time or memory ran out).
An optimisation answers OPTIMAL (value v found and v-1 proven impossible), FEASIBLE (best
found, with the proven lower bound beside it), INFEASIBLE, or UNKNOWN.  A status refuses to be
read as a truth value, so that a timeout can never pass for UNSAT in an ``if``.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Status"]


class Status(str, Enum):
    """Outcome of a decision or an optimisation."""

    SAT = "SAT"
    UNSAT = "UNSAT"
    UNKNOWN = "UNKNOWN"
    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"

    def __bool__(self) -> bool:  # a status must be compared, never used as a truth value
        raise TypeError(f"Status.{self.name} has no truth value; compare it with a Status")

    def __str__(self) -> str:
        return self.value
