from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.fields import BoundedDecimalField
from kotacerdas.core.models import TimeStampedModel
from kotacerdas.core.periods import Problems, date_outside, years_as_dates
from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.regions.models import Region


class Programme(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cohorts a user may open: all for the secretariat, otherwise those the user takes part in."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_secretariat:
            return self
        scope = Q(participations__in=Participation.objects.visible_to(user))
        if user.is_evaluator:
            scope |= Q(assessors=user)
        return self.filter(scope).distinct()


def default_outline() -> list[dict]:
    """The default chapter outline of the masterplan books (docs/domain.md §3); a cohort may change it.

    ``key`` names the content the chapter is built from; ``books`` says which book (1 = analysis,
    2 = masterplan) contains it.
    """
    return [
        {"key": "introduction", "number": "I", "title_id": "Pendahuluan", "title_en": "Introduction", "books": [1, 2]},
        {"key": "analysis", "number": "II", "title_id": "Analisis Strategis", "title_en": "Strategic Analysis", "books": [1]},
        {"key": "vision", "number": "III", "title_id": "Visi dan Sasaran", "title_en": "Vision and Goals", "books": [2]},
        {"key": "strategy", "number": "IV", "title_id": "Strategi per Dimensi", "title_en": "Strategy per Dimension", "books": [2]},
        {"key": "action_plan", "number": "V", "title_id": "Rencana Aksi", "title_en": "Action Plan", "books": [2]},
        {"key": "roadmap", "number": "VI", "title_id": "Peta Jalan", "title_en": "Roadmap", "books": [2]},
        {"key": "quick_wins", "number": "VII", "title_id": "Quick Win", "title_en": "Quick Wins", "books": [2]},
        {"key": "closing", "number": "VIII", "title_id": "Penutup", "title_en": "Closing", "books": [1, 2]},
    ]  # fmt: skip


class Cohort(TimeStampedModel):
    """One year's intake of a programme. Roadmap horizons are data because sources disagree on them, and so are
    the rules the sources leave open (how many quick wins, whether readiness levels are required)."""

    QUICK_WINS_LIMIT = 50  # a sanity bound for the quick-win rule, not a rule itself

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=200)
    target_size = models.PositiveSmallIntegerField(_("target size"), validators=[MinValueValidator(1)])
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("framework version"),
    )
    short_term_end = models.PositiveSmallIntegerField(
        _("short term ends in year"), default=1, help_text=_("Counted from the first year of the masterplan.")
    )
    medium_term_end = models.PositiveSmallIntegerField(_("medium term ends in year"), default=5)
    long_term_end = models.PositiveSmallIntegerField(_("long term ends in year"), default=10)
    outline = models.JSONField(_("masterplan outline"), default=default_outline)
    # Rules the programme's sources leave open are data, set per cohort (docs/domain.md): Kota Jambi's 2020
    # masterplan had 2 quick wins where later cohorts ask for 3 to 6.
    quick_wins_min = models.PositiveSmallIntegerField(
        _("fewest quick wins"),
        default=3,
        validators=[MaxValueValidator(QUICK_WINS_LIMIT)],
        help_text=_("A masterplan may be submitted with this many quick wins or more."),
    )
    quick_wins_max = models.PositiveSmallIntegerField(
        _("most quick wins"),
        default=6,
        validators=[MaxValueValidator(QUICK_WINS_LIMIT)],
        help_text=_("A masterplan may be submitted with this many quick wins or fewer."),
    )
    readiness_level_required = models.BooleanField(
        _("readiness level required"),
        default=True,
        help_text=_(
            "Every readiness aspect of a masterplan needs a readiness level before it can be submitted."
        ),
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assessed_cohorts",
        verbose_name=_("selection assessors"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_cohort_per_programme_year"),
            models.CheckConstraint(
                condition=Q(short_term_end__gte=1)
                & Q(medium_term_end__gt=F("short_term_end"))
                & Q(long_term_end__gt=F("medium_term_end")),
                name="cohort_horizons_ordered",
            ),
            models.CheckConstraint(
                condition=Q(quick_wins_min__gte=0) & Q(quick_wins_max__gte=F("quick_wins_min")),
                name="cohort_quick_wins_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if (
            None not in (self.quick_wins_min, self.quick_wins_max)
            and self.quick_wins_max < self.quick_wins_min
        ):
            errors["quick_wins_max"] = _(
                "The most quick wins (%(max)s) cannot be fewer than the fewest (%(min)s)."
            ) % {"max": self.quick_wins_max, "min": self.quick_wins_min}
        if None not in (self.short_term_end, self.medium_term_end, self.long_term_end):
            message = _(
                "Horizons must follow each other: short term ends first, then medium, then long term."
            )
            # Name the first field out of order, so the form shows the message next to it.
            if self.short_term_end < 1:
                errors["short_term_end"] = message
            elif self.medium_term_end <= self.short_term_end:
                errors["medium_term_end"] = message
            elif self.long_term_end <= self.medium_term_end:
                errors["long_term_end"] = message
        if errors:
            raise ValidationError(errors)

    @property
    def horizons(self) -> list[tuple[str, int, int]]:
        """(label, first year, last year) counted from year 1 of a masterplan."""
        return [
            (_("Short term"), 1, self.short_term_end),
            (_("Medium term"), self.short_term_end + 1, self.medium_term_end),
            (_("Long term"), self.medium_term_end + 1, self.long_term_end),
        ]


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    MENTORING = "mentoring", _("Mentoring")
    EVALUATED = "evaluated", _("Evaluated")
    GRADUATED = "graduated", _("Graduated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses that count against a cohort's target size and may be shown to the public.
SELECTED_STATUSES = [
    ParticipationStatus.SELECTED,
    ParticipationStatus.MENTORING,
    ParticipationStatus.EVALUATED,
    ParticipationStatus.GRADUATED,
]


class ParticipationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_secretariat:
            return self
        scope = Q(region__memberships__user=user) | Q(mentors=user)
        if user.is_evaluator:
            scope |= Q(cohort__assessors=user)
        return self.filter(scope).distinct()

    def public(self):
        return self.filter(status__in=SELECTED_STATUSES)


class Participation(TimeStampedModel):
    """A region taking part in a cohort, from application to graduation."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="participations", verbose_name=_("cohort")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="participations", verbose_name=_("region")
    )
    status = models.CharField(
        _("status"), max_length=15, choices=ParticipationStatus.choices, default=ParticipationStatus.APPLIED
    )
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="mentored_participations",
        verbose_name=_("mentors"),
    )
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Details (MoU, mentors, dates) invented for the demonstration."),
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "region__code"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "region"], name="one_participation_per_cohort_region"),
        ]

    def __str__(self):
        return f"{self.region} · {self.cohort}"

    def get_absolute_url(self):
        return reverse("programmes:participation_detail", args=[self.pk])


class StageKind(models.TextChoices):
    BIMTEK_1 = "bimtek_1", _("Bimtek 1: policy, institutions and readiness")
    BIMTEK_2 = "bimtek_2", _("Bimtek 2: analysis review, vision and draft programmes")
    BIMTEK_3 = "bimtek_3", _("Bimtek 3: masterplan, roadmap and quick wins")
    BIMTEK_4 = "bimtek_4", _("Bimtek 4: review and commitment")
    EVALUATION = "evaluation", _("National evaluation")
    OTHER = "other", _("Other")


class Stage(TimeStampedModel):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="stages", verbose_name=_("cohort")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=StageKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    deliverables = models.TextField(_("deliverables"), max_length=2000, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["starts_on", "kind"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="stage_ends_after_start"),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The stage cannot end before it starts.")})
        if self.cohort_id:
            first, last = years_as_dates(self.cohort.year, self.cohort.year)
            problems = Problems()
            for field in ("starts_on", "ends_on"):
                problems.add(field, date_outside(getattr(self, field), first, last, _("the cohort's year")))
            problems.raise_any()


class SelectionCriterion(models.Model):
    """One criterion of a cohort's selection, e.g. fiscal capacity, with a weight and a score range."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("cohort")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    weight = BoundedDecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)], min_value="0.01"
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["cohort", "order", "pk"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.UniqueConstraint(fields=["cohort", "name"], name="criterion_name_unique_in_cohort"),
        ]

    def __str__(self):
        return self.name


class AssessmentScore(TimeStampedModel):
    """An assessor's score of one application on one criterion."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="assessment_scores"
    )
    criterion = models.ForeignKey(SelectionCriterion, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessment_scores"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "criterion", "assessor"], name="one_score_per_assessor_criterion"
            )
        ]


# --- agreements (MoU, PKS) -------------------------------------------------------------------------------------

# Agreements whose validity ends within this many days are on the secretariat's to-do list and in the weekly mail.
EXPIRY_WARNING_DAYS = 90


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding (MoU)")
    PKS = "pks", _("Cooperation agreement (PKS)")


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agreements a user may open: all for the secretariat, otherwise those of the regions whose team the user
        is on (any role). Mentors and evaluators read the number and validity on the participation page only."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_secretariat:
            return self
        return self.filter(region__memberships__user=user).distinct()

    def ending_within(self, today, days: int = EXPIRY_WARNING_DAYS):
        """Agreements still in force whose validity ends between ``today`` and ``days`` days later."""
        return self.filter(valid_until__gte=today, valid_until__lte=today + timedelta(days=days))


class Agreement(TimeStampedModel):
    """A signed agreement with a region: an MoU between the head of region and the Ditjen Aptika, or a PKS that
    follows from it. The register is per region; the cohort it belongs to is optional."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("region")
    )
    participation = models.ForeignKey(
        Participation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("participation"),
        help_text=_("The cohort the agreement belongs to, if any."),
    )
    kind = models.CharField(_("kind"), max_length=3, choices=AgreementKind.choices, default=AgreementKind.MOU)
    our_number = models.CharField(_("our number"), max_length=100, blank=True)
    region_number = models.CharField(_("the region's number"), max_length=100, blank=True)
    our_signatory = models.CharField(_("our signatory"), max_length=200, blank=True)
    our_signatory_position = models.CharField(_("our signatory's position"), max_length=200, blank=True)
    region_signatory = models.CharField(_("the region's signatory"), max_length=200, blank=True)
    region_signatory_position = models.CharField(
        _("the region's signatory's position"), max_length=200, blank=True
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the agreement has no end date."),
    )
    scan = models.FileField(_("scan"), upload_to="agreements/%Y/", max_length=200, blank=True)
    follows_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows from"),
    )
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-valid_from", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self):
        number = self.our_number or self.region_number or "—"
        return f"{self.get_kind_display()} {number}"

    @property
    def short_kind(self) -> str:
        return "MoU" if self.kind == AgreementKind.MOU else "PKS"

    def clean(self):
        super().clean()
        problems = Problems()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            problems.add("valid_until", _("An agreement cannot end before it takes effect."))
        if self.valid_until and not self.valid_from:
            problems.add("valid_from", _("Give the start of the validity as well as its end."))
        if self.signed_on and self.valid_from and self.valid_from < self.signed_on:
            problems.add("valid_from", _("An agreement cannot take effect before it is signed."))
        if self.follows_from_id:
            earlier = self.follows_from
            if self.pk and earlier.pk == self.pk:
                problems.add("follows_from", _("An agreement cannot follow from itself."))
            elif earlier.region_id != self.region_id:
                problems.add(
                    "follows_from", _("An agreement can only follow from an agreement of the same region.")
                )
            elif earlier.kind != AgreementKind.MOU:
                problems.add("follows_from", _("An agreement can only follow from an MoU."))
        if self.participation_id:
            if self.participation.region_id != self.region_id:
                problems.add("participation", _("The participation must be of the same region."))
            elif self.kind == AgreementKind.MOU and self.signed_on:
                # The MoU follows selection: in the cohort's year, or early in the next.
                year = self.participation.cohort.year
                first, last = years_as_dates(year, year + 1)
                problems.add(
                    "signed_on", date_outside(self.signed_on, first, last, _("the cohort's year or the next"))
                )
        problems.raise_any()

    def days_left(self, today) -> int | None:
        return None if self.valid_until is None else (self.valid_until - today).days

    def expiry(self, today) -> tuple[str, int | None]:
        """("ended" | "ending" | "in_force", days left): ending = within EXPIRY_WARNING_DAYS."""
        days = self.days_left(today)
        if days is None:
            return "in_force", None
        if days < 0:
            return "ended", days
        if days <= EXPIRY_WARNING_DAYS:
            return "ending", days
        return "in_force", days

    @property
    def scan_name(self) -> str:
        """The stored file's name, "" without one (templates test this rather than the field)."""
        return self.scan.name or ""

    @property
    def status_now(self) -> str:
        """``expiry`` as of today in the site's zone, for templates without a ``today``."""
        return self.expiry(timezone.localdate())[0]

    @property
    def days_left_now(self) -> int | None:
        return self.days_left(timezone.localdate())

    def get_absolute_url(self):
        return reverse("programmes:agreement_detail", args=[self.pk])
