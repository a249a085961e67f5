"""Named Boolean function families (the explicit functions of the papers).

Each family is a function of n (and its own parameters) returning a `Spec`.  Where the
inputs split into two halves, x = (x1..x_{n/2}) and y = (x_{n/2+1}..x_n), with x_i paired
with y_i = x_{n/2+i}:

* ``CD``     -- OR_i (x_i AND y_i), Uchizawa–Abe's example
(docs/design/papers.md#energy-and-depth-uchizawaabe);
* ``DISJ``   -- NOT CD (1 iff the two halves, as sets, are disjoint);
* ``IP``     -- inner product mod 2, XOR_i (x_i AND y_i);
* ``EQ``     -- 1 iff x_i = y_i for all i;
* ``GT``     -- 1 iff X > Y where X = sum x_i 2^(i-1), Y = sum y_i 2^(i-1) (x1, y1 least
  significant).

Symmetric functions of the weight |x| = number of ones:

* ``PARITY`` -- |x| odd;
* ``MAJ``    -- |x| >= ceil(n/2) (for even n a tie gives 1; use THR for other choices);
* ``THR``    -- |x| >= k;
* ``EXACT``  -- |x| = k;
* ``MOD``    -- |x| not divisible by m (Uchizawa–Nishizeki–Takimoto's MOD_m: 0 iff the number
  of ones is a multiple of m; MOD with m = 2 is PARITY);
* ``AND``, ``OR``.

``RANDOM`` -- uniformly random tables from a seeded numpy generator (`seed`, `outputs`).

``MEMORIZE`` -- a memorization data set (`minckt.core.data.random_points`): N distinct points of
{0,1}^n drawn with a seeded generator, the care set of a partial function, labelled by
``labels`` = random (random bits, `outputs` of them), parity or majority (more than n/2 ones);
every other row is a don't-care.

``PAIRWISE_AND`` -- Adler–Shavit's pairwise AND in superposition
(docs/design/papers.md#superposition-adlershavit): one output x_i AND x_j per pair (i, j) of
``pairs`` (1-based inputs, in the order given; "all" = every i < j, lexicographically), so m' = the
number of pairs; with the sparsity promise ``k``, rows with more than k ones are don't-cares (k =
None: a total function).
"""

from __future__ import annotations

import inspect
from typing import Callable

import numpy as np

from minckt.core.data import random_point_rows
from minckt.errors import InputError
from minckt.core.spec import MAX_INPUTS, MAX_OUTPUTS, Spec, bits_to_int, input_matrix, popcount

__all__ = ["FAMILIES", "family", "family_names", "family_parameters", "npn_classes"]


def _from_rows(name: str, n: int, rows: np.ndarray) -> Spec:
    tables = tuple(bits_to_int(r) for r in np.atleast_2d(rows))
    return Spec(n=n, outputs=tables, name=name)


def _halves(name: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    if n < 2 or n % 2:
        raise InputError(f"family {name}: n = {n} must be even and >= 2 (two halves of n/2)")
    x = input_matrix(n)  # int8: a 2^20-row table in 20 MB, not 160
    return x[: n // 2], x[n // 2:]


def _weight(n: int) -> np.ndarray:
    return popcount(np.arange(1 << n, dtype=np.int64))


def _cd(n: int) -> Spec:
    x, y = _halves("CD", n)
    return _from_rows(f"CD{n}", n, (x & y).any(axis=0))


def _disj(n: int) -> Spec:
    x, y = _halves("DISJ", n)
    return _from_rows(f"DISJ{n}", n, ~(x & y).any(axis=0))


def _ip(n: int) -> Spec:
    x, y = _halves("IP", n)
    return _from_rows(f"IP{n}", n, (x & y).sum(axis=0) % 2 == 1)


def _eq(n: int) -> Spec:
    x, y = _halves("EQ", n)
    return _from_rows(f"EQ{n}", n, (x == y).all(axis=0))


def _gt(n: int) -> Spec:
    x, y = _halves("GT", n)
    place = (1 << np.arange(n // 2, dtype=np.int64))[:, None]
    return _from_rows(f"GT{n}", n, (x * place).sum(axis=0) > (y * place).sum(axis=0))


def _parity(n: int) -> Spec:
    return _from_rows(f"PARITY{n}", n, _weight(n) % 2 == 1)


def _maj(n: int) -> Spec:
    if n < 1:
        raise InputError(f"family MAJ: n = {n} must be >= 1")
    return _from_rows(f"MAJ{n}", n, _weight(n) >= (n + 1) // 2)


def _check_k(name: str, n: int, k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= n:
        raise InputError(f"family {name}: k = {k!r}: expected an integer in 0..n = 0..{n}")
    return k


def _thr(n: int, k: int) -> Spec:
    k = _check_k("THR", n, k)
    return _from_rows(f"THR{n}_{k}", n, _weight(n) >= k)


def _exact(n: int, k: int) -> Spec:
    k = _check_k("EXACT", n, k)
    return _from_rows(f"EXACT{n}_{k}", n, _weight(n) == k)


def _mod(n: int, m: int) -> Spec:
    if isinstance(m, bool) or not isinstance(m, int) or m < 2:
        raise InputError(f"family MOD: m = {m!r} must be an integer >= 2")
    modulus = min(m, n + 1)  # every m > n gives the same function (|x| <= n); fits numpy
    return _from_rows(f"MOD{n}_{m}", n, _weight(n) % modulus != 0)


def _and(n: int) -> Spec:
    return _from_rows(f"AND{n}", n, _weight(n) == n)


def _or(n: int) -> Spec:
    return _from_rows(f"OR{n}", n, _weight(n) >= 1)


def _random(n: int, seed: int = 0, outputs: int = 1) -> Spec:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        # numpy's SeedSequence takes non-negative integers only (any size)
        raise InputError(f"family RANDOM: seed = {seed!r} must be an integer >= 0")
    if isinstance(outputs, bool) or not isinstance(outputs, int) \
            or not 1 <= outputs <= MAX_OUTPUTS:
        raise InputError(f"family RANDOM: outputs = {outputs!r} must be an integer in "
                         f"1..{MAX_OUTPUTS}")
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, 2, size=(outputs, 1 << n)).astype(bool)
    return _from_rows(f"RANDOM{n}_s{seed}", n, rows)


def _memorize(n: int, N: int, seed: int = 0, labels: str = "random",
              outputs: int = 1) -> Spec:
    return random_point_rows(n, N, seed, labels, outputs, "family MEMORIZE")


def _short(value: object, limit: int = 60) -> str:
    """repr(value), cut to `limit` characters (a hostile value can be megabytes long)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _pairs(n: int, pairs: object) -> list[tuple[int, int]]:
    """The pairs of PAIRWISE_AND as (i, j) tuples, validated (1-based, distinct, unrepeated)."""
    who = "family PAIRWISE_AND"
    if isinstance(pairs, str):
        if pairs != "all":
            raise InputError(f"{who}: pairs = {_short(pairs)}: expected \"all\" or a list of "
                             "[i, j] pairs of inputs")
        if n < 2:
            raise InputError(f"{who}: n = {n}: expected n >= 2 for pairs \"all\" (there is "
                             "no pair of inputs)")
        return [(i, j) for i in range(1, n + 1) for j in range(i + 1, n + 1)]
    if not isinstance(pairs, (list, tuple)) or not pairs:
        raise InputError(f"{who}: pairs = {_short(pairs)}: expected \"all\" or a non-empty "
                         "list of [i, j] pairs of inputs")
    result: list[tuple[int, int]] = []
    first: dict[frozenset, tuple[int, object]] = {}
    for number, pair in enumerate(pairs, start=1):
        where = f"{who}: pairs = {_short(pairs)}: pair #{number} {_short(pair)}"
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise InputError(f"{where}: expected a pair [i, j] of two input indices")
        if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in pair):
            raise InputError(f"{where}: expected two integer input indices")
        i, j = int(pair[0]), int(pair[1])
        if not (1 <= i <= n and 1 <= j <= n):
            raise InputError(f"{where}: expected input indices in 1..{n}")
        if i == j:
            raise InputError(f"{where}: expected two different inputs (x{i} AND x{i} is x{i})")
        key = frozenset((i, j))
        if key in first:
            earlier, given = first[key]
            raise InputError(f"{where}: repeats pair #{earlier} {_short(given)}; expected each "
                             "pair of inputs once")
        first[key] = (number, pair)
        result.append((i, j))
    return result


def _pairwise_and(n: int, k: int | None = None, pairs: object = "all") -> Spec:
    """x_i AND x_j for each pair (i, j), care set |x| <= k (module docstring)."""
    if k is not None:
        k = _check_k("PAIRWISE_AND", n, k)
    chosen = _pairs(n, pairs)
    x = input_matrix(n).astype(bool)
    tables = tuple(bits_to_int(x[i - 1] & x[j - 1]) for i, j in chosen)
    care = None if k is None else bits_to_int(_weight(n) <= k)
    shown = "all" if isinstance(pairs, str) else \
        "[" + ",".join(f"({i},{j})" for i, j in chosen) + "]"
    name = f"PAIRWISE_AND(n={n}{'' if k is None else f',k={k}'},pairs={shown})"
    return Spec(n=n, outputs=tables, care=care, name=name)


#: Family name -> constructor; parameters beyond n are keyword arguments.
FAMILIES: dict[str, Callable[..., Spec]] = {
    "CD": _cd,
    "DISJ": _disj,
    "IP": _ip,
    "EQ": _eq,
    "GT": _gt,
    "PARITY": _parity,
    "MAJ": _maj,
    "THR": _thr,
    "EXACT": _exact,
    "MOD": _mod,
    "AND": _and,
    "OR": _or,
    "RANDOM": _random,
    "MEMORIZE": _memorize,
    "PAIRWISE_AND": _pairwise_and,
}


def family_names() -> list[str]:
    """The valid family names."""
    return sorted(FAMILIES)


def family_parameters(name: str) -> dict[str, object]:
    """The parameters (beyond n) a family takes, with their defaults (`inspect.Parameter.empty`
    when required)."""
    constructor = _lookup(name)
    params = inspect.signature(constructor).parameters
    return {p: params[p].default for p in list(params)[1:]}


def _lookup(name: str) -> Callable[..., Spec]:
    key = str(name).upper()
    if key not in FAMILIES:
        raise InputError(
            f"unknown function family {name!r}; expected one of {', '.join(family_names())}"
        )
    return FAMILIES[key]


def family(name: str, n: int, **params: object) -> Spec:
    """The spec of family `name` on n inputs (e.g. ``family("THR", 5, k=2)``)."""
    constructor = _lookup(name)
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_INPUTS:
        raise InputError(f"family {name}: n = {n!r} must be an integer in 0..{MAX_INPUTS}")
    expected = family_parameters(name)
    unknown = sorted(set(params) - set(expected))
    if unknown:
        allowed = ", ".join(expected) or "none"
        raise InputError(
            f"family {name}: unknown parameter(s) {', '.join(unknown)}; it takes: {allowed}"
        )
    missing = [p for p, d in expected.items() if d is inspect.Parameter.empty and p not in params]
    if missing:
        raise InputError(f"family {name}: missing parameter(s) {', '.join(missing)}")
    return constructor(n, **params)


def npn_classes(n: int) -> list[int]:
    """The least truth table of every NPN class of n-input functions (n <= 4), ascending
    (`minckt.core.classes`: 1, 2, 4, 14 and 222 classes for n = 0..4, OEIS A000370).
    Threshold-circuit size is invariant under permuting and negating inputs and negating the
    output, so one representative per class covers every function."""
    from minckt.core.classes import npn_representatives

    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 4:
        raise InputError(f"npn_classes: n = {n!r} must be in 0..4")
    return [int(t) for t in npn_representatives(n)]
