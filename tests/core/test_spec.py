"""Tests for minckt.core.spec: truth-table parsing, callables, care sets, multi-output, JSON, keys.

Expected values are written out by hand from the row convention of docs/guide/semantics.md (row r
sets
x_i = bit i-1 of r; bit r of the table is f(row r); hex is written MSB first) or computed by a
direct loop over rows in the test, never by minckt itself.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minckt.errors import InputError, MincktError
from minckt.core.spec import MAX_INPUTS, Spec, format_table, input_matrix, parse_table


def table_from_rows(n: int, f) -> int:
    """Truth table built by a plain loop: bit r is f(x1, ..., xn) on row r."""
    table = 0
    for row in range(1 << n):
        bits = [(row >> i) & 1 for i in range(n)]
        if f(*bits):
            table |= 1 << row
    return table


# -- parsing: known tables -----------------------------------------------------------------

@pytest.mark.parametrize(
    "text, n, expected",
    [
        # AND2 is 1 only on row 3 (x1 = x2 = 1): 0b1000.
        ("0x8", 2, 0b1000),
        # OR2 is 0 only on row 0: 0b1110.
        ("0xE", 2, 0b1110),
        ("0xe", 2, 0b1110),
        # XOR2 is 1 on rows 1 and 2: 0b0110.
        ("0x6", 2, 0b0110),
        # MAJ3 is 1 on rows 3, 5, 6, 7: 2^3 + 2^5 + 2^6 + 2^7 = 232.
        ("0xE8", 3, 232),
        ("0XE8", 3, 232),
        ("  0xE8 ", 3, 232),
        ("0xE_8", 3, 232),
        # Binary, MSB first: AND2 = 1000 (row 3 is the leftmost digit).
        ("0b1000", 2, 8),
        ("0b1110", 2, 14),
        ("0b11101000", 3, 232),
        ("0B0110", 2, 6),
        # Plain integers are taken as the table itself.
        (8, 2, 8),
        (0, 3, 0),
        (255, 3, 255),
        # n = 0 and n = 1 use a single hex digit whose unused high bits are 0.
        ("0x1", 0, 1),
        ("0x0", 0, 0),
        ("0x2", 1, 2),  # the identity x1: 1 on row 1 only
        ("0x1", 1, 1),  # NOT x1
        ("0b10", 1, 2),
        # n = 4: 16 rows, 4 hex digits.
        ("0x8000", 4, 1 << 15),
    ],
)
def test_parse_table_known_values(text, n, expected):
    assert parse_table(text, n) == expected


def test_named_tables_match_row_loops():
    assert parse_table("0x8", 2) == table_from_rows(2, lambda a, b: a and b)
    assert parse_table("0xE", 2) == table_from_rows(2, lambda a, b: a or b)
    assert parse_table("0x6", 2) == table_from_rows(2, lambda a, b: a ^ b)
    assert parse_table("0xE8", 3) == table_from_rows(3, lambda a, b, c: a + b + c >= 2)
    assert parse_table("0x96", 3) == table_from_rows(3, lambda a, b, c: (a + b + c) % 2)
    # x1 is the least significant bit: the projection onto x1 on 2 inputs is 1 on rows 1, 3.
    assert parse_table("0xA", 2) == table_from_rows(2, lambda a, b: a)
    assert parse_table("0xC", 2) == table_from_rows(2, lambda a, b: b)


def test_format_table_known_values():
    assert format_table(8, 2) == "0x8"
    assert format_table(232, 3) == "0xE8"
    assert format_table(0x96, 3) == "0x96"
    assert format_table(1, 4) == "0x0001"  # zero-padded to 2^4 / 4 = 4 digits
    assert format_table(1, 0) == "0x1"
    assert format_table(2, 1) == "0x2"
    assert len(format_table(0, 6)) == 2 + 16


# -- parsing: errors -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, n, fragment",
    [
        ("0xE8", 2, "0xE8"),  # too many digits for 4 rows
        ("0x8", 3, "0x8"),  # too few digits for 8 rows
        ("0x0008", 3, "0x0008"),  # zero padding does not excuse the length
        ("0b100", 2, "0b100"),
        ("0b10000", 2, "0b10000"),
        ("0xG8", 3, "0xG8"),
        ("0xZ", 2, "0xZ"),
        ("0b1020", 2, "0b1020"),
        ("0b10a0", 2, "0b10a0"),
        ("E8", 3, "E8"),  # no prefix
        ("", 2, "''"),
        ("0x", 2, "0x"),
        ("0x4", 1, "0x4"),  # n = 1 has 2 rows; bit 2 set does not fit
        ("0x2", 0, "0x2"),
        (16, 2, "16"),  # integer too large for 4 rows
        (-1, 2, "-1"),  # negative
        (-8, 3, "-8"),
    ],
)
def test_parse_table_rejects_bad_tables(text, n, fragment):
    with pytest.raises(InputError) as info:
        parse_table(text, n)
    assert fragment in str(info.value)


def test_wrong_length_message_states_expected_digits():
    with pytest.raises(InputError, match=r"2 digit"):
        parse_table("0xE", 3)
    with pytest.raises(InputError, match=r"4 digits"):
        parse_table("0b100", 2)


@pytest.mark.parametrize("text", ["0x+8", "0x E"])
def test_parse_table_rejects_sign_and_space_inside_hex(text):
    with pytest.raises(InputError):
        parse_table(text, 3)


@pytest.mark.parametrize("bad", [1.0, None, b"0x8", ["0x8"], True])
def test_parse_table_rejects_non_table_types(bad):
    with pytest.raises(InputError) as info:
        parse_table(bad, 2)
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("n", [-1, MAX_INPUTS + 1, 64, 2.0, "3", True])
def test_bad_n_is_an_input_error_naming_it(n):
    with pytest.raises(InputError) as info:
        parse_table("0x8", n)
    assert repr(n) in str(info.value)
    with pytest.raises(InputError) as info:
        Spec.from_table("0x8", n)
    assert repr(n) in str(info.value)
    with pytest.raises(InputError):
        Spec(n=n, outputs=(0,))


def test_input_error_is_rooted():
    assert issubclass(InputError, MincktError)
    assert issubclass(InputError, ValueError)


def test_spec_constructor_rejects_bad_tables():
    with pytest.raises(InputError, match="16"):
        Spec(n=2, outputs=(16,))
    with pytest.raises(InputError, match="-1"):
        Spec(n=2, outputs=(-1,))
    with pytest.raises(InputError):
        Spec(n=2, outputs=())
    with pytest.raises(InputError):
        Spec(n=2, outputs=[8])  # a list is not the immutable tuple
    with pytest.raises(InputError):
        Spec(n=2, outputs=(True,))
    with pytest.raises(InputError, match="16"):
        Spec(n=2, outputs=(8,), care=16)
    with pytest.raises(InputError):
        Spec(n=2, outputs=(8,), care=-1)


# -- Spec views ------------------------------------------------------------------------------

def test_input_matrix_follows_row_convention():
    matrix = input_matrix(3)
    assert matrix.shape == (3, 8)
    for row in range(8):
        for i in range(3):
            assert matrix[i, row] == (row >> i) & 1
    # x1 alternates fastest.
    assert list(matrix[0]) == [0, 1, 0, 1, 0, 1, 0, 1]
    assert list(matrix[2]) == [0, 0, 0, 0, 1, 1, 1, 1]


def test_values_and_value_for_maj3():
    spec = Spec.from_table("0xE8", 3)
    assert spec.n == 3 and spec.num_rows == 8 and spec.num_outputs == 1
    assert spec.is_total
    expected = [int(a + b + c >= 2) for c in (0, 1) for b in (0, 1) for a in (0, 1)]
    assert expected == [0, 0, 0, 1, 0, 1, 1, 1]
    assert spec.values.shape == (1, 8)
    assert spec.values.dtype == bool
    assert [int(v) for v in spec.values[0]] == expected
    assert [spec.value(r) for r in range(8)] == [bool(v) for v in expected]
    assert spec.hex() == ["0xE8"]
    assert list(spec.care_rows) == list(range(8))
    assert spec.care_mask.all()


def test_views_are_read_only():
    spec = Spec.from_table("0xE8", 3)
    with pytest.raises(ValueError):
        spec.values[0, 0] = True
    with pytest.raises(ValueError):
        input_matrix(2)[0, 0] = 1


def test_spec_is_frozen_and_hashable():
    spec = Spec.from_table("0x8", 2)
    with pytest.raises(AttributeError):
        spec.n = 3  # type: ignore[misc]
    assert hash(spec) == hash(Spec.from_table("0b1000", 2))
    assert len({spec, Spec.from_table(8, 2), Spec(n=2, outputs=(8,))}) == 1


# -- from_callable ---------------------------------------------------------------------------

def test_from_callable_matches_hand_tables():
    assert Spec.from_callable(lambda a, b: a and b, 2).outputs == (0x8,)
    assert Spec.from_callable(lambda a, b: a or b, 2).outputs == (0xE,)
    assert Spec.from_callable(lambda a, b: a ^ b, 2).outputs == (0x6,)
    assert Spec.from_callable(lambda a, b, c: a + b + c >= 2, 3).outputs == (0xE8,)
    # x1 is the first argument and the least significant row bit.
    assert Spec.from_callable(lambda a, b, c: a, 3).outputs == (0xAA,)
    assert Spec.from_callable(lambda a, b, c: c, 3).outputs == (0xF0,)
    assert Spec.from_callable(lambda: 1, 0).outputs == (1,)


def test_from_callable_passes_zero_one_arguments_in_row_order():
    seen = []

    def record(*bits):
        seen.append(bits)
        return 0

    Spec.from_callable(record, 3)
    assert seen == [tuple((row >> i) & 1 for i in range(3)) for row in range(8)]


def test_from_callable_none_rows_become_dont_cares():
    # XOR2 defined everywhere except row 3 (x1 = x2 = 1).
    spec = Spec.from_callable(lambda a, b: None if a and b else a ^ b, 2)
    assert spec.care == 0b0111
    assert not spec.is_total
    assert spec.outputs == (0b0110,)
    assert spec.value(3) is None
    assert [spec.value(r) for r in range(3)] == [False, True, True]
    assert list(spec.care_rows) == [0, 1, 2]
    assert [bool(c) for c in spec.care_mask] == [True, True, True, False]
    assert bool(spec.values[0, 3]) is False  # don't-care rows read as 0 in `values`


def test_from_callable_all_rows_care_gives_total_spec():
    spec = Spec.from_callable(lambda a, b: a and b, 2)
    assert spec.care is None and spec.is_total


def test_from_callable_multi_output():
    spec = Spec.from_callable(lambda a, b: (a and b, a or b, a ^ b), 2, outputs=3)
    assert spec.outputs == (0x8, 0xE, 0x6)
    assert spec.num_outputs == 3
    assert spec.hex() == ["0x8", "0xE", "0x6"]
    assert spec.values.shape == (3, 4)
    assert [int(v) for v in spec.values[1]] == [0, 1, 1, 1]
    assert spec.value(1, output=2) is True
    assert spec.value(3, output=2) is False


def test_from_callable_multi_output_dont_cares_shared():
    spec = Spec.from_callable(lambda a, b: (None, None) if a == b == 0 else (a, b), 2,
                              outputs=2)
    assert spec.care == 0b1110
    assert spec.outputs == (0b1010, 0b1100)
    with pytest.raises(InputError, match="row 0"):
        Spec.from_callable(lambda a, b: (None, 1) if a == b == 0 else (a, b), 2, outputs=2)


def test_from_callable_wrong_arity_of_result():
    with pytest.raises(InputError, match="row 0"):
        Spec.from_callable(lambda a, b: (a, b, a), 2, outputs=2)


# -- multi-output tables and care normalisation ---------------------------------------------

def test_from_table_multi_output_and_per_output_errors():
    spec = Spec.from_table(["0x8", "0b1110"], 2)
    assert spec.outputs == (8, 14)
    assert spec.num_outputs == 2
    with pytest.raises(InputError, match="truth table 1"):
        Spec.from_table(["0x8", "0xE8"], 2)


def test_care_set_normalises_dont_care_bits():
    # XOR2 and OR2 agree on rows 0, 1, 2; with row 3 a don't-care they are one partial function.
    xor_partial = Spec.from_table("0x6", 2, care="0x7")
    or_partial = Spec.from_table("0xE", 2, care="0x7")
    assert xor_partial == or_partial
    assert xor_partial.outputs == (0b0110,)
    assert xor_partial.key() == or_partial.key()
    assert hash(xor_partial) == hash(or_partial)
    # ... but not equal to the total functions.
    assert xor_partial != Spec.from_table("0x6", 2)
    assert xor_partial.key() != Spec.from_table("0x6", 2).key()


def test_full_care_set_is_the_total_function():
    total = Spec.from_table("0xE8", 3)
    explicit = Spec.from_table("0xE8", 3, care="0xFF")
    assert explicit.care is None
    assert explicit == total
    assert explicit.key() == total.key()


def test_care_set_masks_every_output():
    spec = Spec(n=2, outputs=(0xF, 0xE), care=0b0101)
    assert spec.outputs == (0b0101, 0b0100)
    assert list(spec.care_rows) == [0, 2]


def test_care_parse_errors_name_the_care_set():
    with pytest.raises(InputError, match="care set"):
        Spec.from_table("0x8", 2, care="0x1F")


# -- key(): stable, content-only --------------------------------------------------------------

def test_key_is_name_independent_and_content_sensitive():
    a = Spec.from_table("0xE8", 3, name="maj")
    b = Spec.from_callable(lambda x, y, z: x + y + z >= 2, 3, name="something else")
    assert a == b  # the name is not compared
    assert a.key() == b.key()
    assert a.key() == a.key()
    assert len(a.key()) == 64 and int(a.key(), 16) >= 0
    others = [
        Spec.from_table("0xE9", 3),
        Spec.from_table("0x8", 2),
        Spec.from_table("0x08", 3),
        Spec.from_table("0xE8", 3, care="0x7F"),
        Spec.from_table(["0xE8", "0xE8"], 3),
    ]
    keys = {a.key()} | {s.key() for s in others}
    assert len(keys) == 1 + len(others)


def test_key_stable_across_processes():
    code = ("from minckt.core.spec import Spec; "
            "print(Spec.from_table('0xE8', 3, care='0x7F').key())")
    keys = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True)
        keys.add(out.stdout.strip())
    assert keys == {Spec.from_table("0xE8", 3, care="0x7F").key()}


# -- JSON ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "spec",
    [
        Spec.from_table("0xE8", 3, name="maj3"),
        Spec.from_table(["0x8", "0xE"], 2),
        Spec.from_table("0x6", 2, care="0x7", name="xor-partial"),
        Spec(n=0, outputs=(1,)),
        Spec(n=5, outputs=(0xDEADBEEF, 0x12345678), care=0xFFFF0000),
    ],
)
def test_json_round_trip(spec):
    data = spec.to_json()
    back = Spec.from_json(data)
    assert back == spec
    assert back.name == spec.name
    assert back.key() == spec.key()


def test_to_json_content():
    data = Spec.from_table("0x6", 2, care="0b0111", name="x").to_json()
    assert data == {"n": 2, "outputs": ["0x6"], "care": "0x7", "name": "x"}
    assert Spec.from_table("0xE8", 3).to_json() == {"n": 3, "outputs": ["0xE8"]}


# -- property: hex round trip and bit order --------------------------------------------------

@st.composite
def tables(draw):
    n = draw(st.integers(min_value=0, max_value=6))
    table = draw(st.integers(min_value=0, max_value=(1 << (1 << n)) - 1))
    return n, table


@settings(max_examples=200, deadline=None)
@given(tables())
def test_property_hex_round_trip_and_bit_order(case):
    n, table = case
    text = format_table(table, n)
    spec = Spec.from_table(text, n)
    assert spec.outputs == (table,)
    assert spec.hex() == [text]
    assert Spec.from_json(spec.to_json()) == spec
    binary = "0b" + format(table, f"0{1 << n}b")
    assert parse_table(binary, n) == table
    values = spec.values
    for row in range(1 << n):
        assert bool(values[0, row]) == bool((table >> row) & 1)
        assert spec.value(row) == bool((table >> row) & 1)
    # The leftmost hex digit carries the highest rows.
    if n >= 2:
        top = int(text[2], 16)
        assert top == (table >> ((1 << n) - 4)) & 0xF


@settings(max_examples=100, deadline=None)
@given(tables(), st.data())
def test_property_care_normalisation(case, data):
    n, table = case
    care = data.draw(st.integers(min_value=0, max_value=(1 << (1 << n)) - 1))
    noise = data.draw(st.integers(min_value=0, max_value=(1 << (1 << n)) - 1))
    a = Spec(n=n, outputs=(table,), care=care)
    b = Spec(n=n, outputs=((table & care) | (noise & ~care),), care=care)
    assert a == b and a.key() == b.key()
    assert list(a.care_rows) == [r for r in range(1 << n) if (care >> r) & 1]
    assert np.array_equal(a.care_mask, np.array([(care >> r) & 1 for r in range(1 << n)],
                                                dtype=bool))


@pytest.mark.parametrize("data", [{"n": 2}, {"outputs": ["0x8"]}])
def test_from_json_missing_key_is_an_input_error(data):
    with pytest.raises(InputError):
        Spec.from_json(data)


def test_from_json_bad_table_is_an_input_error():
    with pytest.raises(InputError, match="0xE8"):
        Spec.from_json({"n": 2, "outputs": ["0xE8"]})
