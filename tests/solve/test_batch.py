"""The batch path (one template encoding per size, the function as assumptions) gives the
single path's answers: every NPN class of 4 inputs, limits, care sets, time limits, and a
sample of 5-input classes in the slow tier."""

from __future__ import annotations

import random

import pytest

from minckt import GateModel, Limits, SearchParams, Spec, Status, family, minimize
from minckt.solve import least_size
from minckt.solve.batch import BACKEND, LAZY_BACKEND, BatchMinimizer, supports
from minckt.solve.constructions import SOURCES
from minckt.core.classes import canonical, npn_representatives
from minckt.verify.check import verify


#: The single path as it was before least sizes of at most 5 inputs took the warm template
#: (`batch.warm_least_size`, which is the batch path itself): CP-SAT, independent of it.
SINGLE = SearchParams(backend="cpsat")


def _agree(batch_result, single):
    assert batch_result.status is single.status
    assert batch_result.value == single.value
    if batch_result.status is Status.OPTIMAL:
        assert batch_result.lower_bound == batch_result.value


def _npn4_as_the_single_path(step: int) -> None:
    sizes = {}
    with BatchMinimizer(4) as batch:
        for k, table in enumerate(npn_representatives(4)):
            spec = Spec(n=4, outputs=(int(table),))
            result = batch.minimize(spec)
            if k % step == 0:
                _agree(result, minimize(spec, "size", params=SINGLE))
            verify(spec, result.circuit, Limits(size=result.value))
            assert result.backend == batch.backend == LAZY_BACKEND
            sizes[result.value] = sizes.get(result.value, 0) + 1
    assert sizes == {1: 15, 2: 174, 3: 33}


def test_every_npn4_class_and_a_third_as_the_single_path():
    """All 222 classes by the batch path: 15 / 174 / 33 of sizes 1 / 2 / 3 (the table the
    single path reproduces), each circuit verified for its own function; every third class
    (74) also against the single path (all 222 in the slow tier)."""
    _npn4_as_the_single_path(3)


@pytest.mark.slow
def test_every_npn4_class_as_the_single_path():
    """All 222 classes against the single path."""
    _npn4_as_the_single_path(1)


LIMITED = [Limits(depth=2), Limits(weight=1), Limits(fanin=3), Limits(energy=1),
           Limits(depth=2, energy=2)]


@pytest.mark.parametrize("limits", LIMITED, ids=lambda l: str(l.to_json()))
def test_limits_as_the_single_path(limits):
    """Bounded resources are assumptions of the template: the same optima as the single
    path on a spread of 3- and 4-input functions (up to 4 gates with fan-in 3)."""
    tables = [int(t) for t in npn_representatives(4)][::23][:6] + [0x96, 0xE8]
    with BatchMinimizer(4, limits=limits) as four, BatchMinimizer(3, limits=limits) as three:
        for table in tables:
            n = 3 if table in (0x96, 0xE8) else 4
            spec = Spec(n=n, outputs=(table,))
            result = (three if n == 3 else four).minimize(spec)
            _agree(result, minimize(spec, "size", limits, params=SINGLE))
            if result.circuit is not None:
                verify(spec, result.circuit, limits.with_("size", result.value))


def test_care_sets_as_the_single_path():
    """Don't-care rows are left out of the assumptions: parity 4 on half its rows and two
    random partial functions agree with the single path."""
    rng = random.Random(5)
    specs = [Spec(n=4, outputs=(0x6996,), care=0xF0F0)] + [
        Spec(n=4, outputs=(rng.getrandbits(16),), care=rng.getrandbits(16)) for _ in range(2)]
    with BatchMinimizer(4) as batch:
        for spec in specs:
            result = batch.minimize(spec)
            _agree(result, minimize(spec, "size", params=SINGLE))
            verify(spec, result.circuit, Limits(size=result.value))


def test_out_of_time_is_unknown_with_a_true_lower_bound():
    """A time limit too short to finish gives UNKNOWN (never UNSAT or a wrong optimum),
    with a lower bound at most the real optimum (3 for parity 5 at depth 2)."""
    spec = family("PARITY", 5)
    with BatchMinimizer(5, limits=Limits(depth=2)) as batch:
        result = batch.minimize(spec, time_limit=1e-6)
        assert result.status in (Status.UNKNOWN, Status.OPTIMAL)
        exact = batch.minimize(spec)
    assert exact.status is Status.OPTIMAL
    if result.status is Status.UNKNOWN:
        assert result.value is None and result.lower_bound <= exact.value
    assert exact.value == minimize(spec, "size", Limits(depth=2), params=SINGLE).value


def test_questions_outside_the_batch_fall_back():
    """ReLU gates, several outputs and other objectives are not the batch's: `least_size`
    answers them by the single path, `BatchMinimizer` refuses them."""
    relu = GateModel(kind="relu", resolution=2)
    assert not supports(family("PARITY", 3), "size", Limits(), relu, SearchParams())
    two = Spec.from_table(["0x96", "0xE8"], 3)
    assert not supports(two, "size", Limits(), GateModel(), SearchParams())
    assert not supports(family("PARITY", 3), "energy", Limits(), GateModel(), SearchParams())
    assert not supports(family("PARITY", 3), "size", Limits(),
                        GateModel(), SearchParams(backend="cpsat"))
    result = least_size(two)
    assert result.backend not in (BACKEND, LAZY_BACKEND) and result.status is Status.OPTIMAL
    with pytest.raises(Exception, match="batch path"):
        BatchMinimizer(3, model=relu)


@pytest.mark.slow
def test_npn5_sample_as_the_single_path():
    """2,000 classes of 5 inputs (the classes of 2,000 random tables, so weighted towards
    the large classes; no 2^32 enumeration needed): the same optima both ways."""
    rng = random.Random(12)
    tables = set()
    while len(tables) < 2000:
        tables.add(canonical(rng.getrandbits(32), 5))
    with BatchMinimizer(5) as batch:
        for table in sorted(tables):
            spec = Spec(n=5, outputs=(table,))
            _agree(batch.minimize(spec), minimize(spec, "size",
                                                  params=SearchParams(backend="lazy")))


def test_a_pool_sweep_takes_the_batch_path():
    """`sweep` with two workers answers least-size classes by the batch path: every record
    says so, and the functions of size 1 are the 104 threshold functions of at most 3
    inputs (OEIS A000609), the other 152 need 2 gates."""
    from minckt.run.sweep import class_instances, sweep

    records = list(sweep(class_instances(3), None, workers=2))
    assert {r["backend"] for r in records} == {LAZY_BACKEND}
    functions = {}
    for r in records:
        assert r["status"] == "OPTIMAL"
        functions[r["value"]] = functions.get(r["value"], 0) + r["class_size"]
    assert functions == {1: 104, 2: 152}


@pytest.mark.slow
def test_every_three_input_warm_answer_is_the_cnf_single_paths():
    for table in range(256):
        spec = Spec(n=3, outputs=(table,))
        _agree(minimize(spec, "size"), minimize(spec, "size", params=SearchParams(backend="cnf")))


def test_the_single_path_of_small_least_sizes_is_a_warm_template(monkeypatch):
    """`minimize` of least size on at most 5 inputs (backend auto, unbounded weights) takes
    the process's warm lazy template: every 3-input function gets a verified circuit whose
    weights polish leaves as they are, its metrics checked against the bounds (each call),
    and from the second function on the template is reused; every fourth function gets the
    CNF single path's optimum (all 256 in the slow tier)."""
    import minckt.solve.batch as batch_module
    from minckt import bounds
    from minckt.solve.polish import polish

    checks = []
    real = bounds.check_circuit
    monkeypatch.setattr(bounds, "check_circuit",
                        lambda *a, **k: (checks.append(a[0]), real(*a, **k))[1])
    monkeypatch.setattr(batch_module, "_warm", type(batch_module._warm)())
    templates = []
    for table in range(256):
        spec = Spec(n=3, outputs=(table,))
        warm = minimize(spec, "size")
        if table % 4 == 0:
            _agree(warm, minimize(spec, "size", params=SearchParams(backend="cnf")))
        assert warm.backend == LAZY_BACKEND and warm.status is Status.OPTIMAL
        verify(spec, warm.circuit, Limits(size=warm.value))
        assert polish(warm.circuit, spec).gates == warm.circuit.gates
        assert checks[-1] is spec
        templates.append(warm.stats["template"])
    assert templates[0] == "new" and set(templates[1:]) == {"warm"}
    assert len(batch_module._warm) == 1
    # where auto takes another path the warm template does not answer: a fan-in limit
    assert minimize(family("PARITY", 4), "size", Limits(fanin=3)).backend == "tlib"
    # but fan-in 4 on 4 inputs takes the template (measured), with the library's optimum
    four = minimize(family("PARITY", 4), "size", Limits(fanin=4))
    assert four.backend == LAZY_BACKEND and four.status is Status.OPTIMAL
    assert four.value == minimize(family("PARITY", 4), "size", Limits(fanin=4),
                                  params=SearchParams(backend="tlib")).value == 4
    assert four.metrics.fanin <= 4


def test_warm_templates_out_of_time_and_in_threads(monkeypatch):
    """Out of time before a step the warm path gives the construction as FEASIBLE (parity
    5 gives its counting circuit, which meets the bound: OPTIMAL; a random function FEASIBLE),
    or UNKNOWN when the construction breaks a limit (INFEASIBLE when a bound refutes it); two threads asking at once each
    get their own template and the right optimum; at most `WARM_KEEP` templates are kept."""
    import threading

    import minckt.solve.batch as batch_module

    monkeypatch.setattr(batch_module, "_warm", type(batch_module._warm)())
    late = minimize(family("RANDOM", 5, seed=1), "size",
                    params=SearchParams(time_limit=1e-6))
    assert late.status is Status.FEASIBLE and late.lower_bound < late.value
    verify(late.spec, late.circuit)
    assert any("construction" in note for note in late.notes)
    # MOD3 of 5 inputs: the MOD chain's 2 gates, and the folded circuit's (3 value changes),
    # meet the proven bound 2
    mod = minimize(family("MOD", 5, m=3), "size", params=SearchParams(time_limit=1e-6))
    assert mod.status is Status.OPTIMAL and mod.value == 2
    assert mod.circuit_source in (SOURCES["MOD energy"], SOURCES["folded"])
    # parity's counting circuit meets the subcube bound: out of time, still the optimum
    met = minimize(family("PARITY", 5), "size", params=SearchParams(time_limit=1e-6))
    assert met.status is Status.OPTIMAL and met.value == met.lower_bound == 3
    # (and so does the folded depth-2 circuit, 3 gates as well)
    assert met.circuit_source in (SOURCES["counting"], SOURCES["folded"])
    assert minimize(family("PARITY", 5), "size", Limits(fanin=2),
                    params=SearchParams(time_limit=1e-6)).status is Status.UNKNOWN
    # depth <= 1 is refuted by the bound (parity is no threshold function), out of time too
    assert minimize(family("PARITY", 5), "size", Limits(depth=1),
                    params=SearchParams(time_limit=1e-6)).status is Status.INFEASIBLE
    answers = {}

    def ask(name, n):
        answers[name, n] = minimize(family(name, n), "size").value

    threads = [threading.Thread(target=ask, args=a) for a in (("PARITY", 4), ("IP", 4),
                                                               ("EQ", 4), ("PARITY", 5))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == {("PARITY", 4): 3, ("IP", 4): 2, ("EQ", 4): 2, ("PARITY", 5): 3}
    for depth in range(1, batch_module.WARM_KEEP + 3):
        minimize(family("MAJ", 3), "size", Limits(depth=depth))
    assert len(batch_module._warm) == batch_module.WARM_KEEP


def test_a_stopped_template_is_not_kept(monkeypatch):
    """A solve stopped without a time limit (as a signal stops another thread's) leaves no
    template in the cache, and the next template answers as the single path; a SAT solver
    the batch does not use takes the single path.  (An interrupt left set on a solver is
    cleared before each solve, `_Template._solve`; these solves end in a few conflicts,
    before Glucose looks at the flag, so no test here could see it.)"""
    import minckt.solve.batch as batch_module

    monkeypatch.setattr(batch_module, "_warm", type(batch_module._warm)())
    real = batch_module._Template._solve
    stopped = []

    def once(self, *args):
        if not stopped:
            stopped.append(True)
            return None
        return real(self, *args)

    monkeypatch.setattr(batch_module._Template, "_solve", once)
    first = minimize(family("RANDOM", 5, seed=1), "size")   # no construction at its bound
    assert first.status in (Status.FEASIBLE, Status.UNKNOWN) and not batch_module._warm
    monkeypatch.setattr(batch_module._Template, "_solve", real)
    rng = random.Random(3)
    specs = [family("PARITY", 5)] + [Spec(n=5, outputs=(rng.getrandbits(32),))
                                     for _ in range(3)]
    lazy = SearchParams(backend="lazy")  # the single path at 5 inputs
    optima = [minimize(spec, "size", params=lazy).value for spec in specs]
    again = [minimize(spec, "size") for spec in specs]
    assert [r.value for r in again] == optima
    assert {r.stats["template"] for r in again[1:]} == {"warm"} and len(batch_module._warm) == 1
    other = minimize(family("PARITY", 4), "size", params=SearchParams(sat_solver="lingeling"))
    assert other.status is Status.OPTIMAL and other.value == 3 and other.backend == "cpsat"
