"""What a proof within the default size cap proves (`minckt.solve.caps`).

Without guards a circuit with ops <= v has at most v // 2 gates after pruning (every gate
keeps a wire when no output is constant), one with evaluated <= v at most v, a network with
v hidden gates at most v + m: a walk that refutes v - 1 on that many slots has proven the
optimum for every size, so the answer is OPTIMAL without a size limit.  Checked from both
sides: two backends agree on the value, and the bound-free restatement keeps FEASIBLE where
the objective bounds no size (guards).
"""

from __future__ import annotations

import pytest

from minckt import Limits, SearchParams, Spec, Status, family, minimize
from minckt.solve.caps import objective_size, slots_for


def test_objective_sizes():
    mux = Spec.from_table("0xCA", n=3)
    assert objective_size(mux, "ops", 6, Limits()) == 3
    assert objective_size(mux, "evaluated", 4, Limits()) == 4
    assert objective_size(family("PAIRWISE_AND", 4, k=2), "hidden", 3, Limits()) == 3 + 6
    assert objective_size(mux, "ops", 6, Limits(conditional=True)) is None
    assert objective_size(mux, "wires", 6, Limits()) is None
    # a constant output has no wire: ops says nothing of the size then
    constant = Spec(n=2, outputs=(0x0, 0x8))
    assert objective_size(constant, "ops", 6, Limits()) is None
    assert slots_for(mux, "ops", 6, Limits(size=2)) == 2


@pytest.mark.parametrize("name, value", [("MUX3", 7), ("CD4", 7)])
@pytest.mark.parametrize("backend", ["cnf", "cpsat"])
def test_least_ops_without_a_size_limit_is_proven(name, value, backend):
    """MUX3 (0xCA) and CD 4 (0xECA0): least ops without guards, no size limit, OPTIMAL on
    both backends (they read FEASIBLE with the same value before the slots were argued)."""
    spec = Spec.from_table("0xCA", n=3) if name == "MUX3" else family("CD", 4)
    result = minimize(spec, "ops", params=SearchParams(backend=backend, time_limit=60))
    assert result.status is Status.OPTIMAL and result.value == value
    assert result.lower_bound_source == f"solver: ops <= {value - 1} UNSAT"


def test_wires_still_rest_on_the_cap():
    result = minimize(Spec.from_table("0xCA", n=3), "wires",
                      params=SearchParams(time_limit=60))
    assert result.status is Status.FEASIBLE and result.lower_bound <= result.value


@pytest.mark.parametrize("task", ["decide", "size", "energy", "frontier"])
def test_a_limit_below_a_proven_bound_is_answered_by_the_bound_whatever_the_cap(task):
    """PARITY 4 is no threshold function, so depth >= 2 at any size: with depth <= 1 and no
    size limit, every kind of question is refuted by the bound (not UNKNOWN for the cap),
    and the brute force of depth-1 circuits (one gate) agrees: no single threshold gate
    computes it."""
    import itertools

    import numpy as np

    from minckt import Frontier, decide, frontier
    from minckt.core.threshold import max_weight_needed

    spec, limits = Spec.from_table("0x6996", 4), Limits(depth=1)
    top = max_weight_needed(4)  # weights of 4-input threshold functions (Muroga)
    rows = (np.arange(16)[:, None] >> np.arange(4)) & 1
    for weights in itertools.product(range(-top, top + 1), repeat=4):
        sums = rows @ np.array(weights)
        for threshold in range(-4 * top, 4 * top + 2):
            assert ((sums >= threshold) != spec.values[0]).any()
    answer = decide(spec, limits) if task == "decide" else \
        frontier(spec, ["size", "energy"], limits) if task == "frontier" else \
        minimize(spec, task, limits)
    assert answer.status is (Status.UNSAT if task == "decide" else Status.INFEASIBLE)
    assert any("depth >= 2" in note for note in answer.notes)
    if isinstance(answer, Frontier):
        assert answer.points == ()
