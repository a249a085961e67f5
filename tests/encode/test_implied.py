"""The CNF backend's implied clauses (switches ``unate``, ``asummable``) and the tied probe.

Independent truth here: threshold functions of 3 inputs enumerated by brute force over
weights, quadruples a + b = c + d enumerated directly, symmetric inputs read off the
families' definitions, and optima with the switches and the probe off (test_symmetry.py
checks every switch on all 3-input functions).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from minckt import GateModel, Limits, SearchParams, Spec, Status, decide, family, minimize
from minckt.encode.cnf import violating_pairs
from minckt.encode.symmetry import symmetric_classes, tied_spec
from minckt.errors import VerificationError
from minckt.solve.runner import Runner as _Runner
from thresholdtools import threshold_tables


def _has_violation_brute(n: int, table: int) -> bool:
    """Rows a, b, c, d with a + b = c + d (as 0/1 vectors), f = 1 on a, b and 0 on c, d."""
    value = [(table >> r) & 1 for r in range(1 << n)]
    vec = {r: tuple((r >> i) & 1 for i in range(n)) for r in range(1 << n)}
    sums: dict[tuple, list[tuple[int, int]]] = {}
    for a, b in itertools.combinations_with_replacement(range(1 << n), 2):
        sums.setdefault(tuple(x + y for x, y in zip(vec[a], vec[b])), []).append((a, b))
    for pairs in sums.values():
        ones = any(value[a] and value[b] for a, b in pairs)
        zeros = any(not value[a] and not value[b] for a, b in pairs)
        if ones and zeros:
            return True
    return False


def test_violating_pairs_is_2_asummability_on_3_inputs():
    # EXACT_MAX_WEIGHT[3] = 2: every threshold function of 3 inputs is among these
    threshold = threshold_tables(3, 2)
    assert len(threshold) == 104  # OEIS A000609
    index = {r: r for r in range(8)}
    for table in range(256):
        values = [(table >> r) & 1 for r in range(8)]
        found = bool(violating_pairs(3, index, values, fewest=2, most=3))
        assert found == _has_violation_brute(3, table)
        # for 3 inputs 2-asummability is exactly the threshold property
        assert found == (table not in threshold)


def test_violating_pairs_are_real_quadruples():
    spec = family("CD", 6)
    values = spec.values[0]
    index = {int(r): i for i, r in enumerate(spec.care_rows)}
    groups = violating_pairs(6, index, values)
    assert groups
    for ones, zeros in groups:
        for (a, b), (c, d) in itertools.product(ones, zeros):
            va = [((a >> i) & 1) + ((b >> i) & 1) for i in range(6)]
            vc = [((c >> i) & 1) + ((d >> i) & 1) for i in range(6)]
            assert va == vc
            assert values[a] and values[b] and not values[c] and not values[d]
            assert 3 <= sum(1 for x in va if x == 1) <= 5


def test_parity_has_no_quadruple_with_an_odd_number_of_free_inputs():
    # the two halves of a + b split its 1 digits; with an odd count their parities differ
    spec = family("PARITY", 5)
    index = {r: r for r in range(32)}
    for ones, zeros in violating_pairs(5, index, spec.values[0], fewest=2, most=5):
        (a, b) = ones[0]
        free = bin(a ^ b).count("1")
        assert free % 2 == 0


@pytest.mark.parametrize("name,n,classes", [
    ("PARITY", 5, ((0, 1, 2, 3, 4),)),
    ("MAJ", 4, ((0, 1, 2, 3),)),
    ("CD", 6, ((0, 3), (1, 4), (2, 5))),
    ("IP", 4, ((0, 2), (1, 3))),
    ("EQ", 4, ((0, 2), (1, 3))),
    ("GT", 4, ()),
])
def test_symmetric_classes_of_families(name, n, classes):
    assert symmetric_classes(family(name, n)) == classes


def test_symmetric_classes_respect_the_care_set():
    full = Spec.from_callable(lambda a, b, c: a & b & c, 3)
    assert symmetric_classes(full) == ((0, 1, 2),)
    # x1 = 1, x2 = 0 is a don't-care but x1 = 0, x2 = 1 is not: x1, x2 no longer symmetric
    partial = Spec.from_callable(lambda a, b, c: None if (a, b) == (1, 0) else a & b & c, 3)
    assert symmetric_classes(partial) == ()


def test_tied_spec_has_one_row_per_count_vector():
    spec = family("CD", 6)
    tied = tied_spec(spec, symmetric_classes(spec))
    assert len(tied.care_rows) == 3 ** 3
    # the rows agree with the spec and their count vectors are distinct
    assert (tied.values[:, tied.care_rows] == spec.values[:, tied.care_rows]).all()
    counts = {tuple(((r >> i) & 1) + ((r >> (i + 3)) & 1) for i in range(3))
              for r in tied.care_rows}
    assert len(counts) == 27


def test_probe_finds_the_parity_7_circuit_and_it_is_verified():
    # the full 3-gate search takes ~10 s; the probe (8 rows) answers at once
    result = decide(family("PARITY", 7), Limits(size=3),
                    params=SearchParams(backend="cnf", time_limit=120))
    assert result.status is Status.SAT
    assert result.stats["probe_wins"] == 1
    assert result.metrics.size == 3


@pytest.mark.parametrize("spec,probe", [
    # (PARITY 6: parity 5's folded circuit meets its bound, answered with no solver step)
    (family("PARITY", 6), "tied, small weights"), (family("CD", 6), "tied, small weights"),
    (family("EQ", 6), "tied, small weights"), (family("RANDOM", 5, seed=3), "small weights"),
])
def test_probe_answers_change_no_optimum(spec, probe):
    on = minimize(spec, "size", Limits(depth=2), params=SearchParams(backend="cnf"))
    assert on.stats["probe"] == probe
    # no probe (the twin without asummable clauses still races beside the full search)
    off = minimize(spec, "size", Limits(depth=2),
                   params=SearchParams(backend="cnf", tied_probe=False, two_phase=False))
    assert off.stats["probe_wins"] == 0
    assert on.status is off.status is Status.OPTIMAL
    assert on.value == off.value


def test_a_wrong_probe_circuit_is_caught_by_the_evaluator(monkeypatch):
    # a probe on the wrong function (the complement) finds its circuit long before the full
    # search finds parity 7's; the evaluator rejects it
    import minckt.solve.race as search

    def complement(spec, classes):
        right = tied_spec(spec, classes)
        return Spec(n=spec.n, outputs=(((1 << (1 << spec.n)) - 1) ^ spec.outputs[0],),
                    care=right.care)

    monkeypatch.setattr(search, "tied_spec", complement)
    with pytest.raises(VerificationError):
        decide(family("PARITY", 7), Limits(size=3),
               params=SearchParams(backend="cnf", time_limit=120))


def test_a_probe_unsat_proves_nothing(monkeypatch):
    # a probe that can never succeed (parity needs 3 gates) leaves MAJ5's answer to the
    # full search
    import minckt.solve.race as search

    monkeypatch.setattr(search, "tied_spec", lambda spec, classes: family("PARITY", 5))
    # two_phase off: the tied probe is the only one (the small-weight one could win)
    result = decide(family("MAJ", 5), Limits(size=1),
                    params=SearchParams(backend="cnf", two_phase=False))
    assert result.status is Status.SAT
    assert result.stats["probe_wins"] == 0


def test_the_twin_answers_count_and_stop(monkeypatch):
    # the full search's encoding is held back 3 s, so the twin (without the asummable
    # clauses) gives every answer: its UNSAT steps count as proofs, and the optimum is
    # the one CP-SAT (another encoding) proves; no process is left behind
    import multiprocessing
    import time

    import minckt.encode.cnf as cnf

    real = cnf._session

    def slow_unless_twin(task):
        if task.params.symmetry.get("asummable", True):
            time.sleep(3)
        return real(task)

    monkeypatch.setattr(cnf, "_session", slow_unless_twin)
    spec, limits = family("RANDOM", 5, seed=3), Limits(depth=2)
    raced = minimize(spec, "size", limits,
                     params=SearchParams(backend="cnf", tied_probe=False, two_phase=False))
    reference = minimize(spec, "size", limits, params=SearchParams(backend="cpsat"))
    assert raced.status is reference.status is Status.OPTIMAL
    assert raced.value == reference.value
    assert raced.stats["twin_wins"] == len(raced.steps) >= 2
    assert any(step.status is Status.UNSAT for step in raced.steps)
    assert not multiprocessing.active_children()
    # a user's own setting of the switch leaves no twin to race
    own = minimize(spec, "size", limits, params=SearchParams(
        backend="cnf", tied_probe=False, two_phase=False, symmetry={"asummable": True},
        time_limit=60))
    assert "twin_wins" not in own.stats and own.value == reference.value


@pytest.mark.parametrize("spec,ties", [
    (family("GT", 6), ()),  # no symmetric inputs
    (family("PARITY", 4), ()),  # at most 4 inputs the full search is instant: no probe
    (family("PARITY", 5), ((0, 1, 2, 3, 4),)),
])
def test_when_the_probe_runs(spec, ties):
    runner = _Runner(spec, GateModel(), SearchParams(backend="cnf"), Limits(size=2), set())
    assert runner.ties == ties
    runner.close()


class _Counted:
    """A session whose encoding is said to take 1.5 s and that answers UNSAT."""

    def __init__(self, task):
        self.stats = {"encode_s": 1.5}

    def decide(self, limits, time_limit):
        from minckt.encode.task import Answer
        return Answer(Status.UNSAT, None, 0.0)


def test_a_restarted_session_counts_every_encoding():
    # the race kills a full search that lost and restarts it; both encodings are counted
    from minckt.encode.task import Task
    from minckt.encode.isolate import IsolatedSession

    task = Task(family("MAJ", 3), 1, GateModel(), Limits(size=1), frozenset())
    session = IsolatedSession(_Counted, task)
    assert session.decide(Limits(size=1), 30).status is Status.UNSAT
    session.close()
    assert session.decide(Limits(size=1), 30).status is Status.UNSAT
    session.close()
    assert session.stats["encode_s"] == 3.0
