"""Boolean bases (encode/chain.py): minimal size, energy and depth against brute force, known
values from the literature, Knuth's count of 4-input functions, and symmetry switches."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from chaintools import FULL, N, brute_force

from minckt import Limits, SearchParams, Spec, Status, family, minimize
from minckt.core.circuit import Circuit, Gate
from minckt.encode.symmetry import SWITCHES
from minckt.errors import InputError, VerificationError
from minckt.core.families import npn_classes
from minckt.core.problem import GateModel
from minckt import decide
from minckt.verify.check import verify

def _spec(table: int) -> Spec:
    return Spec(n=N, outputs=(table,))


SAMPLE = [int(t) for t in np.random.default_rng(7).choice(256, size=24, replace=False)]


@pytest.mark.parametrize("basis,max_size", [("aig", 3), ("xaig", 3), ("full2", 2),
                                            ("mig", 2)])
def test_minimal_size_energy_depth_match_brute_force(basis, max_size):
    truth = brute_force(basis, max_size)
    model = GateModel(basis)
    for table in SAMPLE + [0x96, 0xE8, 0x80, 0x01]:
        spec = _spec(table)
        if table not in truth:  # needs more gates than enumerated
            assert decide(spec, Limits(size=max_size), model=model).status is Status.UNSAT, table
            continue
        size, energy, depth = truth[table]
        found = minimize(spec, "size", model=model)
        assert (found.status, found.value) == (Status.OPTIMAL, size), (basis, hex(table))
        verify(spec, found.circuit, model=model)
        least = minimize(spec, "energy", Limits(size=max_size), model=model)
        assert (least.status, least.value) == (Status.OPTIMAL, energy), (basis, hex(table))
        shallow = minimize(spec, "depth", Limits(size=max_size), model=model)
        assert (shallow.status, shallow.value) == (Status.OPTIMAL, depth), (basis, hex(table))


@pytest.mark.slow
@pytest.mark.parametrize("basis,max_size", [("aig", 3), ("xaig", 3), ("mig", 2)])
def test_every_3_input_function_against_brute_force(basis, max_size):
    truth = brute_force(basis, max_size)
    model = GateModel(basis)
    for table in range(256):
        answer = decide(_spec(table), Limits(size=max_size), model=model)
        assert (answer.status is Status.SAT) == (table in truth), (basis, hex(table))
        if table in truth:
            found = minimize(_spec(table), "size", model=model)
            assert found.value == truth[table][0], (basis, hex(table))


KNOWN = [  # (spec, basis, minimal size): values from the exact-synthesis literature
    (family("PARITY", 2), "aig", 3),   # XOR needs 3 AND gates
    (family("PARITY", 3), "aig", 6),
    (family("MAJ", 3), "aig", 4),
    (family("PARITY", 3), "full2", 2),
    (family("MAJ", 3), "full2", 4),
    (family("MAJ", 3), "mig", 1),
    (family("PARITY", 3), "mig", 3),
    (family("PARITY", 4), "xaig", 3),
]


@pytest.mark.parametrize("spec,basis,size", KNOWN, ids=lambda v: str(v))
def test_known_minimal_sizes(spec, basis, size):
    found = minimize(spec, "size", model=GateModel(basis))
    assert (found.status, found.value) == (Status.OPTIMAL, size)
    # size - 1 proven impossible: by the solver, or the walk started at a proven bound
    assert found.lower_bound == size
    # (two lanes log their steps in the order they finish)
    assert any(s.size == size - 1 and s.status is Status.UNSAT for s in found.steps) or \
        found.lower_bound_source.startswith("bound")


def _npn_class_sizes() -> dict[int, int]:
    """Number of 4-input functions in each NPN class, by the class's least table (the orbit
    of each representative under input permutations, input and output negations)."""
    rows = np.arange(16)
    images = []
    for perm in itertools.permutations(range(4)):
        for flips in range(16):
            image = np.zeros_like(rows)
            for i, source in enumerate(perm):
                image |= (((rows >> source) & 1) ^ ((flips >> i) & 1)) << i
            images.append(image)
    weights = 1 << rows
    sizes = {}
    for table in npn_classes(4):
        bits = (table >> rows) & 1
        orbit = {int((bits[image] * weights).sum()) for image in images}
        orbit |= {t ^ 0xFFFF for t in orbit}
        assert min(orbit) == table
        sizes[table] = len(orbit)
    return sizes


#: Knuth, TAOCP 7.1.2: number of 4-input functions of each minimal full-basis cost 0..7.
KNUTH_COUNTS = [10, 60, 456, 2474, 10624, 24184, 25008, 2720]


def _knuth_histogram(classes: list[int]) -> dict[int, int]:
    sizes = _npn_class_sizes()
    histogram: dict[int, int] = {}
    for table in classes:
        found = minimize(Spec(n=4, outputs=(table,)), "size", model=GateModel("full2"))
        assert found.status is Status.OPTIMAL
        # cost 0 in Knuth's count (constants and literals) is one gate here: an output is
        # always a gate
        cost = 0 if table in (0, 0x00FF, 0x0F0F, 0x3333, 0x5555) or \
            (table ^ 0xFFFF) in (0, 0x00FF, 0x0F0F, 0x3333, 0x5555) else found.value
        assert cost == 0 or found.value == cost
        histogram[cost] = histogram.get(cost, 0) + sizes[table]
    return histogram


@pytest.mark.slow
def test_knuth_counts_of_4_input_functions_by_full_basis_cost():
    histogram = _knuth_histogram(npn_classes(4))
    assert [histogram.get(c, 0) for c in range(8)] == KNUTH_COUNTS


def test_knuth_cost_of_a_stratified_sample():
    """Default tier: a few classes, each cost reached; their costs must be ones Knuth's
    table has and the cost-0 classes must be exactly the constants and literals."""
    classes = npn_classes(4)
    sample = classes[:6] + classes[100:103] + classes[-3:]
    histogram = _knuth_histogram(sample)
    assert set(histogram) <= set(range(8)) and len(histogram) >= 3
    sizes = _npn_class_sizes()
    assert sum(sizes.values()) == 1 << 16 and len(sizes) == 222


CHAIN_CONFIGS = {
    "all": SearchParams(),
    **{f"no-{name}": SearchParams(symmetry={name: False}) for name in SWITCHES},
    "none": SearchParams(symmetry={name: False for name in SWITCHES}),
}


@pytest.mark.parametrize("basis", ["aig", "xaig", "mig"])
def test_switches_change_no_chain_optimum(basis):
    model = GateModel(basis)
    specs = [_spec(t) for t in SAMPLE[:6]] + [family("PARITY", 3), family("MAJ", 3)]
    for spec in specs:
        for objective, limits in (("size", Limits()), ("energy", Limits(size=4)),
                                  ("depth", Limits(size=4))):
            optima = set()
            for name, params in CHAIN_CONFIGS.items():
                found = minimize(spec, objective, limits, model=model, params=params)
                assert found.status in (Status.OPTIMAL, Status.INFEASIBLE), name
                optima.add(found.value)
            assert len(optima) == 1, (basis, str(spec), objective, optima)


@pytest.mark.parametrize("basis", ["aig", "xaig"])
def test_solver_options_change_no_optimum(basis, monkeypatch):
    """The first lane's CaDiCaL options (`chain.FULL_LANE_OPTIONS`) are set on exactly the
    sessions with the layer breaks, and the optima with and without them are the same."""
    from minckt.encode.task import Task
    from minckt.encode import chain

    model = GateModel(basis)
    spec = family("PARITY", 3)
    full = chain.ChainSession(Task(spec, 3, model, Limits(size=3), frozenset(), SearchParams()))
    lane = dict(chain.ChainBackend.capabilities.sat_lane)
    light = chain.ChainSession(Task(spec, 3, model, Limits(size=3), frozenset(),
                                    SearchParams(symmetry=lane)))
    assert full.solver_options == chain.FULL_LANE_OPTIONS and light.solver_options == {}
    specs = [_spec(t) for t in SAMPLE[:8]] + [family("MAJ", 3), family("CD", 4)]
    with_options = [minimize(s, "size", model=model).value for s in specs]
    monkeypatch.setattr(chain, "FULL_LANE_OPTIONS", {})
    assert [minimize(s, "size", model=model).value for s in specs] == with_options


def test_two_outputs_and_care_sets():
    half_adder = Spec(n=2, outputs=(0x6, 0x8))  # sum and carry
    found = minimize(half_adder, "size", model=GateModel("xaig"))
    assert found.value == 2
    verify(half_adder, found.circuit, model=GateModel("xaig"))
    partial = Spec.from_table("0x6", 2, care="0x7")  # XOR except on x1 = x2 = 1: an OR
    assert minimize(partial, "size", model=GateModel("aig")).value == 1


def test_verify_rejects_gates_outside_the_basis():
    xor = Gate("g1", (("x1", 1), ("x2", 1)), kind="boolean", table=0x6)
    circuit = Circuit(2, (xor,), ("g1",))
    verify(family("PARITY", 2), circuit, model=GateModel("xaig"))
    with pytest.raises(VerificationError, match="not a gate of"):
        verify(family("PARITY", 2), circuit, model=GateModel("aig"))
    with pytest.raises(InputError, match="not a truth table"):
        Gate("g1", (("x1", 1), ("x2", 1)), kind="boolean", table=16)
    with pytest.raises(InputError, match="weight 1"):
        Gate("g1", (("x1", 2),), kind="boolean", table=1)
    with pytest.raises(InputError, match="does not handle"):
        minimize(family("PARITY", 2), "size", model=GateModel("aig"),
                 params=SearchParams(backend="cnf"))


@pytest.mark.parametrize("basis,max_size", [("aig", 3), ("mig", 2)])
def test_fanin_bounds_never_exceed_brute_force_optima(basis, max_size):
    """size >= ceil((m-1)/(a-1)) and depth >= ceil(log_a m) for an output on m inputs
    (and Schnorr's 3(m - 1) for parity in AIG: every bound, against the brute force)."""
    from minckt.bounds import lower_bounds, strongest

    model = GateModel(basis)
    for table, (size, _, depth) in brute_force(basis, max_size).items():
        assert strongest(_spec(table), "size", model).value <= size, hex(table)
        assert strongest(_spec(table), "depth", model).value <= depth, hex(table)
    elementary = [b for b in lower_bounds(family("PARITY", 5), "size", GateModel("aig"))
                  if b.name == "trivial"]
    assert max(b.value for b in elementary) == 4  # (size >= 1 is trivial too)
    assert strongest(family("PARITY", 5), "size", GateModel("aig")).value == 12  # Schnorr
    assert strongest(family("PARITY", 5), "size", GateModel("mig")).value == 2
    assert strongest(family("PARITY", 5), "depth", GateModel("aig")).value == 3


# -- the two-lane size walk (search._size_walk) and reduced chains --------------------------
PARTIAL = [(int(t), int(c)) for t, c in zip(np.random.default_rng(11).integers(0, 256, 16),
                                            np.random.default_rng(12).integers(1, 256, 16))]


@pytest.mark.parametrize("basis", ["aig", "xaig"])
def test_least_size_of_partial_functions_against_brute_force(basis):
    """A partial function's least size is the least over the completions the brute force
    enumerated; its output may be an input literal on the care rows, where reduced chains
    are off, and the walk's circuit may have fewer gates than its slots."""
    truth = brute_force(basis, 3)
    model = GateModel(basis)
    literals = {0xAA, 0xCC, 0xF0}
    for table, care in PARTIAL + [(0xAA, 0x0F), (0x55, 0xF3), (0xE8, 0x7E)]:
        spec = Spec.from_table(f"0x{table:02X}", N, care=f"0x{care:02X}")
        values = {f: v[0] for f, v in truth.items() if (f ^ table) & care == 0}
        on_care = table & care
        if on_care in (0, care) or any((lit ^ table) & care in (0, care) for lit in literals):
            continue  # constant or an input literal on the care rows: no gate needed
        found = minimize(spec, "size", model=model)
        if values:
            assert (found.status, found.value) == (Status.OPTIMAL, min(values.values())), \
                (basis, hex(table), hex(care))
            verify(spec, found.circuit, model=model)
        else:
            assert found.value > 3, (basis, hex(table), hex(care))


def test_size_walk_with_a_cap_and_a_time_limit():
    import multiprocessing

    parity = family("PARITY", 3)
    capped = minimize(parity, "size", Limits(size=5), model=GateModel("aig"))
    assert capped.status is Status.INFEASIBLE and capped.steps == ()  # Schnorr: 6 gates
    eq4 = family("EQ", 4)
    capped = minimize(eq4, "size", Limits(size=6), model=GateModel("aig"))
    assert capped.status is Status.INFEASIBLE  # 7 AND gates are needed
    assert {s.status for s in capped.steps} == {Status.UNSAT}
    assert max(s.size for s in capped.steps) == 6
    walked = minimize(eq4, "size", model=GateModel("aig"))
    assert (walked.status, walked.value, walked.lower_bound) == (Status.OPTIMAL, 7, 7)
    assert any(s.size == 6 and s.status is Status.UNSAT for s in walked.steps)
    hard = minimize(family("RANDOM", 5, seed=1), "size", model=GateModel("aig"),
                    params=SearchParams(time_limit=1.0))
    assert hard.status in (Status.UNKNOWN, Status.FEASIBLE)
    assert hard.value is None or hard.lower_bound <= hard.value
    assert hard.time_s < 5
    open_steps = [s for s in hard.steps if s.status is Status.UNKNOWN]
    assert open_steps and all(s.time_s <= hard.time_s for s in open_steps)
    # a step's time is its own decision's, not the walk's: two lanes are busy for at most
    # twice the walk's time
    assert sum(s.time_s for s in hard.steps) <= 2 * hard.time_s + 0.01
    assert not multiprocessing.active_children()  # every lane was stopped


@pytest.mark.parametrize("basis", ["aig", "xaig", "mig"])
def test_reduced_chains_keep_two_output_optima(basis):
    """Reduced chains are off with two outputs: an output and its complement are then
    allowed (with the energy in play, tests/test_differential.py's copy circuit needs a
    gate constant on the care rows)."""
    model = GateModel(basis)
    for table in SAMPLE[:4]:
        spec = Spec(n=N, outputs=(table, FULL ^ table))
        sizes = {name: minimize(spec, "size", Limits(size=5), model=model, params=params).value
                 for name, params in CHAIN_CONFIGS.items()}
        assert len(set(sizes.values())) == 1, (basis, hex(table), sizes)
