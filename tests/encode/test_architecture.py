"""Network shapes (layers, skip, outputs_read) and the counted resources hidden and params.

Independent truth: a brute force over every network of threshold gates with weights in
{-1, 0, 1} on 3 inputs (the search asks weight <= 1, so both answer the same question),
both backends, with every symmetry switch off as well; the slicing results for parity in
one hidden layer (docs/design/papers.md#derived-facts: S(n) = n for n <= 5); and two formulations
of one question agreeing (a depth-2 circuit is a one-hidden-layer network with skip connections).
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest

from minckt.core.circuit import Circuit, threshold_gate
from minckt.core.classes import npn_representatives
from minckt.encode.symmetry import SWITCHES
from minckt.errors import InputError
from minckt.core.families import family
from minckt.core.problem import Limits, SearchParams
from minckt.core.status import Status
from minckt import minimize
from minckt.core.spec import Spec, input_matrix
from minckt.verify.check import architecture_problems, layer_assignment, verify

N = 3
ROWS = 1 << N
INPUTS = [row.astype(bool) for row in input_matrix(N)]
OFF = {name: False for name in SWITCHES}


def _mask(vector) -> int:
    return int(sum(1 << r for r, v in enumerate(vector) if v))


def gate_functions(sources: list[np.ndarray]) -> set[int]:
    return _gate_functions(tuple(_mask(v) for v in sources))


@functools.lru_cache(maxsize=None)
def _gate_functions(masks: tuple[int, ...]) -> set[int]:
    """Every value vector (as a row mask) of a threshold gate with weights in {-1, 0, 1} on
    `sources`, thresholds over the whole range of the sum (and one beyond)."""
    found = set()
    k = len(masks)
    matrix = np.array([_vector(m) for m in masks], dtype=np.int64).reshape(k, ROWS)
    for weights in itertools.product((-1, 0, 1), repeat=k):
        total = np.array(weights, dtype=np.int64) @ matrix if k else np.zeros(ROWS, np.int64)
        for t in range(-k, k + 2):
            found.add(_mask(total >= t))
    return found


def _vector(mask: int) -> np.ndarray:
    return np.array([(mask >> r) & 1 for r in range(ROWS)], dtype=bool)


FIRST = sorted(gate_functions(INPUTS))  # gates reading the inputs


@functools.lru_cache(maxsize=None)
def one_layer_hidden(targets: tuple[int, ...], most: int = 3) -> int | None:
    """Least h <= most such that h gates reading the inputs feed output gates (reading only
    those h gates) computing `targets` (total functions), or None."""
    for h in range(most + 1):
        for combo in itertools.combinations_with_replacement(FIRST, h):
            reach = gate_functions([_vector(g) for g in combo])
            if all(t in reach for t in targets):
                return h
    return None


@functools.lru_cache(maxsize=None)
def free_hidden(target: int, most: int = 2) -> int | None:
    """Least h <= most for a free DAG whose single output reads hidden gates only: hidden
    gate j reads the inputs and the earlier hidden gates."""
    if target in gate_functions([]):
        return 0  # a constant output reads nothing
    chains = [(g,) for g in FIRST]
    for h in range(1, most + 1):
        for chain in chains:
            if target in gate_functions([_vector(g) for g in chain]):
                return h
        if h < most:
            chains = [chain + (g,) for chain in chains
                      for g in gate_functions(INPUTS + [_vector(c) for c in chain])]
    return None


def _spec(*tables: int) -> Spec:
    return Spec(n=N, outputs=tables)


CLASSES = [int(t) for t in npn_representatives(N)]


# -- the shape itself --------------------------------------------------------------------------
def _two_level() -> Circuit:
    g1 = threshold_gate("g1", {"x1": 1, "x2": 1}, 2)
    g2 = threshold_gate("g2", {"x1": 1, "x2": 1}, 1)
    g3 = threshold_gate("g3", {"g1": -1, "g2": 1}, 1)
    return Circuit(2, (g1, g2, g3), ("g3",))


def test_layer_assignment_places_gates_and_refuses_what_does_not_fit():
    circuit = _two_level()
    assert layer_assignment(circuit, Limits(layers=(2, 1), skip=False)) == \
        {"g1": 1, "g2": 1, "g3": 2}
    assert layer_assignment(circuit, Limits(layers=(1, 1))) is None  # two hidden gates
    assert layer_assignment(circuit, Limits(layers=(1, 1, 1))) is not None  # skip: x to g2
    assert layer_assignment(circuit, Limits(layers=(1, 1, 1), skip=False)) is None
    reads_input = Circuit(2, (threshold_gate("g1", {"x1": 1}, 1),
                              threshold_gate("g2", {"g1": 1, "x2": 1}, 2)), ("g2",))
    assert architecture_problems(reads_input, Limits(outputs_read="hidden")) == \
        ["output gate g2 reads input(s) x2 but outputs read hidden gates only"]
    assert architecture_problems(reads_input, Limits(layers=(1, 1), skip=False))
    assert architecture_problems(reads_input, Limits(layers=(1, 1))) == []


def test_an_output_read_by_a_gate_is_no_layered_network():
    g1 = threshold_gate("g1", {"x1": 1}, 1)
    g2 = threshold_gate("g2", {"g1": 1, "x2": 1}, 2)
    circuit = Circuit(2, (g1, g2), ("g1", "g2"))  # output g1 feeds output g2
    assert layer_assignment(circuit, Limits(layers=(1, 2))) is None
    assert layer_assignment(circuit, Limits(layers=(5, 2))) is None


def test_metrics_count_hidden_and_params():
    metrics = _two_level().metrics()
    assert (metrics.hidden, metrics.params) == (2, 3 + 6)  # 2 non-output gates; 6 wires + 3


def test_limits_refuse_bad_shapes():
    with pytest.raises(InputError, match="skip = false applies to a layered network"):
        Limits(skip=False)
    with pytest.raises(InputError, match="layers"):
        Limits(layers=(0, 1))
    with pytest.raises(InputError, match="layers"):
        Limits(layers="3, 1")
    with pytest.raises(InputError, match="outputs_read"):
        Limits(outputs_read="inputs")
    with pytest.raises(InputError, match="expected 1, got 2"):
        minimize(_spec(0x96), "hidden", Limits(layers=(3, 2)))
    with pytest.raises(InputError, match="guards in layered networks"):
        minimize(_spec(0x96), "hidden", Limits(layers=(3, 1), conditional=True))
    with pytest.raises(InputError, match="not the aig basis"):
        from minckt.core.problem import GateModel
        minimize(_spec(0x96), "hidden", Limits(), model=GateModel("aig"))


def test_limits_round_trip_in_json():
    limits = Limits(layers=(3, 2), skip=False, outputs_read="hidden", hidden=2, params=9)
    assert limits.to_json() == {"hidden": 2, "params": 9, "layers": [3, 2], "skip": False,
                                "outputs_read": "hidden"}
    assert Limits.from_json(limits.to_json()) == limits


# -- brute force on 3 inputs ------------------------------------------------------------------
def _least_hidden(spec: Spec, limits: Limits, backend: str, symmetry=None):
    params = SearchParams(backend=backend, time_limit=60, symmetry=symmetry or {})
    result = minimize(spec, "hidden", limits, params=params)
    if result.status is Status.INFEASIBLE:
        return None
    assert result.status is Status.OPTIMAL, (spec, result.status, result.notes)
    verify(spec, result.circuit, limits)
    assert limits.layers is None or layer_assignment(result.circuit, limits) is not None
    assert result.metrics.hidden == result.value
    return result.value


@pytest.mark.parametrize("backend", ["cpsat", "cnf"])
def test_one_hidden_layer_without_skip_matches_brute_force(backend):
    """Least hidden of a one-hidden-layer network (weights <= 1, no skip) on every NPN class
    of 3-input functions equals the brute force over all such networks."""
    limits = Limits(layers=(3, 1), skip=False, weight=1)
    for table in CLASSES:
        expected = one_layer_hidden((table,))
        assert _least_hidden(_spec(table), limits, backend) == expected, hex(table)


@pytest.mark.parametrize("backend", ["cpsat", "cnf"])
def test_outputs_reading_hidden_gates_match_brute_force(backend):
    """A free DAG whose output reads hidden gates only (weights <= 1, at most 2 hidden)."""
    limits = Limits(outputs_read="hidden", weight=1, size=3)
    for table in CLASSES:
        expected = free_hidden(table)
        assert _least_hidden(_spec(table), limits, backend) == expected, hex(table)


@pytest.mark.parametrize("backend", ["cpsat", "cnf"])
def test_several_outputs_in_one_hidden_layer_match_brute_force(backend):
    limits = Limits(layers=(3, 2), skip=False, weight=1)
    for tables in [(0x80, 0xFE), (0x96, 0xE8), (0x66, 0x88), (0x17, 0x69)]:
        assert _least_hidden(_spec(*tables), limits, backend) == one_layer_hidden(tables), \
            [hex(t) for t in tables]


@pytest.mark.parametrize("backend", ["cpsat", "cnf"])
def test_symmetry_switches_off_change_no_optimum(backend):
    for table in CLASSES[::2]:
        for limits in (Limits(layers=(3, 1), skip=False, weight=1),
                       Limits(outputs_read="hidden", weight=1, size=3)):
            on = _least_hidden(_spec(table), limits, backend)
            assert _least_hidden(_spec(table), limits, backend, OFF) == on, hex(table)


def test_unbounded_weights_and_input_copies():
    """With unbounded weights and no skip (or outputs that read hidden gates), a gate may
    have to copy an input to pass it on, which no_trivial must allow: f = x1 needs one
    hidden gate, a copy; x1 AND x2 in two hidden layers needs one gate per layer."""
    for backend in ("cpsat", "cnf"):
        params = SearchParams(backend=backend, time_limit=60)
        for limits in (Limits(layers=(2, 1), skip=False), Limits(outputs_read="hidden")):
            result = minimize(_spec(0xAA), "hidden", limits, params=params)
            assert (result.status, result.value) == (Status.OPTIMAL, 1), (backend, limits)
        result = minimize(_spec(0x88), "hidden", Limits(layers=(2, 2, 1), skip=False),
                          params=params)
        assert (result.status, result.value) == (Status.OPTIMAL, 2), backend


def test_depth_two_circuits_are_one_hidden_layer_networks_with_skip():
    """Least size at depth <= 2 = 1 + least hidden of one hidden layer with skip: the gates
    a depth-2 output reads are of level 1 (two formulations, both backends)."""
    for table in CLASSES:
        spec = _spec(table)
        depth = minimize(spec, "size", Limits(depth=2),
                         params=SearchParams(backend="cpsat", time_limit=60))
        layered = minimize(spec, "hidden", Limits(layers=(4, 1)),
                           params=SearchParams(backend="cnf", time_limit=60))
        assert depth.status is layered.status is Status.OPTIMAL
        assert depth.value == layered.value + 1, hex(table)


def test_params_minimum_in_a_fixed_shape():
    """params = wires + gates: XOR of two inputs in one hidden layer without skip needs two
    hidden gates (one gate's output would be XOR itself), neither a copy of an input (then
    the output, a threshold function of x_a and a threshold gate of both inputs, would need
    that gate to be XOR on half the rows): 2 + 2 + 2 wires and 3 gates, 9.  With skip the
    output may read the inputs: x1 xor x2 = [x1 + x2 - 2 AND(x1, x2) >= 1], 5 wires and 2
    gates, 7; fewer wires need a gate that is XOR on a half cube, as before."""
    spec = Spec(n=2, outputs=(0x6,))
    for backend in ("cpsat", "cnf"):
        params = SearchParams(backend=backend, time_limit=60)
        strict = minimize(spec, "params", Limits(layers=(2, 1), skip=False), params=params)
        assert (strict.status, strict.value) == (Status.OPTIMAL, 9), backend
        free = minimize(spec, "params", Limits(layers=(2, 1)), params=params)
        assert (free.status, free.value) == (Status.OPTIMAL, 7), backend


# -- the slicing results (docs/design/papers.md#derived-facts)
# -------------------------------------------------------
@pytest.mark.parametrize("n", [2, 3, 4])
def test_parity_in_one_hidden_layer_needs_n_gates(n):
    """S(n) = n for n <= 5 (Emamy-K. n = 4): one hidden layer without skip computing parity
    slices every cube edge, so it has n hidden gates; n suffice."""
    result = minimize(family("PARITY", n), "hidden", Limits(layers=(n + 1, 1), skip=False),
                      params=SearchParams(backend="cnf", time_limit=120))
    assert (result.status, result.value) == (Status.OPTIMAL, n)


@pytest.mark.slow
def test_parity_5_in_one_hidden_layer_needs_5_gates():
    """Sohler–Ziegler (by computer): S(5) = 5.  About two minutes here."""
    result = minimize(family("PARITY", 5), "hidden", Limits(layers=(6, 1), skip=False),
                      params=SearchParams(backend="cnf", time_limit=900))
    assert (result.status, result.value) == (Status.OPTIMAL, 5)


def test_size_bound_from_hidden_and_distinct_outputs_is_met():
    """size = hidden + output gates >= the counting bound + the distinct outputs: for the
    pairwise ANDs of 4 inputs (k = 2) whose outputs read hidden gates, 3 + 6 = 9, and a
    circuit of 9 gates exists (found by the search; the bound closes the question)."""
    from minckt.bounds import strongest

    spec = family("PAIRWISE_AND", 4, k=2)
    limits = Limits(outputs_read="hidden")
    assert strongest(spec, "size", limits=limits).value == 9
    assert strongest(spec, "size").value == 6  # without the shape: the distinct outputs
    result = minimize(spec, "size", limits, params=SearchParams(time_limit=60))
    assert (result.status, result.value) == (Status.OPTIMAL, 9)
    assert result.metrics.hidden == 3


@pytest.mark.parametrize("kind", ["relu", "sigmoid"])
def test_relu_and_sigmoid_networks_agree_across_backends(kind):
    """ReLU and sigmoid gates (R = 2) in one hidden layer without skip and with outputs that
    read hidden gates, weights <= 2: both backends give the same least hidden, each circuit
    verified in its shape."""
    from minckt.core.problem import GateModel

    model = GateModel(kind, 2)
    seen = set()
    for table in (0x96, 0xE8, 0x69, 0x1E):
        for limits in (Limits(layers=(3, 1), skip=False, weight=2),
                       Limits(outputs_read="hidden", size=3, weight=2)):
            found = {}
            for backend in ("cpsat", "cnf"):
                result = minimize(_spec(table), "hidden", limits, model=model,
                                  params=SearchParams(backend=backend, time_limit=60))
                assert result.status in (Status.OPTIMAL, Status.INFEASIBLE), result.notes
                if result.found:
                    verify(_spec(table), result.circuit, limits, model)
                found[backend] = result.value
            assert found["cpsat"] == found["cnf"], (kind, hex(table), limits, found)
            seen.add(found["cnf"])
    assert len(seen) > 1  # the questions differ in their answers


def test_copy_network_fits_every_shape_and_model():
    """The copy network (`minckt.solve.constructions.copy_network`): copies of the inputs, then one
    gate per output; verified in each shape and gate model, and None where an output is no
    threshold function (parity) or a layer is too narrow."""
    from minckt.solve.constructions import copy_network
    from minckt.core.problem import GateModel

    spec = family("PAIRWISE_AND", 5, k=3)
    for limits in (Limits(layers=(5, 10), skip=False), Limits(outputs_read="hidden"),
                   Limits(layers=(5, 5, 10), skip=False), Limits(layers=(5, 5, 10))):
        for model in (GateModel(), GateModel("relu", 2), GateModel("sigmoid", 3)):
            circuit = copy_network(spec, model, limits)
            metrics = verify(spec, circuit, limits, model)
            hidden = 10 if limits.layers == (5, 5, 10) and not limits.skip else 5
            assert metrics.hidden == hidden
    assert copy_network(spec, GateModel(), Limits(layers=(4, 10), skip=False)) is None
    assert copy_network(family("PARITY", 3), GateModel(), Limits(outputs_read="hidden")) is None


def test_a_shaped_walk_starts_from_the_copy_network():
    """The pairwise ANDs of 5 inputs under k = 3: the copy network has 5 hidden gates, the
    counting bound is 5 (26 distinct output vectors), so the answer is proven at once; the
    solver had needed 20 s to find any network of this shape."""
    spec = family("PAIRWISE_AND", 5, k=3)
    result = minimize(spec, "hidden", Limits(layers=(5, 10), skip=False),
                      params=SearchParams(time_limit=60))
    assert (result.status, result.value, result.lower_bound) == (Status.OPTIMAL, 5, 5)
    assert result.bound.name == "counting"
