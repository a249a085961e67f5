"""Lower bounds for PARITY and MOD_m threshold circuits
(docs/design/papers.md#related-energy-results).

Each bound is stated for one function and applies only to it: a spec is recognised as MOD_m
(or PARITY = MOD_2) by comparing its truth table with `minckt.core.families.family("MOD", n, m=m)`
(or ``family("PARITY", n)``) -- one output, total, inputs in their given order (the functions
are symmetric, so the order does not matter; complements or negated inputs are not
recognised).  MOD_m is 0 iff the number of ones is a multiple of m (Uchizawa–Nishizeki–
Takimoto's definition, `minckt.core.families`).  For m > n, MOD_m equals OR_n and every bound
below is trivial, so only 2 <= m <= n is recognised.

Every value is the least integer satisfying the stated inequality, decided in exact integer
arithmetic.  Limits are upper bounds; each inequality is monotone in the limited resources, so
a bound computed from the limits holds for every circuit within them.  Size counts every gate,
the output gate included; energy counts active gates, the output gate included.

* **Uchizawa, Nishizeki, Takimoto (MFCS 2009)**: a threshold circuit of size s and energy e
  computing MOD_m has n/(m-1) <= s^e (parity: n <= s^e).  Gives energy >= the least e with
  (m-1)·s^e >= n, and size >= the least s with (m-1)·s^e >= n.
* **Suzuki, Uchizawa, Zhou (IJFCS 2013)**: a threshold circuit of energy 1 computing MOD_m has
  at least 2^((n-m)/2) gates.  Applies when energy <= 1 (energy 0 computes only the constant
  0).  Taken as docs/design/papers.md summarises it.
* **Impagliazzo, Paturi, Saks (SIAM J. Comput. 26(3):693–707, 1997)**: a threshold circuit of
  depth d >= 2 computing parity of n variables has at least (n/2)^(1/(2(d-1))) gates
  (unrestricted weights).  Size >= the least s with 2·s^(2(d-1)) >= n.
* **Depth-2 parity, energy e** (Uchizawa–Takimoto line of work): 2^(n/(e·log^e n)) <= s.
  docs/design/papers.md gives only this form; the log base and any constants are not known, so
  `depth2_parity_size_form` evaluates it as stated with an explicit log base and constant C and
  labels it "asymptotic form, constant unknown".  It is *not* returned by `bounds` (the hook
  the search starts from), because a wrong lower bound would make the search claim a false
  optimum.
"""

from __future__ import annotations

import math
from functools import lru_cache

from minckt.errors import InputError
from minckt.core.families import family
from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.bounds.bound import Bound

__all__ = [
    "REF_UNT",
    "REF_SUZ",
    "REF_IPS",
    "REF_DEPTH2",
    "is_parity",
    "mod_modulus",
    "unt_energy",
    "unt_size",
    "suzuki_size",
    "ips_size",
    "depth2_parity_size",
    "unt_energy_bound",
    "unt_size_bound",
    "suzuki_size_bound",
    "ips_size_bound",
    "depth2_parity_size_form",
    "bounds",
]

REF_UNT = ("Uchizawa, Nishizeki, Takimoto, MFCS 2009 (energy and size of threshold circuits "
           "computing MOD functions)")
REF_SUZ = "Suzuki, Uchizawa, Zhou, IJFCS 2013 (energy-efficient threshold circuits for MOD)"
REF_IPS = ("Impagliazzo, Paturi, Saks, Size-depth tradeoffs for threshold circuits, "
           "SIAM J. Comput. 26(3):693–707, 1997")
REF_DEPTH2 = ("Uchizawa–Takimoto line of work on depth-2 parity (form as given in "
              "docs/design/papers.md#related-energy-results)")

ASYMPTOTIC_LABEL = "asymptotic form, constant unknown"

_COMMON = ("threshold gates; size and energy count the output gate",
           "limits are upper bounds; the inequality is monotone in them")


# -- recognising the functions --------------------------------------------------------------

@lru_cache(maxsize=64)
def _mod_table(n: int, m: int) -> int:
    return family("MOD", n, m=m).outputs[0]


@lru_cache(maxsize=64)
def _parity_table(n: int) -> int:
    return family("PARITY", n).outputs[0]


def _single_total(spec: Spec) -> bool:
    return isinstance(spec, Spec) and spec.num_outputs == 1 and spec.is_total


def is_parity(spec: Spec) -> bool:
    """True when the spec is PARITY on its n >= 2 inputs (one output, total)."""
    return _single_total(spec) and spec.n >= 2 and spec.outputs[0] == _parity_table(spec.n)


def mod_modulus(spec: Spec) -> int | None:
    """The m in 2..n for which the spec is MOD_m, or None when it is none of them."""
    if not _single_total(spec):
        return None
    low = min(spec.n, 8)  # rows with x9.. = 0 are MOD_m of 8 inputs: a cheap first test
    head = spec.outputs[0] & ((1 << (1 << low)) - 1)
    for m in range(2, spec.n + 1):
        if head == _mod_table(low, min(m, low + 1)) and \
                spec.outputs[0] == _mod_table(spec.n, m):
            return m
    return None


# -- the inequalities on numbers ------------------------------------------------------------

def _integer(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InputError(f"{name} = {value!r}: expected an integer >= {low}")
    return value


def _impossible(what: str, n: int, m: int, detail: str) -> InputError:
    return InputError(f"no {what} satisfies n/(m-1) <= s^e with n = {n}, m = {m} and {detail}: "
                      "no threshold circuit with these resources computes MOD_m")


def unt_energy(n: int, m: int, size: int) -> int:
    """The least integer e >= 0 with n/(m-1) <= size^e.

    Raises InputError when none exists (size 1 and n > m-1: one gate never computes MOD_m).
    """
    n, m, size = _integer("n", n, 0), _integer("m", m, 2), _integer("size", size, 1)
    if size == 1 and n > m - 1:
        raise _impossible("energy", n, m, "s = 1")
    energy, reach = 0, 1
    while (m - 1) * reach < n:
        reach, energy = reach * size, energy + 1
    return energy


def unt_size(n: int, m: int, energy: int) -> int:
    """The least integer s >= 1 with n/(m-1) <= s^e.

    Raises InputError when none exists (e = 0 and n > m-1).
    """
    n, m, energy = _integer("n", n, 0), _integer("m", m, 2), _integer("energy", energy, 0)
    if (m - 1) >= n:
        return 1
    if energy == 0:
        raise _impossible("size", n, m, "e = 0")
    low, high = 1, max(2, n)  # (m-1)·n^e >= n for e >= 1
    while low < high:
        middle = (low + high) // 2
        if (m - 1) * middle ** energy >= n:
            high = middle
        else:
            low = middle + 1
    return low


def suzuki_size(n: int, m: int) -> int:
    """The least integer s >= 1 with s >= 2^((n-m)/2), i.e. s^2 >= 2^(n-m)."""
    n, m = _integer("n", n, 0), _integer("m", m, 2)
    if n <= m:
        return 1
    return math.isqrt((1 << (n - m)) - 1) + 1


def ips_size(n: int, depth: int) -> int:
    """The least integer s >= 1 with (n/2)^(1/(2(d-1))) <= s, i.e. 2·s^(2(d-1)) >= n (d >= 2)."""
    n, depth = _integer("n", n, 0), _integer("depth", depth, 2)
    exponent = 2 * (depth - 1)
    size = 1
    while 2 * size ** exponent < n:
        size += 1
    return size


def depth2_parity_size(n: int, energy: int, base: float = 2.0, constant: float = 1.0) -> int:
    """The least integer s with C·2^(n/(e·(log_base n)^e)) <= s (the form as stated, C = 1)."""
    n, energy = _integer("n", n, 2), _integer("energy", energy, 1)
    if not base > 1 or not constant > 0:
        raise InputError(f"log base {base!r} must be > 1 and constant {constant!r} > 0")
    exponent = n / (energy * math.log(n, base) ** energy)
    return max(1, math.ceil(constant * 2.0 ** exponent))


# -- bounds for a spec ----------------------------------------------------------------------

def _require_mod(spec: Spec) -> int:
    m = mod_modulus(spec)
    if m is None:
        raise InputError(f"spec {spec}: not MOD_m for any 2 <= m <= n (one output, total); "
                         "this bound is stated for MOD_m only")
    return m


def _require_parity(spec: Spec) -> None:
    if not is_parity(spec):
        raise InputError(f"spec {spec}: not PARITY (one output, total); this bound is stated "
                         "for parity only")


def _name(m: int, n: int) -> str:
    return f"PARITY{n}" if m == 2 else f"MOD{m} on {n} inputs"


def unt_energy_bound(spec: Spec, size: int) -> Bound:
    """Energy >= the least e with n/(m-1) <= s^e, for MOD_m circuits of size <= s (InputError
    when no energy works: then no circuit of that size computes MOD_m at all)."""
    m = _require_mod(spec)
    value = unt_energy(spec.n, m, size)
    method = (f"{_name(m, spec.n)}: n/(m-1) = {spec.n}/{m - 1} <= s^e with s <= {size} "
              f"=> energy >= {value}")
    return Bound("energy", value, method, REF_UNT, _COMMON, name="UNT")


def unt_size_bound(spec: Spec, energy: int) -> Bound:
    """Size >= the least s with n/(m-1) <= s^e, for MOD_m circuits of energy <= e (InputError
    when no size works)."""
    m = _require_mod(spec)
    value = unt_size(spec.n, m, energy)
    method = (f"{_name(m, spec.n)}: n/(m-1) = {spec.n}/{m - 1} <= s^e with e <= {energy} "
              f"=> size >= {value}")
    return Bound("size", value, method, REF_UNT, _COMMON, name="UNT")


def suzuki_size_bound(spec: Spec) -> Bound:
    """Size >= 2^((n-m)/2) for MOD_m circuits of energy 1."""
    m = _require_mod(spec)
    value = suzuki_size(spec.n, m)
    method = (f"{_name(m, spec.n)} with energy <= 1: size >= 2^((n-m)/2) = "
              f"2^({spec.n - m}/2) => size >= {value}")
    assumptions = _COMMON + ("energy 0 computes only the constant 0, so energy <= 1 means 1",
                             "statement as summarised in "
                             "docs/design/papers.md#related-energy-results")
    return Bound("size", value, method, REF_SUZ, assumptions, name="SUZ")


def ips_size_bound(spec: Spec, depth: int) -> Bound:
    """Size >= (n/2)^(1/(2(d-1))) for parity circuits of depth <= d, d >= 2."""
    _require_parity(spec)
    value = ips_size(spec.n, depth)
    method = (f"PARITY{spec.n} at depth <= {depth}: size >= (n/2)^(1/(2(d-1))) = "
              f"({spec.n}/2)^(1/{2 * (depth - 1)}) => size >= {value}")
    assumptions = _COMMON + ("unrestricted weights",
                             "depth-1 circuits cannot compute parity of n >= 2 inputs, and the "
                             "bound decreases with d, so it holds for every depth <= d")
    return Bound("size", value, method, REF_IPS, assumptions, name="IPS")


def depth2_parity_size_form(spec: Spec, energy: int, base: float = 2.0,
                            constant: float = 1.0) -> Bound:
    """Size >= C·2^(n/(e·log^e n)) for depth-2 parity circuits of energy e, evaluated as stated.

    Labelled "asymptotic form, constant unknown": the exact statement (log base, constants)
    was not available.  Never part of `bounds`.
    """
    _require_parity(spec)
    value = depth2_parity_size(spec.n, energy, base, constant)
    method = (f"{ASYMPTOTIC_LABEL}: PARITY{spec.n}, depth 2, energy {energy}: "
              f"{constant:g}·2^(n/(e·log{base:g}^e n)) <= s => size >= {value}")
    assumptions = (
        f"{ASYMPTOTIC_LABEL}: docs/design/papers.md gives only the form 2^(n/(e·log^e n)) <= s",
        f"log base {base:g} and constant C = {constant:g} are guesses",
        "not a proven bound at these sizes; not used by the search",
    ) + _COMMON
    return Bound("size", value, method, REF_DEPTH2, assumptions,
                 name="depth-2 parity (asymptotic)")


def bounds(spec: Spec, axis: str, model: GateModel, limits: Limits) -> list[Bound]:
    """The applicable proven MOD_m / parity bounds on `axis` (the `lower_bounds` hook).

    Threshold gates and a spec that is MOD_m (2 <= m <= n) only.  Energy: UNT given a size
    limit.  Size: UNT given an energy limit, Suzuki–Uchizawa–Zhou given energy <= 1,
    Impagliazzo–Paturi–Saks (parity) given depth >= 2.  The depth-2 form is never included.
    """
    if model.kind != "threshold":
        return []
    m = mod_modulus(spec)
    if m is None:
        return []
    # every MOD_m here has n >= m > m-1, so s = 1 or e = 0 admits no circuit at all: the
    # search finds that out itself, and no bound is returned for it
    found: list[Bound] = []
    if axis == "energy" and limits.size is not None and limits.size >= 2:
        found.append(unt_energy_bound(spec, limits.size))
    if axis == "size":
        if limits.energy is not None and limits.energy >= 1:
            found.append(unt_size_bound(spec, limits.energy))
            if limits.energy == 1:
                found.append(suzuki_size_bound(spec))
        if m == 2 and limits.depth is not None and limits.depth >= 2:
            found.append(ips_size_bound(spec, limits.depth))
    return found
