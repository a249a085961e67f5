"""Communication rank (minckt.bounds.rank) against independent mathematics.

Independent truths used here:
* PARITY: M[a][b] = p(a) xor p(b) has two distinct nonzero row patterns, p and 1 - p, so its
  0/1 rank is 2 on every partition; its ±1 matrix is the outer product (-1)^p(a)·(-1)^p(b),
  rank 1.
* EQ on the halves x | y (y_i = x_{n/2+i}): the 0/1 matrix is the identity.
* DISJ on the halves: the Kronecker power of [[1, 1], [1, 0]] (det -1), full rank.
* CD = NOT DISJ on the halves: J - D, rank 2^{n/2} - 1
(docs/design/papers.md#energy-and-depth-uchizawaabe; its row for x = 0
  is zero), and ±1 rank 2^{n/2} (it is -(±1 matrix of DISJ)).
* IP on the halves: the ±1 matrix is the Sylvester–Hadamard matrix H with H·H^T = 2^{n/2}·I.
* Ranks over Q by Gauss–Jordan elimination on `fractions.Fraction` (written here, sharing no
  code with the module), and rk(f) by brute force over every partition.
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minckt.bounds import rank as R
from minckt.errors import InputError
from minckt.core.families import family
from minckt.core.spec import Spec


# -- an independent exact rank ------------------------------------------------------------

def fraction_rank(matrix) -> int:
    rows = [[Fraction(int(v)) for v in row] for row in np.asarray(matrix).tolist()]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column] != 0:
                ratio = rows[i][column] / rows[rank][column]
                rows[i] = [a - ratio * b for a, b in zip(rows[i], rows[rank])]
        rank += 1
    return rank


def brute_matrix(spec: Spec, part_a: tuple[int, ...], signed: bool, output=None) -> np.ndarray:
    """The communication matrix from the definition, one entry at a time (1-based part_a)."""
    a_inputs = sorted(i - 1 for i in part_a)
    b_inputs = [i for i in range(spec.n) if i not in a_inputs]
    outs = range(spec.num_outputs) if output is None else [output]
    matrix = np.zeros((1 << len(a_inputs), len(outs) << len(b_inputs)), dtype=np.int64)
    for row in range(spec.num_rows):
        a = sum(((row >> i) & 1) << j for j, i in enumerate(a_inputs))
        b = sum(((row >> i) & 1) << j for j, i in enumerate(b_inputs))
        for slot, k in enumerate(outs):
            value = int(spec.value(row, k))
            matrix[a, (slot << len(b_inputs)) + b] = (1 - 2 * value) if signed else value
    return matrix


def brute_rk(spec: Spec, signed: bool, output=None) -> int:
    """max over every ordered partition (A, B), both non-empty, of the Fraction rank."""
    best = 0
    for size in range(1, spec.n):
        for part in itertools.combinations(range(1, spec.n + 1), size):
            best = max(best, fraction_rank(brute_matrix(spec, part, signed, output)))
    return best


def halves(n: int) -> tuple[int, ...]:
    return tuple(range(1, n // 2 + 1))


# -- matrix_rank_exact ----------------------------------------------------------------------

@st.composite
def small_matrices(draw, values=(0, 1)):
    rows = draw(st.integers(1, 7))
    cols = draw(st.integers(1, 7))
    cells = draw(st.lists(st.sampled_from(values), min_size=rows * cols,
                          max_size=rows * cols))
    return np.array(cells, dtype=np.int64).reshape(rows, cols)


@st.composite
def low_rank_matrices(draw):
    """U·V with a small inner dimension, so rank deficiency is common (unlike random 0/1)."""
    rows, cols, inner = draw(st.integers(1, 7)), draw(st.integers(1, 7)), draw(st.integers(1, 4))
    u = draw(st.lists(st.integers(-3, 3), min_size=rows * inner, max_size=rows * inner))
    v = draw(st.lists(st.integers(-3, 3), min_size=inner * cols, max_size=inner * cols))
    return np.array(u).reshape(rows, inner) @ np.array(v).reshape(inner, cols)


@settings(max_examples=150, deadline=None)
@given(small_matrices())
def test_exact_rank_matches_fractions_on_01(matrix):
    assert R.matrix_rank_exact(matrix) == fraction_rank(matrix)


@settings(max_examples=150, deadline=None)
@given(small_matrices(values=(-1, 1)))
def test_exact_rank_matches_fractions_on_pm1(matrix):
    assert R.matrix_rank_exact(matrix) == fraction_rank(matrix)


@settings(max_examples=150, deadline=None)
@given(low_rank_matrices(), st.sampled_from([None, 2, 3, 5]))
def test_exact_rank_matches_fractions_on_low_rank(matrix, screen_prime):
    expected = fraction_rank(matrix)
    assert R.matrix_rank_exact(matrix, screen_prime=screen_prime) == expected
    assert R.bareiss_rank(matrix) == expected


@settings(max_examples=100, deadline=None)
@given(small_matrices(values=(0, 1)), st.sampled_from([2, 3]))
def test_small_screen_prime_never_changes_the_answer(matrix, prime):
    # mod 2 and mod 3 a 0/1 matrix is often singular where it is not over Q
    assert R.rank_mod_prime(matrix, prime) <= fraction_rank(matrix)
    assert R.matrix_rank_exact(matrix, screen_prime=prime) == fraction_rank(matrix)


def test_singular_mod_the_default_prime_but_not_over_q():
    prime = R._prime(0)  # the first prime matrix_rank_exact uses
    # det [[1,2,3],[4,5,6],[7,8,9]] = 0; adding P at (3,3) adds P·(1·5 - 2·4) = -3P
    matrix = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9 + prime]], dtype=np.int64)
    assert R.rank_mod_prime(matrix, prime) == 2
    assert fraction_rank(matrix) == 3
    assert R.matrix_rank_exact(matrix) == 3


def test_singular_mod_two_primes_but_not_over_q():
    # det = 3·P0: singular mod 3 (the screen) and mod P0 (the first certifying prime)
    prime = R._prime(0)
    matrix = np.array([[3 * prime, 0], [0, 1]], dtype=np.int64)
    assert R.rank_mod_prime(matrix, 3) == 1 and R.rank_mod_prime(matrix, prime) == 1
    assert R.matrix_rank_exact(matrix, screen_prime=3) == 2


def test_01_matrix_singular_mod_2_but_not_over_q():
    matrix = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]])  # det 2
    assert R.rank_mod_prime(matrix, 2) == 2
    assert R.matrix_rank_exact(matrix, screen_prime=2) == 3
    assert R.matrix_rank_exact(matrix) == 3


def test_genuinely_deficient_matrix_is_certified():
    matrix = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]])  # rank 2, distinct nonzero rows
    assert R.matrix_rank_exact(matrix) == 2
    assert R.matrix_rank_exact(matrix, screen_prime=7) == 2


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_certificate_needs_several_primes(seed, monkeypatch):
    # rank 20 in 30 x 30 with entries up to 20: Hadamard's bound on a 21 x 21 minor is about
    # 2^137, so several primes are needed before the rank found mod the first is certified
    rng = np.random.default_rng(seed)
    matrix = rng.integers(-1, 2, (30, 20)) @ rng.integers(-1, 2, (20, 30))
    calls = []
    original = R._batched_rank_mod
    monkeypatch.setattr(R, "_batched_rank_mod",
                        lambda stack, prime: calls.append(prime) or original(stack, prime))
    assert R.matrix_rank_exact(matrix) == fraction_rank(matrix) == 20
    assert len(set(calls)) >= 4


def test_big_integer_entries_use_exact_elimination():
    big = 1 << 70
    assert R.matrix_rank_exact(np.array([[big, 1], [big, 1]], dtype=object)) == 1
    assert R.matrix_rank_exact(np.array([[big, 1], [1, 0]], dtype=object)) == 2
    assert R.matrix_rank_exact([[big, big + 1], [big + 1, big + 2]]) == 2


def test_matrix_rank_exact_rejects_floats_and_bad_shapes():
    with pytest.raises(InputError, match="integer"):
        R.matrix_rank_exact(np.eye(3))
    with pytest.raises(InputError, match="2-D"):
        R.matrix_rank_exact(np.zeros((2, 2, 2), dtype=np.int64))
    with pytest.raises(InputError, match="prime"):
        R.matrix_rank_exact(np.eye(3, dtype=np.int64), screen_prime=4)


def test_zero_and_empty_matrices():
    assert R.matrix_rank_exact(np.zeros((4, 3), dtype=np.int64)) == 0
    assert R.matrix_rank_exact(np.zeros((0, 3), dtype=np.int64)) == 0
    assert R.rank_mod_prime(np.zeros((0, 3), dtype=np.int64), 5) == 0


# -- communication matrices of the named functions -----------------------------------------

@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_parity_has_rank_2_and_1_on_every_partition(n):
    spec = family("PARITY", n)
    for size in range(1, n):
        for part in itertools.combinations(range(1, n + 1), size):
            assert R.partition_rank(spec, part) == 2
            assert R.partition_rank(spec, part, signed=True) == 1
    assert R.best_partition_rank(spec).rank == 2
    assert R.best_partition_rank(spec, signed=True).rank == 1


@pytest.mark.parametrize("n", [2, 4, 6, 8])
def test_eq_on_halves_is_the_identity(n):
    matrix = R.communication_matrix(family("EQ", n), halves(n))
    assert (matrix == np.eye(1 << (n // 2), dtype=np.int64)).all()
    assert R.matrix_rank_exact(matrix) == 1 << (n // 2)


@pytest.mark.parametrize("n", [2, 4, 6, 8])
def test_disj_on_halves_is_full_rank(n):
    k = n // 2
    matrix = R.communication_matrix(family("DISJ", n), halves(n))
    index = np.arange(1 << k)
    assert (matrix == ((index[:, None] & index[None, :]) == 0)).all()
    assert R.matrix_rank_exact(matrix) == 1 << k


@pytest.mark.parametrize("n", [2, 4, 6, 8, 10])
def test_cd_on_halves(n):
    spec = family("CD", n)
    assert R.partition_rank(spec, halves(n)) == (1 << (n // 2)) - 1
    assert R.partition_rank(spec, halves(n), signed=True) == 1 << (n // 2)


@pytest.mark.parametrize("n", [2, 4, 6, 8, 10])
def test_ip_signed_on_halves_is_hadamard(n):
    k = n // 2
    matrix = R.communication_matrix(family("IP", n), halves(n), signed=True)
    assert (matrix @ matrix.T == (1 << k) * np.eye(1 << k, dtype=np.int64)).all()
    assert R.matrix_rank_exact(matrix) == 1 << k


@pytest.mark.parametrize("name", ["CD", "IP", "EQ", "DISJ", "GT", "PARITY", "MAJ"])
@pytest.mark.parametrize("n", [2, 4])
def test_communication_matrix_matches_the_definition(name, n):
    spec = family(name, n)
    for size in range(1, n):
        for part in itertools.combinations(range(1, n + 1), size):
            for signed in (False, True):
                expected = brute_matrix(spec, part, signed)
                assert (R.communication_matrix(spec, part, signed) == expected).all()


@pytest.mark.parametrize("name", ["CD", "IP", "EQ", "DISJ", "GT", "MAJ", "AND", "OR"])
@pytest.mark.parametrize("n", [2, 4, 6])
def test_best_partition_rank_matches_brute_force(name, n):
    spec = family(name, n)
    for signed in (False, True):
        found = R.best_partition_rank(spec, signed)
        assert found.rank == brute_rk(spec, signed)
        assert found.exact
        # the reported partition attains the rank
        assert R.partition_rank(spec, found.part_a, signed) == found.rank
        assert sorted(found.part_a + found.part_b) == list(range(1, n + 1))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5), st.data())
def test_best_partition_rank_on_random_functions(n, data):
    table = data.draw(st.integers(0, (1 << (1 << n)) - 1))
    spec = Spec(n=n, outputs=(table,))
    for signed in (False, True):
        assert R.best_partition_rank(spec, signed).rank == brute_rk(spec, signed)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 4), st.data())
def test_stacked_outputs_rank_matches_brute_force(n, data):
    tables = tuple(data.draw(st.integers(0, (1 << (1 << n)) - 1)) for _ in range(2))
    spec = Spec(n=n, outputs=tables)
    for signed in (False, True):
        assert R.best_partition_rank(spec, signed).rank == brute_rk(spec, signed)
        for k in range(2):
            assert R.best_partition_rank(spec, signed, output=k).rank == \
                brute_rk(spec, signed, output=k)


def test_stacked_layout_is_output_major():
    spec = Spec(n=4, outputs=(family("CD", 4).outputs[0], family("EQ", 4).outputs[0]))
    both = R.communication_matrix(spec, (1, 2))
    assert (both[:, :4] == R.communication_matrix(spec, (1, 2), output=0)).all()
    assert (both[:, 4:] == R.communication_matrix(spec, (1, 2), output=1)).all()


def test_stacking_breaks_the_swap_symmetry():
    # [M1 | M2] with M1 = e11, M2 = e12 has rank 1; the swapped stack [M1^T | M2^T] rank 2
    spec = Spec.from_callable(lambda a, b: (a == 0 and b == 0, a == 0 and b == 1), 2,
                              outputs=2)
    assert R.partition_rank(spec, (1,)) == 1
    assert R.partition_rank(spec, (2,)) == 2
    assert R.best_partition_rank(spec).rank == 2


# -- the search itself ----------------------------------------------------------------------

def test_symmetric_functions_need_one_partition_per_size():
    assert R.is_symmetric(family("MAJ", 6))
    assert R.is_symmetric(family("PARITY", 5))
    assert not R.is_symmetric(family("CD", 6))
    result = R.best_partition_rank(family("MAJ", 8))
    assert result.rank == 5  # weights 0..4 of the first half give 5 distinct rows
    assert result.partitions_checked <= 4


def test_early_exit_on_a_full_rank_balanced_partition():
    result = R.best_partition_rank(family("EQ", 10))
    assert result.rank == 32 == result.max_possible
    assert result.partitions_checked == 1
    assert result.part_a == (1, 2, 3, 4, 5) and result.part_b == (6, 7, 8, 9, 10)


def test_result_fields():
    result = R.best_partition_rank(family("CD", 6), signed=True)
    assert result.matrix == "±1" and result.exact is True and result.output is None
    assert result.max_possible == 8
    assert R.best_partition_rank(family("CD", 6)).matrix == "0/1"
    assert R.log2_rank(family("EQ", 6)) == 3.0
    assert R.log2_rank(result) == 3.0
    assert R.log2_rank(Spec(n=4, outputs=(0,))) == float("-inf")  # 0/1 rank 0
    assert R.best_partition_rank(Spec(n=4, outputs=(0,)), signed=True).rank == 1
    assert R.max_possible_rank(7) == 8 and R.max_possible_rank(4, outputs=2) == 4


def test_per_output_ranks():
    spec = Spec(n=4, outputs=(family("PARITY", 4).outputs[0], family("EQ", 4).outputs[0]))
    assert [r.rank for r in R.per_output_ranks(spec)] == [2, 4]
    assert [r.output for r in R.per_output_ranks(spec)] == [0, 1]


def test_partial_specs_and_bad_partitions_are_rejected():
    partial = Spec.from_table("0x8", 2, care="0xE")
    with pytest.raises(InputError, match="total"):
        R.best_partition_rank(partial)
    with pytest.raises(InputError, match="total"):
        R.communication_matrix(partial, (1,))
    spec = family("CD", 4)
    with pytest.raises(InputError, match="non-empty"):
        R.communication_matrix(spec, (1, 2, 3, 4))
    with pytest.raises(InputError, match="non-empty"):
        R.communication_matrix(spec, ())
    with pytest.raises(InputError, match="1..4"):
        R.communication_matrix(spec, (0, 1))
    with pytest.raises(InputError, match="twice"):
        R.communication_matrix(spec, (1, 1))
    with pytest.raises(InputError, match="n >= 2"):
        R.best_partition_rank(Spec(n=1, outputs=(2,)))
    with pytest.raises(InputError, match="output"):
        R.best_partition_rank(spec, output=1)


@pytest.mark.parametrize("n", [8, 10])
def test_named_functions_at_moderate_n(n):
    k = n // 2
    expected = {"CD": ((1 << k) - 1, 1 << k), "IP": ((1 << k) - 1, 1 << k),
                "EQ": (1 << k, 1 << k), "DISJ": (1 << k, 1 << k)}
    for name, (zero_one, signed) in expected.items():
        assert R.best_partition_rank(family(name, n)).rank == zero_one
        assert R.best_partition_rank(family(name, n), signed=True).rank == signed


@pytest.mark.slow
def test_rank_at_n12_is_fast_and_right():
    cases = {"CD": (63, 64), "IP": (63, 64), "EQ": (64, 64)}
    start = time.perf_counter()
    for name, (zero_one, signed) in cases.items():
        R._best_partition_rank.cache_clear()
        assert R.best_partition_rank(family(name, 12)).rank == zero_one
        assert R.best_partition_rank(family(name, 12), signed=True).rank == signed
    random_spec = family("RANDOM", 12, seed=1)
    assert R.best_partition_rank(random_spec).rank == 64
    assert R.best_partition_rank(random_spec, signed=True).rank == 64
    assert time.perf_counter() - start < 30
