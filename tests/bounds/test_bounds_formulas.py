"""The energy–depth (Uchizawa–Abe) and parity/MOD_m bounds: formulas at hand-computed points,
minimality of every "least integer", the sanity check that real circuits satisfy the
theorem, and the applicability rules."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minckt import Limits, SearchParams, Status, family, minimize
from minckt.bounds import energy_depth as E
from minckt.bounds import parity as P
from minckt.bounds import rank as R
from minckt.core.circuit import Circuit, Gate
from minckt.errors import InputError
from minckt.core.problem import GateModel
from minckt.core.threshold import max_weight_needed
from minckt.core.spec import Spec, bits_to_int

THRESHOLD = GateModel()


# -- Uchizawa–Abe on numbers ----------------------------------------------------------------

def test_satisfies_at_hand_computed_points():
    # log2 64 = 6 and 1·2·(log2 2 + log2 1 + log2 4) = 2·3 = 6: equality holds
    assert E.satisfies(64, 1, 2, 2, 1, 4)
    assert not E.satisfies(65, 1, 2, 2, 1, 4)
    # s = 1 and w = 1 (log s = log w = 0): log2 4 = 2 <= 1·1·log2 4
    assert E.satisfies(4, 1, 1, 1, 1, 4)
    assert not E.satisfies(5, 1, 1, 1, 1, 4)
    # s = w = n = 1: the right side is 0, so only rk <= 1 passes
    assert E.satisfies(1, 5, 5, 1, 1, 1)
    assert not E.satisfies(2, 5, 5, 1, 1, 1)
    # rank 0 (log 0 = -inf) and energy 0
    assert E.satisfies(0, 0, 1, 1, 1, 1)
    assert E.satisfies(1, 0, 3, 7, 2, 5) and not E.satisfies(2, 0, 3, 7, 2, 5)
    # weight 0 (no wires) is read as 1
    assert E.satisfies(4, 1, 1, 1, 0, 4) == E.satisfies(4, 1, 1, 1, 1, 4)
    # huge exponents are decided without building the power
    assert E.satisfies(2 ** 4000, 10 ** 6, 10 ** 6, 2, 1, 1)


def test_capacity_at_hand_computed_points():
    assert E.capacity(1, 2, 6, 1, 6) == pytest.approx(2 * math.log2(36))
    assert E.capacity(2, 3, 8, 4, 16, base=2) == pytest.approx(6 * (3 + 2 + 4))
    assert E.capacity(1, 1, 10, 10, 10, base=10) == pytest.approx(3)
    assert E.capacity(1, 1, 1, 1, 1) == 0


def test_min_energy_at_hand_computed_points():
    # log2 63 / (2·log2 36) = 5.98 / 10.34 -> 1
    assert E.min_energy(63, 2, 6, 1, 6) == 1
    # 20 / (1·(log2 2 + 0 + log2 2)) = 10 exactly; one more and it is 11
    assert E.min_energy(2 ** 20, 1, 2, 1, 2) == 10
    assert E.min_energy(2 ** 20 + 1, 1, 2, 1, 2) == 11
    # w = 1, s = 1: log2 1000 / log2 10 = 3 exactly (10^3 = 1000)
    assert E.min_energy(1000, 1, 1, 1, 10) == 3
    assert E.min_energy(1001, 1, 1, 1, 10) == 4
    assert E.min_energy(1, 1, 1, 1, 1) == 0 and E.min_energy(0, 3, 2, 2, 2) == 0
    with pytest.raises(InputError, match="s = w = n = 1"):
        E.min_energy(2, 1, 1, 1, 1)


def test_min_depth_size_weight_at_hand_computed_points():
    # (s·w·n)^(e·d) = 4^(2d) >= 2^20 -> d = 5;  2^21 needs 16^d >= 2^21 -> d = 6
    assert E.min_depth(2 ** 20, 2, 2, 1, 2) == 5
    assert E.min_depth(2 ** 21, 2, 2, 1, 2) == 6
    assert E.min_depth(1, 0, 1, 1, 1) == 1
    with pytest.raises(InputError, match="no depth"):
        E.min_depth(2, 0, 5, 5, 5)
    # (4s)^2 >= 4096 -> s >= 16;  4097 -> 4s >= 65 -> s >= 17
    assert E.min_size(4096, 1, 2, 1, 4) == 16
    assert E.min_size(4097, 1, 2, 1, 4) == 17
    assert E.min_size(3, 1, 1, 1, 4) == 1
    # (16w)^2 >= 4096 -> w >= 4
    assert E.min_weight(4096, 1, 2, 4, 4) == 4
    assert E.min_weight(4097, 1, 2, 4, 4) == 5


@settings(max_examples=300, deadline=None)
@given(rank=st.integers(0, 2 ** 80), e=st.integers(1, 6), d=st.integers(1, 6),
       s=st.integers(1, 40), w=st.integers(1, 40), n=st.integers(2, 20))
def test_each_least_value_is_least(rank, e, d, s, w, n):
    energy = E.min_energy(rank, d, s, w, n)
    assert E.satisfies(rank, energy, d, s, w, n)
    assert energy == 0 or not E.satisfies(rank, energy - 1, d, s, w, n)
    depth = E.min_depth(rank, e, s, w, n)
    assert E.satisfies(rank, e, depth, s, w, n)
    assert depth == 1 or not E.satisfies(rank, e, depth - 1, s, w, n)
    size = E.min_size(rank, e, d, w, n)
    assert E.satisfies(rank, e, d, size, w, n)
    assert size == 1 or not E.satisfies(rank, e, d, size - 1, w, n)
    weight = E.min_weight(rank, e, d, s, n)
    assert E.satisfies(rank, e, d, s, weight, n)
    assert (weight == 0 and rank <= 1) or weight == 1 \
        or not E.satisfies(rank, e, d, s, weight - 1, n)


@settings(max_examples=200, deadline=None)
@given(rank=st.integers(2, 2 ** 40), d=st.integers(1, 5), s=st.integers(1, 30),
       w=st.integers(1, 30), n=st.integers(2, 16))
def test_min_energy_agrees_with_the_real_formula_away_from_ties(rank, d, s, w, n):
    ratio = math.log(rank) / (d * math.log(s * w * n))
    if abs(ratio - round(ratio)) > 1e-9:
        assert E.min_energy(rank, d, s, w, n) == math.ceil(ratio)


def test_resource_arguments_are_checked():
    with pytest.raises(InputError, match="depth"):
        E.satisfies(4, 1, 0, 1, 1, 4)
    with pytest.raises(InputError, match="size"):
        E.min_energy(4, 1, 0, 1, 4)
    with pytest.raises(InputError, match="base"):
        E.capacity(1, 1, 2, 2, 2, base=1)


# -- Uchizawa–Abe on specs ------------------------------------------------------------------

def test_energy_bound_with_both_ranks_and_both_conventions():
    eq10 = family("EQ", 10)  # rk = 32 for both matrices, halves partition
    # inputs: 10^e >= 32 -> 2;  half (n = 5): 5^e >= 32 -> 3 (5^2 = 25)
    assert E.energy_bound(eq10, depth=1, size=1, weight=1).value == 2
    assert E.energy_bound(eq10, depth=1, size=1, weight=1, n_convention="half").value == 3
    cd8 = family("CD", 8)  # 0/1 rank 15, ±1 rank 16
    # d = 1, s = 1, w = 2, n = 8: 16^e >= 15 -> 1; >= 16 -> 1; w = 1: 8^e -> 2 for both
    assert E.energy_bound(cd8, 1, 1, 2).value == 1
    assert E.energy_bound(cd8, 1, 1, 1).value == 2
    bound = E.energy_bound(cd8, 1, 1, 1, signed=True)
    assert "±1 matrix" in bound.method and "0/1 rank 15" in bound.method
    assert bound.reference == E.REFERENCE and "doi:10.1162/neco_a_01683" in bound.reference
    plain = E.energy_bound(cd8, 1, 1, 1)
    assert "rk = 15 (0/1 matrix" in plain.method and "±1 rank 16" in plain.method
    assert any("NOT PROVEN" in a
               for a in E.energy_bound(eq10, 1, 1, 1, n_convention="half").assumptions)
    assert not any("NOT PROVEN" in a for a in plain.assumptions)


def test_energy_bound_is_at_least_the_elementary_one():
    one = Spec(n=4, outputs=((1 << 16) - 1,))  # constant 1: rank 1, formula 0
    assert E.energy_bound(one, 1, 1, 1).value == 1
    zero = Spec(n=4, outputs=(0,))  # constant 0: 0/1 rank 0
    assert E.energy_bound(zero, 1, 1, 1).value == 0


def test_depth_size_weight_bounds_on_specs():
    ip8 = family("IP", 8)  # 0/1 rank 15, ±1 rank 16
    assert E.depth_bound(ip8, energy=1, size=1, weight=1).value == 2  # 8^d >= 15
    assert E.depth_bound(ip8, energy=1, size=2, weight=1).value == 1  # 16 >= 15
    assert E.depth_bound(ip8, 1, 2, 1, signed=True).value == 1  # 16 >= 16
    # (8s)^1 >= 15 -> s >= 2;  weight: (1·8·w) >= 15 -> 2
    assert E.size_bound(ip8, energy=1, depth=1, weight=1).value == 2
    assert E.weight_bound(ip8, energy=1, depth=1, size=1).value == 2


def test_several_outputs_use_the_largest_single_output_rank():
    spec = Spec(n=4, outputs=(family("PARITY", 4).outputs[0], family("EQ", 4).outputs[0]))
    used = E.rank_used(spec)
    assert used.rank == 4 and used.result.output == 1 and "output 1" in used.describe()
    assert any("several outputs" in a for a in E.energy_bound(spec, 1, 1, 1).assumptions)


def test_energy_depth_hook_applicability():
    cd6 = family("CD", 6)
    full = Limits(size=6, depth=2, energy=2, weight=1)
    for axis in ("energy", "depth", "size", "weight"):
        found = E.bounds(cd6, axis, THRESHOLD, full)
        assert len(found) == 1 and found[0].axis == axis
    assert E.bounds(cd6, "fanin", THRESHOLD, full) == []
    # unlimited weight: read as the weight any gate of fan-in <= n + s - 1 suffices with
    (unlimited,) = E.bounds(cd6, "energy", THRESHOLD, Limits(size=6, depth=2))
    assert E.sufficient_weight(6, 6) == max_weight_needed(11)
    assert unlimited.value == E.energy_bound(cd6, 2, 6, max_weight_needed(11)).value
    assert any("weights unlimited" in a for a in unlimited.assumptions)
    assert E.bounds(cd6, "energy", THRESHOLD, Limits(depth=2)) == []  # neither size nor weight
    assert E.bounds(cd6, "energy", GateModel("relu", 2), full) == []
    partial = Spec.from_table("0x8", 2, care="0xE")
    assert E.bounds(partial, "energy", THRESHOLD, full) == []
    assert E.bounds(Spec(n=1, outputs=(2,)), "energy", THRESHOLD, full) == []
    assert E.bounds(family("CD", 14), "energy", THRESHOLD, full) == []  # above the hook's n
    with pytest.raises(InputError, match="total"):
        E.energy_bound(partial, 1, 1, 1)


def test_discretized_form_is_labelled_and_uses_the_constant():
    form = E.discretized_form(64, 1, 2, 2, 1, 4)
    # log2 64 = 6 <= 1·1·2·(1 + 0 + 2)^3 = 54
    assert form.label == "asymptotic form, constant unknown"
    assert form.lhs == pytest.approx(6) and form.rhs == pytest.approx(54) and form.holds
    assert form.min_energy == 1
    assert any("constant unknown" in a for a in form.assumptions)
    smaller = E.discretized_form(64, 1, 2, 2, 1, 4, constant=0.1)
    assert smaller.rhs == pytest.approx(5.4) and not smaller.holds and smaller.min_energy == 2
    as_rank = E.discretized_form(64, 1, 2, 2, 1, 4, lhs="rank", model="sigmoid")
    assert as_rank.lhs == 64 and not as_rank.holds and as_rank.min_energy == 2
    with pytest.raises(InputError):
        E.discretized_form(64, 1, 2, 2, 1, 4, constant=0)


# -- sanity: real circuits satisfy the theorem (default conventions) -------------------------

def _random_circuit(rng: random.Random, n: int, gates: int) -> Circuit:
    built = []
    for j in range(gates):
        sources = [f"x{i + 1}" for i in range(n)] + [f"g{k}" for k in range(j)]
        weights = {s: rng.randint(-3, 3) for s in sources if rng.random() < 0.7}
        built.append(Gate(id=f"g{j}", weights=tuple(weights.items()),
                          threshold=rng.randint(-4, 5)))
    return Circuit(n, tuple(built), (f"g{gates - 1}",))


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 6), st.integers(1, 4), st.integers(0, 2 ** 32))
def test_random_circuits_satisfy_the_inequality(n, gates, seed):
    circuit = _random_circuit(random.Random(seed), n, gates)
    metrics = circuit.metrics()
    spec = Spec(n=n, outputs=(bits_to_int(circuit.output_values()[0]),))
    for signed in (False, True):
        rank = R.best_partition_rank(spec, signed).rank
        assert E.satisfies(rank, metrics.energy, metrics.depth, metrics.size,
                           metrics.weight, n), (spec, circuit.to_text(), metrics)


def test_the_literal_half_reading_fails_on_one_gate():
    # [x1 - x2 + x3 - x4 >= 0]: rk = 3 on x1,x2 | x3,x4 (the preprint's own split);
    # log2 3 > 1·1·(log2 1 + log2 1 + log2 2) = 1, so n = half the inputs cannot be literal
    gate = Gate(id="g", weights=(("x1", 1), ("x2", -1), ("x3", 1), ("x4", -1)), threshold=0)
    circuit = Circuit(4, (gate,), ("g",))
    spec = Spec(n=4, outputs=(bits_to_int(circuit.output_values()[0]),))
    assert spec.hex() == ["0xB2FB"]
    assert R.partition_rank(spec, (1, 2)) == 3
    metrics = circuit.metrics()
    assert (metrics.size, metrics.depth, metrics.energy, metrics.weight) == (1, 1, 1, 1)
    assert not E.satisfies(3, 1, 1, 1, 1, 2)   # half: n = 2
    assert E.satisfies(3, 1, 1, 1, 1, 4)       # inputs: n = 4 (the default)


@pytest.mark.parametrize("name, n", [("CD", 4), ("IP", 4), ("EQ", 4), ("PARITY", 4)])
def test_solver_circuits_satisfy_the_inequality(name, n):
    spec = family(name, n)
    result = minimize(spec, "energy", Limits(size=6, depth=2),
                      params=SearchParams(time_limit=30))
    assert result.status is Status.OPTIMAL
    m = result.metrics
    for signed in (False, True):
        assert E.satisfies(R.best_partition_rank(spec, signed).rank, m.energy, m.depth,
                           m.size, m.weight, n)


# -- parity and MOD_m -----------------------------------------------------------------------

def test_recognising_parity_and_mod():
    assert P.is_parity(family("PARITY", 5)) and P.mod_modulus(family("PARITY", 5)) == 2
    assert P.mod_modulus(family("MOD", 6, m=3)) == 3
    assert P.mod_modulus(family("MOD", 6, m=6)) == 6
    assert not P.is_parity(family("MOD", 6, m=3))
    assert P.mod_modulus(family("OR", 5)) is None        # MOD_m for m > n, not recognised
    assert P.mod_modulus(family("MAJ", 5)) is None
    xnor = Spec(n=4, outputs=(family("PARITY", 4).outputs[0] ^ 0xFFFF,))
    assert P.mod_modulus(xnor) is None                   # complements are not recognised
    partial = Spec.from_table("0x6", 2, care="0x7")
    assert P.mod_modulus(partial) is None and not P.is_parity(partial)
    two = Spec(n=3, outputs=family("PARITY", 3).outputs * 2)
    assert P.mod_modulus(two) is None


def test_unt_at_hand_computed_points():
    # parity n = 8: 8 <= s^e; s = 3: 3^2 = 9 -> e = 2; s = 8 -> e = 1; s = 2 -> e = 3
    assert (P.unt_energy(8, 2, 3), P.unt_energy(8, 2, 8), P.unt_energy(8, 2, 2)) == (2, 1, 3)
    # MOD_3, n = 9: 9/2 <= s^e; e = 2: s^2 >= 4.5 -> 3; e = 1 -> 5
    assert (P.unt_size(9, 3, 2), P.unt_size(9, 3, 1)) == (3, 5)
    assert P.unt_size(2, 3, 0) == 1          # n/(m-1) = 1 <= s^0
    with pytest.raises(InputError, match="no energy"):
        P.unt_energy(4, 2, 1)
    with pytest.raises(InputError, match="no size"):
        P.unt_size(4, 2, 0)


def test_suzuki_and_ips_at_hand_computed_points():
    # 2^((n-m)/2): n = 8, m = 2 -> 8; n = 9, m = 2 -> 2^3.5 = 11.31 -> 12; n <= m -> 1
    assert (P.suzuki_size(8, 2), P.suzuki_size(9, 2), P.suzuki_size(3, 3)) == (8, 12, 1)
    assert P.suzuki_size(7, 3) == 4
    # (n/2)^(1/(2(d-1))): n = 8, d = 2 -> 2; n = 9, d = 2 -> sqrt(4.5) = 2.12 -> 3;
    # n = 64, d = 3 -> 32^(1/4) = 2.38 -> 3; n = 2 -> 1
    assert (P.ips_size(8, 2), P.ips_size(9, 2), P.ips_size(64, 3), P.ips_size(2, 5)) == \
        (2, 3, 3, 1)
    with pytest.raises(InputError, match="depth"):
        P.ips_size(8, 1)


def test_depth2_form_is_labelled_and_kept_out_of_the_hook():
    # 2^(8/(1·log2 8)) = 2^(8/3) = 6.35 -> 7;  e = 2: 2^(8/(2·9)) = 1.36 -> 2
    assert P.depth2_parity_size(8, 1) == 7 and P.depth2_parity_size(8, 2) == 2
    assert P.depth2_parity_size(16, 1) == 16      # 2^(16/4) exactly
    bound = P.depth2_parity_size_form(family("PARITY", 8), energy=1)
    assert bound.value == 7 and bound.axis == "size"
    assert "asymptotic form, constant unknown" in bound.method
    found = P.bounds(family("PARITY", 8), "size", THRESHOLD, Limits(energy=1, depth=2))
    assert all("asymptotic" not in b.method for b in found)


def test_parity_hook_applicability():
    parity8 = family("PARITY", 8)
    limits = Limits(size=16, depth=2, energy=1)
    sizes = {b.reference: b.value for b in P.bounds(parity8, "size", THRESHOLD, limits)}
    assert sizes == {P.REF_UNT: 8, P.REF_SUZ: 8, P.REF_IPS: 2}
    energy = P.bounds(parity8, "energy", THRESHOLD, limits)
    assert [b.value for b in energy] == [1]
    assert P.bounds(parity8, "energy", THRESHOLD, Limits(size=2))[0].value == 3
    mod3 = family("MOD", 9, m=3)
    refs = {b.reference for b in P.bounds(mod3, "size", THRESHOLD, limits)}
    assert refs == {P.REF_UNT, P.REF_SUZ}                 # IPS is for parity only
    assert P.bounds(mod3, "size", THRESHOLD, Limits(energy=2))[0].value == 3
    assert P.bounds(family("MAJ", 8), "size", THRESHOLD, limits) == []
    assert P.bounds(parity8, "size", GateModel("relu", 1), limits) == []
    assert P.bounds(parity8, "size", THRESHOLD, Limits(energy=0)) == []
    assert P.bounds(parity8, "energy", THRESHOLD, Limits(size=1)) == []
    with pytest.raises(InputError, match="MOD_m"):
        P.unt_energy_bound(family("MAJ", 8), 4)
    with pytest.raises(InputError, match="PARITY"):
        P.ips_size_bound(mod3, 2)


@pytest.mark.parametrize("name, n, params, energy", [
    ("PARITY", 3, {}, 1), ("PARITY", 3, {}, 2), ("MOD", 4, {"m": 3}, 1),
    ("MOD", 4, {"m": 3}, 2), ("PARITY", 4, {}, 2),
])
def test_parity_bounds_never_exceed_solver_optima(name, n, params, energy):
    spec = family(name, n, **params)
    result = minimize(spec, "size", Limits(energy=energy), params=SearchParams(time_limit=30))
    assert result.status is Status.OPTIMAL
    for bound in P.bounds(spec, "size", THRESHOLD, Limits(energy=energy)):
        assert bound.value <= result.value, bound


@pytest.mark.slow
def test_parity4_energy1_optimum_against_bounds():
    spec = family("PARITY", 4)
    result = minimize(spec, "size", Limits(energy=1), params=SearchParams(time_limit=120))
    assert result.status is Status.OPTIMAL and result.value == 8
    for bound in P.bounds(spec, "size", THRESHOLD, Limits(energy=1)):
        assert bound.value <= 8
    assert P.depth2_parity_size(4, 1) <= 8
