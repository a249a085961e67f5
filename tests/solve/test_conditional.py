"""Conditional circuits (guards) and the evaluated / ops resources.

Independent truth: circuits written by hand with their counts worked out on paper, and a
brute force over every circuit of at most two threshold gates with weights in -2..2 on three
inputs (guards included), against both backends' minima, with and without symmetry breaks.
"""

from __future__ import annotations

import itertools
import json
from functools import lru_cache

import numpy as np
import pytest

import minckt
from minckt.core.circuit import Circuit, Gate
from minckt.errors import InputError, VerificationError
from minckt.io.instances import load_instances
from minckt.core.problem import Limits, SearchParams
from minckt.core.spec import Spec, input_matrix
from minckt.verify.check import verify

BACKENDS = ("cnf", "cpsat")
ALL_OFF = {name: False for name in ("no_trivial", "layers", "tt_order", "input_lex", "unate",
                                    "asummable")}


def mux() -> Circuit:
    """x3 ? x1 : x2 as a decision: g1 = x3, g2 = x1 where g1, g3 = x2 where not g1, g4 = OR."""
    return Circuit(3, (
        Gate("g1", (("x3", 1),), 1),
        Gate("g2", (("x1", 1),), 1, guard=("g1", 1)),
        Gate("g3", (("x2", 1),), 1, guard=("g1", 0)),
        Gate("g4", (("g2", 1), ("g3", 1)), 1),
    ), ("g4",))


def test_guarded_gates_are_skipped_and_counted():
    circuit = mux()
    values, evaluated = circuit.evaluate()
    x = input_matrix(3)
    assert (circuit.output_values()[0] == np.where(x[2] == 1, x[0], x[1]).astype(bool)).all()
    # g2 is evaluated exactly where x3 = 1, g3 where x3 = 0; skipped gates output 0
    assert (evaluated[1] == (x[2] == 1)).all() and (evaluated[2] == (x[2] == 0)).all()
    assert not values[1][x[2] == 0].any() and not values[2][x[2] == 1].any()
    metrics = circuit.metrics()
    # every row: g1 (1 wire, 2 ops), one of g2/g3 (2 ops), g4 (2 wires, 3 ops) = 3 gates, 7 ops
    assert metrics.evaluated == 3 and metrics.ops == 7
    # a guard is a dependency: g2 waits for g1, g4 for g2
    assert circuit.levels() == [1, 2, 2, 3] and metrics.depth == 3
    assert metrics.wires == 5 and metrics.fanin == 2 and metrics.size == 4
    assert circuit.conditional


def test_unconditional_counts_are_size_and_wires_plus_size():
    circuit = minckt.minimize(minckt.family("PARITY", 3), "size").circuit
    metrics = circuit.metrics()
    assert metrics.evaluated == metrics.size and metrics.ops == metrics.wires + metrics.size


def test_guard_formats_round_trip():
    circuit = mux()
    data = circuit.to_json()
    assert data["gates"][1]["guard"] == {"gate": "g1", "when": 1}
    assert data["gates"][2]["guard"] == {"gate": "g1", "when": 0}
    back = Circuit.from_json(json.dumps(data))
    assert back == circuit
    assert "if g1" in circuit.to_text() and "if not g1" in circuit.to_text()
    dot = circuit.to_dot()
    assert '"g1" -> "g2" [style=dashed, label="if 1"]' in dot
    assert '"g1" -> "g3" [style=dashed, label="if 0"]' in dot
    graph = circuit.to_networkx()
    assert graph.nodes["g2"]["guard"] == {"gate": "g1", "when": 1}
    assert graph.edges["g1", "g2"] == {"weight": 0, "guard": 1}
    renamed = circuit.renumbered("h")
    assert renamed.gate("h2").guard == ("h1", 1)


def test_guard_gates_survive_pruning():
    circuit = mux()
    assert circuit.without_dead() == circuit
    assert circuit.pruned().metrics() == circuit.metrics()


@pytest.mark.parametrize("bad", [("g9", 1), ("g1", 2), ("x1", 1), ("g1", True), "g1"])
def test_bad_guards_are_input_errors(bad):
    with pytest.raises(InputError):
        Circuit(2, (Gate("g1", (("x1", 1),), 1), Gate("g2", (("x2", 1),), 1, guard=bad)),
                ("g2",))


def test_bad_guard_json():
    data = mux().to_json()
    data["gates"][1]["guard"] = {"gate": "g1"}
    with pytest.raises(InputError, match="guard"):
        Circuit.from_json(data)


def test_verify_refuses_guards_in_an_unconditional_question():
    spec = Spec.from_callable(lambda x1, x2, x3: x1 if x3 else x2, 3)
    with pytest.raises(VerificationError, match="guards"):
        verify(spec, mux())
    assert verify(spec, mux(), Limits(conditional=True)).ops == 7


# -- brute force ------------------------------------------------------------------------------

WEIGHTS = range(-2, 3)


@lru_cache(maxsize=None)
def _brute_force() -> dict[str, dict[int, int]]:
    """Least ops and least evaluated of every 3-input function over circuits of at most two
    threshold gates with |w| <= 2, with and without guards: {"ops", "ops_cond", "evaluated_cond"}
    -> {truth table: value}."""
    x = input_matrix(3).astype(np.int64)
    place = 1 << np.arange(8)

    def tables(sources: np.ndarray):
        """(truth table, fan-in) of every gate on these source rows (k x 8)."""
        k = sources.shape[0]
        grid = np.array(list(itertools.product(WEIGHTS, repeat=k)), dtype=np.int64)
        sums = grid @ sources
        thresholds = np.arange(-2 * k, 2 * k + 2)
        fires = sums[:, None, :] >= thresholds[None, :, None]
        codes = (fires * place).sum(axis=2)
        fanin = np.count_nonzero(grid, axis=1)
        return codes, np.broadcast_to(fanin[:, None], codes.shape)

    best = {"ops": {}, "ops_cond": {}, "evaluated_cond": {}}

    def keep(kind, table, value):
        table = int(table)
        if value < best[kind].get(table, 1 << 30):
            best[kind][table] = int(value)

    first = {}
    codes, fanin = tables(x)
    for code, f in zip(codes.ravel(), fanin.ravel()):
        first[int(code)] = min(first.get(int(code), 9), int(f))
    for code, f1 in first.items():
        for kind in best:
            keep(kind, code, 1 if kind == "evaluated_cond" else f1 + 1)
    for code, f1 in first.items():
        v1 = (code >> np.arange(8)) & 1
        codes, fanin = tables(np.vstack([x, v1]))
        codes, fanin = codes.ravel(), fanin.ravel()
        for table, f2 in set(zip(codes.tolist(), fanin.tolist())):
            keep("ops", table, f1 + f2 + 2)
            keep("ops_cond", table, f1 + f2 + 2)
            keep("evaluated_cond", table, 2)
            raw = (table >> np.arange(8)) & 1
            for when in (0, 1):
                cond = v1 == when
                out = int(((raw & cond) * place).sum())
                keep("ops_cond", out, f1 + 1 + (f2 + 1) * int(cond.any()))
                keep("evaluated_cond", out, 1 + int(cond.any()))
    return best


def _sample(count: int, seed: int) -> list[int]:
    tables = sorted(_brute_force()["ops_cond"])
    return [tables[i] for i in np.random.default_rng(seed).choice(len(tables), count,
                                                                  replace=False)]


def test_brute_force_sees_guards_help():
    best = _brute_force()
    assert set(best["ops"]) <= set(best["ops_cond"])
    helped = [t for t in best["ops"] if best["ops_cond"][t] < best["ops"][t]]
    assert helped  # the multiplexer family, among others
    assert all(best["ops_cond"][t] <= best["ops"][t] for t in best["ops"])


def _minimum(table: int, objective: str, conditional: bool, backend: str,
             symmetry: dict | None = None) -> int:
    spec = Spec(n=3, outputs=(table,))
    result = minckt.minimize(spec, objective, Limits(size=2, weight=2, conditional=conditional),
                             params=SearchParams(backend=backend, symmetry=symmetry or {},
                                                 time_limit=60))
    assert result.status is minckt.Status.OPTIMAL, result
    return result.value


@pytest.mark.parametrize("backend", BACKENDS)
def test_least_ops_matches_brute_force(backend):
    best = _brute_force()
    for table in _sample(40, seed=1):
        assert _minimum(table, "ops", True, backend) == best["ops_cond"][table], hex(table)
        if table in best["ops"]:
            assert _minimum(table, "ops", False, backend) == best["ops"][table], hex(table)


@pytest.mark.parametrize("backend", BACKENDS)
def test_least_evaluated_matches_brute_force(backend):
    best = _brute_force()
    for table in _sample(20, seed=2):
        assert _minimum(table, "evaluated", True, backend) == best["evaluated_cond"][table]


@pytest.mark.parametrize("backend", BACKENDS)
def test_symmetry_breaks_change_no_conditional_optimum(backend):
    best = _brute_force()
    for table in _sample(20, seed=3):
        assert _minimum(table, "ops", True, backend, ALL_OFF) == best["ops_cond"][table]


@pytest.mark.parametrize("switch", sorted(ALL_OFF))
@pytest.mark.parametrize("backend", BACKENDS)
def test_each_symmetry_switch_changes_no_conditional_optimum(backend, switch):
    best = _brute_force()
    for table in _sample(6, seed=4):
        assert _minimum(table, "ops", True, backend, {switch: False}) == \
            best["ops_cond"][table], (switch, hex(table))


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_least_ops_matches_brute_force_everywhere(backend):
    best = _brute_force()
    for table, value in best["ops_cond"].items():
        assert _minimum(table, "ops", True, backend) == value, hex(table)


def test_backends_agree_on_four_inputs_with_care_sets():
    """Random partial functions of 4 inputs, 3 gates, unbounded weights: both backends give
    the same least ops with guards, never more than without."""
    rng = np.random.default_rng(7)
    for _ in range(4):
        care = int(rng.integers(1, 1 << 16))
        spec = Spec(n=4, outputs=(int(rng.integers(0, 1 << 16)) & care,), care=care)
        values = {}
        for backend in BACKENDS:
            for conditional in (False, True):
                result = minckt.minimize(spec, "ops", Limits(size=3, conditional=conditional),
                                         params=SearchParams(backend=backend, time_limit=60))
                assert result.status is minckt.Status.OPTIMAL
                values[backend, conditional] = result.value
        assert values["cnf", True] == values["cpsat", True]
        assert values["cnf", False] == values["cpsat", False]
        assert values["cnf", True] <= values["cnf", False]


def test_relu_guards_agree_across_backends():
    """ReLU R = 2 with guards, |w| <= 2, at most 2 gates: both backends give the same least
    ops for the multiplexer and for a random 3-input function, never more than without
    guards."""
    model = minckt.GateModel("relu", 2)
    for spec in (Spec.from_callable(lambda x1, x2, x3: x1 if x3 else x2, 3),
                 Spec(n=3, outputs=(0x91,))):
        values = {}
        for backend in BACKENDS:
            for conditional in (False, True):
                result = minckt.minimize(spec, "ops", Limits(size=2, weight=2,
                                                             conditional=conditional), model=model,
                                         params=SearchParams(backend=backend, time_limit=60))
                assert result.status is minckt.Status.OPTIMAL, result
                values[backend, conditional] = result.value
        assert values["cnf", True] == values["cpsat", True] <= values["cnf", False]
        assert values["cnf", False] == values["cpsat", False]


def test_bases_refuse_guards():
    spec = minckt.family("PARITY", 3)
    with pytest.raises(InputError, match="aig"):
        minckt.minimize(spec, "ops", Limits(size=3), model=minckt.GateModel("aig"))
    with pytest.raises(InputError, match="conditional"):
        minckt.minimize(spec, "size", Limits(conditional=True), model=minckt.GateModel("aig"))


def test_instance_keys(tmp_path):
    path = tmp_path / "mux.toml"
    path.write_text('[[instance]]\nname = "mux"\ntruth_table = "0xCA"\nn = 3\nminimize = "ops"\n'
                    'size = 3\nconditional = true\n', encoding="utf-8")
    (instance,) = load_instances(path)
    assert instance.limits.conditional and instance.objective == "ops"
    path.write_text('[[instance]]\nname = "mux"\ntruth_table = "0xCA"\nn = 3\nminimize = "ops"\n'
                    'conditional = 1\n', encoding="utf-8")
    with pytest.raises(InputError, match="conditional"):
        load_instances(path)
