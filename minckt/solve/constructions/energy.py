"""MOD_m at bounded energy: a threshold circuit of energy e and size O(e·(n/m)^(1/(e-1))),
the upper bound of Suzuki, Uchizawa and Zhou, realized by a construction of minckt's own.

**The statement.**  A. Suzuki, K. Uchizawa and X. Zhou, "Energy-efficient threshold circuits
computing MOD functions", CATS 2011; International Journal of Foundations of Computer Science
24(1):15–29, 2013: for every integer e >= 2, MOD_m of n variables (1 iff the number of ones
|x| is not a multiple of m, `minckt.core.families`) is computed by a threshold circuit of
energy e (the most gates that output 1 on any input) and size s = O(e·(n/m)^(1/(e-1))).  It
almost meets the lower bound n/(m-1) <= s^e of Uchizawa, Nishizeki and Takimoto (MFCS 2009,
`minckt.bounds.parity`), i.e. s = Ω((n/m)^(1/e)); at e = 1, Suzuki, Uchizawa and Zhou prove
size >= 2^((n-m)/2) (docs/design/papers.md#related-energy-results).

**What was adapted.**  Only the paper's abstract was available to minckt, not its
construction.  The circuit below is minckt's own design for the same trade-off, with an exact
size; the statement's constant is unknown, so it is not claimed to be the paper's circuit,
nor optimal (it meets the search's optimum at every n <= 4, m <= n and e = 2, 3, but parity
of 6 inputs at energy 2 takes 3 gates, not 4: there two hidden gates fire on the rows where
the output is 0, and this construction never counts on that).

**The construction** (`mod_energy_circuit`).  Let w = |x|, K = ⌊n/m⌋ (so ⌊w/m⌋ ranges over
0..K) and t = e - 1 hidden *levels*.  Choose radices r_1 >= ... >= r_t >= 1 with
r_1·...·r_t >= K + 1 (`mod_energy_radices`), and give level l the block width
B_l = m·r_(l+1)·...·r_t (so B_t = m, and B_(l-1) = r_l·B_l).  Level l holds one gate per
nonzero digit j = D_l, D_l - 1, ..., 1, of *value* a = j·B_l, where D_l, the largest digit
that can occur, is ⌊K·m/B_1⌋ at level 1 and min(r_l - 1, ⌊K·m/B_l⌋) below.  All gates form
one chain, level 1 first and each level's values in decreasing order; gate k, of value a_k,
subtracts the values of the earlier gates that fired and compares:

    g_k = [ w - Σ_(k' < k) a_(k')·g_(k') >= a_k ],        out = [ w - Σ_k a_k·g_k >= 1 ].

Every weight is an integer of absolute value at most n (a_k <= K·m <= n), and the output
reads every input and every hidden gate.

**Correctness.**  The chain is greedy subtraction: write res for w minus the values of the
gates that fired so far; a gate fires iff res >= its value, and then lowers res by it.
Claim: on entering level l, res = res_l = w mod B_(l-1) (res_1 = w), and within the level
exactly the gate of the digit d_l = ⌊res_l/B_l⌋ fires (none when d_l = 0), leaving
res_l mod B_l.  Indeed d_l <= D_l (at level 1, d_1 = ⌊⌊w/m⌋/(B_1/m)⌋ <= ⌊K/(B_1/m)⌋; below,
res_l < B_(l-1) = r_l·B_l and res_l <= n); the gates of values above d_l·B_l do not fire
(res_l < (d_l + 1)·B_l), the gate of value d_l·B_l does, and then res_l - d_l·B_l < B_l is
below every later value of the level (each >= B_l).  So after level t, res = w mod B_t =
w mod m, and out = [w mod m >= 1] is MOD_m (every value is a multiple of m, so subtracting
them keeps w mod m).

**Energy.**  At most one gate per level fires (the one of the digit d_l, none when d_l = 0),
and the levels that hold a gate number at most t = e - 1; with the output, at most e gates
fire on any input.

**Size.**  The radices are chosen to minimize the gates: level l holds r_l - 1 gates, so

    size(n, m, e) = 1 + min { Σ_l (r_l - 1) : r_1, ..., r_(e-1) >= 1 integers,
                                               r_1·...·r_(e-1) >= ⌊n/m⌋ + 1 }

(`mod_energy_size`).  The minimum is reached by radices that differ by at most one (replacing
r_a >= r_b + 2 by r_a - 1, r_b + 1 keeps the sum and raises the product), hence it is found
by raising the sum one at a time, the balanced product growing with it; and the choice
makes every D_l equal r_l - 1 (were D_1 < r_1 - 1, lowering r_1 to D_1 + 1 would keep the
product >= K + 1 at a smaller sum; and then K >= B_1/m >= r_l·B_l/m at every lower level l).
With r = ⌈(K + 1)^(1/(e-1))⌉ everywhere, size <= 1 + (e - 1)·(r - 1) = O(e·(n/m)^(1/(e-1))),
the statement's bound.  At e = 2 this is ⌊n/m⌋ + 1 gates; once e - 1 >= ⌈log2(⌊n/m⌋ + 1)⌉
it stops falling (radices 2: the binary digits of ⌊w/m⌋; for parity, the counting circuit of
`symmetric`).  The circuit is a chain: every gate reads all the gates before it, so its depth
equals its size; Uchizawa, Nishizeki and Takimoto (TCS 2010) turn any circuit of energy e and
size s into one of depth 2e + 1 and size 2es + 1, which this module does not do.

**Existence.**  With e = 1 there are no levels, so the construction exists only for
⌊n/m⌋ = 0 (n < m: MOD_m is OR_n, one gate [w >= 1], or the constant 0 gate [0 >= 1] at
n = 0); otherwise energy 1 needs size >= 2^((n-m)/2) (Suzuki–Uchizawa–Zhou) and
`mod_energy_circuit` returns None, as it does for e < 1.  The circuit is unverified here: the
caller verifies it (`minckt.verify`), as for every construction.
"""

from __future__ import annotations

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.core.spec import Spec
from minckt.errors import InputError
from minckt.solve.constructions.symmetric import weight_profile

__all__ = ["mod_energy_circuit", "mod_energy_size", "mod_energy_radices", "mod_modulus",
           "mod_energy_circuits"]


def _check(n: int, m: int, e: int) -> None:
    for name, value, low in (("n", n, 0), ("m", m, 2), ("e", e, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise InputError(f"MOD energy construction: {name} = {value!r}; expected an "
                             f"integer >= {low}")


def mod_energy_radices(n: int, m: int, e: int) -> tuple[int, ...] | None:
    """The level radices r_1 >= r_2 >= ... >= 2 of the construction for MOD_m of n inputs
    at energy e (module docstring): at most e - 1 of them, their product >= ⌊n/m⌋ + 1,
    Σ (r_l - 1) least; () when ⌊n/m⌋ = 0; None when no choice exists (e <= 1 and
    ⌊n/m⌋ >= 1, or e = 0)."""
    _check(n, m, e)
    needed = n // m + 1
    levels = e - 1
    if needed == 1:
        return () if e >= 1 else None
    if levels < 1:
        return None
    spent = 0
    while True:  # the least sum of (r_l - 1) whose balanced radices reach `needed`
        spent += 1
        base, raised = divmod(spent, levels)
        if (base + 2) ** raised * (base + 1) ** (levels - raised) >= needed:
            radices = [base + 2] * raised + [base + 1] * (levels - raised)
            return tuple(r for r in radices if r > 1)


def mod_energy_size(n: int, m: int, e: int) -> int | None:
    """The number of gates of `mod_energy_circuit(n, m, e)`:
    1 + min {Σ (r_l - 1) : e - 1 integers r_l >= 1 with Π r_l >= ⌊n/m⌋ + 1}; None when the
    construction does not exist."""
    radices = mod_energy_radices(n, m, e)
    return None if radices is None else 1 + sum(r - 1 for r in radices)


def mod_energy_circuit(n: int, m: int, e: int) -> Circuit | None:
    """A threshold circuit of energy <= e computing MOD_m of n inputs, with
    `mod_energy_size(n, m, e)` gates (module docstring); None when e is too small for the
    construction (e <= 1 with n >= m, or e = 0)."""
    radices = mod_energy_radices(n, m, e)
    if radices is None:
        return None
    inputs = [(input_name(i), 1) for i in range(n)]
    top = (n // m) * m  # the largest multiple of m that w reaches
    width = m
    for radix in radices:
        width *= radix  # B_0: above every value
    fired: list[tuple[str, int]] = []  # (gate, -its value): reading them subtracts what fired
    gates: list[Gate] = []
    for level, radix in enumerate(radices, start=1):
        width //= radix  # B_l
        digits = top // width if level == 1 else min(radix - 1, top // width)
        for digit in range(digits, 0, -1):
            gate_id = f"d{level}_{digit}"
            gates.append(Gate(gate_id, tuple(inputs + fired), digit * width))
            fired.append((gate_id, -digit * width))
    gates.append(Gate("out", tuple(inputs + fired), 1))
    return Circuit(n, tuple(gates), ("out",)).renumbered()


def mod_modulus(spec: Spec) -> int | None:
    """m when `spec` is MOD_m on its care rows (value 1 exactly at the weights that are not
    multiples of m, for an m >= 2 that one of those weights shows), else None.  Unlike
    `minckt.bounds.parity.mod_modulus` (total specs, m <= n, for the bounds) it reads partial
    specs, such as parity labels on a data set, and m > n (MOD_m is then OR)."""
    profile = weight_profile(spec)
    if profile is None or profile.get(0, 0) != 0:
        return None
    zeros = [w for w, value in profile.items() if w > 0 and value == 0]
    ones = [w for w, value in profile.items() if value == 1]
    m = min(zeros, default=max(ones, default=0) + 1)
    if m < 2 or any((w % m != 0) != bool(value) for w, value in profile.items()):
        return None
    return m


def mod_energy_circuits(spec: Spec, energy: int | None = None) -> list[Circuit]:
    """The construction for `spec` when it is MOD_m (`mod_modulus`): at the energy limit
    `energy`, or without one at every energy from 2 that makes it smaller (the fallback of a
    question that trades energy against size picks among them).  [] for other specs."""
    m = mod_modulus(spec)
    if m is None:
        return []
    n = spec.n
    if energy is not None:
        built = mod_energy_circuit(n, m, energy)
        return [] if built is None else [built]
    kept: list[tuple[int, int]] = []    # (energy, size), each smaller than the one before
    for e in range(2, max(n, 1).bit_length() + 2):
        size = mod_energy_size(n, m, e)
        if size is not None and (not kept or size < kept[-1][1]):
            kept.append((e, size))
    return [c for e, _ in kept if (c := mod_energy_circuit(n, m, e)) is not None]
