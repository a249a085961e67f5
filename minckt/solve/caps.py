"""The default size cap, and the answer to the question the user asked when a search ran
under it.

A question with no size limit is searched within a default number of gate slots
(`size_cap`); a proof found within the cap is no proof for the question asked, so such
answers are restated (`restate`): FEASIBLE or UNKNOWN, unless a proven bound for the user's
own limits closes the gap.
"""

from __future__ import annotations

from dataclasses import replace

from minckt import bounds
from minckt.core.problem import Limits, SearchParams
from minckt.core.spec import Spec
from minckt.core.status import Status
from minckt.solve.result import Result

__all__ = ["size_cap", "caps", "cap_matters", "restate", "slots_for", "objective_size",
           "CLAMPED", "CAPPED"]


def size_cap(spec: Spec, limits: Limits, params: SearchParams, objective: str | None = None
             ) -> tuple[int, str | None]:
    """(gate slots to search, a note when the cap is a default rather than a user limit).

    When size is the objective the walk climbs from the lower bound and the cap only ends
    it: then the cap is at least 2^n + m, the size of a depth-2 DNF circuit (one gate per
    care row where some output is 1, one OR gate per output), which computes any spec when
    nothing but size is limited.
    """
    if limits.layers is not None:  # the layers' widths bound the size
        return min(sum(limits.layers), limits.size or sum(limits.layers)), None
    if limits.size is not None:
        return limits.size, None
    cap = params.default_size or max(2, 2 * spec.n)
    if not params.default_size and (objective == "hidden" or limits.outputs_read == "hidden"):
        # outputs read hidden gates: room for every output gate beside 2n hidden ones
        cap = max(cap, 2 * spec.n + spec.num_outputs)
    if objective == "size":
        cap = max(cap, spec.num_rows + spec.num_outputs)
    return cap, f"size <= {cap}: default cap (no size limit was given; set size to change it)"


def caps(spec: Spec, limits: Limits, params: SearchParams, objective: str | None
          ) -> tuple[Limits, tuple[str, ...]]:
    """The limits with the default size cap, and its note.  Weights need no default cap:
    every gate model has a range that provably suffices (`minckt.core.ranges`)."""
    cap, size_note = size_cap(spec, limits, params, objective)
    return limits.with_("size", cap), (size_note,) if size_note else ()


def cap_matters(user: Limits, objective: str | None, status: Status) -> bool:
    """Whether an answer found under the default size cap may rest on it.  Minimising size
    climbs from below, every step asking exactly "size <= k": only running out of slots
    (INFEASIBLE, UNKNOWN) rests on the cap."""
    if user.size is not None or user.layers is not None:
        return False
    return objective != "size" or status in (Status.INFEASIBLE, Status.UNKNOWN)


CLAMPED = ("no circuit within weights |w| <= 2^31 - 1, the most minckt encodes, where the "
            "proven range is larger (many slots or high resolution): that proves nothing, so "
            "it reads UNKNOWN (give a weight limit to ask the bounded question)")


CAPPED = ("the solver's proof that nothing better exists holds within the default size "
           "cap only, not for the question asked (no size limit), so the answer is ")


def restate(result: Result, user: Limits) -> Result:
    """The answer to the question the user asked, when the search ran under a default cap
    that may matter (`cap_matters`): a proof within the cap is no proof without it.

    OPTIMAL stays OPTIMAL only when a proven bound for the user's own limits reaches the
    value; otherwise it is FEASIBLE with that bound beside it.  UNSAT and INFEASIBLE become
    UNKNOWN.  The notes say why."""
    status = result.status
    if not cap_matters(user, result.objective, status):
        return result
    if status in (Status.UNSAT, Status.INFEASIBLE):
        return replace(result, status=Status.UNKNOWN, lower_bound=None,
                       lower_bound_source=None,
                       notes=result.notes + (CAPPED + "UNKNOWN",))
    objective, value = result.objective, result.value
    if status not in (Status.OPTIMAL, Status.FEASIBLE) or objective is None or value is None:
        return result  # (an optimisation's answer always has both)
    if status is Status.OPTIMAL and not user.conditional \
            and (result.lower_bound_source or "").startswith("solver:"):
        # v - 1 was refuted on slots_for(v - 1) slots: when they hold every circuit with that
        # much of the objective (hidden, evaluated, ops without guards), the proof does not
        # rest on the cap
        needed = objective_size(result.spec, objective, value - 1, result.limits)
        if needed is not None and needed <= result.limits.require("size"):
            return result
    bound = bounds.strongest(result.spec, objective, result.model, user)
    if status is Status.OPTIMAL and bound.value >= value:
        return replace(result, lower_bound=bound.value,
                       lower_bound_source=f"bound: {bound.method}", bound=bound)
    note = (CAPPED + "FEASIBLE") if status is Status.OPTIMAL else \
        "the lower bound is the proven bound for the question asked (no size limit)"
    return replace(result, status=Status.FEASIBLE, lower_bound=bound.value,
                   lower_bound_source=f"bound: {bound.method}", bound=bound,
                   notes=result.notes + (note,))


def slots_for(spec: Spec, objective: str, value: int, limits: Limits) -> int:
    """Gate slots that hold every circuit within `limits` with `objective` <= value: the
    size a circuit with that much of the objective can need (`objective_size`), within the
    size cap."""
    cap = limits.require("size")
    needed = objective_size(spec, objective, value, limits)
    return cap if needed is None else max(1, min(cap, needed))


def objective_size(spec: Spec, objective: str, value: int, limits: Limits) -> int | None:
    """The most gates a circuit within `limits` with `objective` <= value can need, whatever
    the size, or None when the objective bounds no size.

    Without guards every gate is evaluated on every row, so evaluated = size; a network has
    at most one gate per output beside its hidden ones; and a circuit of a spec none of
    whose outputs is constant on its care set prunes (`Circuit.pruned`: constant gates fold
    into their readers, dead ones go, no resource grows) to one whose every gate has a wire
    (so every output must be non-constant: a constant output is a gate without one), so
    ops = size + wires >= 2 size.  A proof within that many slots is a proof for any size.
    """
    if limits.conditional or not spec.care_mask.any():
        return None
    if objective == "hidden":
        return value + spec.num_outputs
    if objective == "evaluated":
        return value
    care = spec.values[:, spec.care_mask]
    if objective == "ops" and (care.any(axis=1) & ~care.all(axis=1)).all():
        return value // 2
    return None
