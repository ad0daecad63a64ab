"""Reporting and verifying indicator values, and reporting programme progress."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.monitoring.models import (
    IndicatorValue,
    Milestone,
    ProgressReport,
    Target,
    TrackedIndicator,
    ValueStatus,
)


@transaction.atomic
def track_indicator(form, *, targets: dict) -> TrackedIndicator:
    """Save the tracking form's new tracked indicator with its yearly targets ``{year: value}``, all or none."""
    tracked = form.save()
    Target.objects.bulk_create(
        Target(tracked=tracked, year=year, value=value) for year, value in targets.items()
    )
    return tracked


def mark_milestone_done(milestone: Milestone, done_on) -> Milestone:
    """Record when a milestone was done; a date outside the masterplan's period is a ValidationError."""
    milestone.done_on = done_on
    milestone.clean()  # inside the masterplan's period
    milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def report_value(tracked: TrackedIndicator, *, year: int, by, **fields) -> IndicatorValue:
    """Record a value for ``year``. If the year already has one, the new value supersedes it (a correction):
    nothing is overwritten and the history stays. Side effects: an AuditEntry."""
    participation = tracked.participation
    if not by.has_perm("monitoring.report", participation):
        raise PermissionDenied
    # Lock the tracked indicator so two corrections of the same year cannot both supersede one value.
    TrackedIndicator.objects.select_for_update().get(pk=tracked.pk)
    previous = IndicatorValue.objects.current().filter(tracked=tracked, year=year).first()
    value = IndicatorValue(tracked=tracked, year=year, reported_by=by, supersedes=previous, **fields)
    value.full_clean()
    value.save()
    audit.record(
        "monitoring.value_reported",
        target=value,
        by=by,
        field=tracked.indicator.code,
        old=str(previous.value) if previous else "",
        new=f"{value.year}: {value.value}",
        region_code=participation.region.code,
    )
    return value


@transaction.atomic
def verify_value(value: IndicatorValue, *, by, approve: bool, note: str = "") -> IndicatorValue:
    """Verify or reject a reported value. Only the current value of its year, and never by its reporter.
    Side effects: an AuditEntry."""
    value = (
        IndicatorValue.objects.select_for_update()
        .select_related("tracked__participation__region")
        .get(pk=value.pk)
    )
    if not by.has_perm("monitoring.verify_value", value):
        raise PermissionDenied
    if hasattr(value, "superseded_by"):
        raise ValidationError(_("This value was corrected since; verify the newest one."))
    if value.status != ValueStatus.REPORTED:
        raise ValidationError(_("This value was already checked."))
    if not approve and not note.strip():
        raise ValidationError(_("Say why the value is rejected, so the region can correct it."))
    value.status = ValueStatus.VERIFIED if approve else ValueStatus.REJECTED
    value.verified_by, value.verified_at, value.verification_note = by, timezone.now(), note
    value.save(update_fields=["status", "verified_by", "verified_at", "verification_note"])
    audit.record(
        "monitoring.value_verified" if approve else "monitoring.value_rejected",
        target=value,
        by=by,
        field=value.tracked.indicator.code,
        new=f"{value.year}: {value.value}",
        note=note,
        region_code=value.tracked.participation.region.code,
    )
    return value


@transaction.atomic
def report_progress(programme, *, by, **fields) -> ProgressReport:
    """A new progress report of a masterplan programme (the newest one is its state). Side effects: an
    AuditEntry."""
    participation = programme.masterplan.participation
    if not by.has_perm("monitoring.report", participation):
        raise PermissionDenied
    report = ProgressReport(programme=programme, reported_by=by, **fields)
    report.full_clean()
    report.save()
    audit.record(
        "monitoring.progress_reported",
        target=programme,
        by=by,
        field="progress",
        new=f"{report.get_status_display()} {report.percent_complete} %",
        region_code=participation.region.code,
    )
    return report
