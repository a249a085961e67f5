"""The counting bound on hidden gates (minckt.bounds.counting): the formula at hand-computed
points, the bound against least hidden counts found by brute force over small networks, and
against optima of a search that does not start from it."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest

from minckt import SearchParams, Status, minimize
from minckt.bounds import check_circuit, lower_bounds
from minckt.bounds import counting as C
from minckt.core.circuit import Circuit, Gate
from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.verify.check import architecture_problems

THRESHOLD = GateModel()
HIDDEN = Limits(outputs_read="hidden")


def _table(n: int, rule) -> int:
    return sum(1 << r for r in range(1 << n) if rule([(r >> i) & 1 for i in range(n)]))


def pairwise_and(n: int, most_ones: int | None) -> Spec:
    """x_i AND x_j for every pair i < j; rows with more than `most_ones` ones are don't-cares
    (the sparsity promise of docs/design/papers.md#superposition-adlershavit; None: no promise)."""
    pairs = list(itertools.combinations(range(n), 2))
    outputs = tuple(_table(n, lambda x, i=i, j=j: x[i] and x[j]) for i, j in pairs)
    care = None if most_ones is None else _table(n, lambda x: sum(x) <= most_ones)
    return Spec(n, outputs, care)


AND_OR = Spec.from_table(["0x8", "0xE"], 2)  # output vectors 00, 01, 11: D = 3
SMALL_SPECS = {
    "and-or": AND_OR,
    "xor-and": Spec.from_table(["0x6", "0x8"], 2),             # 00, 10, 01: D = 3
    "x1-x2": Spec.from_table(["0xA", "0xC"], 2),               # all four vectors: D = 4
    "xor": Spec.from_table("0x6", 2),                          # D = 2
    "pairwise-and-3-sparse": pairwise_and(3, 2),              # 000, 100, 010, 001: D = 4
    "maj-parity-3": Spec.from_table(["0xE8", "0x96"], 3),      # D = 4
    "and-or-3": Spec.from_table(["0x80", "0xFE"], 3),          # D = 3
}


# -- the formula ----------------------------------------------------------------------------

def test_least_exponent_and_value_counts():
    assert [C.least_exponent(d, 2) for d in (0, 1, 2, 3, 4, 5, 8, 9)] == [0, 0, 1, 2, 2, 3, 3, 4]
    assert [C.least_exponent(d, 3) for d in (1, 3, 4, 9, 10)] == [0, 1, 2, 2, 3]
    assert C.gate_values(THRESHOLD) == 2 and C.gate_values(GateModel("aig")) == 2
    assert C.gate_values(GateModel("relu", 3)) == 4 and C.gate_values(GateModel("sigmoid", 2)) == 3


def test_distinct_output_vectors_on_the_care_rows():
    assert C.distinct_output_vectors(AND_OR) == 3
    assert C.distinct_output_vectors(pairwise_and(3, 2)) == 4
    assert C.distinct_output_vectors(pairwise_and(3, None)) == 5  # and 111 on row 7
    assert C.distinct_output_vectors(pairwise_and(5, 2)) == 11    # nothing, or one pair
    assert C.distinct_output_vectors(Spec(2, (0b0110,), care=0)) == 0


def _value(spec, limits, model=THRESHOLD):
    (bound,) = C.bounds(spec, "hidden", model, limits)
    assert bound.name == "counting"
    return bound.value


def test_the_bound_at_hand_computed_points():
    assert _value(pairwise_and(5, 2), HIDDEN) == 4               # ⌈log2 11⌉
    assert _value(pairwise_and(5, 2), HIDDEN, GateModel("relu", 2)) == 3   # ⌈log3 11⌉
    assert _value(pairwise_and(5, 2), HIDDEN, GateModel("sigmoid", 10)) == 1
    assert _value(AND_OR, HIDDEN) == 2
    # layered without skip: every hidden layer alone tells the 3 vectors apart
    assert _value(AND_OR, Limits(layers=(5, 5, 5, 2), skip=False)) == 6
    assert _value(AND_OR, Limits(layers=(5, 2), skip=False)) == 2
    # with skip and outputs read hidden gates: only the first argument
    assert _value(AND_OR, Limits(layers=(5, 5, 2), outputs_read="hidden")) == 2


def test_no_bound_where_outputs_may_read_inputs():
    for limits in (Limits(), Limits(layers=(4, 2)), Limits(layers=(2,), skip=False)):
        assert C.bounds(AND_OR, "hidden", THRESHOLD, limits) == []
    for axis in ("size", "params", "wires"):
        assert C.bounds(AND_OR, axis, THRESHOLD, HIDDEN) == []


def test_hooked_with_guards_and_without():
    for conditional in (False, True):
        limits = Limits(outputs_read="hidden", conditional=conditional)
        names = {b.name: b.value for b in lower_bounds(pairwise_and(5, 2), "hidden", THRESHOLD,
                                                       limits)}
        assert names["counting"] == 4


def test_relu_gates_of_three_values_need_one_hidden_gate_for_and_or():
    # h = min(2, x1 + x2); AND = [h >= 2], OR = [h >= 1]: hidden 1 = ⌈log3 3⌉, tight
    hidden = Gate("h", (("x1", 1), ("x2", 1)), 0, kind="relu", resolution=2)
    both = Gate("and", (("h", 1),), 1, kind="relu", resolution=2)
    either = Gate("or", (("h", 1),), 0, kind="relu", resolution=2)
    circuit = Circuit(2, (hidden, both, either), ("and", "or"))
    assert (circuit.output_values() == AND_OR.values).all()
    assert architecture_problems(circuit, HIDDEN) == []
    assert circuit.metrics().hidden == 1 == _value(AND_OR, HIDDEN, GateModel("relu", 2))
    assert _value(AND_OR, HIDDEN) == 2


def test_a_guarded_circuit_meets_the_bound():
    # h1 = x1 OR x2, h2 = (x1 AND x2) evaluated only where h1 is active: 2 hidden gates
    h1 = Gate("h1", (("x1", 1), ("x2", 1)), 1)
    h2 = Gate("h2", (("x1", 1), ("x2", 1)), 2, guard=("h1", 1))
    both = Gate("and", (("h2", 1),), 1)
    either = Gate("or", (("h1", 1),), 1)
    circuit = Circuit(2, (h1, h2, both, either), ("and", "or"))
    assert (circuit.output_values() == AND_OR.values).all()
    check_circuit(AND_OR, THRESHOLD, circuit.metrics(), conditional=True, shape=HIDDEN)


# -- brute force ----------------------------------------------------------------------------

#: Integer weights up to these reach every threshold function of that many sources
#: (checked against OEIS A000609 below), so the brute force misses no gate.
_WEIGHT = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3}
A000609 = (2, 4, 14, 104, 1882)


@functools.lru_cache(maxsize=None)
def _gate_tables(arity: int) -> np.ndarray:
    """Every distinct truth table over 2^arity points of [Σ w_i u_i >= t], |w_i| <=
    _WEIGHT[arity] (t over the whole range of the sum and one beyond), as rows."""
    weight = _WEIGHT[arity]
    points = np.array([[(p >> i) & 1 for i in range(arity)] for p in range(1 << arity)],
                      dtype=np.int64).reshape(1 << arity, arity)
    found = set()
    span = arity * weight
    for w in itertools.product(range(-weight, weight + 1), repeat=arity):
        z = points @ np.array(w, dtype=np.int64).reshape(arity)
        for t in range(-span, span + 2):
            found.add(tuple(bool(v) for v in z >= t))
    return np.array(sorted(found), dtype=bool).reshape(len(found), 1 << arity)


def test_the_brute_force_reaches_every_threshold_function():
    assert tuple(len(_gate_tables(arity)) for arity in range(5)) == A000609


def _patterns(layer: np.ndarray) -> np.ndarray:
    return (layer.astype(np.int64) << np.arange(layer.shape[0])[:, None]).sum(axis=0)


def _layer_options(previous: np.ndarray) -> list[tuple[bool, ...]]:
    """The distinct value rows of one threshold gate reading the layer whose values on the
    care rows are `previous` (width x rows)."""
    return sorted({tuple(row) for row in _gate_tables(previous.shape[0])[:, _patterns(previous)]})


def _outputs_fit(layer: np.ndarray, spec: Spec, rows: np.ndarray) -> bool:
    """Every output is one threshold gate reading `layer` (width x len(rows)) on the rows."""
    seen = _gate_tables(layer.shape[0])[:, _patterns(layer)]
    return all((seen == spec.values[k, rows][None, :]).all(axis=1).any()
               for k in range(spec.num_outputs))


def _least_hidden(spec: Spec, hidden_layers: int, budget: int) -> int | None:
    """The least number of hidden gates of a network of `hidden_layers` threshold layers
    without skip, its output gates reading the last layer only (so `budget` <= 4 keeps every
    gate's sources within _WEIGHT's reach: the answer is exact), or None within `budget`."""
    rows = np.flatnonzero(spec.care_mask)
    inputs = np.array([(rows >> i) & 1 for i in range(spec.n)], dtype=bool)
    inputs = inputs.reshape(spec.n, len(rows))

    def search(layer: np.ndarray, left: int, remaining: int) -> bool:
        if left == 0:
            return _outputs_fit(layer, spec, rows)
        options = _layer_options(layer)
        for width in range(1, remaining - (left - 1) + 1):
            for chosen in itertools.combinations(options, width):
                if search(np.array(chosen, dtype=bool), left - 1, remaining - width):
                    return True
        return False

    for total in range(hidden_layers, budget + 1):
        if search(inputs, hidden_layers, total):
            return total
    return None


@pytest.mark.parametrize("name", sorted(SMALL_SPECS))
def test_bound_at_most_the_least_one_layer_network(name):
    spec = SMALL_SPECS[name]
    least = _least_hidden(spec, 1, 4)
    assert least is not None
    for limits in (HIDDEN, Limits(layers=(8, spec.num_outputs), skip=False)):
        assert _value(spec, limits) <= least, (name, least)


def test_brute_force_meets_the_bound_on_pairwise_ands():
    # [x1 + 2x2 + x3 >= 3] and [2x1 + x2 + x3 >= 3] tell nothing / x1x2 / x1x3 / x2x3 apart
    spec = pairwise_and(3, 2)
    assert _least_hidden(spec, 1, 4) == _value(spec, HIDDEN) == 2


@pytest.mark.parametrize("name", ["and-or", "xor-and", "x1-x2", "xor"])
def test_bound_at_most_the_least_two_layer_network(name):
    spec = SMALL_SPECS[name]
    least = _least_hidden(spec, 2, 4)
    assert least is not None
    assert _value(spec, Limits(layers=(8, 8, spec.num_outputs), skip=False)) <= least
    if name != "xor":
        assert least == 4  # two layers of two: the bound, met


# -- against the search -----------------------------------------------------------------------

def _without_counting(monkeypatch) -> None:
    """The search starts from and stops at the strongest bound: take this one out so that the
    optimum does not rest on it."""
    monkeypatch.setattr(C, "bounds", lambda *args, **kwargs: [])
    assert "counting" not in {b.name for b in lower_bounds(AND_OR, "hidden", THRESHOLD, HIDDEN)}


_SEARCHED = [
    ("pairwise-and-3-sparse", HIDDEN, THRESHOLD),
    ("and-or", HIDDEN, THRESHOLD),
    ("x1-x2", HIDDEN, THRESHOLD),
    ("maj-parity-3", HIDDEN, THRESHOLD),
    ("and-or", Limits(layers=(3, 3, 2), skip=False), THRESHOLD),
    ("and-or", HIDDEN, GateModel("relu", 2)),
]


@pytest.mark.parametrize("name, limits, model", _SEARCHED)
def test_bound_at_most_the_searched_optimum(name, limits, model, monkeypatch):
    spec = SMALL_SPECS[name]
    bound = _value(spec, limits, model)
    _without_counting(monkeypatch)
    result = minimize(spec, "hidden", limits, model=model,
                      params=SearchParams(backend="cpsat", time_limit=30))
    assert result.status is Status.OPTIMAL, result.status
    assert bound <= result.value, (name, bound, result.value)
    assert architecture_problems(result.circuit, limits) == []


@pytest.mark.parametrize("name", sorted(SMALL_SPECS))
def test_exact_brute_force_and_search_agree_on_one_layer_networks(name, monkeypatch):
    # one hidden layer of at most 4 gates without skip: the brute force above is exact there
    spec = SMALL_SPECS[name]
    limits = Limits(layers=(4, spec.num_outputs), skip=False)
    least = _least_hidden(spec, 1, 4)
    _without_counting(monkeypatch)
    result = minimize(spec, "hidden", limits, params=SearchParams(backend="cpsat",
                                                                  time_limit=30))
    assert result.status is Status.OPTIMAL and result.value == least
    monkeypatch.undo()
    assert _value(spec, limits) <= least
