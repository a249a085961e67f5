"""CP-SAT (OR-Tools) encoding of threshold-circuit synthesis.

Model (docs/design/searching.md#encodings), for s gate slots on the spec's care rows r:

* weights w[j][k] in [-W_j, W_j] on every earlier node k (n inputs, then gates 0..j-1);
  w = 0 means "not connected", tied to a connection literal c[j][k] <=> (w != 0).  W_j is
  the weight limit, or when weights are unbounded `max_weight_needed(fan-in of slot j)`,
  which provably loses no circuit (`minckt.core.threshold`);
* thresholds t[j] in the range `threshold_range` allows for that fan-in and weight;
* gate values v[j][r] as Booleans; a product w[j][g] * v[g][r] of a weight and a gate value is
  an integer p channelled by enforcement literals (p = w if v[g][r], p = 0 otherwise), not a
  multiplication constraint;
* v[j][r] <=> sum_k w[j][k] u_k(r) - t[j] >= 0, as two enforced linear constraints;
* output k is slot s-1 for a single output; with m > 1 outputs, selection literals o[k][j]
  pick the gate of each output and the last slot is one of them;
* guards (`Limits.conditional`) and the evaluated / ops counts as in `minckt.encode.guards`:
  a guarded slot's value is its activation step conjoined with its evaluation literal;
  evaluated and ops are one linear bound per care row;
* energy: one linear bound sum_j v[j][r] <= E per care row; depth: layer literals
  (level of j >= l) shared with the CNF backend (`symmetry.level_literals`), each forcing
  D >= l; symmetry breaks as named switches (`minckt.encode.symmetry`); fan-in:
  sum_k c[j][k] <= F per slot; wires: sum c <= M; weight: |w| <= B.

E, D, F, M and B are bound variables whose domains each decision sets, so one model answers
every decision of a walk; the last circuit found is given as a hint.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.errors import InputError, InternalError
from minckt.lifecycle import stoppable
from minckt.core.problem import Limits
from minckt.core.status import Status
from minckt.core.spec import input_matrix
from minckt.encode.task import Answer, Task, BaseBackend, Capabilities
from minckt.encode import architecture
from minckt.encode.guards import (
    count_literals, decoded_guard, dependencies, guarded_steps, slot_guard, used_literals,
    with_guard
)
from minckt.encode.symmetry import add_breaks, level_literals, resolve_switches

__all__ = ["CpModel", "CpSatBackend", "CpSatSession", "NEURAL_KINDS", "solve_model"]

#: The gate kinds of docs/guide/semantics.md#gates-and-circuits this model handles.
NEURAL_KINDS = ("threshold", "relu", "sigmoid")


_STATUS = {
    cp_model.OPTIMAL: Status.SAT,
    cp_model.FEASIBLE: Status.SAT,
    cp_model.INFEASIBLE: Status.UNSAT,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


class CpModel(cp_model.CpModel):
    """OR-Tools' model without its pre-PEP 8 aliases, which each new model makes by
    reflection over its methods (0.2-0.3 s of the 222 NPN4 classes' one `minimize` each,
    about 700 models, 0.007 s without); minckt calls only the PEP 8 names.  Should a later
    OR-Tools rename the hook, this override is unused and the aliases are made as before."""

    def _add_pre_pep8_methods(self) -> None:
        pass


#: Functions of at most this many inputs are solved without CP-SAT's presolve, whose fixed
#: cost is most of such a solve: on the 222 NPN4 classes (one `minimize` each) 4.71 s with
#: it and 3.54 s without; on the 4-input threshold instances of the benchmark suite (median
#: of 7) 10.7-50.3 ms against 16.3-79.3 ms, ip4-energy-d2 165 ms against 155 ms.  (Those runs
#: had polish's models without presolve too; polish keeps it: without it alone, polish
#: changed by less than the noise.)
NO_PRESOLVE_MAX_INPUTS = 4


def solve_model(model: cp_model.CpModel, workers: int, seed: int = 0,
                time_limit: float | None = None, presolve: bool = True
                ) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    """(solver, status code) of one CP-SAT solve that a signal can stop at once
    (`minckt.lifecycle`: CP-SAT must not catch SIGINT itself)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.catch_sigint_signal = False
    solver.parameters.cp_model_presolve = presolve
    if time_limit is not None:
        solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    with stoppable(solver.stop_search):
        code = solver.solve(model)
    return solver, code


@dataclass
class _Vars:
    """Named accessors for the model's variable families."""

    weight: list[list[cp_model.IntVar]]  # weight[j][k], k < n + j
    connect: list[list[cp_model.IntVar]]  # connect[j][k] <=> weight != 0
    threshold: list[cp_model.IntVar]
    value: list[list[cp_model.LiteralT]]  # value[j][row index]
    select: list[list[cp_model.LiteralT]]  # select[k][j]: output k is gate j (m > 1)
    bounds: dict[str, cp_model.IntVar]  # axis -> bound variable


class CpSatSession:
    """One CP-SAT model for `task.size` slots; `decide` sets the bound variables' domains."""

    def __init__(self, task: Task) -> None:
        if task.model.kind not in NEURAL_KINDS:
            raise InputError(f"backend cpsat: gate kind {task.model.kind!r} is not supported; "
                             f"it handles {', '.join(NEURAL_KINDS)}")
        started = time.perf_counter()
        self.task = task
        self.model = CpModel()
        self.rows = np.asarray(task.spec.care_rows)
        self.vars = self._build()
        self._last: dict[int, int] | None = None
        self.stats = {
            "variables": len(self.model.proto.variables),
            "constraints": len(self.model.proto.constraints),
            "encode_s": time.perf_counter() - started,
        }
        self._calls = 0

    # -- encoding --------------------------------------------------------------------------
    def close(self) -> None:
        """Nothing to release: the model and its solver live in this process."""

    def _build(self) -> _Vars:
        task, model = self.task, self.model
        spec, size = task.spec, task.size
        n, m = spec.n, spec.num_outputs
        kind, levels_per_gate = task.model.kind, task.model.resolution
        inputs = input_matrix(n)[:, self.rows].astype(np.int64)
        weight: list[list[cp_model.IntVar]] = []
        connect: list[list[cp_model.IntVar]] = []
        threshold: list[cp_model.IntVar] = []
        value: list[list[cp_model.LiteralT]] = []
        steps: list[list[list[cp_model.IntVar]]] = []
        self.breakpoints: list[list[cp_model.IntVar]] = []
        for j in range(size):
            bound = self.task.slot_weight(j)
            row_w, row_c = [], []
            for k in range(n + j):
                w = model.new_int_var(-bound, bound, f"w[{j}][{k}]")
                c = model.new_bool_var(f"c[{j}][{k}]")
                model.add(w == 0).only_enforce_if(~c)
                model.add(w != 0).only_enforce_if(c)
                row_w.append(w)
                row_c.append(c)
            for tied in task.ties:
                for k in tied[1:]:
                    model.add(row_w[k] == row_w[tied[0]])
            weight.append(row_w)
            connect.append(row_c)
            low, high = task.gate_threshold_range(j)
            threshold.append(model.new_int_var(low, high, f"t[{j}]"))
            if kind == "sigmoid":  # t is 0; the staircase's breakpoints are the variables
                model.add(threshold[j] == 0)
                points = [model.new_int_var(low, high, f"b[{j}][{q}]")
                          for q in range(levels_per_gate)]
                for lower, upper in zip(points, points[1:]):
                    model.add(lower <= upper)
                self.breakpoints.append(points)
            # steps[j][i][q] <=> gate j's output on row i is >= q + 1; the active bit is q = 0
            steps.append([[model.new_bool_var(f"v[{j}][{r}][{q}]")
                           for q in range(levels_per_gate)] for r in self.rows])
            for bits in steps[j]:
                for higher, lower in zip(bits[1:], bits):
                    model.add_implication(higher, lower)

        emit = _CpEmitter(model)
        conditional = task.limits.conditional
        self.guards, outs = [], []
        for j in range(size):  # the guarded output steps, slot by slot
            guard = slot_guard(emit, j, value, len(self.rows), conditional)
            self.guards.append(guard)
            outs.append(guarded_steps(emit, steps[j], guard))
            value.append([bits[0] for bits in outs[j]])

        for j in range(size):
            bound = self.task.slot_weight(j)
            for i, r in enumerate(self.rows):
                terms = [weight[j][k] for k in range(n) if inputs[k, i]]
                for g in range(j):
                    for q, bit in enumerate(outs[g][i]):  # w * output = sum of w per step
                        p = model.new_int_var(-bound, bound, f"p[{j}][{g}][{r}][{q}]")
                        model.add(p == weight[j][n + g]).only_enforce_if(bit)
                        model.add(p == 0).only_enforce_if(~bit)
                        terms.append(p)
                total = sum(terms) - threshold[j] if terms else -threshold[j]
                for q, bit in enumerate(steps[j][i]):
                    # threshold: z >= 0; relu: z >= q + 1; sigmoid: z >= breakpoint q
                    reach: cp_model.IntVar | int
                    if kind == "sigmoid":
                        reach = self.breakpoints[j][q]
                    else:
                        reach = 0 if kind == "threshold" else q + 1
                    model.add(total >= reach).only_enforce_if(bit)
                    model.add(total <= reach - 1).only_enforce_if(~bit)

        select: list[list[cp_model.LiteralT]] = []
        table = spec.values[:, self.rows]
        if m == 1:
            for i in range(len(self.rows)):
                model.add(value[size - 1][i] == int(table[0, i]))
        else:
            fixed = architecture.fixed_selection(task.limits, m, size)
            for k in range(m):
                row: list[cp_model.LiteralT]
                if fixed is None:
                    row = [model.new_bool_var(f"o[{k}][{j}]") for j in range(size)]
                else:  # a layered network: output k is the k-th output slot
                    row = [emit.true if on else ~emit.true for on in fixed[k]]
                model.add_exactly_one(row)
                for j, lit in enumerate(row):
                    for i in range(len(self.rows)):
                        target = value[j][i] if table[k, i] else ~value[j][i]
                        model.add_implication(lit, target)
                select.append(row)
            model.add_bool_or([select[k][size - 1] for k in range(m)])

        self.switches = resolve_switches(task.params.symmetry)
        layers = architecture.slot_layers(task.limits)
        ordered = (self.switches["layers"] or self.switches["tt_order"]) and layers is None
        wanted = _wanted(task)
        dep = dependencies(emit, connect, self.guards, n)
        levels = (level_literals(emit, dep, n, size, exact=ordered)
                  if "depth" in wanted or ordered else [])

        def outputs_of(j: int) -> list:
            if m == 1:
                return [emit.true] if j == size - 1 else []
            return [row[j] for row in select]

        architecture.constrain(emit, task.limits, n, connect, outputs_of)
        add_breaks(emit, self.switches, spec, self.rows, value, dep, levels, outputs_of,
                   unbounded=task.weights_unbounded and kind == "threshold",
                   binary=levels_per_gate == 1, guards=self.guards, layers=layers,
                   copies=architecture.copies_allowed(task.limits))
        counted = wanted & {"evaluated", "ops", "hidden", "params", "size"}
        used = used_literals(emit, dep, outputs_of, n) if counted else None
        counts: tuple[list[list], list[list]] = ([], [])
        if wanted & {"evaluated", "ops"}:
            counts = count_literals(emit, self.guards, connect, dep, outputs_of, n,
                                    len(self.rows), ops="ops" in wanted, used=used)
        self.counted = architecture.count_groups(emit, wanted, used, connect, outputs_of) \
            if used is not None else {}
        bounds = self._bound_vars(weight, connect, value, levels, counts)
        return _Vars(weight, connect, threshold, value, select, bounds)

    def _bound_vars(self, weight, connect, value, levels, counts
                    ) -> dict[str, cp_model.IntVar]:
        task, model = self.task, self.model
        size, n = task.size, task.spec.n
        wanted = _wanted(task)
        bounds: dict[str, cp_model.IntVar] = {}
        if "energy" in wanted:
            energy = bounds["energy"] = model.new_int_var(0, size, "E")
            for i in range(len(self.rows)):
                model.add(sum(value[j][i] for j in range(size)) <= energy)
        if "depth" in wanted:
            depth = bounds["depth"] = model.new_int_var(0, size, "D")
            for row in levels:
                for level, literal in enumerate(row, start=2):
                    model.add(depth >= level).only_enforce_if(literal)
        if "fanin" in wanted:
            fanin = bounds["fanin"] = model.new_int_var(0, n + size, "F")
            for j in range(size):
                model.add(sum(connect[j]) <= fanin)
        if "wires" in wanted:
            total = sum(n + j for j in range(size))
            wires = bounds["wires"] = model.new_int_var(0, total, "M")
            model.add(sum(c for row in connect for c in row) <= wires)
        for axis, groups in zip(("evaluated", "ops"), counts):
            if axis in wanted:
                bounds[axis] = var = model.new_int_var(0, self._original_high(axis), axis)
                for lits in groups:
                    model.add(sum(lits) <= var)
        for axis, lits in self.counted.items():
            bounds[axis] = var = model.new_int_var(0, self._original_high(axis), axis)
            model.add(sum(lits) <= var)
        if "weight" in wanted:
            top = self.task.largest_weight()
            magnitude = bounds["weight"] = model.new_int_var(0, top, "B")
            for row in weight:
                for w in row:
                    model.add(w <= magnitude)
                    model.add(-w <= magnitude)
        return bounds

    # -- solving ---------------------------------------------------------------------------
    def decide(self, limits: Limits, time_limit: float | None) -> Answer:
        """Is there a circuit in these slots within `limits` (size must not be below the slots'
        count unless it equals it)?"""
        if limits.size is not None and limits.size < self.task.size \
                and "size" not in self.vars.bounds:
            raise InternalError(f"cpsat session has {self.task.size} slots; asked size <= "
                                f"{limits.size}")
        for axis, var in self.vars.bounds.items():
            high = self._original_high(axis)
            asked = limits.get(axis)
            if asked is not None:
                high = min(high, asked)
            domain = self.model.proto.variables[var.index].domain
            domain.clear()
            domain.extend([0, high])
        for axis in limits.bounded():
            if axis != "size" and axis not in self.vars.bounds:
                raise InternalError(f"cpsat session was not built to bound {axis}")
        self._calls += 1
        self.model.clear_hints()
        if self._last:
            for index, val in self._last.items():
                self.model.add_hint(self.model.get_int_var_from_proto_index(index), val)
        self._dump()
        params = self.task.params
        started = time.perf_counter()
        solver, code = solve_model(self.model, params.workers, params.seed, time_limit,
                                   presolve=self.task.spec.n > NO_PRESOLVE_MAX_INPUTS)
        elapsed = time.perf_counter() - started
        if code not in _STATUS:
            raise InternalError(f"CP-SAT returned {solver.status_name(code)} for a model minckt "
                                f"built: {self.model.validate()}")
        status = _STATUS[code]
        stats = {"conflicts": solver.num_conflicts, "branches": solver.num_branches,
                 "solve_s": elapsed}
        circuit = self.decode(solver) if status is Status.SAT else None
        return Answer(status=status, circuit=circuit, time_s=elapsed, stats=stats)

    def _original_high(self, axis: str) -> int:
        size, n = self.task.size, self.task.spec.n
        if axis in ("energy", "depth", "evaluated", "hidden", "size"):
            return size
        if axis in ("ops", "params"):
            return size + sum(n + j for j in range(size))
        if axis == "fanin":
            return n + size
        if axis == "wires":
            return sum(n + j for j in range(size))
        return self.task.largest_weight()

    def decode(self, solver: cp_model.CpSolver) -> Circuit:
        spec, size, v = self.task.spec, self.task.size, self.vars
        n = spec.n
        names = [input_name(i) for i in range(n)] + [f"g{j + 1}" for j in range(size)]
        gates = []
        last: dict[int, int] = {}
        for j in range(size):
            weights = []
            for k, w in enumerate(v.weight[j]):
                value = solver.value(w)
                last[w.index] = value
                weights.append((names[k], value))
            t = solver.value(v.threshold[j])
            last[v.threshold[j].index] = t
            kind = self.task.model.kind
            if kind == "threshold":
                gates.append(Gate(id=names[n + j], weights=tuple(weights), threshold=t))
            elif kind == "relu":
                gates.append(Gate(id=names[n + j], weights=tuple(weights), threshold=t,
                                  kind="relu", resolution=self.task.model.resolution))
            else:
                points = tuple(solver.value(b) for b in self.breakpoints[j])
                gates.append(Gate(id=names[n + j], weights=tuple(weights), threshold=0,
                                  kind="sigmoid", breakpoints=points))
        self._last = last
        gates = [with_guard(gate, decoded_guard(guard, solver.boolean_value, names[n:]))
                 for gate, guard in zip(gates, self.guards)]
        outputs: tuple[str, ...]
        if spec.num_outputs == 1:
            outputs = (names[n + size - 1],)
        else:
            outputs = tuple(
                names[n + next(j for j, lit in enumerate(row) if solver.boolean_value(lit))]
                for row in v.select
            )
        circuit = Circuit(n, tuple(gates), outputs)
        if self.task.limits.conditional or self.counted or _wanted(self.task) & {"evaluated",
                                                                                 "ops"}:
            circuit = circuit.without_dead()  # the counts leave unused slots out
        return circuit

    def _dump(self) -> None:
        folder = self.task.params.dump_dir
        if not folder:
            return
        os.makedirs(folder, exist_ok=True)
        name = f"cpsat-{self.task.spec.key()[:12]}-s{self.task.size}-{self._calls}.pbtxt"
        self.model.export_to_file(os.path.join(folder, name))


def _wanted(task: Task) -> set[str]:
    """The axes a session bounds: the task's, every limit's, and size in a layered network
    (whose slot count is the layers' sum, so size is counted over used slots)."""
    wanted = set(task.axes) | set(task.limits.bounded())
    if task.limits.layers is not None:
        wanted.add("size")
    else:
        wanted.discard("size")
    return wanted


class _CpEmitter:
    """`symmetry.Emitter` over a CP-SAT model."""

    def __init__(self, model: cp_model.CpModel) -> None:
        self.model = model
        self.true = model.new_bool_var("true")
        model.add_bool_or([self.true])

    def new_bool(self, name: str):
        return self.model.new_bool_var(name)

    def clause(self, literals) -> None:
        self.model.add_bool_or(list(literals))

    def neg(self, literal):
        return ~literal


class CpSatBackend(BaseBackend):
    """OR-Tools CP-SAT backend for threshold, discretized ReLU and sigmoid circuits."""

    name = "cpsat"
    capabilities = Capabilities(gate_kinds=frozenset(NEURAL_KINDS))

    def open(self, task: Task) -> CpSatSession:
        return CpSatSession(task)

