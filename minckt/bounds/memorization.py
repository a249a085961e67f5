"""Lower bounds for memorization tasks: linear separability and distinct outputs, exactly.

A memorization task is a spec whose care set C is N labelled points
(docs/design/papers.md#memorization-koyuncu); every argument here also holds for total functions (C
= all 2^n rows).  An output's *column* is its table restricted to C; it is *linearly separable*
when some real (w, t) has w·x >= t on its positive care points and w·x < t on its negative ones.

**The one fact about gates everything rests on.**  For the neural models (threshold, relu,
sigmoid; docs/guide/semantics.md#gates-and-circuits) a gate's value is a monotone nondecreasing
function of its integer pre-activation z = Σ w u - t, and the gate is *active* (value > 0) iff z >=
c, c = 0 (threshold), 1 (relu) or its first breakpoint (sigmoid).  So a gate whose sources are
primary inputs, or gates constant on C, and which is evaluated on all of C, has an activity that is
a threshold function of x on C: a linearly separable column.  Boolean bases are not covered.

**Deciding separability exactly** (`separation`).  Separable ⇔ conv(P) ∩ conv(Q) = ∅ for the
positive points P and negative points Q (finite sets: strict separation ⇔ disjoint hulls), so
a set is *not* separable exactly when there are multipliers λ >= 0 on P and μ >= 0 on Q with
Σλ = Σμ = 1 and Σ λ_p p = Σ μ_q q (an asummability or Farkas certificate).  Either answer is
given only with evidence checked in exact integer / `fractions.Fraction` arithmetic:

* separable: integer weights w with min_P w·p > max_Q w·q (threshold t = min_P w·p);
* not separable: a certificate (λ, μ), verified by `check_certificate`.

The evidence is found by, in order: a closed form (a class with at most one point: a cube
vertex is cut off from all others by Σ_{p_i=1} x_i - Σ_{p_i=0} x_i >= |p|), a non-unateness
witness (care rows a, a+e_i, b, b+e_i with f(a) = f(b+e_i) = 0, f(a+e_i) = f(b) = 1 give
(a+e_i) + b = a + (b+e_i), λ = μ = 1/2), OR-Tools' GLOP LP (the separating LP
w·p - t >= 1 on positives, w·q - t <= -1 on negatives, its w scaled and rounded to integers;
then the Farkas LP, whose support is re-solved exactly as a small linear system in
Fractions), and when N <= EXACT_POINTS an exact phase-1 simplex method in Fractions (Bland's
rule; infeasible, its duals give the separating weights) as a fallback.  A float verdict alone
proves nothing: when no evidence verifies, the answer is "undecided" and no bound is given.

**The bounds** (every one "minckt's own (elementary)": no paper states them), for circuits of
threshold, relu or sigmoid gates, with guards or without (`minckt.core.circuit`: a skipped gate
outputs 0, a guard is an earlier gate).  D is the number of distinct output columns; f a
non-separable column.

1. *Distinct outputs*: size >= D.  Two outputs whose columns differ on a care row cannot be
   the same gate, and every output is a gate.
2. *Not separable*: size >= D + 1 when none of the D columns is separable (so size >= 2 for a
   single non-separable output).  The first gate of a circuit reads only inputs and has no
   guard (a guard is an earlier gate), so its activity is separable: it is none of the D
   output gates.
3. depth >= 2 when some column f is not separable: in a depth-1 circuit every gate reads
   only inputs and has no guard (a guard counts toward depth), so every activity is
   separable, the output gate of f's too.
4. energy >= A, evaluated >= A and ops >= A, A = max over care rows r of the number of
   distinct columns that are 1 at r: their output gates are distinct and active at r; an
   active gate is evaluated (a skipped gate outputs 0), and an evaluated gate costs
   fan-in + 1 >= 1.
5. evaluated >= 2 and ops >= 4 when some f is not separable.  Let j be the first gate whose
   value is not constant on C.  The gates before it are constant on C, so j's guard (if
   any) has constant activity and j is evaluated on all of C (on none of it, j would be the
   constant 0); its non-input sources are constant, so j reads an input (cost >= 2) and its
   activity is separable.  Let h be the first gate whose activity on C is f or ¬f (the
   output gate of f is one).  h is not j and not before j (those are separable or
   constant, and f, ¬f are neither).  h has a wire: a wire-less gate has the constant
   pre-activation -t, so its activity is constant (unguarded) or 0 or [activity of g = p]
   for its guard (g, p), i.e. g's activity or its complement, g earlier than h -- against
   the choice of h.  On a care row where h is active both h and j are evaluated:
   evaluated >= 2, ops >= cost(j) + cost(h) >= 2 + 2.
6. wires >= 3 when some f is not separable.  Suppose wires <= 2 and let A be the first gate
   with a wire.  Gates before A are wire-less and (induction: unguarded, or guarded by a
   constant gate) constant on C; so A is evaluated on all of C or none and its activity α is
   separable.  A wire-less gate's value is a constant κ, or κ·[activity of g = p] for its
   guard g: its activity is 0, 1, or a copy or the complement of an earlier activity.  If A
   has 2 wires no other gate has one, and every activity is 0, 1, α or ¬α: separable.  If A
   has 1 wire its value depends on one input x_i only, and so does every gate up to the
   second wired gate B (if any); B's single wire reads x_k or such a gate and its guard's
   activity is 0, 1, x_i or ¬x_i, so B's activity is a conjunction of at most two literals
   (or constant) -- separable -- and every later activity is 0, 1 or a copy or complement
   of α or of B's.  Either way f is separable: a contradiction.  (Without guards, the hook
   in `minckt.bounds` adds ops = size + wires >= (D + 1) + 3.)

Cost: the analysis runs once per spec (cached) and is skipped when the care set has more
than MAX_CARE_ROWS rows; at most MAX_COLUMNS distinct columns are decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import gcd
from typing import Sequence

import numpy as np

from minckt.errors import InternalError
from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.bounds.bound import Bound

__all__ = ["MAX_CARE_ROWS", "MAX_COLUMNS", "EXACT_POINTS", "Separation", "separation",
           "exact_separation", "output_separation", "check_hyperplane", "check_certificate",
           "distinct_columns", "bounds"]

#: No analysis above this many care rows (the LPs grow with N).
MAX_CARE_ROWS = 4096
#: At most this many distinct output columns are decided per spec.
MAX_COLUMNS = 64
#: The exact simplex fallback runs up to this many care points.
EXACT_POINTS = 256

_REF = "minckt's own (elementary): minckt docs, bounds/memorization"
_MODEL = ("threshold, relu or sigmoid gates: a gate is active iff its integer pre-activation "
          "reaches a fixed level, so a gate on the inputs alone computes a threshold function",)
_EPS = 1e-9


@dataclass(frozen=True)
class Separation:
    """Whether one column's positive and negative care points are linearly separable.

    `separable` is True (with integer `weights` and `threshold`: w·x >= t exactly on the
    positive points), False (with a certificate: `positive` and `negative`, (row, Fraction)
    pairs, each side summing to 1, with equal weighted sums of the points), or None
    (undecided: no evidence verified).  `method` says how it was found.
    """

    separable: bool | None
    method: str
    weights: tuple[int, ...] | None = None
    threshold: int | None = None
    positive: tuple[tuple[int, Fraction], ...] = ()
    negative: tuple[tuple[int, Fraction], ...] = ()

    @property
    def support(self) -> int:
        """Number of points the certificate uses (0 without one)."""
        return len(self.positive) + len(self.negative)


# -- exact checks ----------------------------------------------------------------------------

def _bits(n: int, row: int) -> list[int]:
    return [(row >> i) & 1 for i in range(n)]


def check_hyperplane(n: int, positives: Sequence[int], negatives: Sequence[int],
                     weights: Sequence[int], threshold: int) -> bool:
    """Exactly: Σ w_i x_i >= threshold on every positive row, < threshold on every negative."""
    def dot(row: int) -> int:
        return sum(int(w) for i, w in enumerate(weights) if (row >> i) & 1)

    return len(weights) == n and all(dot(p) >= threshold for p in positives) \
        and all(dot(q) < threshold for q in negatives)


def check_certificate(n: int, positives: Sequence[int], negatives: Sequence[int],
                      lam: Sequence[tuple[int, Fraction]],
                      mu: Sequence[tuple[int, Fraction]]) -> bool:
    """Exactly: λ on positive rows and μ on negative rows are positive Fractions, each side
    sums to 1, and Σ λ_p p = Σ μ_q q (so no hyperplane separates the two sets)."""
    pos, neg = set(positives), set(negatives)
    if not lam or not mu or any(r not in pos for r, _ in lam) or any(r not in neg for r, _ in mu):
        return False
    if any(not isinstance(v, Fraction) or v <= 0 for _, v in (*lam, *mu)):
        return False
    if sum(v for _, v in lam) != 1 or sum(v for _, v in mu) != 1:
        return False
    side_p = [sum((v for r, v in lam if (r >> i) & 1), Fraction(0)) for i in range(n)]
    side_q = [sum((v for r, v in mu if (r >> i) & 1), Fraction(0)) for i in range(n)]
    return side_p == side_q


# -- finding evidence --------------------------------------------------------------------------

def _closed_form(n: int, pos: list[int], neg: list[int]) -> Separation | None:
    if not pos or not neg:
        weights, threshold = (0,) * n, (0 if not neg else 1)
        return Separation(True, "one class is empty: a constant", weights, threshold)
    for single, sign in ((pos, 1), (neg, -1)):
        if len(single) == 1:
            bits = _bits(n, single[0])
            weights = tuple(sign * (2 * b - 1) for b in bits)
            ones = sum(bits)
            threshold = ones if sign == 1 else 1 - ones
            return Separation(True, "one class is a single cube vertex, cut off by a "
                              "hyperplane", weights, threshold)
    return None


def _non_unate(n: int, table: int, rows: np.ndarray) -> Separation | None:
    """A 4-point certificate from a variable in which the column is neither monotone nor
    antitone on care pairs (a threshold function is unate)."""
    value = _bit_array(table, rows)
    for i in range(n):
        low = rows[(rows >> i) & 1 == 0]
        high = low | (1 << i)
        found = np.searchsorted(rows, high)
        ok = (found < rows.size) & (rows[np.minimum(found, rows.size - 1)] == high)
        low, high = low[ok], high[ok]
        v_low = value[np.searchsorted(rows, low)]
        v_high = value[np.searchsorted(rows, high)]
        up = np.flatnonzero(~v_low & v_high)
        down = np.flatnonzero(v_low & ~v_high)
        if up.size and down.size:
            a, b = int(low[up[0]]), int(low[down[0]])
            half = Fraction(1, 2)
            # positives a+e_i and b, negatives a and b+e_i: (a+e_i) + b = a + (b+e_i)
            return Separation(False, f"not unate in x{i + 1}", positive=(
                (a | (1 << i), half), (b, half)), negative=((a, half), (b | (1 << i), half)))
    return None


def _bit_array(table: int, rows: np.ndarray) -> np.ndarray:
    """Bit r of `table` for each r in `rows` (a bool array)."""
    if rows.size == 0:
        return np.zeros(0, dtype=bool)
    nbytes = max(int(rows.max()) >> 3, table.bit_length() >> 3) + 1
    raw = np.frombuffer(table.to_bytes(nbytes, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[rows].astype(bool)


def _glop():
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - OR-Tools always ships GLOP
        raise InternalError("OR-Tools has no GLOP solver")
    return solver, pywraplp


def _lp_hyperplane(n: int, pos: list[int], neg: list[int]) -> tuple[int, ...] | None:
    """Integer weights from GLOP's w·p - t >= 1, w·q - t <= -1, rounded and checked exactly."""
    solver, lp = _glop()
    inf = solver.infinity()
    w = [solver.NumVar(-inf, inf, f"w{i}") for i in range(n)]
    t = solver.NumVar(-inf, inf, "t")
    for rows, low, high in ((pos, 1, inf), (neg, -inf, -1)):
        for r in rows:
            row = solver.Constraint(low, high)
            row.SetCoefficient(t, -1)
            for i in range(n):
                if (r >> i) & 1:
                    row.SetCoefficient(w[i], 1)
    if solver.Solve() != lp.Solver.OPTIMAL:
        return None
    real = [v.solution_value() for v in w]
    # the LP's margin between the classes is 2: scaled by K > n, rounding each weight moves a
    # dot product by at most n/2, so K = n + 1 already works up to the solver's tolerance
    for scale in (1, n + 1, 16 * (n + 1), 1 << 20):
        weights = [int(round(scale * v)) for v in real]
        common = 0
        for x in weights:
            common = gcd(common, x)
        if common > 1:
            weights = [x // common for x in weights]
        if pos:
            threshold = min(sum(x for i, x in enumerate(weights) if (p >> i) & 1) for p in pos)
            if check_hyperplane(n, pos, neg, weights, threshold):
                return tuple(weights) + (threshold,)
    return None


def _lp_farkas(n: int, pos: list[int], neg: list[int]) -> dict[int, float] | None:
    """GLOP's solution of the asummability system (multipliers by position: pos then neg)."""
    solver, lp = _glop()
    inf = solver.infinity()
    points = pos + neg
    y = [solver.NumVar(0, inf, f"y{k}") for k in range(len(points))]
    coords = [solver.Constraint(0, 0) for _ in range(n)]
    sums = (solver.Constraint(1, 1), solver.Constraint(1, 1))
    for k, r in enumerate(points):
        sign = 1 if k < len(pos) else -1
        sums[0 if sign == 1 else 1].SetCoefficient(y[k], 1)
        for i in range(n):
            if (r >> i) & 1:
                coords[i].SetCoefficient(y[k], sign)
    if solver.Solve() != lp.Solver.OPTIMAL:
        return None
    return {k: v.solution_value() for k, v in enumerate(y) if v.solution_value() > _EPS}


def _system(n: int, pos: list[int], neg: list[int], keys: Sequence[int]) -> list[list[int]]:
    """Rows of the asummability system over the points `keys` (positions in pos + neg):
    n coordinate equations (= 0), Σλ = 1, Σμ = 1; the last entry of each row is its rhs."""
    points = pos + neg
    rows = []
    for i in range(n):
        rows.append([((points[k] >> i) & 1) * (1 if k < len(pos) else -1) for k in keys] + [0])
    rows.append([int(k < len(pos)) for k in keys] + [1])
    rows.append([int(k >= len(pos)) for k in keys] + [1])
    return rows


def _solve_exact(rows: list[list[int]], guess: Sequence[float]) -> list[Fraction] | None:
    """A solution of the linear system (last column = rhs) in Fractions, by Gauss-Jordan
    elimination; free unknowns take their guessed values, rationalised.  None when the
    system is inconsistent."""
    matrix = [[Fraction(x) for x in row] for row in rows]
    width = len(guess)
    pivots: list[int] = []
    top = 0
    for col in range(width):
        pick = next((r for r in range(top, len(matrix)) if matrix[r][col] != 0), None)
        if pick is None:
            continue
        matrix[top], matrix[pick] = matrix[pick], matrix[top]
        lead = matrix[top][col]
        matrix[top] = [x / lead for x in matrix[top]]
        for r in range(len(matrix)):
            if r != top and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[top])]
        pivots.append(col)
        top += 1
    if any(all(x == 0 for x in row[:width]) and row[width] != 0 for row in matrix):
        return None
    values = [Fraction(g).limit_denominator(1 << 20) for g in guess]
    for r, col in enumerate(pivots):
        values[col] = matrix[r][width] - sum(
            (matrix[r][c] * values[c] for c in range(width) if c not in pivots), Fraction(0))
    return values


def _as_certificate(pos: list[int], neg: list[int], keys: Sequence[int],
                    values: Sequence[Fraction]) -> tuple[tuple, tuple] | None:
    if any(v < 0 for v in values):
        return None
    points = pos + neg
    lam = tuple((points[k], v) for k, v in zip(keys, values) if v > 0 and k < len(pos))
    mu = tuple((points[k], v) for k, v in zip(keys, values) if v > 0 and k >= len(pos))
    return lam, mu


def _exact_simplex(n: int, pos: list[int], neg: list[int]
                   ) -> tuple[list[Fraction] | None, list[Fraction]]:
    """(y, duals): a nonnegative exact solution y of the asummability system, or None when it
    has none, and the final phase-1 duals (phase 1 of the simplex method in Fractions,
    Bland's rule: it terminates).  With y None the duals (v, α, β) have v·p + α <= 0 on
    positives, β - v·q <= 0 on negatives and α + β > 0, so w = -v separates."""
    keys = list(range(len(pos) + len(neg)))
    rows = _system(n, pos, neg, keys)
    m, width = len(rows), len(keys)
    # columns: the unknowns, then one artificial per row; last entry: the rhs (all >= 0)
    table = [[Fraction(x) for x in row[:width]] + [Fraction(int(a == r)) for a in range(m)]
             + [Fraction(row[width])] for r, row in enumerate(rows)]
    basis = [width + r for r in range(m)]
    # reduced costs of minimising the sum of the artificials; the last entry is -objective
    cost = [-sum((row[c] for row in table), Fraction(0)) for c in range(width)] \
        + [Fraction(0)] * m + [-sum((row[-1] for row in table), Fraction(0))]
    while True:
        enter = next((c for c in range(width + m) if cost[c] < 0), None)
        if enter is None:
            break
        leave, best = None, None
        for r in range(m):
            if table[r][enter] > 0:
                ratio = table[r][-1] / table[r][enter]
                if leave is None or best is None or ratio < best \
                        or (ratio == best and basis[r] < basis[leave]):
                    leave, best = r, ratio
        if leave is None:  # phase 1 is bounded below by 0
            raise InternalError("exact simplex: unbounded phase-1 problem")
        lead = table[leave][enter]
        table[leave] = [x / lead for x in table[leave]]
        for r in range(m):
            if r != leave and table[r][enter] != 0:
                factor = table[r][enter]
                table[r] = [a - factor * b for a, b in zip(table[r], table[leave])]
        factor = cost[enter]
        cost = [a - factor * b for a, b in zip(cost, table[leave])]
        basis[leave] = enter
    # an artificial's phase-1 cost is 1, so its reduced cost is 1 - (its row's dual)
    duals = [1 - cost[width + r] for r in range(m)]
    if cost[-1] != 0:
        return None, duals
    values = [Fraction(0)] * width
    for r, c in enumerate(basis):
        if c < width:
            values[c] = table[r][-1]
    return values, duals


def _split(n: int, table: int, care: int) -> tuple[list[int], list[int]]:
    rows = np.flatnonzero(_bit_array(care, np.arange(care.bit_length()))).tolist()
    pos = [r for r in rows if (table >> r) & 1]
    neg = [r for r in rows if not (table >> r) & 1]
    return pos, neg


def _certified(n: int, pos: list[int], neg: list[int], lam, mu, method: str
               ) -> Separation | None:
    if check_certificate(n, pos, neg, lam, mu):
        return Separation(False, method, positive=tuple(lam), negative=tuple(mu))
    return None


def _checked_plane(n: int, pos: list[int], neg: list[int], found: Separation) -> Separation:
    if found.weights is None or found.threshold is None \
            or not check_hyperplane(n, pos, neg, found.weights, found.threshold):
        raise InternalError(f"closed-form hyperplane {found.weights}, {found.threshold} fails "
                            f"on positives {pos}, negatives {neg}")
    return found


@lru_cache(maxsize=4096)
def separation(n: int, table: int, care: int) -> Separation:
    """Exact linear separability of the column `table` on the care rows `care` (row masks
    over 2^n rows), with verified evidence (module docstring); never a float verdict."""
    pos, neg = _split(n, table & care, care)
    found = _closed_form(n, pos, neg)
    if found is not None:
        return _checked_plane(n, pos, neg, found)
    rows = np.array(sorted(pos + neg), dtype=np.int64)
    found = _non_unate(n, table, rows)
    if found is not None and check_certificate(n, pos, neg, found.positive, found.negative):
        return found
    plane = _lp_hyperplane(n, pos, neg)
    if plane is not None:
        return Separation(True, "LP hyperplane, rounded to integers and checked exactly",
                          plane[:-1], plane[-1])
    floats = _lp_farkas(n, pos, neg)
    if floats:
        keys = sorted(floats)
        values = _solve_exact(_system(n, pos, neg, keys), [floats[k] for k in keys])
        cert = None if values is None else _as_certificate(pos, neg, keys, values)
        if cert is not None:
            found = _certified(n, pos, neg, *cert, "LP certificate, re-solved exactly on its "
                               "support and checked")
            if found is not None:
                return found
    if len(pos) + len(neg) <= EXACT_POINTS:
        return exact_separation(n, table, care)
    return Separation(None, "undecided: no LP evidence verified exactly")


def exact_separation(n: int, table: int, care: int) -> Separation:
    """`separation` by the exact simplex method alone (no floating point): False with a
    certificate, or True when the asummability system has no solution (then the hulls are
    disjoint, which is separability)."""
    pos, neg = _split(n, table & care, care)
    found = _closed_form(n, pos, neg)
    if found is not None:
        return _checked_plane(n, pos, neg, found)
    values, duals = _exact_simplex(n, pos, neg)
    if values is None:
        scale = 1
        for v in duals[:n]:
            scale = scale * v.denominator // gcd(scale, v.denominator)
        weights = [int(-v * scale) for v in duals[:n]]
        common = 0
        for x in weights:
            common = gcd(common, x)
        weights = [x // max(common, 1) for x in weights]
        threshold = min(sum(x for i, x in enumerate(weights) if (p >> i) & 1) for p in pos)
        if not check_hyperplane(n, pos, neg, weights, threshold):
            raise InternalError(f"exact simplex: its duals do not separate table {table:#x}, "
                                f"care {care:#x}, n = {n}")
        return Separation(True, "exact simplex: no certificate exists; its duals give the "
                          "hyperplane, checked", tuple(weights), threshold)
    keys = list(range(len(values)))
    cert = _as_certificate(pos, neg, keys, values)
    found = None if cert is None else _certified(n, pos, neg, *cert, "exact simplex "
                                                 "certificate, checked")
    if found is None:
        raise InternalError(f"exact simplex returned a non-certificate for table {table:#x}, "
                            f"care {care:#x}, n = {n}")
    return found


def output_separation(spec: Spec, output: int = 0) -> Separation:
    """`separation` of output `output` of `spec` on its care set."""
    care = spec.care if spec.care is not None else (1 << spec.num_rows) - 1
    return separation(spec.n, spec.outputs[output] & care, care)


# -- the bounds ---------------------------------------------------------------------------------

def distinct_columns(spec: Spec) -> tuple[int, ...]:
    """The distinct output columns on the care set (tables masked by the care set), in the
    order of their first output."""
    care = spec.care if spec.care is not None else (1 << spec.num_rows) - 1
    seen: dict[int, None] = {}
    for table in spec.outputs:
        seen.setdefault(table & care, None)
    return tuple(seen)


@dataclass(frozen=True)
class _Analysis:
    columns: int                       # D
    most_active: int                   # A
    some: Separation | None            # a verified non-separable column (None: none found)
    every: tuple[Separation, ...] | None  # certificates of all D columns, when all verified


@lru_cache(maxsize=512)
def _analyse(n: int, outputs: tuple[int, ...], care: int | None) -> _Analysis | None:
    spec = Spec(n, outputs=outputs, care=care)
    rows = spec.care_rows
    if rows.size == 0 or rows.size > MAX_CARE_ROWS:
        return None
    columns = distinct_columns(spec)
    full = care if care is not None else (1 << spec.num_rows) - 1
    values = np.stack([_bit_array(c, rows) for c in columns])
    most_active = int(values.sum(axis=0).max())
    some, certificates, all_known = None, [], len(columns) <= MAX_COLUMNS
    for column in columns[:MAX_COLUMNS]:
        found = separation(n, column, full)
        if found.separable is False:
            some = some or found
            certificates.append(found)
        else:
            all_known = False
            if some is not None:
                break
    return _Analysis(len(columns), most_active, some,
                     tuple(certificates) if all_known else None)


def _support_text(found: Separation) -> str:
    return (f"exact certificate on {found.support} points: a convex combination of "
            f"{len(found.positive)} positive points equals one of {len(found.negative)} "
            f"negative ones ({found.method})")


def bounds(spec: Spec, axis: str, model: GateModel, limits: Limits) -> list[Bound]:
    """The memorization bounds on `axis` (module docstring), for threshold, relu and sigmoid
    gates, with or without guards; none for a Boolean basis or more than MAX_CARE_ROWS care
    rows."""
    del limits  # they hold for every limit, guards allowed or not
    if model.is_basis or axis not in ("size", "depth", "energy", "wires", "evaluated", "ops"):
        return []
    info = _analyse(spec.n, spec.outputs, spec.care)
    if info is None:
        return []

    def bound(value: int, method: str) -> Bound:
        return Bound(axis, value, method, _REF, _MODEL, name="memorization")

    found: list[Bound] = []
    if axis == "size":
        if info.columns >= 2:
            found.append(bound(info.columns, f"{info.columns} distinct output columns on the "
                               "care set are distinct gates => size >= "
                               f"{info.columns}"))
        if info.every is not None:
            supports = ", ".join(str(c.support) for c in info.every)
            found.append(bound(info.columns + 1, f"none of the {info.columns} distinct output "
                               f"column(s) is linearly separable (exact certificates on "
                               f"{supports} points); the first gate is unguarded on the "
                               f"inputs, so separable, and no output gate => size >= "
                               f"{info.columns + 1}"))
    if axis in ("energy", "evaluated", "ops") and info.most_active >= 2:
        found.append(bound(info.most_active, f"{info.most_active} distinct output columns are "
                           f"1 on one care row: that many active gates there => {axis} >= "
                           f"{info.most_active}"))
    if info.some is not None:
        text = f"an output is not linearly separable ({_support_text(info.some)})"
        value = {"depth": 2, "wires": 3, "evaluated": 2, "ops": 4}.get(axis)
        why = {"depth": "a depth-1 gate reads only inputs, unguarded",
               "wires": "two wires compute only separable activities",
               "evaluated": "the first non-constant gate and the first gate computing it "
                            "are both evaluated where it is 1",
               "ops": "the first non-constant gate and the first gate computing it are "
                      "both evaluated where it is 1, each with a wire"}.get(axis)
        if value is not None:
            found.append(bound(value, f"{text}; {why} => {axis} >= {value}"))
    return found
