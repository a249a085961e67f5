"""The machinery every CNF session shares: bounds as assumption literals on one solver.

A subclass (`cnf.CnfSession` for threshold gates, `chain.ChainSession` for Boolean bases)
builds its gate literals into `self.b` (a `Builder`): `value[j][i]` (slot j on care row i),
`connect[j][k]` (slot j reads node k), then calls `_finish` to add the outputs, levels,
symmetry breaks and totalizers and to start the solver.  Each bound ("energy <= e", "depth
<= d", ...) is a guard literal that `decide` assumes, so one solver answers every step of
a walk; the last model seeds the phases of the next call.
"""

from __future__ import annotations

import os
import time
from typing import Sequence

import numpy as np
from pysat.card import ITotalizer
import pysolvers  # python-sat's C extension (pysat.solvers is built on it)
from pysat.solvers import Cadical195, Solver

from minckt.core.circuit import Circuit, input_name
from minckt.errors import InternalError
from minckt.core.problem import Limits
from minckt.core.status import Status
from minckt.encode.task import Answer, Task
from minckt.encode import architecture
from minckt.encode.guards import (
    SlotGuard, count_literals, decoded_guard, dependencies, used_literals, with_guard
)
from minckt.encode.intvars import Builder
from minckt.encode.symmetry import add_breaks, level_literals, resolve_switches

__all__ = ["AssumptionSession", "CnfEmitter"]


class AssumptionSession:
    """Base of the CNF sessions: outputs, levels, breaks, totalizers, guards, solving."""

    #: Name used in dump files.
    label = "cnf"
    #: CaDiCaL options (`Solver.configure`) the session's solver starts with.
    solver_options: dict[str, int] = {}

    def __init__(self, task: Task) -> None:
        self.task = task
        self.started = time.perf_counter()
        self.rows = np.asarray(task.spec.care_rows)
        self.b = Builder()
        self.connect: list[list[int]] = []
        self.value: list[list[int]] = []
        self.select: list[list[int]] = []
        self.slot_guards: list[SlotGuard] = []  # guards (`encode.guards`); none for chains
        self.levels: list[list[int]] = []  # levels[j][l-2] <-> level of gate j >= l
        self.bound_outputs: dict[str, list[list[int]]] = {}
        self.guards: dict[tuple[str, int], int] = {}
        self.guard_clauses: list[list[int]] = []  # given to the solver after the encoding
        self._last_model: list[int] | None = None
        self._calls = 0
        self._totals: dict = {}
        self.stats: dict = {}
        self.switches = resolve_switches(task.params.symmetry)
        self.wanted = set(task.axes) | set(task.limits.bounded())
        if task.limits.layers is not None:  # the slots are the layers': size is counted
            self.wanted.add("size")
        else:
            self.wanted.discard("size")
        self.counted: dict[str, list] = {}

    def _finish(self, unbounded: bool, fanin_top: int, binary: bool = True,
                slot_padding: list[int] | None = None) -> None:
        """Outputs, level literals, symmetry breaks and totalizers; then the solver."""
        spec, size = self.task.spec, self.task.size
        self._build_outputs()
        self._after_outputs()
        wanted = self.wanted
        emit = CnfEmitter(self.b)
        layers = architecture.slot_layers(self.task.limits)
        ordered = (self.switches["layers"] or self.switches["tt_order"]) and layers is None
        if not self.slot_guards:
            self.slot_guards = [SlotGuard(cond=[self.b.true] * len(self.rows))
                                for _ in range(size)]
        dep = dependencies(emit, self.connect, self.slot_guards, spec.n)
        if "depth" in wanted or ordered:
            self.levels = level_literals(emit, dep, spec.n, size, exact=ordered)
        architecture.constrain(emit, self.task.limits, spec.n, self.connect, self._is_output)
        add_breaks(emit, self.switches, spec, self.rows, self.value, dep, self.levels,
                   self._is_output, unbounded=unbounded, binary=binary,
                   slot_padding=slot_padding, guards=self.slot_guards, layers=layers,
                   copies=architecture.copies_allowed(self.task.limits))
        used = None
        if wanted & {"evaluated", "ops", "hidden", "params", "size"}:
            used = used_literals(emit, dep, self._is_output, spec.n)
            self.counted = architecture.count_groups(emit, wanted, used, self.connect,
                                                     self._is_output)
            top = size + sum(len(r) for r in self.connect)
            for axis, lits in self.counted.items():
                self._totalizers(axis, [lits], top if axis == "params" else size)
        if wanted & {"evaluated", "ops"}:
            evaluated, ops = count_literals(emit, self.slot_guards, self.connect, dep,
                                            self._is_output, spec.n, len(self.rows),
                                            ops="ops" in wanted, used=used)
            top = size + sum(len(r) for r in self.connect)
            for axis, groups in (("evaluated", evaluated), ("ops", ops)):
                if axis in wanted:
                    self._totalizers(axis, groups, size if axis == "evaluated" else top)
        if "energy" in wanted:
            self._totalizers("energy", [[self.value[j][i] for j in range(size)]
                                        for i in range(len(self.rows))], size)
        if "fanin" in wanted:
            self._totalizers("fanin", [row for row in self.connect if row], fanin_top)
        if "wires" in wanted:
            self._totalizers("wires", [[c for row in self.connect for c in row]],
                             sum(len(r) for r in self.connect))
        self.solver = Solver(name=self.task.params.sat_solver)
        options = self.solver_options if self.task.solver_options is None \
            else dict(self.task.solver_options)
        if options and self.task.params.sat_solver == "cadical195":
            self.solver.configure(options)  # (before the first clause)
        load_clauses(self.solver, self.b.clauses)
        self.stats.update({"variables": self.b.pool.top, "clauses": len(self.b.clauses),
                           "encode_s": time.perf_counter() - self.started})

    def _after_outputs(self) -> None:
        """Clauses that tie the outputs to the slots (subclass hook)."""

    def _weight_clauses(self, guard: int, value: int) -> list[list[int]]:
        """Clauses that, under `guard`, bound every weight by `value` (subclass hook)."""
        raise InternalError(f"{type(self).__name__} cannot bound the weight")

    def decode(self, true: set[int]) -> Circuit:
        """The circuit of a model (subclass hook)."""
        raise NotImplementedError

    def _node_names(self) -> list[str]:
        """x1..xn, then g1..gs for the slots (the names a decoded circuit uses)."""
        return [input_name(i) for i in range(self.task.spec.n)] + \
            [f"g{j + 1}" for j in range(self.task.size)]

    def _guarded_circuit(self, gates: list, names: list[str], true: set[int]) -> Circuit:
        """The decoded circuit: `gates` with their guards; without its dead gates when the
        counts (which leave unused slots out) or guards are in play."""
        def holds(lit: int) -> bool:
            return lit in true if lit > 0 else -lit not in true

        n = self.task.spec.n
        gates = [with_guard(gate, decoded_guard(guard, holds, names[n:]))
                 for gate, guard in zip(gates, self.slot_guards)]
        circuit = Circuit(n, tuple(gates), self._output_names(names, true))
        if self.task.limits.conditional or self.counted or self.wanted & {"evaluated", "ops"}:
            circuit = circuit.without_dead()
        return circuit

    def _output_names(self, names: list[str], true: set[int]) -> tuple[str, ...]:
        """The gate of each output in a model: the last slot, or the selected one."""
        n, size = self.task.spec.n, self.task.size
        if self.task.spec.num_outputs == 1:
            return (names[n + size - 1],)
        return tuple(names[n + next(j for j, lit in enumerate(row) if lit in true)]
                     for row in self.select)

    def _build_outputs(self) -> None:
        spec, size, b = self.task.spec, self.task.size, self.b
        table = spec.values[:, self.rows]
        if spec.num_outputs == 1:
            for i in range(len(self.rows)):
                v = self.value[size - 1][i]
                b.clause([v if table[0, i] else -v])
            return
        fixed = architecture.fixed_selection(self.task.limits, spec.num_outputs, size)
        for k in range(spec.num_outputs):
            if fixed is None:
                row = [b.var(("out", k, j)) for j in range(size)]
            else:  # a layered network: output k is the k-th output slot
                row = [b.true if on else b.false for on in fixed[k]]
            b.clause(row)
            for x in range(size):
                for y in range(x + 1, size):
                    b.clause([-row[x], -row[y]])
            for j, lit in enumerate(row):
                for i in range(len(self.rows)):
                    v = self.value[j][i]
                    b.clause([-lit, v if table[k, i] else -v])
            self.select.append(row)
        b.clause([self.select[k][size - 1] for k in range(spec.num_outputs)])

    def _totalizers(self, axis: str, groups: list[list[int]], top: int) -> None:
        outputs: list[list[int]] = []
        for lits in groups:
            lits = [l for l in lits if l != self.b.false]
            if not lits:
                outputs.append([])
                continue
            tot = ITotalizer(lits=lits, ubound=min(top, len(lits)), top_id=self.b.pool.top)
            self.b.pool.occupy(self.b.pool.top + 1, tot.top_id)
            self.b.pool.top = tot.top_id
            self.b.clauses.extend(tot.cnf.clauses)
            outputs.append(list(tot.rhs))
            tot.delete()
        self.bound_outputs[axis] = outputs

    def _is_output(self, j: int) -> list[int]:
        """Literals whose disjunction says slot j drives an output ([true] for a fixed one)."""
        if self.task.spec.num_outputs == 1:
            return [self.b.true] if j == self.task.size - 1 else []
        return [row[j] for row in self.select]

    # -- bounds as assumptions ---------------------------------------------------------------
    def _guard(self, axis: str, value: int) -> int:
        """A literal that, assumed, enforces axis <= value."""
        key = (axis, value)
        if key in self.guards:
            return self.guards[key]
        b = self.b
        guard = b.var(("bound", axis, value))
        clauses: list[list[int]] = []
        if axis == "depth":
            for row in self.levels:
                if value + 1 <= len(row) + 1 and value >= 1:
                    clauses.append([-guard, -row[value - 1]])
                elif value < 1:
                    clauses.append([-guard])
        elif axis == "weight":
            clauses.extend(self._weight_clauses(guard, value))
        else:
            for outputs in self.bound_outputs[axis]:
                if value < len(outputs):
                    clauses.append([-guard, -outputs[value]])
        for clause in clauses:
            clause = [l for l in clause if l != b.false]
            self.solver.add_clause(clause)
            self.guard_clauses.append(clause)
        self.guards[key] = guard
        return guard

    def assumptions(self, limits: Limits) -> list[int]:
        """The guard literals that, assumed, enforce `limits` (size is the slot count)."""
        assumptions = []
        for axis in limits.bounded():
            if axis == "size" and "size" not in self.bound_outputs:
                continue
            if axis not in self.bound_outputs and axis not in ("depth", "weight"):
                raise InternalError(f"{self.label} session was not built to bound {axis}")
            if axis == "depth" and not self.levels and self.task.size > 1:
                raise InternalError(f"{self.label} session was not built to bound depth")
            assumptions.append(self._guard(axis, limits.require(axis)))
        return assumptions

    def formula(self, limits: Limits) -> tuple[list[list[int]], list[int]]:
        """(every clause the solver holds, the assumptions) of the decision `limits`: a
        self-contained CNF of the question, for dumps and certificates (`minckt.solve.certify`)."""
        assumptions = self.assumptions(limits)
        return self.b.clauses + self.guard_clauses, assumptions

    # -- solving ---------------------------------------------------------------------------
    def decide(self, limits: Limits, time_limit: float | None = None) -> Answer:
        """Is there a circuit in these slots within `limits`?  No time limit here: the
        backend runs sessions in a child process (`IsolatedSession`) that it can stop."""
        if limits.size is not None and limits.size < self.task.size \
                and "size" not in self.bound_outputs:
            raise InternalError(f"{self.label} session has {self.task.size} slots; asked size <= "
                                f"{limits.size}")
        assumptions = self.assumptions(limits)
        self._calls += 1
        self._dump(assumptions)
        if self._last_model:
            self.solver.set_phases(self._last_model)
        started = time.perf_counter()
        outcome = self.solver.solve(assumptions=assumptions)
        elapsed = time.perf_counter() - started
        totals = dict(self.solver.accum_stats() or {})
        # python-sat accumulates over the solver's life; report this call's share
        stats = {k: v - self._totals.get(k, 0) for k, v in totals.items()}
        self._totals = totals
        stats["solve_s"] = elapsed
        if outcome is None:
            return Answer(Status.UNKNOWN, None, elapsed, stats)
        if not outcome:
            return Answer(Status.UNSAT, None, elapsed, stats)
        model = self.solver.get_model()
        self._last_model = model
        return Answer(Status.SAT, self.decode(set(l for l in model if l > 0)), elapsed, stats)

    def _dump(self, assumptions: list[int]) -> None:
        folder = self.task.params.dump_dir
        if not folder:
            return
        os.makedirs(folder, exist_ok=True)
        weight = self.task.limits.weight
        path = os.path.join(folder, f"{self.label}-{self.task.spec.key()[:12]}-s{self.task.size}-"
                                    f"w{'max' if weight is None else weight}-{self._calls}.cnf")
        with open(path, "w", encoding="ascii") as out:
            out.write(f"c minckt CNF: {self.task.spec} size={self.task.size}\n")
            for var, meaning in sorted(self.b.comments.items()):
                if not meaning.startswith("aux"):
                    out.write(f"c var {var} {meaning}\n")
            for lit in assumptions:
                out.write(f"c assume {lit} {self.b.comments.get(abs(lit), '')}\n")
            clauses = self.b.clauses + self.guard_clauses + [[l] for l in assumptions]
            out.write(f"p cnf {self.b.pool.top} {len(clauses)}\n")
            for clause in clauses:
                out.write(" ".join(map(str, clause)) + " 0\n")


def load_clauses(solver: Solver, clauses: list[list[int]]) -> None:
    """Give `clauses` to `solver`: for CaDiCaL 1.9.5 straight to python-sat's C function
    that adds one clause (its `append_formula` checks every clause's type and calls a
    Python method per clause: under cProfile 0.46 s of the 1.54 s encoding of
    ip8-decide-s3's two sessions, 291,562 clauses, 0.21 s of it in the C function), else
    through `append_formula`."""
    inner = solver.solver
    if not isinstance(inner, Cadical195):
        solver.append_formula(clauses)
        return
    add, handle = pysolvers.cadical195_add_cl, inner.cadical
    for clause in clauses:
        if not add(handle, clause):
            inner.status = False  # (as python-sat's own add_clause records it)


class CnfEmitter:
    """`symmetry.Emitter` over a `Builder`."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.true = builder.true

    def new_bool(self, name: str) -> int:
        return self.builder.fresh()

    def clause(self, literals: Sequence[int]) -> None:
        self.builder.clause(list(literals))

    def neg(self, literal: int) -> int:
        return -literal
