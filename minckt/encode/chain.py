"""Boolean chains (AIG, XAIG, full 2-input, MIG) as CNF: the encoding of exact synthesis.

The Kojevnikov–Kulikov–Yaroslavtsev encoding ("Finding efficient circuits using
SAT-solvers", SAT 2009; also Knuth, TAOCP Vol. 4B, 7.2.2.2, on SAT for Boolean chains), as
ABC, percy and cirbo use it, on `task.size` slots of `minckt.core.bases` gates:

* slot j chooses its operands among the earlier nodes (inputs, then slots 0..j-1, and the
  constant 0 for MIG) by one selection literal per operand tuple, exactly one true;
* its table is 2^arity literals f[j][q], restricted to the basis by clauses forbidding every
  other table;
* simulation: on every care row, for every operand tuple and every assignment q of the
  operands' values, "selected and operands == q" implies value[j][row] == f[j][q];
* a *padding* slot (how fewer gates fill the slots, as in the threshold encoding) selects no
  operands, is 0 on every row, is read by no gate and drives no output.

Outputs, depth (level literals), energy (a totalizer per care row over the gate values:
a gate is active when it outputs 1), fan-in and wires, the symmetry breaks and the
assumption-literal bounds are those of every CNF session (`incremental.AssumptionSession`).
Gate polarity is normalised (f(0,...,0) = 0 in Knuth's "normal" chains, the ``normal``
switch) only when the energy is neither limited nor minimised: complementing a gate changes
the energy.  The symmetry breaks run with `unbounded=False` (no merging of equal gates or
input copies), and ``no_trivial`` only forbids dead gates: a gate constant on the care rows
can be a needed operand (a chain gate cannot fold a constant into a threshold).
"""

from __future__ import annotations

import itertools

from pysat.card import CardEnc, EncType

from minckt.core.bases import BASES, Basis
from minckt.core.circuit import Circuit, Gate
from minckt.errors import InputError
from minckt.core.spec import input_matrix
from minckt.encode.task import Task, BaseBackend, Capabilities
from minckt.encode.incremental import AssumptionSession
from minckt.encode.isolate import IsolatedSession

__all__ = ["ChainBackend", "ChainSession"]

#: Operand index of the constant 0 (MIG gates may read it).
CONSTANT = -1

#: CaDiCaL options of a session with the layer breaks on (the least-size walk's first lane,
#: which proves the UNSAT steps; the second runs without them, `ChainBackend.sat_lane`):
#: the values of CaDiCaL's "sat" configuration (later releases name the first and last
#: `elimeffort` and `subsumeeffort`), of which `stabilizeonly` (stable mode
#: throughout: few restarts, target phases) does most.  Measured on the UNSAT step below
#: the optimum of 13 AIG / XAIG benchmark instances, one solver each (CaDiCaL 1.9.5): faster
#: on 12, by 1.1-1.8x (parity4-aig size 8: 3.49 s -> 2.52 s; random4-5-aig size 7: 4.07 s
#: -> 2.60 s), random4-7-aig size 7 even (5.06 s -> 5.17 s).  On whole walks (median of 2-3,
#: one session): parity4-aig and random4-1, -5-aig 0.70-0.80x, the small instances within
#: +-5 %, cd6-aig 1.33x (its only step is a SAT one in this lane).  `tlib` runs them in its
#: first lane only (both its lanes with them took parity 5 with fan-in 3 from 1.8 s to
#: 9.2 s; `library.LibraryBackend`); the lazy backend was slower with them on
#: cd8-decide-s3-d2 and ip8-decide-s3.
FULL_LANE_OPTIONS = {"elimreleff": 10, "stabilizeonly": 1, "subsumereleff": 60}


class ChainSession(AssumptionSession):
    """One chain encoding for `task.size` slots of a Boolean basis."""

    label = "chain"

    def __init__(self, task: Task) -> None:
        if task.model.kind not in BASES:
            raise InputError(f"backend chain: gate kind {task.model.kind!r} is not a Boolean "
                             f"basis; it handles {', '.join(BASES)}")
        super().__init__(task)
        self.basis: Basis = BASES[task.model.kind]
        self.padding: list[int] = []
        self.operands: list[list[tuple[int, ...]]] = []
        self.choice: list[list[int]] = []
        self.table: list[list[int]] = []
        self.inputs = input_matrix(task.spec.n)[:, self.rows]
        if self.switches["layers"]:
            self.solver_options = FULL_LANE_OPTIONS
        for j in range(task.size):
            self._build_slot(j)
        self._finish(unbounded=False, fanin_top=self.basis.arity, slot_padding=self.padding)
        self.stats["encoding"] = [f"chain-{self.basis.name}"]

    # -- encoding --------------------------------------------------------------------------
    def _build_slot(self, j: int) -> None:
        b, n, arity = self.b, self.task.spec.n, self.basis.arity
        nodes = ([CONSTANT] if self.basis.constant_operand else []) + list(range(n + j))
        tuples = list(itertools.combinations(nodes, arity)) if len(nodes) >= arity else []
        pad = b.var(("pad", j))
        choice = [b.var(("sel", j, t)) for t in tuples]
        b.clause([pad] + choice)
        for lit in choice:
            b.clause([-pad, -lit])
        if len(choice) > 1:
            amo = CardEnc.atmost(lits=choice, bound=1, top_id=b.pool.top,
                                 encoding=EncType.seqcounter)
            if amo.nv > b.pool.top:
                b.pool.occupy(b.pool.top + 1, amo.nv)
                b.pool.top = amo.nv
            for clause in amo.clauses:
                b.clause(clause)
        table = [b.var(("f", j, q)) for q in range(1 << arity)]
        allowed = sorted(self.basis.tables[arity])
        for forbidden in sorted(set(range(1 << (1 << arity))) - set(allowed)):
            b.clause([-t if (forbidden >> q) & 1 else t for q, t in enumerate(table)])
        for q, t in enumerate(table):  # a padding slot's table is fixed: no junk models
            b.clause([-pad, t if (allowed[0] >> q) & 1 else -t])
        values = [b.var(("x", j, int(r))) for r in self.rows]
        for v in values:
            b.clause([-pad, -v])
        for lit, operands in zip(choice, tuples):
            self._simulate(lit, operands, table, values)
        connect = []
        for k in range(n + j):
            c = b.var(("c", j, k))
            having = [lit for lit, t in zip(choice, tuples) if k in t]
            for lit in having:
                b.clause([-lit, c])
            b.clause([-c] + having)
            connect.append(c)
        for g in range(j):  # a padding slot is read by no gate
            b.clause([-self.padding[g], -connect[n + g]])
        self.padding.append(pad)
        self.operands.append(tuples)
        self.choice.append(choice)
        self.table.append(table)
        self.connect.append(connect)
        self.value.append(values)

    def _simulate(self, lit: int, operands: tuple[int, ...], table: list[int],
                  values: list[int]) -> None:
        """selected and operands == q on a row -> value == table[q] (two clauses per q the
        row allows; operands that are inputs or the constant fix their bit of q)."""
        n = self.task.spec.n
        fixed = [k for k, node in enumerate(operands) if node < n]  # inputs and the constant
        free = [(k, self.value[node - n]) for k, node in enumerate(operands) if node >= n]
        emit = self.b.clauses.append  # no constant literals here: skip Builder.clause
        for i, value in enumerate(values):
            base = 0
            for k in fixed:
                node = operands[k]
                if node != CONSTANT and self.inputs[node, i]:
                    base |= 1 << k
            for bits in range(1 << len(free)):
                q, mismatch = base, []
                for m, (k, column) in enumerate(free):
                    literal = column[i]
                    if (bits >> m) & 1:
                        q |= 1 << k
                        mismatch.append(-literal)
                    else:
                        mismatch.append(literal)
                emit([-lit, *mismatch, -value, table[q]])
                emit([-lit, *mismatch, value, -table[q]])

    def _after_outputs(self) -> None:
        """No output is a padding slot; with ``normal``, non-output gates map 0...0 to 0."""
        size = self.task.size
        if self.task.spec.num_outputs == 1:
            self.b.clause([-self.padding[size - 1]])
        else:
            for row in self.select:
                for j, lit in enumerate(row):
                    self.b.clause([-lit, -self.padding[j]])
        if self.switches["normal"] and "energy" not in self.wanted:
            for j in range(size):
                outputs = self._is_output(j)
                if self.b.true not in outputs:  # (a padding slot's table is fixed)
                    self.b.clause([*outputs, self.padding[j], -self.table[j][0]])
        if self.switches["no_trivial"] and self._reducible():
            self._reduced_clauses()

    def _reducible(self) -> bool:
        """Whether every question here has a reduced witness (module docstring)."""
        spec, limits = self.task.spec, self.task.limits
        if "energy" in self.wanted or spec.num_outputs != 1 or limits.shaped \
                or limits.conditional or len(self.rows) == 0:
            return False
        out = spec.values[0, self.rows].astype(bool)
        if out.min() == out.max():
            return False
        return not any((out == bits).all() or (out != bits).all()
                       for bits in self.inputs.astype(bool))

    def _reduced_clauses(self) -> None:
        """No used slot is constant, an input literal, or equal or complementary to another
        used slot on the care rows (module docstring: reduced chains)."""
        b, size, emit = self.b, self.task.size, self.b.clauses.append
        for j in range(size):
            column, pad = self.value[j], self.padding[j]
            emit([pad, *column])
            emit([pad, *(-v for v in column)])
            for bits in self.inputs:
                emit([pad, *(-v if x else v for v, x in zip(column, bits))])
                emit([pad, *(v if x else -v for v, x in zip(column, bits))])
        for j, k in itertools.combinations(range(size), 2):
            differ, agree = [self.padding[j], self.padding[k]], \
                [self.padding[j], self.padding[k]]
            for u, v in zip(self.value[j], self.value[k]):
                d = b.var(("differ", j, k, u))
                emit([-d, u, v])
                emit([-d, -u, -v])
                differ.append(d)
                a = b.var(("agree", j, k, u))
                emit([-a, u, -v])
                emit([-a, -u, v])
                agree.append(a)
            emit(differ)
            emit(agree)

    def _weight_clauses(self, guard: int, value: int) -> list[list[int]]:
        """Every wire has weight 1: weight <= 0 leaves only padding slots."""
        if value >= 1:
            return []
        return [[-guard, pad] for pad in self.padding]

    # -- decoding --------------------------------------------------------------------------
    def decode(self, true: set[int]) -> Circuit:
        n, size = self.task.spec.n, self.task.size
        names = self._node_names()
        gates = []
        for j in range(size):
            if self.padding[j] in true:
                continue
            (operands,) = [t for lit, t in zip(self.choice[j], self.operands[j]) if lit in true]
            full = sum(1 << q for q, t in enumerate(self.table[j]) if t in true)
            gates.append(_gate(names[n + j], [names[k] if k != CONSTANT else None
                                              for k in operands], full))
        return Circuit(n, tuple(gates), self._output_names(names, true))


def _gate(name: str, sources: list[str | None], table: int) -> Gate:
    """A Boolean gate; a constant-0 operand (None) is folded into the table."""
    kept = [k for k, s in enumerate(sources) if s is not None]
    if len(kept) < len(sources):
        restricted = 0
        for q in range(1 << len(kept)):
            full_index = sum(((q >> m) & 1) << k for m, k in enumerate(kept))
            restricted |= ((table >> full_index) & 1) << q
        table = restricted
    return Gate(id=name, weights=tuple((s, 1) for s in sources if s is not None),
                kind="boolean", table=table)


class ChainBackend(BaseBackend):
    """python-sat backend for circuits over a Boolean basis."""

    name = "chain"
    #: The symmetry switches of that walk's second lane, which looks for a circuit one size
    #: above the least open one.  Measured on the SAT step at the optimum of nine AIG
    #: benchmark instances (eq4, parity4, random4-1, -2, -3, -5, -6, -7, -8; one run,
    #: CaDiCaL 1.9.5): 36.4 s with every break, 3.8 s without these two; the UNSAT steps
    #: one below took 12.6 s with every break and 18.5 s without them.
    capabilities = Capabilities(gate_kinds=frozenset(BASES), pipelined=True,
                                sat_lane={"layers": False, "tt_order": False})

    def open(self, task: Task) -> IsolatedSession:
        """A session in a child process (so a time limit can stop the SAT solver)."""
        from minckt.encode.cnf import check_sat_solver

        check_sat_solver(task.params.sat_solver)
        return IsolatedSession(ChainSession, task)


