"""Structural Verilog (IEEE 1364-2005) of a circuit, every gate kind in integer arithmetic.

One module, ports ``input x1..xn`` and ``output y1..ym``.  Every signal is a signed vector
of W bits, W chosen from the circuit so that nothing overflows: W - 1 bits hold the largest
|value| any weighted sum, pre-activation, threshold or breakpoint can reach (the evaluator's
bound: |t| plus the sum of |w| times the largest value of each source), plus a sign bit.
Gate j (by position; a comment names its id and its rule) has:

* ``s_j`` = Σ w·u over its sources (inputs as 0/1, gates by their value ``v_i``);
* threshold: ``v_j = s_j >= t``;
* ReLU of resolution R: ``z_j = s_j - t``, ``v_j = min(R, max(0, z_j))``;
* sigmoid with breakpoints b_1..b_R: ``z_j = s_j - t``, ``v_j`` = the number of b_q with
  z_j >= b_q;
* Boolean: its table indexed by its sources' activity, the first source the least
  significant bit of the index;
* a guard (g, when): ``v_j`` is 0 unless ``(v_g > 0) == when``;

and ``a_j = v_j > 0``, its activity.  Output k is the activity of its gate.  Constants are
sized signed literals (``W'sd5``), so weights of any size are exact.  Icarus Verilog
simulates the module and Yosys reads it (the tests do both).
"""

from __future__ import annotations

import re

from minckt.core.formats.expand import description, largest_value
from minckt.errors import InputError

__all__ = ["write_verilog", "verilog_width"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


def verilog_width(circuit) -> int:
    """W: the bits of a signed vector that holds every sum, value and constant of the
    circuit exactly (module docstring)."""
    most: dict[str, int] = {f"x{i + 1}": 1 for i in range(circuit.n)}
    reach = 1
    for gate in circuit.gates:
        total = abs(gate.threshold) + sum(abs(w) * most[s] for s, w in gate.weights)
        steps = max((abs(b) for b in gate.breakpoints), default=0)
        reach = max(reach, total, steps, largest_value(gate))
        most[gate.id] = largest_value(gate)
    return reach.bit_length() + 1


def _number(value: int, width: int) -> str:
    """A sized signed literal (a negative one as the negation of its magnitude)."""
    return f"-{width}'sd{-value}" if value < 0 else f"{width}'sd{value}"


def write_verilog(circuit, module: str = "minckt_circuit") -> str:
    """The circuit as a Verilog module (module docstring)."""
    if not _IDENTIFIER.match(module):
        raise InputError(f"Verilog module name {module!r}: expected an identifier (a letter "
                         "or _, then letters, digits, _ or $)")
    width = verilog_width(circuit)
    position = {gate.id: j + 1 for j, gate in enumerate(circuit.gates)}
    ports = [f"input wire x{i + 1}" for i in range(circuit.n)] + \
        [f"output wire y{k + 1}" for k in range(len(circuit.outputs))]
    lines = [f"// {line}" for line in description(circuit)]
    lines += [f"// signals are signed {width}-bit integers: no sum overflows",
              f"module {module} (", ",\n".join(f"    {p}" for p in ports), ");"]
    for i in range(circuit.n):
        lines.append(f"    wire signed [{width - 1}:0] u_x{i + 1} = "
                     f"{{{{{width - 1}{{1'b0}}}}, x{i + 1}}};")

    def value(source: str) -> str:
        return f"v_{position[source]}" if source in position else f"u_{source}"

    def active(source: str) -> str:
        return f"a_{position[source]}" if source in position else source

    most = {gate.id: largest_value(gate) for gate in circuit.gates}
    for j, gate in enumerate(circuit.gates, start=1):
        if gate.kind == "boolean" and any(most.get(s, 1) > 1 for s, _ in gate.weights):
            raise InputError(f"gate {gate.id!r}: a Boolean gate reads a gate whose values go "
                             "past 1; only 0/1 sources have a table export")
        lines.append(f"    // g{j}: gate {gate.id} ({gate.kind})")
        lines.extend(_gate_lines(gate, j, width, value, active))
    for k, out in enumerate(circuit.outputs):
        lines.append(f"    assign y{k + 1} = a_{position[out]};")
    lines.append("endmodule")
    return "\n".join(lines) + "\n"


def _gate_lines(gate, j: int, width: int, value, active) -> list[str]:
    """The declarations of gate j: its sum, value and activity."""
    wide = f"wire signed [{width - 1}:0]"
    zero, one = _number(0, width), _number(1, width)
    lines = []
    if gate.kind == "boolean":
        k = gate.fanin
        index = ", ".join(active(s) for s, _ in reversed(gate.weights))
        lines.append(f"    wire [{(1 << k) - 1}:0] t_{j} = {1 << k}'b{gate.table:0{1 << k}b};")
        pick = f"t_{j}[{{{index}}}]" if k else f"t_{j}[0]"
        result = f"({pick} ? {one} : {zero})"
    else:
        terms = [f"{_number(w, width)} * {value(s)}" for s, w in gate.weights]
        lines.append(f"    {wide} s_{j} = {' + '.join(terms) if terms else zero};")
        if gate.kind == "threshold":
            result = f"((s_{j} >= {_number(gate.threshold, width)}) ? {one} : {zero})"
        else:
            lines.append(f"    {wide} z_{j} = s_{j} - {_number(gate.threshold, width)};")
            result = _activation(gate, j, width)
    if gate.guard is not None:
        guard, when = gate.guard
        result = f"(({active(guard)} == 1'b{when}) ? {result} : {zero})"
    lines.append(f"    {wide} v_{j} = {result};")
    lines.append(f"    wire a_{j} = v_{j} > {zero};")
    return lines


def _activation(gate, j: int, width: int) -> str:
    """A ReLU's clip or a sigmoid's count of breakpoints reached, of z_j."""
    zero, one = _number(0, width), _number(1, width)
    if gate.kind == "relu":
        cap = _number(gate.resolution, width)
        return f"((z_{j} < {zero}) ? {zero} : ((z_{j} > {cap}) ? {cap} : z_{j}))"
    steps = [f"((z_{j} >= {_number(b, width)}) ? {one} : {zero})" for b in gate.breakpoints]
    return " + ".join(steps)
