"""The counting lower bound on hidden gates: hidden patterns must tell distinct outputs apart.

minckt's own argument (derived, docs/design/papers.md#derived-facts; no paper states it in this
form).  Let D be the number of distinct output vectors (y_1(r), ..., y_m(r)) over the care rows r
of the spec, and b the number of values one gate can output: b = 2 for threshold gates and Boolean
bases,
b = R + 1 for relu of resolution R (outputs 0..R) and for sigmoid of R breakpoints (outputs
0..R) (docs/guide/semantics.md#gates-and-circuits, `minckt.core.circuit`).  A skipped gate (guards)
outputs 0, one of those b values, so every gate's value lies in a b-element set with guards or
without.  *Hidden* gates are those that drive no output (`Circuit.metrics`).

**Outputs that read hidden gates only** (`Limits.outputs_read` = "hidden": no output gate
reads a primary input).  Claim: the value of every output gate is a function of the vector of
hidden values.  In topological order an output gate reads hidden gates and earlier output
gates, and its guard, if any, is a gate of either kind; by induction the earlier output gates
are functions of the hidden vector, so it is too.  On a care row the circuit's outputs are the
spec's, so two care rows with different output vectors have different hidden vectors: the
hidden vectors take at least D values on the care rows, and there are at most b^hidden of
them, hence

    hidden >= ⌈log_b D⌉  (the least k with b^k >= D).

**A layered network without skip** (`Limits.layers` = (h_1, ..., h_L, m) with L >= 1 hidden
layers and `skip` = False).  Layer 1 reads the inputs only, layer l >= 2 reads layer l - 1
only and the output layer reads layer L only; a guard counts as a read
(`minckt.verify.layer_assignment`), so a gate's guard is in the layer just before it.  Hence
the value vector of layer l is a function of that of layer l - 1, and the outputs are a
function of layer L's vector -- so, composing, a function of layer l's vector for *every* l.
The argument above applies to each layer alone: each hidden layer holds at least ⌈log_b D⌉
gates, and since every gate that is not an output gate sits in a hidden layer,

    hidden >= L·⌈log_b D⌉.

(It implies the trivial bound hidden >= L when D >= 2; a width limit h_l < ⌈log_b D⌉ makes
the question infeasible.)  With skip = True and outputs_read = "any" an output gate may read
the inputs, and no bound is given; with skip = True and outputs_read = "hidden" the first
bound applies.

Both arguments hold with guards (above), so `minckt.bounds.lower_bounds` applies them to
conditional questions too.  Axis "hidden" only; nothing for "params" here.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.bounds.bound import Bound

__all__ = ["REF", "gate_values", "distinct_output_vectors", "least_exponent", "bounds"]

REF = ("minckt's own (derived): hidden patterns separate distinct output vectors, "
       "docs/design/papers.md#derived-facts; minckt docs, bounds/counting")


def gate_values(model: GateModel) -> int:
    """b: how many values one gate of `model` can output (a skipped gate's 0 among them)."""
    return model.resolution + 1 if model.kind in ("relu", "sigmoid") else 2


def distinct_output_vectors(spec: Spec) -> int:
    """D: the number of distinct output vectors over the care rows."""
    return _distinct(spec.n, spec.outputs, spec.care)


@lru_cache(maxsize=256)
def _distinct(n: int, outputs: tuple[int, ...], care: int | None) -> int:
    spec = Spec(n, outputs, care)
    block = spec.values[:, spec.care_mask]
    if block.shape[1] == 0:
        return 0
    return int(np.unique(np.packbits(block, axis=0).T, axis=0).shape[0])


def least_exponent(count: int, base: int) -> int:
    """The least k >= 0 with base^k >= count (exact integers)."""
    k, reach = 0, 1
    while reach < count:
        k, reach = k + 1, reach * base
    return k


def bounds(spec: Spec, axis: str, model: GateModel, limits: Limits) -> list[Bound]:
    """The counting bound on hidden (module docstring), when outputs read hidden gates only
    or the network is layered without skip; guards allowed or not."""
    if axis != "hidden":
        return []
    layers = () if limits.layers is None or limits.skip else limits.layers
    layered = len(layers) >= 2
    if not layered and limits.outputs_read != "hidden":
        return []
    count, base = distinct_output_vectors(spec), gate_values(model)
    per_layer = least_exponent(count, base)
    values = f"a {model.kind} gate takes at most {base} values"
    separate = (f"{count} distinct output vector(s) on the care rows; {values}, so "
                f"hidden patterns telling them apart need ⌈log_{base} {count}⌉ = "
                f"{per_layer} gate(s)")
    assumptions: tuple[str, ...] = (f"{values} (a skipped gate outputs 0, one of them)",)
    if layered:
        hidden_layers = len(layers) - 1
        value = hidden_layers * per_layer
        method = (f"{separate}; without skip each of the {hidden_layers} hidden layer(s) "
                  f"determines the outputs alone, so each holds {per_layer} => hidden >= "
                  f"{value}")
        assumptions += ("layered without skip: a gate (and its guard) reads the layer just "
                        "before it only",)
    else:
        value = per_layer
        method = f"{separate}; the outputs read hidden gates only => hidden >= {value}"
        assumptions += ("no output gate reads a primary input",)
    return [Bound("hidden", value, method, REF, assumptions, name="counting")]
