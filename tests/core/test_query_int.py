"""Whole numbers from query strings and forms: a number no column can hold is no number, not a crash."""

import pytest

from kotacerdas.core.middleware import query_int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("0", 0),
        ("9223372036854775807", 9223372036854775807),
        ("9223372036854775808", None),
        ("99999999999999999999", None),
        ("-1", None),
        ("abc", None),
        ("1e5", None),
        ("2.150", None),
        ("١٢", None),
        ("", None),
    ],
)
def test_query_int_reads_only_numbers_a_column_holds(text, expected):
    assert query_int({"n": text}, "n") == expected


def test_query_int_missing_is_none():
    assert query_int({}, "n") is None


def test_query_int_respects_its_range():
    assert (query_int({"n": "5"}, "n", minimum=6), query_int({"n": "5"}, "n", maximum=4)) == (None, None)
