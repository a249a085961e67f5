"""Pairwise AND in superposition after Adler & Shavit (arXiv 2409.15318): fewer hidden
neurons than inputs, from a code with small overlaps.

Adler and Shavit compute m' pairwise ANDs of sparse inputs with O(√m' log m') neurons, and
prove Ω(√(m' log m')) necessary (docs/design/papers.md#superposition-adlershavit).  Their
construction is randomized; this module is minckt's own deterministic realization for the
promise that at most k inputs are 1, verified exactly like any circuit:

* each input i gets a set S_i of hidden neurons, all of the same size w, any two sharing at
  most λ, with w > k λ: the Reed–Solomon code of Kautz and Singleton (input i is the
  polynomial over GF(q) of degree < K whose coefficients are the base-q digits of i, and S_i
  the points (a, p_i(a)) for a = 0..L-1, L = k(K - 1) + 1 <= q; two polynomials agree on at
  most K - 1 points, so λ = K - 1);
* hidden neuron t is [Σ_(i: t ∈ S_i) x_i >= 1]: the hidden layer shows the union U of the
  sets of the inputs that are 1;
* output (i, j) is [Σ_(t ∈ S_i ∪ S_j) h_t >= |S_i ∪ S_j|]: it fires when S_i ∪ S_j ⊆ U.

Correctness on every row with at most k ones: if x_i = x_j = 1 the union holds both sets.
Otherwise one of them, say i, is 0, and each of the at most k inputs that are 1 covers at
most λ of S_i's w elements, k λ < w in all: S_i ⊄ U.  Hidden neurons: the points used, at
most q L for the code of fewest points (`code_parameters`; 25 for m <= 64 and 49 for
m <= 1024 inputs at k = 2), whatever the pairs; outputs read hidden neurons only; depth 2.
It beats one neuron per input (the copy network) once the inputs outnumber the code's
points: for sparse pair lists over many inputs, not for all pairs of a few.
"""

from __future__ import annotations

import math

import numpy as np

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.core.problem import GateModel
from minckt.core.spec import Spec, popcount

__all__ = ["code_parameters", "superposition_code", "pairwise_and_pairs",
           "pairwise_and_circuit", "pairwise_and_network", "copy_pairs_network"]


def _is_prime(q: int) -> bool:
    return q >= 2 and all(q % d for d in range(2, math.isqrt(q) + 1))


def code_parameters(m: int, k: int) -> tuple[int, int, int]:
    """(q, K, L) of the smallest code (fewest points q L) for m inputs and k ones: q prime,
    L = k (K - 1) + 1 <= q, q^K >= m."""
    best = None
    for degree in range(1, max(2, m.bit_length()) + 1):
        length = k * (degree - 1) + 1
        q = max(length, 2)
        while not _is_prime(q) or q ** degree < m:
            q += 1
        if best is None or q * length < best[0] * best[2]:
            best = (q, degree, length)
    assert best is not None  # the loop runs at least twice
    return best


def superposition_code(m: int, k: int) -> list[frozenset[int]]:
    """The sets S_0..S_(m-1) (module docstring), their points numbered 0.. in the order
    first used."""
    q, degree, length = code_parameters(m, k)
    number: dict[tuple[int, int], int] = {}
    sets = []
    for i in range(m):
        digits = [(i // q ** d) % q for d in range(degree)]
        points = []
        for a in range(length):
            value = sum(c * a ** d for d, c in enumerate(digits)) % q
            points.append(number.setdefault((a, value), len(number)))
        sets.append(frozenset(points))
    return sets


def pairwise_and_pairs(spec: Spec) -> tuple[list[tuple[int, int]], int] | None:
    """(the pair (i, j), 0-based, each output is the AND of, on the care rows; the most ones
    on a care row), or None when some output is no AND of two inputs there."""
    rows = np.asarray(spec.care_rows, dtype=np.int64)
    if rows.size == 0:
        return None
    pairs = []
    for k in range(spec.num_outputs):
        values = spec.values[k, rows]
        ones = rows[values]
        if ones.size == 0:
            return None
        common = int(np.bitwise_and.reduce(ones))  # the inputs set on every row of a one
        if common.bit_count() != 2:
            return None
        i, j = (b for b in range(spec.n) if common >> b & 1)
        if not np.array_equal((rows & common) == common, values):
            return None
        pairs.append((i, j))
    return pairs, int(popcount(rows).max())


def pairwise_and_network(m: int, pairs: list[tuple[int, int]], k: int = 2
                         ) -> Circuit:
    """The superposition circuit (module docstring) of the ANDs of `pairs` (0-based) of m
    inputs under at most k ones: hidden neurons from the code of the inputs the pairs use,
    one output per pair."""
    used = sorted({i for pair in pairs for i in pair})
    sets = dict(zip(used, superposition_code(len(used), max(k, 2))))
    points = sorted(set().union(*(sets[i] for i in used)))
    gates = []
    for t in points:
        readers = [(input_name(i), 1) for i in used if t in sets[i]]
        gates.append(Gate(f"h{t + 1}", tuple(readers), 1))
    outputs = []
    for index, (i, j) in enumerate(pairs):
        union = sorted(sets[i] | sets[j])
        gate_id = f"y{index + 1}"
        gates.append(Gate(gate_id, tuple((f"h{t + 1}", 1) for t in union), len(union)))
        outputs.append(gate_id)
    return Circuit(m, tuple(gates), tuple(outputs)).renumbered()


def copy_pairs_network(m: int, pairs: list[tuple[int, int]]) -> Circuit:
    """The copy network of the same question: one hidden neuron [x_i >= 1] per input a pair
    uses, each output [h_i + h_j >= 2] -- the plain baseline superposition has to beat."""
    used = sorted({i for pair in pairs for i in pair})
    gates = [Gate(f"c{i + 1}", ((input_name(i), 1),), 1) for i in used]
    outputs = []
    for index, (i, j) in enumerate(pairs):
        gate_id = f"y{index + 1}"
        gates.append(Gate(gate_id, ((f"c{i + 1}", 1), (f"c{j + 1}", 1)), 2))
        outputs.append(gate_id)
    return Circuit(m, tuple(gates), tuple(outputs)).renumbered()


def pairwise_and_circuit(spec: Spec, model: GateModel = GateModel()) -> Circuit | None:
    """The superposition circuit of a spec whose outputs are ANDs of input pairs on its care
    rows (module docstring); None for other specs and for gates other than threshold."""
    if model.kind != "threshold":
        return None
    found = pairwise_and_pairs(spec)
    if found is None:
        return None
    pairs, most = found
    return pairwise_and_network(spec.n, pairs, most)
