"""Numbers as readers see them (issue 16 §1): Indonesian in the Indonesian interface, English in the English."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from kotacerdas.core.numbers_format import (
    format_clock,
    format_clock_range,
    format_number,
    format_percent,
    format_rupiah,
    format_time_in,
)

THIN_SPACES = ("\u2009", "\u202f")


@pytest.mark.parametrize(
    ("value", "places", "indonesian", "english"),
    [
        (0, 2, "0,00", "0.00"),
        (1785, None, "1.785", "1,785"),
        (Decimal("55.0000"), None, "55", "55"),
        (Decimal("2150.5000"), None, "2.150,5", "2,150.5"),
        (Decimal("2.1234"), None, "2,1234", "2.1234"),
        (Decimal("1E+3"), None, "1.000", "1,000"),
        (0.1 + 0.2, None, "0,3", "0.3"),
        (2.345, 2, "2,35", "2.35"),
        (Decimal("2.805"), 2, "2,81", "2.81"),
        (-1234567.891, 2, "-1.234.567,89", "-1,234,567.89"),
        (-0.001, 2, "0,00", "0.00"),
        (338500000, 0, "338.500.000", "338,500,000"),
        ("12.5", 1, "12,5", "12.5"),
    ],
)
def test_format_number_in_both_languages(value, places, indonesian, english):
    with translation.override("id"):
        shown_id = format_number(value, places)
    with translation.override("en"):
        shown_en = format_number(value, places)

    assert (shown_id, shown_en) == (indonesian, english)


def test_format_number_without_a_value_is_a_dash():
    assert [format_number(None), format_number(""), format_number("abc"), format_number(None, empty="")] == [
        "–",
        "–",
        "–",
        "",
    ]


def test_format_number_at_most_places_rounds_and_drops_zeros():
    with translation.override("id"):
        shown = [
            format_number(Decimal("33.3333"), max_places=2),
            format_number(Decimal("45.5000"), max_places=2),
        ]

    assert shown == ["33,33", "45,5"]


def test_format_percent_has_no_space_in_either_language():
    with translation.override("id"):
        shown_id = [
            format_percent(0.3, ratio=True),
            format_percent(30),
            format_percent(Decimal("33.333"), 1),
            format_percent(None),
        ]
    with translation.override("en"):
        shown_en = [format_percent(0.3, ratio=True), format_percent(Decimal("33.333"), 1)]

    assert (shown_id, shown_en) == (["30%", "30%", "33,3%", "–"], ["30%", "33.3%"])


def test_format_rupiah_groups_whole_rupiah():
    with translation.override("id"):
        shown_id = [format_rupiah(338500000), format_rupiah(Decimal("1250000.40")), format_rupiah(None)]
    with translation.override("en"):
        shown_en = format_rupiah(338500000)

    assert (shown_id, shown_en) == (["Rp 338.500.000", "Rp 1.250.000", "–"], "Rp 338,500,000")


def test_format_clock_and_zone():
    moment = datetime.datetime(2018, 12, 13, 7, 45, tzinfo=datetime.UTC)  # 14.45 in Jakarta

    with translation.override("id"):
        shown_id = [
            format_clock(datetime.time(9, 5)),
            format_time_in(moment, "Asia/Jakarta"),
            format_time_in(moment, "Asia/Jayapura"),
            format_clock_range(datetime.time(14, 45), datetime.time(15, 30), "Asia/Makassar"),
        ]
    with translation.override("en"):
        shown_en = [format_clock(datetime.time(9, 5)), format_time_in(moment, "Asia/Jakarta")]

    assert (shown_id, shown_en) == (
        ["09.05", "14.45 WIB", "16.45 WIT", "14.45–15.30 WITA"],
        ["09:05", "14:45 WIB"],
    )


def test_format_clock_shows_an_aware_datetime_in_the_current_zone():
    moment = datetime.datetime(2018, 12, 13, 7, 45, tzinfo=datetime.UTC)

    with translation.override("id"), timezone.override("Asia/Makassar"):
        shown = format_clock(moment)

    assert shown == "15.45"


def test_number_filters_in_templates():
    template = Template(
        "{% load kotacerdas %}{{ a|number:2 }} {{ b|number }} {{ c|number:'-2' }} {{ d|rupiah }} "
        "{{ e|percent }} {{ f|ratio_percent }} {{ g|number }} {{ t|clock }}"
    )
    context = Context(
        {
            "a": 0,
            "b": 1785,
            "c": Decimal("2150.5000"),
            "d": 338500000,
            "e": Decimal("30.0"),
            "f": 0.3,
            "g": None,
            "t": datetime.time(14, 45),
        }
    )

    with translation.override("id"):
        shown_id = template.render(context)
    with translation.override("en"):
        shown_en = template.render(context)

    assert shown_id == "0,00 1.785 2.150,5 Rp 338.500.000 30% 30% – 14.45"
    assert shown_en == "0.00 1,785 2,150.5 Rp 338,500,000 30% 30% – 14:45"
    assert not any(space in shown_id + shown_en for space in THIN_SPACES)
