"""Sweeps: one task template over a whole class of functions, in parallel, into the store.

`sweep(n, ...)` asks the template's question (gate model, objective, limits, time limit) of
one representative per NPN class of n-input functions (`minckt.core.classes`; NP classes when the
objective is energy, which negating the output changes), or of a seeded sample of them.
Every record names its class (the representative's table) and the class size.

Tasks run in a `concurrent.futures.ProcessPoolExecutor` of forked workers (not
`multiprocessing.Pool`, whose daemonic workers cannot fork the CNF backend's solver
children); each worker dies with the sweep (`lifecycle.child_started`).  Only the calling
process writes the store, one transaction per result, so a killed sweep resumes where it
stopped: answered classes are read back, not re-solved.

A least-size question of threshold gates (`batch.supports`) takes the batch path: each
worker keeps one template encoding per size and solves class after class on it
(`minckt.solve.batch`), the same optima as the single path; other questions are solved one by one.
Boolean bases take the single path: a chain template (the function as assumptions on the
output slot's values, one CaDiCaL or Glucose 4 solver per size, learnt clauses kept) gave
the single path's optimum on all 256 3-input functions in each of AIG, XAIG, full2 and MIG,
in 1.4 s against 5.9 s for AIG, but was slower from about 0.2 s per function up: on 12 of
the NPN4 classes in AIG (every 18th) 6.5 s against 5.5 s, 8.7 against 7.7 s, 1.2 against
0.34 s, and one class of 9 gates open at 20 s that the single path's two lanes prove in 7.8 s.
Pool tasks carry up to `CHUNK` classes.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import random
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterator

from minckt.errors import InputError
from minckt.io.instances import Instance, result_record, solve_instance
from minckt.lifecycle import child_started
from minckt.core.problem import Axis, GateModel, Limits, SearchParams, check_axis
from minckt.core.spec import Spec

if TYPE_CHECKING:
    from minckt.solve.batch import BatchMinimizer

__all__ = ["class_tables", "class_instances", "sweep", "DASK_CONNECT_TIMEOUT"]

#: How long `--dask` waits for the scheduler before it reports it unreachable.
DASK_CONNECT_TIMEOUT = "20s"


def class_tables(n: int, negate: bool = True, sample: int | None = None, seed: int = 0
                 ) -> list[int]:
    """The representative table of every NPN class of n inputs (NP classes when `negate`
    is False), or `sample` of them chosen with `seed`, ascending."""
    from minckt.core.classes import npn_representatives

    tables = [int(t) for t in npn_representatives(n, negate_output=negate)]
    if sample is not None:
        if isinstance(sample, bool) or not isinstance(sample, int) or sample < 1:
            raise InputError(f"sample = {sample!r}: expected a number of classes >= 1")
        tables = sorted(random.Random(seed).sample(tables, min(sample, len(tables))))
    return tables


def class_instances(n: int, objective: Axis | None = "size", limits: Limits = Limits(),
                    model: GateModel = GateModel(), params: SearchParams = SearchParams(),
                    sample: int | None = None, seed: int = 0) -> list[Instance]:
    """One instance per NPN class of n inputs (NP classes for energy), or `sample` of them
    chosen with `seed`; `function` carries the class table and its size into the records."""
    from minckt.core.classes import class_size

    if objective is not None:
        check_axis(objective)
    negate = objective != "energy"
    tables = class_tables(n, negate, sample, seed)
    digits = max(1, (1 << n) // 4)
    kind = "npn" if negate else "np"
    found = []
    for table in tables:
        label = f"0x{table:0{digits}X}"
        found.append(Instance(
            name=f"{kind}{n}-{label}", spec=Spec(n=n, outputs=(table,), name=label),
            model=model, limits=limits, objective=objective, params=params,
            source=f"{kind}{n} sweep",
            function={"class": label, "class_size": class_size(table, n, negate), "n": n}))
    return found


#: The batch minimisers of this process (`minckt.solve.batch`), by template; a worker keeps its
#: encodings from one class to the next.
_BATCHES: dict[str, BatchMinimizer] = {}

#: Templates kept at once (each holds a solver per size and weight phase).
_MAX_BATCHES = 4

#: Most classes a pool worker is given in one task.
CHUNK = 32


def _solve_record(instance: Instance) -> dict:
    """The record of one instance: by the batch path when it answers the question
    (`batch.supports`: one template encoding for every class), else by the single path."""
    from minckt.solve.batch import BatchMinimizer, supports_instance

    if supports_instance(instance):
        template = repr((instance.spec.n, instance.model, instance.limits,
                         replace(instance.params, time_limit=None, label="")))
        batch = _BATCHES.get(template)
        if batch is None:
            while len(_BATCHES) >= _MAX_BATCHES:
                _BATCHES.pop(next(iter(_BATCHES))).close()
            batch = _BATCHES[template] = BatchMinimizer(
                instance.spec.n, instance.model, instance.limits, instance.params)
        return result_record(instance, batch.minimize(instance.spec,
                                                      instance.params.time_limit))
    return result_record(instance, solve_instance(instance))


def _solve_chunk(instances: list[Instance]) -> list[dict]:
    return [_solve_record(instance) for instance in instances]


def _close_batches() -> None:
    while _BATCHES:
        _BATCHES.popitem()[1].close()


def _worker_started(parent: int) -> None:
    child_started(parent)


def _dask_records(todo: list[Instance], address: str, workers: int) -> Iterator[dict]:
    """Records solved on the Dask distributed cluster at `address`, as they complete, with
    at most 2 * `workers` tasks in flight (the cluster's workers must run with
    ``distributed.worker.daemon: False`` to fork solver children; see
    docs/guide/command-line.md)."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError("--dask needs Dask distributed: pip install 'minckt[dask]'") from None
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        raise InputError(f"--dask {address}: cannot reach the scheduler: {err}") from None
    try:
        queue = iter(todo)
        batch = [client.submit(_solve_record, i, pure=False)
                 for i in itertools.islice(queue, 2 * workers)]
        pending = as_completed(batch)
        for future in pending:
            yield future.result()
            following = next(queue, None)
            if following is not None:
                pending.add(client.submit(_solve_record, following, pure=False))
    finally:
        client.close()


def sweep(instances: list[Instance], store=None, workers: int = 1,
          progress: Callable[[int, int], None] | None = None,
          dask: str | None = None) -> Iterator[dict]:
    """The record of every instance, as each completes (read back from `store` when it
    already answers it; new ones are written there first).  `workers` processes solve, or
    the Dask cluster at `dask` (its scheduler address) with `workers` tasks per round."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"workers = {workers!r}: expected an integer >= 1")
    todo = []
    done = 0

    def finished(instance: Instance, record: dict, new: bool) -> dict:
        nonlocal done
        if new and store is not None:
            store.put(record, instance.params.time_limit)
        done += 1
        if progress:
            progress(done, len(instances))
        return record

    for instance in instances:
        stored = None if store is None else \
            store.lookup(instance.key(), instance.params.time_limit)
        if stored is not None:
            yield finished(instance, stored, False)
        else:
            todo.append(instance)
    if not todo:
        return
    if dask is not None:
        by_key = {i.key(): i for i in todo}
        for record in _dask_records(todo, dask, workers):
            yield finished(by_key[record["key"]], record, True)
        return
    if workers == 1:
        try:
            for instance in todo:
                yield finished(instance, _solve_record(instance), True)
        finally:
            _close_batches()
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_worker_started, initargs=(os.getpid(),))
    # tasks of up to CHUNK classes (fewer when the classes are few, so every worker has
    # some), a few tasks ahead per worker, not the whole class at once
    size = max(1, min(CHUNK, len(todo) // (4 * workers)))
    chunks = (todo[i:i + size] for i in range(0, len(todo), size))
    try:
        running = {}
        for chunk in chunks:
            running[pool.submit(_solve_chunk, chunk)] = chunk
            if len(running) >= 2 * workers:
                break
        while running:
            ready, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in ready:
                chunk = running.pop(future)
                for instance, record in zip(chunk, future.result()):
                    yield finished(instance, record, True)
                following = next(chunks, None)
                if following is not None:
                    running[pool.submit(_solve_chunk, following)] = following
    except BaseException:
        # an interrupted or failed sweep must not wait for the classes in flight: their
        # workers (and through PR_SET_PDEATHSIG their solver children) are stopped now
        workers_running = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers_running:
            if process.is_alive():
                process.kill()
        raise
    pool.shutdown(wait=True)


def terminal_progress(total: int):
    """A tqdm bar on a terminal (rate and ETA), nothing otherwise; returns (update, close)."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="class", file=sys.stderr)

    def update(done: int, _total: int) -> None:
        bar.update(done - bar.n)

    return update, bar.close
