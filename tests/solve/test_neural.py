"""Discretized ReLU and sigmoid gates (docs/guide/semantics.md#gates-and-circuits): with R = 1 they
give exactly the threshold results; with R = 2 the optima agree with an independent brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from minckt import Limits, SearchParams, Spec, Status, family, minimize
from minckt.io.instances import parse_instances, result_record, solve_instance
from minckt.core.families import npn_classes
from minckt.core.problem import GateModel
from minckt.verify.check import verify

THRESHOLD = GateModel()
RELU1, SIGMOID1 = GateModel("relu", 1), GateModel("sigmoid", 1)
#: One weight limit for all three models, so that the questions are the same.
WEIGHT = 3


def _all_three_input() -> list[Spec]:
    return [Spec(n=3, outputs=(t,)) for t in range(256)]


def _same_size_in_every_resolution_one_model(specs):
    for spec in specs:
        sizes = set()
        for model in (THRESHOLD, RELU1, SIGMOID1):
            found = minimize(spec, "size", Limits(weight=WEIGHT), model=model)
            assert found.status is Status.OPTIMAL
            verify(spec, found.circuit, model=model)
            sizes.add(found.value)
        assert len(sizes) == 1, (str(spec), sizes)


def test_resolution_one_gives_the_threshold_minimal_size_on_every_3_input_class():
    """One function per NPN class of 3 inputs (14; size is NPN-invariant in all three
    models, which are the threshold model at R = 1); every function in the slow tier."""
    _same_size_in_every_resolution_one_model(
        [Spec(n=3, outputs=(t,)) for t in npn_classes(3)])


@pytest.mark.slow
def test_resolution_one_gives_the_threshold_minimal_size_on_every_3_input_function():
    _same_size_in_every_resolution_one_model(_all_three_input())


@pytest.mark.slow
def test_resolution_one_gives_the_threshold_energy_and_depth_on_every_3_input_function():
    limits = Limits(size=3, weight=WEIGHT)
    for spec in _all_three_input():
        for objective in ("energy", "depth"):
            found = {minimize(spec, objective, limits, model=model).value
                     for model in (THRESHOLD, RELU1, SIGMOID1)}
            assert len(found) == 1, (str(spec), objective, found)


def _relu(z: np.ndarray, resolution: int) -> np.ndarray:
    return np.clip(z, 0, resolution)


def brute_force_relu(n: int, resolution: int, weight: int) -> dict[int, tuple[int, int]]:
    """(least size, least energy over those circuits) for every function of n inputs that
    circuits of at most two ReLU gates with |w| <= weight compute -- by enumeration."""
    rows = np.arange(1 << n)
    inputs = [(rows >> i) & 1 for i in range(n)]
    span = n * weight * resolution + weight * resolution
    thresholds = range(-span - resolution, span + 1)
    best: dict[int, tuple[int, int]] = {}

    def record(values: list[np.ndarray]) -> None:
        out = values[-1] > 0
        table = int(sum(1 << int(r) for r in rows[out]))
        energy = int(max((np.stack(values) > 0).sum(axis=0)))
        size = len(values)
        old = best.get(table)
        if old is None or (size, energy) < old:
            best[table] = (size, energy) if old is None or size < old[0] else \
                (old[0], min(old[1], energy))

    vectors = list(itertools.product(range(-weight, weight + 1), repeat=n))
    firsts = []
    for w in vectors:
        base = sum(wi * x for wi, x in zip(w, inputs))
        for t in thresholds:
            g1 = _relu(base - t, resolution)
            record([g1])
            firsts.append(g1)
    for g1 in {tuple(v) for v in firsts}:
        g1 = np.array(g1)
        for w in vectors:
            base = sum(wi * x for wi, x in zip(w, inputs))
            for w1 in range(-weight, weight + 1):
                for t in thresholds:
                    record([g1, _relu(base + w1 * g1 - t, resolution)])
    return best


def test_relu_resolution_two_against_brute_force_on_2_inputs():
    truth = brute_force_relu(2, 2, 2)
    model = GateModel("relu", 2)
    for table in range(16):
        spec = Spec(n=2, outputs=(table,))
        found = minimize(spec, "size", Limits(weight=2), model=model)
        if table not in truth:
            assert found.value is None or found.value > 2
            continue
        size, energy = truth[table]
        assert (found.status, found.value) == (Status.OPTIMAL, size), hex(table)
        least = minimize(spec, "energy", Limits(weight=2, size=size), model=model)
        assert least.value == energy, hex(table)
    # XOR needs two gates of either kind: a single ReLU is active exactly when a linear
    # form reaches 1, i.e. it is a threshold gate as far as its output is concerned
    assert truth[0x6][0] == 2
    assert minimize(family("PARITY", 2), "size", model=GateModel()).value == 2


def test_sigmoid_and_relu_circuits_are_verified_and_reported():
    spec = family("PARITY", 4)
    found = minimize(spec, "size", model=GateModel("sigmoid", 3))
    assert found.status is Status.OPTIMAL
    metrics = verify(spec, found.circuit, model=GateModel("sigmoid", 3))
    assert all(len(g.breakpoints) == 3 for g in found.circuit.gates)
    # no weight limit and no cap: the proven sufficient range (`minckt.core.ranges`) is searched
    assert found.limits.weight is None and not any(
        "weight" in note for note in found.notes if not note.startswith("weights polished"))
    # the weights are polished, and the answer says whether they are proven least
    assert any(note.startswith("weights polished") for note in found.notes)
    assert metrics.weight >= 1
    # threshold gates need 3 for parity 4; a 3-step staircase has more to work with
    assert found.value <= minimize(spec, "size", model=GateModel()).value


def test_instance_files_take_gate_and_resolution():
    (instance,) = parse_instances('''
[[instance]]
name = "xor-relu"
function = "PARITY"
n = 3
gate = "relu"
resolution = 2
weight = 2
minimize = "size"
''', "relu.toml")
    result = solve_instance(instance)
    record = result_record(instance, result)
    assert record["gate"] == {"kind": "relu", "resolution": 2}
    assert record["status"] == "OPTIMAL"
    assert all(g["kind"] == "relu" and g["resolution"] == 2
               for g in record["circuit"]["gates"])


def _sample(count: int, seed: int) -> list[Spec]:
    rng = np.random.default_rng(seed)
    return [Spec(n=3, outputs=(int(t),)) for t in rng.choice(256, size=count, replace=False)]


@pytest.mark.parametrize("model", [GateModel("relu", 1), GateModel("relu", 2),
                                   GateModel("sigmoid", 1), GateModel("sigmoid", 2)],
                         ids=lambda m: f"{m.kind}{m.resolution}")
def test_both_backends_agree(model):
    specs = _sample(10, 11) + [family("PARITY", 3), family("MAJ", 3)]
    for spec in specs:
        answers = []
        for backend in ("cnf", "cpsat"):
            params = SearchParams(backend=backend)
            size = minimize(spec, "size", Limits(weight=2), model=model, params=params)
            energy = minimize(spec, "energy", Limits(weight=2, size=3), model=model, params=params)
            verify(spec, size.circuit, model=model)
            answers.append((size.status, size.value, energy.status, energy.value))
        assert answers[0] == answers[1], (str(spec), model, answers)


def test_cnf_resolution_one_equals_threshold_on_a_sample():
    for spec in _sample(40, 5):
        sizes = {minimize(spec, "size", Limits(weight=2), model=model,
                          params=SearchParams(backend="cnf")).value
                 for model in (THRESHOLD, RELU1, SIGMOID1)}
        assert len(sizes) == 1, str(spec)


@pytest.mark.parametrize("kind", ["relu", "sigmoid"])
def test_cnf_takes_weights_beyond_the_order_encoding(kind):
    """Sums (and sigmoid breakpoints) beyond |w| <= 6 are two's complement in CNF, each step
    an exact comparison: the same optimum as CP-SAT."""
    found = [minimize(family("PARITY", 3), "size", Limits(weight=9), model=GateModel(kind, 2),
                      params=SearchParams(backend=backend, two_phase=False))
             for backend in ("cnf", "cpsat")]
    assert {(r.status, r.value) for r in found} == {(Status.OPTIMAL, 2)}
    assert "binary" in str(found[0].stats)


def test_no_weight_limit_searches_the_proven_range_not_a_cap():
    """The weight-4 threshold gate a + 9b + 4c + 8d + 8e >= 18 needs weight 4 as a ReLU gate
    too: with no weight limit the search must find it (an old default cap |w| <= 3 did not,
    and claimed more than it had proven)."""
    spec = Spec.from_callable(
        lambda a, b, c, d, e: int(a + 9 * b + 4 * c + 8 * d + 8 * e >= 18), 5)
    unlimited = minimize(spec, "weight", Limits(size=1), model=GateModel("relu", 2))
    assert unlimited.status is Status.OPTIMAL and unlimited.value == 4
    assert unlimited.limits.weight is None
    given = minimize(spec, "weight", Limits(size=1, weight=3), model=GateModel("relu", 2))
    assert given.status is Status.INFEASIBLE  # the user's own limit: a real proof


def test_relu_one_ip4_is_optimal_two_with_no_weight_limit():
    """IP 4 = 0x6CA0: R = 1 ReLU gates are threshold gates, and two of them suffice
    (weights up to 5); an earlier default cap |w| <= 3 made minckt claim OPTIMAL 3."""
    spec = Spec.from_table("0x6CA0", 4)
    for model in (RELU1, SIGMOID1, THRESHOLD):
        found = minimize(spec, "size", model=model)
        assert (found.status, found.value) == (Status.OPTIMAL, 2), model
        verify(spec, found.circuit, model=model)
    capped = minimize(spec, "size", Limits(weight=3), model=RELU1)
    assert (capped.status, capped.value) == (Status.OPTIMAL, 3)  # the user's limit: proven
