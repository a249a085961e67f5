"""Memorizing with one hidden layer after Baum (J. Complexity 1988): a slab of two parallel
threshold units around each group of n points of one label, as integer threshold circuits.

**The statement.**  E. B. Baum, "On the capabilities of multilayer perceptrons", J. Complexity
4(3):193-215, 1988 (doi:10.1016/0885-064X(88)90020-9), abstract: for any set of N points in
general position in R^d, any dichotomy of them is implemented by a net with one hidden layer
of ⌈N/d⌉ threshold units (and no net with fewer units does it for every dichotomy; the
earlier constructions used N - 1); Bubeck, Eldan, Lee and Mikulincer (NeurIPS 2020) quote it
so.  The paper's body was not available to minckt: the construction below is the slab
construction the result is known by, and its count is this module's own, checked by its
tests.  It covers the points of one label, the *covered class* (c points), with slabs:

* Take n points of the covered class.  In general position their affine hull is a
  hyperplane H = {x : w.x = t} holding no other data point.  Two units with the normal of H,
  a = [w.x >= t - e] and b = [w.x >= t + e], e below the least |w.x - t| over the other
  points, give a - b = 1 on H's points and 0 on every other data point.
* The output [sum of (a - b) over the slabs >= 1] is 1 exactly on the covered class.

So 2⌈c/n⌉ hidden units, `baum_hidden(c, n)`; covering the smaller class (c <= ⌊N/2⌋) this is
at most 2⌈⌊N/2⌋/n⌉, which is ⌈N/n⌉ - 1 when N mod 2n = 1, ⌈N/n⌉ + 1 when
2 <= N mod 2n <= n (N = 8, n = 3: 4 units, where the abstract says 3), and ⌈N/n⌉ otherwise.
`baum_size` adds the output gate.

**Exact and integer.**  Every hyperplane here has an integer normal w and offset t, and the
points are integer, so ℓ(x) = w.x - t is an integer at every point: a = [w.x >= t] and
b = [w.x >= t + 1] give a - b = [ℓ(x) = 0] on *every* integer point, with no ε.  Normals are
computed in integers (no floating point decides anything); weights can be large (a normal
through n points of the cube reaches the size of an n x n 0/1 minor), which the evaluator
sums exactly in Python integers past int64 (`minckt.core.circuit`, exact arithmetic).

**The greedy (`slab_cover`), for any distinct integer points.**  What a slab needs is weaker
than general position: the hyperplane may hold other points of the covered class (they are
covered twice, which the output's [sum >= 1] allows); it must hold no point of the other
class (an *opposite* point).  A group G = {g0, g1, ...} of covered points is therefore grown
while its affine hull aff(G) contains no opposite point, and then any hyperplane through
aff(G) that misses the finitely many opposite points (which lie off aff(G)) is a slab.  The
test is linear algebra on residuals: a linear map M with kernel span{g_i - g0} (kept as a
product of eliminations E(y) = a y - y[j] v, one per member, v the new member's residual and
a = v[j] > 0 its pivot) sends each point x to r_x = M(x - g0) (kept up to a positive factor,
divided by its content); x is in aff(G ∪ {p}) iff r_x is parallel to r_p.  So a candidate p
is admissible iff no opposite residual is parallel to r_p, and the candidates fall into
classes of parallel residuals: adding one member of a class puts the whole class in the hull.
Each step adds a member of the largest admissible class (ties: the candidate with the
smallest residual, |r|_1, which at the first step is the Hamming distance to g0, then the
lowest index: near members keep more data points in the hull, a few per cent fewer units on
random points); the group stops when no class is admissible.  Parallel residuals are found
by hashing the residual, divided by its content and signed so its first nonzero entry is
positive: parallel residuals hash alike, so an admissible class is never wrong; a hash
collision can only make a class look inadmissible or larger (the hyperplane's coverage is
computed exactly below).

The normal: any w = M^T c has w.(x - g0) = c.M(x - g0), so it vanishes on aff(G) and its
sign on x is that of c.r_x.  c is the best of a few small seeded integer vectors with
c.r_q != 0 for every opposite q (best: every opposite point on one side, then the most
uncovered points on the hyperplane); if none of them has c.r_q != 0 throughout,
c = (1, T, T^2, ...) with T = 2 + the largest |entry| of an opposite residual: c.r_q is then
a nonzero integer polynomial in T whose coefficients are below T - 1 in absolute value, so
by Cauchy's root bound T is not a root.  w = M^T c is then evaluated exactly in Python integers
(E^T c = a c - (c.v) e_j), divided by its content, and ℓ = w.x - w.g0 is evaluated exactly
on every point: each member must have ℓ = 0 and each opposite point ℓ != 0 (else
`InternalError`).  If every opposite point has ℓ < 0 one unit [ℓ >= 0] suffices and covers
every covered point with ℓ >= 0 (ℓ > 0 likewise with [-ℓ >= 0]); otherwise the slab's two
units cover the points with ℓ = 0.  Covered points are marked and the next group starts at
the lowest uncovered one.

**Counts.**  Hidden units = the sum over slabs of 1 or 2.
* Points in general position (any n + 1 affinely independent): every candidate stays
  admissible while the hull has dimension below n - 1 (a hull of k + 2 <= n points holding a
  further point would be n + 1 or fewer affinely dependent points), and a hyperplane through
  n of the points holds no other; so each group takes n points and the count is at most
  2⌈c/n⌉ = `baum_hidden(c, n)`, with equality unless a slab happens to be one-sided.
* Points of the cube {0,1}^n, which are not in general position for n >= 3 (x1 = 0 holds
  half of them): no three cube points are collinear (each is a vertex of the cube, no convex
  combination of others), so a second member is always admissible (barring a hash
  collision) and every group but the last has at least two points; a group of one is a
  vertex of the cube, cut off by the one-sided unit [Σ_(p_i = 1) x_i - Σ_(p_i = 0) x_i >= |p|],
  which the greedy uses then.  A group of two or more takes at most two units, a group of
  one takes one, so the hidden units never exceed c, the detectors' count
  (`cube_hidden_bound`), whatever the points.  On random points of the cube the greedy does
  far better than 2⌈c/n⌉: a hyperplane through n cube points holds many more of them, and
  the largest-class rule collects them (30 to 60 covered points per hyperplane at n = 16,
  N = 4,096).  Measured at n = 16, random labels, seed 1 (`random_point_set`): 5, 13, 41
  and 121 gates for N = 64, 256, 1,024 and 4,096, where `baum_size` of the smaller class
  gives 5, 15, 65 and 255.  On the total parity of n inputs it finds n hidden units (the
  hyperplanes Σ x_i = k for odd k, some one-sided), n = 2..8.

`baum_circuit` tries both labels as the covered class (or the one asked for) and keeps the
circuit with fewer units, ties to the smaller class.  Covering label 0 the output is
[-(sum) >= 0].  A constant labelling is the single output gate (0 hidden units: c = 0).

**What was adapted.**  The slab units take real weights and an ε gap; here the gap is the
integer step 1.  The construction assumes general position and takes n points per slab; the
greedy instead grows groups with admissible hulls, accepts covered points on a slab's
hyperplane, uses a single unit when a slab is one-sided, and tries both classes.
`baum_network` takes integer points of R^n (scale rational points by a common denominator
first) and returns a circuit whose inputs are those integers: `Circuit.evaluate` decides
between int64 and exact sums assuming 0/1 inputs, so points with large coordinates must be
evaluated exactly by the caller.  Every circuit is unverified here: the caller verifies it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from minckt.core.circuit import Circuit, Gate, input_name
from minckt.core.points import Points
from minckt.core.spec import Spec
from minckt.errors import InputError, InternalError
from minckt.solve.constructions.basic import labelled_points

__all__ = ["Slab", "BAUM_POINTS", "NORMAL_TRIALS", "baum_hidden", "baum_size", "cube_hidden_bound",
           "slab_cover", "slab_circuit", "baum_network", "baum_circuit"]

#: Most points `baum_circuit` is built for.  The greedy costs about c.N.n operations: 4 s
#: for N = 4,096 points of 16 inputs (both classes tried), 12 s at 8,192, 1 min at 16,384;
#: in high dimension residual entries pass int64 and it slows (256 points: 8 s at n = 256,
#: 40 s at n = 1,024).
BAUM_POINTS = 1 << 14

#: Seeded small vectors c tried for the normal w = M^T c before the Cauchy fallback.
NORMAL_TRIALS = 6

#: Residual entries are kept in int64 while below this, else in Python integers: an
#: elimination a r - r[j] v of such entries stays below 2^49, and c.r with |c_i| <= 3 below
#: 2^38 for n <= 4,096.
_SMALL = 1 << 24


@dataclass(frozen=True)
class Slab:
    """One hyperplane ℓ(x) = normal.x - offset = 0 of the hidden layer: its covered-class
    `members` (affinely independent, the first is g0), the covered-class points it covers
    that no earlier slab covers, and its units: side 0 two units [ℓ >= 0] - [ℓ >= 1]
    (covering ℓ = 0), side +1 the unit [ℓ >= 0], side -1 the unit [-ℓ >= 0] (no opposite
    point on the unit's side)."""

    normal: tuple[int, ...]
    offset: int
    members: tuple[int, ...]
    covers: tuple[int, ...]
    side: int

    @property
    def units(self) -> int:
        """Hidden units the slab takes: 2 for a two-sided slab, else 1."""
        return 2 if self.side == 0 else 1


def baum_hidden(covered: int, n: int) -> int:
    """2⌈covered/n⌉: the hidden units of Baum's slabs for `covered` points of one label in
    general position in R^n (module docstring)."""
    if covered < 0 or n < 1:
        raise InputError(f"baum_hidden: covered = {covered}, n = {n}: expected covered >= 0 "
                         "and n >= 1")
    return 2 * (-(-covered // n))


def baum_size(covered: int, n: int) -> int:
    """Gates of Baum's circuit: `baum_hidden(covered, n)` hidden units and the output."""
    return baum_hidden(covered, n) + 1


def cube_hidden_bound(covered: int) -> int:
    """The most hidden units `slab_cover` uses for `covered` distinct points of the cube:
    one per point (a group of one point takes one unit, a larger group at most two)."""
    return covered


# -- the greedy ---------------------------------------------------------------------------

def _as_exact(matrix: np.ndarray) -> np.ndarray:
    """The matrix in int64 when its entries are small, else in Python integers."""
    if matrix.dtype == object and (matrix.size == 0 or int(np.abs(matrix).max()) < _SMALL):
        return matrix.astype(np.int64)
    if matrix.dtype != object and matrix.size and int(np.abs(matrix).max()) >= _SMALL:
        return matrix.astype(object)
    return matrix


def _reduced(rows: np.ndarray) -> np.ndarray:
    """Each row divided by the gcd of its entries (zero rows stay zero)."""
    content = np.gcd.reduce(rows, axis=1) if rows.shape[1] else np.zeros(len(rows), int)
    content = np.where(content == 0, 1, content)
    return _as_exact(rows // content[:, None])


def _direction_keys(rows: np.ndarray, salt: np.ndarray) -> np.ndarray:
    """A hash of each row's direction (content-reduced rows, signed so that the first
    nonzero entry is positive): parallel rows get equal keys; the zero row gets 0."""
    nonzero = rows != 0
    first = nonzero.argmax(axis=1)
    sign = np.where(rows[np.arange(len(rows)), first] < 0, -1, 1)
    signed = rows * sign[:, None]
    if signed.dtype == object:
        signed = (signed % (1 << 64)).astype(np.uint64)
    return signed.astype(np.uint64) @ salt


class _Group:
    """A group grown from g0: the residuals of the candidates and the opposite points, and
    the eliminations (a, j, v) of M (module docstring)."""

    def __init__(self, points: np.ndarray, g0: int, candidates: np.ndarray,
                 opposite: np.ndarray, salt: np.ndarray) -> None:
        self.g0, self.salt = g0, salt
        self.members = [g0]
        self.steps: list[tuple[int, int, list[int]]] = []
        self.candidates = candidates
        self.opposite_rows = _reduced(_as_exact(points[opposite] - points[g0]))
        self.rows = _reduced(_as_exact(points[candidates] - points[g0]))

    def grow(self) -> None:
        """Add members from the largest admissible class (ties: the nearest candidate, then
        the lowest index) until no class is admissible."""
        while len(self.candidates):
            keep = (self.rows != 0).any(axis=1)  # the others are already in the hull
            self.candidates, self.rows = self.candidates[keep], self.rows[keep]
            if not len(self.candidates):
                return
            keys = _direction_keys(self.rows, self.salt)
            kinds, kind, counts = np.unique(keys, return_inverse=True, return_counts=True)
            admissible = ~np.isin(kinds, _direction_keys(self.opposite_rows, self.salt))
            places = np.flatnonzero(admissible[kind.reshape(-1)])
            if not len(places):
                return
            near = np.minimum(np.abs(self.rows[places]).sum(axis=1), 1 << 62).astype(np.int64)
            order = np.lexsort((places, near, -counts[kind.reshape(-1)[places]]))
            pick = int(places[order[0]])
            self._eliminate(self.rows[pick])
            self.members.append(int(self.candidates[pick]))

    def _eliminate(self, vector: np.ndarray) -> None:
        magnitudes = np.where(vector != 0, np.abs(vector), np.max(np.abs(vector)) + 1)
        pivot = int(np.argmin(magnitudes))
        v = vector if vector[pivot] > 0 else -vector
        a = int(v[pivot])
        self.steps.append((a, pivot, [int(e) for e in v]))
        self.rows = self._apply(self.rows, a, pivot, v)
        self.opposite_rows = self._apply(self.opposite_rows, a, pivot, v)

    @staticmethod
    def _apply(rows: np.ndarray, a: int, pivot: int, v: np.ndarray) -> np.ndarray:
        """E(r) = a r - r[pivot] v on every row, then each row content-reduced.  In int64
        every entry (and a) is below 2^24 (`_as_exact`), so the update stays below 2^49."""
        if rows.dtype == object or v.dtype == object:
            rows, v = rows.astype(object), v.astype(object)
        return _reduced(a * rows - rows[:, pivot:pivot + 1] * v[None, :])

    def normal_from(self, c: Sequence[int] | np.ndarray) -> list[int]:
        """w = M^T c in Python integers, divided by its content."""
        w = [int(e) for e in c]
        for a, pivot, v in reversed(self.steps):
            along = sum(ci * vi for ci, vi in zip(w, v) if vi)
            w = [a * e for e in w]
            w[pivot] -= along
            content = math.gcd(*w)
            if content > 1:
                w = [e // content for e in w]
        return w


def _signs(rows: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The sign of c.r for each row r, exactly."""
    if rows.dtype != object and c.dtype != object \
            and int(np.abs(c).max(initial=0)) * rows.shape[1] < _SMALL:
        return np.sign(rows @ c)
    return np.array([(v > 0) - (v < 0) for v in rows.astype(object) @ c.astype(object)],
                    dtype=np.int64)


def _choose_c(group: _Group, rng: np.random.Generator, n: int) -> np.ndarray:
    """A vector c with c.r_q != 0 on every opposite residual (module docstring): the best of
    a few seeded small ones (one-sided first, then most candidates on the hyperplane), else
    the Cauchy vector."""
    best, best_score = None, None
    for _ in range(NORMAL_TRIALS):
        c = rng.integers(-3, 4, size=n).astype(np.int64)
        signs = _signs(group.opposite_rows, c)
        if (signs == 0).any():
            continue
        one_sided = bool((signs > 0).all() or (signs < 0).all())
        on_plane = int((_signs(group.rows, c) == 0).sum()) if len(group.rows) else 0
        score = (one_sided, on_plane)
        if best_score is None or score > best_score:
            best, best_score = c, score
    if best is not None:
        return best
    top = int(np.abs(group.opposite_rows).max(initial=0))
    base = 2 + top
    return np.array([base ** i for i in range(n)], dtype=object)


def _exact_values(points: np.ndarray, normal: list[int]) -> np.ndarray:
    """normal.x for every point, exactly (int64 when it provably fits)."""
    biggest = max((abs(e) for e in normal), default=0)
    span = int(np.abs(points).max(initial=0))
    if biggest * max(span, 1) * max(points.shape[1], 1) < (1 << 62):
        return points @ np.array(normal, dtype=np.int64)
    return points.astype(object) @ np.array(normal, dtype=object)


def _slab(points: np.ndarray, group: _Group, normal: list[int], target: np.ndarray,
          uncovered: np.ndarray) -> Slab:
    """The slab of `normal` through the group, checked exactly, with its side and cover."""
    values = _exact_values(points, normal)
    offset = int(values[group.g0])
    level = values - offset
    opposite = level[~target]
    if any(level[m] != 0 for m in group.members) or (opposite == 0).any():
        raise InternalError(f"baum: the hyperplane {normal} . x = {offset} misses a member "
                            f"of {group.members} or holds a point of the other label")
    if (opposite < 0).all():
        side, covered = 1, target & (level >= 0)
    elif (opposite > 0).all():
        side, covered = -1, target & (level <= 0)
    else:
        side, covered = 0, target & (level == 0)
    covers = tuple(int(i) for i in np.flatnonzero(covered & uncovered))
    return Slab(tuple(normal), offset, tuple(group.members), covers, side)


def slab_cover(points: np.ndarray, target: np.ndarray, seed: int = 0) -> list[Slab]:
    """Slabs covering every point with `target` set and holding no other point (module
    docstring), for distinct integer points (an N x n matrix)."""
    points = np.asarray(points)
    if points.dtype == object or np.abs(points).max(initial=0) >= _SMALL:
        points = points.astype(object)
    else:
        points = points.astype(np.int64)
    target = np.asarray(target, dtype=bool)
    n: int = points.shape[1]
    cube = points.dtype != object and bool(((points == 0) | (points == 1)).all())
    rng = np.random.default_rng(seed)
    salt = rng.integers(1, 1 << 63, size=n, dtype=np.uint64) | np.uint64(1)
    opposite = np.flatnonzero(~target)
    uncovered = target.copy()
    slabs: list[Slab] = []
    while uncovered.any():
        g0 = int(np.flatnonzero(uncovered)[0])
        rest = np.flatnonzero(uncovered)
        group = _Group(points, g0, rest[rest != g0], opposite, salt)
        group.grow()
        if cube and len(group.members) == 1:  # a vertex of the cube: its detector
            normal = [1 if e else -1 for e in points[g0]]
        else:
            normal = group.normal_from(_choose_c(group, rng, n))
        slab = _slab(points, group, normal, target, uncovered)
        uncovered[list(slab.covers)] = False
        slabs.append(slab)
    return slabs


# -- circuits -------------------------------------------------------------------------------

def slab_circuit(n: int, slabs: Sequence[Slab], label: int) -> Circuit:
    """The depth-2 circuit of `slabs` covering the points labelled `label`: hidden units as
    in `Slab`, output [sum >= 1] (label 1) or [-sum >= 0] (label 0)."""
    gates: list[Gate] = []
    read: list[tuple[str, int]] = []
    for k, slab in enumerate(slabs, start=1):
        weights = [(input_name(i), w) for i, w in enumerate(slab.normal)]
        if slab.side >= 0:
            gates.append(Gate(f"a{k}", tuple(weights), slab.offset))
            read.append((f"a{k}", 1))
        if slab.side == 0:
            gates.append(Gate(f"b{k}", tuple(weights), slab.offset + 1))
            read.append((f"b{k}", -1))
        if slab.side < 0:
            gates.append(Gate(f"a{k}", tuple((s, -w) for s, w in weights), -slab.offset))
            read.append((f"a{k}", 1))
    if label:
        gates.append(Gate("out", tuple(read), 1))
    else:
        gates.append(Gate("out", tuple((s, -w) for s, w in read), 0))
    return Circuit(n, tuple(gates), ("out",)).renumbered()


def _fewest(points: np.ndarray, labels: np.ndarray, cover: int | None) -> Circuit:
    """The slab circuit covering label `cover`, or with fewer units of the two."""
    n = points.shape[1]
    ones = int(labels.sum())
    if ones in (0, len(labels)):  # a constant: the output gate alone
        return Circuit(n, (Gate("out", (), 1 - int(ones > 0)),), ("out",)).renumbered()
    minority = int(ones <= len(labels) - ones)
    found = []
    for label in ((cover,) if cover is not None else (minority, 1 - minority)):
        slabs = slab_cover(points, labels == label)
        found.append((sum(s.units for s in slabs), label, slabs))
    _, label, slabs = min(found, key=lambda item: item[0])
    return slab_circuit(n, slabs, label)


def baum_network(points: Sequence[Sequence[int]] | np.ndarray,
                 labels: Sequence[int] | np.ndarray, cover: int | None = None) -> Circuit:
    """The one-hidden-layer slab circuit memorizing distinct integer points of R^n with 0/1
    labels (module docstring): covering label `cover`, or both tried and the one with
    fewer units kept.  Its inputs are the integer coordinates (evaluate exactly)."""
    matrix = np.asarray(points)
    values = np.asarray(labels).astype(np.int64).reshape(-1)
    if matrix.ndim != 2 or matrix.dtype.kind not in "iuO" or len(values) != len(matrix):
        raise InputError(f"baum_network: points of shape {matrix.shape} ({matrix.dtype}) and "
                         f"{len(values)} labels: expected an N x n integer matrix, N labels")
    if not np.isin(values, (0, 1)).all() or cover not in (None, 0, 1):
        raise InputError(f"baum_network: labels must be 0/1 and cover None, 0 or 1, got cover "
                         f"= {cover!r}")
    if len({tuple(int(e) for e in row) for row in matrix}) != len(matrix):
        raise InputError("baum_network: a point is given twice; expected distinct points")
    return _fewest(matrix, values.astype(bool), cover)


def baum_circuit(spec: Spec | Points, cover: int | None = None) -> Circuit | None:
    """The one-hidden-layer slab circuit of a single-output spec or point spec (module
    docstring), depth 2 (1 for a constant); None for several outputs or more than
    BAUM_POINTS points."""
    if spec.num_outputs != 1:
        return None
    inputs, labels = labelled_points(spec)
    if len(labels[0]) > BAUM_POINTS:
        return None
    return _fewest(np.asarray(inputs, dtype=np.int64), np.asarray(labels[0], dtype=bool),
                   cover)
