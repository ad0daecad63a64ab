"""Scheduling settings, the evaluator pool and schedule proposals of an evaluation event."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.core.models import TimeStampedModel
from kotacerdas.evaluations.models import EvaluationEvent


class SchedulingSettings(models.Model):
    """How the automatic scheduler weighs its preferences for one event (hard rules are not weighed)."""

    event = models.OneToOneField(
        EvaluationEvent, on_delete=models.CASCADE, related_name="scheduling_settings"
    )
    weight_changes = models.PositiveSmallIntegerField(
        _("weight: fewest changes"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Per session moved, or evaluator taken off a session, against the last published schedule."
        ),
    )
    weight_preferences = models.PositiveSmallIntegerField(
        _("weight: regions' preferred times"),
        default=3,
        validators=[MaxValueValidator(100)],
        help_text=_("Per region scheduled outside its preferred windows."),
    )
    weight_load = models.PositiveSmallIntegerField(
        _("weight: balanced evaluator load"),
        default=2,
        validators=[MaxValueValidator(100)],
        help_text=_("Per session on the panel of the busiest evaluator."),
    )
    weight_stability = models.PositiveSmallIntegerField(
        _("weight: stable panels"),
        default=1,
        validators=[MaxValueValidator(100)],
        help_text=_("Per evaluator sitting in a room on a day beyond the members of one panel."),
    )
    time_limit_seconds = models.PositiveSmallIntegerField(
        _("time limit (seconds)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )

    class Meta:
        verbose_name = _("scheduling settings")
        verbose_name_plural = _("scheduling settings")

    def __str__(self):
        return str(self.event)


class PoolMember(models.Model):
    """An evaluator the scheduler may put on this event's panels."""

    event = models.ForeignKey(EvaluationEvent, on_delete=models.CASCADE, related_name="evaluator_pool")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("evaluator")
    )

    class Meta:
        ordering = ["event", "evaluator__full_name"]
        verbose_name = _("evaluator in the pool")
        verbose_name_plural = _("evaluator pool")
        constraints = [models.UniqueConstraint(fields=["event", "evaluator"], name="one_pool_entry")]

    def __str__(self):
        return f"{self.evaluator} · {self.event}"


class ProposalStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Solving")
    READY = "ready", _("Ready to apply")
    INFEASIBLE = "infeasible", _("Cannot be scheduled")
    FAILED = "failed", _("Failed")
    APPLIED = "applied", pgettext_lazy("schedule proposal", "Applied")
    DISCARDED = "discarded", _("Discarded")


class SolverStatus(models.TextChoices):
    """How the scheduler's search ended (``solver.SolveResult.status``)."""

    OPTIMAL = "optimal", _("proven optimal")
    FEASIBLE = "feasible", _("valid, not proven best")
    INFEASIBLE = "infeasible", _("no valid schedule")
    UNKNOWN = "unknown", _("undecided")


class ProposalMode(models.TextChoices):
    # A whole new proposal weighs every preference; completing keeps the current schedule as far as it can.
    FULL = "full", _("Whole schedule")
    COMPLETE = "complete", _("Complete the schedule")


class ScheduleProposal(TimeStampedModel):
    """One run of the scheduler: its progress while it solves, then a schedule to compare and apply, or the
    reasons why none exists."""

    event = models.ForeignKey(EvaluationEvent, on_delete=models.CASCADE, related_name="schedule_proposals")
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(_("kind"), max_length=10, choices=ProposalMode.choices, default=ProposalMode.FULL)
    time_limit = models.PositiveSmallIntegerField(_("time limit (seconds)"), default=30)
    # What the solver reports while it works, and at the end.
    solutions_found = models.PositiveIntegerField(_("solutions found"), default=0)
    objective = models.IntegerField(_("objective"), null=True, blank=True)
    bound = models.IntegerField(_("best bound"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    solver_status = models.CharField(
        _("solver status"), max_length=12, choices=SolverStatus.choices, blank=True
    )
    cancel_requested = models.BooleanField(default=False)
    # Plain-language findings: feasibility checks that failed, or rule families in conflict.
    checks = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    breakdown = models.JSONField(default=dict, blank=True)
    # The inputs the proposal was computed from; applying refuses when they changed since.
    fingerprint = models.CharField(max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_panels = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("schedule proposal")
        verbose_name_plural = _("schedule proposals")

    def __str__(self):
        return f"{self.event} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in (ProposalStatus.QUEUED, ProposalStatus.RUNNING)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return (self.objective - self.bound) / max(1, abs(self.objective))

    @property
    def gap_percent(self) -> float | None:
        return None if self.gap is None else round(self.gap * 100, 1)

    @property
    def time_percent(self) -> int:
        if not self.is_active:
            return 100
        return min(99, int(self.seconds * 100 / max(1, self.time_limit)))
