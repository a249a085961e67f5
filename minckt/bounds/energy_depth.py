"""Uchizawa–Abe energy–depth bound: log rk(f) ≤ e·d·(log s + log w + log n).

Reference: K. Uchizawa and H. Abe, "Trade-Offs Between Energy and Depth of Neural Networks",
Neural Computation 36(8):1541–1567, 2024, doi:10.1162/neco_a_01683 (preprint arXiv 2107.00223,
"Exponential Lower Bounds for Threshold Circuits of Sub-Linear Depth and Energy");
docs/design/papers.md#energy-and-depth-uchizawaabe.

**Theorem** (as docs/design/papers.md states it).  A threshold circuit of size s, depth d, energy e
and weight w computing f satisfies log rk(f) ≤ e·d·(log s + log w + log n), rk(f) being the rank of
the communication matrix of f (`minckt.bounds.rank`).

**Conventions** -- details the available text leaves open are explicit parameters with these
documented defaults (docs/design/papers.md#energy-and-depth-uchizawaabe):

* *log base*: 2.  The inequality does not depend on it (multiply both sides by ln b), so it is
  decided exactly in integers as rk ≤ (s·w·n)^(e·d); the base only changes the logarithms
  printed in a bound's description.
* *which rank* (`signed`): False, the 0/1 communication matrix, as the theorem is stated for
  rk of the communication matrix.  The ±1 rank (at most one more) is computed and reported
  beside it; signed=True uses it instead.
* *which n* (`n_convention`): the preprint states the theorem for a 2n-variable function,
  split into halves, so its n is half the number of inputs.  "inputs" (default) uses the
  number of inputs of f; "half" uses max(|A|, |B|) of the partition attaining rk (n/2 for a
  balanced one: pad the smaller part with unread inputs to reach the preprint's form).  A
  larger n only weakens the bound.  **The literal "half" reading is false at small n**: the
  single gate [x1 - x2 + x3 - x4 >= 0] (table 0xB2FB; s = d = e = w = 1) has rk = 3 on the
  split x1,x2 | x3,x4, and log2 3 > 1·1·(0 + 0 + log2 2); OR2 (rk 2, n/2 = 1) fails too.
  So "half" bounds are labelled *not proven* and `bounds` never uses them; the default
  "inputs" reading has held on every circuit tried (tests/test_bounds_formulas.py).
* *rk over every partition*: the preprint's matrix uses one fixed balanced split; any other
  split reduces to it by relabelling the inputs (and, for "half", padding), which changes no
  resource of the circuit, so rk(f) may be the maximum over partitions.
* *w*: max |w_i| over the wires, thresholds not counted; a circuit with no wires (w = 0)
  computes a constant, of rank ≤ 1, and is treated as w = 1.
* *s and e* count the output gate; a gate fires iff Σ w_i·u_i ≥ t (docs/guide/semantics.md).
* *several outputs*: the theorem is about one function.  The gates feeding output k form a
  circuit for f_k within the same size, depth, energy and weight, so the bound uses
  max_k rk(f_k) (each output's own rank), not the rank of the stacked matrix.
* *partial specs*: rk is defined for total functions only; no bound is given for a spec with
  don't-care rows.

Limits are upper bounds, and the right-hand side grows with s, d, w and e, so a bound
computed from the limits holds for every circuit within them.

**Discretized ReLU and sigmoid circuits** obey "a similar trade-off" whose printed form is
rk = O(e·d·(log s + log w + log n)^3) (most likely log rk on the left).  Its constant and
the precise model are not known: `discretized_form` evaluates it with an explicit constant C
and labels it "asymptotic form, constant unknown"; it never yields a `Bound`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from minckt.errors import InputError
from minckt.core.problem import GateModel, Limits
from minckt.core.spec import Spec
from minckt.bounds.bound import Bound
from minckt.bounds.rank import RankResult, best_partition_rank

__all__ = [
    "REFERENCE",
    "N_CONVENTIONS",
    "HOOK_MAX_INPUTS",
    "satisfies",
    "capacity",
    "min_energy",
    "min_depth",
    "min_size",
    "min_weight",
    "RankUsed",
    "rank_used",
    "energy_bound",
    "depth_bound",
    "size_bound",
    "weight_bound",
    "bounds",
    "sufficient_weight",
    "AsymptoticForm",
    "discretized_form",
]

REFERENCE = ("Uchizawa & Abe, Neural Computation 36(8):1541–1567, 2024, "
             "doi:10.1162/neco_a_01683; arXiv 2107.00223")

#: The readings of the theorem's n (module doc).
N_CONVENTIONS = ("inputs", "half")

#: `bounds` (the hook `lower_bounds` calls) computes rk only up to this many inputs: rk for
#: n = 12 takes about a second at worst for one output; the explicit functions below have no
#: such limit.
HOOK_MAX_INPUTS = 12

ASYMPTOTIC_LABEL = "asymptotic form, constant unknown"


# -- the inequality on numbers --------------------------------------------------------------

def _integer(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InputError(f"{name} = {value!r}: expected an integer >= {low}")
    return value


def _product(s: int, w: int, n: int) -> int:
    """s·w·n with w = 0 treated as 1 (module doc)."""
    return (_integer("size s", s, 1) * max(_integer("weight w", w, 0), 1)
            * _integer("n", n, 1))


def _at_least(base: int, exponent: int, rank: int) -> bool:
    """base^exponent >= rank, without building huge powers."""
    if rank <= 1:
        return True
    if base <= 1:
        return False
    if exponent >= rank.bit_length():
        return True  # base^exponent >= 2^bit_length > rank
    return base ** exponent >= rank


def satisfies(rank: int, e: int, d: int, s: int, w: int, n: int) -> bool:
    """Whether log rk ≤ e·d·(log s + log w + log n) holds (exactly: rk ≤ (s·w·n)^(e·d)).

    Every threshold circuit satisfies it with its own resources (rank 0 gives log 0 = -inf,
    which satisfies it); a False is a contradiction to report, not a normal outcome.
    """
    rank = _integer("rank", rank, 0)
    e, d = _integer("energy e", e, 0), _integer("depth d", d, 1)
    return _at_least(_product(s, w, n), e * d, rank)


def capacity(e: int, d: int, s: int, w: int, n: int, base: float = 2.0) -> float:
    """The right-hand side e·d·(log s + log w + log n) in base `base` (w = 0 read as 1)."""
    if not base > 1:
        raise InputError(f"log base {base!r}: expected a number > 1")
    total = _product(s, w, n)
    return _integer("energy e", e, 0) * _integer("depth d", d, 1) * math.log(total, base)


def _no_solution(what: str, rank: int, detail: str) -> InputError:
    return InputError(
        f"no {what} satisfies log rk <= e·d·(log s + log w + log n) with rk = {rank} and "
        f"{detail}: a threshold circuit with these resources cannot compute such a function"
    )


def min_energy(rank: int, d: int, s: int, w: int, n: int) -> int:
    """The least integer e >= 0 with rk <= (s·w·n)^(e·d), i.e.
    ceil(log rk / (d·(log s + log w + log n)))."""
    rank, d = _integer("rank", rank, 0), _integer("depth d", d, 1)
    total = _product(s, w, n)
    if rank <= 1:
        return 0
    if total == 1:
        raise _no_solution("energy", rank, "s = w = n = 1")
    step, reach, energy = total ** d, 1, 0
    while reach < rank:
        reach, energy = reach * step, energy + 1
    return energy


def min_depth(rank: int, e: int, s: int, w: int, n: int) -> int:
    """The least integer d >= 1 with rk <= (s·w·n)^(e·d)."""
    rank, e = _integer("rank", rank, 0), _integer("energy e", e, 0)
    total = _product(s, w, n)
    if rank <= 1:
        return 1
    if e == 0 or total == 1:
        raise _no_solution("depth", rank, f"e = {e}, s·w·n = {total}")
    step, reach, depth = total ** e, total ** e, 1
    while reach < rank:
        reach, depth = reach * step, depth + 1
    return depth


def _ceil_root(value: int, degree: int) -> int:
    """The least integer t >= 0 with t^degree >= value (degree >= 1)."""
    if value <= 1:
        return max(value, 0)
    low, high = 1, 1 << (-(-value.bit_length() // degree))
    while low < high:  # invariant: high^degree >= value
        middle = (low + high) // 2
        if middle ** degree >= value:
            high = middle
        else:
            low = middle + 1
    return low


def min_size(rank: int, e: int, d: int, w: int, n: int) -> int:
    """The least integer s >= 1 with rk <= (s·w·n)^(e·d)."""
    rank, e, d = _integer("rank", rank, 0), _integer("energy e", e, 0), \
        _integer("depth d", d, 1)
    per_gate = _product(1, w, n)
    if rank <= 1:
        return 1
    if e == 0:
        raise _no_solution("size", rank, "e = 0")
    root = _ceil_root(rank, e * d)
    return max(1, -(-root // per_gate))


def min_weight(rank: int, e: int, d: int, s: int, n: int) -> int:
    """The least integer w >= 1 with rk <= (s·w·n)^(e·d); 0 when rk <= 1, where the
    inequality says nothing (a constant output needs no wire at all)."""
    rank, e, d = _integer("rank", rank, 0), _integer("energy e", e, 0), \
        _integer("depth d", d, 1)
    per_weight = _product(s, 1, n)
    if rank <= 1:
        return 0
    if e == 0:
        raise _no_solution("weight", rank, "e = 0")
    root = _ceil_root(rank, e * d)
    return max(1, -(-root // per_weight))


# -- the rank a bound uses ------------------------------------------------------------------

@dataclass(frozen=True)
class RankUsed:
    """The rk (and the n) a bound plugs in, with the other matrix's rank for the report."""

    rank: int
    other_rank: int
    matrix: str
    n_value: int
    n_convention: str
    result: RankResult

    def describe(self) -> str:
        """E.g. "rk = 63 (0/1 matrix, x1..x3 | x4..x6; ±1 rank 64)"."""
        other = "±1" if self.matrix == "0/1" else "0/1"
        part_a = ",".join(f"x{i}" for i in self.result.part_a)
        part_b = ",".join(f"x{i}" for i in self.result.part_b)
        where = "" if self.result.output is None else f"output {self.result.output}, "
        return (f"rk = {self.rank} ({self.matrix} matrix, {where}{part_a} | {part_b}; "
                f"{other} rank {self.other_rank})")


def rank_used(spec: Spec, signed: bool = False, n_convention: str = "inputs") -> RankUsed:
    """max over outputs of rk(f_k) on the chosen matrix, with the n of `n_convention`.

    Raises InputError for a partial spec or n < 2 (rk is undefined there).
    """
    if n_convention not in N_CONVENTIONS:
        raise InputError(f"n_convention {n_convention!r}: expected one of "
                         f"{', '.join(N_CONVENTIONS)}")
    outputs: list[int | None] = [None] if spec.num_outputs == 1 else \
        list(range(spec.num_outputs))
    results = [best_partition_rank(spec, signed, output=k) for k in outputs]
    # the first output of largest rank; with "half", a smaller n breaks ties
    chosen = max(results, key=lambda r: (r.rank, -max(len(r.part_a), len(r.part_b))))
    other = best_partition_rank(spec, not signed, output=chosen.output)
    n_value = spec.n if n_convention == "inputs" else max(len(chosen.part_a),
                                                          len(chosen.part_b))
    return RankUsed(rank=chosen.rank, other_rank=other.rank, matrix=chosen.matrix,
                    n_value=n_value, n_convention=n_convention, result=chosen)


def _assumptions(used: RankUsed, base: float, spec: Spec) -> tuple[str, ...]:
    n_text = (f"n = {used.n_value}, the number of inputs (the preprint's n is half of them; "
              "the larger n only weakens the bound)" if used.n_convention == "inputs" else
              f"NOT PROVEN: n = {used.n_value} = max(|A|, |B|) of the partition, the "
              "preprint's literal 2n-variable reading, which single gates violate at small n "
              "(e.g. [x1 - x2 + x3 - x4 >= 0]); for comparison only")
    items = [
        f"rk: {used.matrix} communication matrix, maximum over partitions (relabelling "
        "reduces any split to the preprint's balanced one)",
        n_text,
        "w = max |w_i| over wires, thresholds not counted",
        "the output gate is counted in s and e; a gate fires iff sum >= t",
        f"log base {base:g} (the inequality itself does not depend on the base)",
        "limits are upper bounds and the inequality is monotone in s, d, w and e",
    ]
    if spec.num_outputs > 1:
        items.append("several outputs: rk = max over outputs of each output's rk (each "
                     "output's cone is a circuit within the same limits)")
    return tuple(items)


def _log(value: int, base: float) -> float:
    return math.log(value, base) if value > 0 else float("-inf")


def _make(axis: str, formula: int, floor: int, used: RankUsed, given: str, base: float,
          spec: Spec) -> Bound:
    value = max(formula, floor)
    note = "" if formula >= floor else f" (formula gives {formula}; elementary bound {floor})"
    method = (f"Uchizawa–Abe: log rk <= e·d·(log s + log w + log n) with {used.describe()}, "
              f"log{base:g} rk = {_log(used.rank, base):.3f}, {given} => {axis} >= "
              f"{value}{note}")
    return Bound(axis, value, method, REFERENCE, _assumptions(used, base, spec),
                 name="Uchizawa–Abe")


def _some_one(spec: Spec) -> bool:
    return bool(spec.values.any())


def energy_bound(spec: Spec, depth: int, size: int, weight: int, *, signed: bool = False,
                 n_convention: str = "inputs", base: float = 2.0) -> Bound:
    """e >= ceil(log rk / (d·(log s + log w + log n))), at least the elementary energy bound
    (1 when some output is ever 1), for circuits of depth <= d, size <= s, weight <= w."""
    used = rank_used(spec, signed, n_convention)
    formula = min_energy(used.rank, depth, size, weight, used.n_value)
    given = f"d <= {depth}, s <= {size}, w <= {weight}, n = {used.n_value}"
    return _make("energy", formula, 1 if _some_one(spec) else 0, used, given, base, spec)


def depth_bound(spec: Spec, energy: int, size: int, weight: int, *, signed: bool = False,
                n_convention: str = "inputs", base: float = 2.0) -> Bound:
    """The least d >= 1 with log rk <= e·d·(log s + log w + log n), for circuits of
    energy <= e, size <= s, weight <= w."""
    used = rank_used(spec, signed, n_convention)
    formula = min_depth(used.rank, energy, size, weight, used.n_value)
    given = f"e <= {energy}, s <= {size}, w <= {weight}, n = {used.n_value}"
    return _make("depth", formula, 1, used, given, base, spec)


def size_bound(spec: Spec, energy: int, depth: int, weight: int, *, signed: bool = False,
               n_convention: str = "inputs", base: float = 2.0) -> Bound:
    """The least s >= 1 with log rk <= e·d·(log s + log w + log n), for circuits of
    energy <= e, depth <= d, weight <= w."""
    used = rank_used(spec, signed, n_convention)
    formula = min_size(used.rank, energy, depth, weight, used.n_value)
    given = f"e <= {energy}, d <= {depth}, w <= {weight}, n = {used.n_value}"
    return _make("size", formula, 1, used, given, base, spec)


def weight_bound(spec: Spec, energy: int, depth: int, size: int, *, signed: bool = False,
                 n_convention: str = "inputs", base: float = 2.0) -> Bound:
    """The least w >= 1 with log rk <= e·d·(log s + log w + log n), for circuits of
    energy <= e, depth <= d, size <= s."""
    used = rank_used(spec, signed, n_convention)
    formula = min_weight(used.rank, energy, depth, size, used.n_value)
    given = f"e <= {energy}, d <= {depth}, s <= {size}, n = {used.n_value}"
    values = spec.values
    floor = 1 if bool((values.any(axis=1) & ~values.all(axis=1)).any()) else 0
    return _make("weight", formula, floor, used, given, base, spec)


def bounds(spec: Spec, axis: str, model: GateModel, limits: Limits) -> list[Bound]:
    """The applicable Uchizawa–Abe bounds on `axis` (the `lower_bounds` hook).

    Threshold gates only; a total spec with 2 <= n <= HOOK_MAX_INPUTS; the other three of
    energy, depth, size and weight must be limited (a limit of 0 leaves nothing to bound),
    except that an unlimited weight is read as `sufficient_weight(n, s)` when the size is
    limited.  Defaults throughout (0/1 rank, n = number of inputs).
    """
    if model.kind != "threshold" or not spec.is_total or not 2 <= spec.n <= HOOK_MAX_INPUTS:
        return []
    energy, depth, size, weight = (limits.energy, limits.depth, limits.size, limits.weight)
    note = None
    if weight is None and size is not None and size >= 1:
        weight = sufficient_weight(spec.n, size)
        if axis != "weight":
            note = _unlimited_weight_note(spec.n, size, weight)
    found: list[Bound] = []
    if axis == "energy" and depth is not None and size is not None and weight is not None \
            and depth >= 1 and size >= 1:
        found = [energy_bound(spec, depth, size, weight)]
    if axis == "depth" and energy is not None and size is not None and weight is not None \
            and energy >= 1 and size >= 1:
        found = [depth_bound(spec, energy, size, weight)]
    if axis == "size" and energy is not None and depth is not None \
            and limits.weight is not None and energy >= 1 and depth >= 1:
        found = [size_bound(spec, energy, depth, limits.weight)]
    if axis == "weight" and energy is not None and depth is not None and size is not None \
            and energy >= 1 and depth >= 1 and size >= 1:
        found = [weight_bound(spec, energy, depth, size)]
    if note is not None:
        found = [replace(b, assumptions=b.assumptions + (note,)) for b in found]
    return found


def _unlimited_weight_note(n: int, size: int, weight: int) -> str:
    """The assumption a bound states when it reads an unlimited weight as `weight`."""
    shown = str(weight) if weight < 10 ** 30 else f"about 2^{weight.bit_length() - 1}"
    return (f"weights unlimited: w = {shown}, the largest weight a threshold function of "
            f"fan-in <= n + s - 1 = {n + size - 1} needs (`minckt.core.threshold`), so "
            "every circuit within the limits has one with weights <= w and the same "
            "s, d and e")


def sufficient_weight(n: int, size: int) -> int:
    """A weight w such that every threshold circuit of `size` gates on n inputs has one with
    weights <= w computing the same gate functions: the largest weight a threshold function
    of fan-in n + size - 1 needs (a gate reads the inputs and the earlier gates)."""
    from minckt.core.threshold import max_weight_needed

    return max_weight_needed(n + size - 1)


# -- discretized ReLU / sigmoid: the asymptotic form ----------------------------------------

@dataclass(frozen=True)
class AsymptoticForm:
    """The discretized-circuit trade-off evaluated with an explicit constant C.

    Not a proven bound: the constant is unknown, and so is the exact model.  `holds` says
    whether lhs <= rhs with this C; `min_energy` is the least integer e for which it would,
    given d, s, w, n (None when the right-hand side is 0 for every e).
    """

    label: str
    expression: str
    lhs: float
    rhs: float
    constant: float
    holds: bool
    min_energy: int | None
    assumptions: tuple[str, ...]


def discretized_form(rank: int, e: int, d: int, s: int, w: int, n: int, *,
                     constant: float = 1.0, base: float = 2.0, lhs: str = "log_rank",
                     model: str = "relu") -> AsymptoticForm:
    """Evaluate  lhs <= C·e·d·(log s + log w + log n)^3  (label: "asymptotic form, constant
    unknown").

    lhs="log_rank" reads the left side as log rk (docs/design/papers.md: most likely), lhs="rank"
    as rk (as the preprint's abstract prints it).  `model` ("relu" or "sigmoid") only labels the
    result: the printed form is the same for both.
    """
    if lhs not in ("log_rank", "rank"):
        raise InputError(f"lhs {lhs!r}: expected 'log_rank' or 'rank'")
    if model not in ("relu", "sigmoid"):
        raise InputError(f"model {model!r}: expected 'relu' or 'sigmoid'")
    if not constant > 0:
        raise InputError(f"constant C = {constant!r}: expected a number > 0")
    if not base > 1:
        raise InputError(f"log base {base!r}: expected a number > 1")
    rank = _integer("rank", rank, 0)
    e, d = _integer("energy e", e, 0), _integer("depth d", d, 1)
    logs = math.log(_product(s, w, n), base)
    left = (_log(rank, base) if lhs == "log_rank" else float(rank))
    per_energy = constant * d * logs ** 3
    right = e * per_energy
    if left <= 0:
        least: int | None = 0
    elif per_energy > 0:
        least = math.ceil(left / per_energy)
    else:
        least = None
    left_text = "log rk" if lhs == "log_rank" else "rk"
    expression = f"{left_text} <= C·e·d·(log s + log w + log n)^3, C = {constant:g}, " \
                 f"log base {base:g}"
    assumptions = (
        f"{ASYMPTOTIC_LABEL}: the published statement is O(·); C = {constant:g} is a guess",
        f"left side read as {left_text} (the abstract prints rk; docs/design/papers.md: most "
        "likely log rk)",
        f"{model} gates in minckt's discretized model "
        "(docs/guide/semantics.md#gates-and-circuits); the paper's definition of "
        "'discretized' was not available, and the resolution R does not appear in the form",
        "w = max |w_i| over wires; the output gate counted in s and e",
    )
    return AsymptoticForm(label=ASYMPTOTIC_LABEL, expression=expression, lhs=left, rhs=right,
                          constant=constant, holds=left <= right, min_energy=least,
                          assumptions=assumptions)
