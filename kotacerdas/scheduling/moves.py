"""Changing the schedule from its grid: move (or swap) a session, pin or unpin it, give it a panel, seat an evaluator.

Every change is made inside a transaction, then the whole event goes through the one validator
(``evaluations.services.schedule_violations``, built on ``validation.check_slots``); a violation that involves a
changed session undoes everything and is raised with its rule's message ("Evaluator X may not evaluate Kab. Y: …").
Violations elsewhere in the schedule, older than the change, do not block it.

Each change names the grid it was made on (``grid.schedule_token``); when the schedule changed since, the change
is refused as stale so nobody overwrites a move they have not seen. Each saved change is audited, and since the
proposal fingerprint reads the sessions and panels, it makes older proposals stale too.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.core.numbers_format import format_clock_range
from kotacerdas.evaluations import panels as panel_saving
from kotacerdas.evaluations.models import EvaluationEvent, Panel, Session
from kotacerdas.evaluations.services import schedule_violations
from kotacerdas.scheduling.grid import schedule_token, slot_grid


class StaleGrid(ValidationError):
    """The grid the change was made on is older than the schedule."""


def _stale() -> StaleGrid:
    return StaleGrid(
        _(
            "Someone changed the schedule after this grid was drawn. Nothing was saved; the grid now shows the "
            "current schedule, check it and try again."
        )
    )


def _locked(event: EvaluationEvent) -> EvaluationEvent:
    """Lock the event: one grid change at a time."""
    return EvaluationEvent.objects.select_for_update().get(pk=event.pk)


def _check_token(event: EvaluationEvent, token: str) -> None:
    """Refuse when ``token`` is not the current schedule's. Called after the check that the change is already
    made, so a second click on the same change says so instead of calling it stale."""
    if token != schedule_token(event):
        raise _stale()


def _session(event: EvaluationEvent, session_id) -> Session:
    session = (
        Session.objects.select_related("participation__region", "day", "room", "panel")
        .filter(event=event, pk=session_id)
        .first()
    )
    if session is None:
        raise _stale()  # deleted meanwhile (or never of this event)
    return session


# Rules about a session's panel that do not depend on where the session sits: a problem of this kind that was
# there before a change does not block it (a secretariat still filling panels can rearrange the day).
PLACE_FREE_RULES = frozenset({"panel_size", "chair", "conflict"})


def _known(event: EvaluationEvent) -> set:
    """The event's place-free violations before a change, as (rule, message)."""
    return {(v.rule, v.message) for v in schedule_violations(event) if v.rule in PLACE_FREE_RULES}


def _refuse_broken(event: EvaluationEvent, changed: set, known: set) -> None:
    """Raise every violation the change brought to a changed session; ``known`` (``_known``) were there before."""
    broken = [
        v
        for v in schedule_violations(event)
        if any(s.key in changed for s in v.slots) and (v.rule, v.message) not in known
    ]
    if broken:
        raise ValidationError(list(dict.fromkeys(v.message for v in broken)))


def _in_cell(session: Session, day, room, starts: datetime.time, slots) -> bool:
    """Whether ``session`` is drawn in the grid's cell of ``day``, ``room`` and the slot starting at ``starts``
    (``slots.slot_at``: sessions typed off the slots sit in the row of the slot they start in)."""
    if (session.day_id, session.room_id) != (day.pk, room.pk):
        return False
    t = slots.slot_at(session.starts)
    return t is not None and slots.starts[t] == starts


def _shift(day: datetime.date, starts: datetime.time, old_starts, old_ends) -> datetime.time:
    """The end of a session of the same length as ``old_starts``–``old_ends`` starting at ``starts``."""
    length = datetime.datetime.combine(day, old_ends) - datetime.datetime.combine(day, old_starts)
    ends = (datetime.datetime.combine(day, starts) + length).time()
    if ends <= starts:
        raise ValidationError(_("The session would end after midnight."))
    return ends


def place_text(session: Session) -> str:
    return (
        f"{session.day.date:%d-%m-%Y} {format_clock_range(session.starts, session.ends)} {session.room.name}"
    )


def _audit_move(session: Session, old: str, *, by, note: str = "") -> None:
    code = session.participation.region.code
    audit.record(
        "scheduling.session_moved",
        target=session,
        by=by,
        old=old,
        new=place_text(session),
        note=note,
        region_code=code,
    )
    if session.event.agenda_is_published:
        # The agenda's change list reads these (evaluations/event_setup.py).
        audit.record(
            "evaluation.session_changed",
            target=session,
            by=by,
            new=place_text(session),
            note=_("Moved on the schedule grid."),
            region_code=code,
        )


@transaction.atomic
def move_session(
    event: EvaluationEvent, session_id, *, day, room, starts: datetime.time, token: str, by
) -> dict:
    """Move a session to ``day`` (EventDay), ``room``, ``starts``, keeping its length. When one other session
    sits there, the two swap places (one change). Returns {"moved": session, "swapped": other or None}."""
    event = _locked(event)
    session = _session(event, session_id)
    if day.event_id != event.pk or room.event_id != event.pk:
        raise _stale()
    slots = slot_grid(event)
    if _in_cell(session, day, room, starts, slots):
        # Also the second click of a swap whose partner was typed off the slots: it sits there already.
        raise ValidationError(_("The session is already there."))
    _check_token(event, token)
    known = _known(event)
    ends = _shift(day.date, starts, session.starts, session.ends)
    drawn_there = [
        other
        for other in Session.objects.select_related("participation__region", "day", "room").filter(
            event=event, day=day, room=room
        )
        if other.pk != session.pk and _in_cell(other, day, room, starts, slots)
    ]
    old_place = place_text(session)
    old_day, old_room, old_starts = session.day, session.room, session.starts
    # Only a session drawn in the target cell is swapped; one reaching into it from the row above is not, and
    # the validator then names the double booking.
    swapped = drawn_there[0] if len(drawn_there) == 1 else None
    if swapped is not None and (swapped.is_pinned or swapped.sheets.exists()):
        raise ValidationError(
            _("%(region)s is pinned or already scored there, so it is not swapped away. Choose another slot.")
            % {"region": swapped.participation.region.name}
        )
    if swapped is not None:
        # A true swap: each takes the other's start (sessions typed off the slots keep their own times).
        swapped_old = place_text(swapped)
        starts = swapped.starts
        ends = _shift(day.date, starts, session.starts, session.ends)
        swapped.ends = _shift(old_day.date, old_starts, swapped.starts, swapped.ends)
        swapped.day, swapped.room, swapped.starts = old_day, old_room, old_starts
        swapped.save()
    session.day, session.room, session.starts, session.ends = day, room, starts, ends
    session.save()
    changed = {session.pk} | ({swapped.pk} if swapped else set())
    _refuse_broken(event, changed, known)
    session.event = event
    if swapped is None:
        _audit_move(session, old_place, by=by)
    else:
        swapped.event = event
        note = _("Swapped with %(region)s.")
        _audit_move(session, old_place, by=by, note=note % {"region": swapped.participation.region.name})
        _audit_move(swapped, swapped_old, by=by, note=note % {"region": session.participation.region.name})
    return {"moved": session, "swapped": swapped}


@transaction.atomic
def set_pinned(event: EvaluationEvent, session_id, *, pinned: bool, token: str, by) -> Session:
    """Pin a session (automatic scheduling leaves it in place) or unpin it."""
    event = _locked(event)
    session = _session(event, session_id)
    if session.is_pinned == pinned:
        return session
    _check_token(event, token)
    session.is_pinned = pinned
    session.save(update_fields=["is_pinned", "updated_at"])
    audit.record(
        "scheduling.session_pinned" if pinned else "scheduling.session_unpinned",
        target=session,
        by=by,
        new=place_text(session),
        region_code=session.participation.region.code,
    )
    return session


@transaction.atomic
def set_panel(event: EvaluationEvent, session_id, *, panel: Panel | None, token: str, by) -> Session:
    """Give a session another panel of the event (or none). Refused once its score sheets exist."""
    event = _locked(event)
    session = _session(event, session_id)
    if panel is not None and panel.event_id != event.pk:
        raise _stale()
    if session.panel_id == (panel.pk if panel else None):
        raise ValidationError(_("The session already has this panel."))
    _check_token(event, token)
    if session.sheets.exists():
        raise ValidationError(_("Score sheets exist for this session; its panel cannot change any more."))
    known = _known(event)
    old = session.panel.name if session.panel_id else ""
    session.panel = panel
    session.save(update_fields=["panel", "updated_at"])
    _refuse_broken(event, {session.pk}, known)
    audit.record(
        "scheduling.session_panel_changed",
        target=session,
        by=by,
        old=old,
        new=panel.name if panel else "",
        region_code=session.participation.region.code,
    )
    return session


@transaction.atomic
def seat_evaluator(event: EvaluationEvent, session_id, *, evaluator, token: str, by) -> tuple[Panel, list]:
    """Add ``evaluator`` to the panel of a session (so to every session of that panel), through the panel rules
    of ``evaluations.panels.save_panel``. Returns the panel and the warnings (rules not yet met, e.g. size)."""
    event = _locked(event)
    session = _session(event, session_id)
    if not session.panel_id:
        raise ValidationError(_("Give the session a panel first; an evaluator joins a panel."))
    panel = session.panel
    memberships = list(panel.memberships.select_related("evaluator"))
    if any(m.evaluator_id == evaluator.pk for m in memberships):
        raise ValidationError(
            _("%(evaluator)s already sits on %(panel)s.")
            % {"evaluator": evaluator.full_name, "panel": panel.name}
        )
    _check_token(event, token)
    if Session.objects.filter(panel=panel, sheets__isnull=False).exists():
        raise ValidationError(
            _("Score sheets exist for a session of %(panel)s; its members cannot change any more.")
            % {"panel": panel.name}
        )
    chair = next((m.evaluator for m in memberships if m.is_chair), None)
    known = _known(event)
    outcome = panel_saving.save_panel(panel, [m.evaluator for m in memberships] + [evaluator], chair)
    if outcome.refused:
        raise ValidationError(outcome.refused)
    # The panel page only warns about availability while members are being chosen; a seat from the grid is one
    # finished change, so it is held to every rule as a move is.
    _refuse_broken(event, set(panel.sessions.values_list("pk", flat=True)), known)
    audit.record(
        "scheduling.panel_member_added",
        target=panel,
        by=by,
        new=evaluator.full_name,
        note=_("On the schedule grid, at the session of %(region)s.")
        % {"region": session.participation.region.name},
    )
    return panel, outcome.warnings
