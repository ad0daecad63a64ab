from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.evaluations import scoring
from kotacerdas.evaluations.conflicts import conflict_reasons, conflicts_for
from kotacerdas.evaluations.models import (
    AgendaRelease,
    Criterion,
    EvaluationEvent,
    LevelDescriptor,
    PanelMember,
    Rubric,
    Score,
    ScoreSheet,
    Session,
    SheetStatus,
)
from kotacerdas.evaluations.validation import Slot, Violation, check_slots


def slot_of(session: Session, *, memberships: list | None = None) -> Slot:
    """The session as a validator ``Slot``; ``memberships`` are its panel's PanelMember rows (read when None)."""
    if memberships is None:
        memberships = list(session.panel.memberships.all()) if session.panel_id else []
    return Slot(
        key=session.pk,
        region=session.participation.region.name,
        participation_id=session.participation_id,
        day=session.day.date,
        room=session.room.name,
        starts=session.starts,
        ends=session.ends,
        panel=session.panel.name if session.panel_id else None,
        evaluators=frozenset(m.evaluator_id for m in memberships),
        chair=next((m.evaluator_id for m in memberships if m.is_chair), None),
    )


def event_rules(event: EvaluationEvent) -> dict:
    """The event's rules as keyword arguments of ``check_slots`` (conflicts and names apart)."""
    region_windows, evaluator_windows = defaultdict(list), defaultdict(list)
    # Preference windows are wishes for the automatic scheduler, not rules.
    for participation_id, evaluator_id, date, starts, ends in event.availability.filter(
        is_preference=False
    ).values_list("participation_id", "evaluator_id", "day__date", "starts", "ends"):
        if participation_id is not None:
            region_windows[participation_id].append((date, starts, ends))
        else:
            evaluator_windows[evaluator_id].append((date, starts, ends))
    return {
        "days": set(event.days.values_list("date", flat=True)),
        "day_starts": event.day_starts,
        "day_ends": event.day_ends,
        "breaks": [(b.starts, b.ends, b.label) for b in event.breaks.all()],
        "min_panel_size": event.min_panel_size,
        "region_windows": dict(region_windows),
        "evaluator_windows": dict(evaluator_windows),
    }


def schedule_violations(event: EvaluationEvent, *, candidate: Session | None = None) -> list[Violation]:
    """Hard-rule violations of the event's schedule, with ``candidate`` replacing (or added to) its sessions."""
    sessions = list(
        event.sessions.select_related("participation__region", "day", "room", "panel").prefetch_related(
            Prefetch("panel__memberships", queryset=PanelMember.objects.select_related("evaluator")),
            "participation__mentors",
        )
    )
    if candidate is not None:
        sessions = [s for s in sessions if s.pk != candidate.pk] + [candidate]
    slots, names, pairs = [], {}, []
    for s in sessions:
        if not s.panel_id:
            memberships = []
        elif s is candidate:  # not prefetched: its panel may have changed
            memberships = list(PanelMember.objects.filter(panel_id=s.panel_id).select_related("evaluator"))
        else:
            memberships = list(s.panel.memberships.all())
        slots.append(slot_of(s, memberships=memberships))
        names.update((m.evaluator_id, m.evaluator.full_name) for m in memberships)
        pairs.extend((m.evaluator_id, s.participation) for m in memberships)
    conflicts = conflicts_for(pairs, event)
    violations = check_slots(slots, conflicts=conflicts, evaluator_names=names, **event_rules(event))
    if candidate is not None:
        violations = [
            v
            for v in violations
            if any(
                slot.key == candidate.pk and slot.participation_id == candidate.participation_id
                for slot in v.slots
            )
        ]
    return violations


@transaction.atomic
def save_session(session: Session, *, by) -> Session:
    """Save a manually scheduled session unless it breaks a hard rule (the reasons are raised)."""
    violations = schedule_violations(session.event, candidate=session)
    if violations:
        raise ValidationError([v.message for v in violations])
    created = session.pk is None
    session.save()
    if session.event.agenda_is_published:
        audit.record(
            "evaluation.session_changed",
            target=session,
            by=by,
            new=f"{session.day.date} {session.starts:%H:%M}–{session.ends:%H:%M} {session.room}",
            note=_("New session.") if created else "",
            region_code=session.participation.region.code,
        )
    return session


def agenda_snapshot(event: EvaluationEvent) -> list[dict]:
    return [
        {
            "region": s.participation.region.name,
            "region_code": s.participation.region.code,
            "date": s.day.date.isoformat(),
            "starts": s.starts.strftime("%H:%M"),
            "ends": s.ends.strftime("%H:%M"),
            "room": s.room.name,
            "presenter": s.presenter_name,
            "presenter_position": s.presenter_position,
            "presents": s.presents,
            # The mode only ("online"): the meeting link is never in a snapshot (evaluations/meeting.py).
            "room_mode": s.room.mode,
        }
        for s in event.sessions.select_related("participation__region", "day", "room").order_by(
            "day__date", "starts", "room__order"
        )
    ]


@transaction.atomic
def publish_agenda(event: EvaluationEvent, *, by, note: str = "") -> AgendaRelease:
    event = EvaluationEvent.objects.select_for_update().get(pk=event.pk)
    violations = schedule_violations(event)
    if violations:
        raise ValidationError([v.message for v in violations])
    event.agenda_release += 1
    event.save(update_fields=["agenda_release", "updated_at"])
    release = AgendaRelease.objects.create(
        event=event, number=event.agenda_release, published_by=by, note=note, snapshot=agenda_snapshot(event)
    )
    audit.record("evaluation.agenda_published", target=event, by=by, new=str(release.number), note=note)
    return release


def _clean_value(criterion: Criterion, value, is_na: bool) -> tuple:
    if is_na:
        if not criterion.allow_na:
            raise ValidationError(_("“%(criterion)s” cannot be marked n/a.") % {"criterion": criterion})
        return None, True
    if value is None:
        return None, False
    if not criterion.scale_min <= value <= criterion.scale_max:
        raise ValidationError(
            _("“%(criterion)s” takes a score from %(min)s to %(max)s; %(value)s is outside the scale.")
            % {"criterion": criterion, "min": criterion.scale_min, "max": criterion.scale_max, "value": value}
        )
    return value, False


@transaction.atomic
def record_scores(
    sheet: ScoreSheet, entries: dict, *, by, general_comment: str = "", submit: bool = False
) -> ScoreSheet:
    """Save an evaluator's scores; ``entries`` maps criterion id to (value or None, is_na, comment).

    Refused on a submitted sheet, for a conflicted evaluator, and (when submitting) while a criterion is empty.
    Side effects: on submission an AuditEntry.
    """
    sheet = (
        ScoreSheet.objects.select_for_update()
        .select_related("session__participation__region", "session__event")
        .get(pk=sheet.pk)
    )
    if sheet.is_locked:
        raise ValidationError(
            _("This score sheet was submitted and is locked. Ask the secretariat to reopen it.")
        )
    if sheet.evaluator_id != by.pk:
        raise ValidationError(_("Only the evaluator can fill in their own score sheet."))
    reasons = conflict_reasons(by, sheet.session.participation, sheet.session.event)
    if reasons:
        raise ValidationError(
            _("You may not score this session: %(reasons)s") % {"reasons": " ".join(reasons)}
        )
    criteria = {c.pk: c for c in sheet.rubric.criteria.all()}
    errors, cleaned = [], {}
    for pk, criterion in criteria.items():
        value, is_na, comment = entries.get(pk, (None, False, ""))
        try:
            cleaned[pk] = (*_clean_value(criterion, value, is_na), comment or "")
        except ValidationError as exc:
            errors.extend(exc.messages)
    if submit:
        empty = [
            criteria[pk].name for pk, (value, is_na, _c) in cleaned.items() if value is None and not is_na
        ]
        if empty:
            errors.append(
                _("Score every criterion before submitting (missing: %(names)s).")
                % {"names": ", ".join(empty)}
            )
    if errors:
        raise ValidationError(errors)
    for pk, (value, is_na, comment) in cleaned.items():
        Score.objects.update_or_create(
            sheet=sheet, criterion=criteria[pk], defaults={"value": value, "is_na": is_na, "comment": comment}
        )
    sheet.general_comment = general_comment
    if submit:
        sheet.status, sheet.submitted_at = SheetStatus.SUBMITTED, timezone.now()
    sheet.revision += 1
    sheet.save()
    if submit:
        audit.record(
            "evaluation.sheet_submitted",
            target=sheet,
            by=by,
            new=_total_text(sheet),
            region_code=sheet.session.participation.region.code,
        )
    return sheet


@transaction.atomic
def send_sheet(sheet: ScoreSheet, *, by, revision: int) -> ScoreSheet:
    """Send (submit and lock) a sheet exactly as it is stored, if it is still at ``revision``: the one the
    evaluator confirmed on the summary page. Refused as ``record_scores`` refuses a submission.
    Side effects: an AuditEntry (through ``record_scores``)."""
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if not sheet.is_locked and sheet.revision != revision:
        raise ValidationError(
            _("This score sheet was changed after the summary was shown. Check the summary again, then send.")
        )
    entries = {s.criterion_id: (s.value, s.is_na, s.comment) for s in sheet.scores.all()}
    return record_scores(sheet, entries, by=by, general_comment=sheet.general_comment, submit=True)


@transaction.atomic
def reopen_sheet(sheet: ScoreSheet, *, by, note: str) -> ScoreSheet:
    if not by.is_secretariat:
        raise ValidationError(_("Only the secretariat can reopen a submitted score sheet."))
    if not note.strip():
        raise ValidationError(_("Say why the sheet is reopened."))
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if not sheet.is_locked:
        raise ValidationError(_("This score sheet is not submitted."))
    # The audit keeps the submitted values, so any change made after reopening can be traced.
    submitted = "; ".join(
        f"{score.criterion.name}={'n/a' if score.is_na else score.value}"
        for score in sheet.scores.select_related("criterion").order_by("criterion__order")
    )
    total = _shown_total(sheet)
    sheet.status, sheet.submitted_at = SheetStatus.DRAFT, None
    sheet.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(
        "evaluation.sheet_reopened",
        target=sheet,
        by=by,
        field="status",
        old=SheetStatus.SUBMITTED,
        new=SheetStatus.DRAFT,
        note=f"{note} [{submitted}; total {total}]" if total is not None else f"{note} [{submitted}]",
        region_code=sheet.session.participation.region.code,
    )
    return sheet


def _shown_total(sheet: ScoreSheet) -> Decimal | None:
    """The sheet's stored total as the audit keeps it: rounded once, as every total is shown."""
    return scoring.rounded(scoring.sheet_total(sheet.rubric.criteria.all(), sheet.scores.all()))


def _total_text(sheet: ScoreSheet) -> str:
    total = _shown_total(sheet)
    return "" if total is None else str(total)


@transaction.atomic
def new_rubric_version(rubric: Rubric, *, by) -> Rubric:
    """Copy a rubric (criteria and level descriptors) into the next version, to change it safely."""
    latest = Rubric.objects.filter(kind=rubric.kind, name=rubric.name).order_by("-version").first()
    copy = Rubric.objects.create(
        kind=rubric.kind,
        name=rubric.name,
        version=latest.version + 1,
        description=rubric.description,
        based_on=rubric,
    )
    for criterion in rubric.criteria.prefetch_related("levels"):
        levels = list(criterion.levels.all())
        criterion.pk, criterion.rubric = None, copy
        criterion._state.adding = True
        criterion.save()
        LevelDescriptor.objects.bulk_create(
            LevelDescriptor(criterion=criterion, value=lv.value, description=lv.description) for lv in levels
        )
    audit.record(
        "evaluation.rubric_version", target=copy, by=by, new=f"v{copy.version}", note=f"v{rubric.version}"
    )
    return copy
