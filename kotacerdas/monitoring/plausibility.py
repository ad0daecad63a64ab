"""Warnings, never refusals, for an indicator value far from what came before it or from its target.

A value more than ``FACTOR`` times, or less than 1/``FACTOR`` of, the previous period's figure or the year's
target is most often a typing slip (a unit, a thousands separator, a digit too many). It may also be true, so
the reporter is told both numbers and decides: the page asks to confirm ("Simpan tetap"), the API stores the
value and returns the warnings.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kotacerdas.core.numbers_format import format_number
from kotacerdas.monitoring.models import ValueStatus

FACTOR = Decimal(3)


@dataclass(frozen=True)
class Reference:
    """A figure to compare with: ``kind`` is "value" (an earlier reported value), "baseline" or "target"."""

    kind: str
    year: int
    value: Decimal


def _with_unit(number: Decimal, unit: str) -> str:
    text = format_number(number)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _reference_text(reference: Reference, unit: str) -> str:
    params = {"year": reference.year, "value": _with_unit(reference.value, unit)}
    if reference.kind == "target":
        return _("the target for %(year)s (%(value)s)") % params
    if reference.kind == "baseline":
        return _("the baseline of %(year)s (%(value)s)") % params
    return _("the value of %(year)s (%(value)s)") % params


def value_warnings(value: Decimal, references: list[Reference], *, unit: str = "") -> list[str]:
    """One sentence for each reference ``value`` is far from, naming both numbers.

    Only positive references are compared (a ratio to zero or across signs means nothing), and only
    non-negative values."""
    warnings = []
    if value is None or value < 0:
        return warnings
    for reference in references:
        if reference.value is None or reference.value <= 0:
            continue
        params = {"value": _with_unit(value, unit), "reference": _reference_text(reference, unit)}
        if value > reference.value * FACTOR:
            warnings.append(_("%(value)s is more than three times %(reference)s.") % params)
        elif value * FACTOR < reference.value:
            warnings.append(_("%(value)s is less than a third of %(reference)s.") % params)
    return warnings


def references_for(tracked, year: int) -> list[Reference]:
    """The previous period's figure (the latest earlier value that was not rejected, or the baseline when it is
    later) and the target of ``year``, read from the database (two queries)."""
    references = []
    earlier = (
        tracked.values.current()
        .filter(year__lt=year)
        .exclude(status=ValueStatus.REJECTED)
        .order_by("-year")
        .values_list("year", "value")
        .first()
    )
    if earlier is not None and earlier[0] >= tracked.baseline_year:
        references.append(Reference("value", earlier[0], earlier[1]))
    elif tracked.baseline_year < year:
        references.append(Reference("baseline", tracked.baseline_year, tracked.baseline_value))
    target = tracked.targets.filter(year=year).values_list("value", flat=True).first()
    if target is not None:
        references.append(Reference("target", year, target))
    return references
