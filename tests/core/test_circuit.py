"""Tests for minckt.core.circuit: evaluation, metrics, pruning, JSON, networkx, DOT and text forms.

Expected outputs and metrics are worked out by hand in the comments, and random circuits are
checked against a plain per-row evaluator written here (no numpy, no minckt code).
"""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minckt.core.circuit import (
    METRIC_NAMES, Circuit, Gate, Metrics, circuit_from_gates, threshold_gate
)
from minckt.errors import InputError


def parity3() -> Circuit:
    """g1 = [x1+x2+x3 >= 2] (MAJ3), g2 = [x1+x2+x3-2g1 >= 1] (PARITY3)."""
    g1 = threshold_gate("g1", {"x1": 1, "x2": 1, "x3": 1}, 2)
    g2 = threshold_gate("g2", {"x1": 1, "x2": 1, "x3": 1, "g1": -2}, 1)
    return Circuit(3, (g1, g2), ("g2",))


def reference_values(circuit: Circuit) -> list[list[int]]:
    """values[j][row] of every gate, by a plain loop over rows
    (docs/guide/semantics.md#gates-and-circuits)."""
    table = []
    for row in range(1 << circuit.n):
        env = {f"x{i + 1}": (row >> i) & 1 for i in range(circuit.n)}
        column = []
        for gate in circuit.gates:
            z = sum(w * env[s] for s, w in gate.weights) - gate.threshold
            if gate.kind == "threshold":
                out = 1 if z >= 0 else 0
            elif gate.kind == "relu":
                out = min(gate.resolution, max(0, z))
            else:
                out = sum(1 for b in gate.breakpoints if z >= b)
            env[gate.id] = out
            column.append(out)
        table.append(column)
    return [list(col) for col in zip(*table)]


def truth_table(bits) -> int:
    return sum(1 << r for r, b in enumerate(bits) if b)


# -- the parity-3 circuit ------------------------------------------------------------------

def test_parity3_outputs_and_gate_values():
    circuit = parity3()
    values = circuit.gate_values()
    assert values.shape == (2, 8)
    # g1 is MAJ3 (rows 3, 5, 6, 7), g2 is PARITY3 (rows 1, 2, 4, 7).
    assert truth_table(values[0]) == 0xE8
    assert truth_table(values[1]) == 0x96
    out = circuit.output_values()
    assert out.shape == (1, 8) and out.dtype == bool
    assert truth_table(out[0]) == 0x96


def test_parity3_metrics():
    metrics = parity3().metrics()
    # size 2; depth 2 (g2 reads g1); energy 2 (row 7: both gates fire); weight 2 (|-2|);
    # fan-in 4 (g2 reads x1, x2, x3, g1); wires 3 + 4 = 7; no guards: both gates evaluated
    # on every row, ops = wires + size = 9.
    assert metrics == Metrics(size=2, depth=2, energy=2, weight=2, fanin=4, wires=7,
                              evaluated=2, ops=9, hidden=1, params=9)
    assert metrics.to_json() == {"size": 2, "depth": 2, "energy": 2, "weight": 2, "fanin": 4,
                                 "wires": 7, "evaluated": 2, "ops": 9, "hidden": 1,
                                 "params": 9}
    assert [metrics.get(name) for name in METRIC_NAMES] == [2, 2, 2, 2, 4, 7, 2, 9, 1, 9]
    assert parity3().levels() == [1, 2]


def test_energy_is_measured_over_the_given_rows():
    circuit = parity3()
    # Rows of weight <= 1: only g2 fires, on rows 1, 2, 4.
    assert circuit.metrics(rows=np.array([0, 1, 2, 4])).energy == 1
    # Weight-2 rows: only g1 fires.
    assert circuit.metrics(rows=np.array([3, 5, 6])).energy == 1
    assert circuit.metrics(rows=np.array([0])).energy == 0
    assert circuit.metrics(rows=np.array([7])).energy == 2
    assert circuit.metrics(rows=np.array([0, 7])).energy == 2
    # Other metrics do not depend on the rows.
    assert circuit.metrics(rows=np.array([0])).depth == 2
    assert circuit.metrics(rows=np.array([0])).wires == 7
    values = circuit.gate_values(rows=np.array([7, 0]))
    assert values.tolist() == [[1, 0], [1, 0]]


def test_output_gate_may_feed_later_gates_and_multi_output():
    # out1 = g1 = MAJ3, out2 = g2 = PARITY3, out3 = g1 again.
    circuit = Circuit(3, parity3().gates, ("g1", "g2", "g1"))
    out = circuit.output_values()
    assert [truth_table(r) for r in out] == [0xE8, 0x96, 0xE8]


def test_depth_counts_gates_on_longest_path():
    # g1 <- x1; g2 <- x2; g3 <- g1, x3; g4 <- g3, g2: longest path x1 -> g1 -> g3 -> g4.
    gates = (
        threshold_gate("g1", {"x1": 1}, 1),
        threshold_gate("g2", {"x2": 1}, 1),
        threshold_gate("g3", {"g1": 1, "x3": 1}, 2),
        threshold_gate("g4", {"g3": 1, "g2": 1}, 1),
    )
    circuit = Circuit(3, gates, ("g4",))
    assert circuit.levels() == [1, 1, 2, 3]
    assert circuit.metrics().depth == 3
    assert circuit.metrics().fanin == 2 and circuit.metrics().wires == 6
    # (x1 AND x3) OR x2.
    assert truth_table(circuit.output_values()[0]) == truth_table(
        ((r & 1) and (r >> 2) & 1) or (r >> 1) & 1 for r in range(8))


def test_gate_without_wires_is_constant():
    zero = Circuit(2, (Gate("g", (), threshold=1),), ("g",))
    one = Circuit(2, (Gate("g", (), threshold=0),), ("g",))
    assert zero.output_values().tolist() == [[False] * 4]
    assert one.output_values().tolist() == [[True] * 4]
    assert zero.metrics() == Metrics(size=1, depth=1, energy=0, weight=0, fanin=0, wires=0,
                                   evaluated=1, ops=1, hidden=0, params=1)
    assert one.metrics().energy == 1


def test_zero_weights_are_dropped():
    gate = Gate("g", (("x1", 1), ("x2", 0), ("x3", -2)), threshold=0)
    assert gate.weights == (("x1", 1), ("x3", -2))
    assert gate.fanin == 2
    assert gate.weight_of("x2") == 0 and gate.weight_of("x3") == -2
    assert Gate("g", {"x1": 1, "x2": 0}, 0).weights == (("x1", 1),)


# -- relu and sigmoid ------------------------------------------------------------------------

def mixed_circuit() -> Circuit:
    gates = (
        # z = x1 + x2: rows 0..3 give 0, 1, 1, 2; clip to 0..2.
        Gate("r1", (("x1", 1), ("x2", 1)), threshold=0, kind="relu", resolution=2),
        # reads the integer r1: z = r1 - 2 >= 0 only on row 3 (AND2).
        Gate("t2", (("r1", 1),), threshold=2),
        # z = 2x1 + x2: 0, 2, 1, 3; breakpoints 1 and 3 reached: 0, 1, 1, 2.
        Gate("s3", (("x1", 2), ("x2", 1)), threshold=0, kind="sigmoid", breakpoints=(1, 3)),
        # z = s3 - 1: -1, 0, 0, 1; clip to 0..1: 0, 0, 0, 1.
        Gate("r4", (("s3", 1),), threshold=1, kind="relu", resolution=1),
        # z = -x1 + 3x2 + 1: 1, 0, 4, 3; clip to 0..3: 1, 0, 3, 3.
        Gate("r5", (("x1", -1), ("x2", 3)), threshold=-1, kind="relu", resolution=3),
    )
    return Circuit(2, gates, ("r1", "t2", "s3", "r4", "r5"))


def test_relu_and_sigmoid_values_by_hand():
    circuit = mixed_circuit()
    assert circuit.gate_values().tolist() == [
        [0, 1, 1, 2],
        [0, 0, 0, 1],
        [0, 1, 1, 2],
        [0, 0, 0, 1],
        [1, 0, 3, 3],
    ]
    # An output is 1 exactly where its gate is active (nonzero).
    assert circuit.output_values().tolist() == [
        [False, True, True, True],
        [False, False, False, True],
        [False, True, True, True],
        [False, False, False, True],
        [True, False, True, True],
    ]
    # Active gates per row: row 0: r5; row 1: r1, s3; row 2: r1, s3, r5; row 3: all five.
    metrics = circuit.metrics()
    assert metrics.energy == 5
    assert circuit.metrics(rows=np.array([0, 1, 2])).energy == 3
    assert metrics.weight == 3 and metrics.depth == 2 and metrics.wires == 8


def test_relu_resolution_one_is_threshold_plus_one():
    for weights in [{"x1": 1, "x2": 1}, {"x1": 2, "x2": -1, "x3": 1}, {"x3": -3}]:
        for t in range(-3, 4):
            relu = Circuit(3, (Gate("g", tuple(weights.items()), t, kind="relu"),), ("g",))
            thr = Circuit(3, (threshold_gate("g", weights, t + 1),), ("g",))
            assert relu.gate_values().tolist() == thr.gate_values().tolist()


def test_bad_gate_kinds_and_parameters():
    with pytest.raises(InputError, match="'maj'"):
        Gate("g", (), kind="maj")
    with pytest.raises(InputError, match="resolution"):
        Gate("g", (), kind="relu", resolution=0)
    with pytest.raises(InputError, match="breakpoints"):
        Gate("g", (), kind="sigmoid", breakpoints=(3, 1))
    with pytest.raises(InputError, match="breakpoints"):
        Gate("g", (), kind="sigmoid")


# -- constructor errors ----------------------------------------------------------------------

def test_unknown_source_is_an_input_error():
    with pytest.raises(InputError, match="'g9'"):
        Circuit(2, (threshold_gate("g1", {"x1": 1, "g9": 1}, 1),), ("g1",))


def test_reading_a_later_gate_is_an_input_error():
    gates = (threshold_gate("g1", {"g2": 1}, 1), threshold_gate("g2", {"x1": 1}, 1))
    with pytest.raises(InputError, match="'g2'"):
        Circuit(2, gates, ("g1",))


def test_input_beyond_n_is_an_input_error():
    with pytest.raises(InputError, match="'x3'"):
        Circuit(2, (threshold_gate("g1", {"x3": 1}, 1),), ("g1",))


def test_duplicate_gate_id_is_an_input_error():
    gates = (threshold_gate("g1", {"x1": 1}, 1), threshold_gate("g1", {"x2": 1}, 1))
    with pytest.raises(InputError, match="'g1'"):
        Circuit(2, gates, ("g1",))


def test_gate_named_like_an_input_is_an_input_error():
    with pytest.raises(InputError, match="'x1'"):
        Circuit(2, (threshold_gate("x1", {"x2": 1}, 1),), ("x1",))


def test_output_not_a_gate_is_an_input_error():
    gates = (threshold_gate("g1", {"x1": 1}, 1),)
    with pytest.raises(InputError, match="'g2'"):
        Circuit(2, gates, ("g2",))
    with pytest.raises(InputError, match="'x1'"):
        Circuit(2, gates, ("x1",))
    with pytest.raises(InputError, match="no output"):
        Circuit(2, gates, ())


@pytest.mark.parametrize("weight", [1.5, 1.0, "1", True, None])
def test_non_integer_weight_is_an_input_error(weight):
    with pytest.raises(InputError) as info:
        Gate("g1", (("x1", weight),), 1)
    assert repr(weight) in str(info.value)


def test_numpy_integer_weight_is_accepted():
    gate = Gate("g1", (("x1", np.int64(2)),), 1)
    assert gate.weights == (("x1", 2),) and type(gate.weights[0][1]) is int


def test_repeated_source_is_an_input_error():
    with pytest.raises(InputError, match="'x1'"):
        Gate("g1", (("x1", 1), ("x1", 2)), 1)


def test_non_integer_threshold_is_an_input_error():
    with pytest.raises(InputError):
        Gate("g1", (("x1", 1), ("x2", 1)), threshold=1.5)


# -- pruning ---------------------------------------------------------------------------------

def test_pruned_removes_dead_gates():
    gates = parity3().gates + (threshold_gate("dead", {"x1": 5, "g2": 1}, 0),)
    circuit = Circuit(3, gates, ("g2",))
    assert circuit.metrics().weight == 5
    pruned = circuit.pruned()
    assert [g.id for g in pruned.gates] == ["g1", "g2"]
    assert pruned == parity3()


def test_pruned_folds_constant_gates():
    # c1 has no wires and threshold 0: constant 1.  g reads it with weight 3 and threshold 4,
    # so g = [x1 + x2 + 3 >= 4] = OR2; after folding, g = [x1 + x2 >= 1].
    gates = (
        Gate("c1", (), threshold=0),
        Gate("c0", (("x1", 1),), threshold=5),  # constant 0
        threshold_gate("g", {"x1": 1, "x2": 1, "c1": 3, "c0": 7}, 4),
    )
    circuit = Circuit(2, gates, ("g",))
    assert truth_table(circuit.output_values()[0]) == 0xE
    pruned = circuit.pruned()
    assert pruned.gates == (threshold_gate("g", {"x1": 1, "x2": 1}, 1),)
    assert truth_table(pruned.output_values()[0]) == 0xE
    assert pruned.metrics() == Metrics(size=1, depth=1, energy=1, weight=1, fanin=2,
                                       wires=2, evaluated=1, ops=3, hidden=0, params=3)


def test_pruned_keeps_constant_output_gates():
    circuit = Circuit(2, (Gate("one", (), threshold=0),), ("one",))
    assert circuit.pruned() == circuit


@st.composite
def random_circuits(draw, kinds=("threshold",)):
    n = draw(st.integers(min_value=1, max_value=4))
    size = draw(st.integers(min_value=1, max_value=6))
    gates = []
    for j in range(size):
        sources = [f"x{i + 1}" for i in range(n)] + [f"g{k}" for k in range(j)]
        weights = []
        for source in sources:
            w = draw(st.sampled_from([0, 0, 0, -2, -1, 1, 2, 3]))
            if w:
                weights.append((source, w))
        kind = draw(st.sampled_from(kinds))
        threshold = draw(st.integers(min_value=-4, max_value=5))
        if kind == "relu":
            res = draw(st.integers(min_value=1, max_value=3))
            gates.append(Gate(f"g{j}", tuple(weights), threshold, kind="relu", resolution=res))
        elif kind == "sigmoid":
            steps = tuple(sorted(draw(st.lists(st.integers(-2, 3), min_size=1, max_size=3))))
            gates.append(Gate(f"g{j}", tuple(weights), threshold, kind="sigmoid",
                              breakpoints=steps))
        else:
            gates.append(Gate(f"g{j}", tuple(weights), threshold))
    outputs = draw(st.lists(st.sampled_from([g.id for g in gates]), min_size=1, max_size=2))
    return Circuit(n, tuple(gates), tuple(outputs))


@settings(max_examples=150, deadline=None)
@given(random_circuits(kinds=("threshold", "relu", "sigmoid")))
def test_property_evaluator_matches_row_loop(circuit):
    expected = reference_values(circuit)
    assert circuit.gate_values().tolist() == expected
    outputs = circuit.output_values().tolist()
    index = {g.id: j for j, g in enumerate(circuit.gates)}
    assert outputs == [[v > 0 for v in expected[index[o]]] for o in circuit.outputs]
    active = [sum(1 for j in range(len(circuit.gates)) if expected[j][r] > 0)
              for r in range(1 << circuit.n)]
    assert circuit.metrics().energy == max(active)


@settings(max_examples=150, deadline=None)
@given(random_circuits(kinds=("threshold", "threshold", "relu", "sigmoid")))
def test_property_pruned_same_function_no_resource_grows(circuit):
    pruned = circuit.pruned()
    assert pruned.n == circuit.n and pruned.outputs == circuit.outputs
    assert np.array_equal(pruned.output_values(), circuit.output_values())
    before, after = circuit.metrics(), pruned.metrics()
    for name in METRIC_NAMES:
        assert after.get(name) <= before.get(name), name
    # What remains: every gate reaches an output, no non-output gate is constant, and the
    # remaining gates keep their values on every row.
    values = pruned.gate_values()
    original = {g.id: row for g, row in zip(circuit.gates, circuit.gate_values())}
    for gate, row in zip(pruned.gates, values):
        assert np.array_equal(row, original[gate.id])
        if gate.id not in pruned.outputs:
            assert not (row == row[0]).all()
    graph = pruned.to_networkx()
    for gate in pruned.gates:
        assert any(gate.id == o or nx.has_path(graph, gate.id, o) for o in pruned.outputs)
    assert pruned.pruned() == pruned


# -- JSON ------------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [parity3, mixed_circuit])
def test_json_round_trip_dict_and_text(make):
    circuit = make()
    data = circuit.to_json()
    assert Circuit.from_json(data) == circuit
    text = json.dumps(data)
    back = Circuit.from_json(text)
    assert back == circuit
    assert back.gate_values().tolist() == circuit.gate_values().tolist()
    assert json.loads(json.dumps(back.to_json())) == data


def test_json_content_of_parity3():
    data = parity3().to_json()
    assert data["n"] == 3
    assert data["outputs"] == ["g2"]
    assert [g["id"] for g in data["gates"]] == ["g1", "g2"]
    assert data["gates"][1]["weights"] == {"x1": 1, "x2": 1, "x3": 1, "g1": -2}
    assert data["gates"][1]["threshold"] == 1
    assert data["gates"][1]["kind"] == "threshold"


@settings(max_examples=60, deadline=None)
@given(random_circuits(kinds=("threshold", "relu", "sigmoid")))
def test_property_json_round_trip(circuit):
    assert Circuit.from_json(json.dumps(circuit.to_json())) == circuit


@pytest.mark.parametrize(
    "bad",
    ["{not json", '{"gates": [], "outputs": ["g"]}', '{"n": 2, "outputs": ["g"]}',
     '{"n": 2, "gates": [{"weights": {}}], "outputs": ["g"]}'],
)
def test_bad_json_is_an_input_error(bad):
    with pytest.raises(InputError):
        Circuit.from_json(bad)


# -- networkx, DOT, text --------------------------------------------------------------------

def test_to_networkx():
    graph = parity3().to_networkx()
    assert isinstance(graph, nx.DiGraph)
    assert graph.number_of_nodes() == 3 + 2
    assert graph.number_of_edges() == 7
    assert graph.edges["g1", "g2"]["weight"] == -2
    assert graph.edges["x3", "g1"]["weight"] == 1
    assert graph.nodes["x1"]["kind"] == "input"
    assert graph.nodes["g1"]["threshold"] == 2 and graph.nodes["g1"]["output"] is None
    assert graph.nodes["g2"]["output"] == 0 and graph.nodes["g2"]["kind"] == "threshold"
    assert nx.is_directed_acyclic_graph(graph)
    # Longest path counted in edges (not summed weights): x -> g1 -> g2.
    assert nx.dag_longest_path_length(nx.DiGraph(list(graph.edges))) == 2


def test_to_networkx_keeps_unread_inputs():
    circuit = Circuit(4, (threshold_gate("g", {"x2": 1}, 1),), ("g",))
    graph = circuit.to_networkx()
    assert set(graph.nodes) == {"x1", "x2", "x3", "x4", "g"}
    assert list(graph.edges) == [("x2", "g")]


def test_to_dot_contains_every_gate_and_edge():
    circuit = parity3()
    dot = circuit.to_dot(title="parity 3")
    assert dot.startswith("digraph")
    assert dot.rstrip().endswith("}")
    assert "parity 3" in dot
    for gate in circuit.gates:
        assert f'"{gate.id}"' in dot
        for source, weight in gate.weights:
            assert f'"{source}" -> "{gate.id}" [label="{weight}"]' in dot
    assert dot.count("->") == 7
    assert "doublecircle" in dot  # the output gate


def test_to_text_mentions_every_gate():
    text = parity3().to_text()
    lines = text.splitlines()
    assert len(lines) == 1 + 2
    assert "g1" in lines[1] and ">= 2" in lines[1]
    assert "g2" in lines[2] and "2g1" in lines[2] and ">= 1" in lines[2] and "out1" in lines[2]
    assert str(parity3()) == text
    mixed = mixed_circuit().to_text()
    for gate in mixed_circuit().gates:
        assert gate.id in mixed
    assert "relu" in mixed and "sigmoid" in mixed


def test_circuit_from_gates_defaults_to_last_gate():
    circuit = circuit_from_gates(3, parity3().gates)
    assert circuit.outputs == ("g2",)
    assert circuit == parity3()
    assert circuit.gate("g1").threshold == 2


def test_boolean_gates_evaluate_their_tables_and_round_trip():
    from minckt.core.circuit import Gate, boolean_form

    # g1 = x1 AND NOT x2 (table 0x2: only row a=1, b=0), g2 = MAJ(g1, x2, x3)
    g1 = Gate("g1", (("x1", 1), ("x2", 1)), kind="boolean", table=0x2)
    g2 = Gate("g2", (("g1", 1), ("x2", 1), ("x3", 1)), kind="boolean", table=0xE8)
    circuit = Circuit(3, (g1, g2), ("g2",))
    rows = np.arange(8)
    x1, x2, x3 = rows & 1, (rows >> 1) & 1, (rows >> 2) & 1
    first = x1 & (1 - x2)
    assert (circuit.gate_values()[0] == first).all()
    assert (circuit.output_values()[0] == ((first + x2 + x3) >= 2)).all()
    assert Circuit.from_json(json.loads(json.dumps(circuit.to_json()))) == circuit
    assert boolean_form(g1) == "x1 ∧ ¬x2" and boolean_form(g2) == "MAJ(g1, x2, x3)"
    assert circuit.metrics().weight == 1 and circuit.metrics().fanin == 3


def test_pruning_keeps_a_constant_that_a_boolean_gate_reads():
    from minckt.core.circuit import Gate

    zero = Gate("g1", (("x1", 1), ("x2", 1)), kind="boolean", table=0x0)
    reader = Gate("g2", (("g1", 1), ("x1", 1)), kind="boolean", table=0xE)  # g1 OR x1
    circuit = Circuit(2, (zero, reader), ("g2",))
    pruned = circuit.pruned()
    assert len(pruned.gates) == 2
    assert (pruned.output_values() == circuit.output_values()).all()
