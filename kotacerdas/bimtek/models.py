"""Bimtek (the four technical guidance workshops of a cohort): who was invited and who came, the working groups
per dimension, and the deliverables the regions owe after each stage (docs/domain.md §1 and §8).

Attendance is personal data (name, NIP, position): ``Attendee.objects.visible_to(user)`` gives the secretariat
every row, a region's team its own region's rows, and a mentor the rows of the cohorts they mentor in (the
check-in desk); everyone else nothing.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import TimeStampedModel
from kotacerdas.core.periods import Problems, date_outside
from kotacerdas.framework.models import Dimension
from kotacerdas.programmes.models import Cohort, Participation, Stage, StageKind
from kotacerdas.regions.models import NIP_LENGTH, NIP_VALIDATOR, Opd

BIMTEK_KINDS = (StageKind.BIMTEK_1, StageKind.BIMTEK_2, StageKind.BIMTEK_3, StageKind.BIMTEK_4)
# "Bimtek Tahap I" ... "Bimtek Tahap IV" (docs/glossary.md)
STAGE_NUMERALS = {
    StageKind.BIMTEK_1: "I",
    StageKind.BIMTEK_2: "II",
    StageKind.BIMTEK_3: "III",
    StageKind.BIMTEK_4: "IV",
}


def stage_label(stage: Stage) -> str:
    """ "Bimtek Tahap II" for a bimtek stage, the stage's own title or kind otherwise."""
    numeral = STAGE_NUMERALS.get(stage.kind)
    return f"Bimtek Tahap {numeral}" if numeral else str(stage)


def bimtek_stages():
    return Stage.objects.filter(kind__in=BIMTEK_KINDS)


def mentored_cohorts(user):
    """The cohorts in which ``user`` mentors at least one region."""
    return Cohort.objects.filter(participations__mentors=user).distinct()


class AttendeeQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_secretariat:
            return self
        scope = Q(participation__region__memberships__user=user)
        if user.is_mentor:
            scope |= Q(stage__cohort__participations__mentors=user)
        return self.filter(scope).distinct()

    def missing(self):
        return self.filter(invited=True, attended_on__isnull=True)


class WorkingGroup(TimeStampedModel):
    """The group of one dimension at one stage; attendees are placed in it."""

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="working_groups", verbose_name=_("stage")
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="working_groups", verbose_name=_("dimension")
    )
    facilitator = models.CharField(_("facilitator"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["stage", "dimension__order"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            models.UniqueConstraint(fields=["stage", "dimension"], name="one_working_group_per_dimension")
        ]

    def __str__(self):
        return self.dimension.name

    def clean(self):
        super().clean()
        if (
            self.stage_id
            and self.dimension_id
            and self.dimension.version_id != self.stage.cohort.framework_version_id
        ):
            raise ValidationError(
                {"dimension": _("Choose a dimension of the framework version of the stage's cohort.")}
            )


class Attendee(TimeStampedModel):
    """One person on a stage's daftar hadir: invited, or a walk-in; present on ``attended_on`` or absent."""

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("stage")
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=NIP_LENGTH, blank=True, validators=[NIP_VALIDATOR])
    position = models.CharField(_("position"), max_length=150, blank=True)
    opd = models.ForeignKey(
        Opd,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendees",
        verbose_name=_("regional agency (OPD)"),
    )
    opd_name = models.CharField(
        _("OPD not in the list"),
        max_length=200,
        blank=True,
        help_text=_("When the agency is not in the region's list of OPD."),
    )
    invited = models.BooleanField(_("invited"), default=True)
    attended_on = models.DateField(_("attended on"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendees",
        verbose_name=_("working group"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = AttendeeQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "participation__region__code", "name"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        indexes = [models.Index(fields=["stage", "participation"], name="attendee_stage_participation")]

    def __str__(self):
        return self.name

    @property
    def opd_label(self) -> str:
        return str(self.opd) if self.opd_id else self.opd_name

    def clean(self):
        super().clean()
        problems = Problems()
        stage = self.stage if self.stage_id else None
        participation = self.participation if self.participation_id else None
        if stage and participation and participation.cohort_id != stage.cohort_id:
            problems.add("participation", _("The region does not take part in the cohort of this stage."))
        if participation and self.opd_id and self.opd.region_id != participation.region_id:
            problems.add("opd", _("Choose an agency (OPD) of the attendee's own region."))
        if self.opd_id and self.opd_name:
            problems.add("opd_name", _("Choose an agency from the list or write its name, not both."))
        if stage:
            problems.add(
                "attended_on",
                date_outside(self.attended_on, stage.starts_on, stage.ends_on, _("the dates of the stage")),
            )
            if self.working_group_id and self.working_group.stage_id != stage.pk:
                problems.add("working_group", _("Choose a working group of this stage."))
        problems.raise_any()


class DeliverableExpectation(TimeStampedModel):
    """What every region of the cohort must hand in after a stage, e.g. "Draf Buku 1" after Bimtek Tahap II."""

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="deliverable_expectations", verbose_name=_("stage")
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = _("expected deliverable")
        verbose_name_plural = _("expected deliverables")
        constraints = [
            models.UniqueConstraint(fields=["stage", "title"], name="deliverable_title_unique_in_stage")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.stage_id and self.due_on and self.due_on < self.stage.starts_on:
            raise ValidationError({"due_on": _("A deliverable cannot be due before its stage starts.")})


class DeliverableReceipt(TimeStampedModel):
    """A region handed in an expected deliverable on ``received_on``."""

    expectation = models.ForeignKey(
        DeliverableExpectation,
        on_delete=models.CASCADE,
        related_name="receipts",
        verbose_name=_("expected deliverable"),
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="deliverable_receipts", verbose_name=_("region")
    )
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["expectation", "participation__region__code"]
        verbose_name = _("deliverable receipt")
        verbose_name_plural = _("deliverable receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["expectation", "participation"], name="one_receipt_per_expectation_participation"
            )
        ]

    def __str__(self):
        return f"{self.expectation} · {self.participation.region}"

    def clean(self):
        super().clean()
        problems = Problems()
        if self.expectation_id and self.participation_id:
            stage = self.expectation.stage
            if self.participation.cohort_id != stage.cohort_id:
                problems.add("participation", _("The region does not take part in the cohort of this stage."))
            if self.received_on and self.received_on < stage.starts_on:
                problems.add("received_on", _("A deliverable cannot be received before its stage starts."))
        problems.raise_any()
