"""Files by their suffix: a circuit (`read_circuit`: JSON, BLIF, AIGER, BENCH) or a function
(`read_function`: a PLA, a truth-table file, or a circuit file read as the function it
computes), as ``minckt verify --against`` and an instance's ``function_file`` take them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from minckt.core.formats.aiger import read_aiger
from minckt.core.formats.bench import read_bench
from minckt.core.formats.blif import read_blif
from minckt.core.formats.circuits import netlist_circuit
from minckt.core.formats.pla import read_pla
from minckt.core.formats.truth import read_truth_tables
from minckt.core.spec import Spec, bits_to_int
from minckt.errors import InputError

if TYPE_CHECKING:
    from minckt.core.circuit import Circuit

__all__ = ["CIRCUIT_SUFFIXES", "TRUTH_SUFFIXES", "FUNCTION_SUFFIXES", "read_circuit",
           "read_function", "computed"]

#: The circuit files `read_circuit` takes, by suffix.
CIRCUIT_SUFFIXES = (".json", ".blif", ".aag", ".aig", ".bench")

#: Plain truth-table files (one hex table per line; the first line is the function).
TRUTH_SUFFIXES = (".txt", ".truth", ".tt")

#: Every file `read_function` takes.
FUNCTION_SUFFIXES = (".pla", *TRUTH_SUFFIXES, *CIRCUIT_SUFFIXES)


def read_circuit(path: str | Path) -> "Circuit":
    """A circuit from a JSON (a circuit, or a result record's), BLIF, AIGER or BENCH file."""
    from minckt.core.circuit import Circuit  # the circuit module imports the formats

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CIRCUIT_SUFFIXES:
        raise InputError(f"{path}: unknown circuit format {suffix or '(no suffix)'!r}; "
                         f"expected one of {', '.join(CIRCUIT_SUFFIXES)}")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise InputError(f"{path}: not a JSON circuit ({err})") from None
        if isinstance(data, dict) and isinstance(data.get("circuit"), dict):
            data = data["circuit"]  # a result record: its circuit
        try:
            return Circuit.from_json(data)
        except InputError as err:
            raise InputError(f"{path}: {err}") from None
    reader = {".blif": read_blif, ".bench": read_bench}.get(suffix, read_aiger)
    return netlist_circuit(reader(path))


def read_function(path: str | Path, name: str = "") -> Spec:
    """The function of a PLA (with its don't-cares), a truth-table file (its first line) or
    a circuit file (the total function the circuit computes, one table per output)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FUNCTION_SUFFIXES:
        raise InputError(f"{path}: unknown function file {suffix or '(no suffix)'!r}; "
                         f"expected one of {', '.join(FUNCTION_SUFFIXES)}")
    if suffix == ".pla":
        spec = read_pla(path)
    elif suffix in TRUTH_SUFFIXES:
        spec = read_truth_tables(path)[0]
    else:
        spec = computed(read_circuit(path))
    return Spec(spec.n, spec.outputs, spec.care, name=name or path.name)


def computed(circuit: "Circuit", name: str = "") -> Spec:
    """The total function `circuit` computes, one table per output."""
    return Spec(circuit.n, tuple(bits_to_int(v) for v in circuit.output_values()), name=name)
