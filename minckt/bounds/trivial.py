"""Elementary lower bounds that hold for every gate model.

* size >= 1: each output is a gate (docs/guide/semantics.md).
* depth >= 1 for the same reason.
* energy >= 1 when some output is 1 on some care row: that output gate is active there.
* weight >= 1 and fan-in >= 1 when some output is non-constant on the care set: a gate with
  no wires is constant.
* wires >= the number of essential inputs (x_i is essential when two care rows differing
  only in x_i give different outputs): every essential input must be read by some gate.
* evaluated >= 1 and ops >= 1 (when there is a care row; they are maxima over the care
  rows): the first gate has no earlier gate to guard it, so it is
  evaluated on every row.  ops >= 2 when some output is non-constant on the care set: let j
  be the first gate with a wire; every gate before it has no wire, so it is constant on the
  care rows (a skipped gate outputs 0, and its guard, an earlier such gate, is constant too),
  hence j's guard is constant and j is evaluated on every care row (j is evaluated somewhere:
  otherwise every gate would be constant and so would the outputs), costing fan-in + 1 >= 2.
* hidden >= 1 when outputs read hidden gates only and some output is non-constant;
  hidden >= L in a layered network of L hidden layers without skip (`_hidden_bound`).
* Boolean bases (gates of at most a sources, `minckt.core.bases`): an output whose value depends
  on m inputs has a cone of g gates with m <= 1 + g·(a - 1) and m <= a^depth, so
  size >= ceil((m - 1)/(a - 1)) and depth >= ceil(log_a m), m the largest number of inputs
  essential to one output.
"""

from __future__ import annotations

import numpy as np

from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.bounds.bound import Bound

__all__ = ["bounds", "essential_inputs", "essential_per_output"]

_REF = "elementary (minckt docs: bounds/trivial)"


def essential_inputs(spec: Spec) -> list[int]:
    """0-based indices of inputs on which some output depends within the care set."""
    rows = np.arange(spec.num_rows)
    care = spec.care_mask
    found = []
    for i in range(spec.n):
        partner = rows ^ (1 << i)
        both = care & care[partner]
        if (both[None, :] & (spec.values != spec.values[:, partner])).any():
            found.append(i)
    return found


def essential_per_output(spec: Spec) -> list[int]:
    """For each output, how many inputs it depends on within the care set."""
    rows = np.arange(spec.num_rows)
    care = spec.care_mask
    counts = np.zeros(spec.num_outputs, dtype=int)
    for i in range(spec.n):
        partner = rows ^ (1 << i)
        both = care & care[partner]
        counts += (both[None, :] & (spec.values != spec.values[:, partner])).any(axis=1)
    return [int(c) for c in counts]


def _basis_bound(spec: Spec, axis: str, model: GateModel) -> list[Bound]:
    from minckt.core.bases import BASES

    arity = BASES[model.kind].arity
    widest = max(essential_per_output(spec), default=0)
    if widest <= 1:
        return []
    if axis == "size":
        value = -(-(widest - 1) // (arity - 1))
        why = f"an output depends on {widest} inputs; {arity}-input gates join at most " \
              f"{arity - 1} more each"
    else:
        value, reach = 0, 1
        while reach < widest:
            value, reach = value + 1, reach * arity
        why = f"an output depends on {widest} inputs; depth d reaches at most {arity}^d"
    return [Bound(axis, value, f"{why} => {axis} >= {value}", _REF, name="trivial")]


def _non_constant(spec: Spec) -> bool:
    care = spec.care_mask
    values = spec.values[:, care]
    return bool((values.any(axis=1) & ~values.all(axis=1)).any())


def bounds(spec: Spec, axis: str, model: GateModel, limits: Limits) -> list[Bound]:
    """The elementary bounds on `axis` (all hold for every limit; the hidden one reads the
    architecture)."""
    if axis in ("size", "depth"):
        found = [Bound(axis, 1, "every output is a gate", _REF, name="trivial")]
        return found + (_basis_bound(spec, axis, model) if model.is_basis else [])
    if axis == "energy":
        some_one = bool(spec.values[:, spec.care_mask].any())
        return [Bound(axis, 1 if some_one else 0,
                      "an output that is 1 on a care row is an active gate there" if some_one
                      else "no output is ever 1", _REF, name="trivial")]
    if axis in ("weight", "fanin"):
        varying = _non_constant(spec)
        return [Bound(axis, 1 if varying else 0,
                      "a gate without wires is constant" if varying else "outputs are constant",
                      _REF, name="trivial")]
    if axis in ("evaluated", "ops"):
        if not spec.care_mask.any():
            return [Bound(axis, 0, "no care row: nothing is evaluated", _REF, name="trivial")]
        varying = axis == "ops" and _non_constant(spec)
        return [Bound(axis, 2 if varying else 1,
                      "an evaluated gate with a wire costs fan-in + 1 >= 2" if varying
                      else "the first gate cannot be guarded: it is evaluated on every row",
                      _REF, name="trivial")]
    if axis == "hidden":
        return [_hidden_bound(spec, limits)]
    if axis == "params":
        return []  # params = size + wires: `minckt.bounds.lower_bounds` adds their bounds
    essential = essential_inputs(spec)
    return [Bound(axis, len(essential), f"{len(essential)} essential input(s) must each be read",
                  _REF, name="trivial")]


def _hidden_bound(spec: Spec, limits: Limits) -> Bound:
    """hidden >= 0; when some output is non-constant on the care set and no output gate may
    read an input (outputs_read = "hidden", or layers without skip), that output reads a
    non-constant hidden gate, so hidden >= 1; and in a layered network without skip, each of
    its L hidden layers must hold a non-constant gate (a layer of constants passes nothing
    on), so hidden >= L."""
    if not _non_constant(spec):
        return Bound("hidden", 0, "the gates that drive no output may be none", _REF,
                     name="trivial")
    layers = limits.layers
    if layers is not None and not limits.skip and len(layers) > 1:
        count = len(layers) - 1
        return Bound("hidden", count, f"without skip, each of the {count} hidden layer(s) "
                     "passes a non-constant gate on", _REF, name="trivial")
    if limits.outputs_read == "hidden":
        return Bound("hidden", 1, "a non-constant output reads no input, so it reads a "
                     "non-constant hidden gate", _REF, name="trivial")
    return Bound("hidden", 0, "an output gate may read the inputs itself", _REF,
                 name="trivial")
