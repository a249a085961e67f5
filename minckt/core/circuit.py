"""Circuits: gates in topological order, integer weights, vectorised evaluation, metrics, I/O.

A circuit on n inputs x1..xn is a DAG of gates in topological order.  Gate j reads primary
inputs and earlier gates, each with a nonzero integer weight (a missing source has weight 0,
i.e. is not connected), and computes an integer pre-activation z = sum_i w_i u_i - t.  Its
output depends on its kind (docs/guide/semantics.md#gates-and-circuits, minckt's discretized
models):

* ``threshold``: 1 if z >= 0 else 0;
* ``relu`` with resolution R: min(R, max(0, z));
* ``sigmoid`` with breakpoints b_1 <= ... <= b_R: the number of breakpoints z reaches;
* ``boolean``: a Boolean gate of a basis (`minckt.core.bases`): its sources are the keys of
  `weights` (each with weight 1, in order) and its output is bit k of `table`, k being the
  sources' values read as a binary number, the first source its least significant bit.

A gate is *active* on a row when its output is nonzero.  Output k of the circuit is the gate
named ``outputs[k]``; it computes 1 on a row exactly when that gate is active.

Resources (docs/guide/semantics.md), all measured here from the circuit itself:

* size   -- number of gates, output gates included;
* depth  -- number of gates on the longest path from an input to a gate (every gate counts,
  so a dead gate can only raise it; `Circuit.pruned` removes dead gates);
* energy -- max over the given rows (the spec's care rows) of the number of active gates;
* weight -- max |w| over all wires (thresholds are not counted);
* fanin  -- max number of wires into one gate; wires -- total number of wires;
* evaluated -- max over the given rows of the number of gates evaluated (not skipped);
* ops    -- max over the given rows of the arithmetic operations spent: each evaluated gate
  costs its fan-in (one multiplication and one addition per wire, counted together as in
  Koyuncu's "additions, multiplications and comparisons") plus one comparison.  This is
  minckt's reading of the paper's operation count (docs/design/papers.md#derived-facts); a skipped
  gate costs nothing, and reading a guard's value is not counted (it is a branch on a comparison
  the guard gate already made).  For a circuit without guards ops = wires + size on every row.
* hidden -- number of gates that drive no output (the hidden neurons of a network);
* params -- wires + size: one weight per wire and one bias (threshold) per gate.  This is
  minckt's reading of a network's "parameters" (Adler–Shavit count weights and biases);
  `wires` stays the number of nonzero weights alone.

**Guards (conditional computation).**  A gate may carry a guard (g, when): an earlier gate
g.  The gate is *evaluated* only on rows where g's activity (output > 0) equals `when`; on
the other rows it is *skipped* and outputs 0.  A skipped guard gate has activity 0.  The
guard is a dependency like a wire: it counts toward depth (the gate waits for g), not toward
fan-in, wires or weight.  Gates without a guard are evaluated on every row.

**Exact arithmetic.**  Sums are int64 while every pre-activation provably fits (the sum of
|w| times the largest value of each source, plus |t|, below 2^62); a circuit whose weights
could overflow that (the memorizing constructions read a key of n bits with weights up to
2^n) is evaluated in Python integers (numpy object arrays), exact at any size.  Inputs are
all 2^n rows, given rows, or an explicit n x R 0/1 matrix of points (`minckt.core.points`).

This module imports no solver.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np

from minckt.errors import InputError
from minckt.core.formats.methods import CircuitFormats
from minckt.core.gatetext import boolean_form, guard_text, letter, rule, term
from minckt.core.spec import input_matrix

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GATE_KINDS", "Gate", "Circuit", "Metrics", "METRIC_NAMES"]

GATE_KINDS = ("threshold", "relu", "sigmoid", "boolean")
METRIC_NAMES = ("size", "depth", "energy", "weight", "fanin", "wires", "evaluated", "ops",
                "hidden", "params")
_INPUT_RE = re.compile(r"^x([1-9][0-9]*)$")

#: Pre-activations below this bound are summed in int64 (`Circuit.exact`).
_INT64_SAFE = 1 << 62
#: Below this every sum (and breakpoint) fits int32, with room for one more addition.
_INT32_SAFE = 1 << 30


def is_input_name(node: str) -> bool:
    """Whether `node` names a primary input (x1, x2, ...) rather than a gate."""
    return _INPUT_RE.match(node) is not None


def input_name(i: int) -> str:
    """Name of primary input i (0-based): x1, x2, ..."""
    return f"x{i + 1}"


@dataclass(frozen=True)
class Gate:
    """One gate: kind, weighted sources (nonzero weights only, in the given order), threshold.

    `resolution` is the ReLU cap R; `breakpoints` are the sigmoid staircase steps; `table`
    is a Boolean gate's truth table over its sources (first source = least significant bit).
    `guard` is None or (g, when): the gate is evaluated only where gate g's activity equals
    `when` (0 or 1) and outputs 0 elsewhere (module docstring).
    """

    id: str
    weights: tuple[tuple[str, int], ...]
    threshold: int = 0
    kind: str = "threshold"
    resolution: int = 1
    breakpoints: tuple[int, ...] = ()
    table: int = 0
    guard: tuple[str, int] | None = None

    def __post_init__(self) -> None:
        if self.kind not in GATE_KINDS:
            raise InputError(f"gate {self.id!r}: kind {self.kind!r} is not one of {GATE_KINDS}")
        if isinstance(self.weights, Mapping):
            object.__setattr__(self, "weights", tuple(self.weights.items()))
        cleaned = []
        seen = set()
        for source, weight in self.weights:
            if isinstance(weight, bool) or not isinstance(weight, (int, np.integer)):
                raise InputError(f"gate {self.id!r}: weight of {source!r} is {weight!r}, "
                                 "expected an integer")
            if source in seen:
                raise InputError(f"gate {self.id!r}: source {source!r} appears twice")
            seen.add(source)
            if weight != 0:
                cleaned.append((str(source), int(weight)))
        object.__setattr__(self, "weights", tuple(cleaned))
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, np.integer)):
            raise InputError(f"gate {self.id!r}: threshold {self.threshold!r} is not an integer")
        object.__setattr__(self, "threshold", int(self.threshold))
        object.__setattr__(self, "breakpoints", tuple(int(b) for b in self.breakpoints))
        if self.kind == "relu" and self.resolution < 1:
            raise InputError(f"gate {self.id!r}: ReLU resolution {self.resolution} must be >= 1")
        if self.kind == "sigmoid" and (
            not self.breakpoints or list(self.breakpoints) != sorted(self.breakpoints)
        ):
            raise InputError(f"gate {self.id!r}: sigmoid breakpoints {self.breakpoints} must be "
                             "a non-empty ascending list")
        if self.kind == "boolean":
            self._check_boolean()
        if self.guard is not None:
            self._check_guard()

    def _check_guard(self) -> None:
        guard = self.guard
        if isinstance(guard, Mapping):  # the JSON form {"gate": ..., "when": ...}
            guard = (guard.get("gate"), guard.get("when"))
        if not isinstance(guard, (tuple, list)) or len(guard) != 2 \
                or not isinstance(guard[0], str) or isinstance(guard[1], bool) \
                or guard[1] not in (0, 1):
            raise InputError(f"gate {self.id!r}: guard {self.guard!r} is not (gate id, 0 or 1)")
        object.__setattr__(self, "guard", (guard[0], int(guard[1])))

    def _check_boolean(self) -> None:
        if any(w != 1 for _, w in self.weights):
            raise InputError(f"gate {self.id!r}: a Boolean gate's sources carry weight 1, got "
                             f"{dict(self.weights)}")
        rows = 1 << len(self.weights)
        if isinstance(self.table, bool) or not isinstance(self.table, (int, np.integer)) \
                or not 0 <= self.table < (1 << rows):
            raise InputError(f"gate {self.id!r}: table {self.table!r} is not a truth table of "
                             f"{len(self.weights)} source(s) (an integer in [0, 2^{rows}))")
        object.__setattr__(self, "table", int(self.table))

    @property
    def fanin(self) -> int:
        """Number of wires into the gate."""
        return len(self.weights)

    def reads(self) -> list[str]:
        """The nodes the gate depends on: its sources, then its guard gate if any."""
        nodes = [s for s, _ in self.weights]
        if self.guard is not None and self.guard[0] not in nodes:
            nodes.append(self.guard[0])
        return nodes

    def weight_of(self, source: str) -> int:
        """Weight of `source` (0 when not connected)."""
        return dict(self.weights).get(source, 0)

    def activate(self, z: np.ndarray) -> np.ndarray:
        """The gate's output values for pre-activations z (= sum w u - t)."""
        if self.kind == "threshold":
            return (z >= 0).astype(np.int64)
        if self.kind == "relu":
            return np.clip(z, 0, self.resolution)
        steps = np.asarray(self.breakpoints, dtype=np.int64)
        return (z[None, :] >= steps[:, None]).sum(axis=0).astype(np.int64)

    def boolean_values(self, sources: Sequence[np.ndarray]) -> np.ndarray:
        """A Boolean gate's output on rows where its sources take the given 0/1 values."""
        index = np.zeros_like(sources[0]) if sources else np.zeros(1, dtype=np.int64)
        for k, row in enumerate(sources):
            index = index | (row.astype(np.int64) << k)
        return (self.table >> index) & 1

    def to_json(self) -> dict:
        """Lossless JSON form; a guard is ``"guard": {"gate": "g2", "when": 1}``."""
        data: dict[str, object] = {"id": self.id, "kind": self.kind}
        if self.kind == "boolean":
            data.update(sources=[s for s, _ in self.weights], table=f"0x{self.table:X}")
        else:
            data.update(weights=dict(self.weights), threshold=self.threshold)
        if self.kind == "relu":
            data["resolution"] = self.resolution
        if self.kind == "sigmoid":
            data["breakpoints"] = list(self.breakpoints)
        if self.guard is not None:
            data["guard"] = {"gate": self.guard[0], "when": self.guard[1]}
        return data

    @classmethod
    def from_json(cls, data: Mapping) -> "Gate":
        """Inverse of `to_json`."""
        try:
            if data.get("kind") == "boolean":
                table = data["table"]
                if isinstance(table, str):
                    try:
                        table = int(table, 0)
                    except ValueError:
                        raise InputError(f"circuit JSON: gate {data['id']!r} table {table!r} "
                                         "is not an integer") from None
                return cls(id=str(data["id"]), kind="boolean", table=table,
                           weights=tuple((str(src), 1) for src in data["sources"]),
                           guard=_guard_json(data))
            return cls(
                id=str(data["id"]),
                kind=data.get("kind", "threshold"),
                weights=tuple(dict(data.get("weights", {})).items()),
                threshold=data.get("threshold", 0),
                resolution=data.get("resolution", 1),
                breakpoints=tuple(data.get("breakpoints", ())),
                guard=_guard_json(data),
            )
        except KeyError as err:
            raise InputError(f"circuit JSON: gate {dict(data)!r} lacks key {err}") from None


def _guard_json(data: Mapping) -> tuple | None:
    guard = data.get("guard")
    if guard is None:
        return None
    if not isinstance(guard, Mapping) or set(guard) != {"gate", "when"}:
        raise InputError(f"circuit JSON: gate {data.get('id')!r} guard {guard!r} is not "
                         '{"gate": ID, "when": 0 or 1}')
    return (guard["gate"], guard["when"])


@dataclass(frozen=True)
class Metrics:
    """Resources of a circuit, measured by the evaluator (never trusted from a solver)."""

    size: int
    depth: int
    energy: int
    weight: int
    fanin: int
    wires: int
    evaluated: int
    ops: int
    hidden: int
    params: int

    def get(self, name: str) -> int:
        """Metric by name (one of METRIC_NAMES)."""
        return getattr(self, name)

    def to_json(self) -> dict:
        return {name: self.get(name) for name in METRIC_NAMES}


@dataclass(frozen=True)
class Circuit(CircuitFormats):
    """A circuit on n inputs: gates in topological order and the output gates, one per output."""

    n: int
    gates: tuple[Gate, ...]
    outputs: tuple[str, ...]
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gates", tuple(self.gates))
        object.__setattr__(self, "outputs", tuple(self.outputs))
        index: dict[str, int] = {}
        for j, gate in enumerate(self.gates):
            if _INPUT_RE.match(gate.id) or gate.id in index:
                raise InputError(f"circuit: gate id {gate.id!r} is an input name or repeated")
            for source, _ in gate.weights:
                match = _INPUT_RE.match(source)
                if match:
                    if int(match.group(1)) > self.n:
                        raise InputError(f"circuit: gate {gate.id!r} reads {source!r} but n = "
                                         f"{self.n}")
                elif source not in index:
                    raise InputError(f"circuit: gate {gate.id!r} reads {source!r}, which is not "
                                     "an input or an earlier gate")
            if gate.guard is not None and gate.guard[0] not in index:
                raise InputError(f"circuit: gate {gate.id!r} is guarded by {gate.guard[0]!r}, "
                                 "which is not an earlier gate")
            index[gate.id] = j
        if not self.outputs:
            raise InputError("circuit: no output gate")
        for out in self.outputs:
            if out not in index:
                raise InputError(f"circuit: output {out!r} is not a gate")
        self._index.update(index)

    # -- evaluation ----------------------------------------------------------------------
    def gate_values(self, rows: np.ndarray | None = None,
                    inputs: np.ndarray | None = None) -> np.ndarray:
        """s x R array: output of every gate on every row (all 2^n rows by default, or the
        given rows, or the columns of an n x R 0/1 `inputs` matrix); a skipped gate outputs
        0."""
        return self.evaluate(rows, inputs)[0]

    def exact(self) -> bool:
        """True when some pre-activation may pass int64 (module docstring): evaluation then
        runs in Python integers."""
        return self._needs_exact

    @cached_property
    def _needs_exact(self) -> bool:
        return self._reach >= _INT64_SAFE

    @cached_property
    def _reach(self) -> int:
        """The largest |pre-activation| any gate reaches (bounds every sum `evaluate` forms)."""
        most: dict[str, int] = {}
        largest = 0
        for gate in self.gates:
            if gate.kind == "boolean":
                most[gate.id] = 1
                continue
            reach = abs(gate.threshold) + sum(abs(w) * most.get(source, 1)
                                              for source, w in gate.weights)
            largest = max(largest, reach, *(abs(b) for b in gate.breakpoints or ()))
            if reach >= _INT64_SAFE:
                return reach
            most[gate.id] = {"threshold": 1, "relu": gate.resolution}.get(
                gate.kind, len(gate.breakpoints))
        return largest

    def evaluate(self, rows: np.ndarray | None = None, inputs: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
        """(values, evaluated): the s x R outputs of every gate and the s x R bool array of
        where each gate is evaluated (all 2^n rows by default; or the given rows; or the
        columns of an n x R 0/1 `inputs` matrix)."""
        if inputs is not None:
            inputs = np.asarray(inputs, dtype=np.int64)
            if inputs.ndim != 2 or inputs.shape[0] != self.n:
                raise InputError(f"circuit: inputs of shape {inputs.shape}; expected "
                                 f"{self.n} x R")
        elif rows is None:
            inputs = input_matrix(self.n).astype(np.int64)
        else:
            inputs = _input_rows(self.n, np.asarray(rows, dtype=np.int64))
        # sums in 32 bits when they fit (half the memory traffic of int64 on a million
        # rows), in Python integers when they could pass int64
        kind = object if self.exact() else np.int32 if self._reach < _INT32_SAFE else np.int64
        inputs = inputs.astype(kind)
        width = inputs.shape[1]
        values: np.ndarray = np.zeros((len(self.gates), width), dtype=kind)
        evaluated = np.ones((len(self.gates), width), dtype=bool)
        def read(source: str) -> np.ndarray:
            match = _INPUT_RE.match(source)
            return inputs[int(match.group(1)) - 1] if match else values[self._index[source]]

        for j, gate in enumerate(self.gates):
            if gate.kind == "boolean":
                out = gate.boolean_values([read(s).astype(np.int64) for s, _ in gate.weights])
            else:
                z: np.ndarray = np.full(width, -gate.threshold, dtype=kind)
                for source, weight in gate.weights:
                    z += read(source) if weight == 1 else weight * read(source)
                out = gate.activate(z)
            if gate.guard is not None:
                guard, when = gate.guard
                evaluated[j] = (values[self._index[guard]] > 0) == bool(when)
                out = np.where(evaluated[j], out, 0)
            values[j] = out
        if kind is not np.int64:  # gate outputs are small (at most R): back to int64
            values = values.astype(np.int64)
        return values, evaluated

    def output_values(self, rows: np.ndarray | None = None,
                      inputs: np.ndarray | None = None,
                      evaluation: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """m x R bool array: output k is 1 on a row exactly when its gate is active
        (`evaluation`: what `evaluate` returned on those rows, to read instead)."""
        values = (evaluation or self.evaluate(rows, inputs))[0]
        return np.stack([values[self._index[o]] > 0 for o in self.outputs])

    # -- structure -----------------------------------------------------------------------
    def levels(self) -> list[int]:
        """Level of each gate: 1 + the largest level among the gates it reads (inputs: 0)."""
        level: list[int] = []
        for gate in self.gates:
            deepest = 0
            for source in gate.reads():
                if not _INPUT_RE.match(source):
                    deepest = max(deepest, level[self._index[source]])
            level.append(deepest + 1)
        return level

    def metrics(self, rows: np.ndarray | None = None,
                inputs: np.ndarray | None = None,
                evaluation: tuple[np.ndarray, np.ndarray] | None = None) -> Metrics:
        """Size, depth, energy, evaluated and ops (each max over `rows`, default all rows, or
        over the columns of `inputs`), weight, fan-in, wires, hidden, params (`evaluation`:
        as in `output_values`)."""
        values, evaluated = evaluation or self.evaluate(rows, inputs)
        active = (values > 0).sum(axis=0)
        cost = np.array([g.fanin + 1 for g in self.gates], dtype=np.int64)
        ops = (evaluated * cost[:, None]).sum(axis=0)
        count = evaluated.sum(axis=0)
        weights = [abs(w) for g in self.gates for _, w in g.weights]
        return Metrics(
            size=len(self.gates),
            depth=max(self.levels(), default=0),
            energy=int(active.max()) if active.size else 0,
            weight=max(weights, default=0),
            fanin=max((g.fanin for g in self.gates), default=0),
            wires=len(weights),
            evaluated=int(count.max()) if count.size else 0,
            ops=int(ops.max()) if ops.size else 0,
            hidden=len(self.gates) - len(set(self.outputs)),
            params=len(weights) + len(self.gates),
        )

    @property
    def conditional(self) -> bool:
        """True when some gate carries a guard."""
        return any(g.guard is not None for g in self.gates)

    def pruned(self) -> "Circuit":
        """The same function with constant gates folded away and dead gates removed.

        A non-output gate whose value is the same constant c on all 2^n rows is removed and
        each reader's threshold absorbs w*c; then gates from which no output is reachable are
        dropped.  Every gate value that remains is unchanged on every row, so no resource grows.
        """
        values = self.gate_values()
        outputs = set(self.outputs)
        # a Boolean gate's table is over its sources: a constant it reads stays a gate
        kept = outputs | {s for g in self.gates if g.kind == "boolean" for s, _ in g.weights}
        kept |= {g.guard[0] for g in self.gates if g.guard is not None}  # guards stay gates
        constant: dict[str, int] = {}
        for j, gate in enumerate(self.gates):
            row = values[j]
            if gate.id not in kept and row.size and (row == row[0]).all():
                constant[gate.id] = int(row[0])
        gates = []
        for gate in self.gates:
            if gate.id in constant:
                continue
            shift = sum(w * constant[s] for s, w in gate.weights if s in constant)
            if shift or any(s in constant for s, _ in gate.weights):
                gate = replace(gate, weights=tuple((s, w) for s, w in gate.weights
                                                   if s not in constant),
                               threshold=gate.threshold - shift)
            gates.append(gate)
        return Circuit(self.n, tuple(gates), self.outputs).without_dead()

    def without_dead(self) -> "Circuit":
        """The same circuit without the gates no output depends on (through wires or guards);
        every remaining gate keeps its value on every row, and no resource grows."""
        live = set(self.outputs)
        for gate in reversed(self.gates):
            if gate.id in live:
                live.update(s for s in gate.reads() if not _INPUT_RE.match(s))
        if len(live) == len(self.gates):
            return self
        return Circuit(self.n, tuple(g for g in self.gates if g.id in live), self.outputs)

    def renumbered(self, prefix: str = "g") -> "Circuit":
        """The same circuit with gates renamed prefix1, prefix2, ... in topological order."""
        names = {g.id: f"{prefix}{j + 1}" for j, g in enumerate(self.gates)}
        gates = tuple(replace(g, id=names[g.id],
                              weights=tuple((names.get(s, s), w) for s, w in g.weights),
                              guard=None if g.guard is None else (names[g.guard[0]], g.guard[1]))
                      for g in self.gates)
        return Circuit(self.n, gates, tuple(names[o] for o in self.outputs))

    def gate(self, gate_id: str) -> Gate:
        """The gate with this id."""
        return self.gates[self._index[gate_id]]

    # -- formats -------------------------------------------------------------------------
    def to_json(self) -> dict:
        """Lossless JSON form: n, gates in topological order, output gate ids."""
        return {"n": self.n, "gates": [g.to_json() for g in self.gates],
                "outputs": list(self.outputs)}

    @classmethod
    def from_json(cls, data: Mapping | str) -> "Circuit":
        """Inverse of `to_json` (accepts the dict or its JSON text)."""
        fields: Any = data
        if isinstance(data, str):
            try:
                fields = json.loads(data)
            except json.JSONDecodeError as err:
                raise InputError(f"circuit JSON: {err}") from None
        try:
            return cls(int(fields["n"]), tuple(Gate.from_json(g) for g in fields["gates"]),
                       tuple(fields["outputs"]))
        except (KeyError, TypeError) as err:
            raise InputError(f"circuit JSON: missing or malformed field {err}") from None

    def to_networkx(self) -> nx.DiGraph:
        """DiGraph with input and gate nodes; edge attribute `weight`, node attributes `kind`,
        `threshold`, `output` (index of the output it drives, or None) and `guard` (None or
        {"gate": g, "when": 0 or 1}).  A guard's edge g -> gate carries `guard` = when, and
        weight 0 when the gate does not also read g."""
        import networkx as nx  # only here: importing it costs a tenth of a second

        graph = nx.DiGraph()
        for i in range(self.n):
            graph.add_node(input_name(i), kind="input")
        for gate in self.gates:
            outs = [k for k, o in enumerate(self.outputs) if o == gate.id]
            guard = None if gate.guard is None else {"gate": gate.guard[0],
                                                     "when": gate.guard[1]}
            graph.add_node(gate.id, kind=gate.kind, threshold=gate.threshold,
                           output=outs[0] if outs else None, guard=guard)
            for source, weight in gate.weights:
                graph.add_edge(source, gate.id, weight=weight)
            if gate.guard is not None:
                if graph.has_edge(gate.guard[0], gate.id):
                    graph.edges[gate.guard[0], gate.id]["guard"] = gate.guard[1]
                else:
                    graph.add_edge(gate.guard[0], gate.id, weight=0, guard=gate.guard[1])
        return graph

    def to_dot(self, title: str = "") -> str:
        """Graphviz DOT text: inputs as boxes at the top, gates as circles labelled by their
        threshold, edges labelled by their weights, output gates double-circled; a guard is a
        dashed edge labelled "if 1" or "if 0" (the guard activity that evaluates the gate)."""
        lines = ["digraph circuit {", "  rankdir=TB;", '  node [fontname="Helvetica"];']
        if title:
            escaped = title.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'  label="{escaped}"; labelloc=t;')
        lines.append("  { rank=source; " + " ".join(
            f'"{input_name(i)}" [shape=box];' for i in range(self.n)) + " }")
        for gate in self.gates:
            shape = "doublecircle" if gate.id in self.outputs else "circle"
            lines.append(f'  "{gate.id}" [shape={shape}, label="{gate.id}\\n{rule(gate)}"];')
            for k, (source, weight) in enumerate(gate.weights):
                label = letter(k) if gate.kind == "boolean" else str(weight)
                lines.append(f'  "{source}" -> "{gate.id}" [label="{label}"];')
            if gate.guard is not None:
                lines.append(f'  "{gate.guard[0]}" -> "{gate.id}" [style=dashed, '
                             f'label="if {gate.guard[1]}"];')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """Readable multi-line form, one gate per line."""
        out_names = {o: k for k, o in reversed(list(enumerate(self.outputs)))}
        lines = [f"circuit on x1..x{self.n}: {len(self.gates)} gate(s), outputs "
                 f"{', '.join(self.outputs)}"]
        for gate in self.gates:
            mark = f"  -> out{out_names[gate.id] + 1}" if gate.id in out_names else ""
            if gate.kind == "boolean":
                lines.append(f"  {gate.id} = {boolean_form(gate)}{guard_text(gate)}{mark}")
                continue
            terms = " ".join(term(w, s, first=(k == 0)) for k, (s, w) in enumerate(gate.weights))
            body = terms or "0"
            lines.append(f"  {gate.id} = {gate.kind}[{body} {rule(gate)}]{guard_text(gate)}"
                         f"{mark}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _input_rows(n: int, rows: np.ndarray) -> np.ndarray:
    """The n x len(rows) 0/1 input values of the given rows (without all 2^n of them)."""
    return (rows[None, :] >> np.arange(n, dtype=np.int64)[:, None]) & 1


def threshold_gate(gate_id: str, weights: Mapping[str, int] | Iterable[tuple[str, int]],
                   threshold: int) -> Gate:
    """Convenience constructor for a threshold gate."""
    items = weights.items() if isinstance(weights, Mapping) else weights
    return Gate(id=gate_id, weights=tuple(items), threshold=threshold)


def circuit_from_gates(n: int, gates: Sequence[Gate], outputs: Sequence[str] | None = None
                       ) -> Circuit:
    """A circuit whose output is the last gate unless `outputs` is given."""
    outs = tuple(outputs) if outputs is not None else (gates[-1].id,)
    return Circuit(n, tuple(gates), outs)


__all__ += ["input_name", "is_input_name", "threshold_gate", "circuit_from_gates",
            "boolean_form"]
