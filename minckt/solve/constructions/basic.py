"""Plain constructions that compute any spec: upper bounds when a search finds nothing in time.

`detector_circuit` is the classical memorizing construction of depth 2 (one hidden unit per
point of one label, as in Baum, J. Complexity 1988, for points in general position; on the
cube a point p is isolated exactly): for each care row p of the chosen label a *detector*

    d_p = [ sum_{i: p_i = 1} x_i - sum_{i: p_i = 0} x_i >= |p| ]

which is active on row p alone (the sum is at most |p|, with equality only at x = p), so at
most one detector is active on any row; then each output is the OR of the detectors of its
1-rows, or the NOR of those of its 0-rows when those are fewer (single output).  Weights are
±1, depth 2, energy at most 2, size (number of detectors) + outputs.

`cascade_circuit` reads the care rows in the order of their index r = sum_i 2^(i-1) x_i
(a threshold function of the inputs with weights 2^(i-1)): for each place c_k where the
label changes along that order a gate h_k = [r >= c_k]; the gates are nested (h_1 >= h_2
>= ...), so f = f(first row) XOR (the number of active h_k is odd), and the output gate
[sum_k (-1)^(k+1) h_k >= 1] (or its complement) computes it.  Size = changes + 1, depth 2,
weights up to 2^(n-1); single output, gates of one level (threshold, R = 1) only.
`minckt.solve.constructions.best_construction` takes the smallest.

`copy_network` is the shape of a network (`Limits.layers`, `outputs_read`) filled the plain
way: the first hidden layer copies every essential input, each later hidden layer without
skip copies the layer before, and each output is one gate over the last copies -- when each
output is a threshold function of the inputs on the care set (found by a small CP-SAT model,
as `minckt.solve.polish` does, with weights up to what the fan-in needs).  The pairwise ANDs are
such outputs: [x_i + x_j >= 2].  It is the first circuit of a walk over a shaped question
(a search then needs no solver to find one, which took CNF 20 s for the pairwise ANDs of 5
inputs under k = 3), and the fallback like the others.

`read_once_circuit` is for the Boolean bases of 2-input gates: when the function (single
output, every row a care row) is *read-once* over the basis -- it splits as
f = T(g(A), h(B)) with A, B a partition of its essential inputs and T a 2-input table of
the basis, and g and h split again down to single inputs (a disjoint-support
decomposition, as in Ashenhurst's and Bertacco–Damiani's) -- it is the formula of those
splits, m - 1 gates for m essential inputs.  That is the elementary lower bound
(`bounds.trivial`: each 2-input gate joins at most one more input), so a least-size search
needs no solver when it applies (`minckt.solve`).  The split test: with the rows of the
truth table arranged as a 2^|A| x 2^|B| matrix, f = T(g, h) for some g, h and T exactly
when the matrix has two distinct rows and two distinct columns (g says which row an
assignment of A has, h which column an assignment of B has).

`parity_aig_circuit` is the AIG circuit of a parity of m inputs (or its complement): a
balanced tree of XORs, each three AND gates ((u AND NOT v) OR (NOT u AND v), the OR an AND
with inverted operands and output), 3(m - 1) gates, which is Schnorr's lower bound for it
(`bounds.schnorr`), so a least-size search needs no solver there either.

Detectors and cascades of more than `MAX_GATES` gates are not built.
Otherwise they are the fallback of `minckt.solve` only (and `copy_network` a shaped walk's
start): a circuit it returns is verified and reported as FEASIBLE, never as an optimum.  For ReLU and sigmoid models the same gates are written in
that model (a ReLU with bias |p| - 1 outputs 1 on p and 0 elsewhere; sigmoid breakpoints at
the threshold), so the circuit is one of the model's.  With `Limits.conditional` the
greedy transform `minckt.solve.conditional.make_conditional` may guard it to lower `ops`.
"""

from __future__ import annotations

import itertools

import numpy as np

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.core.problem import GateModel, Limits
from minckt.core.points import Points
from minckt.core.spec import Spec, input_matrix

__all__ = ["MAX_GATES", "labelled_points", "detector_circuit", "cascade_circuit", "copy_network", "read_once_circuit",
           "parity_aig_circuit", "READ_ONCE_MAX_INPUTS"]

#: Most gates a detector circuit or a cascade is built with (a total function of 20 inputs
#: would give one detector per row of a label: half a million gates, minutes to verify).
MAX_GATES = 8192

#: Most essential inputs `read_once_circuit` splits (it tries every partition at each split).
READ_ONCE_MAX_INPUTS = 10


def _gate(model: GateModel, gate_id: str, weights: list[tuple[str, int]], threshold: int
          ) -> Gate:
    """A gate of `model` active exactly where z = sum(weights) >= threshold.

    ReLU: clip(z - (t - 1), 0, R) is active iff z >= t, and outputs exactly 1 there on every
    row the construction uses (a detector's sum is at most |p|; an OR's sum is 0 or 1; a
    NOR's is 0 or -1), so readers see 0/1.  Sigmoid: R breakpoints at t, output 0 or R; the
    output gates only compare their sum with 1 (OR) or 0 (NOR), which a source of R meets
    as well as a source of 1.
    """
    if model.kind == "relu":
        return Gate(gate_id, tuple(weights), threshold - 1, kind="relu",
                    resolution=model.resolution)
    if model.kind == "sigmoid":
        return Gate(gate_id, tuple(weights), 0, kind="sigmoid",
                    breakpoints=(threshold,) * model.resolution)
    return Gate(gate_id, tuple(weights), threshold)


def labelled_points(spec: Spec | Points) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, labels): the care rows of a spec, or the points of a point spec, as an
    N x n 0/1 matrix, and the m x N outputs on them."""
    if isinstance(spec, Points):
        return spec.inputs, spec.labels
    rows = spec.care_rows
    return (rows[:, None] >> np.arange(spec.n, dtype=np.int64)) & 1, spec.values[:, rows]


def detector_circuit(spec: Spec | Points, model: GateModel = GateModel()) -> Circuit | None:
    """The depth-2 detector circuit of `spec` (a truth table or a point spec) in `model`
    (module docstring); None for the Boolean bases."""
    if model.is_basis:
        return None
    n, m = spec.n, spec.num_outputs
    if isinstance(spec, Spec):  # count the gates before making the points
        ones = [int(t).bit_count() for t in spec.outputs]
        zeros = len(spec.care_rows) - ones[0]
        if (min(ones[0], zeros) if m == 1 else sum(ones)) + m > MAX_GATES:
            return None
    inputs, values = labelled_points(spec)
    negate = False
    if m == 1:
        negate = int((~values[0]).sum()) < int(values[0].sum())
        points = np.flatnonzero(~values[0] if negate else values[0]).tolist()
    else:
        points = np.flatnonzero(values.any(axis=0)).tolist()
    if len(points) + m > MAX_GATES:
        return None
    gates: list[Gate] = []
    detector: dict[int, str] = {}
    for p in points:
        weights = [(input_name(i), 1 if inputs[p, i] else -1) for i in range(n)]
        gate_id = f"d{len(gates) + 1}"
        gates.append(_gate(model, gate_id, weights, int(inputs[p].sum())))
        detector[p] = gate_id
    outputs = []
    for k in range(m):
        mine = [detector[p] for p in points if negate or values[k, p]]
        gate_id = f"o{k + 1}"
        if negate:  # NOR of the 0-row detectors: active unless one of them is
            gates.append(_gate(model, gate_id, [(d, -1) for d in mine], 0))
        else:
            gates.append(_gate(model, gate_id, [(d, 1) for d in mine], 1))
        outputs.append(gate_id)
    return Circuit(n, tuple(gates), tuple(outputs)).renumbered()


def cascade_circuit(spec: Spec, model: GateModel = GateModel()) -> Circuit | None:
    """The nested-threshold cascade of a single-output spec (module docstring); None for
    several outputs and the Boolean bases, and for multi-level gates (R > 1: a gate
    [r >= c] would output up to R)."""
    if model.is_basis or spec.num_outputs != 1 or model.resolution != 1:
        return None
    rows_array = spec.care_rows
    changes = np.flatnonzero(np.diff(spec.values[0, rows_array].astype(np.int8)))
    if len(changes) + 1 > MAX_GATES:
        return None
    n, rows = spec.n, [int(r) for r in rows_array]
    labels = [bool(spec.values[0, r]) for r in rows]
    cuts = [rows[i + 1] for i in changes.tolist()]
    binary = [(input_name(i), 1 << i) for i in range(n)]
    gates = [_gate(model, f"h{k + 1}", binary, cut) for k, cut in enumerate(cuts)]
    first = labels[0] if labels else False
    odd = [(f"h{k + 1}", 1 if k % 2 == 0 else -1) for k in range(len(cuts))]
    if first:  # f = 1 unless an odd number are active: [-(alternating sum) >= 0]
        gates.append(_gate(model, "out", [(g, -w) for g, w in odd], 0))
    else:
        gates.append(_gate(model, "out", odd, 1))
    return Circuit(n, tuple(gates), ("out",)).renumbered()


def copy_network(spec: Spec, model: GateModel, limits: Limits) -> Circuit | None:
    """The copy network of `spec` in the shape of `limits` (module docstring), or None when
    an output is no threshold function of the inputs on the care set, the layers are too
    narrow, or the model is a Boolean basis.  Unverified: the caller verifies it."""
    import numpy as np

    from minckt.bounds.trivial import essential_inputs
    from minckt.solve.polish import smallest_gate
    from minckt.core.threshold import max_weight_needed

    if model.is_basis or spec.num_outputs != (limits.layers or (spec.num_outputs,))[-1]:
        return None
    essential = essential_inputs(spec)
    hidden = limits.hidden_layers or (len(essential),)
    if len(hidden) > 1 and limits.skip:
        hidden = hidden[:1]  # later layers are skipped over
    if any(width < len(essential) for width in hidden):
        return None
    rows = spec.care_rows
    inputs = ((rows[None, :] >> np.array(essential, dtype=np.int64)[:, None]) & 1)
    gates, last = [], [input_name(i) for i in essential]
    for layer in range(len(hidden)):
        copies = []
        for source in last:
            gate_id = f"c{layer + 1}_{source}"
            if model.kind == "sigmoid":  # a 0/1 copy: breakpoints 1, 2, ..., R on z in {0, 1}
                gates.append(Gate(gate_id, ((source, 1),), 0, kind="sigmoid",
                                  breakpoints=tuple(range(1, model.resolution + 1))))
            else:  # a ReLU clip(x, 0, R) is x
                gates.append(_gate(model, gate_id, [(source, 1)], 1))
            copies.append(gate_id)
        last = copies
    outputs = []
    bound = max_weight_needed(max(len(essential), 1))
    for k in range(spec.num_outputs):
        found = smallest_gate(inputs, spec.values[k, rows], bound) if essential else None
        if found is None:
            if essential or spec.values[k, rows].any() and not spec.values[k, rows].all():
                return None
            found = ([], 1 - int(spec.values[k, rows].all()) if rows.size else 1)
        weights, threshold = found
        gate_id = f"o{k + 1}"
        gates.append(_gate(model, gate_id, list(zip(last, weights)), threshold))
        outputs.append(gate_id)
    return Circuit(spec.n, tuple(gates), tuple(outputs)).renumbered()


def read_once_circuit(spec: Spec, model: GateModel) -> Circuit | None:
    """The read-once formula of `spec` over a basis of 2-input gates (module docstring;
    balanced splits are tried first, so AND 8 comes out at depth 3, not 7), or
    None when the spec is not read-once over it (or has don't cares, several outputs, fewer
    than two or more than `READ_ONCE_MAX_INPUTS` essential inputs).  Unverified: the
    caller verifies it."""
    from minckt.core.bases import BASES
    from minckt.bounds.trivial import essential_inputs

    basis = BASES.get(model.kind)
    if basis is None or basis.arity != 2 or spec.num_outputs != 1 or not spec.is_total:
        return None
    support = essential_inputs(spec)
    if not 2 <= len(support) <= READ_ONCE_MAX_INPUTS:
        return None
    bits = input_matrix(spec.n).astype(np.int64)
    gates: list[Gate] = []

    def key(part: tuple[int, ...]) -> np.ndarray:
        """Each row's assignment of the inputs in `part`, as a number."""
        return sum(bits[i] << k for k, i in enumerate(part))

    def split(part: tuple[int, ...], values: np.ndarray) -> tuple[str, np.ndarray] | None:
        """(node, the function it computes: `values` or its complement) for `values`,
        which depends on every input of `part` and on no other: an input, or a gate over
        the splits of two parts.  The first split whose table the basis has decides: a
        read-once function's g and h are, up to complement, restrictions of it by
        constants, which are read-once over the same basis (inverters are free)."""
        if len(part) == 1:
            return input_name(part[0]), bits[part[0]].astype(bool)
        for size in range(len(part) // 2, 0, -1):  # balanced splits first: less depth
            for left in itertools.combinations(part, size):
                if len(part) == 2 * size and left[0] != part[0]:
                    continue  # each partition once
                right = tuple(i for i in part if i not in left)
                a, b = key(left), key(right)
                matrix = np.zeros((1 << len(left), 1 << len(right)), dtype=bool)
                matrix[a, b] = values
                row_kinds, g = np.unique(matrix, axis=0, return_inverse=True)
                if row_kinds.shape[0] != 2:
                    continue
                col_kinds, h = np.unique(matrix, axis=1, return_inverse=True)
                if col_kinds.shape[1] != 2:
                    continue
                g, h = g.reshape(-1), h.reshape(-1)
                column = [int(np.flatnonzero(h == j)[0]) for j in (0, 1)]
                table = sum(int(row_kinds[q & 1, column[q >> 1]]) << q for q in range(4))
                if not basis.allows(2, table):  # (and with an operand complemented)
                    continue
                first = split(left, g[a].astype(bool))
                second = split(right, h[b].astype(bool)) if first else None
                if first is None or second is None:
                    return None
                (u, gu), (v, gv) = first, second
                table = 0
                for q in range(4):
                    if values[(gu == bool(q & 1)) & (gv == bool(q & 2))][0]:
                        table |= 1 << q
                name = f"g{len(gates) + 1}"
                gates.append(Gate(id=name, weights=((u, 1), (v, 1)), kind="boolean",
                                  table=table))
                return name, values
        return None

    found = split(tuple(support), spec.values[0])
    if found is None:
        return None
    return Circuit(spec.n, tuple(gates), (found[0],))


def parity_aig_circuit(spec: Spec, model: GateModel) -> Circuit | None:
    """The AIG XOR tree of a spec whose single output is the parity of its m >= 2 essential
    inputs or its complement (module docstring), or None.  Unverified: the caller verifies
    it."""
    from minckt.bounds.schnorr import parity_support
    from minckt.bounds.trivial import essential_inputs

    if model.kind != "aig" or spec.num_outputs != 1 or parity_support(spec) is None:
        return None
    support = essential_inputs(spec)
    nodes = [input_name(i) for i in support]
    odd = bool(spec.values[0][1 << support[0]])  # parity, not its complement
    gates: list[Gate] = []

    def gate(table: int, u: str, v: str) -> str:
        name = f"g{len(gates) + 1}"
        gates.append(Gate(id=name, weights=((u, 1), (v, 1)), kind="boolean", table=table))
        return name

    while len(nodes) > 1:
        joined = []
        for k in range(0, len(nodes) - 1, 2):
            u, v = nodes[k], nodes[k + 1]
            last = len(nodes) == 2
            # bit q of a table: operand u is bit 0 of q, v bit 1
            left, right = gate(0b0010, u, v), gate(0b0100, u, v)  # u AND NOT v, NOT u AND v
            joined.append(gate(0b1110 if odd or not last else 0b0001, left, right))  # OR / NOR
        if len(nodes) % 2:
            joined.append(nodes[-1])
        nodes = joined
    return Circuit(spec.n, tuple(gates), (nodes[0],))
