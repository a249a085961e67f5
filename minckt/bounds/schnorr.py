"""Schnorr's lower bound for parity in the basis U2 (every 2-input gate but XOR and XNOR).

* **Schnorr** (C. P. Schnorr, "The combinational complexity of equivalence", Theoretical
  Computer Science 1(4):289-295, 1976; also Wegener, *The Complexity of Boolean Functions*,
  1987, ch. 5): every circuit of 2-input gates from U2 = B2 minus {XOR, XNOR} computing the
  parity of m variables, or its complement, has at least 3(m - 1) gates (gate elimination:
  fixing a well-chosen variable removes three gates and leaves the parity of m - 1).  The
  bound is tight: each XOR of two parities costs three such gates.

It applies here to the ``aig`` basis: its gates are U2's functions of two variables, and
its free inverters (a negated operand or output) are absorbed into the gate's table, so an
AIG circuit is a U2 circuit of the same size.  An output is recognised when the spec is
completely specified and the output equals the parity of the m inputs it depends on, or its
complement; fixing the other inputs to 0 leaves a circuit, no larger, computing the parity
of m variables, so size >= 3(m - 1) for the whole circuit.  Not for circuits with guards (a
skipped gate outputs 0: another model of computation), nor for other bases.
"""

from __future__ import annotations

from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec, input_matrix
from minckt.bounds.bound import Bound
from minckt.bounds.trivial import essential_inputs

__all__ = ["REF_SCHNORR", "parity_support", "bounds"]

REF_SCHNORR = ("C. P. Schnorr, The combinational complexity of equivalence, Theoret. Comput. "
               "Sci. 1(4):289-295, 1976")


def parity_support(spec: Spec, output: int = 0) -> int | None:
    """m when output `output` of the completely specified `spec` is the parity of the m >= 2
    inputs it depends on, or its complement; else None."""
    if not spec.is_total:
        return None
    support = essential_inputs(Spec(n=spec.n, outputs=(spec.outputs[output],)))
    if len(support) < 2:
        return None
    values = spec.values[output]
    parity = input_matrix(spec.n)[support].sum(axis=0) % 2 == 1
    if (values == parity).all() or (values != parity).all():
        return len(support)
    return None


def bounds(spec: Spec, axis: str, model: GateModel, limits: Limits) -> list[Bound]:
    """Schnorr's size bound for the AIG basis (module docstring); the `lower_bounds` hook."""
    if axis != "size" or model.kind != "aig" or limits.conditional:
        return []
    widest = max((m for k in range(spec.num_outputs)
                  if (m := parity_support(spec, k)) is not None), default=None)
    if widest is None:
        return []
    value = 3 * (widest - 1)
    return [Bound("size", value, f"an output is the parity of {widest} inputs (or its "
                                 f"complement); U2 circuits of it have >= 3(m - 1) gates => "
                                 f"size >= {value}", REF_SCHNORR,
                  assumptions=("AIG basis: 2-input gates other than XOR and XNOR, inverters "
                               "free", "no guards"), name="Schnorr")]
