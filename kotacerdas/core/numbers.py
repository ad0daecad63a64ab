"""Numbers as people type them, and the bounds a stored number must respect.

Indonesians write ``2.150`` for two thousand one hundred and fifty and ``2,5`` for two and a half. Python,
HTML's ``<input type=number>`` and Django's unlocalised ``DecimalField`` read ``2.150`` as 2.15: a thousand
times too small, silently. Every numeric input of kotacerdas therefore goes through :func:`parse_number`,
which reads the interface language's convention with Babel's strict parser and refuses what is ambiguous
(``2.15``, ``1.2.3``, ``1,2,3``) instead of guessing.

:func:`safe_bounds` says how large a value a ``DecimalField`` may hold here. SQLite keeps decimals as
floating point, which keeps about 15 significant digits; a value beyond that comes back rounded into more
digits than the field allows, and every page that shows it fails. So no field accepts more than
:data:`SAFE_SIGNIFICANT_DIGITS` digits, whatever its ``max_digits`` says (see ``docs/numbers.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from django.utils import translation

#: Digits a decimal keeps exactly on every database we run on (SQLite stores decimals as doubles).
SAFE_SIGNIFICANT_DIGITS = 15

# What people put around a number: currency, percent and unit marks, and every kind of space (a normal
# space, a no-break space, the thin spaces some spreadsheets write as thousands separators).
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_CURRENCY_PREFIX = re.compile(r"^(rp\.?|idr)", re.IGNORECASE)
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
# After the marks are gone only digits, separators and a leading sign may remain (no exponents: "1e5").
_NUMBER_SHAPE = re.compile(r"^[+-]?[0-9.,]+$")


class NumberInputError(ValueError):
    """Text that is not a number in the reader's convention; ``suggestions`` are readings that would be."""

    def __init__(self, text: str, suggestions: list[str] | None = None):
        super().__init__(text)
        self.text = text
        self.suggestions = suggestions or []


def babel_locale(language: str | None = None) -> str:
    """The Babel locale for an interface language: English keeps English rules, everything else Indonesian."""
    language = language or translation.get_language() or "id"
    return "en" if language.lower().startswith("en") else "id"


def parse_number(text: str, *, language: str | None = None) -> Decimal:
    """Read ``text`` as the interface language writes numbers; raise NumberInputError when ambiguous.

    Indonesian: ``2.150`` → 2150, ``2.150,5`` → 2150.5, ``1,5`` → 1.5, ``Rp 1.250.000`` → 1250000, ``30%`` → 30,
    ``2 150`` → 2150; ``2.15``, ``1.2.3`` and ``1,2,3`` are refused. English: ``2,150.5`` → 2150.5.
    """
    cleaned = _SPACES.sub("", str(text)).translate(_MINUS_SIGNS)
    cleaned = _CURRENCY_PREFIX.sub("", cleaned).removesuffix("%")
    if not _NUMBER_SHAPE.match(cleaned):
        raise NumberInputError(text)
    try:
        value = parse_decimal(cleaned, locale=babel_locale(language), strict=True)
    except NumberFormatError as error:
        raise NumberInputError(text, list(getattr(error, "suggestions", None) or [])) from error
    except (
        InvalidOperation
    ) as error:  # pragma: no cover - Babel raises NumberFormatError for every shape we let in
        raise NumberInputError(text) from error
    if not value.is_finite():
        raise NumberInputError(text)
    return value


@dataclass(frozen=True)
class NumberBounds:
    """What a numeric field accepts: the range and the digits after the decimal separator."""

    min_value: Decimal | None
    max_value: Decimal | None
    decimal_places: int

    @classmethod
    def for_digits(
        cls,
        max_digits: int,
        decimal_places: int,
        *,
        min_value=None,
        max_value=None,
    ) -> NumberBounds:
        """Bounds a DecimalField(max_digits, decimal_places) can store and read back on every database.

        An explicit ``min_value``/``max_value`` (a percentage's 0–100, a budget's 0) narrows them further.
        """
        digits = min(max_digits, SAFE_SIGNIFICANT_DIGITS)
        step = Decimal(1).scaleb(-decimal_places)
        largest = Decimal(10) ** (digits - decimal_places) - step
        upper = largest if max_value is None else min(Decimal(str(max_value)), largest)
        lower = -largest if min_value is None else max(Decimal(str(min_value)), -largest)
        return cls(min_value=lower, max_value=upper, decimal_places=decimal_places)

    @classmethod
    def for_integers(cls, *, min_value=None, max_value=None) -> NumberBounds:
        largest = Decimal(10) ** SAFE_SIGNIFICANT_DIGITS - 1
        upper = largest if max_value is None else min(Decimal(str(max_value)), largest)
        lower = -largest if min_value is None else max(Decimal(str(min_value)), -largest)
        return cls(min_value=lower, max_value=upper, decimal_places=0)
