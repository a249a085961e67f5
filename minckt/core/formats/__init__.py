"""Standard circuit and function formats, out and in (docs/guide/formats.md).

Writers take a `minckt.core.circuit.Circuit` (also as its methods ``to_blif``, ``to_aiger``,
``to_bench``, ``to_verilog``) or a `minckt.core.spec.Spec`:

* BLIF (`write_blif`), AIGER ASCII and binary (`write_aiger`), BENCH (`write_bench`): the
  circuit's Boolean netlist, every gate kind expanded to tables over its sources' bits
  (`minckt.core.formats.expand`);
* Verilog (`write_verilog`): every gate kind in exact signed integer arithmetic;
* PLA (`write_pla`) and plain truth tables (`write_truth_tables`) of a spec.

Readers return a `Netlist` of Boolean nodes (BLIF, AIGER, BENCH; ``.to_spec()`` gives the
function, `netlist_circuit` a circuit of Boolean gates) or specs (PLA with its don't-cares,
truth tables).  Every reader error is an InputError naming the file, the line, the bad value
and what was expected.
"""

from minckt.core.formats.aiger import parse_aiger, read_aiger, write_aiger
from minckt.core.formats.bench import parse_bench, read_bench, write_bench
from minckt.core.formats.blif import parse_blif, read_blif, write_blif
from minckt.core.formats.circuits import netlist_circuit
from minckt.core.formats.expand import MAX_EXPANDED_INPUTS, boolean_netlist
from minckt.core.formats.files import (
    CIRCUIT_SUFFIXES, FUNCTION_SUFFIXES, computed, read_circuit, read_function
)
from minckt.core.formats.netlist import Netlist, Node
from minckt.core.formats.pla import (
    parse_pla, parse_pla_outputs, read_pla, read_pla_outputs, write_pla
)
from minckt.core.formats.truth import parse_truth_tables, read_truth_tables, write_truth_tables
from minckt.core.formats.verilog import write_verilog

__all__ = [
    "MAX_EXPANDED_INPUTS", "Netlist", "Node", "boolean_netlist", "netlist_circuit",
    "write_blif", "parse_blif", "read_blif",
    "write_aiger", "parse_aiger", "read_aiger",
    "write_bench", "parse_bench", "read_bench",
    "write_verilog",
    "write_pla", "parse_pla", "parse_pla_outputs", "read_pla", "read_pla_outputs",
    "write_truth_tables", "parse_truth_tables", "read_truth_tables",
    "CIRCUIT_SUFFIXES", "FUNCTION_SUFFIXES", "read_circuit", "read_function", "computed",
]
