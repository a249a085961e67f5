"""The independent check every circuit passes before it is reported.

`verify` re-simulates the circuit with the numpy evaluator on the care rows of the spec (or
the points of a point spec, `minckt.core.points`), checks each output on each of them,
re-measures every resource and checks it against the limits.  It shares no code with any encoding.  A failure raises `VerificationError` naming the spec,
the circuit and the first bad row; it is an internal error (a bug), never a user error.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from minckt.core.circuit import Circuit, Metrics, is_input_name
from minckt.errors import InputError, InternalError, VerificationError
from minckt.core.problem import GateModel, Limits
from minckt.core.points import Points, SparsePairs
from minckt.core.spec import Spec

__all__ = ["verify", "computes", "first_mismatch", "architecture_problems", "layer_assignment"]

#: Layer assignments the architecture check tries before it gives up (an internal error:
#: circuits that minckt builds are placed at the first try).
_PLACEMENT_BUDGET = 200_000


def _evaluation(spec: Spec | Points, circuit: Circuit) -> tuple[np.ndarray, np.ndarray]:
    """`Circuit.evaluate` on the care rows (a `Spec`) or the points (a `Points`)."""
    if circuit.n != spec.n or len(circuit.outputs) != spec.num_outputs:
        raise VerificationError(
            f"circuit has n={circuit.n} and {len(circuit.outputs)} output(s); spec {spec} "
            f"has n={spec.n} and {spec.num_outputs}"
        )
    if isinstance(spec, Points):
        return circuit.evaluate(inputs=spec.columns)
    return circuit.evaluate(spec.care_rows)


def _expected(spec: Spec | Points, circuit: Circuit,
              evaluation: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(got, expected): the circuit's and the spec's m x N outputs on the care rows (a
    `Spec`) or the points (a `Points`), in the same order."""
    got = circuit.output_values(evaluation=evaluation)
    return got, spec.labels if isinstance(spec, Points) else spec.values[:, spec.care_rows]


def first_mismatch(spec: Spec | Points, circuit: Circuit,
                   evaluation: tuple[np.ndarray, np.ndarray] | None = None
                   ) -> tuple[int, int, bool, bool] | None:
    """(row, output, expected, got) for the first care row where the circuit is wrong, or
    None when it computes the spec.  For a `Points` spec "row" is the point's place in its
    list.  `evaluation`: the circuit's `_evaluation` on the spec, when already made."""
    got, expected = _expected(spec, circuit, evaluation or _evaluation(spec, circuit))
    wrong = got != expected
    if not wrong.any():
        return None
    output, place = np.argwhere(wrong.T)[0][::-1]
    row = int(place) if isinstance(spec, Points) else int(spec.care_rows[place])
    return row, int(output), bool(expected[output, place]), bool(got[output, place])


def computes(spec: Spec | Points, circuit: Circuit) -> bool:
    """True when the circuit matches every output on every care row (every point)."""
    return first_mismatch(spec, circuit) is None


def _where(spec: Spec | Points, row: int) -> str:
    """The bad row's input values, as a failure names them."""
    if isinstance(spec, Points):
        ones = np.flatnonzero(spec.inputs[row]) + 1
        return f"point #{row + 1}, ones at x{', x'.join(map(str, ones))}" if ones.size \
            else f"point #{row + 1}, all zeros"
    bits = " ".join(f"x{i + 1}={(row >> i) & 1}" for i in range(spec.n))
    return f"row {row} ({bits})"


def _verify_blocks(spec: SparsePairs, circuit: Circuit, limits: Limits,
                   model: GateModel | None) -> Metrics:
    """`verify` block by block (`SparsePairs.blocks`): each block is checked against the
    limits, and the metrics are the maxima over the blocks."""
    found = [verify(block, circuit, limits, model) for block in spec.blocks()]
    return replace(found[0], **{axis: max(m.get(axis) for m in found)
                                for axis in ("energy", "evaluated", "ops")})


def verify(spec: Spec | Points | SparsePairs, circuit: Circuit, limits: Limits = Limits(),
           model: GateModel | None = None) -> Metrics:
    """Check function and resources; return the re-measured metrics or raise.

    Energy is measured over the spec's care rows (docs/guide/semantics.md), or over the
    points of a `Points` spec, or of a `SparsePairs` spec block by block.  When `model` is given every gate must be one of its gates
    (`GateModel.allows`: the kind, the ReLU resolution, the number of sigmoid steps, the
    basis's tables).  A guarded gate is allowed only when `limits.conditional` is set.
    """
    if isinstance(spec, SparsePairs):
        return _verify_blocks(spec, circuit, limits, model)
    evaluation = _evaluation(spec, circuit)  # once: the check and the metrics read it
    bad = first_mismatch(spec, circuit, evaluation)
    if bad is not None:
        row, output, expected, got = bad
        raise VerificationError(
            f"circuit does not compute {spec}: output {output + 1} on {_where(spec, row)} is "
            f"{int(got)}, expected {int(expected)}\n{circuit.to_text()}"
        )
    if model is not None:
        for gate in circuit.gates:
            if not model.allows(gate):
                raise VerificationError(
                    f"gate {gate.id} ({gate.kind}, R={gate.resolution}, {gate.fanin} "
                    f"source(s)) is not a gate of {model}\n{circuit.to_text()}"
                )
    metrics = circuit.metrics(evaluation=evaluation)
    problems = limits.violations(metrics)
    if circuit.conditional and not limits.conditional:
        problems.append("gates carry guards but the question is unconditional")
    problems += architecture_problems(circuit, limits)
    if problems:
        raise VerificationError(
            f"circuit for {spec} breaks its limits: {'; '.join(problems)}\n{circuit.to_text()}"
        )
    return metrics


def architecture_problems(circuit: Circuit, limits: Limits) -> list[str]:
    """Descriptions of how the circuit breaks the architecture of `limits` (empty: none).

    outputs_read = "hidden": no output gate reads a primary input.  layers: some assignment
    of the gates to layers fits (`layer_assignment`).
    """
    problems = []
    outputs = set(circuit.outputs)
    if limits.outputs_read == "hidden":
        for gate in circuit.gates:
            if gate.id in outputs:
                read = [s for s, _ in gate.weights if is_input_name(s)]
                if read:
                    problems.append(f"output gate {gate.id} reads input(s) {', '.join(read)} "
                                    "but outputs read hidden gates only")
    if limits.layers is not None and layer_assignment(circuit, limits) is None:
        problems.append(f"no assignment of the gates to layers {list(limits.layers)} "
                        f"(skip = {str(limits.skip).lower()}) fits")
    return problems


def layer_assignment(circuit: Circuit, limits: Limits) -> dict[str, int] | None:
    """A layer (1 = first hidden layer, L + 1 = the output layer) for every gate that fits
    `limits.layers` and `limits.skip`, or None when there is none.

    Output gates form the output layer (at most one gate per output); every other gate is
    placed in a hidden layer 1..L within its width.  A gate reads gates of earlier layers
    (with skip = False: of the layer just before it only) and inputs (with skip = False:
    only in layer 1); a guard counts as a read.  Depth-first over the gates in order, each
    trying its layers lowest first.
    """
    if limits.layers is None:
        raise InputError("layer_assignment: the limits give no layers (a free DAG has none)")
    widths = list(limits.layers)
    hidden = len(widths) - 1
    outputs = set(circuit.outputs)
    if len(outputs) > widths[-1]:
        return None
    gates = [g for g in circuit.gates if g.id not in outputs]
    placed: dict[str, int] = {}
    used = [0] * (hidden + 2)
    tries = [0]

    def allowed(gate, layer: int) -> bool:
        for source in gate.reads():
            if is_input_name(source):
                if not limits.skip and layer != 1:
                    return False
            elif source not in placed:
                return False  # an output gate read by a gate: outputs are the last layer
            else:
                below = placed[source]
                if below >= layer or not limits.skip and below != layer - 1:
                    return False
        return True

    def outputs_fit() -> bool:
        return all(allowed(circuit.gate(o), hidden + 1) for o in outputs)

    def place(k: int) -> bool:
        tries[0] += 1
        if tries[0] > _PLACEMENT_BUDGET:
            raise InternalError(f"layer check of a {len(circuit.gates)}-gate circuit gave up "
                                f"after {_PLACEMENT_BUDGET} tries")
        if k == len(gates):
            return outputs_fit()
        gate = gates[k]
        for layer in range(1, hidden + 1):
            if used[layer] < widths[layer - 1] and allowed(gate, layer):
                placed[gate.id] = layer
                used[layer] += 1
                if place(k + 1):
                    return True
                used[layer] -= 1
                del placed[gate.id]
        return False

    if not place(0):
        return None
    return {**placed, **{o: hidden + 1 for o in outputs}}
