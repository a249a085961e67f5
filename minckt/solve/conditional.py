"""Make a circuit conditional: add guards so that fewer operations are spent on each row.

Koyuncu (ICLR 2023; docs/design/papers.md#memorization-koyuncu) synthesises a conditional network
from an unconditional one: computation a row does not need is skipped, chosen by results computed
earlier. `make_conditional` does this for minckt's circuits (`minckt.core.circuit`: a gate
guarded by (g, when) is evaluated only where g's activity equals `when` and outputs 0 elsewhere; ops is
the max over care rows of Σ (fan-in + 1) over the evaluated gates).  Given a circuit that
computes a spec on its care rows, it returns one that computes the same outputs on every care
row, whose ops is never larger and is smaller wherever the greedy finds a guard that helps.

**Validity of one guard.**  Rows are evaluated independently, and a skipped gate is the
constant 0 to every reader and every guard.  So guarding gate j by (g, p) keeps every output
on the care rows iff, on each care row where g's activity differs from p (the rows it would
skip), replacing j's output by 0 changes no output on that row.  For each unguarded j that
row set, `safe[j]`, is computed by one simulation with j forced to 0; a guard is valid iff
the rows it skips lie inside it.  g must not depend on j (through wires or guards); a g
placed after j is moved, with its ancestors lying between them, to just before j, which
changes no value.

**The greedy** (no optimality claim).  Repeat: for every unguarded gate j, every gate g that
does not depend on j and both polarities, keep the valid guards; rank them by the estimated
(max ops, total ops) over the care rows after the guard (j's fan-in + 1 saved on each
skipped row); simulate the best-ranked ones in turn and accept the first whose measured
(max ops, total ops) is lexicographically smaller than the current one.  Stop when none is.
Each accepted guard lowers the max, or keeps it and lowers the total, so the loop ends; one
guard can make another valid or useful, which the next round sees.  Each round costs one
simulation per gate and O(s^2) vectorised candidate scores (s gates, R care rows: O(s^2 R)),
and at most ROUNDS_PER_GATE * s rounds are run, so the whole is polynomial.

**Simplification** (`simplify=True`, applied to the input and after each guard).  A wire
whose source takes one value c on every care row where its gate is evaluated is dropped and
c·w folded into the threshold (the gate's pre-activation is unchanged where it is evaluated,
and it outputs 0 elsewhere); a guard whose gate's activity is constant and equal to `when` on
the care rows is dropped; gates no output depends on are removed (`Circuit.without_dead`).
Boolean-basis gates keep their sources (their table is over them).  None of these raises any
resource, and every gate value on every care row is unchanged.  Outside the care set the
result may compute anything.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from minckt.core.circuit import Circuit, Gate
from minckt.errors import InputError, InternalError
from minckt.core.spec import Spec
from minckt.verify.check import computes

__all__ = ["make_conditional", "ROUNDS_PER_GATE"]

#: Rounds of the greedy are capped at this many per gate of the input.
ROUNDS_PER_GATE = 4
#: Candidates simulated per round before the round gives up.
_TRIES = 16
_INPUT = re.compile(r"^x([1-9][0-9]*)$")


def make_conditional(circuit: Circuit, spec: Spec, simplify: bool = True) -> Circuit:
    """A circuit computing the same outputs as `circuit` on the care rows of `spec`, with
    guards added greedily so that its ops over the care rows is at most the input's (lower
    where a guard helps); see the module docstring.  The input must compute `spec`."""
    if not computes(spec, circuit):
        raise InputError(f"make_conditional: the circuit does not compute {spec}")
    rows = spec.care_rows
    if rows.size == 0:
        return circuit
    inputs = ((rows[None, :] >> np.arange(circuit.n)[:, None]) & 1).astype(np.int64)
    current = _simplified(circuit, inputs, rows) if simplify else circuit
    key = _key(current, rows)
    for _ in range(ROUNDS_PER_GATE * max(len(circuit.gates), 1)):
        better = _next_guard(current, spec, rows, inputs, key, simplify)
        if better is None:
            break
        current, key = better
    if not computes(spec, current) or _key(current, rows) > _key(circuit, rows):
        raise InternalError(f"make_conditional broke its contract on {spec}: from\n"
                            f"{circuit.to_text()}\nit made\n{current.to_text()}")
    return current


def _costs(circuit: Circuit, rows: np.ndarray) -> np.ndarray:
    """ops on each care row: Σ (fan-in + 1) over the gates evaluated there."""
    _, evaluated = circuit.evaluate(rows)
    cost = np.array([g.fanin + 1 for g in circuit.gates], dtype=np.int64)
    return (evaluated * cost[:, None]).sum(axis=0)


def _key(circuit: Circuit, rows: np.ndarray) -> tuple[int, int]:
    """(max ops, total ops) over the care rows: what the greedy lowers."""
    costs = _costs(circuit, rows)
    return int(costs.max()), int(costs.sum())


def _outputs(circuit: Circuit, values: np.ndarray) -> np.ndarray:
    index = {g.id: j for j, g in enumerate(circuit.gates)}
    return np.stack([values[index[o]] > 0 for o in circuit.outputs])


def _closure(circuit: Circuit, forward: bool) -> list[set[str]]:
    """For each gate, the gates that depend on it (forward) or that it depends on."""
    ids = [g.id for g in circuit.gates]
    reads = {g.id: [s for s in g.reads() if not _INPUT.match(s)] for g in circuit.gates}
    found: dict[str, set[str]] = {}
    if forward:
        readers: dict[str, list[str]] = {i: [] for i in ids}
        for gate in circuit.gates:
            for source in reads[gate.id]:
                readers[source].append(gate.id)
        for gid in reversed(ids):
            found[gid] = set(readers[gid]).union(*(found[r] for r in readers[gid]))
    else:
        for gid in ids:
            found[gid] = set(reads[gid]).union(*(found[s] for s in reads[gid]))
    return [found[i] for i in ids]


def _safe_rows(circuit: Circuit, rows: np.ndarray, j: int, outputs: np.ndarray) -> np.ndarray:
    """Care rows on which gate j's output replaced by 0 changes no output."""
    gates = list(circuit.gates)
    gates[j] = Gate(gates[j].id, (), threshold=1)  # the constant 0, never active
    forced = Circuit(circuit.n, tuple(gates), circuit.outputs)
    values, _ = forced.evaluate(rows)
    return (_outputs(forced, values) == outputs).all(axis=0)


def _candidates(circuit: Circuit, rows: np.ndarray, key: tuple[int, int]
                ) -> list[tuple[tuple[int, int], int, int, int]]:
    """Valid guards (estimated key, j, g, when) whose estimated key beats `key`, best first."""
    values, evaluated = circuit.evaluate(rows)
    active = values > 0
    outputs = _outputs(circuit, values)
    cost = np.array([g.fanin + 1 for g in circuit.gates], dtype=np.int64)
    costs = (evaluated * cost[:, None]).sum(axis=0)
    below = _closure(circuit, forward=True)
    ids = [g.id for g in circuit.gates]
    found = []
    for j, gate in enumerate(circuit.gates):
        if gate.guard is not None:
            continue
        unsafe = ~_safe_rows(circuit, rows, j, outputs)
        allowed = np.array([k != j and ids[k] not in below[j] for k in range(len(ids))])
        for when in (0, 1):
            skip = active != bool(when)  # rows each guard gate would skip j on
            valid = allowed & ~(skip & unsafe[None, :]).any(axis=1)
            if not valid.any():
                continue
            after = costs[None, :] - cost[j] * skip[valid]
            for g, high, total in zip(np.flatnonzero(valid), after.max(axis=1),
                                      after.sum(axis=1)):
                estimate = (int(high), int(total))
                if estimate < key:
                    found.append((estimate, j, int(g), when))
    found.sort()
    return found


def _next_guard(circuit: Circuit, spec: Spec, rows: np.ndarray, inputs: np.ndarray,
                key: tuple[int, int], simplify: bool) -> tuple[Circuit, tuple[int, int]] | None:
    """The first candidate guard (in estimated order) that measurably lowers the key."""
    for _, j, g, when in _candidates(circuit, rows, key)[:_TRIES]:
        guarded = _with_guard(circuit, j, g, when)
        if simplify:
            guarded = _simplified(guarded, inputs, rows)
        new_key = _key(guarded, rows)
        if new_key < key and computes(spec, guarded):
            return guarded, new_key
    return None


def _with_guard(circuit: Circuit, j: int, g: int, when: int) -> Circuit:
    """Gate j guarded by (gate g, when); a g after j moves before j with its ancestors
    that lie between them (none of them depends on j, since g does not)."""
    gates = list(circuit.gates)
    target = gates[j]
    guarded = replace(target, guard=(gates[g].id, when))
    if g < j:
        gates[j] = guarded
        return Circuit(circuit.n, tuple(gates), circuit.outputs)
    above = _closure(circuit, forward=False)[g] | {gates[g].id}
    block = [gate for gate in gates[j + 1:g + 1] if gate.id in above]
    moved = {gate.id for gate in block}
    rest = [gate for gate in gates[j + 1:] if gate.id not in moved]
    order = gates[:j] + block + [guarded] + rest
    return Circuit(circuit.n, tuple(order), circuit.outputs)


def _simplified(circuit: Circuit, inputs: np.ndarray, rows: np.ndarray) -> Circuit:
    """Fold wires constant where their gate is evaluated, drop guards that always evaluate,
    remove dead gates (module docstring), until nothing changes."""
    while True:
        values, evaluated = circuit.evaluate(rows)
        index = {g.id: j for j, g in enumerate(circuit.gates)}

        def read(source: str) -> np.ndarray:
            match = _INPUT.match(source)
            return inputs[int(match.group(1)) - 1] if match else values[index[source]]

        gates, changed = [], False
        for j, gate in enumerate(circuit.gates):
            new = gate
            if gate.guard is not None:
                guard, when = gate.guard
                if ((values[index[guard]] > 0) == bool(when)).all():
                    new = replace(new, guard=None)
            if gate.kind != "boolean":
                where = evaluated[j]
                kept, shift = [], 0
                for source, weight in gate.weights:
                    seen = read(source)[where]
                    if seen.size and (seen != seen[0]).any():
                        kept.append((source, weight))
                    else:
                        shift += weight * (int(seen[0]) if seen.size else 0)
                if len(kept) < len(gate.weights):
                    new = replace(new, weights=tuple(kept), threshold=gate.threshold - shift)
            changed |= new is not gate
            gates.append(new)
        simpler = Circuit(circuit.n, tuple(gates), circuit.outputs).without_dead()
        if not changed and len(simpler.gates) == len(circuit.gates):
            return circuit
        circuit = simpler
