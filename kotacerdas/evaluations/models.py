"""The national evaluation: events, rooms, panels, sessions, rubrics, score sheets (docs/domain.md §4)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.core.fields import BoundedDecimalField
from kotacerdas.core.models import TimeStampedModel
from kotacerdas.core.periods import Problems, date_outside, end_before_start, time_outside, years_as_dates
from kotacerdas.programmes.models import Cohort, Participation
from kotacerdas.regions.models import Region, TimeZone


class EvaluationKind(models.TextChoices):
    MASTERPLAN = "masterplan", _("Masterplan")
    QUICK_WIN = "quick_win", _("Quick wins")
    IMPLEMENTATION = "implementation", _("Implementation")


class ImplementationDimension(models.TextChoices):
    """The five dimensions of the yearly implementation evaluation (docs/domain.md §4)."""

    # The programme's own terms; a context keeps them apart from the masterplan's "output" and "outcome".
    BASELINE = "baseline", pgettext_lazy("evaluation dimension", "Baseline")
    OUTPUT = "output", pgettext_lazy("evaluation dimension", "Output")
    OUTCOME = "outcome", pgettext_lazy("evaluation dimension", "Outcome")
    IMPACT = "impact", pgettext_lazy("evaluation dimension", "Impact")
    QUICK_WIN = "quick_win", pgettext_lazy("evaluation dimension", "Quick Win")


class Rubric(TimeStampedModel):
    """Criteria of one kind of evaluation. Once scores exist it is frozen: changes go into a new version."""

    kind = models.CharField(_("evaluation kind"), max_length=20, choices=EvaluationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    is_seeded_default = models.BooleanField(
        _("seeded default"),
        default=False,
        help_text=_(
            "Seeded by kotacerdas as a starting point: the programme's evaluation guides set official criteria, "
            "but their text is not yet in kotacerdas."
        ),
    )
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["kind", "name", "-version"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "version"], name="rubric_version_unique")
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def has_scores(self) -> bool:
        # An implementation rubric is frozen as soon as a round uses it: self-assessments and validations
        # (monitoring) are scored on its criteria.
        return Score.objects.filter(criterion__rubric=self).exists() or self.implementation_rounds.exists()


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    weight = BoundedDecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)], min_value="0.01"
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    allow_na = models.BooleanField(_("n/a allowed"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    implementation_dimension = models.CharField(
        _("implementation evaluation dimension"),
        max_length=10,
        choices=ImplementationDimension.choices,
        blank=True,
        help_text=_(
            "For implementation rubrics: which of the five evaluation dimensions this criterion scores."
        ),
    )

    class Meta:
        ordering = ["rubric", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="criterion_scale_ordered"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="evaluation_criterion_weight_positive"),
        ]

    def __str__(self):
        return self.name


class LevelDescriptor(models.Model):
    """What a score means on one criterion, e.g. 5 = "vision derived from SWOT and aligned with the RPJMD"."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(_("score"))
    description = models.TextField(_("meaning"), max_length=2000)

    class Meta:
        ordering = ["criterion", "value"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "value"], name="one_descriptor_per_level")
        ]

    def __str__(self):
        return f"{self.value}: {self.description[:40]}"


MAX_EVENT_DAYS = 14  # an event's first and last day lie at most this many days apart (both included)
EVENT_HOURS = _("the event's hours")


def event_day_problem(cohort_year: int, day: datetime.date | None, other_days=()) -> str | None:
    """Why ``day`` cannot be a day of an event of the cohort of ``cohort_year`` whose other days are
    ``other_days``, or None. The evaluation follows the cohort's mentoring (its year, or early the next), and an
    event lasts at most ``MAX_EVENT_DAYS`` days, so a mistyped year or month is refused."""
    if day is None or not cohort_year:
        return None
    problem = date_outside(
        day, *years_as_dates(cohort_year, cohort_year + 1), _("the cohort's year or the next")
    )
    others = [d for d in other_days if d != day]
    if problem or not others:
        return problem
    reach = datetime.timedelta(days=MAX_EVENT_DAYS - 1)
    reason = _("an event lasts at most %(days)s days") % {"days": MAX_EVENT_DAYS}
    return date_outside(day, max(others) - reach, min(others) + reach, reason)


def _inside_event_hours(problems: Problems, obj, message) -> None:
    """Times ``starts``–``ends`` of ``obj``: the end after the start, both inside its event's hours."""
    if end_before_start(obj.starts, obj.ends, strict=True):
        problems.add("ends", message)
    elif obj.event_id:
        event = obj.event
        problems.add(
            "ends", time_outside(obj.starts, obj.ends, event.day_starts, event.day_ends, EVENT_HOURS)
        )


class EventQuerySet(models.QuerySet):
    def agenda_published(self):
        return self.filter(agenda_release__gt=0)


class EvaluationEvent(TimeStampedModel):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="evaluation_events", verbose_name=_("cohort")
    )
    name = models.CharField(_("name"), max_length=200)
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    timezone = models.CharField(_("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.WIB)
    slot_minutes = models.PositiveSmallIntegerField(
        _("default slot length (minutes)"),
        default=45,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    day_starts = models.TimeField(_("day starts"), default=datetime.time(8, 0))
    day_ends = models.TimeField(_("day ends"), default=datetime.time(17, 0))
    min_panel_size = models.PositiveSmallIntegerField(_("minimum evaluators per panel"), default=3)
    masterplan_rubric = models.ForeignKey(
        Rubric,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("masterplan rubric"),
    )
    quick_win_rubric = models.ForeignKey(
        Rubric,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("quick-win rubric"),
    )
    peers_visible_before_submit = models.BooleanField(
        _("evaluators see each other's scores before submitting"), default=False
    )
    conflict_same_province = models.BooleanField(
        _("evaluators from the region's province are in conflict"), default=True
    )
    agenda_release = models.PositiveIntegerField(_("agenda release"), default=0, editable=False)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")
        constraints = [
            models.CheckConstraint(condition=Q(day_ends__gt=F("day_starts")), name="event_day_ordered"),
        ]

    def __str__(self):
        return self.name

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def timezone_abbreviation(self) -> str:
        return TimeZone(self.timezone).name

    @property
    def agenda_is_published(self) -> bool:
        return self.agenda_release > 0

    @property
    def results_are_published(self) -> bool:
        return self.results_published_at is not None


class EventDay(models.Model):
    event = models.ForeignKey(EvaluationEvent, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["event", "date"]
        verbose_name = _("event day")
        verbose_name_plural = _("event days")
        constraints = [models.UniqueConstraint(fields=["event", "date"], name="one_event_day_per_date")]

    def __str__(self):
        return self.date.isoformat()

    @property
    def number(self) -> int:
        return list(self.event.days.values_list("pk", flat=True)).index(self.pk) + 1

    def clean(self):
        super().clean()
        if self.event_id and self.date:
            others = self.event.days.exclude(pk=self.pk).values_list("date", flat=True)
            problems = Problems()
            problems.add("date", event_day_problem(self.event.cohort.year, self.date, list(others)))
            problems.raise_any()


class Break(models.Model):
    """A pause in every day of the event (lunch, prayers); no session may overlap it."""

    event = models.ForeignKey(EvaluationEvent, on_delete=models.CASCADE, related_name="breaks")
    label = models.CharField(_("label"), max_length=100)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))

    class Meta:
        ordering = ["event", "starts"]
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        constraints = [models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="break_ordered")]

    def __str__(self):
        return f"{self.label} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self):
        super().clean()
        problems = Problems()
        _inside_event_hours(problems, self, _("The break must end after it starts."))
        problems.raise_any()


def https_only(value: str) -> None:
    """A meeting link is an https address: a plain http link would send the meeting's password in clear."""
    if value and not value.lower().startswith("https://"):
        raise ValidationError(_("The meeting link must start with https://."), code="https_only")


class RoomMode(models.TextChoices):
    """How a room's sessions are held: on site, over a video call, or both at once."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


# Modes whose sessions are joined over a meeting link (which only the people ``evaluations/meeting.py`` names see).
LINKED_MODES = frozenset({RoomMode.ONLINE, RoomMode.HYBRID})


class Room(models.Model):
    event = models.ForeignKey(EvaluationEvent, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    # Bounded here, not only by the database: SQLite would store 99.999.999 seats where PostgreSQL fails.
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    mode = models.CharField(_("mode"), max_length=10, choices=RoomMode.choices, default=RoomMode.IN_PERSON)
    meeting_link = models.URLField(
        _("meeting link"),
        max_length=500,
        blank=True,
        validators=[https_only],
        help_text=_(
            "The video call's address (https). Shown only to the secretariat, the session's panel and the "
            "region's team, never on the public agenda."
        ),
    )

    class Meta:
        ordering = ["event", "order", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="room_name_unique_in_event")]

    def __str__(self):
        return self.name

    @property
    def is_linked(self) -> bool:
        """Its sessions are joined over the meeting link (online or hybrid)."""
        return self.mode in LINKED_MODES

    def clean(self):
        super().clean()
        if self.mode in LINKED_MODES and not self.meeting_link:
            raise ValidationError(
                {"meeting_link": _("An online or hybrid room needs its meeting link (https://…).")}
            )


class Panel(models.Model):
    """Evaluators who score together, usually in one room for a day."""

    event = models.ForeignKey(EvaluationEvent, on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("name"), max_length=100)
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="panels", verbose_name=_("room")
    )
    day = models.ForeignKey(
        EventDay,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="panels",
        verbose_name=_("day"),
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="PanelMember", related_name="panels")

    class Meta:
        ordering = ["event", "name"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="panel_name_unique_in_event")]

    def __str__(self):
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="memberships")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["-is_chair", "evaluator__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "evaluator"], name="one_membership_per_panel"),
            models.UniqueConstraint(fields=["panel"], condition=Q(is_chair=True), name="one_chair_per_panel"),
        ]

    def __str__(self):
        return f"{self.evaluator} · {self.panel}"


class Presents(models.TextChoices):
    MASTERPLAN = "masterplan", _("Masterplan")
    QUICK_WINS = "quick_wins", _("Quick wins")
    BOTH = "both", _("Masterplan and quick wins")


class SessionQuerySet(models.QuerySet):
    def for_evaluator(self, user):
        return self.filter(panel__members=user).distinct()


class Session(TimeStampedModel):
    """One region's presentation to a panel, in a room, at a time on one day of the event."""

    event = models.ForeignKey(
        EvaluationEvent, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("evaluation event")
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="evaluation_sessions", verbose_name=_("region")
    )
    day = models.ForeignKey(
        EventDay, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("day")
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("room"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    panel = models.ForeignKey(
        Panel,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        verbose_name=_("panel"),
    )
    presenter_name = models.CharField(_("presenter"), max_length=150, blank=True)
    presenter_position = models.CharField(_("presenter's position"), max_length=200, blank=True)
    presents = models.CharField(_("presents"), max_length=12, choices=Presents.choices, default=Presents.BOTH)
    is_pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Automatic scheduling leaves it in place.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["day__date", "starts", "room__order"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="session_ordered"),
            models.UniqueConstraint(
                fields=["event", "participation"], name="one_session_per_region_in_event"
            ),
        ]

    def __str__(self):
        return f"{self.participation.region} · {self.day.date} {self.starts:%H:%M}"

    @property
    def region(self) -> Region:
        return self.participation.region

    @property
    def start_datetime(self) -> datetime.datetime:
        return datetime.datetime.combine(self.day.date, self.starts, tzinfo=self.event.tzinfo)

    @property
    def end_datetime(self) -> datetime.datetime:
        return datetime.datetime.combine(self.day.date, self.ends, tzinfo=self.event.tzinfo)

    def rubrics(self) -> list[Rubric]:
        event = self.event
        wanted = {
            Presents.MASTERPLAN: [event.masterplan_rubric],
            Presents.QUICK_WINS: [event.quick_win_rubric],
            Presents.BOTH: [event.masterplan_rubric, event.quick_win_rubric],
        }[self.presents]
        return [r for r in wanted if r is not None]


class AvailabilityWindow(models.Model):
    """When a region or an evaluator can take part on a day of the event.

    A window that is not a preference is a hard rule: once a region (or evaluator) has any, every one of its
    sessions (or every session on its panels) must lie inside one. A preference window (regions only) is a wish
    the automatic scheduler tries to meet.
    """

    event = models.ForeignKey(EvaluationEvent, on_delete=models.CASCADE, related_name="availability")
    participation = models.ForeignKey(
        Participation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("region"),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("evaluator"),
    )
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="+", verbose_name=_("day"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    is_preference = models.BooleanField(
        _("preference only"),
        default=False,
        help_text=_("A wish, not a rule: the scheduler tries to meet it."),
    )

    class Meta:
        ordering = ["event", "day__date", "starts"]
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="availability_ordered"),
            models.CheckConstraint(
                condition=Q(participation__isnull=False, evaluator__isnull=True)
                | Q(participation__isnull=True, evaluator__isnull=False),
                name="availability_region_or_evaluator",
            ),
            models.CheckConstraint(
                condition=Q(is_preference=False) | Q(participation__isnull=False),
                name="availability_preferences_for_regions",
            ),
        ]

    def __str__(self):
        who = self.participation.region if self.participation_id else self.evaluator
        return f"{who} · {self.day} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self):
        super().clean()
        problems = Problems()
        if self.event_id and self.day_id and self.day.event_id != self.event_id:
            problems.add("day", _("Choose a day of this event."))
        _inside_event_hours(problems, self, _("The window must end after it starts."))
        problems.raise_any()


class DeclaredConflict(TimeStampedModel):
    """An evaluator's declared conflict of interest with a region (e.g. a former employer)."""

    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    reason = models.CharField(_("reason"), max_length=250)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["evaluator", "region"], name="one_declared_conflict")]

    def __str__(self):
        return f"{self.evaluator} · {self.region}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("score sheet", "Submitted")


class ScoreSheet(TimeStampedModel):
    """One evaluator's scores of one session on one rubric."""

    # Scores are evidence: a session (or event) with score sheets cannot be deleted.
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="sheets")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="score_sheets"
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="sheets")
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    general_comment = models.TextField(_("general comment"), max_length=4000, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["session", "rubric", "evaluator"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "evaluator", "rubric"], name="one_sheet_per_evaluator_rubric"
            )
        ]

    def __str__(self):
        return f"{self.session} · {self.rubric} · {self.evaluator}"

    @property
    def is_locked(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    is_na = models.BooleanField(_("n/a"), default=False)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(is_na=True, value__isnull=True) | Q(is_na=False), name="na_score_has_no_value"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {'n/a' if self.is_na else self.value}"


class AgendaRelease(models.Model):
    """A published state of the agenda; each publication after the first is a numbered change."""

    event = models.ForeignKey(EvaluationEvent, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("what changed"), max_length=2000, blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["event", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="agenda_release_number_unique")
        ]

    def __str__(self):
        return f"{self.event} · {self.number}"


class AwardCategory(models.Model):
    """An award given on the results, e.g. best masterplan; winners are the top ranks of that kind."""

    event = models.ForeignKey(EvaluationEvent, on_delete=models.CASCADE, related_name="award_categories")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("ranked on"), max_length=20, choices=EvaluationKind.choices)
    places = models.PositiveSmallIntegerField(_("places"), default=3, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["event", "name"]
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")

    def __str__(self):
        return self.name
