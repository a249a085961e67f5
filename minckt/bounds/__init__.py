"""Proven lower bounds on circuit resources, one module per argument.

Every bound is a `Bound`: the value, the resource it bounds, the method, the reference and
the assumptions it rests on.  `lower_bounds` collects every applicable one; the search
starts from `strongest` and reports which bound was tight.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from minckt.bounds.bound import Bound
from minckt.core.circuit import Metrics
from minckt.errors import InternalError
from minckt.core.problem import AXES, GateModel, Limits, check_axis
from minckt.core.spec import Spec

__all__ = ["Bound", "lower_bounds", "strongest", "check_circuit"]


def lower_bounds(spec: Spec, axis: str, model: GateModel = GateModel(),
                 limits: Limits = Limits()) -> list[Bound]:
    """Every applicable lower bound on `axis` for circuits of `model` gates computing `spec`.

    Conditional questions (`Limits.conditional`) take only the elementary bounds (`trivial`,
    `memorization` for the neural models and `counting`, whose arguments hold with guards):
    the papers' bounds, and `subcube`, are applied to circuits without guards only.  Without
    guards every gate is evaluated on every row, so evaluated = size and ops = size + wires
    (given a care row: both are maxima over the care rows), and their bounds follow from the
    bounds on size and wires.
    """
    from minckt.bounds import (
        counting, energy_depth, memorization, parity, schnorr, subcube, trivial
    )

    check_axis(axis)
    found = list(trivial.bounds(spec, axis, model, limits))
    if axis == "params":  # params = size + wires, with guards or without
        size = strongest(spec, "size", model, limits)
        wires = strongest(spec, "wires", model, limits)
        found.append(Bound(axis, size.value + wires.value,
                           f"params = size + wires >= {size.value} + {wires.value} "
                           f"({size.method}; {wires.method})", size.reference,
                           name=size.name))
    if not model.is_basis:
        found += memorization.bounds(spec, axis, model, limits)
    found += counting.bounds(spec, axis, model, limits)  # holds with guards too
    if axis == "size" and (spec.num_outputs > 1 or limits.shaped):
        # size = hidden + output gates, and outputs of distinct functions on the care set
        # are distinct gates (with guards too)
        hidden = strongest(spec, "hidden", model, limits)
        distinct = len(memorization.distinct_columns(spec))
        found.append(Bound(axis, hidden.value + distinct,
                           f"size = hidden + output gates >= {hidden.value} + {distinct} "
                           f"distinct output(s) ({hidden.method})", hidden.reference,
                           name=hidden.name))
    if limits.conditional:
        return [b for b in found if b.axis == axis]
    found += [*energy_depth.bounds(spec, axis, model, limits),
              *parity.bounds(spec, axis, model, limits),
              *schnorr.bounds(spec, axis, model, limits),
              *subcube.bounds(spec, axis, model, limits)]
    if axis in ("evaluated", "ops") and spec.care_mask.any():
        size = strongest(spec, "size", model, limits)
        value, method = size.value, f"no guards: evaluated = size >= {size.value}"
        if axis == "ops":
            wires = strongest(spec, "wires", model, limits)
            value += wires.value
            method = f"no guards: ops = size + wires >= {size.value} + {wires.value}"
        found.append(Bound(axis, value, f"{method} ({size.method})", size.reference,
                           name=size.name))
    return [b for b in found if b.axis == axis]


def strongest(spec: Spec, axis: str, model: GateModel = GateModel(),
              limits: Limits = Limits()) -> Bound:
    """The largest applicable lower bound on `axis` (ties: the first listed)."""
    found = lower_bounds(spec, axis, model, limits)
    return max(found, key=lambda b: b.value)


def check_circuit(spec: Spec, model: GateModel, metrics: Metrics,
                  conditional: bool = False, shape: Limits | None = None) -> None:
    """A sanity check that can fail: every proven bound, applied to the circuit's own
    resources, must hold for it.  A violation means a bug in an encoding or in a bound, and
    raises InternalError naming the bound.

    `conditional` says the circuit may carry guards; it is also inferred when the metrics
    show a skipped gate (evaluated < size or ops < size + wires, impossible without guards),
    so that the bounds stated for circuits without guards are not applied to it.  `shape`
    (the question's limits) gives the architecture the circuit was built to, so that the
    bounds that rest on it apply too."""
    skipped = metrics.evaluated < metrics.size or metrics.ops < metrics.size + metrics.wires
    measured: dict[str, Any] = {axis: metrics.get(axis) for axis in AXES}
    own = replace(shape or Limits(), **measured, conditional=conditional or skipped)
    for axis in AXES:
        for bound in lower_bounds(spec, axis, model, own):
            if bound.value > metrics.get(axis):
                raise InternalError(
                    f"a verified circuit for {spec} has {axis} = {metrics.get(axis)}, below the "
                    f"proven lower bound {bound.value} ({bound.method}; {bound.reference}); "
                    f"its resources: {metrics.to_json()}")
