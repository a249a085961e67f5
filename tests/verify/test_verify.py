"""Tests for minckt.verify: the independent check of function and resources.

Circuits and expected metrics are built by hand; the mismatching rows are worked out in the
comments.
"""

from __future__ import annotations

import pytest

from minckt.core.circuit import Circuit, Gate, Metrics, threshold_gate
from minckt.errors import InternalError, MincktError, VerificationError
from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.verify.check import computes, first_mismatch, verify


def parity3() -> Circuit:
    g1 = threshold_gate("g1", {"x1": 1, "x2": 1, "x3": 1}, 2)
    g2 = threshold_gate("g2", {"x1": 1, "x2": 1, "x3": 1, "g1": -2}, 1)
    return Circuit(3, (g1, g2), ("g2",))


def single(n: int, weights: dict, threshold: int) -> Circuit:
    return Circuit(n, (threshold_gate("g", weights, threshold),), ("g",))


AND2 = single(2, {"x1": 1, "x2": 1}, 2)
OR2 = single(2, {"x1": 1, "x2": 1}, 1)


def test_verify_returns_metrics_for_a_correct_circuit():
    spec = Spec.from_table("0x96", 3)
    metrics = verify(spec, parity3())
    assert metrics == Metrics(size=2, depth=2, energy=2, weight=2, fanin=4, wires=7,
                              evaluated=2, ops=9, hidden=1, params=9)
    assert computes(spec, parity3())
    assert first_mismatch(spec, parity3()) is None


def test_verify_with_limits_that_hold():
    spec = Spec.from_table("0x96", 3)
    limits = Limits(size=2, depth=2, energy=2, weight=2, fanin=4, wires=7)
    assert verify(spec, parity3(), limits).size == 2
    assert verify(spec, parity3(), limits, GateModel()).wires == 7


def test_wrong_circuit_names_the_first_bad_row():
    # AND2 checked against OR2: they differ on rows 1 and 2; row 1 (x1=1, x2=0) comes first.
    spec = Spec.from_table("0xE", 2, name="or2")
    assert first_mismatch(spec, AND2) == (1, 0, True, False)
    assert not computes(spec, AND2)
    with pytest.raises(VerificationError) as info:
        verify(spec, AND2)
    message = str(info.value)
    assert "row 1" in message
    assert "x1=1 x2=0" in message
    assert "expected 1" in message
    assert "or2" in message  # the spec
    assert "g = threshold" in message  # the circuit
    assert isinstance(info.value, InternalError) and isinstance(info.value, MincktError)


def test_first_bad_row_is_the_lowest_over_all_outputs():
    # Both outputs should be x2 (0xC = 1100).  Output 1 is AND2 (1000): wrong only on row 2.
    # Output 2 is OR2 (1110): wrong only on row 1.  Row 1 comes first, on output 2.
    circuit = Circuit(2, AND2.gates + (threshold_gate("h", {"x1": 1, "x2": 1}, 1),),
                      ("g", "h"))
    spec = Spec.from_table(["0xC", "0xC"], 2)
    assert first_mismatch(spec, circuit) == (1, 1, False, True)
    with pytest.raises(VerificationError, match=r"output 2 on row 1"):
        verify(spec, circuit)


def test_later_row_reported_when_earlier_rows_agree():
    # PARITY3 circuit checked against MAJ3 (0xE8): rows 0 agree, row 1 is the first difference.
    spec = Spec.from_table("0xE8", 3)
    assert first_mismatch(spec, parity3()) == (1, 0, False, True)
    # Against 0x97 (parity with row 0 flipped) the first bad row is 0.
    assert first_mismatch(Spec.from_table("0x97", 3), parity3())[0] == 0
    # Against 0x16 (rows 1, 2, 4: EXACT_1), parity and EXACT_1 differ only on row 7.
    assert first_mismatch(Spec.from_table("0x16", 3), parity3()) == (7, 0, False, True)
    with pytest.raises(VerificationError, match=r"row 7 \(x1=1 x2=1 x3=1\)"):
        verify(Spec.from_table("0x16", 3), parity3())


@pytest.mark.parametrize(
    "limits, resource",
    [
        (Limits(size=1), "size"),
        (Limits(depth=1), "depth"),
        (Limits(energy=1), "energy"),
        (Limits(weight=1), "weight"),
        (Limits(fanin=3), "fanin"),
        (Limits(wires=6), "wires"),
    ],
)
def test_limit_violation_names_the_resource(limits, resource):
    spec = Spec.from_table("0x96", 3)
    with pytest.raises(VerificationError) as info:
        verify(spec, parity3(), limits)
    message = str(info.value)
    assert f"{resource} = " in message
    assert f"> limit {getattr(limits, resource)}" in message


def test_several_violations_are_all_named():
    spec = Spec.from_table("0x96", 3)
    with pytest.raises(VerificationError) as info:
        verify(spec, parity3(), Limits(size=1, wires=3))
    assert "size = 2 > limit 1" in str(info.value)
    assert "wires = 7 > limit 3" in str(info.value)


def test_dont_care_rows_are_ignored():
    # AND2 against XOR2 with row 3 a don't-care: on rows 0..2 XOR is 0, 1, 1 and AND is 0, 0, 0,
    # so AND is wrong on row 1 ...
    xor_partial = Spec.from_table("0x6", 2, care="0x7")
    with pytest.raises(VerificationError, match="row 1"):
        verify(xor_partial, AND2)
    # ... but OR2 agrees with XOR2 on rows 0..2 and disagrees only on the don't-care row 3.
    assert first_mismatch(Spec.from_table("0x6", 2), OR2) == (3, 0, False, True)
    assert verify(xor_partial, OR2).size == 1
    # A care set of a single row accepts any circuit right on that row.
    only_row_3 = Spec.from_table("0x8", 2, care="0x8")
    assert computes(only_row_3, AND2) and computes(only_row_3, OR2)
    assert not computes(Spec.from_table("0x0", 2, care="0x8"), OR2)


def test_energy_counts_only_care_rows():
    # Parity3 fires both gates only on row 7 (x1=x2=x3=1); everywhere else at most one gate.
    total = Spec.from_table("0x96", 3)
    assert verify(total, parity3()).energy == 2
    without_row_7 = Spec.from_table("0x96", 3, care="0x7F")
    metrics = verify(without_row_7, parity3())
    assert metrics.energy == 1
    # So an energy limit of 1 holds on the partial function but not on the total one.
    verify(without_row_7, parity3(), Limits(energy=1))
    with pytest.raises(VerificationError, match="energy"):
        verify(total, parity3(), Limits(energy=1))
    # Only row 0 cares: no gate fires there.
    assert verify(Spec.from_table("0x00", 3, care="0x01"), parity3()).energy == 0


def test_shape_mismatch_raises():
    with pytest.raises(VerificationError, match="n=2"):
        verify(Spec.from_table("0x96", 3), AND2)
    with pytest.raises(VerificationError, match="output"):
        verify(Spec.from_table(["0x8", "0x8"], 2), AND2)


def test_gate_model_is_checked():
    relu_or = Circuit(2, (Gate("r", (("x1", 1), ("x2", 1)), 0, kind="relu", resolution=2),),
                      ("r",))
    spec = Spec.from_table("0xE", 2)
    assert verify(spec, relu_or).size == 1
    assert verify(spec, relu_or, model=GateModel("relu", 2)).size == 1
    with pytest.raises(VerificationError, match="relu"):
        verify(spec, relu_or, model=GateModel())
    with pytest.raises(VerificationError, match="R=2"):
        verify(spec, relu_or, model=GateModel("relu", 3))
    with pytest.raises(VerificationError, match="threshold"):
        verify(spec, OR2, model=GateModel("relu", 1))


def test_active_relu_output_counts_as_one():
    # The relu gate outputs 0, 1, 1, 2: active (output 1) on rows 1..3, i.e. OR2.
    relu_or = Circuit(2, (Gate("r", (("x1", 1), ("x2", 1)), 0, kind="relu", resolution=2),),
                      ("r",))
    assert computes(Spec.from_table("0xE", 2), relu_or)
    assert not computes(Spec.from_table("0x8", 2), relu_or)
