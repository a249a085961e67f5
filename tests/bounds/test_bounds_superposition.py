"""Adler–Shavit reference curves (minckt.bounds.superposition): values at hand-computed
points, shapes (monotone, construction above the lower statement), the least-squares
constant, and that none of it reaches the proven bounds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from minckt.bounds import lower_bounds
from minckt.bounds import superposition as A
from minckt.errors import InputError
from minckt.core.problem import AXES, Limits
from minckt.core.spec import Spec

GRID = np.arange(1, 257, dtype=float)


def test_values_at_hand_computed_points():
    at = {c.name: c.values([1, 2, 4, 16]) for c in A.CURVES}
    assert np.allclose(at["neurons-lower"], [0, math.sqrt(2), math.sqrt(8), 8])
    assert np.allclose(at["params-lower"], [0, 2, 8, 64])
    assert np.allclose(at["neurons-upper"], [0, math.sqrt(2), 4, 16])
    assert np.allclose(at["params-upper"], [0, 2, 16, 256])
    assert np.allclose(at["neurons-representation"], [0, 1, 2, 4])
    assert np.allclose(A.curve("params-upper").values([4], c=0.5), [8])


@pytest.mark.parametrize("name", [c.name for c in A.CURVES])
def test_every_curve_grows_with_m_prime(name):
    values = A.curve(name).values(GRID)
    assert values[0] == 0 and (np.diff(values) > 0).all()


def test_constructions_lie_above_the_lower_statements_at_equal_constants():
    # √m' log m' / √(m' log m') = √(log m') and m' log² m' / (m' log m') = log m': both >= 1
    # from m' = 2 on, and the gap grows without bound
    for resource in ("neurons", "params"):
        lower = A.curve(f"{resource}-lower").values(GRID[1:])
        upper = A.curve(f"{resource}-upper").values(GRID[1:])
        assert (upper >= lower - 1e-12).all() and (np.diff(upper / lower) > 0).all()


def test_labels_name_the_paper_and_the_unknown_constant():
    curves = A.reference_curves([2, 8])
    assert len(curves) == len(A.CURVES)
    for label in curves:
        assert label.startswith("c·") and "Adler–Shavit" in label and "constant unknown" in label
    assert set(A.reference_curves([2], resource="params")) == {
        c.label for c in A.CURVES if c.resource == "params"}


def test_fit_recovers_the_constant_and_refuses_nonsense():
    shape = A.curve("neurons-lower")
    m = np.array([2.0, 4.0, 8.0, 16.0])
    assert shape.fit(m, 1.7 * shape.values(m)) == pytest.approx(1.7)
    assert shape.fit([1, 1], [3, 4]) is None  # g(1) = 0: nothing to fit
    for bad in ([0], [-1, 2], [float("nan")]):
        with pytest.raises(InputError):
            shape.values(bad)
    with pytest.raises(InputError):
        shape.fit([2, 4], [1])
    with pytest.raises(InputError, match="neurons-lower"):
        A.curve("nope")


def test_never_a_proven_bound():
    assert not hasattr(A, "bounds")
    spec = Spec.from_table(["0x88", "0x80"], 3)
    for axis in AXES:
        for bound in lower_bounds(spec, axis, limits=Limits(outputs_read="hidden")):
            assert "Adler" not in bound.reference and "superposition" not in bound.name
