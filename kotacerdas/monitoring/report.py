"""The content of a region's yearly monitoring report, shared by the PDF and the DOCX builders.

One pass over the monitoring data in a fixed number of queries (tracked indicators, their targets, their
current values, the masterplan, then progress.py's three): the count does not grow with the indicators or
programmes. Values shown are the current ones known today (a later correction replaces an earlier figure);
unverified values are marked, and so are the invented demo values. Programmes stand as of 31 December of the
report's year (``progress.progress_rows(as_of=…)``).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.numbers_format import format_measure, format_number
from kotacerdas.masterplans.models import Masterplan
from kotacerdas.monitoring import progress
from kotacerdas.monitoring.charts import trend_svg
from kotacerdas.monitoring.models import (
    DataQuality,
    Direction,
    IndicatorValue,
    Target,
    ValueStatus,
)

# The region's published implementation index comes from the implementation app, which sits above monitoring
# (docs/architecture.md): it registers how to find it (implementation/apps.py); monitoring never imports it.
_index_finders: list = []


def register_index_finder(finder) -> None:
    """``finder(region_id, year)`` returns the region's published index of the year (with ``index``, ``rank``,
    ``ranked_among`` and ``scale``: ``low``, ``high``) or None."""
    if finder not in _index_finders:
        _index_finders.append(finder)


class Standing:
    ON_TARGET = "on_target"
    BEHIND = "behind"
    NO_TARGET = "no_target"
    NO_VALUE = "no_value"


STANDING_LABELS = {
    Standing.ON_TARGET: _("on target"),
    Standing.BEHIND: _("behind target"),
    Standing.NO_TARGET: _("no target for the year"),
    Standing.NO_VALUE: _("no value for the year"),
}


def number(value, places: int = 2) -> str:
    """A number in the active locale, grouped, at most ``places`` decimal places without trailing zeros
    (core/numbers_format.py)."""
    return format_number(value, None if places else 0, max_places=places)


@dataclass
class IndicatorSection:
    code: str
    name: str
    unit: str
    direction: str
    baseline_year: int
    baseline_value: Decimal
    target: Decimal | None
    value: IndicatorValue | None  # the current value of the report's year
    standing: str
    series: list  # [(year, value, verified)] of the current values up to the report's year
    targets: list  # [(year, target)]

    @property
    def standing_label(self) -> str:
        return str(STANDING_LABELS[self.standing])

    @property
    def baseline_text(self) -> str:
        return format_measure(self.baseline_value, self.unit)

    @property
    def target_text(self) -> str:
        return format_measure(self.target, self.unit)

    @property
    def value_text(self) -> str:
        return format_measure(self.value.value, self.unit) if self.value else "–"

    @property
    def verified(self) -> bool:
        return self.value is not None and self.value.status == ValueStatus.VERIFIED

    @property
    def quality_label(self) -> str:
        return DataQuality(self.value.quality).label if self.value else ""

    @property
    def chart(self) -> str:
        """The trend as inline SVG (for the PDF; the DOCX shows ``rows`` as a table)."""
        return mark_safe(  # built from escaped labels in charts.py
            trend_svg(
                title=self.name,
                unit=self.unit,
                baseline=(self.baseline_year, self.baseline_value),
                values=self.series,
                targets=self.targets,
            )
        )

    @property
    def rows(self) -> list[tuple]:
        """Year by year: (year, target, value, verified), the chart as a table."""
        targets = dict(self.targets)
        values = {y: (v, ok) for y, v, ok in self.series}
        years = sorted(set(targets) | set(values))
        return [(y, targets.get(y), *values.get(y, (None, None))) for y in years]


@dataclass
class Report:
    participation: object
    year: int
    generated_on: date
    masterplan: Masterplan | None
    indicators: list[IndicatorSection] = field(default_factory=list)
    programmes: list = field(default_factory=list)  # progress.ProgrammeProgress as of 31 December
    summary: progress.ProgressSummary | None = None
    has_demo: bool = False
    has_unverified: bool = False
    index: object = None  # the region's published implementation index of the report's year (IndexResult)

    @property
    def index_text(self) -> str:
        """ "2,80 (peringkat 24 dari 35)", or "" when the year's index is not published."""
        if self.index is None or self.index.index is None:
            return ""
        return _("%(index)s (rank %(rank)s of %(of)s)") % {
            "index": format_number(self.index.index, 2),  # indices have two places: 2,80
            "rank": self.index.rank,
            "of": self.index.ranked_among,
        }

    @property
    def index_label(self) -> str:
        """ "Implementation index (scale 1–4)", with the scale of the round the index was given on."""
        scale = self.index.scale
        return _("Implementation index (scale %(low)s–%(high)s)") % {"low": scale.low, "high": scale.high}

    @property
    def region(self):
        return self.participation.region

    @property
    def as_of(self) -> date:
        return date(self.year, 12, 31)

    @property
    def on_target(self) -> int:
        return sum(1 for s in self.indicators if s.standing == Standing.ON_TARGET)

    @property
    def behind(self) -> int:
        return sum(1 for s in self.indicators if s.standing == Standing.BEHIND)

    @property
    def quick_wins(self) -> list:
        return [r for r in self.programmes if r.delivery is not None]

    @property
    def quick_wins_delivered(self) -> int:
        return sum(1 for r in self.quick_wins if r.delivery.delivered)


def _standing(direction: str, value: Decimal | None, target: Decimal | None) -> str:
    if value is None:
        return Standing.NO_VALUE
    if target is None:
        return Standing.NO_TARGET
    reached = value <= target if direction == Direction.LOWER else value >= target
    return Standing.ON_TARGET if reached else Standing.BEHIND


def build_report(participation, year: int) -> Report:
    tracked = participation.tracked_indicators.select_related("indicator").prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("year")),
        Prefetch(
            "values",
            queryset=IndicatorValue.objects.current().order_by("year", "reported_at", "pk"),
            to_attr="current_values",
        ),
    )
    report = Report(
        participation=participation, year=year, generated_on=timezone.localdate(), masterplan=None
    )
    for t in tracked:
        values = [v for v in t.current_values if v.status != ValueStatus.REJECTED]
        of_year = [v for v in values if v.year == year]
        value = of_year[-1] if of_year else None
        targets = [(target.year, target.value) for target in t.targets.all()]
        target = dict(targets).get(year)
        report.has_demo = report.has_demo or any(v.is_demo for v in values)
        report.has_unverified = report.has_unverified or any(v.status != ValueStatus.VERIFIED for v in values)
        report.indicators.append(
            IndicatorSection(
                code=t.indicator.code,
                name=t.indicator.name,
                unit=t.indicator.unit,
                direction=t.indicator.direction,
                baseline_year=t.baseline_year,
                baseline_value=t.baseline_value,
                target=target,
                value=value,
                standing=_standing(t.indicator.direction, value.value if value else None, target),
                series=[
                    (v.year, v.value, v.status == ValueStatus.VERIFIED) for v in values if v.year <= year
                ],
                targets=targets,
            )
        )
    report.masterplan = Masterplan.objects.filter(participation=participation).first()
    if report.masterplan:
        report.programmes = progress.masterplan_progress(report.masterplan, as_of=report.as_of)
        report.has_demo = report.has_demo or any(r.latest and r.latest.is_demo for r in report.programmes)
    report.summary = progress.summarise(report.programmes)
    report.index = next(
        (found for finder in _index_finders if (found := finder(participation.region_id, year)) is not None),
        None,
    )
    return report
