"""The threshold-function library backend ("tlib", `minckt.encode.library`) against
independent truth: the counts of OEIS A000609, its own enumeration of small weights, and the
weight-arithmetic backends (cpsat, cnf) on the same questions.  Every circuit a search
returns is verified by `minckt.verify` (the search does it), so these tests compare optima.
"""

from __future__ import annotations

import itertools
import random

from dataclasses import replace

import pytest

from minckt.encode.task import Task
from minckt.encode.registry import get_backend
from minckt.encode.library import MAX_FANIN, threshold_functions, threshold_library
from minckt.errors import InputError
from minckt.core.families import family, npn_classes
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.core.status import Status
from minckt import minimize
from minckt.encode.choose import resolve_backend
from minckt.core.spec import Spec
from minckt.core.threshold import EXACT_MAX_WEIGHT

#: OEIS A000609: threshold functions of k or fewer inputs (constants included).
A000609 = {0: 2, 1: 4, 2: 14, 3: 104, 4: 1882}

#: Least size with fan-in <= 3 of the NPN classes of 3 inputs (`npn_classes(3)`, in order),
#: as the cpsat and cnf backends found them (test_three_inputs_against_cpsat re-derives
#: every 3-input function, slow tier).
NPN3_FANIN3 = [1, 1, 1, 2, 1, 1, 3, 1, 3, 2, 2, 3, 2, 3]


def _tables(k: int, bound: int) -> set[int]:
    """Truth tables of [w.x >= t] for all |w_i| <= bound (this file's own enumeration)."""
    found = set()
    for w in itertools.product(range(-bound, bound + 1), repeat=k):
        for t in range(-k * bound, k * bound + 2):
            found.add(sum(1 << q for q in range(1 << k)
                          if sum(w[p] for p in range(k) if (q >> p) & 1) >= t))
    return found


def _depends_on(table: int, k: int, p: int) -> bool:
    return any(((table >> q) ^ (table >> (q ^ (1 << p)))) & 1 for q in range(1 << k))


def _depends_on_all(table: int, k: int) -> bool:
    return all(_depends_on(table, k, p) for p in range(k))


def _essential(table: int, k: int) -> int:
    """How many of the k inputs the table depends on."""
    return sum(_depends_on(table, k, p) for p in range(k))


@pytest.mark.parametrize("k", range(MAX_FANIN + 1))
def test_library_counts_and_realizations(k):
    functions = threshold_functions(k)
    assert len(functions) == A000609[k]
    assert max(e.weight for e in functions.values()) == EXACT_MAX_WEIGHT[k]
    for table, entry in functions.items():  # each realization computes its table
        got = sum(1 << q for q in range(1 << k)
                  if sum(w for p, w in enumerate(entry.weights) if (q >> p) & 1)
                  >= entry.threshold)
        assert got == table
    full = threshold_library(k)
    assert all(_depends_on_all(e.table, k) and all(e.weights) for e in full)
    assert {e.table for e in full} == {t for t in functions if _depends_on_all(t, k)}


@pytest.mark.parametrize("k,bound", [(2, 1), (3, 1), (3, 2)])
def test_weight_limited_library(k, bound):
    expected = {t for t in _tables(k, bound) if _depends_on_all(t, k)}
    assert {e.table for e in threshold_library(k, bound)} == expected
    assert all(e.weight <= bound for e in threshold_library(k, bound))


def _tlib(spec, objective, limits, **params):
    return minimize(spec, objective, limits, params=SearchParams(backend="tlib", **params))


def _agree(spec, objective, limits, reference="cnf", **params):
    ours = _tlib(spec, objective, limits, **params)
    theirs = minimize(spec, objective, limits, params=SearchParams(backend=reference))
    assert ours.status is theirs.status, (spec, objective, limits)
    assert ours.value == theirs.value, (spec, objective, limits)
    if ours.metrics is not None:
        assert ours.metrics.fanin <= (limits.fanin if limits.fanin is not None else 99)
        assert not limits.violations(ours.metrics)
    return ours


def test_npn3_fanin3_sizes_pinned():
    values = [_tlib(Spec.from_table(t, 3), "size", Limits(fanin=3)).value
              for t in npn_classes(3)]
    assert values == NPN3_FANIN3


def test_parity4_fanin3():
    result = _tlib(family("PARITY", 4), "size", Limits(fanin=3))
    assert result.status is Status.OPTIMAL and result.value == 5
    assert result.metrics.fanin <= 3
    # the walk's two lanes may finish size 5 before size 4: the record is in finishing order
    assert sorted((s.size, s.status) for s in result.steps) == [
        (3, Status.UNSAT), (4, Status.UNSAT), (5, Status.SAT)]


def test_lane_options_change_no_optimum(monkeypatch):
    """The walk's lanes differ in CaDiCaL options only: the first lane's sessions run the sat
    configuration, the second's (`Runner.session` with the backend's `sat_lane_options`)
    their own; without either the optima are the same."""
    from minckt.encode import chain, library
    from minckt.solve.runner import Runner as _Runner

    backend = library.LibraryBackend
    runner = _Runner(family("PARITY", 4), GateModel(), SearchParams(backend="tlib"),
                     Limits(fanin=3), {"size"})
    try:
        full = runner.session(5)
        lanes = backend.capabilities
        light = runner.session(5, lanes.sat_lane, lanes.sat_lane_options)
        assert full is not light and full.task.solver_options is None
        assert dict(light.task.solver_options) == lanes.sat_lane_options == {"chrono": 0}
        assert library.LibrarySession.solver_options == chain.FULL_LANE_OPTIONS
    finally:
        runner.close()
    specs = [Spec.from_table(t, 3) for t in npn_classes(3)] + [family("PARITY", 4)]
    with_options = [_tlib(s, "size", Limits(fanin=3)).value for s in specs]
    assert with_options == NPN3_FANIN3 + [5]
    monkeypatch.setattr(library.LibrarySession, "solver_options", {})
    monkeypatch.setattr(backend, "capabilities", replace(lanes, sat_lane_options=None))
    assert [_tlib(s, "size", Limits(fanin=3)).value for s in specs] == with_options


@pytest.mark.parametrize("objective,limits,table", [
    ("depth", Limits(fanin=2), 0x1E),
    ("energy", Limits(fanin=2), 0x96),
    ("wires", Limits(fanin=2), 0xE8),
    ("weight", Limits(fanin=3, size=2), 0x96),
])
def test_resources_with_fanin_quick(objective, limits, table):
    _agree(Spec.from_table(table, 3), objective, limits)


@pytest.mark.slow
@pytest.mark.parametrize("objective,limits", [
    ("depth", Limits(fanin=2)),
    ("energy", Limits(fanin=2)),
    ("energy", Limits(fanin=3, depth=2)),
    ("wires", Limits(fanin=2)),
    ("fanin", Limits(fanin=3, size=3)),
    ("weight", Limits(fanin=3, size=2)),
])
def test_resources_with_fanin_against_cnf(objective, limits):
    for table in (0xE8, 0x96, 0x69, 0x1E):  # MAJ3, PARITY3, its complement, x1 xor (x2 or x3)
        _agree(Spec.from_table(table, 3), objective, limits)


@pytest.mark.parametrize("table", [0x96, pytest.param(0x7E, marks=pytest.mark.slow),
                                   pytest.param(0xE8, marks=pytest.mark.slow), 0x1E])
def test_weight_one_against_cpsat(table):
    # with weight <= 1 copies may be needed (2a + b + c >= 2 needs a weight 2)
    _agree(Spec.from_table(table, 3), "size", Limits(fanin=3, weight=1), reference="cpsat")


@pytest.mark.slow
@pytest.mark.parametrize("switch", ["no_trivial", "layers", "tt_order", "input_lex", "normal"])
def test_switch_off_changes_no_optimum(switch):
    for table in (0x96, 0x1E, 0x6B):
        spec = Spec.from_table(table, 3)
        on = _tlib(spec, "size", Limits(fanin=2))
        off = _tlib(spec, "size", Limits(fanin=2), symmetry={switch: False})
        assert on.value == off.value
    energy = [_tlib(Spec.from_table(0x96, 3), "energy", Limits(fanin=2),
                    symmetry={} if on else {switch: False}).value for on in (True, False)]
    assert energy[0] == energy[1]


@pytest.mark.slow
def test_multi_output_against_cnf():
    _agree(Spec.from_table([0x96, 0xE8], 3), "size", Limits(fanin=3))  # a full adder
    _agree(Spec.from_table([0x96, 0x69], 3), "size", Limits(fanin=2))


def test_unsupported_questions_refused():
    spec = family("PARITY", 3)
    backend = get_backend("tlib")
    for limits in (Limits(), Limits(fanin=5), Limits(fanin=3, conditional=True)):
        task = Task(spec, 3, GateModel(), limits.with_("size", 3), frozenset())
        with pytest.raises(InputError, match="tlib"):
            backend.open(task)


def test_auto_choice():
    model, spec4, spec5 = GateModel(), family("PARITY", 4), family("PARITY", 5)
    assert resolve_backend("auto", model, spec4, Limits(fanin=3)) == "tlib"
    assert resolve_backend("auto", model, spec5, Limits(fanin=2)) == "tlib"
    assert resolve_backend("auto", model, spec4, Limits(fanin=4)) == "tlib"
    assert resolve_backend("auto", model, spec5, Limits(fanin=4)) == "cnf"
    assert resolve_backend("auto", model, spec4, Limits()) == "cpsat"
    assert resolve_backend("auto", model, spec4, Limits(fanin=3, conditional=True)) == "cpsat"
    assert resolve_backend("auto", GateModel("relu", 2), spec4, Limits(fanin=3)) == "cnf"
    assert resolve_backend("auto", model, spec5, Limits(fanin=5)) == "cnf"


@pytest.mark.slow
@pytest.mark.parametrize("fanin", [2, 3])
def test_three_inputs_against_cpsat(fanin):
    for table in range(256):
        _agree(Spec.from_table(table, 3), "size", Limits(fanin=fanin), reference="cpsat")


@pytest.mark.slow
def test_four_inputs_sample_against_lazy():
    # the lazy backend (value vectors, fan-in by a totalizer over connections) as the
    # reference: cnf took over 13 minutes on these
    classes = npn_classes(4)
    for table in random.Random(11).sample(classes, 12):
        _agree(Spec.from_table(table, 4), "size", Limits(fanin=3), reference="lazy")


@pytest.mark.slow
@pytest.mark.parametrize("objective,limits", [
    ("depth", Limits(fanin=3, size=4)),
    ("energy", Limits(fanin=3)),
    ("size", Limits(fanin=3, depth=2)),
])
def test_four_inputs_resources_against_lazy(objective, limits):
    for table in random.Random(5).sample(npn_classes(4), 4):
        _agree(Spec.from_table(table, 4), objective, limits, reference="lazy")


@pytest.mark.slow
def test_fanin_two_weight_one_is_the_aig_basis():
    # threshold gates of fan-in <= 2 and weights in {-1, 0, 1} are AND / OR with any
    # inputs negated (the aig basis's 8 tables), copies, negations and constants; the last
    # three never shorten a circuit of a function that depends on two inputs or more
    # (negations and copies fold into the reading gates' signs, and the gate set is closed
    # under complementing the output), so the least sizes agree with the chain backend's
    # AIGs -- an independent encoding (cnf took over 20 minutes on these)
    limits = Limits(fanin=2, weight=1)
    chosen = [t for t in random.Random(5).sample(npn_classes(4), 12)
              if _essential(t, 4) >= 2][:4]
    for table in chosen:
        spec = Spec.from_table(table, 4)
        ours = _tlib(spec, "size", limits)
        aig = minimize(spec, "size", model=GateModel("aig"),
                       params=SearchParams(backend="chain"))
        assert ours.status is aig.status is Status.OPTIMAL, table
        assert ours.value == aig.value, table
