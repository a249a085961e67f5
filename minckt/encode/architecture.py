"""Network shapes (`Limits.layers`, `skip`, `outputs_read`) and the counted resources
(`hidden`, `params`, and `size` in a layered network), for every neural backend.

Semantics (`minckt.core.problem.Limits`, checked on every circuit by
`minckt.verify.architecture_problems`).  The encoding, shared by the CNF and CP-SAT backends
through a `symmetry.Emitter`:

* layers (h1, ..., hL, m): the slots are the layers' gates in order, h1 slots of layer 1,
  then h2 of layer 2, ..., then the m output slots, output k being the k-th of them (the
  gates of one layer read no gate of their own layer and no gate reads an output gate, so
  any order of the output layer is as good as any other).  A slot's connection to a node it
  may not read is forced off (`forbidden`): a gate of its own or a later layer, and with
  skip = False any node but the layer just below (the inputs, for layer 1).  A layer of
  fewer gates fills its other slots with padding (constant 0, unread), as a smaller circuit
  does in a free DAG.
* outputs_read = "hidden": for each slot j and input i, "slot j drives an output" excludes
  "slot j reads input i".
* counts: a slot is *used* when it drives an output or a later slot depends on it (reads it
  or is guarded by it); the literal is implied one way (it may be true without need), which
  is all an upper bound needs.  hidden <= H bounds the used slots that drive no output;
  params <= P the used slots plus every connection; in a layered network, where the slot
  count is the layers' sum, size <= S bounds the used slots.  Unused slots are dead gates,
  which the decoders drop (`Circuit.without_dead`), so a verified circuit's counts are at
  most the encoding's, and no circuit is lost (its gates take slots, the rest are padding
  without wires).

Symmetry breaks with layers (`minckt.encode.symmetry.add_breaks`, `slot_layers`): the DAG's
level order does not apply (a layer may hold gates of any level), but the gates of one hidden
layer neither read nor guard each other and have the same possible sources and readers, so
they can be permuted freely: consecutive slots of one hidden layer are ordered by their value
vectors like ``tt_order``'s gates of one level.  The input-copy exclusion of ``no_trivial``
is lifted when skip = False or outputs read hidden gates only: a gate that copies an input is
then how a later layer or an output reads that input.
"""

from __future__ import annotations

from typing import Sequence

from minckt.errors import InputError
from minckt.core.problem import Limits
from minckt.encode.guards import is_true

__all__ = ["arch_slots", "slot_layers", "forbidden", "constrain",
           "count_groups", "copies_allowed", "fixed_selection", "check_shape",
           "COUNTED_AXES"]

#: The resources counted over used slots (`count_groups`).
COUNTED_AXES = ("hidden", "params")


def arch_slots(limits: Limits) -> int | None:
    """The slot count of a layered network (the layers' sum), or None for a free DAG."""
    return None if limits.layers is None else sum(limits.layers)


def slot_layers(limits: Limits) -> list[int] | None:
    """The layer of each slot (1..L hidden, L + 1 the output layer), or None."""
    if limits.layers is None:
        return None
    return [layer for layer, width in enumerate(limits.layers, start=1) for _ in range(width)]


def output_base(limits: Limits) -> int:
    """The first output slot of a layered network."""
    return sum(limits.hidden_layers)


def forbidden(limits: Limits, n: int, layers: Sequence[int] | None, j: int, k: int) -> bool:
    """Whether slot j may not read node k (inputs 0..n-1, then slot k - n)."""
    if layers is None:
        return False
    here = layers[j]
    if k < n:
        return not limits.skip and here != 1
    there = layers[k - n]
    if there >= here:
        return True
    return not limits.skip and there != here - 1


def copies_allowed(limits: Limits) -> bool:
    """False when a gate copying an input may be needed (skip = False, or outputs that read
    hidden gates only): ``no_trivial`` then keeps copies."""
    if limits.outputs_read == "hidden":
        return False
    return limits.layers is None or limits.skip


def fixed_selection(limits: Limits, num_outputs: int, size: int) -> list[list[bool]] | None:
    """For a layered network of several outputs, select[k][j] as constants (output k is the
    k-th output slot); None when the outputs are chosen by the solver."""
    if limits.layers is None or num_outputs == 1:
        return None
    base = output_base(limits)
    return [[j == base + k for j in range(size)] for k in range(num_outputs)]


def constrain(emit, limits: Limits, n: int, connect: Sequence[Sequence[object]],
              outputs_of) -> None:
    """The shape's clauses on the connection literals (module docstring)."""
    layers = slot_layers(limits)
    neg = emit.neg
    for j, row in enumerate(connect):
        for k, c in enumerate(row):
            if forbidden(limits, n, layers, j, k):
                emit.clause([neg(c)])
    if limits.outputs_read == "hidden":
        for j, row in enumerate(connect):
            drives = list(outputs_of(j))
            for c in row[:n]:
                for lit in drives:
                    emit.clause([neg(c)] if is_true(emit, lit) else [neg(lit), neg(c)])


def count_groups(emit, axes, used: Sequence[object], connect: Sequence[Sequence[object]],
                 outputs_of) -> dict[str, list]:
    """The literals whose number bounds each counted axis in `axes` (hidden, params, size)."""
    neg, groups = emit.neg, {}
    if "hidden" in axes:
        lits = []
        for j, u in enumerate(used):
            drives = list(outputs_of(j))
            if any(is_true(emit, lit) for lit in drives):
                continue
            h = emit.new_bool(f"hidden[{j}]")
            emit.clause([neg(u), *drives, h])
            lits.append(h)
        groups["hidden"] = lits
    if "params" in axes:
        groups["params"] = list(used) + [c for row in connect for c in row]
    if "size" in axes:
        groups["size"] = list(used)
    return groups


def check_shape(limits: Limits, num_outputs: int, kind: str, asked=()) -> None:
    """A clear error for a shape minckt cannot search: layers whose output layer is not one
    gate per output, guards in a layered network, a Boolean basis with a shape or a counted
    resource (`asked`: the objective or frontier axes)."""
    counted = sorted({a for a in COUNTED_AXES if limits.get(a) is not None} | set(asked)
                     & set(COUNTED_AXES))
    if kind not in ("threshold", "relu", "sigmoid") and counted:
        raise InputError(f"{', '.join(counted)}: counted over the neurons of threshold, relu "
                         f"and sigmoid networks, not the {kind} basis")
    if not limits.shaped:
        return
    if limits.layers is not None and limits.layers[-1] != num_outputs:
        raise InputError(f"layers = {list(limits.layers)}: the last entry is the output layer, "
                         f"one gate per output: expected {num_outputs}, got {limits.layers[-1]}")
    if limits.layers is not None and limits.conditional:
        raise InputError("layers with conditional = true: guards in layered networks are not "
                         "encoded; drop one of them")
    if kind not in ("threshold", "relu", "sigmoid") and limits.shaped:
        raise InputError(f"layers and outputs_read apply to threshold, relu and sigmoid gates, "
                         f"not the {kind} basis")

