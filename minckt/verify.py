"""The independent check every circuit passes before it is reported.

`verify` re-simulates the circuit with the numpy evaluator on every row of the spec, checks
each output on every care row, re-measures every resource and checks it against the limits.
It shares no code with any encoding.  A failure raises `VerificationError` naming the spec,
the circuit and the first bad row; it is an internal error (a bug), never a user error.
"""

from __future__ import annotations

import numpy as np

from .circuit import Circuit, Metrics
from .errors import VerificationError
from .problem import GateModel, Limits
from .spec import Spec

__all__ = ["verify", "computes", "first_mismatch"]


def first_mismatch(spec: Spec, circuit: Circuit) -> tuple[int, int, bool, bool] | None:
    """(row, output, expected, got) for the first care row where the circuit is wrong, or
    None when it computes the spec."""
    if circuit.n != spec.n or len(circuit.outputs) != spec.num_outputs:
        raise VerificationError(
            f"circuit has n={circuit.n} and {len(circuit.outputs)} output(s); spec {spec} "
            f"has n={spec.n} and {spec.num_outputs}"
        )
    got = circuit.output_values()
    wrong = (got != spec.values) & spec.care_mask[None, :]
    if not wrong.any():
        return None
    output, row = np.argwhere(wrong.T)[0][::-1]
    return int(row), int(output), bool(spec.values[output, row]), bool(got[output, row])


def computes(spec: Spec, circuit: Circuit) -> bool:
    """True when the circuit matches every output on every care row."""
    return first_mismatch(spec, circuit) is None


def verify(spec: Spec, circuit: Circuit, limits: Limits = Limits(),
           model: GateModel | None = None) -> Metrics:
    """Check function and resources; return the re-measured metrics or raise.

    Energy is measured over the spec's care rows (DESIGN.md §1).  When `model` is given every
    gate must be one of its gates (`GateModel.allows`: the kind, the ReLU resolution, the
    number of sigmoid steps, the basis's tables).  A guarded gate is allowed only when
    `limits.conditional` is set.
    """
    bad = first_mismatch(spec, circuit)
    if bad is not None:
        row, output, expected, got = bad
        bits = " ".join(f"x{i + 1}={(row >> i) & 1}" for i in range(spec.n))
        raise VerificationError(
            f"circuit does not compute {spec}: output {output + 1} on row {row} ({bits}) is "
            f"{int(got)}, expected {int(expected)}\n{circuit.to_text()}"
        )
    if model is not None:
        for gate in circuit.gates:
            if not model.allows(gate):
                raise VerificationError(
                    f"gate {gate.id} ({gate.kind}, R={gate.resolution}, {gate.fanin} "
                    f"source(s)) is not a gate of {model}\n{circuit.to_text()}"
                )
    metrics = circuit.metrics(rows=spec.care_rows)
    problems = limits.violations(metrics)
    if circuit.conditional and not limits.conditional:
        problems.append("gates carry guards but the question is unconditional")
    if problems:
        raise VerificationError(
            f"circuit for {spec} breaks its limits: {'; '.join(problems)}\n{circuit.to_text()}"
        )
    return metrics
