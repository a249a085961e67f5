"""Point specs (`minckt.core.points`) and the evaluator on explicit points and past int64.

Independent truth: the truth-table spec of the same points (n <= 20), hand-computed values
of a gate whose sums pass 2^63, and the labels a data set was made with.
"""

from __future__ import annotations

import numpy as np
import pytest

from minckt.core.circuit import Circuit, Gate
from minckt.core.data import random_point_set, random_points
from minckt.core.points import Points, point_keys
from minckt.errors import InputError, VerificationError
from minckt.verify.check import verify


def test_a_point_spec_and_its_truth_table_are_one_function():
    spec = random_points(10, 50, 4, "random")
    points = Points.from_spec(spec)
    assert points.n == 10 and points.num_points == 50
    assert points.to_spec().outputs == spec.outputs and points.to_spec().care == spec.care
    assert list(points.keys) == [int(r) for r in spec.care_rows]


def test_past_twenty_inputs_there_is_no_truth_table():
    points = random_point_set(40, 30, 1, "parity")
    assert points.n == 40 and points.num_points == 30
    assert np.array_equal(points.labels[0], points.inputs.sum(axis=1) % 2 == 1)
    with pytest.raises(InputError, match="n <= 20"):
        points.to_spec()


def test_random_point_sets_continue_the_small_draws():
    small = random_point_set(12, 40, 3, "random")
    assert small.to_spec().outputs == random_points(12, 40, 3, "random").outputs
    big = random_point_set(33, 500, 3, "majority")
    assert len(set(big.keys)) == 500  # distinct points
    assert np.array_equal(big.labels[0], 2 * big.inputs.sum(axis=1) > 33)


@pytest.mark.parametrize("inputs,labels,message", [
    ([[0, 2]], [1], "not 0 or 1"),
    ([[0, 1], [0, 1]], [1, 0], "point #2 is given twice"),
    ([[0, 1]], [1, 0], "expected m x 1"),
    (np.zeros((2, 0)), [0, 1], "inputs of shape"),
])
def test_bad_point_specs_are_one_line_errors(inputs, labels, message):
    with pytest.raises(InputError, match=message):
        Points(np.asarray(inputs), np.asarray(labels))


def test_keys_are_exact_past_64_bits():
    row = np.zeros((1, 100), dtype=np.uint8)
    row[0, 99] = row[0, 0] = 1
    assert point_keys(row) == [(1 << 99) + 1]


def test_sums_past_int64_are_exact():
    """[2^63 x1 - 2^63 x2 + 2^63 x3 >= 2^63] is [x1 - x2 + x3 >= 1] (2^63 does not fit
    int64: it would wrap to -2^63); checked on all 8 rows against that form by hand."""
    big = 1 << 63
    gate = Gate("g", (("x1", big), ("x2", -big), ("x3", big)), big)
    circuit = Circuit(3, (gate,), ("g",))
    assert circuit.exact()
    want = [int(x1 - x2 + x3 >= 1) for r in range(8)
            for x1, x2, x3 in [((r >> 0) & 1, (r >> 1) & 1, (r >> 2) & 1)]]
    assert circuit.output_values()[0].astype(int).tolist() == want
    small = Circuit(3, (Gate("g", (("x1", 1), ("x2", -1), ("x3", 1)), 1),), ("g",))
    assert not small.exact()
    assert small.output_values()[0].astype(int).tolist() == want


def test_points_and_rows_evaluate_alike():
    rng = np.random.default_rng(7)
    for _ in range(20):
        gates = []
        for j in range(4):
            sources = [f"x{i + 1}" for i in range(5)] + [g.id for g in gates]
            chosen = rng.choice(len(sources), size=3, replace=False)
            gates.append(Gate(f"g{j}", tuple((sources[k], int(rng.integers(-3, 4)) or 1)
                                             for k in chosen), int(rng.integers(-2, 3))))
        circuit = Circuit(5, tuple(gates), ("g3",))
        rows = rng.choice(32, size=12, replace=False)
        columns = (rows[None, :] >> np.arange(5)[:, None]) & 1
        assert np.array_equal(circuit.gate_values(rows), circuit.gate_values(inputs=columns))


def test_verify_on_points_names_the_point():
    points = Points(np.eye(70, dtype=np.uint8)[:3], [1, 0, 1])
    wrong = Circuit(70, (Gate("g", (("x2", 1),), 1),), ("g",))
    with pytest.raises(VerificationError, match="point #1, ones at x1"):
        verify(points, wrong)
    right = Circuit(70, (Gate("g", (("x2", -1),), 0),), ("g",))
    assert verify(points, right).size == 1
