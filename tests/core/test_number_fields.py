"""The one number field: Indonesian input read as Indonesians mean it, ambiguity refused, bounds kept."""

import ast
import importlib
import inspect
import pkgutil
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

import kotacerdas
from kotacerdas.core.fields import BoundedDecimalField
from kotacerdas.core.forms import NumberField, NumberInput, WholeNumberField
from kotacerdas.core.numbers import SAFE_SIGNIFICANT_DIGITS, NumberBounds, NumberInputError, parse_number

PACKAGE = Path(kotacerdas.__file__).parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.150", Decimal("2150")),
        ("2.150,5", Decimal("2150.5")),
        ("1,5", Decimal("1.5")),
        ("2150,5", Decimal("2150.5")),
        ("2150", Decimal("2150")),
        ("Rp 1.250.000", Decimal("1250000")),
        ("Rp1.250.000", Decimal("1250000")),
        ("rp. 1.250.000", Decimal("1250000")),
        ("1.250.000,00", Decimal("1250000.00")),
        ("2 150", Decimal("2150")),
        (" 2.150 ", Decimal("2150")),
        ("2\u00a0150", Decimal("2150")),
        ("30%", Decimal("30")),
        ("-3,5", Decimal("-3.5")),
        ("\u22123,5", Decimal("-3.5")),
        ("0,5", Decimal("0.5")),
        ("12.345.678,90", Decimal("12345678.90")),
    ],
)
def test_parse_number_indonesian_reads_what_people_type(text, expected):
    assert parse_number(text, language="id") == expected


@pytest.mark.parametrize(
    ("text", "suggestions"),
    [
        ("2.15", ["215", "2,15"]),
        ("1.2.3", ["123"]),
        ("1,2,3", []),
        ("2.5", ["25", "2,5"]),
        ("1e5", []),
        ("12abc", []),
        ("Rp", []),
        ("2,150.5", ["2,1505", "2.150,5"]),
        ("NaN", []),
        ("Infinity", []),
    ],
)
def test_parse_number_indonesian_refuses_ambiguous_and_malformed(text, suggestions):
    with pytest.raises(NumberInputError) as refused:
        parse_number(text, language="id")

    assert refused.value.suggestions == suggestions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,150", Decimal("2150")),
        ("2,150.5", Decimal("2150.5")),
        ("1.5", Decimal("1.5")),
        ("2.15", Decimal("2.15")),
    ],
)
def test_parse_number_english_keeps_english_rules(text, expected):
    assert parse_number(text, language="en") == expected


def test_parse_number_english_refuses_indonesian_decimal_comma():
    with pytest.raises(NumberInputError):
        parse_number("2,15", language="en")


def test_number_field_ambiguous_message_is_indonesian_and_shows_how_to_write():
    field = NumberField(max_digits=20, decimal_places=4)

    with translation.override("id"), pytest.raises(forms.ValidationError) as refused:
        field.clean("2.15")

    assert refused.value.messages == [
        "“2.15” tidak jelas: maksud Anda “215” atau “2,15”? Tulis angka seperti 2.150 untuk dua ribu "
        "seratus lima puluh dan 2,5 untuk dua setengah."
    ]


def test_number_field_english_interface_reads_english_numbers():
    field = NumberField(max_digits=20, decimal_places=4)

    with translation.override("en"):
        assert field.clean("2,150.5") == Decimal("2150.5")
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("1.2.3")

    assert "2,150" in refused.value.messages[0]


def test_number_field_refuses_more_decimal_places_than_stored():
    field = NumberField(max_digits=20, decimal_places=2)

    with translation.override("id"), pytest.raises(forms.ValidationError) as refused:
        field.clean("1,555")

    assert refused.value.messages == ["Gunakan paling banyak 2 angka di belakang koma."]


def test_number_field_range_message_writes_bounds_the_indonesian_way():
    field = NumberField(max_digits=5, decimal_places=2, min_value=0, max_value=100)

    with translation.override("id"), pytest.raises(forms.ValidationError) as refused:
        field.clean("100,5")

    assert refused.value.messages == ["Masukkan nilai dari 0 sampai 100."]


def test_number_field_integer_refuses_fraction_and_returns_int():
    field = NumberField(integer=True, min_value=0)

    with translation.override("id"):
        assert field.clean("1.000") == 1000
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("7,5")

    assert refused.value.messages == ["Masukkan bilangan bulat, tanpa angka di belakang koma."]


def test_number_field_empty_is_none_when_optional():
    assert NumberField(required=False).clean("  ") is None


def test_number_input_shows_stored_value_the_readers_way_with_unit():
    widget = NumberInput(unit="jiwa")

    with translation.override("id"):
        html = widget.render("value", Decimal("2150.5000"), attrs={"id": "id_value"})

    assert 'value="2.150,5"' in html
    assert 'inputmode="decimal"' in html
    assert 'type="text"' in html
    assert '<span class="number-input__unit" id="id_value-unit">jiwa</span>' in html
    assert 'aria-describedby="id_value-unit"' in html


def test_number_input_shows_typed_text_back_unchanged():
    with translation.override("id"):
        html = NumberInput().render("value", "2.15")

    assert 'value="2.15"' in html


def test_bounds_stay_within_digits_every_database_reads_back():
    bounds = NumberBounds.for_digits(20, 4)

    assert bounds.max_value == Decimal("99999999999.9999")
    assert len(bounds.max_value.as_tuple().digits) == SAFE_SIGNIFICANT_DIGITS
    assert bounds.min_value == -bounds.max_value


def test_bounds_narrowed_by_meaning():
    assert NumberBounds.for_digits(18, 0, min_value=0) == NumberBounds(
        min_value=Decimal(0), max_value=Decimal("999999999999999"), decimal_places=0
    )


def test_bounded_decimal_field_migrates_as_plain_decimal_and_gives_number_field():
    field = BoundedDecimalField("budget", max_digits=18, decimal_places=0, min_value=0, unit="Rp")
    field.set_attributes_from_name("budget")

    _name, path, _args, kwargs = field.deconstruct()
    form_field = field.formfield()

    assert path == "django.db.models.DecimalField"
    assert "min_value" not in kwargs and "unit" not in kwargs
    assert isinstance(form_field, NumberField)
    assert form_field.unit == "Rp"
    assert form_field.bounds.min_value == 0


def test_bounded_decimal_field_model_validation_refuses_out_of_bounds():
    field = BoundedDecimalField("value", max_digits=20, decimal_places=4)
    field.set_attributes_from_name("value")

    with pytest.raises(forms.ValidationError):
        field.clean(Decimal("9999999999999999.9999"), None)

    assert field.clean(Decimal("99999999999.9999"), None) == Decimal("99999999999.9999")


# Whole numbers that stay plain inputs: years, display order and hidden revision counters are never typed
# with thousands separators, and a year printed "2.019" would be wrong.
PLAIN_INTEGER_NAMES = {
    "year",
    "baseline_year",
    "target_year",
    "start_year",
    "end_year",
    "year_from",
    "year_to",
    "order",
    "revision",
}


def _project_form_classes():
    for module_info in pkgutil.walk_packages(kotacerdas.__path__, "kotacerdas."):
        if ".migrations" in module_info.name or ".management" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                yield obj


def test_every_numeric_form_field_is_the_number_field():
    offenders = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _project_form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField))
        and not isinstance(field, NumberField)
        and name not in PLAIN_INTEGER_NAMES
    ]

    assert offenders == []


def test_no_numeric_form_field_is_built_by_hand_in_the_code():
    """Fields added in a form's __init__ are not in base_fields: find every ``forms.IntegerField(...)``,
    ``forms.DecimalField(...)`` or ``forms.FloatField(...)`` in the source that is not a plain year/order."""
    numeric = {"IntegerField", "DecimalField", "FloatField"}
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
                continue
            func = node.value.func
            if not (isinstance(func, ast.Attribute) and func.attr in numeric):
                continue
            if not (isinstance(func.value, ast.Name) and func.value.id == "forms"):
                continue
            names = {t.id for t in node.targets if isinstance(t, ast.Name)}
            if not names or not names <= PLAIN_INTEGER_NAMES:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")

    assert offenders == []


def test_every_decimal_model_field_is_bounded():
    from django.apps import apps
    from django.db import models

    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("kotacerdas.")
        for field in model._meta.get_fields()
        if isinstance(field, models.DecimalField) and not isinstance(field, BoundedDecimalField)
    ]

    assert plain == []


def test_whole_number_field_reads_thousands_a_number_input_would_misread():
    field = WholeNumberField(min_value=0)

    with translation.override("id"):
        assert field.clean("1.000") == 1000


# --- properties ------------------------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kotacerdas.core.numbers_format import format_number  # noqa: E402

stored_values = st.decimals(
    min_value=Decimal("-99999999999.9999"), max_value=Decimal("99999999999.9999"), places=4, allow_nan=False
)


@given(value=stored_values, language=st.sampled_from(["id", "en"]))
def test_what_is_written_for_a_reader_reads_back_as_the_same_number(value, language):
    with translation.override(language):
        written = format_number(value)

        assert parse_number(written) == value


@given(text=st.text(alphabet="0123456789.,- Rp%e\u00a0", max_size=30))
def test_any_typed_text_is_a_number_or_a_clear_refusal(text):
    field = NumberField(max_digits=20, decimal_places=4, required=False)

    with translation.override("id"):
        try:
            value = field.clean(text)
        except forms.ValidationError as refused:
            assert refused.messages and all(refused.messages)
        else:
            assert value is None or field.bounds.min_value <= value <= field.bounds.max_value


@given(
    number=st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30),
        st.decimals(allow_nan=False, allow_infinity=False, places=6),
    )
)
def test_every_number_field_of_the_project_keeps_its_bounds(number):
    for form in _project_form_classes():
        for field in form.base_fields.values():
            if not isinstance(field, NumberField):
                continue
            try:
                value = field.clean(number)
            except forms.ValidationError:
                continue
            assert value is None or field.bounds.min_value <= value <= field.bounds.max_value


def test_whole_rupiah_field_refuses_a_fraction_as_a_whole_number_message():
    field = NumberField(max_digits=18, decimal_places=0, min_value=0)

    with translation.override("id"), pytest.raises(forms.ValidationError) as refused:
        field.clean("2,5")

    assert refused.value.messages == ["Masukkan bilangan bulat, tanpa angka di belakang koma."]


@pytest.mark.parametrize(
    ("language", "shown", "placeholder"), [("id", "14.45", "08.00"), ("en", "14:45", "08:00")]
)
def test_a_stored_time_is_shown_as_the_reader_writes_it(language, shown, placeholder):
    import datetime

    from django.utils import translation

    from kotacerdas.core.forms import TimeInput

    with translation.override(language):
        html = TimeInput().render("starts", datetime.time(14, 45))

    assert f'value="{shown}"' in html and f'placeholder="{placeholder}"' in html and "inputmode" not in html


def test_a_typed_time_comes_back_as_typed():
    from django.utils import translation

    from kotacerdas.core.forms import TimeInput

    with translation.override("id"):
        assert 'value="14:45"' in TimeInput().render("starts", "14:45")


YEAR_NAMES = {"year", "baseline_year", "target_year", "start_year", "end_year", "year_from", "year_to"}


def test_every_year_field_reads_a_year_as_people_type_it():
    """A year typed "2.026" (as other numbers are) is 2026 everywhere: every year box is core.forms.YearField."""
    from kotacerdas.core.forms import YearField

    offenders = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _project_form_classes()
        for name, field in form.base_fields.items()
        if name in YEAR_NAMES
        and isinstance(field, forms.IntegerField)
        and not isinstance(field, YearField)
        and not form.__module__.startswith("kotacerdas.api.")  # the API reads JSON numbers, not typed text
    ]

    assert offenders == []


@pytest.mark.parametrize(
    ("typed", "year"), [("2026", 2026), (" 2026 ", 2026), ("2.026", 2026), ("2,026", 2026), ("2 026", 2026)]
)
def test_a_year_is_read_with_or_without_a_separator(typed, year):
    from kotacerdas.core.forms import YearField

    assert YearField().clean(typed) == year


@pytest.mark.parametrize("typed", ["20.26", "2026,5", "dua ribu", "202"])
def test_a_year_that_is_not_four_digits_is_refused_with_an_example(typed):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from kotacerdas.core.forms import YearField

    with translation.override("id"), pytest.raises(ValidationError) as refused:
        YearField(min_value=1900).clean(typed)

    assert refused.value.messages[0] in (
        "Tulis tahun dengan empat angka, misalnya 2026.",
        "Pastikan nilai ini lebih besar dari atau sama dengan 1900.",
    )
