"""Writes of the bimtek app, each with its audit entry in the same transaction. The attendance import writes
through ``spreadsheets.commit_file``."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.bimtek.models import Attendee, DeliverableExpectation, DeliverableReceipt, stage_label
from kotacerdas.core import audit
from kotacerdas.core.periods import date_outside


def stage_days(stage) -> list[datetime.date]:
    days, day = [], stage.starts_on
    while day <= stage.ends_on:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _check_day(stage, day) -> None:
    problem = date_outside(day, stage.starts_on, stage.ends_on, _("the dates of the stage"))
    if day is None or problem:
        raise ValidationError(problem or _("Choose a day of the stage."))


@transaction.atomic
def check_in(attendee: Attendee, *, day: datetime.date, by) -> bool:
    """Record that ``attendee`` came on ``day``. Idempotent: an attendee already present stays as recorded and
    nothing is written (a double tap records once). Returns whether this call recorded the attendance."""
    if not by.has_perm("bimtek.check_in_attendee", attendee):
        raise PermissionDenied
    locked = (
        Attendee.objects.select_for_update()
        .select_related("stage", "participation__region")
        .get(pk=attendee.pk)
    )
    if locked.attended_on is not None:
        return False
    _check_day(locked.stage, day)
    locked.attended_on, locked.checked_in_by = day, by
    locked.save(update_fields=["attended_on", "checked_in_by", "updated_at"])
    audit.record(
        "bimtek.check_in",
        target=locked,
        by=by,
        field="attended_on",
        new=day.isoformat(),
        note=stage_label(locked.stage),
        region_code=locked.participation.region.code,
    )
    attendee.attended_on, attendee.checked_in_by = locked.attended_on, by
    return True


@transaction.atomic
def add_walk_in(
    stage, *, participation, name, day, by, nip="", position="", opd=None, opd_name=""
) -> Attendee:
    """A person who came without being on the invitation list, present on ``day``."""
    if not by.has_perm("bimtek.check_in", stage):
        raise PermissionDenied
    _check_day(stage, day)
    attendee = Attendee(
        stage=stage,
        participation=participation,
        name=name,
        nip=nip,
        position=position,
        opd=opd,
        opd_name=opd_name,
        invited=False,
        attended_on=day,
        checked_in_by=by,
    )
    attendee.full_clean()
    attendee.save()
    audit.record(
        "bimtek.walk_in",
        target=attendee,
        by=by,
        field="attended_on",
        new=day.isoformat(),
        note=stage_label(stage),
        region_code=participation.region.code,
    )
    return attendee


@transaction.atomic
def add_expectation(stage, *, title: str, due_on: datetime.date, by) -> DeliverableExpectation:
    if not by.has_perm("bimtek.manage_stage", stage):
        raise PermissionDenied
    expectation = DeliverableExpectation(stage=stage, title=title, due_on=due_on)
    expectation.full_clean()
    expectation.save()
    audit.record(
        "bimtek.expectation",
        target=expectation,
        by=by,
        field="due_on",
        new=due_on.isoformat(),
        note=stage_label(stage),
    )
    return expectation


@transaction.atomic
def record_receipt(
    expectation: DeliverableExpectation, *, participation, received_on: datetime.date, note: str = "", by
) -> DeliverableReceipt:
    """Record (or correct) the day a region handed in an expected deliverable."""
    if not by.has_perm("bimtek.record_receipt", expectation):
        raise PermissionDenied
    receipt = DeliverableReceipt.objects.select_for_update().filter(
        expectation=expectation, participation=participation
    ).first() or DeliverableReceipt(expectation=expectation, participation=participation)
    old = receipt.received_on.isoformat() if receipt.received_on else ""
    receipt.received_on, receipt.note = received_on, note
    receipt.full_clean()
    receipt.save()
    audit.record(
        "bimtek.receipt",
        target=receipt,
        by=by,
        field="received_on",
        old=old,
        new=received_on.isoformat(),
        note=note,
        region_code=participation.region.code,
    )
    return receipt
