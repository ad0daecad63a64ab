"""The structured smart city masterplan (docs/domain.md §3) and everything that hangs off it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.core.fields import BoundedDecimalField
from kotacerdas.core.models import TimeStampedModel
from kotacerdas.core.periods import Problems, date_outside, year_outside, years_as_dates
from kotacerdas.framework.models import Dimension, Element, FrameworkVersion, ReadinessAspect, ReadinessLevel
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import Opd

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def shorten(text: str, limit: int = 60) -> str:
    """A row's text as a title: at most ``limit`` characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:  # the cut falls inside a word: end at the word before
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


PLAN_PERIOD = _("the masterplan's period")
PREPARATION_AND_PLAN = _("from the cohort's year to the end of the masterplan")


class RevisionedModel(models.Model):
    """A row edited in a form: ``revision`` grows with every save so a stale form can be recognised."""

    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class MasterplanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


EDITABLE_STATUSES = {MasterplanStatus.DRAFT, MasterplanStatus.REVISION_REQUESTED}


class MasterplanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The secretariat sees every masterplan; a region's team and its mentors see theirs. Selection
        assessors see applications, not masterplans (evaluators get access through evaluation sessions)."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_secretariat:
            return self
        return self.filter(
            Q(participation__region__memberships__user=user) | Q(participation__mentors=user)
        ).distinct()

    def published(self):
        return self.filter(status=MasterplanStatus.PUBLISHED)


class Masterplan(TimeStampedModel):
    participation = models.OneToOneField(
        Participation, on_delete=models.PROTECT, related_name="masterplan", verbose_name=_("participation")
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="masterplans",
        verbose_name=_("framework version"),
    )
    title = models.CharField(_("title"), max_length=250)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=20, choices=MasterplanStatus.choices, default=MasterplanStatus.DRAFT
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The version the public reads (set on publication): public pages, the API and the public books render its
    # snapshot, never the live rows, so a later edit (an OPD renamed) is not published without review.
    published_version = models.ForeignKey(
        "MasterplanVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published version"),
    )

    objects = MasterplanQuerySet.as_manager()

    class Meta:
        ordering = ["-participation__cohort__year", "participation__region__name"]
        verbose_name = _("masterplan")
        verbose_name_plural = _("masterplans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="masterplan_period_ordered"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot come before the first year.")})

    def get_absolute_url(self):
        return reverse("masterplans:overview", args=[self.pk])

    @property
    def region(self):
        return self.participation.region

    @property
    def cohort(self):
        return self.participation.cohort

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def frozen_state(self) -> str:
        """While the masterplan cannot be edited: a key that changes whenever its content may change, for
        caching what pages derive from it (empty while it is editable: nothing is cached then).

        Its content changes only with its status, and a change of status moves ``updated_at``; so does a change
        of its participation. Names shown around it that belong to its region, cohort or framework version are
        not part of the key (reading them costs the joins the key is there to save): kept copies follow a rename
        of those within ``core.cache.LOCAL_STATE_SECONDS``.
        """
        if self.is_editable:
            return ""
        return f"{self.pk}:{self.updated_at.timestamp()}:{self.participation.updated_at.timestamp()}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def year_problem(self, year) -> str | None:
        """Why ``year`` cannot be a year of this masterplan's programmes or targets, or None."""
        return year_outside(year, self.start_year, self.end_year, PLAN_PERIOD)

    def preparation_date_problem(self, day) -> str | None:
        """Why ``day`` cannot be a date of its action plan or commitments: they lie between 1 January of the
        cohort's year (preparation starts with the masterplan) and the end of the masterplan."""
        if day is None:
            return None
        first = min(self.cohort.year, self.start_year)
        return date_outside(day, *years_as_dates(first, self.end_year), PREPARATION_AND_PLAN)

    def horizon_of_year(self, year: int) -> str | None:
        """Short, medium or long term for a calendar year, from the cohort's horizons (year 1 = start_year)."""
        offset = year - self.start_year + 1
        cohort = self.cohort
        if 1 <= offset <= cohort.short_term_end:
            return Horizon.SHORT
        if offset <= cohort.medium_term_end and offset >= 1:
            return Horizon.MEDIUM
        if offset <= cohort.long_term_end and offset >= 1:
            return Horizon.LONG
        return None


class SectionKey(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    PROFILE = "profile", _("Regional profile")
    VISION = "vision", _("Vision")
    CLOSING = "closing", _("Closing")


class Section(RevisionedModel):
    """A free-text part of the masterplan (plain text; paragraphs separated by blank lines)."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("part"), max_length=20, choices=SectionKey.choices)
    body = models.TextField(_("text"), max_length=20000, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["masterplan", "key"], name="one_section_per_key")]

    def __str__(self):
        return self.get_key_display()


class KeyFigure(RevisionedModel):
    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="key_figures")
    label = models.CharField(_("figure"), max_length=150)
    value = BoundedDecimalField(_("value"), max_digits=20, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    source = models.CharField(_("source"), max_length=250)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self):
        return self.label


class AspectAnalysis(RevisionedModel):
    """The readiness of the region along one aspect (struktur, infrastruktur, ...)."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="aspect_analyses")
    aspect = models.ForeignKey(ReadinessAspect, on_delete=models.PROTECT, verbose_name=_("aspect"))
    level = models.ForeignKey(
        ReadinessLevel, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("readiness level")
    )
    summary = models.TextField(_("summary"), max_length=4000, blank=True)

    class Meta:
        ordering = ["aspect__order"]
        verbose_name = _("readiness analysis")
        verbose_name_plural = _("readiness analyses")
        constraints = [
            models.UniqueConstraint(fields=["masterplan", "aspect"], name="one_analysis_per_aspect")
        ]

    def __str__(self):
        return str(self.aspect)


class SwotKind(models.TextChoices):
    STRENGTH = "S", _("Strength")
    WEAKNESS = "W", _("Weakness")
    OPPORTUNITY = "O", _("Opportunity")
    THREAT = "T", _("Threat")


class SwotItem(RevisionedModel):
    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="swot_items")
    aspect = models.ForeignKey(ReadinessAspect, on_delete=models.PROTECT, verbose_name=_("aspect"))
    kind = models.CharField(_("kind"), max_length=1, choices=SwotKind.choices)
    text = models.TextField(_("text"), max_length=2000)

    class Meta:
        ordering = ["aspect__order", "kind", "pk"]
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")

    def __str__(self):
        return shorten(self.text)


class GapRow(RevisionedModel):
    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="gap_rows")
    aspect = models.ForeignKey(ReadinessAspect, on_delete=models.PROTECT, verbose_name=_("aspect"))
    current_state = models.TextField(_("current state"), max_length=2000)
    target_state = models.TextField(_("target state"), max_length=2000)
    gap = models.TextField(_("gap"), max_length=2000)
    action = models.TextField(_("action"), max_length=2000)

    class Meta:
        ordering = ["aspect__order", "pk"]
        verbose_name = _("gap analysis row")
        verbose_name_plural = _("gap analysis rows")

    def __str__(self):
        return shorten(self.gap)


class DimensionReadiness(RevisionedModel):
    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="dimension_readiness")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, verbose_name=_("dimension"))
    level = models.ForeignKey(ReadinessLevel, on_delete=models.PROTECT, verbose_name=_("readiness level"))
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["dimension__order"]
        verbose_name = _("readiness per dimension")
        verbose_name_plural = _("readiness per dimension")
        constraints = [
            models.UniqueConstraint(fields=["masterplan", "dimension"], name="one_readiness_per_dimension")
        ]

    def __str__(self):
        return str(self.dimension)


class Mission(RevisionedModel):
    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="missions")
    text = models.TextField(_("mission"), max_length=2000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self):
        return shorten(self.text)


class VisionKeyword(RevisionedModel):
    """A key word of the vision and what the region means by it (the *penjelasan visi* of planning documents),
    drawn from the SWOT."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="vision_keywords")
    word = models.CharField(_("keyword"), max_length=100)
    explanation = models.TextField(_("explanation"), max_length=2000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("vision keyword")
        verbose_name_plural = _("vision keywords")

    def __str__(self):
        return self.word


class StrategicIssue(RevisionedModel):
    """A strategic issue (*isu strategis*) the vision answers, drawn from the SWOT items it names."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="strategic_issues")
    text = models.TextField(_("strategic issue"), max_length=2000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    swot_items = models.ManyToManyField(
        SwotItem, blank=True, related_name="strategic_issues", verbose_name=_("drawn from (SWOT)")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("strategic issue")
        verbose_name_plural = _("strategic issues")

    def __str__(self):
        return shorten(self.text)

    @property
    def swot_summary(self) -> str:
        """The SWOT items it is drawn from, one per line (the part page's column)."""
        return "\n".join(f"{item.get_kind_display()}: {item.text}" for item in self.swot_items.all())


class Objective(RevisionedModel):
    """An objective (*tujuan*) under one mission: the chain Visi → Misi → Tujuan → Sasaran → Strategi → Program.

    A mission with objectives cannot be deleted (PROTECT): its objectives are moved or deleted first, so no goal
    loses its place in the chain by accident."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="objectives")
    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("mission")
    )
    text = models.TextField(pgettext_lazy("planning chain", "objective"), max_length=2000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    needs_review = models.BooleanField(
        _("to be checked"),
        default=False,
        help_text=_("Set when the row was drafted automatically; clear it once the team has checked it."),
    )

    class Meta:
        ordering = ["mission__order", "mission__pk", "order", "pk"]
        verbose_name = pgettext_lazy("planning chain", "objective")
        verbose_name_plural = _("objectives")

    def __str__(self):
        return shorten(self.text)

    @property
    def review_label(self) -> str:
        return _("Yes: drafted from its mission") if self.needs_review else ""

    def clean(self):
        super().clean()
        if self.mission_id and self.masterplan_id and self.mission.masterplan_id != self.masterplan_id:
            raise ValidationError({"mission": _("The mission must belong to this masterplan.")})


class Goal(RevisionedModel):
    """A goal (*sasaran*) of the masterplan in one dimension, under one objective (*tujuan*).

    ``objective`` is empty only for goals written before the planning chain existed that had no mission to go
    under (migration 0005); the completeness check asks for it."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="goals")
    objective = models.ForeignKey(
        Objective,
        null=True,
        blank=True,  # the form asks for it (forms.GoalForm); only rows older than the chain lack it
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=pgettext_lazy("planning chain", "objective"),
    )
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, verbose_name=_("dimension"))
    text = models.TextField(_("goal"), max_length=2000)
    needs_review = models.BooleanField(
        _("to be checked"),
        default=False,
        help_text=_("Set when the row was drafted automatically; clear it once the team has checked it."),
    )

    class Meta:
        ordering = ["dimension__order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return shorten(self.text)

    @property
    def review_label(self) -> str:
        return _("Yes: check its objective") if self.needs_review else ""

    def clean(self):
        super().clean()
        if self.objective_id and self.masterplan_id and self.objective.masterplan_id != self.masterplan_id:
            raise ValidationError({"objective": _("The objective must belong to this masterplan.")})


class IndicatorFields(models.Model):
    name = models.CharField(_("indicator"), max_length=250)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), validators=YEAR_VALIDATORS)
    baseline_value = BoundedDecimalField(_("baseline"), max_digits=20, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=YEAR_VALIDATORS)
    target_value = BoundedDecimalField(_("target"), max_digits=20, decimal_places=2)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            raise ValidationError({"target_year": _("The target year cannot come before the baseline year.")})
        masterplan = self.plan()
        if masterplan is not None:
            problems = Problems()
            problems.add("target_year", masterplan.year_problem(self.target_year))
            problems.raise_any()

    def plan(self):
        """The masterplan whose period the target year lies in (None while the row is not attached)."""
        return None


class GoalIndicator(IndicatorFields, RevisionedModel):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("goal indicator")
        verbose_name_plural = _("goal indicators")

    def plan(self):
        return self.goal.masterplan if self.goal_id else None


class ObjectiveIndicator(IndicatorFields, RevisionedModel):
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=pgettext_lazy("planning chain", "objective"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("objective indicator")
        verbose_name_plural = _("objective indicators")

    def plan(self):
        return self.objective.masterplan if self.objective_id else None


class Strategy(RevisionedModel):
    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="strategies")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, verbose_name=_("dimension"))
    element = models.ForeignKey(
        Element, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("element")
    )
    # The goal (sasaran) the strategy serves; optional (a strategy may serve a dimension as a whole).
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategies",
        verbose_name=_("goal served"),
    )
    title = models.CharField(_("strategy"), max_length=250)
    description = models.TextField(_("description"), max_length=4000, blank=True)

    class Meta:
        ordering = ["dimension__order", "element__order", "pk"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        # Programme spreadsheets name a strategy by dimension and title, so the pair must be unambiguous.
        constraints = [
            models.UniqueConstraint(fields=["masterplan", "dimension", "title"], name="strategy_title_unique")
        ]

    def __str__(self):
        return self.title


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD (regional budget)")
    APBN = "apbn", _("APBN (state budget)")
    DAK = "dak", _("DAK (special allocation fund)")
    KPBU = "kpbu", _("KPBU (public-private partnership)")
    CSR = "csr", _("CSR")
    OTHER = "other", _("Other")


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")
    LONG = "long", _("Long term")


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class MasterplanProgramme(RevisionedModel):
    """A programme of the action plan and roadmap, linked to a strategy; some are quick wins."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="programmes")
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("strategy")
    )
    element = models.ForeignKey(
        Element, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("element")
    )
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    owner_opd = models.ForeignKey(
        Opd, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("owning OPD")
    )
    partner_opds = models.ManyToManyField(Opd, blank=True, related_name="+", verbose_name=_("partner OPDs"))
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices, blank=True
    )
    budget = BoundedDecimalField(
        _("estimated budget (Rp)"), max_digits=18, decimal_places=0, null=True, blank=True,
        validators=[MinValueValidator(0)], min_value=0, unit="Rp",
    )  # fmt: skip
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, blank=True)
    output = models.TextField(_("output"), max_length=2000, blank=True)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED
    )
    is_quick_win = models.BooleanField(_("quick win"), default=False)
    delivery_months = models.PositiveSmallIntegerField(
        _("delivery within (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    expected_benefit = models.TextField(_("expected benefit"), max_length=2000, blank=True)
    beneficiaries = models.CharField(_("beneficiaries"), max_length=250, blank=True)
    commitment_signed_by = models.CharField(_("commitment signed by"), max_length=250, blank=True)
    commitment_signed_on = models.DateField(_("commitment signed on"), null=True, blank=True)

    class Meta:
        ordering = ["strategy__dimension__order", "start_year", "pk"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="programme_years_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot come before the start year.")})
        if self.masterplan_id:
            problems = Problems()
            problems.add("start_year", self.masterplan.year_problem(self.start_year))
            problems.add("end_year", self.masterplan.year_problem(self.end_year))
            problems.add(
                "commitment_signed_on", self.masterplan.preparation_date_problem(self.commitment_signed_on)
            )
            problems.raise_any()
        if self.element_id and self.strategy_id and self.element.dimension_id != self.strategy.dimension_id:
            raise ValidationError({"element": _("The element must belong to the strategy's dimension.")})

    @property
    def dimension(self):
        return self.strategy.dimension

    @property
    def years_label(self) -> str:
        if self.start_year and self.end_year:
            return (
                f"{self.start_year}–{self.end_year}"
                if self.end_year != self.start_year
                else str(self.start_year)
            )
        return "—"


class ProgrammeIndicator(IndicatorFields, RevisionedModel):
    programme = models.ForeignKey(
        MasterplanProgramme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("programme")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("programme indicator")
        verbose_name_plural = _("programme indicators")

    def plan(self):
        return self.programme.masterplan if self.programme_id else None


class ActionCategory(models.TextChoices):
    POLICY = "policy", _("Policy")
    INSTITUTION = "institution", _("Institution")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    PEOPLE = "people", _("People")


class ActionStep(RevisionedModel):
    """A readiness and preparation step of the action plan."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="action_steps")
    category = models.CharField(_("category"), max_length=15, choices=ActionCategory.choices)
    description = models.TextField(_("step"), max_length=2000)
    owner_opd = models.ForeignKey(
        Opd, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")

    def __str__(self):
        return shorten(self.description)

    def clean(self):
        super().clean()
        if self.masterplan_id:
            problems = Problems()
            problems.add("due_date", self.masterplan.preparation_date_problem(self.due_date))
            problems.raise_any()


class Part(models.TextChoices):
    """The parts of a masterplan, in the order of the editor's menu; comments anchor to them."""

    PROFILE = "profile", _("Regional profile")
    READINESS = "readiness", _("Readiness analysis")
    VISION = "vision", _("Vision, missions, objectives and goals")
    STRATEGIES = "strategies", _("Strategies")
    PROGRAMMES = "programmes", _("Programmes")
    ACTION_PLAN = "action_plan", _("Action plan")
    ROADMAP = "roadmap", _("Roadmap")
    QUICK_WINS = "quick_wins", _("Quick wins")
    FRAME = "frame", _("Introduction and closing")


class Comment(TimeStampedModel):
    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="comments")
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=4000)
    is_resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["is_resolved", "-created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return shorten(self.body)


class MasterplanVersionQuerySet(models.QuerySet):
    def last_submitted(self):
        """The newest version of each masterplan: what its region last submitted (every version is frozen at a
        submission). Readers outside the region's team (evaluators) read this, never the live text."""
        newer = MasterplanVersion.objects.filter(
            masterplan=OuterRef("masterplan"), number__gt=OuterRef("number")
        )
        return self.exclude(Exists(newer))


class MasterplanVersion(models.Model):
    """A frozen, numbered snapshot of the whole masterplan, taken at each submission."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MasterplanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("masterplan version")
        verbose_name_plural = _("masterplan versions")
        constraints = [models.UniqueConstraint(fields=["masterplan", "number"], name="version_number_unique")]

    def __str__(self):
        return f"v{self.number}"


class DocumentKind(models.TextChoices):
    BOOK1_DOCX = "book1_docx", _("Book 1 (analysis), DOCX")
    BOOK1_PDF = "book1_pdf", _("Book 1 (analysis), PDF")
    BOOK2_DOCX = "book2_docx", _("Book 2 (masterplan), DOCX")
    BOOK2_PDF = "book2_pdf", _("Book 2 (masterplan), PDF")
    PROGRAMMES_XLSX = "programmes_xlsx", _("Programmes, XLSX")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DocumentJob(TimeStampedModel):
    """A document built in the background: its progress, its file, or a readable error."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="document_jobs")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_status_display()}"


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Awaiting confirmation")
    COMMITTED = "committed", _("Imported")
    REJECTED = "rejected", _("Rejected")


class ProgrammeImport(TimeStampedModel):
    """An uploaded programme spreadsheet: validated row by row, previewed, then committed all at once."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    preview = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("programme import")
        verbose_name_plural = _("programme imports")

    def __str__(self):
        return f"{self.masterplan} · {self.created_at:%Y-%m-%d %H:%M}"
