"""`Circuit`'s format methods: ``to_blif``, ``to_aiger``, ``to_bench``, ``to_verilog``, and
the drawing a notebook shows (``_repr_svg_``).

`minckt.core.circuit.Circuit` inherits them from `CircuitFormats`, so they live beside the
writers they call; the writers read a circuit without importing its module, so the imports
point one way (docs/guide/formats.md).
"""

from __future__ import annotations

from minckt.core.formats.aiger import write_aiger
from minckt.core.formats.bench import write_bench
from minckt.core.formats.blif import write_blif
from minckt.core.formats.svg import circuit_svg
from minckt.core.formats.verilog import write_verilog

__all__ = ["CircuitFormats"]


class CircuitFormats:
    """The export methods of a circuit (docs/guide/formats.md)."""

    def to_blif(self) -> str:
        """BLIF text: each gate a ``.names`` cover over its sources' bits, inputs x1..xn,
        outputs y1..ym (`minckt.core.formats.blif`)."""
        return write_blif(self)

    def to_aiger(self, binary: bool = False) -> str | bytes:
        """AIGER of ANDs and inverters: ASCII text (``aag``), or bytes (``aig``) with
        `binary` (`minckt.core.formats.aiger`)."""
        return write_aiger(self, binary)

    def to_bench(self) -> str:
        """BENCH text in the gate types cirbo and ABC both read
        (`minckt.core.formats.bench`)."""
        return write_bench(self)

    def to_verilog(self, module: str = "minckt_circuit") -> str:
        """A Verilog module computing every gate in exact signed integer arithmetic
        (`minckt.core.formats.verilog`)."""
        return write_verilog(self, module)

    def _repr_svg_(self) -> str:
        """The drawing a notebook shows: Graphviz when installed, else matplotlib
        (`minckt.core.formats.svg`)."""
        return circuit_svg(self)
