"""The shipped threshold atlas (`minckt.solve.atlas`, `minckt lookup`): its data against the
known counts (A000370 classes, A000609 threshold functions, 2^(2^n) functions), its
lookups against the exact search, every circuit re-verified by the evaluator, the refusals,
and `--pack` rebuilding a file equal to the shipped one."""

from __future__ import annotations

import random

import numpy as np
import pytest

import minckt
from minckt.cli import main
from minckt.core.classes import NPN_CLASSES, class_size, npn_representatives
from minckt.core.problem import GateModel, Limits, SearchParams
from minckt.core.spec import Spec
from minckt.errors import InputError
from minckt.report.atlas_data import THRESHOLD_FUNCTIONS
from minckt.solve.atlas import atlas, atlas_path, available, lookup
from minckt.verify.check import verify

SHIPPED = available()


def test_every_atlas_up_to_five_inputs_is_shipped():
    assert set(range(6)) <= set(SHIPPED)


@pytest.mark.parametrize("n", [n for n in SHIPPED if n <= 4])
def test_atlas_holds_every_class_and_the_known_counts(n):
    book = atlas(n)
    assert list(book.tables) == [int(t) for t in npn_representatives(n)]
    assert len(book.tables) == NPN_CLASSES[n]
    sizes = {int(t): int(s) for t, s in zip(book.tables, book.sizes)}
    weights = {t: class_size(t, n) for t in sizes}
    assert sum(weights.values()) == 1 << (1 << n)
    assert sum(w for t, w in weights.items() if sizes[t] == 1) == THRESHOLD_FUNCTIONS[n]


def test_the_five_input_atlas_holds_every_class_and_the_threshold_functions():
    """All 616,126 NPN classes (A000370), each its orbit's least table (a sample of 2,000
    canonicalised again), sizes 1..4; the size-1 classes hold the 94,572 threshold functions
    of 5 inputs (A000609)."""
    from minckt.core.classes import canonical

    book = atlas(5)
    assert len(book.tables) == NPN_CLASSES[5] == 616_126
    assert np.all(np.diff(book.tables.astype(np.int64)) > 0)
    rng = np.random.default_rng(5)
    for i in rng.choice(len(book.tables), 2000, replace=False):
        assert canonical(int(book.tables[i]), 5) == int(book.tables[i])
    assert set(np.unique(book.sizes).tolist()) == {1, 2, 3, 4}
    ones = [int(t) for t, s in zip(book.tables, book.sizes) if s == 1]
    assert sum(class_size(t, 5) for t in ones) == THRESHOLD_FUNCTIONS[5] == 94_572


def test_every_function_of_three_inputs_gets_a_verified_circuit_of_its_class_size():
    for table in range(256):
        spec = Spec(3, (table,))
        result = lookup(spec)
        assert result.status is minckt.Status.OPTIMAL
        assert verify(spec, result.circuit).size == result.value == result.lower_bound


def _agrees_with_the_search(spec: Spec) -> None:
    found, searched = lookup(spec), minckt.minimize(spec, "size")
    assert searched.status is minckt.Status.OPTIMAL
    assert found.value == searched.value
    assert verify(spec, found.circuit).size == found.value


def test_lookups_of_random_four_input_functions_agree_with_the_search():
    rng = random.Random(4)
    for table in rng.sample(range(1 << 16), 12):
        _agrees_with_the_search(Spec(4, (table,)))
    for table in rng.sample(range(1 << 16), 300):  # the transforms map back: all verify
        spec = Spec(4, (table,))
        found = lookup(spec)
        assert verify(spec, found.circuit).size == found.value


def test_lookups_of_random_five_input_functions_agree_with_the_search():
    rng = random.Random(5)
    for table in rng.sample(range(1 << 32), 3):
        _agrees_with_the_search(Spec(5, (table,)))
    for table in rng.sample(range(1 << 32), 300):  # the transforms map back: all verify
        spec = Spec(5, (table,))
        found = lookup(spec)
        assert verify(spec, found.circuit).size == found.value


@pytest.mark.parametrize("spec, why", [
    (Spec(6, (1,)), "at most 5"), (Spec(3, (0xE8, 0x96)), "single-output"),
    (Spec(3, (0xE8,), care=0x0F), "total functions")])
def test_lookup_refuses_what_the_atlas_does_not_hold(spec, why):
    with pytest.raises(InputError, match=why):
        lookup(spec)


def test_minimize_uses_the_atlas_only_when_asked():
    spec = Spec(4, (0x6996,))
    assert minckt.minimize(spec, "size", use_atlas=True).backend == "atlas"
    assert minckt.minimize(spec, "size").backend != "atlas"
    limited = minckt.minimize(spec, "size", Limits(depth=2), use_atlas=True)
    assert limited.backend != "atlas" and "without limits" in limited.notes[-1]
    relu = minckt.minimize(Spec(3, (0x96,)), "size", model=GateModel("relu", 2),
                           use_atlas=True)
    assert relu.backend != "atlas" and "atlas not used" in relu.notes[-1]
    certified = minckt.minimize(Spec(3, (0xE8,)), "size", params=SearchParams(certify=True),
                                use_atlas=True)
    assert certified.backend != "atlas" and certified.value == 1


def test_cli_lookup_prints_the_circuit_and_refuses_bad_input(capsys):
    assert main(["lookup", "0xE8"]) == 0
    said = capsys.readouterr().out
    assert "least size 1" in said and "x1 + x2 + x3 >= 2" in said
    assert main(["lookup", "PARITY", "--n", "4", "--json"]) == 0
    assert '"value": 3' in capsys.readouterr().out
    assert main(["lookup", "0x123"]) == 2
    assert "hex digit" in capsys.readouterr().err


def test_pack_rebuilds_the_shipped_file_and_keeps_what_exists(tmp_path, capsys):
    store = tmp_path / "npn3.db"
    assert main(["lookup", "--pack", str(store), "--npn", "3", "--out-dir",
                 str(tmp_path)]) == 0
    built, shipped = np.load(atlas_path(3, tmp_path)), np.load(atlas_path(3))
    assert list(built["tables"]) == list(shipped["tables"])
    assert list(built["sizes"]) == list(shipped["sizes"])
    capsys.readouterr()
    assert main(["lookup", "--pack", str(store), "--npn", "3", "--out-dir",
                 str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
