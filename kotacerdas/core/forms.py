"""The one number field of kotacerdas: every numeric input reads numbers the way its reader writes them.

Indonesian (the default): ``2.150`` is two thousand one hundred and fifty, ``2,5`` two and a half,
``Rp 1.250.000`` a budget; ``2.15`` is refused as ambiguous, with the readings it could have meant. The
English interface keeps English rules. Values are bounded by what the database can store and read back
(:mod:`kotacerdas.core.numbers`). Model fields declared as :class:`kotacerdas.core.fields.BoundedDecimalField`
give this field to every ModelForm; plain forms use it directly. ``tests/core/test_number_fields.py`` fails
when a form of the project still has another numeric field.
"""

import datetime
import re
from decimal import Decimal

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from .numbers import NumberBounds, NumberInputError, babel_locale, parse_number
from .numbers_format import format_number


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates (2018-12-13) whatever the page's language."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    """A 24-hour text box (browsers' time pickers follow the OS clock and may show AM/PM). It shows times as
    the reader writes them, ``14.45`` in Indonesian and ``14:45`` in English, placeholder included; Django's
    time field reads both in either language."""

    def __init__(self, **kwargs):
        # No inputmode: a phone's number pad has no "." or ":" (and its decimal key is "," in Indonesian).
        attrs = {"placeholder": "08:00", "size": 5, **kwargs.pop("attrs", {})}
        super().__init__(format="%H:%M", attrs=attrs, **kwargs)

    def format_value(self, value):
        shown = super().format_value(value)
        # What the user typed comes back as typed; only a stored time is written the reader's way.
        return shown.replace(":", ".") if isinstance(value, datetime.time) and _dotted_times() else shown

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        placeholder = context["widget"]["attrs"].get("placeholder")
        if placeholder and _dotted_times():
            context["widget"]["attrs"]["placeholder"] = placeholder.replace(":", ".")
        return context


def _dotted_times() -> bool:
    return (get_language() or "").startswith("id")


# A year as people type it, with a thousands separator as in other numbers ("2.026") or without.
GROUPED_YEAR = re.compile(r"^(\d)[.,\s](\d{3})$")


def read_year(raw) -> str:
    """A typed year without its thousands separator ("2.026", "2,026", "2 026" → "2026"); other text as given."""
    text = str(raw if raw is not None else "").strip()
    match = GROUPED_YEAR.match(text)
    return "".join(match.groups()) if match else text


class YearField(forms.IntegerField):
    """A calendar year: "2026", " 2026 " or "2.026" (typed as other numbers are) is 2026; anything else is refused
    with an example. A text box with the numeric keyboard: a number input would send "2.026" as a fraction."""

    default_error_messages = {"invalid": _("Write the year with four digits, such as 2026.")}
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 6})

    def to_python(self, value):
        return super().to_python(read_year(value))

    def widget_attrs(self, widget):
        return {}  # no min/max: they belong to type=number


class NumberInput(forms.TextInput):
    """A text input (not ``type=number``, which reads ``2.150`` as 2.15) with the unit shown beside it."""

    template_name = "core/widgets/number.html"

    def __init__(self, attrs=None, *, unit: str = "", integer: bool = False):
        defaults = {
            "inputmode": "numeric" if integer else "decimal",
            "autocomplete": "off",
            "spellcheck": "false",
        }
        super().__init__({**defaults, **(attrs or {})})
        self.unit = unit

    def format_value(self, value):
        # A number from the database is written the reader's way; text the user typed is shown back as typed.
        if value is None or value == "":
            return None
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return format_number(value)
        return str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["unit"] = self.unit
        if self.unit:
            described = context["widget"]["attrs"].get("aria-describedby", "")
            unit_id = f"{context['widget']['attrs'].get('id', name)}-unit"
            context["widget"]["unit_id"] = unit_id
            context["widget"]["attrs"]["aria-describedby"] = f"{described} {unit_id}".strip()
        return context


def number_examples() -> dict:
    """The examples an error message shows, in the reader's convention (2.150 / 2,5 or 2,150 / 2.5)."""
    if babel_locale() == "en":
        return {"thousands": "2,150", "fraction": "2.5"}
    return {"thousands": "2.150", "fraction": "2,5"}


class NumberField(forms.DecimalField):
    """A decimal (or, with ``integer=True``, a whole number) typed the reader's way, within safe bounds."""

    widget = NumberInput
    default_error_messages = {
        "invalid": _(
            "Write numbers like %(thousands)s for two thousand one hundred and fifty "
            "and %(fraction)s for two and a half."
        ),
        "ambiguous": _(
            "“%(text)s” is not clear: did you mean %(suggestions)s? Write numbers like %(thousands)s for two "
            "thousand one hundred and fifty and %(fraction)s for two and a half."
        ),
        "whole": _("Enter a whole number, without a decimal part."),
        "range": _("Enter a value from %(min)s to %(max)s."),
    }

    def __init__(
        self,
        *,
        unit: str = "",
        integer: bool = False,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        min_value=None,
        max_value=None,
        **kwargs,
    ):
        self.integer = integer
        if integer:
            self.bounds = NumberBounds.for_integers(min_value=min_value, max_value=max_value)
        else:
            self.bounds = NumberBounds.for_digits(
                max_digits or 20,
                4 if decimal_places is None else decimal_places,
                min_value=min_value,
                max_value=max_value,
            )
        kwargs.setdefault("widget", NumberInput(unit=unit, integer=integer))
        kwargs.pop("localize", None)  # our own parser always reads the reader's convention
        # The range and the decimal places are checked here, with messages that show the numbers the
        # reader's way, instead of by Django's validators (which print 99999999999.9999).
        super().__init__(max_value=None, min_value=None, max_digits=None, decimal_places=None, **kwargs)
        # DecimalField always appends a DecimalValidator; the bounds above already hold its rule.
        self.validators = [v for v in self.validators if not isinstance(v, validators.DecimalValidator)]
        self.max_value, self.min_value = self.bounds.max_value, self.bounds.min_value
        self.decimal_places = self.bounds.decimal_places

    @property
    def unit(self) -> str:
        return getattr(self.widget, "unit", "")

    @unit.setter
    def unit(self, value: str) -> None:
        self.widget.unit = value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            number = Decimal(value)
        else:
            text = str(value).strip()
            if not text:
                return None
            try:
                number = parse_number(text)
            except NumberInputError as error:
                raise self._unreadable(error) from error
        if self.integer:
            if number != number.to_integral_value():
                raise ValidationError(self.error_messages["whole"], code="whole")
            return int(number)
        return number

    def clean(self, value):
        number = super().clean(value)
        if isinstance(number, Decimal):
            # Within bounds and places now: "1.500.000,00" for whole rupiah fits the column exactly.
            number = number.quantize(Decimal(1).scaleb(-self.bounds.decimal_places))
        return number

    def _unreadable(self, error: NumberInputError) -> ValidationError:
        if error.suggestions:
            suggestions = get_text_list([f"“{s}”" for s in error.suggestions], _("or"))
            params = {"text": error.text.strip(), "suggestions": suggestions, **number_examples()}
            return ValidationError(self.error_messages["ambiguous"], code="ambiguous", params=params)
        return ValidationError(self.error_messages["invalid"], code="invalid", params=number_examples())

    def validate(self, value):
        forms.Field.validate(self, value)  # "required"; to_python already refused NaN and infinity
        if value in self.empty_values:
            return
        number = Decimal(value)
        if not self.bounds.min_value <= number <= self.bounds.max_value:
            params = {
                "min": format_number(self.bounds.min_value),
                "max": format_number(self.bounds.max_value),
            }
            raise ValidationError(self.error_messages["range"], code="range", params=params)
        places = -number.normalize().as_tuple().exponent
        if places > 0 and self.bounds.decimal_places == 0:  # "0 digits after the comma" says it badly
            raise ValidationError(self.error_messages["whole"], code="whole")
        if places > self.bounds.decimal_places:
            raise ValidationError(
                ngettext_lazy(
                    "Use at most %(count)d digit after the decimal comma.",
                    "Use at most %(count)d digits after the decimal comma.",
                    "count",
                ),
                code="decimal_places",
                params={"count": self.bounds.decimal_places},
            )

    def widget_attrs(self, widget):
        # No step/min/max attributes: they belong to type=number, which this input deliberately is not.
        return forms.Field.widget_attrs(self, widget)


class WholeNumberField(NumberField):
    """:class:`NumberField` for counts (a room's capacity, places, percent complete), for ModelForms'
    ``Meta.field_classes``; ``<input type=number>`` would send ``1.000`` typed for a thousand as 1."""

    def __init__(self, **kwargs):
        kwargs.pop("step_size", None)
        super().__init__(integer=True, **kwargs)


def clean_cell_number(field: NumberField, value):
    """A spreadsheet cell read by the same field as the forms: a number cell as it is, a text cell as its
    reader writes numbers (``2.150``), within the same bounds. Raises ValidationError with the forms' words."""
    if isinstance(value, bool):
        raise ValidationError(field.error_messages["invalid"], code="invalid", params=number_examples())
    if isinstance(value, float):
        value = Decimal(repr(value))
        if not value.is_finite():
            raise ValidationError(field.error_messages["invalid"], code="invalid", params=number_examples())
    return field.clean(value)
