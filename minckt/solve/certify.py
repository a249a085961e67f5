"""Certificates of the UNSAT steps a search answer rests on (`minckt.verify.proof` checks each).

Each UNSAT step of a result is re-encoded from scratch as CNF (`minckt.encode.cnf` for
neural gates, `minckt.encode.chain` for Boolean bases, `minckt.encode.lazy`'s witness
clauses made again for a lazy step; a CP-SAT step is re-derived so), solved with a proof
and the proof checked by the independent checker; a bound that gave the lower bound is
named with its theorem.  The certificate states what the CNF covers: the encoding, the
symmetry breaks and implied clauses, and the step's bounds.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace

from minckt.core.status import Status
from minckt.encode.chain import ChainSession
from minckt.encode.choose import resolve_backend
from minckt.encode.cnf import CnfSession
from minckt.encode.incremental import AssumptionSession
from minckt.encode.lazy import LazySession
from minckt.encode.symmetry import SWITCHES
from minckt.encode.task import Task
from minckt.errors import InternalError, MincktError
from minckt.verify.proof import (
    CertStatus, StepCertificate, bound_certificate, certify_unsat, unsolved_certificate)

__all__ = ["certify_steps", "certify_result"]


def _stem_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "spec"


def _step_label(limits) -> str:
    return ", ".join(f"{axis} <= {value}" for axis, value in limits.to_json().items())


def _covers(session, task, limits) -> tuple[str, ...]:
    """What the CNF of a step contains, in words (the trust argument's first half)."""
    on = [name for name in SWITCHES if session.switches.get(name)]
    implied = [name for name in on if name in ("unate", "asummable")]
    breaks = [name for name in on if name not in implied]
    encoding = ", ".join(session.stats.get("encoding", [])) or "unary"
    encoding = "value vectors, no weight" if session.label == "lazy" else encoding
    covers = [f"encoding: {session.label} ({task.model.kind}"
              f"{'' if task.model.resolution == 1 else f' R={task.model.resolution}'} gates, "
              f"{task.size} slots, {len(session.rows)} care rows, {encoding} integers)",
              f"symmetry breaks: {', '.join(breaks) or 'none'}",
              f"implied clauses: {', '.join(implied) or 'none'}",
              f"bounds as unit clauses: {_step_label(limits) or 'none'}"]
    return tuple(covers)


def certify_steps(spec, model, params, steps, time_limit: float | None = None,
                  seen: dict | None = None) -> tuple[StepCertificate, ...]:
    """Certificates of every UNSAT step in `steps` (search `Step`s): each re-encoded from
    scratch as CNF (`encode.cnf` for neural gates, `encode.chain` for Boolean bases; a
    CP-SAT step is re-derived so), solved with a proof and checked (`certify_unsat`).

    A rejected proof is an internal error, never a quiet downgrade.  `seen` maps
    (size, limits) to certificates already made, so a frontier certifies a shared step once;
    `time_limit` bounds all of them together (the rest read "timeout").
    """
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    seen = {} if seen is None else seen
    found = []
    for step in steps:
        if step.status is not Status.UNSAT:
            continue
        key = (step.size, json.dumps(step.limits.to_json(), sort_keys=True))
        if key not in seen:
            seen[key] = _certify_step(spec, model, params, step, deadline)
        found.append(seen[key])
    for cert in found:
        if cert.status is CertStatus.FAILED:
            raise InternalError(f"certificate of {cert.step!r} failed: {cert.detail}")
    return tuple(found)


def _certify_step(spec, model, params, step, deadline) -> StepCertificate:
    label = _step_label(step.limits) + " UNSAT"
    if step.size < 1 or (step.limits.depth is not None and step.limits.depth < 1):
        return bound_certificate(label, "every output is a gate, of depth >= 1")
    same: tuple[str, ...] = ()
    if model.kind in ("relu", "sigmoid") and model.resolution == 1:
        # an R = 1 gate is a threshold gate (active iff w.u >= t + 1, or >= b_1) and its
        # readers see 0/1: the threshold question with the same limits is the same question
        same = (f"{model.kind} R=1 gates encoded as the threshold gates they are "
                "(minckt.core.ranges)",)
        model = replace(model, kind="threshold")
    task = Task(spec, step.size, model, step.limits,
                     frozenset(step.limits.bounded()) - {"size"}, params)

    lazy = not model.is_basis and resolve_backend(
        params.backend, model, spec, step.limits, frozenset(step.limits.bounded())) == "lazy"
    session_type: type[AssumptionSession]
    try:
        if model.is_basis:
            session_type = ChainSession
        elif lazy:
            session_type = LazySession
            task = replace(task, params=replace(params, sat_solver=_LAZY_SOLVER))
        else:
            session_type = CnfSession
        session = session_type(task)
    except MincktError as err:
        return unsolved_certificate(label, CertStatus.UNSUPPORTED,
                               f"no CNF encoding of this step: {err}")
    if lazy:  # the witness clauses are part of the formula: make them again
        answer = _lazy_rounds(session, step.limits, deadline)
        if answer is Status.SAT:
            raise InternalError(f"{label}: the lazy re-solve found a circuit")
        if answer is not Status.UNSAT:
            session.solver.delete()
            return unsolved_certificate(label, CertStatus.TIMEOUT,
                                   "time limit passed while making the witness clauses")
    clauses, assumptions = session.formula(step.limits)
    covers = same + _covers(session, task, step.limits)
    if isinstance(session, LazySession):  # (lazy)
        covers += (f"asummability witness clauses of the lazy backend: {len(session.witnesses)}"
                   " (each checked in exact integer arithmetic when made; minckt.encode.lazy)",)
    session.solver.delete()
    left = None if deadline is None else deadline - time.perf_counter()
    if left is not None and left <= 0:
        return unsolved_certificate(label, CertStatus.TIMEOUT, "time limit passed before this step",
                               covers)
    stem = "-".join(_stem_part(part) for part in (
        params.label or spec.name or spec.key()[:12], f"s{step.size}",
        *(f"{a}{v}" for a, v in step.limits.to_json().items() if a != "size")))
    return certify_unsat(clauses, assumptions, step=label, covers=covers, stem=stem,
                         keep_dir=params.certify_dir,
                         comments=[f"minckt certificate CNF: {spec}", f"step: {label}",
                                   *covers],
                         time_limit=_FOREVER if left is None else left)


#: The interruptible solver that re-makes a lazy step's witness clauses in-process.
_LAZY_SOLVER = "glucose4"


def _lazy_rounds(session, limits, deadline: float | None):
    """Status of a lazy session's rounds on `limits`, UNKNOWN once `deadline` passes."""
    assumptions = session.assumptions(limits)

    def solve():
        while True:
            session.solver.conf_budget(10_000)
            outcome = session.solver.solve_limited(assumptions=assumptions)
            if outcome is not None or deadline is not None and time.perf_counter() >= deadline:
                return outcome

    return session.rounds(solve).status


#: The time limit of a certification without one: always in a child, so that a signal or
#: the parent's death stops CaDiCaL.
_FOREVER = 1e6


def certify_result(result, params, time_limit: float | None = None, seen: dict | None = None):
    """`result` (a search `Result`) with its `certificate`: every UNSAT step it rests on,
    re-solved and checked, and the theorem when a proven bound gave the lower bound."""
    rests = result.status in (Status.UNSAT, Status.INFEASIBLE) or \
        (result.lower_bound_source or "").startswith("solver")
    certs = list(certify_steps(result.spec, result.model, params,
                               result.steps if rests else (), time_limit, seen))
    bound = result.bound
    if result.objective is not None and bound is not None and result.lower_bound is not None:
        certs.insert(0, bound_certificate(f"{result.objective} >= {bound.value}",
                                          f"{bound.method} [{bound.reference}]"))
    return replace(result, certificate=tuple(certs))
