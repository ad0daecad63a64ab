"""Date ranges: one way to say that a year, a date or a time lies outside the range it belongs to.

Each app states its own ranges in its models' ``clean()`` (a value's year inside the masterplan's period, a
session inside the event's hours …) and raises through these helpers, so forms, the API and imports all show
the same sentence, naming the allowed range and why: "Tahun harus antara 2019 dan 2028 (masa berlaku
masterplan)." Years are printed as years (``2019``, never ``2.019``), dates in words (``1 Januari 2019``),
clock times as the interface writes them (``08.00``).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from kotacerdas.core.numbers_format import format_clock


def show_date(day: datetime.date) -> str:
    """``1 Januari 2019`` / ``1 January 2019``."""
    return formats.date_format(day, "j F Y")


def year_outside(year, first: int, last: int, reason) -> str | None:
    """The message when ``year`` lies outside ``first``–``last`` (``reason`` names the range), else None."""
    if year is None or first <= year <= last:
        return None
    return _("The year must be between %(first)s and %(last)s (%(reason)s).") % {
        "first": first,
        "last": last,
        "reason": reason,
    }


def date_outside(day, first: datetime.date, last: datetime.date, reason) -> str | None:
    """The message when ``day`` lies outside ``first``–``last`` (both included), else None."""
    if day is None or first <= day <= last:
        return None
    return _("The date must be between %(first)s and %(last)s (%(reason)s).") % {
        "first": show_date(first),
        "last": show_date(last),
        "reason": reason,
    }


def years_as_dates(first: int, last: int) -> tuple[datetime.date, datetime.date]:
    """1 January of ``first`` to 31 December of ``last``."""
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


def time_outside(starts, ends, first: datetime.time, last: datetime.time, reason) -> str | None:
    """The message when ``starts``–``ends`` does not lie inside ``first``–``last``, else None."""
    if starts is None or ends is None or (first <= starts and ends <= last):
        return None
    return _("The time must be between %(first)s and %(last)s (%(reason)s).") % {
        "first": format_clock(first),
        "last": format_clock(last),
        "reason": reason,
    }


def end_before_start(start, end, *, strict: bool = False) -> bool:
    """Whether ``end`` comes before ``start`` (with ``strict``: also when they are equal)."""
    if start is None or end is None:
        return False
    return end <= start if strict else end < start


class Problems:
    """Collects messages per field and raises them together, as ``ValidationError({field: [...]})``."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str | None) -> None:
        if message:
            self.errors.setdefault(field, []).append(str(message))

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
