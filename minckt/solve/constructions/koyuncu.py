"""Memorizing networks after Koyuncu (ICLR 2023, arXiv 2303.11247): √N gates without
conditional computation, O(log N) evaluated gates with it, as integer threshold circuits.

Koyuncu shows that N labelled points are memorized by a ReLU network of O(√N) neurons and
O(√N) operations per input, and by a *conditional* network with O(log N) operations per
input, which is optimal (docs/design/papers.md#memorization-koyuncu).  The paper's networks
use real weights and count arithmetic on large scalars as unit cost; the circuits here are
minckt's own realizations on points of the cube, in minckt's gate models, and every one is
verified by the evaluator like any other circuit (docs/studies/memorization.md says what was
adapted).

Both read a point x through its key u = Σ_i 2^(i-1) x_i (the row index: keys of distinct
points are distinct), and both work on the care rows in key order, k_1 < ... < k_N.  Both
take a `Spec` or a point spec (`minckt.core.points.Points`, n past 20); keys are Python
integers, and weights reach 2^(n+1), which the evaluator sums exactly past int64
(`minckt.core.circuit`, exact arithmetic).

`block_circuit` (unconditional, depth 3).  The sorted keys are cut into B consecutive blocks
of L = ⌈N/B⌉ (a short last block is padded with the key 2^n, which no input reaches).
Layer 1 holds the block detectors c_j = [u >= first key of block j] for j = 2..B; they form
a staircase, so any per-block table f_j is the linear form f_1 + Σ_j c_j (f_j - f_(j-1)),
which equals f of the input's block.  With δ_(j,r) = y_(j,r) - y_(j,r-1) (y_(j,0) = 0), the
selector p_r = [u - K_r(c) + M (A_r(c) - 1) >= 0], M = 2^n, K_r and A_r the telescoped key
k_(j,r) and indicator [δ_(j,r) = +1], fires exactly when the input lies at or after place r
of its block and that place raises the label; q_r likewise for [δ_(j,r) = -1].  For the
point at place r* the fired selectors telescope: Σ p - Σ q = Σ_(r <= r*) δ = its label,
and the output is [Σ_r p_r - Σ_r q_r >= 1].  Gates: B - 1 + (selectors used) + 1, about
2√(2N) at the best B (tried around √(2N)); weights up to 2^(n+1).  Every gate is evaluated
on every row, and each selector reads all n inputs and B - 1 detectors: the gate count is
√N, the operation count Θ(N + n√N) in minckt's measure (fan-in + 1 per evaluated gate),
where the paper counts a dot product with a large scalar once.

`search_tree_circuit` (conditional).  The labels in key order form R runs of equal labels.
A balanced binary search over the run boundaries: at a node the keys reaching it are split
between two runs by a comparison [u >= t]; a gate that tests it (A) and one that tests the
complement (B) are evaluated only on rows reaching the node (guard (entry gate, 1): a
skipped gate outputs 0, so a guard on the 0 side of a gate would also run where that gate
was skipped, hence the complement gates).  The comparison reads only the bits in which the
keys reaching the node differ above the lowest bit that separates the two runs (threshold
t with its bits below that one cleared), so deeper nodes read fewer inputs.  A subtree's
answer is carried up by collector gates [left + right >= 1], guarded like the node; a
subtree whose leaves are all 0 needs no gate.  Per row: at most 2 comparisons and one
collector per level of a tree of depth ⌈log2 R⌉ <= ⌈log2 N⌉, so the evaluated gates are
O(log N) and the operations O(n log N) in the comparisons (the first layer) plus O(log N)
in the collectors; gates in all at most 3(R - 1).
"""

from __future__ import annotations

import math

import numpy as np

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.core.problem import GateModel
from minckt.core.points import Points
from minckt.core.spec import Spec

__all__ = ["block_circuit", "search_tree_circuit", "labelled_keys", "BLOCK_TRIALS",
           "BLOCK_POINTS"]

#: Most points `block_circuit` is built for (a memorizing network is no construction for a
#: total function of 20 inputs: 2,900 gates each evaluated on a million rows).
BLOCK_POINTS = 1 << 16

#: Block counts `block_circuit` compares (spread evenly over centre/2..2 centre).
BLOCK_TRIALS = 24


def labelled_keys(spec: Spec | Points) -> tuple[list[int], list[int]] | None:
    """(the keys of the care rows or points in increasing order, their labels) of a
    single-output spec; None for several outputs.  Keys are Python integers (a point spec
    may have n = 64 inputs or more)."""
    if spec.num_outputs != 1:
        return None
    if isinstance(spec, Points):
        order = sorted(range(spec.num_points), key=spec.keys.__getitem__)
        return [spec.keys[p] for p in order], [int(spec.labels[0, p]) for p in order]
    keys = [int(r) for r in spec.care_rows]
    return keys, [int(spec.values[0, r]) for r in keys]


def _key_weights(n: int, low: int = 0, high: int | None = None, sign: int = 1
                 ) -> list[tuple[str, int]]:
    """Weights reading the bits low..high of the key u (x_(i+1) is bit i), scaled to 2^(i-low)."""
    high = n - 1 if high is None else high
    return [(input_name(i), sign * (1 << (i - low))) for i in range(low, high + 1)]


def _telescoped(table: list[int]) -> tuple[int, list[int]]:
    """(f_1, [f_j - f_(j-1) for j = 2..B]): the coefficients of a per-block table on the
    staircase of block detectors."""
    return table[0], [table[j] - table[j - 1] for j in range(1, len(table))]


def _block_gates(n: int, keys: list[int], labels: list[int], blocks: int) -> list[Gate]:
    """The gates of `block_circuit` with `blocks` blocks, the output last."""
    size = math.ceil(len(keys) / blocks)
    big = 1 << n
    grid = [keys[j * size:(j + 1) * size] for j in range(blocks)]
    marks = [labels[j * size:(j + 1) * size] for j in range(blocks)]
    grid = [row + [big] * (size - len(row)) for row in grid]
    marks = [row + [0] * (size - len(row)) for row in marks]
    detectors = [f"c{j + 1}" for j in range(1, blocks)]
    gates = [Gate(d, tuple(_key_weights(n)), grid[j + 1][0]) for j, d in enumerate(detectors)]
    fired: list[tuple[str, int]] = []
    for r in range(size):
        step = [marks[j][r] - (marks[j][r - 1] if r else 0) for j in range(blocks)]
        first_key, key_steps = _telescoped([grid[j][r] for j in range(blocks)])
        for sign, name in ((1, "p"), (-1, "q")):
            chosen = [int(s == sign) for s in step]
            if not any(chosen):
                continue
            first, steps = _telescoped(chosen)
            weights = _key_weights(n) + [
                (d, big * a - k) for d, a, k in zip(detectors, steps, key_steps)
                if big * a - k]
            gate_id = f"{name}{r + 1}"
            gates.append(Gate(gate_id, tuple(weights), first_key + big - big * first))
            fired.append((gate_id, sign))
    gates.append(Gate("out", tuple(fired), 1))
    return gates


def block_circuit(spec: Spec | Points, model: GateModel = GateModel()) -> Circuit | None:
    """The unconditional √N memorizing circuit of a single-output spec (module docstring),
    at the number of blocks that gives the fewest gates; None for several outputs, Boolean
    bases and multi-level gates (a detector must output 0 or 1 for the staircase)."""
    if model.is_basis or model.resolution != 1 or model.kind != "threshold":
        return None
    count = spec.num_points if isinstance(spec, Points) else len(spec.care_rows)
    found = labelled_keys(spec) if count <= BLOCK_POINTS else None
    if found is None:
        return None
    keys, labels = found
    if len(set(labels)) < 2:
        return None  # a constant: the other constructions give it in one gate
    centre = math.sqrt(2 * len(keys))
    # about 2 sqrt(2N) gates whatever the labels: B from centre/2 to 2 centre, in at most
    # BLOCK_TRIALS steps (each count is O(N))
    low, high = max(1, int(centre / 2)), min(len(keys), int(2 * centre) + 1)
    tried = sorted(set(np.linspace(low, high, num=min(BLOCK_TRIALS, high - low + 1),
                                   dtype=int).tolist()))
    blocks = min(tried, key=lambda b: (_block_size(labels, b), b))
    return Circuit(spec.n, tuple(_block_gates(spec.n, keys, labels, blocks)),
                   ("out",)).renumbered()


def _block_size(labels: list[int], blocks: int) -> int:
    """The number of gates `_block_gates` makes with `blocks` blocks, counted without
    making them: the detectors, the places of a block where some block's label rises (a p
    selector) or falls (a q selector), and the output."""
    size = math.ceil(len(labels) / blocks)
    grid = np.zeros((blocks, size), dtype=np.int8)
    grid.flat[:len(labels)] = labels
    steps = np.diff(grid, axis=1, prepend=0)
    return blocks - 1 + int((steps > 0).any(axis=0).sum() + (steps < 0).any(axis=0).sum()) + 1


def search_tree_circuit(spec: Spec | Points, model: GateModel = GateModel()) -> Circuit | None:
    """The conditional binary-search circuit of a single-output spec (module docstring);
    None for several outputs, Boolean bases, fewer than two label runs or more than
    BLOCK_POINTS / 16 = 4,096 of them."""
    found = labelled_keys(spec)
    if found is None or model.is_basis:
        return None
    keys, labels = found
    runs: list[tuple[int, int, int]] = []  # (first key, last key, label)
    for key, label in zip(keys, labels):
        if runs and runs[-1][2] == label:
            runs[-1] = (runs[-1][0], key, label)
        else:
            runs.append((key, key, label))
    if not 2 <= len(runs) <= BLOCK_POINTS // 16:  # at most 3 (R - 1) gates: about 12,000
        return None
    gates: list[Gate] = []
    n = spec.n

    def gate(prefix: str, weights, threshold: int, guard: str | None) -> str:
        gate_id = f"{prefix}{len(gates) + 1}"
        if model.kind == "sigmoid":
            gates.append(Gate(gate_id, tuple(weights), 0, kind="sigmoid",
                              breakpoints=(threshold,) * model.resolution,
                              guard=None if guard is None else (guard, 1)))
        elif model.kind == "relu":  # clip(z - (t - 1), 0, R): active iff z >= t
            gates.append(Gate(gate_id, tuple(weights), threshold - 1, kind="relu",
                              resolution=model.resolution,
                              guard=None if guard is None else (guard, 1)))
        else:
            gates.append(Gate(gate_id, tuple(weights), threshold,
                              guard=None if guard is None else (guard, 1)))
        return gate_id

    def build(lo: int, hi: int, entry: str | None) -> str | None:
        """The gate active exactly on the rows of runs lo..hi-1 labelled 1 (None: none)."""
        if hi - lo == 1:
            return entry if runs[lo][2] else None
        mid = (lo + hi) // 2
        below, above = runs[mid - 1][1], runs[mid][0]
        cut = (below ^ above).bit_length() - 1  # the highest bit they differ in: none below
        spread = (runs[lo][0] ^ runs[hi - 1][1]).bit_length() - 1  # the highest varying bit
        threshold = (above >> cut) - ((runs[lo][0] >> (spread + 1)) << (spread + 1 - cut))
        weights = _key_weights(n, cut, spread)
        left_needed = any(runs[k][2] for k in range(lo, mid))
        right_needed = any(runs[k][2] for k in range(mid, hi))
        right = build(mid, hi, gate("a", weights, threshold, entry)) if right_needed else None
        left = build(lo, mid, gate("b", [(s, -w) for s, w in weights], 1 - threshold, entry)) \
            if left_needed else None
        if left is None or right is None:
            return left or right
        return gate("k", [(left, 1), (right, 1)], 1, entry)

    top = build(0, len(runs), None)
    if top is None:  # no run labelled 1 (two runs or more always have one)
        return None
    return Circuit(n, tuple(gates), (top,)).renumbered()
