"""Communication rank rk(f): the largest rank of a communication matrix of f, computed exactly.

Uchizawa & Abe's energy–depth bound (docs/design/papers.md#energy-and-depth-uchizawaabe; Neural
Computation 36(8):1541–1567, 2024, doi:10.1162/neco_a_01683; arXiv 2107.00223) is stated in terms
of rk(f), the rank of the communication matrix of f.  This module computes it.

**Communication matrix.**  For a total spec f on n inputs and a partition of the inputs into
non-empty parts A and B, ``M[a][b] = f(a ∪ b)``: row a is an assignment to the inputs of A,
column b one to B.  Row index a has bit j equal to the input A[j] (A sorted ascending, so the
lowest-numbered input of A is the least significant bit), and likewise for columns -- the
row convention of `minckt.core.spec` restricted to each part.  The *signed* (±1) form is
``(-1)^f(a ∪ b) = 1 - 2·M[a][b]``.  The two ranks differ by at most 1 (the ±1 matrix is
J - 2M with J all-ones); Uchizawa–Abe's CD example matches the ±1 rank
(docs/design/papers.md#energy-and-depth-uchizawaabe), so both are offered and reported.

**Several outputs.**  By default (``output=None``) the outputs' matrices are stacked side by
side: rows are assignments to A, columns are pairs (output k, assignment b to B), column index
``k·2^|B| + b``.  ``output=k`` selects one output (its own matrix).  For one output the two
agree.  Stacking breaks the A/B swap symmetry (the swapped stack is not the transpose), so for
two or more stacked outputs both orientations of every partition are checked.

**Partial specs.**  Rank is defined here for total functions only: a spec with don't-care rows
raises `InputError` (the rank of a partial matrix depends on how it is completed).

**rk(f)** is the maximum of rank(M) over all partitions.  For one matrix rank(M) = rank(M^T),
so partitions are taken up to swapping A and B: |A| ≤ n/2, and when |A| = n/2 the part A holds
x1.  Sizes are tried in decreasing order of their largest possible rank
min(2^|A|, m·2^|B|) (balanced partitions first for one output); the search stops as soon as the
best rank found reaches the largest possible rank of every size still to try.  When every
selected output is invariant under all permutations of the inputs (checked on the truth table
under each transposition of adjacent inputs) one partition per size suffices.

**Exactness.**  No floating point.  Ranks are computed modulo primes p < 2^31.5 with vectorised
int64 elimination (products stay below 2^63).  A rank modulo p is at most the rank over Q,
so a modular rank equal to min(rows, cols) is exact -- and so is one equal to the number of
distinct nonzero rows (or columns), which bounds the rank over every field; that ceiling makes
most rank-deficient communication matrices (CD, IP, GT: a zero row) exact at once, and lets
the partition search skip every partition whose ceiling cannot beat the best rank found so
far.  Otherwise, with r the modular rank, the rank is certified to be r by further primes: if
rank mod p_i ≤ r for distinct primes whose product exceeds Hadamard's bound on every
(r+1)×(r+1) minor, every such minor is divisible by that product and smaller in absolute
value, hence zero, so rank over Q ≤ r.  A matrix for which some prime shows a larger rank is
handed to exact fraction-free (Bareiss) elimination over Python integers.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

import numpy as np

from minckt.errors import InputError, InternalError
from minckt.core.spec import Spec

__all__ = [
    "RankResult",
    "communication_matrix",
    "matrix_rank_exact",
    "rank_mod_prime",
    "bareiss_rank",
    "partition_rank",
    "best_partition_rank",
    "per_output_ranks",
    "log2_rank",
    "is_symmetric",
    "max_possible_rank",
    "PRIME_LIMIT",
]

#: Moduli stay below this bound so that (p-1)^2 + p fits in int64 (floor(sqrt(2^63 - 1))).
PRIME_LIMIT = 3_037_000_499

#: Upper bound on the int64 entries held by one batched elimination (memory ~ 8x this in bytes,
#: times a small constant for temporaries).
_BATCH_ELEMENTS = 1 << 21


# -- primes ---------------------------------------------------------------------------------

def _is_prime(value: int) -> bool:
    """Deterministic Miller–Rabin, exact for value < 3.3e24 (bases: first 12 primes)."""
    if value < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    for q in small:
        if value % q == 0:
            return value == q
    d, s = value - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in small:
        x = pow(a, d, value)
        if x in (1, value - 1):
            continue
        for _ in range(s - 1):
            x = x * x % value
            if x == value - 1:
                break
        else:
            return False
    return True


_PRIMES: list[int] = []


def _prime(index: int) -> int:
    """The index-th largest prime below PRIME_LIMIT (0: the largest), generated on demand."""
    candidate = _PRIMES[-1] - 2 if _PRIMES else (PRIME_LIMIT - 1) | 1
    while len(_PRIMES) <= index:
        if candidate >= PRIME_LIMIT:
            candidate -= 2
            continue
        if _is_prime(candidate):
            _PRIMES.append(candidate)
        candidate -= 2
    return _PRIMES[index]


# -- modular and exact elimination ----------------------------------------------------------

def _as_integer_array(matrix: object) -> np.ndarray:
    """A 2-D or 3-D integer array (int64 where the values fit, else Python-int objects)."""
    array = np.asarray(matrix)
    if array.dtype == object:
        flat = array.ravel().tolist()
        if any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in flat):
            raise InputError("matrix: expected integer entries")
        values = [int(v) for v in flat]
        if all(-(1 << 62) < v < (1 << 62) for v in values):
            return np.array(values, dtype=np.int64).reshape(array.shape)
        return np.array(values, dtype=object).reshape(array.shape)
    if array.dtype == bool:
        return array.astype(np.int64)
    if not np.issubdtype(array.dtype, np.integer):
        raise InputError(f"matrix: expected integer entries, got dtype {array.dtype} "
                         "(rank is computed exactly; no floating point)")
    return array.astype(np.int64, copy=False)


def _reduce_mod(array: np.ndarray, prime: int) -> np.ndarray:
    if array.dtype == object:
        return np.array([int(v) % prime for v in array.ravel().tolist()],
                        dtype=np.int64).reshape(array.shape)
    return np.mod(array, prime)


def _batched_rank_mod(stack: np.ndarray, prime: int) -> np.ndarray:
    """Ranks modulo `prime` of each matrix in a (K, R, C) stack with entries in 0..prime-1.

    Column-by-column Gaussian elimination on all K matrices at once, each with its own pivot
    rows.  Rows are never swapped: a row that has served as a pivot is marked used, and the
    remaining rows are updated fraction-free, row <- pivot·row - factor·pivot_row (mod p), which
    keeps the rank and needs no modular inverse.  Entries below p < 2^31.5 keep every product
    below 2^63.
    """
    if not 2 <= prime < PRIME_LIMIT:
        raise InputError(f"prime {prime}: expected a prime in 2..{PRIME_LIMIT - 1}")
    work = np.array(stack, dtype=np.int64, copy=True)
    if work.shape[1] < work.shape[2]:
        work = np.ascontiguousarray(work.transpose(0, 2, 1))
    count, rows, cols = work.shape
    used = np.zeros((count, rows), dtype=bool)
    rank = np.zeros(count, dtype=np.int64)
    for column in range(cols):
        values = work[:, :, column]
        candidates = (values != 0) & ~used
        has_pivot = candidates.any(axis=1)
        if not has_pivot.any():
            continue
        everyone = bool(has_pivot.all())
        which: slice | np.ndarray = slice(None) if everyone else np.flatnonzero(has_pivot)
        cand = candidates[which]
        vals = values[which]
        pivot_index = cand.argmax(axis=1)
        picked = np.arange(cand.shape[0])
        pivot_value = vals[picked, pivot_index]
        block = work[which, :, column + 1:]
        pivot_row = block[picked, pivot_index, :]
        used_now = used[which]
        used_now[picked, pivot_index] = True
        factors = np.where(used_now, 0, vals)
        block = (block * pivot_value[:, None, None]
                 - factors[:, :, None] * pivot_row[:, None, :]) % prime
        if everyone:
            work[:, :, column + 1:] = block
            used = used_now
            rank += 1
        else:
            work[which, :, column + 1:] = block
            used[which] = used_now
            rank[which] += 1
        if bool((rank == rows).all()):
            break
    return rank


def rank_mod_prime(matrix: object, prime: int) -> int:
    """The rank of an integer matrix over the field Z/pZ (a lower bound on its rank over Q)."""
    if not _is_prime(prime):
        raise InputError(f"prime {prime}: not a prime")
    array = _as_integer_array(matrix)
    if array.ndim != 2:
        raise InputError(f"matrix: expected a 2-D array, got shape {array.shape}")
    if 0 in array.shape:
        return 0
    return int(_batched_rank_mod(_reduce_mod(array, prime)[None], prime)[0])


def bareiss_rank(matrix: object) -> int:
    """The rank over Q of an integer matrix, by fraction-free (Bareiss) elimination on ints.

    Every entry after k pivot steps is a (k+1)×(k+1) minor of the input, so each division by
    the previous pivot is exact; columns without a pivot stay zero below the pivot rows and are
    skipped.
    """
    array = _as_integer_array(matrix)
    if array.ndim != 2:
        raise InputError(f"matrix: expected a 2-D array, got shape {array.shape}")
    rows = [[int(v) for v in row] for row in array.tolist()]
    if rows and len(rows) > len(rows[0]):
        rows = [list(col) for col in zip(*rows)]
    height = len(rows)
    width = len(rows[0]) if rows else 0
    rank, previous = 0, 1
    for column in range(width):
        pivot = next((i for i in range(rank, height) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        top = rows[rank]
        head = top[column]
        for i in range(rank + 1, height):
            row = rows[i]
            factor = row[column]
            for j in range(column + 1, width):
                row[j] = (row[j] * head - factor * top[j]) // previous
            row[column] = 0
        previous = head
        rank += 1
        if rank == height:
            break
    return rank


def _hadamard_square(size: int, largest: int) -> int:
    """Square of Hadamard's bound on a size×size minor with |entries| ≤ largest."""
    return (size * largest * largest) ** size


def _distinct_nonzero(matrix: np.ndarray) -> int:
    """The number of distinct nonzero rows of a 2-D int64 array (exact, no hashing)."""
    nonzero = np.ascontiguousarray(matrix[matrix.any(axis=1)])
    if nonzero.shape[0] <= 1:
        return nonzero.shape[0]
    rows = nonzero.view(np.dtype((np.void, nonzero.dtype.itemsize * nonzero.shape[1])))
    return int(np.unique(rows).shape[0])


def _rank_ceilings(stack: np.ndarray) -> np.ndarray:
    """For each matrix of a (K, R, C) stack, min(distinct nonzero rows, distinct nonzero
    columns): an upper bound on its rank over any field (repeated and zero rows add nothing).
    """
    return np.array([min(_distinct_nonzero(m), _distinct_nonzero(m.T)) for m in stack],
                    dtype=np.int64)


def _batched_rank_exact(stack: np.ndarray, screen_prime: int | None = None,
                        ceilings: np.ndarray | None = None) -> np.ndarray:
    """Exact ranks over Q of each matrix in a (K, R, C) integer stack (see the module doc).

    A modular rank that reaches the matrix's ceiling (`_rank_ceilings`, at most
    min(rows, cols)) is exact as it stands; the others are certified by more primes.
    """
    count = stack.shape[0]
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    if ceilings is None:
        ceilings = _rank_ceilings(stack)
    ranks = np.zeros(count, dtype=np.int64)
    live = np.flatnonzero(ceilings > 0)
    if live.size == 0:
        return ranks
    first = _prime(0) if screen_prime is None else screen_prime
    ranks[live] = _batched_rank_mod(_reduce_mod(stack[live], first), first)
    pending = np.flatnonzero(ranks < ceilings)
    if pending.size == 0:
        return ranks
    largest = int(max(abs(int(stack.max())), abs(int(stack.min()))))
    product = first
    index = 0
    while pending.size:
        need = np.array([_hadamard_square(int(r) + 1, largest) for r in ranks[pending]],
                        dtype=object)
        certified = np.array([product * product > h for h in need], dtype=bool)
        pending = pending[~certified]
        if pending.size == 0:
            break
        prime = _prime(index)
        index += 1
        if prime == first:
            continue
        product *= prime
        other = _batched_rank_mod(_reduce_mod(stack[pending], prime), prime)
        higher = other > ranks[pending]
        for k in pending[higher]:
            ranks[k] = bareiss_rank(stack[k])
        pending = pending[~higher]
    return ranks


def matrix_rank_exact(matrix: object, screen_prime: int | None = None) -> int:
    """The rank over Q of an integer matrix, exactly (no floating point).

    A fast rank modulo a large prime, certified by further primes against Hadamard's bound,
    with exact Bareiss elimination as the fallback (module doc).  `screen_prime` replaces the
    first prime (any prime below PRIME_LIMIT; tests use a small one to force the fallback);
    the answer is exact whatever it is.
    """
    array = _as_integer_array(matrix)
    if array.ndim != 2:
        raise InputError(f"matrix: expected a 2-D array, got shape {array.shape}")
    if screen_prime is not None and (not _is_prime(screen_prime)
                                     or screen_prime >= PRIME_LIMIT):
        raise InputError(f"screen_prime {screen_prime}: expected a prime below {PRIME_LIMIT}")
    if array.dtype == object:
        return bareiss_rank(array)
    return int(_batched_rank_exact(array[None], screen_prime)[0])


# -- communication matrices -----------------------------------------------------------------

def _require_total(spec: Spec) -> None:
    if not isinstance(spec, Spec):
        raise InputError(f"expected a Spec, got {type(spec).__name__}")
    if not spec.is_total:
        raise InputError(
            f"spec {spec}: communication rank is defined for total functions; this spec has "
            f"{spec.num_rows - len(spec.care_rows)} don't-care row(s)"
        )


def _selected_tables(spec: Spec, output: int | None) -> np.ndarray:
    """(m', 2^n) bool values of the selected outputs (all of them for output=None)."""
    if output is None:
        return spec.values
    if isinstance(output, bool) or not isinstance(output, int) \
            or not 0 <= output < spec.num_outputs:
        raise InputError(f"output {output!r}: expected an index in 0..{spec.num_outputs - 1}")
    return spec.values[output:output + 1]


def _check_part(spec: Spec, part_a: Sequence[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Validate 1-based indices; return (A, B) as sorted 0-based tuples."""
    try:
        chosen = [int(i) for i in part_a]
    except (TypeError, ValueError):
        raise InputError(f"part_a {part_a!r}: expected 1-based input indices") from None
    if any(isinstance(i, bool) for i in part_a) or any(not 1 <= i <= spec.n for i in chosen):
        raise InputError(f"part_a {tuple(part_a)!r}: indices must lie in 1..{spec.n}")
    if len(set(chosen)) != len(chosen):
        raise InputError(f"part_a {tuple(part_a)!r}: an index appears twice")
    a = tuple(sorted(i - 1 for i in chosen))
    b = tuple(i for i in range(spec.n) if i not in set(a))
    if not a or not b:
        raise InputError(
            f"part_a {tuple(part_a)!r}: both parts of the partition of x1..x{spec.n} must be "
            "non-empty"
        )
    return a, b


def _index_of(bits: np.ndarray, part: np.ndarray) -> np.ndarray:
    """For each partition (rows of `part`, 0-based inputs) and row r: the packed index of r's
    bits on that part.  bits is (n, 2^n); part is (K, k); result is (K, 2^n)."""
    place = np.left_shift(1, np.arange(part.shape[1], dtype=np.int64))
    return np.einsum("kjr,j->kr", bits[part], place)


def _matrices(tables: np.ndarray, n: int, parts_a: np.ndarray, signed: bool) -> np.ndarray:
    """(K, 2^|A|, m·2^|B|) stack of communication matrices for the partitions in parts_a."""
    count, size_a = parts_a.shape
    size_b = n - size_a
    rows = np.arange(1 << n, dtype=np.int64)
    bits = (rows[None, :] >> np.arange(n, dtype=np.int64)[:, None]) & 1
    member = np.zeros((count, n), dtype=bool)
    member[np.arange(count)[:, None], parts_a] = True
    parts_b = np.nonzero(~member)[1].reshape(count, size_b)
    a_index = _index_of(bits, parts_a)
    b_index = _index_of(bits, parts_b)
    outputs = tables.shape[0]
    stack = np.zeros((count, 1 << size_a, outputs << size_b), dtype=np.int64)
    k_index = np.arange(count)[:, None]
    for k in range(outputs):
        stack[k_index, a_index, (k << size_b) + b_index] = tables[k][None, :]
    if signed:
        stack = 1 - 2 * stack
    return stack


def communication_matrix(spec: Spec, part_a: Sequence[int], signed: bool = False,
                         output: int | None = None) -> np.ndarray:
    """M[a][b] = f(a ∪ b) for the partition (part_a, rest), as an int64 numpy array.

    `part_a` holds 1-based input indices; row index a has bit j = x_{A[j]} with A sorted.
    signed=True gives (-1)^f.  output=None stacks every output's matrix side by side (column
    k·2^|B| + b); output=k gives output k alone.
    """
    _require_total(spec)
    a, _ = _check_part(spec, part_a)
    tables = _selected_tables(spec, output)
    return _matrices(tables, spec.n, np.array([a], dtype=np.int64), signed)[0]


def partition_rank(spec: Spec, part_a: Sequence[int], signed: bool = False,
                   output: int | None = None) -> int:
    """The exact rank of `communication_matrix(spec, part_a, signed, output)`."""
    return int(_batched_rank_exact(communication_matrix(spec, part_a, signed, output)[None])[0])


# -- the best partition ---------------------------------------------------------------------

@dataclass(frozen=True)
class RankResult:
    """rk(f) with a partition that attains it.

    `rank` is exact; `matrix` is "0/1" or "±1"; `part_a`/`part_b` are 1-based input indices;
    `partitions_checked` counts the partitions examined (each one's rank was either computed
    or bounded by its count of distinct nonzero rows/columns at or below the best rank already
    found); `output` is the output
    index, or None for all outputs stacked; `max_possible` is the largest rank any partition
    could have (2^floor(n/2) for one output).
    """

    rank: int
    matrix: str
    part_a: tuple[int, ...]
    part_b: tuple[int, ...]
    partitions_checked: int
    exact: bool = True
    output: int | None = None
    max_possible: int = 0

    @property
    def log2(self) -> float:
        """log2(rank); -inf for rank 0 (the 0/1 matrix of the constant-0 function)."""
        return math.log2(self.rank) if self.rank > 0 else float("-inf")

    def to_json(self) -> dict:
        return {"rank": self.rank, "matrix": self.matrix, "part_a": list(self.part_a),
                "part_b": list(self.part_b), "partitions_checked": self.partitions_checked,
                "exact": self.exact, "output": self.output, "max_possible": self.max_possible}


def _transposition(n: int, i: int) -> np.ndarray:
    """Row permutation swapping inputs i and i+1 (0-based)."""
    rows = np.arange(1 << n, dtype=np.int64)
    low, high = (rows >> i) & 1, (rows >> (i + 1)) & 1
    return rows ^ ((low ^ high) * (3 << i))


def is_symmetric(spec: Spec, output: int | None = None) -> bool:
    """True when every selected output is invariant under every permutation of the inputs.

    Adjacent transpositions generate the symmetric group, so checking them suffices.
    """
    tables = _selected_tables(spec, output)
    return all(bool((tables == tables[:, _transposition(spec.n, i)]).all())
               for i in range(spec.n - 1))


def _size_cap(n: int, size_a: int, outputs: int) -> int:
    return min(1 << size_a, outputs << (n - size_a))


def max_possible_rank(n: int, outputs: int = 1) -> int:
    """The largest rank a communication matrix of n inputs and `outputs` stacked outputs can
    have: max over 1 ≤ |A| ≤ n-1 of min(2^|A|, outputs·2^(n-|A|))."""
    if n < 2:
        raise InputError(f"n = {n}: a partition into two non-empty parts needs n >= 2")
    return max(_size_cap(n, a, outputs) for a in range(1, n))


def _partitions(n: int, size_a: int, symmetric: bool, swap_equivalent: bool
                ) -> Iterator[tuple[int, ...]]:
    """0-based parts A of the given size, up to the symmetries in force."""
    if symmetric:
        yield tuple(range(size_a))
        return
    for part in itertools.combinations(range(n), size_a):
        if swap_equivalent and 2 * size_a == n and part[0] != 0:
            continue
        yield part


def _chunks(parts: Iterator[tuple[int, ...]], limit: int) -> Iterator[list[tuple[int, ...]]]:
    """Chunks of 1, 2, 4, ... partitions up to `limit` (an early exit costs little)."""
    size = 1
    while True:
        chunk = list(itertools.islice(parts, size))
        if not chunk:
            return
        yield chunk
        size = min(2 * size, limit)


def best_partition_rank(spec: Spec, signed: bool = False, output: int | None = None
                        ) -> RankResult:
    """rk(f): the exact maximum over partitions of rank(communication matrix) (module doc).

    signed=False uses the 0/1 matrix, True the ±1 matrix.  output=None stacks all outputs;
    output=k uses output k alone.  Raises InputError for a partial spec or n < 2.
    """
    _require_total(spec)
    if not isinstance(signed, bool):
        raise InputError(f"signed = {signed!r}: expected True or False")
    _selected_tables(spec, output)
    return _best_partition_rank(spec, signed, output)


@lru_cache(maxsize=256)
def _best_partition_rank(spec: Spec, signed: bool, output: int | None) -> RankResult:
    n = spec.n
    if n < 2:
        raise InputError(f"spec {spec}: rk(f) needs n >= 2 (two non-empty parts), got n = {n}")
    tables = _selected_tables(spec, output).astype(np.int64)
    outputs = tables.shape[0]
    swap_equivalent = outputs == 1
    symmetric = is_symmetric(spec, output)
    top = n // 2 if swap_equivalent else n - 1
    sizes = sorted(range(1, top + 1),
                   key=lambda a: (-_size_cap(n, a, outputs), abs(n - 2 * a), a))
    ceiling = max(_size_cap(n, a, outputs) for a in sizes)
    best_rank, checked = -1, 0
    best_part: tuple[int, ...] = ()
    for size_a in sizes:
        cap = _size_cap(n, size_a, outputs)
        if best_rank >= cap:
            break  # sizes are in decreasing order of cap: nothing left can do better
        per_matrix = (1 << size_a) * (outputs << (n - size_a))
        limit = max(1, _BATCH_ELEMENTS // per_matrix)
        parts = _partitions(n, size_a, symmetric, swap_equivalent)
        for chunk in _chunks(parts, limit):
            stack = _matrices(tables, n, np.array(chunk, dtype=np.int64), signed)
            checked += len(chunk)
            ceilings = _rank_ceilings(stack)
            # a partition whose ceiling cannot beat the best so far needs no elimination
            hopeful = np.flatnonzero(ceilings > best_rank)
            if hopeful.size == 0:
                continue
            ranks = _batched_rank_exact(stack[hopeful], ceilings=ceilings[hopeful])
            where = int(ranks.argmax())
            if int(ranks[where]) > best_rank:
                best_rank, best_part = int(ranks[where]), chunk[int(hopeful[where])]
            if best_rank >= cap:
                break
        if best_rank >= ceiling:
            break
    if best_rank < 0:
        raise InternalError(f"rank search over partitions of {spec} checked nothing")
    part_a = tuple(i + 1 for i in best_part)
    part_b = tuple(i + 1 for i in range(n) if i not in best_part)
    return RankResult(rank=best_rank, matrix="±1" if signed else "0/1", part_a=part_a,
                      part_b=part_b, partitions_checked=checked, exact=True, output=output,
                      max_possible=ceiling)


def per_output_ranks(spec: Spec, signed: bool = False) -> list[RankResult]:
    """`best_partition_rank` of each output on its own."""
    return [best_partition_rank(spec, signed, output=k) for k in range(spec.num_outputs)]


def log2_rank(source: Spec | RankResult, signed: bool = False, output: int | None = None
              ) -> float:
    """log2 rk(f) for a spec (computed) or a RankResult; -inf when the rank is 0."""
    if isinstance(source, RankResult):
        return source.log2
    return best_partition_rank(source, signed, output).log2
