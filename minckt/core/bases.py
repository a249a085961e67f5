"""Boolean bases: which gates a circuit of each basis may use.

A Boolean gate (`Gate(kind="boolean")`) is a truth table over its sources, the first source
the least significant bit.  Inverters are free in every basis here, as in the exact-synthesis
literature (Kojevnikov–Kulikov–Yaroslavtsev, SAT 2009; Knuth, TAOCP 7.1.2; ABC and percy
count AND / MAJ nodes with complemented edges): a gate may complement any input and its
output, which a table expresses directly.  So:

* ``aig``   -- 2-input AND with optional inverted inputs and output: the 8 tables with an odd
  number of ones (AND, OR, NAND, NOR and the four "a AND NOT b" forms);
* ``xaig``  -- ``aig`` plus XOR and XNOR: every 2-input function that depends on both
  inputs (10 tables);
* ``full2`` -- every 2-input function (16 tables; the degenerate ones are never needed in a
  minimal circuit but are allowed, as in Knuth's count of 4-input functions);
* ``mig``   -- majority of 3 with optional inverted inputs (8 tables; complementing the output
  is the same as complementing all three inputs), and majority with one constant input,
  which is a 2-input ``aig`` gate.

Energy counts gates whose output is 1 (docs/guide/semantics.md); since a gate's table includes its
output polarity, that is the value the gate itself computes.
"""

from __future__ import annotations

from dataclasses import dataclass

from minckt.errors import InputError

__all__ = ["Basis", "BASES", "basis", "is_basis", "allows"]


def _ones(table: int) -> int:
    return bin(table).count("1")


def _majority_tables() -> frozenset[int]:
    tables = set()
    for flips in range(8):
        table = 0
        for row in range(8):
            bits = [((row >> k) & 1) ^ ((flips >> k) & 1) for k in range(3)]
            if sum(bits) >= 2:
                table |= 1 << row
        tables.add(table)
    return frozenset(tables)


_AND_TYPE = frozenset(t for t in range(16) if _ones(t) in (1, 3))


@dataclass(frozen=True)
class Basis:
    """A basis: its name, gate arity and the allowed tables by number of sources."""

    name: str
    arity: int
    tables: dict[int, frozenset[int]]
    description: str
    constant_operand: bool = False  # a source may be the constant 0 (majority as AND / OR)

    def allows(self, fanin: int, table: int) -> bool:
        """Whether a gate with `fanin` sources and this table belongs to the basis."""
        return table in self.tables.get(fanin, frozenset())


BASES: dict[str, Basis] = {
    "aig": Basis("aig", 2, {2: _AND_TYPE},
                 "2-input AND with optional inverted inputs and output"),
    "xaig": Basis("xaig", 2, {2: _AND_TYPE | {0x6, 0x9}},
                  "2-input AND and XOR with optional inverted inputs and output"),
    "full2": Basis("full2", 2, {2: frozenset(range(16))}, "every 2-input function"),
    "mig": Basis("mig", 3, {3: _majority_tables(), 2: _AND_TYPE},
                 "3-input majority with optional inverted inputs (one may be constant)",
                 constant_operand=True),
}


def is_basis(name: str) -> bool:
    """Whether `name` is a Boolean basis (as opposed to threshold, ReLU, sigmoid gates)."""
    return name in BASES


def basis(name: str) -> Basis:
    """The basis called `name`; an unknown name is an error listing the valid ones."""
    if name not in BASES:
        raise InputError(f"basis {name!r}: expected one of {', '.join(BASES)}")
    return BASES[name]


def allows(name: str, fanin: int, table: int) -> bool:
    """Whether basis `name` has a gate with `fanin` sources computing `table`."""
    return basis(name).allows(fanin, table)
