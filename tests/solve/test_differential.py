"""ReLU / sigmoid gates and the Boolean-chain backend against an independent brute force.

The truth here is computed in this file and shares no code with minckt's encodings or its
basis tables: a circuit is enumerated gate by gate over the spec's care rows; a ReLU gate
outputs min(R, max(0, sum w*u - t)), a sigmoid gate the number of breakpoints b_1 <= ... <=
b_R that sum w*u reaches, with every nonzero integer weight |w| <= W on each chosen source
(fan-in = number of sources); a Boolean gate of a basis chooses distinct operands (MIG may
also read the constant 0) and one of the basis's tables, built here from their definitions.
Each output is the active bit (value > 0) of some gate; depth counts gates, energy counts
active gates per care row (docs/guide/semantics.md).

The passing tests cover both neural backends and the chain backend with the default symmetry
breaks and with none, on multi-output and partial specs and every objective.  Two tests pin
a fixed bug: ``no_trivial`` used to forbid a chain gate constant on the care rows, but a
fixed-arity Boolean gate may need such a gate as an operand to compute a copy of another node.
"""

from __future__ import annotations

import itertools
import random
from functools import lru_cache

import pytest

from minckt import Circuit, Gate, Limits, SearchParams, Spec, Status, decide, minimize
from minckt import verify
from minckt.encode.symmetry import SWITCHES
from minckt.core.problem import GateModel

_NO_BREAKS = {name: False for name in SWITCHES}


# -- basis tables from their definitions (first operand = least significant bit) ----------
def _table(function, arity: int) -> int:
    return sum(function(*[(q >> k) & 1 for k in range(arity)]) << q
               for q in range(1 << arity))


def _basis_tables() -> dict[str, tuple[int, frozenset[int], bool]]:
    """name -> (arity, allowed tables, may read the constant 0)."""
    and_like = set()
    for fa, fb, fo in itertools.product((0, 1), repeat=3):  # AND with inverted ins and out
        and_like.add(_table(lambda a, b: ((a ^ fa) & (b ^ fb)) ^ fo, 2))
    xor = {_table(lambda a, b: a ^ b, 2), _table(lambda a, b: 1 - (a ^ b), 2)}
    majority = set()
    for flips in range(8):
        majority.add(_table(lambda a, b, c: int((a ^ (flips & 1)) + (b ^ (flips >> 1 & 1))
                                               + (c ^ (flips >> 2 & 1)) >= 2), 3))
    return {"aig": (2, frozenset(and_like), False),
            "xaig": (2, frozenset(and_like | xor), False),
            "full2": (2, frozenset(range(16)), False),
            "mig": (3, frozenset(majority), True)}


BASES = _basis_tables()


# -- one gate's possible value vectors over the care rows ---------------------------------
@lru_cache(maxsize=None)
def _neural(kind: str, resolution: int, weight: int, sources: tuple) -> tuple:
    width = len(sources[0])
    found = set()
    nonzero = [w for w in range(-weight, weight + 1) if w]
    for ws in itertools.product(nonzero, repeat=len(sources)):
        z = [sum(w * s[i] for w, s in zip(ws, sources)) for i in range(width)]
        low, high = min(z), max(z)
        if kind == "relu":
            for t in range(low - resolution - 1, high + 2):
                found.add(tuple(min(resolution, max(0, v - t)) for v in z))
        else:
            for steps in itertools.combinations_with_replacement(range(low - 1, high + 2),
                                                                 resolution):
                found.add(tuple(sum(v >= b for b in steps) for v in z))
    return tuple(sorted(found))


@lru_cache(maxsize=None)
def _boolean(basis: str, operands: tuple) -> tuple:
    arity, tables, _ = BASES[basis]
    width = len(next(o for o in operands if o is not None))
    found = set()
    for table in tables:
        found.add(tuple((table >> sum((0 if o is None else o[i]) << k
                                      for k, o in enumerate(operands))) & 1
                        for i in range(width)))
    return tuple(sorted(found))


def brute_decide(spec: Spec, limits: Limits, model: GateModel) -> bool:
    """Is there a circuit of `model` gates within `limits` (size, and weight for neural gates,
    must be set) computing `spec` on its care rows?"""
    basis = model.kind if model.kind in BASES else None
    rows = [int(r) for r in spec.care_rows]
    width, n = len(rows), spec.n
    inputs = [tuple((r >> i) & 1 for r in rows) for i in range(n)]
    targets = {tuple(int(spec.values[k, r]) for r in rows) for k in range(spec.num_outputs)}
    if width == 0:
        return limits.size >= 1 and (limits.depth is None or limits.depth >= 1)
    if basis is not None and limits.weight is not None and limits.weight < 1:
        return False  # a Boolean gate has wires of weight 1, and every output is a gate

    def active(vector):
        return tuple(int(v > 0) for v in vector)

    def choices(nodes, levels, wires, last):
        seen = set()
        if basis is not None:
            arity, _, constant = BASES[basis]
            pool = ([None] if constant else []) + list(range(len(nodes)))
            groups = itertools.combinations(pool, arity)
        else:
            groups = (g for k in range(len(nodes) + 1)
                      for g in itertools.combinations(range(len(nodes)), k))
        for group in groups:
            real = [x for x in group if x is not None]
            k = len(real)
            if (limits.fanin is not None and k > limits.fanin) or \
                    (limits.wires is not None and wires + k > limits.wires):
                continue
            level = 1 + max((levels[x] for x in real), default=0)
            if limits.depth is not None and level > limits.depth:
                continue
            if basis is not None:
                vectors = _boolean(basis, tuple(None if x is None else nodes[x] for x in group))
            elif k:
                vectors = _neural(model.kind, model.resolution, limits.weight,
                                  tuple(nodes[x] for x in group))
            else:
                vectors = tuple((c,) * width for c in range(model.resolution + 1))
            for vector in vectors:
                if last is not None and active(vector) not in last:
                    continue
                if (vector, level, k) not in seen:
                    seen.add((vector, level, k))
                    yield vector, level, k

    def search(gates, levels, wires, counts) -> bool:
        missing = targets - {active(g) for g in gates}
        if not missing:
            return True
        left = limits.size - len(gates)
        if len(missing) > left:
            return False
        last = missing if left == len(missing) else None
        for vector, level, k in choices(inputs + gates, [0] * n + levels, wires, last):
            now = tuple(c + a for c, a in zip(counts, active(vector)))
            if limits.energy is not None and max(now) > limits.energy:
                continue
            if search(gates + [vector], levels + [level], wires + k, now):
                return True
        return False

    return search([], [], 0, (0,) * width)


def brute_minimize(spec: Spec, objective: str, limits: Limits, model: GateModel
                   ) -> tuple[str, int | None]:
    if not brute_decide(spec, limits, model):
        return "INFEASIBLE", None
    for value in itertools.count():
        tighter = limits.with_("size", value) if objective == "size" \
            else limits.tighten(objective, value)
        if brute_decide(spec, tighter, model):
            return "OPTIMAL", value
    raise AssertionError("unreachable")


def _random_spec(rng: random.Random, n: int, outputs: int, care_chance: float) -> Spec:
    care = rng.randrange(1, 1 << (1 << n)) if rng.random() < care_chance else None
    return Spec(n=n, outputs=tuple(rng.randrange(1 << (1 << n)) for _ in range(outputs)),
                care=care)


def _extra_limits(rng: random.Random, choices) -> dict:
    return {axis: rng.choice(values) for axis, values in choices if rng.random() < 0.25}


# -- ReLU / sigmoid: both backends, breaks on and off ---------------------------------------
def _neural_questions(count: int, seed: int):
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        n = rng.choice([2, 2, 3])
        spec = _random_spec(rng, n, rng.choice([1, 1, 2]), 0.4)
        kind = rng.choice(["relu", "sigmoid"])
        resolution = rng.choice([1, 2, 2, 3]) if kind == "relu" else rng.choice([1, 2])
        limits = {"size": rng.choice([2, 3]) if n == 2 else 2, "weight": rng.choice([1, 1, 2])}
        if n == 3:
            limits["weight"] = 1  # keeps the brute force fast
        limits.update(_extra_limits(rng, (("depth", [1, 2]), ("energy", [1, 2]),
                                          ("fanin", [1, 2, 3]), ("wires", [2, 3, 4]))))
        objective = rng.choice(["size", "depth", "energy", "weight", "fanin", "wires"])
        found.append((spec, GateModel(kind, resolution), objective, Limits(**limits)))
    return found


_NEURAL_CONFIGS = {
    "cnf": SearchParams(backend="cnf", time_limit=30),
    "cnf-none": SearchParams(backend="cnf", symmetry=_NO_BREAKS, time_limit=30),
    "cpsat": SearchParams(backend="cpsat", time_limit=30),
    "cpsat-none": SearchParams(backend="cpsat", symmetry=_NO_BREAKS, time_limit=30),
}


@pytest.mark.parametrize("index", range(40))
def test_relu_and_sigmoid_optima_match_brute_force(index):
    spec, model, objective, limits = _neural_questions(40, seed=2611)[index]
    truth = brute_minimize(spec, objective, limits, model)
    for name, params in _NEURAL_CONFIGS.items():
        found = minimize(spec, objective, limits, model=model, params=params)
        got = (found.status.name, found.value)
        assert got == truth, (name, str(spec), model, objective, limits, got, truth)
        if found.circuit is not None:
            metrics = verify(spec, found.circuit, limits, model)
            assert not limits.violations(metrics)


@pytest.mark.parametrize("kind,resolution", [("relu", 3), ("sigmoid", 2)])
def test_no_weight_limit_is_at_least_as_good_as_brute_force_within_weight_3(kind, resolution):
    # no weight limit: the proven range of `minckt.core.ranges`, far above 3, so the optimum can
    # only be lower than the brute force's within |w| <= 3; the weight optimum is the same
    model = GateModel(kind, resolution)
    for table, care in ((0x6, None), (0x9, 0xB), (0x1, None)):
        spec = Spec(n=2, outputs=(table,), care=care)
        for objective in ("energy", "weight"):
            truth = brute_minimize(spec, objective, Limits(size=2, weight=3), model)
            found = minimize(spec, objective, Limits(size=2), model=model,
                             params=SearchParams(backend="cpsat"))
            assert found.status is Status.OPTIMAL and found.limits.weight is None
            verify(spec, found.circuit, Limits(size=2), model)
            if objective == "weight":
                assert found.value == truth[1], (kind, hex(table))
            else:
                assert found.value <= truth[1], (kind, hex(table))
            # two's-complement sums (and breakpoints) in CNF: the same optimum
            cnf = minimize(spec, objective, Limits(size=2), model=model, params=SearchParams(backend="cnf"))
            assert (cnf.status, cnf.value) == (found.status, found.value), (kind, hex(table))


# -- Boolean chains: care sets, several outputs, every objective ----------------------------
def _chain_questions(count: int, seed: int):
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        n = rng.choice([2, 3, 3])
        spec = _random_spec(rng, n, rng.choice([1, 1, 2, 2, 3]), 0.5)
        basis = rng.choice(list(BASES))
        limits = {"size": rng.choice([2, 3, 3, 4]) if basis != "mig" else rng.choice([2, 3])}
        limits.update(_extra_limits(rng, (("depth", [1, 2, 3]), ("energy", [0, 1, 2]),
                                          ("fanin", [2, 3]), ("wires", [4, 5, 6]),
                                          ("weight", [0, 1]))))
        objective = rng.choice(["size", "depth", "energy", "weight", "fanin", "wires"])
        found.append((spec, GateModel(basis), objective, Limits(**limits)))
    return found


@pytest.mark.parametrize("index", range(60))
def test_chain_optima_match_brute_force(index):
    spec, model, objective, limits = _chain_questions(60, seed=2612)[index]
    truth = brute_minimize(spec, objective, limits, model)
    for symmetry in ({}, _NO_BREAKS):
        found = minimize(spec, objective, limits, model=model,
                         params=SearchParams(backend="chain", symmetry=symmetry, time_limit=30))
        got = (found.status.name, found.value)
        assert got == truth, (str(spec), model.kind, objective, limits, bool(symmetry), got,
                              truth)


# -- the no_trivial bug for chains ----------------------------------------------------------
# x1 and NOT x1 on the rows where x2 AND x3 = 0.  On those rows no input is contained in x1
# or its complement, so a 2-input gate can only copy x1 with a helper operand; every helper
# that is not constant on the care rows is active on some row, where one output is active
# too (energy 2).  The gate x2 AND x3 is 0 on every care row: reading it, x1 OR g and
# NOR(x1, g) give energy 1.  no_trivial makes such a gate a padding slot, which nothing reads.
COPY_SPEC = Spec.from_table(("0xAA", "0x55"), 3, care="0x3F")


def _copy_circuit() -> Circuit:
    g1 = Gate("g1", (("x2", 1), ("x3", 1)), kind="boolean", table=0x8)   # x2 AND x3
    g2 = Gate("g2", (("x1", 1), ("g1", 1)), kind="boolean", table=0xE)   # x1 OR g1
    g3 = Gate("g3", (("x1", 1), ("g1", 1)), kind="boolean", table=0x1)   # NOR(x1, g1)
    return Circuit(3, (g1, g2, g3), ("g2", "g3"))


def test_copy_circuit_is_a_valid_energy_one_aig():
    metrics = verify(COPY_SPEC, _copy_circuit(), Limits(size=3, energy=1, depth=2),
                     GateModel("aig"))
    assert (metrics.size, metrics.energy, metrics.depth) == (3, 1, 2)
    assert brute_minimize(COPY_SPEC, "energy", Limits(size=3), GateModel("aig")) == \
        ("OPTIMAL", 1)
    # with no_trivial off the chain backend finds it
    found = minimize(COPY_SPEC, "energy", Limits(size=3), model=GateModel("aig"),
                     params=SearchParams(backend="chain", symmetry={"no_trivial": False}))
    assert (found.status, found.value) == (Status.OPTIMAL, 1)


# regression: no_trivial used to forbid chain gates constant on the care rows, which a
# fixed-arity gate may need as an operand (energy 1 was reported as 2)
@pytest.mark.parametrize("basis", ["aig", "xaig", "mig"])
def test_chain_energy_with_a_gate_constant_on_the_care_rows(basis):
    found = minimize(COPY_SPEC, "energy", Limits(size=3), model=GateModel(basis),
                     params=SearchParams(backend="chain"))
    assert (found.status, found.value) == (Status.OPTIMAL, 1)


# regression: decide read UNSAT although a verified 3-gate energy-1 AIG exists
def test_chain_decide_energy_one_is_sat():
    answer = decide(COPY_SPEC, Limits(size=3, energy=1), model=GateModel("aig"),
                    params=SearchParams(backend="chain"))
    assert answer.status is Status.SAT
