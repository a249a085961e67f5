"""Baum's one-hidden-layer slabs (`minckt.solve.constructions.baum`).

Independent truth: the evaluator (`minckt.verify`) checks every circuit on the cube; points
of R^n with large integer coordinates are checked by a plain Python evaluator here (the
circuit evaluator's int64 test assumes 0/1 inputs); the counts are checked against the
formulas of the module docstring (2⌈c/n⌉ in general position, at most c on the cube) and
the ⌈N/n⌉ of the paper's abstract by brute force; every function of up to three inputs
and every NPN class of four is covered; and no circuit is below the least size at depth 2
that the exact search proves.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from minckt import Limits, SearchParams, Spec, Status, minimize, random_points, verify
from minckt.core.classes import npn_representatives
from minckt.core.data import random_point_set
from minckt.core.points import Points
from minckt.errors import InputError
from minckt.solve.constructions import baum
from minckt.solve.constructions.baum import (
    Slab, baum_circuit, baum_hidden, baum_network, baum_size, cube_hidden_bound, slab_circuit,
    slab_cover)


def _labels(spec: Spec | Points) -> np.ndarray:
    if isinstance(spec, Points):
        return np.asarray(spec.labels[0], dtype=bool)
    return np.asarray(spec.values[0, spec.care_rows], dtype=bool)


def _points(spec: Spec | Points) -> np.ndarray:
    if isinstance(spec, Points):
        return spec.inputs.astype(np.int64)
    rows = spec.care_rows
    return (rows[:, None] >> np.arange(spec.n)) & 1


def _fewest_units(points: np.ndarray, labels: np.ndarray) -> int:
    """The hidden units of the better of the two covers (what `baum_circuit` keeps)."""
    return min(sum(s.units for s in slab_cover(points, labels == label)) for label in (0, 1))


def _check_cube(spec: Spec | Points) -> int:
    """Verify the circuit of `spec`, its depth, and its size against the slabs and the cube
    bound; return its size."""
    circuit = baum_circuit(spec)
    metrics = verify(spec, circuit)
    labels = _labels(spec)
    ones = int(labels.sum())
    smaller = min(ones, len(labels) - ones)
    if smaller == 0:
        assert metrics.size == 1 and metrics.depth == 1
        return metrics.size
    assert metrics.depth == 2
    assert metrics.size == 1 + _fewest_units(_points(spec), labels)
    assert metrics.size <= 1 + cube_hidden_bound(smaller)
    return metrics.size


# -- the cube -------------------------------------------------------------------------------

CASES = [(n, count) for n in (8, 12, 16, 32) for count in (16, 64, 256, 512) if count < 1 << n]


@pytest.mark.parametrize("n, count", CASES)
@pytest.mark.parametrize("labels", ["random", "parity"])
def test_random_data_sets_of_the_cube(n, count, labels):
    points = random_point_set(n, count, seed=n + count, labels=labels)
    size = _check_cube(points)
    ones = int(points.labels[0].sum())
    if n >= 12:  # measured, not a theorem: 2⌈c/n⌉ + 1 of the smaller class is never passed
        assert size <= baum_size(min(ones, count - ones), n)


def test_every_function_of_up_to_three_inputs():
    for n in (1, 2, 3):
        for table in range(1 << (1 << n)):
            _check_cube(Spec(n=n, outputs=(table,)))


def test_every_npn_class_of_four_inputs():
    sizes = [_check_cube(Spec(n=4, outputs=(int(table),))) for table in npn_representatives(4)]
    assert len(sizes) == 222 and max(sizes) <= 9  # at most 8 ones or zeros: 8 units + 1


@pytest.mark.slow
def test_every_function_of_four_inputs():
    """All 65,536 (15 min on one core; the quick tier takes the 222 NPN classes)."""
    for table in range(1 << 16):
        _check_cube(Spec(n=4, outputs=(table,)))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.sampled_from((0, 1, None)), min_size=1 << n, max_size=1 << n))))
def test_random_partial_functions(case):
    n, values = case
    care = sum(1 << r for r, v in enumerate(values) if v is not None)
    if care:
        _check_cube(Spec(n=n, outputs=(sum(1 << r for r, v in enumerate(values) if v),),
                         care=care))


@pytest.mark.parametrize("n", range(2, 9))
def test_parity_takes_n_hidden_units(n):
    """Measured: the greedy finds the layers Σ x_i = k, k odd (some one-sided)."""
    table = sum(1 << r for r in range(1 << n) if bin(r).count("1") % 2)
    assert _check_cube(Spec(n=n, outputs=(table,))) <= n + 1


def test_pinned_sizes_at_sixteen_inputs():
    """Random labels, seed 1: 5, 13, 41 gates (`baum_size` of the smaller class: 5, 15, 65;
    the detectors: about N/2)."""
    for count, pinned in ((64, 5), (256, 13), (1024, 41)):
        points = random_point_set(16, count, seed=1)
        assert _check_cube(points) <= pinned


@pytest.mark.slow
def test_pinned_size_at_4096_points():
    assert _check_cube(random_point_set(16, 4096, seed=1)) <= 121


@pytest.mark.parametrize("n, count", [(24, 200), (64, 120)])
def test_point_specs_past_twenty_inputs(n, count):
    """Normals through points of 64 inputs pass int64: the evaluator sums exactly."""
    points = random_point_set(n, count, seed=3)
    _check_cube(points)
    assert baum_circuit(points).exact() == (n == 64)


def test_the_same_circuit_from_a_spec_and_its_points():
    spec = random_points(12, 200, seed=4)
    assert baum_circuit(spec) == baum_circuit(Points.from_spec(spec))


def test_a_single_point_is_cut_off_by_its_detector():
    points = np.array(list(itertools.product((0, 1), repeat=3)))
    labels = np.zeros(8, dtype=bool)
    labels[5] = True
    (slab,) = slab_cover(points, labels)
    assert slab.side == 1 and slab.units == 1 and slab.covers == (5,)
    assert [int(e) for e in slab.normal] == [1 if e else -1 for e in points[5]]


# -- points in general position ------------------------------------------------------------

def _exact_outputs(circuit, points: np.ndarray) -> list[int]:
    """The circuit on integer points, summed in Python integers."""
    found = []
    for point in points.tolist():
        value = {f"x{i + 1}": int(v) for i, v in enumerate(point)}
        for gate in circuit.gates:
            total = sum(w * value[source] for source, w in gate.weights)
            value[gate.id] = int(total >= gate.threshold)
        found.append(value[circuit.outputs[0]])
    return found


@pytest.mark.parametrize("n, count", [(2, 11), (3, 20), (5, 40), (8, 90), (12, 150)])
def test_points_in_general_position_take_n_per_slab(n, count):
    """Random integer points of [-10^6, 10^6]^n (in general position for these seeds): each
    label's cover has ⌈c/n⌉ slabs or fewer, every slab but the last is built on n points,
    a two-sided slab holds its members alone, and the circuit memorizes the labels."""
    rng = np.random.default_rng(n * 1000 + count)
    points = rng.integers(-10**6, 10**6, size=(count, n))
    labels = rng.integers(0, 2, size=count).astype(bool)
    for label in (0, 1):
        target = labels == label
        slabs = slab_cover(points, target)
        covered = int(target.sum())
        assert len(slabs) <= math.ceil(covered / n)
        assert sum(s.units for s in slabs) <= baum_hidden(covered, n)
        assert all(len(s.members) == n for s in slabs[:-1])
        assert all(s.covers == tuple(sorted(s.members)) for s in slabs if s.side == 0)
        assert sorted(i for s in slabs for i in s.covers) == np.flatnonzero(target).tolist()
        circuit = slab_circuit(n, slabs, label)
        assert _exact_outputs(circuit, points) == labels.astype(int).tolist()
    circuit = baum_network(points, labels)
    assert _exact_outputs(circuit, points) == labels.astype(int).tolist()
    ones = int(labels.sum())
    assert len(circuit.gates) <= baum_size(min(ones, count - ones), n)


def test_the_count_against_the_abstract():
    """2⌈⌊N/2⌋/n⌉ against ⌈N/n⌉ (module docstring): one less when N mod 2n = 1, one more when
    2 <= N mod 2n <= n, equal otherwise."""
    for n in range(1, 12):
        for count in range(1, 200):
            residue = count % (2 * n)
            expected = -1 if residue == 1 else 1 if 2 <= residue <= n else 0
            assert baum_hidden(count // 2, n) - math.ceil(count / n) == expected
    assert baum_hidden(4, 3) == 4 and math.ceil(8 / 3) == 3


def test_the_cauchy_normal_alone(monkeypatch):
    """With no small vector c tried, every normal comes from c = (1, T, T^2, ...)."""
    monkeypatch.setattr(baum, "NORMAL_TRIALS", 0)
    spec = random_points(8, 64, seed=5)
    _check_cube(spec)
    rng = np.random.default_rng(9)
    points = rng.integers(-50, 50, size=(30, 4))
    labels = rng.integers(0, 2, size=30)
    assert _exact_outputs(baum_network(points, labels), points) == labels.tolist()


def test_collinear_points_still_get_a_circuit():
    """Not in general position: alternating labels on a line, one slab per point."""
    points = np.array([[k, 2 * k] for k in range(9)])
    labels = np.array([k % 2 for k in range(9)])
    circuit = baum_network(points, labels)
    assert _exact_outputs(circuit, points) == labels.tolist()


# -- against the exact search, and the edges -----------------------------------------------

def test_never_below_the_least_size_at_depth_two():
    parity3 = Spec(n=3, outputs=(0x96,))
    specs = [parity3, Spec(n=2, outputs=(0x6,))] + [random_points(5, 10, seed=s)
                                                    for s in range(3)]
    for spec in specs:
        exact = minimize(spec, "size", Limits(depth=2), params=SearchParams(time_limit=30))
        assert exact.status is Status.OPTIMAL
        assert len(baum_circuit(spec).gates) >= exact.value


def test_constants_and_several_outputs():
    assert len(baum_circuit(Spec(n=3, outputs=(0,))).gates) == 1
    assert len(baum_circuit(Spec(n=3, outputs=(0xFF,))).gates) == 1
    assert baum_circuit(Spec(n=2, outputs=(0x6, 0x8))) is None


def test_a_forced_cover_is_kept():
    spec = random_points(10, 100, seed=7)
    labels = _labels(spec)
    for label in (0, 1):
        circuit = baum_circuit(spec, cover=label)
        verify(spec, circuit)
        units = sum(s.units for s in slab_cover(_points(spec), labels == label))
        assert len(circuit.gates) == units + 1


def test_bad_input_is_refused():
    with pytest.raises(InputError, match="twice"):
        baum_network([[0, 1], [0, 1]], [0, 1])
    with pytest.raises(InputError, match="0/1"):
        baum_network([[0, 1], [1, 1]], [0, 2])
    with pytest.raises(InputError, match="integer matrix"):
        baum_network([0, 1], [0, 1])
    with pytest.raises(InputError, match="covered"):
        baum_hidden(-1, 3)
    assert isinstance(slab_cover(np.eye(3, dtype=int), [True, False, True])[0], Slab)
