"""Tests for minckt.core.formats: every writer checked by real tools, every reader on files
real tools wrote, round trips, and errors that name file and line.

The truth each export must compute is `Circuit.output_values()` on all 2^n rows (the
evaluator, docs/guide/semantics.md#gates-and-circuits), and for circuits from the search also
the spec.  Independent readers check it: ABC (``berkeley-abc``) reads BLIF, binary AIGER,
BENCH, PLA and truth tables and prints each output's table; Yosys reads ASCII and binary
AIGER and the Verilog, and maps the Verilog to gates; Icarus Verilog simulates the Verilog
and Yosys's netlists on every row; cirbo reads the BENCH.  A test whose tool is missing
skips, saying which (``.ci/run`` installs them from Debian).  Expected PLA sets are worked
out by hand in the comments.
"""

from __future__ import annotations

import functools
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from minckt import GateModel, Limits, Spec, family, minimize
from minckt.core.circuit import Circuit, Gate, threshold_gate
from minckt.core.formats import (
    Netlist, boolean_netlist, netlist_circuit, parse_aiger, parse_bench, parse_blif,
    parse_pla, parse_pla_outputs, parse_truth_tables, read_aiger, read_bench, read_blif,
    read_pla, read_truth_tables, write_pla, write_truth_tables
)
from minckt.core.formats.verilog import verilog_width
from minckt.core.spec import bits_to_int
from minckt.errors import InputError
from minckt.verify.check import verify

DATA = Path(__file__).resolve().parents[1] / "data" / "peers"
ABC = shutil.which("berkeley-abc") or shutil.which("abc")


def tool(name: str | None, package: str) -> str:
    """The path of a tool, or a skip saying how to install it."""
    if name is None or shutil.which(name) is None:
        pytest.skip(f"{package} is not installed (apt-get install {package})")
    return shutil.which(name)


def run(command: list[str], cwd: Path) -> str:
    """A tool's output; a failure shows what it printed."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    return done.stdout


def tables(circuit: Circuit) -> tuple[int, ...]:
    """Each output's truth table by the evaluator."""
    return tuple(bits_to_int(row) for row in circuit.output_values())


# -- the circuits ---------------------------------------------------------------------------

def guarded_parity4() -> Circuit:
    """PARITY4 with guards, as minimize(family("PARITY", 4), "evaluated",
    Limits(conditional=True, size=4)) found it (3 gates evaluated per row)."""
    gates = (threshold_gate("g1", {"x1": -1, "x2": -1, "x3": -1, "x4": 1}, 0),
             Gate("g2", (("x2", 1), ("x3", 1), ("x4", -1)), 0, guard=("g1", 1)),
             Gate("g3", (("x1", 1), ("x2", 1), ("x3", 1), ("x4", -1)), 3, guard=("g1", 0)),
             Gate("g4", (("x1", -1), ("x2", -1), ("x3", -1), ("x4", 1), ("g1", -2),
                         ("g3", 2)), -1, guard=("g2", 0)))
    return Circuit(4, gates, ("g4",))


def mixed() -> Circuit:
    """Every kind at once: a ReLU of values 0..3 read by later gates, a guard on 0 and on 1,
    a sigmoid of four breakpoints (two equal) and a threshold, a guarded Boolean gate over a
    threshold gate, an output gate read later, two outputs on one gate, constant outputs."""
    gates = (Gate("h1", (("x1", 1), ("x2", 1), ("x3", 1)), 0, kind="relu", resolution=3),
             threshold_gate("t1", {"x1": 1, "x2": -1}, 0),
             Gate("h2", (("h1", 2), ("x3", -3)), 1, kind="relu", resolution=2,
                  guard=("t1", 0)),
             Gate("s1", (("h1", 1), ("h2", 1), ("x1", -1)), 1, kind="sigmoid",
                  breakpoints=(-1, 0, 0, 2)),
             Gate("b1", (("t1", 1), ("x3", 1)), kind="boolean", table=0x6, guard=("s1", 1)),
             threshold_gate("zero", {}, 1), threshold_gate("one", {}, 0))
    return Circuit(3, gates, ("b1", "t1", "s1", "zero", "one", "t1"))


def huge() -> Circuit:
    """Weights past int64 (the memorizing constructions' kind): evaluated exactly."""
    big = 1 << 62
    gates = (threshold_gate("g1", {"x1": big, "x2": 2 * big, "x3": -big}, big),
             Gate("g2", (("g1", 1 << 70), ("x3", -(1 << 70)), ("x2", 1)), -1, kind="relu",
                  resolution=2))
    return Circuit(3, gates, ("g2", "g1"))


@functools.lru_cache(maxsize=None)
def searched() -> dict[str, tuple[Circuit, Spec]]:
    """Circuits from the search, each with its spec (each found in well under a second)."""
    questions = {
        "aig": (family("MAJ", 3), GateModel("aig")),
        "mig": (family("MAJ", 3), GateModel("mig")),
        "xaig": (family("PARITY", 3), GateModel("xaig")),
        "full2": (Spec.from_table("0xCA", 3), GateModel("full2")),
        "full2-2out": (Spec.from_table(["0x6", "0x8"], 2), GateModel("full2")),
        "threshold": (Spec.from_table(["0x96", "0xE8"], 3), GateModel("threshold")),
        "relu2": (family("PARITY", 3), GateModel("relu", resolution=2)),
        "sigmoid2": (family("PARITY", 3), GateModel("sigmoid", resolution=2)),
    }
    found = {}
    for name, (spec, model) in questions.items():
        result = minimize(spec, "size", Limits(), model=model)
        found[name] = (result.circuit, spec)
    return found


def circuits() -> dict[str, Circuit]:
    """Every circuit the writers are checked on."""
    found = {name: circuit for name, (circuit, _) in searched().items()}
    found.update({"guarded-parity4": guarded_parity4(), "mixed": mixed(), "huge": huge()})
    return found


def test_the_circuits_compute_what_they_claim():
    for circuit, spec in searched().values():
        verify(spec, circuit)
    verify(family("PARITY", 4), guarded_parity4(), Limits(conditional=True))
    assert huge().exact()
    # mixed(): outputs 4 and 5 are the constants 0 and 1; outputs 2 and 6 are one gate
    values = tables(mixed())
    assert values[3] == 0 and values[4] == 0xFF and values[1] == values[5]


# -- writers, read back by minckt's own readers ----------------------------------------------

@pytest.mark.parametrize("name", sorted(circuits()))
def test_every_writer_reads_back_to_the_circuits_function(name):
    circuit = circuits()[name]
    expected = tables(circuit)
    assert boolean_netlist(circuit).to_spec().outputs == expected
    assert parse_blif(circuit.to_blif()).to_spec().outputs == expected
    assert parse_aiger(circuit.to_aiger()).to_spec().outputs == expected
    assert parse_aiger(circuit.to_aiger(binary=True)).to_spec().outputs == expected
    assert parse_bench(circuit.to_bench()).to_spec().outputs == expected
    # a file's Boolean gates, back as a circuit, pass the evaluator alone
    assert tables(netlist_circuit(parse_blif(circuit.to_blif()))) == expected


def test_boolean_gates_are_written_gate_for_gate():
    aig, _ = searched()["aig"]
    # each aig gate is one .names of two inputs, one AND, one named BENCH gate
    assert circuit_names(aig.to_blif()) == len(aig.gates) + 1  # + the output's buffer
    assert int(aig.to_aiger().split()[5]) == len(aig.gates)  # the header's A
    assert parse_bench(aig.to_bench()).counted == len(aig.gates)
    mig, _ = searched()["mig"]
    assert "MAJ(x1, x2, x3)" in mig.to_text() and circuit_names(mig.to_blif()) == 2


def circuit_names(blif: str) -> int:
    return sum(line.startswith(".names") for line in blif.splitlines())


def test_a_wide_gate_is_refused_by_the_table_formats_not_by_verilog():
    wide = Circuit(17, (threshold_gate("wide", {f"x{i + 1}": 1 for i in range(17)}, 9),),
                   ("wide",))
    for write in (wide.to_blif, wide.to_aiger, wide.to_bench):
        with pytest.raises(InputError, match="'wide' .* 17 source bits.* at most 16"):
            write()
    assert "s_1 >= 6'sd9" in wide.to_verilog()


def test_a_boolean_gate_over_a_many_valued_gate_is_refused():
    circuit = Circuit(2, (Gate("r", (("x1", 2), ("x2", 1)), 0, kind="relu", resolution=3),
                          Gate("b", (("r", 1), ("x2", 1)), kind="boolean", table=0x8)), ("b",))
    for write in (circuit.to_blif, circuit.to_verilog):
        with pytest.raises(InputError, match="'b': a Boolean gate reads"):
            write()


def test_verilog_width_holds_every_sum():
    # parity3 relu: g2 = relu[3x1 + 3x2 + 3x3 - 3g1, clip 0..2]: |sum| <= 9 + 3*2 = 15
    assert verilog_width(huge()) == ((1 << 71) + 2).bit_length() + 1
    with pytest.raises(InputError, match="module name '1x'"):
        huge().to_verilog(module="1x")



@st.composite
def random_circuits(draw) -> Circuit:
    """Small circuits of every kind: weights in [-3, 3], ReLU and sigmoid gates of up to 3
    levels read by later gates, Boolean gates over 0/1 sources, guards on 0 and on 1."""
    n = draw(st.integers(1, 3))
    gates: list[Gate] = []
    binary = [f"x{i + 1}" for i in range(n)]  # sources whose values are 0 and 1
    for j in range(draw(st.integers(1, 3))):
        every = [f"x{i + 1}" for i in range(n)] + [g.id for g in gates]
        guard = None
        if gates and draw(st.booleans()):
            guard = (draw(st.sampled_from([g.id for g in gates])), draw(st.integers(0, 1)))
        kind = draw(st.sampled_from(["threshold", "relu", "sigmoid", "boolean"]))
        if kind == "boolean":
            sources = draw(st.lists(st.sampled_from(binary), unique=True, max_size=3))
            gate = Gate(f"g{j + 1}", tuple((s, 1) for s in sources), kind="boolean",
                        table=draw(st.integers(0, (1 << (1 << len(sources))) - 1)),
                        guard=guard)
        else:
            sources = draw(st.lists(st.sampled_from(every), unique=True, max_size=4))
            weights = tuple((s, draw(st.integers(-3, 3).filter(bool))) for s in sources)
            levels = draw(st.integers(1, 3))
            steps = tuple(sorted(draw(st.lists(st.integers(-4, 4), min_size=levels,
                                               max_size=levels))))
            gate = Gate(f"g{j + 1}", weights, draw(st.integers(-4, 4)), kind=kind,
                        resolution=levels, breakpoints=steps if kind == "sigmoid" else (),
                        guard=guard)
        gates.append(gate)
        if kind in ("threshold", "boolean") or levels == 1:
            binary.append(gate.id)
    outputs = draw(st.lists(st.sampled_from([g.id for g in gates]), min_size=1, max_size=2))
    return Circuit(n, tuple(gates), tuple(outputs))


@settings(max_examples=60, deadline=None)
@given(random_circuits())
def test_random_circuits_read_back_to_their_function(circuit):
    expected = tables(circuit)
    assert boolean_netlist(circuit).to_spec().outputs == expected
    assert parse_blif(circuit.to_blif()).to_spec().outputs == expected
    assert parse_aiger(circuit.to_aiger(binary=True)).to_spec().outputs == expected
    assert parse_bench(circuit.to_bench()).to_spec().outputs == expected

# -- the real tools --------------------------------------------------------------------------

def abc_tables(abc: str, folder: Path, script: str, outputs: int) -> list[int]:
    """The tables ABC prints (``&print_truth``) after a script of one read."""
    printed = run([abc, "-q", f"{script}; strash; &get; &print_truth"], folder)
    found = [int(v, 16) for v in re.findall(r"Output\s+\d+\s*:\s*0x([0-9A-Fa-f]+)", printed)]
    assert len(found) == outputs, (script, printed)
    return found


def masked(values: list[int], n: int) -> tuple[int, ...]:
    """ABC prints tables of n < 2 inputs repeated up to one hex digit."""
    return tuple(v & ((1 << (1 << n)) - 1) for v in values)


def test_abc_reads_every_blif_aiger_and_bench(tmp_path):
    abc = tool(ABC, "berkeley-abc")
    for name, circuit in circuits().items():
        (tmp_path / f"{name}.blif").write_text(circuit.to_blif())
        (tmp_path / f"{name}.aig").write_bytes(circuit.to_aiger(binary=True))
        (tmp_path / f"{name}.bench").write_text(circuit.to_bench())
        m = len(circuit.outputs)
        for suffix in ("blif", "aig", "bench"):
            got = abc_tables(abc, tmp_path, f"read {name}.{suffix}", m)
            assert masked(got, circuit.n) == tables(circuit), (name, suffix)


def bench_module(modules: dict[str, tuple[int, int]]) -> str:
    """A Verilog module that drives each named module (n inputs, m outputs, ports x1..,
    y1..) through all its rows and prints "name row y_m..y_1"."""
    lines, steps = ["module tb;", "  integer r;"], []
    for name, (n, m) in modules.items():
        ports = [f".x{i + 1}(x_{name}[{i}])" for i in range(n)] + \
            [f".y{k + 1}(y_{name}[{k}])" for k in range(m)]
        lines += [f"  reg [{max(n, 1) - 1}:0] x_{name};", f"  wire [{m - 1}:0] y_{name};",
                  f"  {name} dut_{name}({', '.join(ports)});"]
        steps.append(f"    for (r = 0; r < {1 << n}; r = r + 1) begin x_{name} = r; #1; "
                     f'$display("{name} %0d %b", r, y_{name}); end')
    return "\n".join(lines + ["  initial begin"] + steps + ["    $finish;", "  end",
                                                            "endmodule"]) + "\n"


def simulate(folder: Path, sources: list[Path], modules: dict[str, tuple[int, int]]
             ) -> dict[str, tuple[int, ...]]:
    """Each module's output tables, by Icarus Verilog on every row."""
    iverilog, vvp = tool("iverilog", "iverilog"), tool("vvp", "iverilog")
    (folder / "tb.v").write_text(bench_module(modules))
    run([iverilog, "-g2005", "-o", "sim.vvp", "tb.v"] + [str(s) for s in sources], folder)
    found = {name: [0] * m for name, (_, m) in modules.items()}
    for line in run([vvp, "-n", "sim.vvp"], folder).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in found:
            for k, bit in enumerate(reversed(parts[2])):
                assert bit in "01", line
                found[parts[0]][k] |= int(bit) << int(parts[1])
    return {name: tuple(values) for name, values in found.items()}


def named(prefix: str) -> dict[str, Circuit]:
    return {f"{prefix}{j}": c for j, c in enumerate(circuits().values())}


def simulated(tmp_path, modules: dict[str, Circuit]) -> dict:
    """Icarus's tables of every circuit of `modules`, each exported as its Verilog module."""
    sources = []
    for name, circuit in modules.items():
        sources.append(tmp_path / f"{name}.v")
        sources[-1].write_text(circuit.to_verilog(module=name))
    return simulate(tmp_path, sources, {k: (c.n, len(c.outputs)) for k, c in modules.items()})


def test_icarus_simulates_every_verilog_export(tmp_path):
    modules = named("c")
    got = simulated(tmp_path, modules)
    for name, circuit in modules.items():
        assert got[name] == tables(circuit), name
    for circuit, spec in searched().values():  # and the spec on its care rows
        assert tables(circuit) == spec.outputs



def seeded_circuit(seed: int) -> Circuit:
    """A random circuit of every kind (the shapes of `random_circuits`), from a seed."""
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    gates: list[Gate] = []
    binary = [f"x{i + 1}" for i in range(n)]
    for j in range(rng.randint(1, 4)):
        every = [f"x{i + 1}" for i in range(n)] + [g.id for g in gates]
        guard = (rng.choice(gates).id, rng.randint(0, 1)) if gates and rng.random() < 0.4 \
            else None
        kind = rng.choice(["threshold", "relu", "sigmoid", "boolean"])
        levels = rng.randint(1, 3)
        if kind == "boolean":
            sources = rng.sample(binary, min(len(binary), rng.randint(0, 3)))
            gate = Gate(f"g{j + 1}", tuple((s, 1) for s in sources), kind="boolean",
                        table=rng.randrange(1 << (1 << len(sources))), guard=guard)
        else:
            sources = rng.sample(every, min(len(every), rng.randint(1, 4)))
            gate = Gate(f"g{j + 1}", tuple((s, rng.choice([-3, -2, -1, 1, 2, 3]))
                                           for s in sources), rng.randint(-4, 4), kind=kind,
                        resolution=levels, guard=guard,
                        breakpoints=tuple(sorted(rng.randint(-4, 4) for _ in range(levels)))
                        if kind == "sigmoid" else ())
        gates.append(gate)
        if kind in ("threshold", "boolean") or levels == 1:
            binary.append(gate.id)
    outputs = rng.sample([g.id for g in gates], min(len(gates), 2))
    return Circuit(n, tuple(gates), tuple(outputs))


def test_icarus_simulates_random_circuits(tmp_path):
    modules = {f"r{seed}": seeded_circuit(seed) for seed in range(40)}
    got = simulated(tmp_path, modules)
    for name, circuit in modules.items():
        assert got[name] == tables(circuit), (name, circuit.to_text())


def test_yosys_reads_the_verilog_and_its_gates_simulate_the_same(tmp_path):
    yosys = tool("yosys", "yosys")
    modules = named("c")
    script = []
    for name, circuit in modules.items():
        (tmp_path / f"{name}.v").write_text(circuit.to_verilog(module=name))
        script.append(f"read_verilog {name}.v")
    renames = [f"rename {name} s{name[1:]}" for name in modules]
    run([yosys, "-q", "-p", "; ".join(script + ["proc", "opt"] + renames +
                                       ["techmap", "opt", "write_verilog -noattr gates.v"])],
        tmp_path)
    mapped = {f"s{name[1:]}": (c.n, len(c.outputs)) for name, c in modules.items()}
    got = simulate(tmp_path, [tmp_path / "gates.v"], mapped)
    for name, circuit in modules.items():
        assert got[f"s{name[1:]}"] == tables(circuit), name


def test_yosys_reads_ascii_and_binary_aiger(tmp_path):
    yosys = tool("yosys", "yosys")
    script, modules = [], {}
    for j, circuit in enumerate(circuits().values()):
        (tmp_path / f"a{j}.aag").write_text(circuit.to_aiger())
        (tmp_path / f"b{j}.aig").write_bytes(circuit.to_aiger(binary=True))
        script += [f"read_aiger -module_name a{j} a{j}.aag",
                   f"read_aiger -module_name b{j} b{j}.aig"]
        modules[f"a{j}"] = modules[f"b{j}"] = (circuit.n, len(circuit.outputs))
    run([yosys, "-q", "-p", "; ".join(script + ["write_verilog -noattr aigs.v"])], tmp_path)
    got = simulate(tmp_path, [tmp_path / "aigs.v"], modules)
    for j, circuit in enumerate(circuits().values()):
        assert got[f"a{j}"] == got[f"b{j}"] == tables(circuit), j


def test_cirbo_reads_every_bench(tmp_path):
    cirbo = pytest.importorskip("cirbo.core.circuit", reason="cirbo is not installed "
                                "(pip install cirbo)")
    for name, circuit in circuits().items():
        theirs = cirbo.Circuit.from_bench_string(circuit.to_bench())
        assert theirs.inputs == [f"x{i + 1}" for i in range(circuit.n)]
        got = [0] * len(circuit.outputs)
        for row in range(1 << circuit.n):
            values = theirs.evaluate([bool((row >> i) & 1) for i in range(circuit.n)])
            for k, value in enumerate(values):
                got[k] |= int(value) << row
        assert tuple(got) == tables(circuit), name


def test_abc_reads_the_truth_tables_and_the_pla(tmp_path):
    abc = tool(ABC, "berkeley-abc")
    # ABC reads the lines as the outputs of one network: one n for all
    specs = [Spec.from_table(t, 4) for t in ("0x8EC8", "0x6996", "0xFFFE", "0x0001")]
    (tmp_path / "t.txt").write_text(write_truth_tables(specs))
    got = abc_tables(abc, tmp_path, "read_truth -f t.txt", len(specs))
    assert got == [s.outputs[0] for s in specs]
    adder = Spec.from_table(["0x96", "0xE8"], 3)
    (tmp_path / "f.pla").write_text(write_pla(adder))
    assert abc_tables(abc, tmp_path, "read_pla f.pla", 2) == list(adder.outputs)


# -- readers, on files the tools wrote -------------------------------------------------------

FUNCTIONS = [Spec.from_table(t, 4) for t in ("0x8EC8", "0x6996", "0x0001", "0xFFFF")] + \
    [Spec.from_table(["0x96", "0xE8"], 3), family("MAJ", 5)]


def test_readers_read_what_abc_writes(tmp_path):
    abc = tool(ABC, "berkeley-abc")
    for j, spec in enumerate(FUNCTIONS):
        (tmp_path / f"t{j}.txt").write_text(" ".join(spec.hex()).replace("0x", "")
                                             .replace(" ", "\n") + "\n")
        run([abc, "-q", f"read_truth -f t{j}.txt; write_blif s{j}.blif; write_pla s{j}.pla; "
             f"strash; write_blif a{j}.blif; write_bench a{j}.bench; write_aiger a{j}.aig"],
            tmp_path)
        for read in (read_blif(tmp_path / f"s{j}.blif"), read_blif(tmp_path / f"a{j}.blif"),
                     read_bench(tmp_path / f"a{j}.bench"), read_aiger(tmp_path / f"a{j}.aig")):
            assert read.to_spec().outputs == spec.outputs, (j, read.source)
        assert read_pla(tmp_path / f"s{j}.pla") == spec


def test_readers_read_the_ascii_aiger_yosys_writes(tmp_path):
    yosys = tool("yosys", "yosys")
    (tmp_path / "f.v").write_text("module f(input a, input b, input c, output y, output z);\n"
                                  "  assign y = (a & b) | (a & c) | (b & c);\n"
                                  "  assign z = ~(a ^ b ^ c);\nendmodule\n")
    run([yosys, "-q", "-p", "read_verilog f.v; synth -top f; aigmap; "
         "write_aiger -ascii -symbols f.aag"], tmp_path)
    netlist = read_aiger(tmp_path / "f.aag")
    order = [netlist.inputs.index(name) for name in ("a", "b", "c")]
    spec = netlist.to_spec()
    expected = {"y": family("MAJ", 3).outputs[0], "z": 0x69}
    for k, label in enumerate(netlist.output_names):
        assert permuted(spec.outputs[k], order) == expected[label]


def permuted(table: int, order: list[int]) -> int:
    """The table read with input i of the file as input order[i] (a, b, c = x1, x2, x3)."""
    result = 0
    for row in range(1 << len(order)):
        mine = sum(((row >> k) & 1) << order[k] for k in range(len(order)))
        result |= ((table >> mine) & 1) << row
    return result


def test_recorded_peer_benches_read():
    maj = read_bench(DATA / "abc_exact_aig_maj3.bench")
    assert maj.to_spec().outputs == family("MAJ", 3).outputs and maj.counted == 4
    rand = read_bench(DATA / "cirbo_rand4_xaig.bench")
    assert rand.to_spec().outputs == (0x8EC8,) and rand.counted == 6


# -- round trips: in -> out -> in ------------------------------------------------------------

def test_blif_aiger_bench_round_trip_through_circuits():
    blif = ("# out of order, an off-set cover, a continuation, a repeated input\n"
            ".model t\n.inputs a b \\\n c\n.outputs y z\n"
            ".names n1 c y\n1- 1\n-1 1\n.names a b n1\n11 1\n"
            ".names a a b z\n1-1 0\n.end\n")
    netlist = parse_blif(blif)
    # y = ab + c; z = NOT(a AND b): rows x1 + 2x2 + 4x3
    expected = (sum(1 << r for r in range(8) if (r & 3) == 3 or r & 4),
                sum(1 << r for r in range(8) if (r & 3) != 3))
    assert netlist.to_spec().outputs == expected
    circuit = netlist_circuit(netlist)
    assert tables(circuit) == expected
    for again in (parse_blif(circuit.to_blif()), parse_aiger(circuit.to_aiger()),
                  parse_aiger(circuit.to_aiger(binary=True)), parse_bench(circuit.to_bench())):
        assert again.to_spec().outputs == expected
    assert tables(netlist_circuit(again)) == expected


def test_aiger_constants_inverted_outputs_and_inputs_as_outputs():
    # y1 = 0, y2 = 1, y3 = NOT x1, y4 = x2, y5 = x1 AND NOT x2 (and 6 = 2 & NOT 4)
    text = "aag 3 2 0 5 1\n2\n4\n0\n1\n3\n4\n6\n6 2 5\ni0 p\no4 q\nc\nnote\n"
    netlist = parse_aiger(text, "t.aag")
    assert netlist.inputs == ("p", "x2") and netlist.output_names[4] == "q"
    expected = (0x0, 0xF, 0x5, 0xC, 0x2)
    assert netlist.to_spec().outputs == expected
    circuit = netlist_circuit(netlist)
    assert tables(circuit) == expected
    assert parse_aiger(circuit.to_aiger(binary=True)).to_spec().outputs == expected
    assert circuit.to_aiger().splitlines()[3:8] == ["0", "1", "3", "4", "6"]


def test_cirbo_bench_round_trips():
    netlist = read_bench(DATA / "cirbo_rand4_xaig.bench")
    circuit = netlist_circuit(netlist, prefix="p_")
    assert [g.id for g in circuit.gates][:2] == ["p_s4", "p_s5"]
    again = parse_bench(circuit.to_bench())
    assert again.to_spec() == netlist.to_spec() and again.counted == 6
    # n-ary gates and constants in cirbo's and ABC's spellings
    text = ("INPUT(a)\nINPUT(b)\nINPUT(c)\nOUTPUT(o1)\nOUTPUT(o2)\nOUTPUT(o3)\nOUTPUT(o4)\n"
            "o1 = AND(a, b, c)\no2 = XNOR(a, b, c)\nt = ALWAYS_TRUE()\no3 = NOR(t, a)\n"
            "o4 = vdd\n")
    assert parse_bench(text).to_spec().outputs == (0x80, 0x69, 0x00, 0xFF)


@settings(max_examples=40, deadline=None)
@example((4, [0x0B00], None))  # written "0B00": hex, not the binary table "00"
@given(st.integers(0, 5).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.integers(0, (1 << (1 << n)) - 1), min_size=1, max_size=3),
    st.none() | st.integers(0, (1 << (1 << n)) - 1))))
def test_pla_and_truth_tables_round_trip(case):
    n, outputs, care = case
    spec = Spec(n, tuple(outputs), care=care)
    assert parse_pla(write_pla(spec)) == spec
    assert parse_pla_outputs(write_pla(spec)) == tuple(
        Spec(n, (t,), care=care) for t in spec.outputs)
    total = Spec(n, tuple(outputs))
    assert parse_truth_tables(write_truth_tables([total, total]), n=n) == [total, total]
    if n >= 2:
        assert parse_truth_tables(write_truth_tables([total])) == [total]


# -- PLA semantics, worked out by hand ------------------------------------------------------

def pla(kind: str, cubes: str) -> str:
    return f".i 2\n.o 1\n.ilb a b\n.ob f\n.type {kind}\n{cubes}.e\n"


@pytest.mark.parametrize("kind, cubes, outputs, care", [
    # rows r = a + 2b; "1- 1" is rows 1, 3; "-1 -" rows 2, 3; "00 0" row 0
    ("f", "1- 1\n-1 -\n00 0\n", 0b1010, None),        # only the 1s count; the rest is OFF
    ("fd", "1- 1\n-1 -\n00 0\n", 0b0010, 0b0011),     # 3 is ON and DC: a don't-care
    ("fr", "1- 1\n00 0\n", 0b1010, 0b1011),           # row 2 in no set: a don't-care
    ("fdr", "1- 1\n-1 -\n00 0\n", None, None),        # row 3 ON and DC: checked below
    ("fdr", "10 1\n01 -\n00 0\n", 0b0010, 0b0011),    # row 3 in no set: a don't-care
    ("r", "00 0\n", 0b1110, None),                    # the OFF-set given, the rest ON
])
def test_pla_types(kind, cubes, outputs, care):
    if outputs is None:
        spec = parse_pla(pla(kind, cubes))  # fdr: a row both ON and DC is a don't-care
        assert (spec.outputs, spec.care) == ((0b0010,), 0b0011)
        return
    assert parse_pla(pla(kind, cubes)) == Spec(2, (outputs,), care=care)


def test_pla_outputs_with_different_dont_cares(tmp_path):
    # output 1: ON at row 3, DC at row 0; output 2: DC at row 3, ON at row 0
    text = ".i 2\n.o 2\n11 1-\n00 -1\n.e\n"
    with pytest.raises(InputError, match=r"<pla>:2: outputs 1 and 2 differ"):
        parse_pla(text)
    first, second = parse_pla_outputs(text)
    assert (first.outputs, first.care) == ((0b1000,), 0b1110)
    assert (second.outputs, second.care) == ((0b0001,), 0b0111)


# -- errors name the file, the line, the value and what was expected -------------------------

BLIF_HEAD = ".model t\n.inputs a b\n.outputs y\n"
ERRORS = [
    ("blif", read_blif, BLIF_HEAD + ".foo 1\n", 4, r"unknown BLIF command '\.foo'; expected"),
    ("blif", read_blif, BLIF_HEAD + ".names a b y\n1x 1\n", 5, r"cube '1x': expected 2 "),
    ("blif", read_blif, BLIF_HEAD + ".names a b y\n11 1\n00 0\n", 6,
     "output value 0 after lines ending in 1"),
    ("blif", read_blif, BLIF_HEAD + ".names a q y\n11 1\n", 4, "'y' reads 'q', which is no "),
    ("blif", read_blif, BLIF_HEAD + ".names a z y\n11 1\n.names y z\n1 1\n", 6,
     "'z' reads 'y', which depends on it"),
    ("blif", read_blif, BLIF_HEAD + ".latch a y\n", 4, r"\.latch is not read"),
    ("blif", read_blif, ".model t\n.inputs a\n.outputs w\n.end\n", 3,
     "output 'w' is driven by no input or node"),
    ("blif", read_blif, ".model t\n.inputs a\n.outputs y\n.names a y\n1 1\n\xff\n", 6,
     "is not UTF-8"),
    ("aag", read_aiger, "aag 1 2\n", 1, r"header 'aag 1 2': expected 'aag M I L O A'"),
    ("aag", read_aiger, "aag 1 0 1 0 0\n", 1, "1 latch"),
    ("aag", read_aiger, "aag 1 1 0 1 0\n3\n2\n", 2, "input 0 literal 3: expected an even"),
    ("aag", read_aiger, "aag 2 1 0 1 1\n2\n4\n4 2 9\n", 4, "AND gate 4 2 9: expected"),
    ("aag", read_aiger, "aag 3 1 0 1 1\n2\n4\n4 2 6\n", 4, "reads 'n3', which is no input"),
    ("aag", read_aiger, "aag 1 1 0 1 0\n2\n2\nx0 a\n", 4, "symbol 'x0 a': expected"),
    ("aag", read_aiger, "aag 1 1 0 1 0\n2\n9\n", 3, "output 0 9: expected a literal of at "
     "most 2M \\+ 1 = 3"),
    ("aig", read_aiger, b"aig 2 1 0 1 1\n4\n\x82", 3, "the file ends inside AND gate 0"),
    ("bench", read_bench, "INPUT(a)\nOUTPUT(g)\ng = FROB(a)\n", 3, "unknown gate 'FROB\\(a\\)'"),
    ("bench", read_bench, "INPUT(a)\nOUTPUT(g)\ng = NOT(a, a)\n", 3,
     r"NOT takes 1 source\(s\), got 2"),
    ("bench", read_bench, "INPUT(a)\nOUTPUT(g)\ng = DFF(a)\n", 3, "only combinational"),
    ("bench", read_bench, "INPUT(a)\nOUTPUT(g)\ng = AND(a, h)\n", 3, "'g' reads 'h'"),
    ("bench", read_bench, "INPUT(a)\ng := a\n", 2, "not a BENCH line"),
    ("pla", read_pla, "10 1\n", 1, "before .i and .o"),
    ("pla", read_pla, ".i 2\n.o 1\n1 1\n", 3, r"cube '1 1': expected 2 input and 1 output "
     r"character\(s\), got 2"),
    ("pla", read_pla, ".i 2\n.o 1\n1x 1\n", 3, "input part '1x': expected characters 0"),
    ("pla", read_pla, ".i 2\n.o 1\n11 x\n", 3, "output part 'x': expected characters 0"),
    ("pla", read_pla, ".i 2\n.o 1\n.p 3\n11 1\n", 3, r"\.p 3 but 1 cube\(s\) follow"),
    ("pla", read_pla, ".i 2\n.o 1\n.type fr\n11 1\n1- 0\n", 5, "ON-set and the OFF-set"),
    ("pla", read_pla, ".i 2\n.o 1\n.type q\n", 3, r"'\.type q': expected \.type and one of"),
    ("pla", read_pla, ".mv 3 1 2 2\n", 1, r"keyword '\.mv' is not read"),
    ("pla", read_pla, ".i 21\n", 1, r"'\.i 21': expected '\.i K' with K an integer at most 20"),
    ("pla", read_pla, ".i 2\n.o 1\n.ilb a\n", 3, r"\.ilb names 1 signal\(s\); expected 2"),
    ("txt", read_truth_tables, "E8\nE8F\n", 2, "truth table 'E8F': expected hex digits"),
    ("txt", read_truth_tables, "# c\n0xZZ\n", 2, "not a hexadecimal number"),
    ("txt", read_truth_tables, "E8 8EC8\n", 1, r"tables of \[3, 4\] inputs on one line"),
]


@pytest.mark.parametrize("suffix, read, text, line, message", ERRORS)
def test_reader_errors_name_file_line_and_value(tmp_path, suffix, read, text, line, message):
    path = tmp_path / f"f.{suffix}"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("latin-1"))
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:{line}: .*{message}"):
        read(path)


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read AIGER file"):
        read_aiger(tmp_path / "none.aig")
    with pytest.raises(InputError, match="don't-care rows; a truth-table file holds total"):
        write_truth_tables([Spec.from_table("0x8", 2, care="0xE")])
    with pytest.raises(InputError, match=r"<truth tables>:1: truth table '0xE8': a hex table "
                       r"for n=2 has 1 digit\(s\)"):
        parse_truth_tables("E8\n", n=2)


def test_a_netlist_past_twenty_inputs_has_no_spec():
    names = [f"i{k}" for k in range(21)]
    netlist = Netlist.build(names, [], [names[0]], "wide.blif")
    with pytest.raises(InputError, match="wide.blif: 21 inputs; a truth table holds at most"):
        netlist.to_spec()


SAMPLES = [
    (parse_blif, ".model t\n.inputs a b\n.outputs y z\n.names a b y\n11 1\n.names y b z\n"
                 "1- 0\n.end\n"),
    (parse_aiger, "aag 3 2 0 2 1\n2\n4\n6\n7\n6 2 5\ni0 a\no1 q\nc\nx\n"),
    (parse_bench, "INPUT(a)\nINPUT(b)\nOUTPUT(g)\ng = LUT 0x8 ( a, b )\nh = XOR(a, g)\n"),
    (parse_pla, ".i 2\n.o 2\n.type fr\n.p 2\n1- 10\n01 01\n.e\n"),
    (parse_truth_tables, "E8 96\n8EC8\n"),
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SAMPLES), st.lists(st.tuples(st.integers(0, 10**6),
                                                    st.sampled_from("01-~2 \n.=(),abx9#\\")),
                                          min_size=1, max_size=4))
def test_a_damaged_file_reads_or_is_an_input_error(sample, edits):
    read, text = sample
    for position, char in edits:
        position %= len(text) + 1
        text = text[:position] + char + text[position + 1:]
    try:
        result = read(text)
        for netlist in (result if isinstance(result, list) else [result]):
            if isinstance(netlist, Netlist):
                netlist.to_spec()
    except InputError:
        pass
