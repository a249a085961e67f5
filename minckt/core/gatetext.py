"""Gates as text: the readable form of `Circuit.to_text` and the labels of `Circuit.to_dot`
(`minckt.core.circuit`): signed weighted sums, the rule of each gate kind, common Boolean
gates as expressions.  Each function takes a `minckt.core.circuit.Gate` (not imported: the
circuit module imports this one)."""

from __future__ import annotations

from typing import Sequence

__all__ = ["BOOLEAN_FORMS", "boolean_form", "guard_text", "term", "letter", "rule"]


def guard_text(gate) -> str:
    """" if g" / " if not g" for a guarded gate, "" otherwise."""
    if gate.guard is None:
        return ""
    guard, when = gate.guard
    return f" if {guard}" if when else f" if not {guard}"


def term(weight: int, source: str, first: bool) -> str:
    """One signed term of a weighted sum, e.g. "- 2x3" ("x1" first, without "+")."""
    sign = "-" if weight < 0 else ("" if first else "+")
    magnitude = abs(weight)
    coeff = "" if magnitude == 1 else f"{magnitude}"
    return f"{sign}{coeff}{source}" if first else f"{sign} {coeff}{source}"


#: The common Boolean gates as expressions over their sources a, b, c (by fan-in, table).
BOOLEAN_FORMS = {(2, 0x8): "{a} ∧ {b}", (2, 0xE): "{a} ∨ {b}", (2, 0x6): "{a} ⊕ {b}",
                 (2, 0x9): "¬({a} ⊕ {b})", (2, 0x7): "¬({a} ∧ {b})", (2, 0x1): "¬({a} ∨ {b})",
                 (2, 0x2): "{a} ∧ ¬{b}", (2, 0x4): "¬{a} ∧ {b}", (2, 0xB): "{a} ∨ ¬{b}",
                 (2, 0xD): "¬{a} ∨ {b}", (1, 0x1): "¬{a}", (1, 0x2): "{a}",
                 (3, 0xE8): "MAJ({a}, {b}, {c})"}


def boolean_form(gate, names: Sequence[str] | None = None) -> str:
    """A Boolean gate as an expression over `names` (default: its sources)."""
    names = list(names) if names is not None else [s for s, _ in gate.weights]
    form = BOOLEAN_FORMS.get((gate.fanin, gate.table))
    if form is None:
        return f"T0x{gate.table:X}({', '.join(names)})"
    return form.format(**dict(zip("abc", names)))


def letter(k: int) -> str:
    """Name of a Boolean gate's k-th source in drawings: a, b, c, ..."""
    return chr(ord("a") + k) if k < 26 else f"s{k + 1}"


def rule(gate) -> str:
    """What a gate does with its sum: ">= t", "- t, clip 0..R", a Boolean expression."""
    if gate.kind == "boolean":
        return boolean_form(gate, [letter(k) for k in range(gate.fanin)])
    if gate.kind == "threshold":
        return f">= {gate.threshold}"
    shift = f"- {gate.threshold}" if gate.threshold >= 0 else f"+ {-gate.threshold}"
    if gate.kind == "relu":
        return f"{shift}, clip 0..{gate.resolution}"
    return f"{shift}, steps {list(gate.breakpoints)}"
