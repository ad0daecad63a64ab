"""Changes the secretariat makes to an evaluation event's set-up and to rubric criteria.

The set-up pages (``views_manage.py``) translate requests into these calls and their outcomes into messages. Every
deletion is audited together with the row it removes, in one transaction, and refused rows stay untouched
(docs/architecture.md, "Confirmed decisions"). Saving a scheduled session lives in ``services.save_session``,
panels in ``panels.py``, publishing the results in ``publication.py``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import audit, deletion
from kotacerdas.core.numbers_format import format_clock_range
from kotacerdas.evaluations.models import (
    Criterion,
    DeclaredConflict,
    EvaluationEvent,
    EventDay,
    LevelDescriptor,
    Session,
)


@transaction.atomic
def save_event(event: EvaluationEvent, days: list[datetime.date]) -> EvaluationEvent:
    """Save the event's settings and add those of ``days`` it does not have yet.

    Days are only added here, never removed: a day may hold sessions, so it goes through its own confirmed delete.
    """
    event.save()
    for date in days:
        EventDay.objects.get_or_create(event=event, date=date)
    return event


@transaction.atomic
def delete_setup_row(row, *, event: EvaluationEvent, by, region_code: str = "") -> str:
    """Delete a row of the event's set-up (a day, break, room, panel, award or availability window), audited.

    Returns the row's label. Raises ``deletion.DeletionRefused`` (nothing deleted, nothing audited) when rows
    that protect it came to use it after the confirmation page was shown.
    """
    label = str(row)
    audit.record(
        "evaluation.setup_deleted",
        target=row,
        by=by,
        field=row._meta.model_name,
        old=label,
        note=event.name,
        region_code=region_code,
    )
    deletion.delete(row)
    return label


@transaction.atomic
def remove_declared_conflict(conflict: DeclaredConflict, *, by) -> None:
    """Remove a declared conflict of interest (it applies to every event), keeping its reason in the audit."""
    audit.record(
        "evaluation.setup_deleted",
        target=conflict,
        by=by,
        field="declaredconflict",
        old=str(conflict),
        note=conflict.reason,
        region_code=conflict.region.code,
    )
    conflict.delete()


def session_when(session: Session) -> str:
    """``13-12-2018 09.00–10.00``: the session's day and time, as the set-up pages and the audit name it."""
    when = format_clock_range(session.starts, session.ends, session.event.timezone)
    return f"{session.day.date:%d-%m-%Y} {when}"


@transaction.atomic
def delete_session(session: Session, *, by) -> None:
    """Delete a session that has no score sheet; one with sheets is refused (ValidationError): move it instead.

    Side effects: an ``evaluation.session_deleted`` audit entry and, once the agenda is published, an
    ``evaluation.session_changed`` one, which the agenda's change list reads.
    """
    region = session.participation.region
    if session.sheets.exists():
        raise ValidationError(
            _("The session of %(region)s has score sheets and cannot be deleted; move it instead.")
            % {"region": region.name}
        )
    event = session.event
    if event.agenda_is_published:
        audit.record(
            "evaluation.session_changed",
            target=session,
            by=by,
            old=session_when(session),
            note=_("Session removed."),
            region_code=region.code,
        )
    audit.record(
        "evaluation.session_deleted",
        target=session,
        by=by,
        old=session_when(session),
        note=event.name,
        region_code=region.code,
    )
    session.delete()


@transaction.atomic
def save_criterion(criterion: Criterion, levels: dict[int, str]) -> Criterion:
    """Save a criterion and make ``levels`` (score value -> description) its level descriptors, exactly.

    The caller has checked that the rubric has no scores yet (``Rubric.has_scores``): scores freeze it.
    """
    criterion.save()
    criterion.levels.exclude(value__in=levels).delete()
    for value, description in levels.items():
        LevelDescriptor.objects.update_or_create(
            criterion=criterion, value=value, defaults={"description": description}
        )
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion, *, by) -> str:
    """Delete a criterion of a rubric without scores, with its level descriptors, audited; returns its label."""
    label = str(criterion)
    audit.record(
        "evaluation.criterion_deleted", target=criterion, by=by, old=label, note=str(criterion.rubric)
    )
    deletion.delete(criterion)
    return label
