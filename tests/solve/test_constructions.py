"""The constructions the search falls back on, and how the walks use fewer slots.

Independent truth: the evaluator (every construction is verified on random specs in every
neural model) and counts worked out from the construction's definition.
"""

from __future__ import annotations

import random

import pytest

import minckt
from minckt.solve.constructions import best_construction, cascade_circuit, detector_circuit
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.solve.caps import slots_for as _slots
from minckt.core.spec import Spec
from minckt.verify.check import verify

MODELS = (GateModel(), GateModel("relu", 1), GateModel("relu", 3), GateModel("sigmoid", 2))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.kind}{m.resolution}")
def test_constructions_compute_random_partial_functions(model):
    rng = random.Random(5)
    for _ in range(60):
        n, m = rng.randint(1, 6), rng.randint(1, 2)
        care = rng.getrandbits(1 << n) or None
        spec = Spec(n=n, outputs=tuple(rng.getrandbits(1 << n) for _ in range(m)), care=care)
        for circuit in (detector_circuit(spec, model), cascade_circuit(spec, model)):
            if circuit is None:
                continue
            metrics = verify(spec, circuit, Limits(), model)
            assert metrics.depth <= 2


def test_detector_counts():
    # 5 ones and 3 zeros among 8 points: the NOR of 3 detectors, 4 gates, energy <= 2
    spec = minckt.memorize([(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1),
                            (1, 1, 0), (1, 1, 1)], [1, 1, 0, 1, 0, 1, 0, 1])
    circuit = detector_circuit(spec)
    metrics = verify(spec, circuit)
    assert metrics.size == 4 and metrics.weight == 1 and metrics.energy <= 2
    # along the row order the labels change at every second point of 0x55 (x1): cascade
    # gates = changes
    parity_like = Spec(n=3, outputs=(0xAA,))
    assert len(cascade_circuit(parity_like).gates) == 8  # 7 changes + the output
    assert len(detector_circuit(parity_like).gates) == 5  # 4 detectors + the OR
    # x1 is one halfspace: the decision list peels it in one gate, the optimum
    assert len(best_construction(parity_like).gates) == 1


def test_bases_have_no_construction():
    assert detector_circuit(Spec(n=2, outputs=(0x6,)), GateModel("aig")) is None


def test_fewer_slots_for_ops_and_evaluated_without_guards():
    spec = minckt.family("PARITY", 4)
    assert _slots(spec, "ops", 9, Limits(size=8)) == 4
    assert _slots(spec, "evaluated", 3, Limits(size=8)) == 3
    assert _slots(spec, "ops", 9, Limits(size=8, conditional=True)) == 8
    assert _slots(spec, "energy", 2, Limits(size=8)) == 8


def test_the_least_ops_walk_on_fewer_slots_is_still_exact():
    """Against the full-slot answer: the least ops of random 3-input functions within 4
    gates, found by the walk with the slot shortcut, and ops <= v - 1 decided on all 4
    slots directly."""
    rng = random.Random(3)
    for _ in range(6):
        spec = Spec(n=3, outputs=(rng.getrandbits(8),))
        result = minckt.minimize(spec, "ops", Limits(size=4),
                                 params=SearchParams(backend="cpsat", time_limit=60))
        assert result.status is minckt.Status.OPTIMAL
        below = minckt.decide(spec, Limits(size=4, ops=result.value - 1),
                              params=SearchParams(backend="cpsat", time_limit=60))
        assert below.status is minckt.Status.UNSAT


def test_a_search_out_of_time_falls_back_to_a_construction():
    """64 random points in 8 inputs: no size-3 circuit is found in two seconds, so the
    answer is the construction, FEASIBLE, verified, with the solver's lower bound."""
    spec = minckt.family("MEMORIZE", 8, N=64, seed=0)
    result = minckt.minimize(spec, "size", params=SearchParams(time_limit=2))
    assert result.status is minckt.Status.FEASIBLE
    assert any("construction" in note for note in result.notes)
    assert result.value == len(best_construction(spec).gates) == result.metrics.size
    assert 2 <= result.lower_bound < result.value
    verify(spec, result.circuit)


def test_no_slot_shortcut_when_an_output_is_constant():
    """A constant output is a gate without a wire, so ops >= 2 size fails: outputs (x1,
    not x1, 0, 1) have a 4-gate circuit of ops 6, which 3 slots cannot hold."""
    spec = Spec(n=2, outputs=(0xA, 0x5, 0x0, 0xF))
    assert _slots(spec, "ops", 7, Limits(size=8)) == 8
    found = minckt.decide(spec, Limits(size=4, ops=6),
                          params=SearchParams(backend="cpsat", time_limit=60))
    assert found.status is minckt.Status.SAT


def test_a_construction_that_breaks_a_limit_is_declined():
    """Out of time at once with a fan-in, depth or energy limit the construction breaks: the
    answer is UNKNOWN, not an error; a question whose limit a proven bound already exceeds
    (parity is no threshold function: depth >= 2) is UNSAT / INFEASIBLE without the
    search."""
    spec = minckt.family("PARITY", 3)
    for limits in (Limits(fanin=2), Limits(energy=1)):
        result = minckt.minimize(spec, "size", limits, params=SearchParams(time_limit=1e-6))
        assert result.status is minckt.Status.UNKNOWN, limits
    assert minckt.minimize(spec, "size", Limits(depth=1),
                           params=SearchParams(time_limit=1e-6)).status \
        is minckt.Status.INFEASIBLE
    assert minckt.decide(spec, Limits(fanin=2), params=SearchParams(time_limit=1e-6)).status \
        is minckt.Status.UNKNOWN
    shallow = minckt.decide(spec, Limits(depth=1), params=SearchParams(time_limit=1e-6))
    assert shallow.status is minckt.Status.UNSAT and not shallow.steps


def test_greedy_guards_keep_the_depth_limit():
    """Guarding is a dependency: make_conditional deepens this ops-7 circuit of depth 1, so a
    walk with depth <= 1 keeps the unguarded one."""
    spec = Spec.from_callable(lambda x1, x2, x3: (x1 & x2, x1 & x2 & x3), 3, outputs=2)
    result = minckt.minimize(spec, "ops", Limits(depth=1, conditional=True, size=3),
                             params=SearchParams(time_limit=60))
    assert result.status is minckt.Status.OPTIMAL and result.metrics.depth == 1


def test_cegar_refuses_guards():
    with pytest.raises(minckt.InputError, match="cegar"):
        minckt.minimize(minckt.family("PARITY", 3), "ops", Limits(size=3, conditional=True),
                        params=SearchParams(cegar=True))
