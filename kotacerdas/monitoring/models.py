"""Monitoring after the masterplan: the indicator catalogue, tracked indicators with targets, reported values
with their provenance and verification, and programme progress (docs/domain.md §5)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.core.fields import BoundedDecimalField
from kotacerdas.core.models import TimeStampedModel
from kotacerdas.core.periods import Problems, date_outside, year_outside, years_as_dates
from kotacerdas.masterplans.models import (
    GoalIndicator,
    MasterplanProgramme,
    ProgrammeIndicator,
    ProgrammeStatus,
)
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import Region

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]
PLAN_PERIOD = _("the masterplan's period")


def plan_years(participation) -> tuple[int, int] | None:
    """The first and last year of the participation's masterplan: values, targets, progress reports and
    milestones lie inside them. None while the region has no masterplan."""
    masterplan = getattr(participation, "masterplan", None)  # the reverse one-to-one raises when missing
    return (masterplan.start_year, masterplan.end_year) if masterplan is not None else None


def plan_year_problem(year, period: tuple[int, int] | None) -> str | None:
    """Why a value or target cannot be for ``year``: outside the masterplan's ``period`` (first, last year)."""
    return year_outside(year, *period, PLAN_PERIOD) if period else None


def plan_date_problem(day, period: tuple[int, int] | None) -> str | None:
    """Why a progress report or milestone cannot be dated ``day``: outside the masterplan's ``period``."""
    return date_outside(day, *years_as_dates(*period), PLAN_PERIOD) if period else None


def _programme_period(programme) -> tuple[int, int]:
    masterplan = programme.masterplan
    return masterplan.start_year, masterplan.end_year


class IndicatorSource(models.TextChoices):
    U4SSC = "u4ssc", _("ITU U4SSC KPIs")
    SNI_ISO_37122 = "sni_iso_37122", _("SNI ISO 37122:2019 (smart cities)")
    SNI_ISO_37120 = "sni_iso_37120", _("SNI ISO 37120:2018 (city services)")
    PROGRAMME = "programme", _("Programme-specific")
    REGION = "region", _("Region-defined")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class DataQuality(models.IntegerChoices):
    """The U4SSC six-step scale of how a value was obtained (docs/domain.md §5)."""

    MEASURED = 1, _("Accurate measurement")
    SURVEY = 2, _("Extrapolated from a survey")
    HIGHER_LEVEL = 3, _("Extrapolated from higher-level data")
    ASSUMPTIONS = 4, _("Estimate from assumptions")
    PERSONAL = 5, _("Personal estimate")
    UNKNOWN = 6, _("Unknown method")


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The shared catalogue for everyone; a region's own indicators only for those who follow the region."""
        shared = Q(region__isnull=True)
        if not (user and user.is_authenticated and user.is_active):
            return self.filter(shared)
        if user.is_secretariat or user.is_evaluator:
            return self
        own = Q(region__memberships__user=user) | Q(region__participations__mentors=user)
        return self.filter(shared | own).distinct()


class Indicator(TimeStampedModel):
    """One entry of the indicator catalogue; every seeded entry names its source."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    definition = models.TextField(_("definition"), max_length=4000, blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    numerator = models.CharField(_("numerator"), max_length=300, blank=True)
    denominator = models.CharField(_("denominator"), max_length=300, blank=True)
    dimension_code = models.CharField(_("smart city dimension"), max_length=10, blank=True)
    element_code = models.CharField(_("element"), max_length=16, blank=True)
    source = models.CharField(_("source framework"), max_length=16, choices=IndicatorSource.choices)
    reference = models.CharField(
        _("reference"), max_length=300, blank=True, help_text=_("Where the definition comes from.")
    )
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_indicators",
        verbose_name=_("region (for its own indicators)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="region", region__isnull=False)
                | (~Q(source="region") & Q(region__isnull=True)),
                name="indicator_region_defined_has_region",
            )
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_id


class TrackedIndicator(TimeStampedModel):
    """An indicator a participating region follows, with its baseline and yearly targets; usually tied to a
    goal or programme indicator of its masterplan."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="tracked_indicators"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="tracked", verbose_name=_("indicator")
    )
    goal_indicator = models.ForeignKey(
        GoalIndicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    programme_indicator = models.ForeignKey(
        ProgrammeIndicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), validators=YEARS)
    baseline_value = BoundedDecimalField(_("baseline"), max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["participation", "indicator__code"]
        verbose_name = _("tracked indicator")
        verbose_name_plural = _("tracked indicators")
        constraints = [
            models.UniqueConstraint(fields=["participation", "indicator"], name="one_tracking_per_indicator")
        ]

    def __str__(self):
        return f"{self.participation.region} · {self.indicator.code}"

    @property
    def plan_years(self) -> tuple[int, int] | None:
        return plan_years(self.participation)

    def year_problem(self, year) -> str | None:
        """Why a value or target cannot be for ``year`` (outside the masterplan's years), or None."""
        return plan_year_problem(year, self.plan_years)


class Target(models.Model):
    tracked = models.ForeignKey(TrackedIndicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    value = BoundedDecimalField(_("target"), max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["tracked", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["tracked", "year"], name="one_target_per_year")]

    def __str__(self):
        return f"{self.tracked} {self.year}: {self.value}"

    def clean(self):
        super().clean()
        if self.tracked_id:
            problems = Problems()
            problems.add("year", self.tracked.year_problem(self.year))
            problems.raise_any()


class ValueStatus(models.TextChoices):
    REPORTED = "reported", _("Reported, awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", pgettext_lazy("indicator value", "Rejected")


class IndicatorValueQuerySet(models.QuerySet):
    def current(self):
        """Values no correction has superseded."""
        return self.filter(superseded_by__isnull=True)

    def published(self):
        """What people outside the region's circle may see: verified current values."""
        return self.current().filter(status=ValueStatus.VERIFIED)


class IndicatorValue(models.Model):
    """A reported value. Never overwritten: a correction is a new value that supersedes this one."""

    tracked = models.ForeignKey(TrackedIndicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("period (year)"), validators=YEARS)
    value = BoundedDecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("data source"), max_length=250)
    method = models.CharField(_("method"), max_length=250, blank=True)
    quality = models.PositiveSmallIntegerField(
        _("data quality"), choices=DataQuality.choices, default=DataQuality.UNKNOWN
    )
    evidence_file = models.FileField(_("evidence file"), upload_to="evidence/%Y/%m/", blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.REPORTED
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), max_length=2000, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["tracked", "year", "reported_at", "pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self):
        return f"{self.tracked} {self.year}: {self.value}"

    def clean(self):
        super().clean()
        if self.tracked_id:
            problems = Problems()
            problems.add("year", self.tracked.year_problem(self.year))
            problems.raise_any()


class ProgressReport(models.Model):
    """Where a programme or quick win stands on a date; the newest report is its current state."""

    programme = models.ForeignKey(
        MasterplanProgramme, on_delete=models.CASCADE, related_name="progress_reports"
    )
    reported_on = models.DateField(_("as of"))
    status = models.CharField(_("status"), max_length=10, choices=ProgrammeStatus.choices)
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MaxValueValidator(100)], default=0
    )
    budget_realised = BoundedDecimalField(
        _("budget realised (Rp)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
        min_value=0,
        unit="Rp",
    )
    delay_reason = models.TextField(_("reason for delay"), max_length=2000, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["programme", "-reported_on", "-pk"]
        get_latest_by = ["reported_on", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="delayed") | ~Q(delay_reason=""), name="delay_has_a_reason"
            )
        ]

    def __str__(self):
        return f"{self.programme} · {self.reported_on}: {self.percent_complete} %"

    def clean(self):
        super().clean()
        if self.programme_id:
            problems = Problems()
            period = _programme_period(self.programme)
            problems.add("reported_on", plan_date_problem(self.reported_on, period))
            problems.raise_any()


class Milestone(models.Model):
    programme = models.ForeignKey(MasterplanProgramme, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=250)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["programme", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.programme_id:
            period = _programme_period(self.programme)
            problems = Problems()
            problems.add("due_on", plan_date_problem(self.due_on, period))
            problems.add("done_on", plan_date_problem(self.done_on, period))
            problems.raise_any()

    @property
    def is_late(self) -> bool:
        from django.utils import timezone

        return (
            self.done_on is None
            and self.due_on < timezone.localdate()
            or bool(self.done_on and self.done_on > self.due_on)
        )
