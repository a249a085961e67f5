"""Threshold circuits lifted to ReLU and sigmoid gates (`minckt.solve.constructions.lift`).

Independent truth: the evaluator, gate by gate: every lifted gate outputs R times the value of
the threshold gate it came from on every row (the module's invariant), and the lifted
circuit verifies in the target model with the same size, depth and energy.
"""

from __future__ import annotations

import numpy as np
import pytest

import minckt
from minckt.core.problem import GateModel, Limits
from minckt.core.data import random_point_set
from minckt.solve.constructions import constructions, lift, search_tree_circuit
from minckt.verify.check import verify

MODELS = [GateModel(kind, r) for kind in ("relu", "sigmoid") for r in (1, 2, 3, 4)]


def _lifted_values_are_scaled(circuit, lifted, r):
    before = circuit.gate_values()
    after = lifted.gate_values()
    assert np.array_equal(after, r * before)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.kind}{m.resolution}")
@pytest.mark.parametrize("name,n,params", [("PARITY", 7, {}), ("MOD", 8, {"m": 3}),
                                           ("CD", 6, {}), ("IP", 6, {}), ("RANDOM", 5, {"seed": 3})])
def test_every_threshold_construction_lifts_gate_for_gate(model, name, n, params):
    spec = minckt.family(name, n, **params)
    built = constructions(spec, GateModel())
    lifted = constructions(spec, model)
    assert built and [c.source for c in lifted] == [c.source for c in built]
    for before, after in zip(built, lifted):
        _lifted_values_are_scaled(before.circuit, after.circuit, model.resolution)
        was = verify(spec, before.circuit)
        now = verify(spec, after.circuit, model=model)
        assert (now.size, now.depth, now.energy) == (was.size, was.depth, was.energy)


def test_guarded_circuits_keep_their_guards():
    points = random_point_set(8, 24, seed=5)
    spec = points.to_spec()
    tree = search_tree_circuit(spec)
    limits = Limits(conditional=True)
    for model in (GateModel("relu", 2), GateModel("sigmoid", 3)):
        lifted = lift(tree, model)
        assert [g.guard for g in lifted.gates] == [g.guard for g in tree.gates]
        _lifted_values_are_scaled(tree, lifted, model.resolution)
        assert verify(spec, lifted, limits, model=model).evaluated == \
            verify(spec, tree, limits).evaluated


def test_what_does_not_lift():
    spec = minckt.family("PARITY", 3)
    relu = constructions(spec, GateModel("relu", 2))[0].circuit
    assert lift(relu, GateModel("sigmoid", 2)) is None  # not a threshold circuit
    threshold = constructions(spec, GateModel())[0].circuit
    assert lift(threshold, GateModel("aig")) is None
    assert lift(threshold, GateModel()) is threshold


def test_a_lifted_construction_answers_past_the_time_limit():
    """The fallback of a ReLU question: parity of 10 inputs in ReLU R = 2 gates gets the
    lifted counting circuit (4 gates) where the search cannot answer in 1 s."""
    spec = minckt.family("PARITY", 10)
    result = minckt.minimize(spec, "size", model=GateModel("relu", 2),
                             params=minckt.SearchParams(time_limit=1))
    assert result.circuit is not None
    assert verify(spec, result.circuit, model=GateModel("relu", 2)).size == result.value <= 4
