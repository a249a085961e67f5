"""NPN and NP classes against the OEIS counts and a brute-force enumerator."""

from __future__ import annotations

import random

import numpy as np
import pytest

from minckt.core.classes import canonical, class_size, npn_representatives, orbit_tables
from minckt.errors import InputError


def brute_npn(n: int) -> list[int]:
    """Least table of each NPN class by plain enumeration: every permutation, input
    negation and output negation applied row by row (no lookup tables)."""
    import itertools

    rows, full = range(1 << n), (1 << (1 << n)) - 1
    seen, reps = set(), []
    for table in range(1 << (1 << n)):
        if table in seen:
            continue
        orbit = set()
        for perm in itertools.permutations(range(n)):
            for flips in range(1 << n):
                image = 0
                for r in rows:
                    source = sum((((r >> perm[i]) & 1) ^ ((flips >> i) & 1)) << i
                                 for i in range(n))
                    image |= ((table >> source) & 1) << r
                orbit.update((image, full ^ image))
        seen |= orbit
        reps.append(min(orbit))
    return sorted(reps)

NPN = {0: 1, 1: 2, 2: 4, 3: 14, 4: 222}  # OEIS A000370 (n = 1..4), one class for n = 0
NP = {0: 2, 1: 3, 2: 6, 3: 22, 4: 402}   # OEIS A000616 (n = 1..4)


@pytest.mark.parametrize("n", range(5))
def test_class_counts_match_the_oeis_and_cover_every_function(n):
    npn, np_classes = npn_representatives(n), npn_representatives(n, negate_output=False)
    assert (len(npn), len(np_classes)) == (NPN[n], NP[n])
    assert list(map(int, npn)) == brute_npn(n)
    for reps, negate in ((npn, True), (np_classes, False)):
        assert sum(class_size(int(t), n, negate) for t in reps) == 1 << (1 << n)
        assert all(canonical(int(t), n, negate) == int(t) for t in reps)


def test_five_input_canonical_forms_on_a_sample():
    """Every member of an orbit has the same representative, the least of the orbit; the
    class size divides the group order 2 * 5! * 2^5; different representatives' orbits are
    disjoint."""
    rng = random.Random(2026)
    seen: dict[int, set[int]] = {}
    for _ in range(60):
        table = rng.getrandbits(32)
        orbit = set(map(int, orbit_tables(table, 5)))
        rep = canonical(table, 5)
        assert rep == min(orbit) and rep <= table
        member = rng.choice(sorted(orbit))
        assert canonical(member, 5) == rep
        assert (2 * 120 * 32) % len(orbit) == 0
        seen[rep] = orbit
    reps = list(seen)
    for a in range(len(reps)):
        for b in range(a + 1, len(reps)):
            assert not seen[reps[a]] & seen[reps[b]]


def test_np_classes_keep_the_output_polarity():
    assert canonical(0b1000, 2, negate_output=False) == 0b0001  # AND ~ NOR by negating inputs
    assert canonical(0b0111, 2, negate_output=False) != canonical(0b1000, 2, negate_output=False)
    assert canonical(0b0111, 2) == canonical(0b1000, 2)  # NAND ~ AND with the output negated


def test_bad_input_counts_are_user_errors():
    with pytest.raises(InputError, match="0..5"):
        npn_representatives(6)
    with pytest.raises(InputError):
        canonical(3, -1)


@pytest.mark.slow
def test_all_616126_npn_classes_of_five_inputs(tmp_path):
    """OEIS A000370: 616,126 NPN classes of 5-input functions (4 GiB, a few minutes); the
    second call reads the cache."""
    reps = npn_representatives(5, cache_dir=tmp_path)
    assert len(reps) == 616126 and reps[0] == 0 and np.all(np.diff(reps.astype(np.int64)) > 0)
    assert (tmp_path / "npn5.npy").exists()
    assert np.array_equal(npn_representatives(5, cache_dir=tmp_path), reps)
