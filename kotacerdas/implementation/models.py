"""The yearly implementation evaluation (docs/domain.md §4): a round per year, the region's self-assessment, the
evaluators' validation on an implementation rubric, and the index weights as data.

Scores are given per criterion of the round's rubric *and* per smart city dimension of the round's framework
version, so the index exists both for the region as a whole and for each of its six dimensions (index.py).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.core.fields import BoundedDecimalField
from kotacerdas.core.models import TimeStampedModel
from kotacerdas.core.periods import Problems, date_outside, years_as_dates
from kotacerdas.evaluations.models import Criterion, ImplementationDimension, Rubric
from kotacerdas.framework.models import Dimension, FrameworkVersion
from kotacerdas.implementation.index import Scale
from kotacerdas.programmes.models import Participation

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]


class IndexScheme(TimeStampedModel):
    """The weights of the five evaluation dimensions, e.g. 10/20/30/20/20 (2021) or 10/20/30/30/10 (later)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_seeded_default = models.BooleanField(_("seeded default"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("index weights")
        verbose_name_plural = _("index weights")

    def __str__(self):
        return self.name

    def weight_map(self) -> dict[str, Decimal]:
        return {w.dimension: w.weight for w in self.weights.all()}

    def weights_in_order(self) -> list[tuple[str, Decimal]]:
        weights = self.weight_map()
        return [(d.label, weights.get(d.value, Decimal(0))) for d in ImplementationDimension]


class SchemeWeight(models.Model):
    scheme = models.ForeignKey(IndexScheme, on_delete=models.CASCADE, related_name="weights")
    dimension = models.CharField(
        _("evaluation dimension"), max_length=10, choices=ImplementationDimension.choices
    )
    weight = BoundedDecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        min_value=0,
        max_value=100,
        unit="%",
    )

    class Meta:
        ordering = ["scheme", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "dimension"], name="one_weight_per_evaluation_dimension"
            ),
            models.CheckConstraint(condition=Q(weight__gte=0, weight__lte=100), name="scheme_weight_percent"),
        ]

    def __str__(self):
        return f"{self.scheme} · {self.get_dimension_display()}: {self.weight}"


class RoundStatus(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    VALIDATION = "validation", _("Validation by evaluators")
    PUBLISHED = "published", pgettext_lazy("implementation round", "Published")


class RoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RoundStatus.PUBLISHED)

    def visible_to(self, user):
        """Published rounds for everyone; the secretariat sees all; a region's team and evaluators see the
        rounds they take part in."""
        if not (user and user.is_authenticated and user.is_active):
            return self.published()
        if user.is_secretariat:
            return self
        mine = (
            Q(entries__participation__region__memberships__user=user)
            | Q(entries__participation__mentors=user)
            | Q(entries__sheets__evaluator=user)
        )
        return self.filter(Q(status=RoundStatus.PUBLISHED) | mine).distinct()


class ImplementationRound(TimeStampedModel):
    """One year's implementation evaluation."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEARS)
    name = models.CharField(_("name"), max_length=200)
    scheme = models.ForeignKey(
        IndexScheme, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("index weights")
    )
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="implementation_rounds", verbose_name=_("rubric")
    )
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("framework version")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.SELF_ASSESSMENT
    )
    self_assessment_due = models.DateField(_("self-assessment due"), null=True, blank=True)
    # The index scale is data (the programme's guides set it and we lack their text): 1–4 as published so far.
    # At most 99, so an index fits IndexResult's four digits.
    scale_min = models.PositiveSmallIntegerField(
        _("index scale from"), default=1, validators=[MaxValueValidator(98)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("index scale to"), default=4, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("implementation evaluation round")
        verbose_name_plural = _("implementation evaluation rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__gte=0) & Q(scale_max__gt=F("scale_min")) & Q(scale_max__lte=99),
                name="round_index_scale_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        problems = Problems()
        if None not in (self.scale_min, self.scale_max) and self.scale_max <= self.scale_min:
            problems.add(
                "scale_max",
                _("The top of the index scale (%(max)s) must be above its bottom (%(min)s).")
                % {"max": self.scale_max, "min": self.scale_min},
            )
        if self.year:
            # The round scores the implementation of its year; the self-assessment is due then or the year after.
            first, last = years_as_dates(self.year, self.year + 1)
            problems.add(
                "self_assessment_due",
                date_outside(self.self_assessment_due, first, last, _("the round's year and the next")),
            )
        problems.raise_any()

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED

    @property
    def scale(self) -> Scale:
        """The round's index scale, for the arithmetic (index.py) and the charts."""
        return Scale(self.scale_min, self.scale_max)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("self-assessment or validation", "Submitted")


class RoundEntry(TimeStampedModel):
    """A participating region in a round, with its self-assessment."""

    round = models.ForeignKey(ImplementationRound, on_delete=models.CASCADE, related_name="entries")
    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="implementation_entries"
    )
    self_status = models.CharField(
        _("self-assessment"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    self_submitted_at = models.DateTimeField(_("self-assessment submitted"), null=True, blank=True)
    self_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["round", "participation__region__name"]
        verbose_name = _("round entry")
        verbose_name_plural = _("round entries")
        constraints = [
            models.UniqueConstraint(fields=["round", "participation"], name="one_entry_per_round_region")
        ]

    def __str__(self):
        return f"{self.round} · {self.participation.region}"


class SelfEvidence(models.Model):
    """The region's account of one evaluation dimension, with its evidence."""

    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="evidence")
    dimension = models.CharField(
        _("evaluation dimension"), max_length=10, choices=ImplementationDimension.choices
    )
    explanation = models.TextField(_("explanation"), max_length=4000, blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="implementation/%Y/", blank=True)

    class Meta:
        ordering = ["entry", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "dimension"], name="one_self_evidence_per_dimension")
        ]

    def __str__(self):
        return f"{self.entry} · {self.get_dimension_display()}"


class GridScore(models.Model):
    """One cell of a scoring grid: a criterion of the rubric for one smart city dimension."""

    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    is_na = models.BooleanField(_("n/a"), default=False)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.criterion_id}/{self.dimension_id}: {'n/a' if self.is_na else self.value}"


class SelfScore(GridScore):
    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="self_scores")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "criterion", "dimension"], name="one_self_score_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(is_na=True, value__isnull=True) | Q(is_na=False),
                name="self_score_na_has_no_value",
            ),
        ]


class ValidationSheet(TimeStampedModel):
    """One evaluator's validation of a region's implementation in a round."""

    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="sheets")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="implementation_sheets"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    general_comment = models.TextField(_("findings"), max_length=4000, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["entry", "evaluator__full_name"]
        verbose_name = _("validation sheet")
        verbose_name_plural = _("validation sheets")
        constraints = [
            models.UniqueConstraint(fields=["entry", "evaluator"], name="one_validation_per_evaluator")
        ]

    def __str__(self):
        return f"{self.entry} · {self.evaluator}"


class ValidationScore(GridScore):
    sheet = models.ForeignKey(ValidationSheet, on_delete=models.CASCADE, related_name="scores")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion", "dimension"], name="one_validation_score_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(is_na=True, value__isnull=True) | Q(is_na=False),
                name="validation_score_na_has_no_value",
            ),
        ]


class IndexResultQuerySet(models.QuerySet):
    def published(self):
        return self.filter(entry__round__status=RoundStatus.PUBLISHED)


class IndexResult(models.Model):
    """A region's index as published. Written once when the round is published (its inputs are frozen from
    then on), so dashboards and the open data read one row instead of recomputing every grid."""

    entry = models.OneToOneField(RoundEntry, on_delete=models.CASCADE, related_name="result")
    index = BoundedDecimalField(_("index"), max_digits=4, decimal_places=2, null=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True)
    ranked_among = models.PositiveSmallIntegerField(_("ranked among"), default=0)
    previous = BoundedDecimalField(_("previous index"), max_digits=4, decimal_places=2, null=True)
    change = BoundedDecimalField(_("change from last year"), max_digits=4, decimal_places=2, null=True)
    self_index = BoundedDecimalField(_("self-assessed index"), max_digits=4, decimal_places=2, null=True)
    by_evaluation = models.JSONField(_("per evaluation dimension"), default=dict)
    by_dimension = models.JSONField(_("per smart city dimension"), default=dict)

    objects = IndexResultQuerySet.as_manager()

    class Meta:
        ordering = ["entry__round", "rank"]
        verbose_name = _("published index")
        verbose_name_plural = _("published indices")

    def __str__(self):
        return f"{self.entry}: {self.index}"

    @property
    def scale(self) -> Scale:
        """The scale of the round the index was given on (read it with ``select_related("entry__round")``)."""
        return self.entry.round.scale
