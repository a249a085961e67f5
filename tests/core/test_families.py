"""Tests for minckt.core.families: each named family against a direct per-row definition.

The reference definitions below are written from the papers' statements (docs/design/papers.md) and
the family docstrings, as plain loops over rows with x_i = bit i-1 of the row
(docs/guide/semantics.md), sharing no code with minckt.core.families.
"""

from __future__ import annotations

import pytest

from minckt.errors import InputError
from minckt.core.families import FAMILIES, family, family_names, family_parameters
from minckt.core.spec import Spec


def bits(row: int, n: int) -> list[int]:
    return [(row >> i) & 1 for i in range(n)]


def table(n: int, f) -> int:
    """Truth table by a plain loop over rows."""
    value = 0
    for row in range(1 << n):
        if f(bits(row, n)):
            value |= 1 << row
    return value


def halves(x: list[int]) -> tuple[list[int], list[int]]:
    half = len(x) // 2
    return x[:half], x[half:]


def cd(x):
    a, b = halves(x)
    return any(ai and bi for ai, bi in zip(a, b))


def disj(x):
    return not cd(x)


def ip(x):
    a, b = halves(x)
    return sum(ai * bi for ai, bi in zip(a, b)) % 2 == 1


def eq(x):
    a, b = halves(x)
    return a == b


def gt(x):
    a, b = halves(x)
    number_a = sum(bit << i for i, bit in enumerate(a))  # x1 least significant
    number_b = sum(bit << i for i, bit in enumerate(b))
    return number_a > number_b


def parity(x):
    return sum(x) % 2 == 1


def maj(x):
    n = len(x)
    return 2 * sum(x) >= n  # at least half; a tie on even n gives 1 (family docstring)


REFERENCE = {
    "CD": (cd, [2, 4, 6, 8]),
    "DISJ": (disj, [2, 4, 6]),
    "IP": (ip, [2, 4, 6]),
    "EQ": (eq, [2, 4, 6]),
    "GT": (gt, [2, 4, 6]),
    "PARITY": (parity, [0, 1, 2, 3, 5, 7]),
    "MAJ": (maj, [1, 2, 3, 4, 5, 6]),
    "AND": (lambda x: all(x), [0, 1, 2, 3, 5]),
    "OR": (lambda x: any(x), [0, 1, 2, 3, 5]),
}


@pytest.mark.parametrize(
    "name, n",
    [(name, n) for name, (_, sizes) in REFERENCE.items() for n in sizes],
)
def test_family_matches_row_definition(name, n):
    reference, _ = REFERENCE[name]
    spec = family(name, n)
    assert isinstance(spec, Spec)
    assert spec.n == n and spec.num_outputs == 1 and spec.is_total
    assert spec.outputs == (table(n, reference),)


@pytest.mark.parametrize("n, k", [(3, 0), (3, 1), (3, 2), (3, 3), (5, 2), (6, 4), (7, 7)])
def test_thr_matches_row_definition(n, k):
    assert family("THR", n, k=k).outputs == (table(n, lambda x: sum(x) >= k),)


@pytest.mark.parametrize("n, k", [(3, 0), (3, 1), (3, 3), (4, 2), (5, 2), (6, 3)])
def test_exact_matches_row_definition(n, k):
    assert family("EXACT", n, k=k).outputs == (table(n, lambda x: sum(x) == k),)


@pytest.mark.parametrize("n, m", [(3, 2), (4, 3), (5, 3), (6, 4), (6, 7)])
def test_mod_matches_row_definition(n, m):
    # Uchizawa-Nishizeki-Takimoto's MOD_m: 0 exactly when the number of ones is a multiple of m.
    assert family("MOD", n, m=m).outputs == (table(n, lambda x: sum(x) % m != 0),)


@pytest.mark.parametrize("n", [1, 3, 4, 6])
def test_mod2_is_parity(n):
    assert family("MOD", n, m=2) == family("PARITY", n)


@pytest.mark.parametrize("n", [2, 4, 6])
def test_disj_is_complement_of_cd(n):
    full = (1 << (1 << n)) - 1
    assert family("DISJ", n).outputs[0] == full ^ family("CD", n).outputs[0]


@pytest.mark.parametrize(
    "name, n, params, hex_table",
    [
        ("MAJ", 3, {}, "0xE8"),
        ("PARITY", 3, {}, "0x96"),
        ("PARITY", 2, {}, "0x6"),
        ("AND", 2, {}, "0x8"),
        ("OR", 2, {}, "0xE"),
        ("THR", 3, {"k": 2}, "0xE8"),
        ("THR", 3, {"k": 3}, "0x80"),
        ("EXACT", 3, {"k": 1}, "0x16"),  # rows 1, 2, 4
        ("OR", 3, {}, "0xFE"),
        ("AND", 3, {}, "0x80"),
        ("EQ", 2, {}, "0x9"),  # rows 0 and 3
        ("GT", 2, {}, "0x2"),  # x1 = 1, y1 = 0 is row 1
        ("CD", 2, {}, "0x8"),
        ("DISJ", 2, {}, "0x7"),
        ("IP", 2, {}, "0x8"),
        # CD4 = (x1 AND x3) OR (x2 AND x4): 1 on rows 5, 7, 10, 11, 13, 14, 15.
        ("CD", 4, {}, "0xECA0"),
        ("PARITY", 4, {}, "0x6996"),
    ],
)
def test_known_hex_values(name, n, params, hex_table):
    assert family(name, n, **params).hex() == [hex_table]


def test_cd4_by_hand():
    rows = [5, 7, 10, 11, 13, 14, 15]
    assert family("CD", 4).outputs == (sum(1 << r for r in rows),)


def test_names_and_case():
    assert family("parity", 3) == family("PARITY", 3)
    assert family("Thr", 3, k=2) == family("MAJ", 3)
    assert family("MAJ", 3).name == "MAJ3"
    assert family("THR", 5, k=2).name == "THR5_2"
    assert set(family_names()) == {"CD", "DISJ", "IP", "EQ", "GT", "PARITY", "MAJ", "THR",
                                   "EXACT", "MOD", "AND", "OR", "RANDOM", "MEMORIZE",
                                   "PAIRWISE_AND"}
    assert family_names() == sorted(FAMILIES)


def test_family_parameters():
    import inspect

    assert family_parameters("PARITY") == {}
    assert family_parameters("THR") == {"k": inspect.Parameter.empty}
    assert family_parameters("MOD") == {"m": inspect.Parameter.empty}
    assert family_parameters("random") == {"seed": 0, "outputs": 1}


# -- RANDOM ------------------------------------------------------------------------------------

def test_random_reproducible_per_seed():
    for seed in (0, 1, 12345):
        a = family("RANDOM", 5, seed=seed)
        b = family("RANDOM", 5, seed=seed)
        assert a == b and a.key() == b.key()
    assert family("RANDOM", 5) == family("RANDOM", 5, seed=0)


def test_random_differs_across_seeds():
    tables = {family("RANDOM", 6, seed=seed).outputs[0] for seed in range(20)}
    assert len(tables) == 20  # 2^64 possible tables: a collision would be a bug


def test_random_multi_output_and_range():
    spec = family("RANDOM", 4, seed=3, outputs=3)
    assert spec.num_outputs == 3
    assert all(0 <= t < 1 << 16 for t in spec.outputs)
    assert len(set(spec.outputs)) == 3
    # Roughly balanced: over 20 seeds x 64 rows the fraction of ones is near 1/2.
    ones = sum(bin(family("RANDOM", 6, seed=s).outputs[0]).count("1") for s in range(20))
    assert 0.4 < ones / (20 * 64) < 0.6


def test_random_bad_parameters():
    with pytest.raises(InputError, match="seed"):
        family("RANDOM", 3, seed="x")
    with pytest.raises(InputError, match="outputs"):
        family("RANDOM", 3, outputs=0)


# -- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["CD", "DISJ", "IP", "EQ", "GT"])
@pytest.mark.parametrize("n", [1, 3, 5, 0])
def test_two_half_families_need_even_n(name, n):
    with pytest.raises(InputError) as info:
        family(name, n)
    message = str(info.value)
    assert name in message and f"n = {n}" in message


def test_unknown_family_lists_valid_ones():
    with pytest.raises(InputError) as info:
        family("XOR", 3)
    message = str(info.value)
    assert "'XOR'" in message
    for name in family_names():
        assert name in message


def test_unknown_parameter_is_named():
    with pytest.raises(InputError) as info:
        family("PARITY", 3, k=1)
    assert "k" in str(info.value) and "PARITY" in str(info.value)
    with pytest.raises(InputError) as info:
        family("THR", 3, k=1, kk=2)
    assert "kk" in str(info.value)


@pytest.mark.parametrize("name", ["THR", "EXACT"])
def test_missing_k(name):
    with pytest.raises(InputError) as info:
        family(name, 3)
    assert "missing" in str(info.value) and "k" in str(info.value)


def test_missing_m():
    with pytest.raises(InputError, match="m"):
        family("MOD", 3)


@pytest.mark.parametrize("k", [-1, 4, 2.0, True, "2"])
def test_k_out_of_range(k):
    with pytest.raises(InputError) as info:
        family("THR", 3, k=k)
    assert repr(k) in str(info.value)


@pytest.mark.parametrize("m", [1, 0, -2, 2.5])
def test_mod_bad_m(m):
    with pytest.raises(InputError) as info:
        family("MOD", 3, m=m)
    assert repr(m) in str(info.value)


@pytest.mark.parametrize("n", [-1, 21, 3.0, True])
def test_bad_n(n):
    with pytest.raises(InputError) as info:
        family("PARITY", n)
    assert repr(n) in str(info.value)


def test_maj_needs_an_input():
    with pytest.raises(InputError):
        family("MAJ", 0)
