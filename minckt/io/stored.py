"""Library calls answered from a results store: ``minimize(..., store=PATH_OR_STORE)``.

The package's public `minckt.decide`, `minimize` and `frontier` are the ones here: those of
`minckt.solve` with ``store=`` (a path, or an open `minckt.io.store.Store`).  The question is keyed
exactly as ``minckt solve --store`` keys it: by an `Instance` of the same spec, gate model, limits
and task, whose `Instance.key` is the store's key (spec tables and care set, gate model, limits,
objective or frontier axes, minckt version; not the name, not the search parameters).  So a script,
an instance file and a sweep asking one question share one row.

A stored final answer (OPTIMAL, SAT, UNSAT, INFEASIBLE) is read back instead of solved; an
UNKNOWN or FEASIBLE one only when it ran with at least `params.time_limit` (`Store.lookup`,
as the command line does); with `params.certify` a stored answer without a certificate is
solved again, since the key does not hold the wish for one.  An answer read back is rebuilt
by `Result.from_json` / `Frontier.from_json`, which verify every circuit again and re-measure
its metrics; it carries a note saying where it came from.  A new answer is written as the
record ``minckt solve --out`` writes (`instances.result_record`).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import replace
from typing import Callable, Iterator, Sequence, overload

from minckt.errors import InputError
from minckt.io.instances import Instance, result_record
from minckt.core.problem import Axis, GateModel, Limits, SearchParams
from minckt.solve.result import Frontier, Result
from minckt.core.spec import Spec
from minckt.io.store import Store
from minckt import solve

__all__ = ["decide", "minimize", "frontier", "atlas_answer", "answer", "question", "opened", "stored_record",
           "READ_BACK"]

#: The note an answer read back from a store carries (then the store's path and the key).
READ_BACK = "read back from the results store"


def decide(spec: Spec, limits: Limits = Limits(), *, model: GateModel = GateModel(),
           params: SearchParams = SearchParams(), store=None) -> Result:
    """Is there a circuit of `model` gates within `limits` computing `spec`?  SAT (with a
    verified circuit), UNSAT, or UNKNOWN (`minckt.solve.decide`).

    With `store` (a results database's path, or a `minckt.io.store.Store`) the answer is
    read back from it when it holds one, keyed as ``minckt solve --store`` keys the question,
    and a new answer is written there; likewise in `minimize` and `frontier`.
    """
    if store is None:  # solve.decide checks the question itself
        return solve.decide(spec, limits, model=model, params=params)
    solve.check_question(spec, limits, model, params)  # before the store is opened
    return answer(lambda: solve.decide(spec, limits, model=model, params=params), store,
                  question(spec, model, limits, params))


def minimize(spec: Spec, objective: Axis, limits: Limits = Limits(), *,
             model: GateModel = GateModel(), params: SearchParams = SearchParams(),
             store=None, use_atlas: bool = False) -> Result:
    """The least `objective` over circuits within `limits` computing `spec`
    (`minckt.solve.minimize`; `store`: as in `decide`).

    With `use_atlas`, a question the shipped atlas answers (least size of a total
    single-output function of at most 5 inputs, threshold gates, no limits:
    `minckt.solve.atlas`) is answered from it, without a search or a store; with
    `params.certify` the search runs instead, since an atlas answer has no certificate.  Any
    other question is searched, with a note saying why the atlas did not answer it."""
    if use_atlas:
        answered = atlas_answer(spec, objective, limits, model, params)
        if isinstance(answered, Result):
            return answered
        found = minimize(spec, objective, limits, model=model, params=params, store=store)
        return replace(found, notes=(*found.notes, answered))
    if store is None:
        return solve.minimize(spec, objective, limits, model=model, params=params)
    solve.check_question(spec, limits, model, params, objective)
    return answer(lambda: solve.minimize(spec, objective, limits, model=model, params=params), store,
                  question(spec, model, limits, params, objective))


def atlas_answer(spec: Spec, objective: str, limits: Limits, model: GateModel,
                 params: SearchParams) -> Result | str:
    """The atlas's answer to the question, or the note saying why it gives none."""
    from minckt.solve.atlas import available, lookup, refusal

    why = refusal(spec, model, limits, objective)
    if why is None and params.certify:
        why = "--certify: an atlas answer has no certificate, so the question was searched"
    if why is None and spec.n not in available():
        why = f"no atlas of {spec.n}-input functions is installed"
    return lookup(spec) if why is None else f"atlas not used: {why}"


def frontier(spec: Spec, axes: Sequence[Axis], limits: Limits = Limits(), *,
             model: GateModel = GateModel(), params: SearchParams = SearchParams(),
             store=None) -> Frontier:
    """Every Pareto-optimal point over two or three resources, each with its circuit
    (`minckt.solve.frontier`; `store`: as in `decide`)."""
    if store is None:
        return solve.frontier(spec, axes, limits, model=model, params=params)
    solve.check_question(spec, limits, model, params,
                         axes=tuple(axes) if isinstance(axes, (list, tuple)) else ())
    names = solve.check_axes(axes)
    return answer(lambda: solve.frontier(spec, names, limits, model=model, params=params), store,
                  question(spec, model, limits, params, axes=names))


def question(spec: Spec, model: GateModel, limits: Limits, params: SearchParams,
             objective: Axis | None = None, axes: tuple[Axis, ...] = ()) -> Instance:
    """The `Instance` that asks what a library call asks (its `key()` is the store's key);
    it is named after the spec, or after the task when the spec has no name."""
    task = "frontier" if axes else ("minimize" if objective else "decide")
    return Instance(name=spec.name or f"minckt.{task}", spec=spec, model=model, limits=limits,
                    objective=objective, axes=tuple(axes), params=params,
                    source="library call")


@contextmanager
def opened(store: object) -> Iterator[Store | None]:
    """`store` itself when it is a `Store` (or None); a path is opened here and closed after."""
    if store is None or isinstance(store, Store):
        yield store
        return
    if isinstance(store, bool) or not isinstance(store, (str, os.PathLike)):
        raise InputError(f"store = {store!r}: expected a path to a results database or a "
                         "minckt.io.store.Store")
    with Store(store) as db:
        yield db


@overload
def answer(solve: Callable[[], Result], store: object, instance: Instance) -> Result: ...


@overload
def answer(solve: Callable[[], Frontier], store: object, instance: Instance) -> Frontier: ...


def answer(solve: Callable[[], Result | Frontier], store: object, instance: Instance
           ) -> Result | Frontier:
    """The stored answer to `instance` when `store` holds one that answers it, verified
    again; otherwise `solve()`, written to the store.  (A frontier's instance has axes and
    reads back a Frontier; any other reads back a Result.)"""
    time_limit = instance.params.time_limit
    with opened(store) as db:
        if db is None:
            return solve()
        record = stored_record(db, instance)
        if record is not None and not (instance.params.certify and _uncertified(record)):
            return _read_back(record, instance, db)
        result = solve()
        db.put(result_record(instance, result), time_limit)
        return result


def stored_record(db: Store, instance: Instance) -> dict | None:
    """The record in `db` that answers `instance` under its time limit, as it was written
    (None: solve it): a final answer, or an UNKNOWN / FEASIBLE one that ran at least as long
    (`Store.lookup`)."""
    return db.lookup(instance.key(), instance.params.time_limit)


def _uncertified(record: dict) -> bool:
    points = record.get("points") if "frontier" in record else [record]
    return any(p.get("certificate") is None for p in points or ())


def _read_back(record: dict, instance: Instance, db: Store) -> Result | Frontier:
    """The record as a Result or Frontier for `instance`'s own spec (with its name)."""
    where = f"{db.path}: record {record.get('name', '')!r} (key {record.get('key', '')[:12]})"
    try:
        if instance.axes:
            result: Result | Frontier = Frontier.from_json(record)
        else:
            result = Result.from_json(record)
    except InputError as err:
        raise InputError(f"{where}: {err}") from None
    if result.spec != instance.spec:  # the key says they are equal; a tampered row may not
        raise InputError(f"{where}: the record is for {result.spec}, not {instance.spec}")
    note = f"{READ_BACK} {db.path} (key {record['key'][:12]}), not solved again"
    return replace(result, spec=instance.spec, notes=result.notes + (note,))
