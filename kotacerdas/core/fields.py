"""Model fields whose bounds are the one definition that forms, the API and imports read."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .forms import NumberField
from .numbers import NumberBounds
from .numbers_format import format_number


@deconstructible
class BoundsValidator:
    """Refuses a number outside ``bounds`` (the model's last line of defence, e.g. for the API)."""

    message = _("Enter a value from %(min)s to %(max)s.")

    def __init__(self, bounds: NumberBounds):
        self.bounds = bounds

    def __call__(self, value):
        if value is None:
            return
        if not self.bounds.min_value <= value <= self.bounds.max_value:
            params = {
                "min": format_number(self.bounds.min_value),
                "max": format_number(self.bounds.max_value),
            }
            raise ValidationError(self.message, code="range", params=params)

    def __eq__(self, other):
        return isinstance(other, BoundsValidator) and self.bounds == other.bounds


class BoundedDecimalField(models.DecimalField):
    """A DecimalField that every ModelForm edits with :class:`kotacerdas.core.forms.NumberField`.

    ``min_value``/``max_value`` narrow what makes sense (a budget is never negative, a percentage lies in
    0–100); the digits the database can read back narrow it further (``NumberBounds.for_digits``). The same
    ``bounds`` reach forms, the model's validators and the API's schemas, so the rule is written once.
    """

    def __init__(self, *args, min_value=None, max_value=None, unit: str = "", **kwargs):
        self.min_value = min_value
        self.max_value = max_value
        self.unit = unit
        super().__init__(*args, **kwargs)

    @cached_property
    def bounds(self) -> NumberBounds:
        return NumberBounds.for_digits(
            self.max_digits, self.decimal_places, min_value=self.min_value, max_value=self.max_value
        )

    @cached_property
    def validators(self):
        return [*super().validators, BoundsValidator(self.bounds)]

    def deconstruct(self):
        # The database column is an ordinary DECIMAL: bounds and units only change forms and validation,
        # so migrations keep recording a plain DecimalField and no schema change is ever generated for them.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def formfield(self, **kwargs):
        defaults = {
            "form_class": NumberField,
            "min_value": self.min_value,
            "max_value": self.max_value,
            "unit": self.unit,
        }
        return super().formfield(**{**defaults, **kwargs})
