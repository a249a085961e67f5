"""``minckt verify CIRCUIT``: check and measure a circuit the user brings.

The circuit is read from JSON (`Circuit.to_json`), BLIF, AIGER (``.aag``/``.aig``) or BENCH
(`minckt.core.formats`; those three as Boolean gates), then checked against a function
given as in ``minckt solve`` (FUNCTION --n N, --table HEX --n N, --param) or read from a
file (``--against``: PLA, a truth-table file's first line, or another circuit file) by the
same evaluator as every answer of minckt, and its resources printed.  Exit status 0 when it
computes the function, 1 when it does not (the first wrong row is printed), 2 for a user
error.  Without a function it prints what the circuit computes."""

from __future__ import annotations

import argparse
from typing import TextIO

from minckt.cli.common import function_values
from minckt.errors import InputError

__all__ = ["run", "EXIT_WRONG"]

#: The exit status of a circuit that does not compute the function.
EXIT_WRONG = 1


def _spec(args: argparse.Namespace):
    from minckt.core.formats import read_function

    if args.against is not None:
        if args.function or args.table or args.n is not None or args.param:
            raise InputError("give the function as flags or with --against FILE, not both")
        return read_function(args.against)
    if args.function is None and args.table is None and args.n is None:
        return None
    from minckt.io.instances import question_instance

    values, flags = function_values(args.function, args.table, args.n, args.param)
    values["name"] = args.function or "table"
    return question_instance(values, flags).spec


def run(args: argparse.Namespace, out: TextIO) -> int:
    from minckt.core.formats import computed, read_circuit
    from minckt.core.problem import GateModel, Limits
    from minckt.verify.check import first_mismatch, verify

    circuit = read_circuit(args.circuit)
    spec = _spec(args)
    model = None
    if args.gate is not None:
        model = GateModel(args.gate, args.resolution or 1)
        bad = [g.id for g in circuit.gates if not model.allows(g)]
        if bad:
            raise InputError(f"{args.circuit}: gate {bad[0]} is not a {args.gate} gate "
                             f"(--gate {args.gate})")
    print(f"{args.circuit}: {len(circuit.gates)} gate(s) on {circuit.n} input(s), "
          f"{len(circuit.outputs)} output(s)", file=out)
    if spec is None:
        spec = computed(circuit)
        digits = max(1, (1 << circuit.n) // 4)
        print(f"computes: {', '.join(f'0x{t:0{digits}X}' for t in spec.outputs)} (no function "
              "given to check it against)", file=out)
    else:
        if spec.n != circuit.n or spec.num_outputs != len(circuit.outputs):
            raise InputError(f"{args.circuit}: the circuit has {circuit.n} input(s) and "
                             f"{len(circuit.outputs)} output(s); the function has {spec.n} and "
                             f"{spec.num_outputs}")
        wrong = first_mismatch(spec, circuit)
        if wrong is not None:
            row, output, expected, got = wrong
            bits = "".join(str((row >> i) & 1) for i in range(spec.n))
            print(f"WRONG: on row {row} (x1..x{spec.n} = {bits}) output {output + 1} is "
                  f"{int(got)}, expected {int(expected)}", file=out)
            return EXIT_WRONG
        print(f"computes {spec.name or 'the function'} on every care row "
              f"({len(spec.care_rows)} of {1 << spec.n})", file=out)
    metrics = verify(spec, circuit, Limits(conditional=circuit.conditional), model)
    print("resources: " + ", ".join(f"{k} {v}" for k, v in metrics.to_json().items()),
          file=out)
    return 0
