"""A proven lower bound: its value, the resource it bounds, the argument and its reference."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Bound"]


@dataclass(frozen=True)
class Bound:
    """A proven lower bound `value` on resource `axis`; `name` is the argument's short name
    (a report's column: "trivial", "Uchizawa–Abe", "UNT", "SUZ", "IPS")."""

    axis: str
    value: int
    method: str
    reference: str = ""
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    name: str = ""

    def to_json(self) -> dict:
        return {"axis": self.axis, "value": self.value, "name": self.name,
                "method": self.method,
                "reference": self.reference, "assumptions": list(self.assumptions)}

    @classmethod
    def from_json(cls, data: dict) -> "Bound":
        """Inverse of `to_json` (a result's ``tight`` and ``gap`` beside it are ignored)."""
        return cls(axis=data["axis"], value=data["value"], method=data["method"],
                   reference=data.get("reference", ""),
                   assumptions=tuple(data.get("assumptions", ())), name=data.get("name", ""))
