"""NPN and NP classes of Boolean functions: transforms, canonical forms, enumeration.

Two functions of n inputs are NP-equivalent when one becomes the other by permuting and
negating inputs, and NPN-equivalent when the output may be negated too.  There are 2, 4, 14,
222 and 616,126 NPN classes for n = 1..5 (OEIS A000370); threshold-circuit size is invariant under all three operations, energy only
under the first two (negating the output changes which gates fire), so an energy sweep takes
NP classes.

Transforms act on a truth table as a permutation of its 2^n bits.  `orbit_tables` applies
all of them at once with byte lookup tables: for each transform and each byte of the table,
the image bits that byte contributes, so the image of a table is the OR of one lookup per
byte -- vectorised over the n! 2^n transforms.  `npn_representatives(5)` walks the 2^32
tables in order with a visited array (one byte per table, 4 GiB): the first unvisited table
is the least of its class, and its orbit is marked.  The result is cached on disk (`cache_dir`).
"""

from __future__ import annotations

import itertools
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from minckt.errors import InputError

__all__ = ["NPN_CLASSES", "NP_CLASSES", "transforms", "orbit_tables", "canonical",
           "npn_representatives", "class_size"]

#: Inputs up to which classes are enumerated (2^32 tables for n = 5).
MAX_CLASS_INPUTS = 5

#: NPN classes of n-input functions, n = 0..5 (OEIS A000370 from n = 1).
NPN_CLASSES = {0: 1, 1: 2, 2: 4, 3: 14, 4: 222, 5: 616_126}

#: NP classes (no output negation), n = 0..5: the length of
#: `npn_representatives(n, negate_output=False)` (n = 5: the cached ``np5.npy``, a walk over
#: 2^32 tables that no test repeats).
NP_CLASSES = {0: 2, 1: 3, 2: 6, 3: 22, 4: 402, 5: 1_228_158}


def _check(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_CLASS_INPUTS:
        raise InputError(f"classes: n = {n!r}: expected a number of inputs in "
                         f"0..{MAX_CLASS_INPUTS}")
    return n


@lru_cache(maxsize=8)
def transforms(n: int) -> np.ndarray:
    """Row maps of every input permutation and negation: image[t, r] is the row whose
    value the transformed function takes on row r (n! 2^n rows of 2^n entries)."""
    _check(n)
    rows = np.arange(1 << n, dtype=np.int64)
    flips = np.arange(1 << n, dtype=np.int64)[:, None]
    maps = []
    for perm in itertools.permutations(range(n)):
        image = np.zeros((1 << n, 1 << n), dtype=np.int64)  # [flips, row]
        for i, source in enumerate(perm):
            image |= (((rows[None, :] >> source) & 1) ^ ((flips >> i) & 1)) << i
        maps.append(image)
    return np.concatenate(maps) if maps else np.zeros((0, 1), dtype=np.int64)


@lru_cache(maxsize=8)
def _byte_tables(n: int) -> np.ndarray:
    """lut[t, k, v]: the image bits that value v of byte k of a table contributes under
    transform t (tables of n <= 2 inputs fit in one byte)."""
    maps = transforms(n)
    width = 1 << n
    nbytes = max(1, width // 8)
    # bit r of a transform's image is bit maps[t, r] of the table: with inverse[t, s] the r
    # that reads source bit s, byte k's value v gives Σ_b bit b of v << inverse[t, 8k + b]
    # (distinct positions, so the sum is the OR)
    inverse = np.argsort(maps, axis=1)
    if width < 8:  # one partial byte: its missing bits are never set in a table
        inverse = np.concatenate([inverse, np.zeros((len(maps), 8 - width), dtype=np.int64)],
                                 axis=1)
        present = np.arange(8) < width
    else:
        present = np.ones(8, dtype=bool)
    shifts = np.left_shift(np.uint64(1), inverse.astype(np.uint64)).reshape(
        len(maps), nbytes, 8) * present.astype(np.uint64)
    bits = (np.arange(256, dtype=np.uint64)[:, None] >> np.arange(8, dtype=np.uint64)) \
        & np.uint64(1)
    lut = np.einsum("tkb,vb->tkv", shifts, bits)
    return lut


def orbit_tables(table: int, n: int, negate_output: bool = True) -> np.ndarray:
    """Every table NP- (or NPN-) equivalent to `table`, with repetitions."""
    lut = _byte_tables(_check(n))
    width = 1 << n
    images = np.zeros(lut.shape[0], dtype=np.uint64)
    for k in range(lut.shape[1]):
        images |= lut[:, k, (table >> (8 * k)) & 0xFF]
    if width < 8:
        images &= np.uint64((1 << width) - 1)
    if negate_output:
        full = np.uint64((1 << width) - 1)
        images = np.concatenate([images, images ^ full])
    return images


def canonical(table: int, n: int, negate_output: bool = True) -> int:
    """The least table of `table`'s NPN (or NP) class: its representative."""
    return int(orbit_tables(table, n, negate_output).min())


def class_size(table: int, n: int, negate_output: bool = True) -> int:
    """How many functions the class of `table` holds."""
    images = np.sort(orbit_tables(table, n, negate_output))
    return 1 + int(np.count_nonzero(images[1:] != images[:-1]))  # sort: 8x np.unique here


def _cache_path(n: int, negate_output: bool, cache_dir: str | Path | None) -> Path:
    root = Path(cache_dir or os.environ.get("MINCKT_CACHE")
                or Path.home() / ".cache" / "minckt")
    return root / f"{'npn' if negate_output else 'np'}{n}.npy"


def npn_representatives(n: int, negate_output: bool = True,
                        cache_dir: str | Path | None = None) -> np.ndarray:
    """The least table of every NPN (or NP) class of n-input functions, ascending.

    n <= 4 is computed in well under a second; n = 5 walks all 2^32 tables (minutes) and is
    cached as ``npn5.npy`` / ``np5.npy`` in `cache_dir` (default $MINCKT_CACHE or
    ~/.cache/minckt), re-checked on load by its length and first entries.
    """
    _check(n)
    if n == 5:
        path = _cache_path(n, negate_output, cache_dir)
        if path.exists():
            cached = np.load(path)
            if len(cached) and cached[0] == 0 and np.all(np.diff(cached) > 0):
                return cached
    width = 1 << n
    total = 1 << width
    seen = np.zeros(total, dtype=bool)  # one byte per table: 4 GiB for n = 5
    seen.fill(False)  # touch every page now: faulting them in at random while marking
    # orbits made each class 15 times slower (3.2 ms against 0.2 ms, measured)
    found = []
    chunk = 1 << 16
    for start in range(0, total, chunk):
        stop = min(total, start + chunk)
        offset = 0
        while True:
            free = np.flatnonzero(~seen[start + offset:stop])
            if not len(free):
                break
            table = start + offset + int(free[0])
            found.append(table)
            seen[orbit_tables(table, n, negate_output).astype(np.int64)] = True
            offset = table - start + 1
    result = np.array(found, dtype=np.uint64)
    if n == 5:
        path = _cache_path(n, negate_output, cache_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, result)
    return result

