"""The schedule grid: see the schedule as rooms × time, move and swap sessions, pin them, change panels, complete
the schedule around what is pinned (``grid.py`` draws, ``moves.py`` changes).

Changing the schedule here takes the permission of today's session edit ("evaluations.manage_event"), asked
before anything is looked up. Every change is a plain POST form, so the page works without JavaScript (each
session has a "Move to…" page); ``grid.js`` adds dragging, which fills in and sends the same forms.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.core.numbers_format import format_clock
from kotacerdas.core.permissions import permission_required
from kotacerdas.evaluations.models import EvaluationEvent, Session
from kotacerdas.scheduling import grid as grids
from kotacerdas.scheduling import moves, services
from kotacerdas.scheduling.forms import GridMoveForm, GridPanelForm, GridPinForm, GridSeatForm
from kotacerdas.scheduling.models import ProposalMode, ProposalStatus

TEMPLATES = "scheduling/"


def _event(pk) -> EvaluationEvent:
    return get_object_or_404(EvaluationEvent.objects.select_related("cohort"), pk=pk)


def _grid_url(event, anchor="") -> str:
    return reverse("scheduling:grid", args=[event.pk]) + (f"#{anchor}" if anchor else "")


def _cells(event: EvaluationEvent, drawn: grids.Grid | None = None) -> list[tuple[str, str]]:
    """Every slot of the event as a choice "day|room|HH:MM"; with ``drawn`` (the grid), labelled with who sits
    there now. Checking a posted move needs only the slots, not the drawing."""
    occupied = {}
    if drawn is not None:
        for d in drawn.days:
            for row in d.rows:
                for cell in row.cells:
                    occupied[d.day.pk, cell.room_id, cell.starts] = cell.cards
    rooms = list(event.rooms.all())
    slots = grids.slot_grid(event, rooms=rooms).starts
    choices = []
    for day in event.days.all():
        day_label = formats.date_format(day.date, "l, j F")
        for starts in slots:
            for room in rooms:
                label = f"{day_label} · {format_clock(starts)} · {room.name}"
                if occupied.get((day.pk, room.pk, starts)):
                    label += " — " + _("swap with %(regions)s") % {
                        "regions": ", ".join(c.region for c in occupied[day.pk, room.pk, starts])
                    }
                choices.append((f"{day.pk}|{room.pk}|{starts:%H:%M}", label))
    return choices


@permission_required("evaluations.manage_event")
def grid(request, pk):
    event = _event(pk)
    drawn = grids.schedule_grid(event)
    return render(
        request,
        TEMPLATES + "grid.html",
        {
            "event": event,
            "grid": drawn,
            "pool_people": services.pool(event),
            "active": event.schedule_proposals.filter(
                status__in=[ProposalStatus.QUEUED, ProposalStatus.RUNNING]
            ).first(),
            "nav_active": "evaluations",
        },
    )


@permission_required("evaluations.manage_event")
def grid_session(request, pk, session_pk):
    """One session's "Move to…" page: the keyboard's and the phone's way to move, pin and change its panel."""
    event = _event(pk)
    session = get_object_or_404(
        Session.objects.select_related("participation__region", "day", "room", "panel"),
        event=event,
        pk=session_pk,
    )
    drawn = grids.schedule_grid(event)
    card = next(
        (
            c
            for d in drawn.days
            for r in d.rows
            for cell in r.cells
            for c in cell.cards
            if c.session_id == session.pk
        ),
        None,
    )
    own = f"{session.day_id}|{session.room_id}|{session.starts:%H:%M}"
    initial = {"session": session.pk, "token": drawn.token}
    return render(
        request,
        TEMPLATES + "grid_session.html",
        {
            "event": event,
            "session": session,
            "card": card,
            "token": drawn.token,
            "move_form": GridMoveForm(
                initial=initial, event=event, cells=[c for c in _cells(event, drawn) if c[0] != own]
            ),
            "panels": list(event.panels.all()),
            "pool_people": [u for u in services.pool(event) if not card or u.pk not in card.member_ids],
            "initial": initial,
            "nav_active": "evaluations",
        },
    )


def _refused(request, exc: ValidationError) -> None:
    if isinstance(exc, moves.StaleGrid):
        messages.warning(request, " ".join(exc.messages))
        return
    for message in exc.messages:
        messages.error(request, message)


def _invalid(request, event, form):
    """A change whose form does not hold (a session, place or panel gone meanwhile): say why, change nothing."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    session = form.cleaned_data.get("session")
    return _back(request, event, session.pk if session else None)


def _back(request, event, session_id=None):
    """Back to the grid, at the day of the session when there is one."""
    day_id = Session.objects.filter(event=event, pk=session_id).values_list("day_id", flat=True).first()
    return redirect(_grid_url(event, f"day-{day_id}" if day_id else ""))


def _change(request, event, form, change):
    """The one way a grid change is made: ``change(session, token)`` (a call into ``moves``) for a valid
    ``form``; it returns the messages to show on success; a refusal is shown instead. Back to the grid."""
    if not form.is_valid():
        return _invalid(request, event, form)
    session = form.cleaned_data["session"]
    try:
        said = change(session, form.cleaned_data["token"])
    except ValidationError as exc:
        _refused(request, exc)
    else:
        for level, text in said:
            messages.add_message(request, level, text)
    return _back(request, event, session.pk)


@permission_required("evaluations.manage_event")
@require_POST
def grid_move(request, pk):
    event = _event(pk)
    form = GridMoveForm(request.POST, event=event, cells=_cells(event))
    if not form.is_valid() and form.cleaned_data.get("session") is not None and "cell" in form.errors:
        # "Move" pressed without choosing a slot (or one gone meanwhile): back to the session's own page.
        messages.error(request, " ".join(form.errors["cell"]))
        return redirect("scheduling:grid_session", pk=event.pk, session_pk=form.cleaned_data["session"].pk)

    def move(session, token):
        day_id, room_id, starts = form.cleaned_data["cell"].split("|")
        done = moves.move_session(
            event,
            session.pk,
            day=event.days.get(pk=day_id),
            room=event.rooms.get(pk=room_id),
            starts=datetime.time.fromisoformat(starts),
            token=token,
            by=request.user,
        )
        moved, swapped = done["moved"], done["swapped"]
        if swapped is None:
            text = _("%(region)s moved to %(place)s.") % {
                "region": moved.participation.region.name,
                "place": moves.place_text(moved),
            }
        else:
            text = _("%(a)s and %(b)s swapped places.") % {
                "a": moved.participation.region.name,
                "b": swapped.participation.region.name,
            }
        return [(messages.SUCCESS, text)]

    return _change(request, event, form, move)


@permission_required("evaluations.manage_event")
@require_POST
def grid_pin(request, pk):
    event = _event(pk)
    form = GridPinForm(request.POST, event=event)

    def pin(session, token):
        pinned = moves.set_pinned(
            event, session.pk, pinned=form.cleaned_data["pinned"], token=token, by=request.user
        )
        text = (
            _("%(region)s is pinned: completing the schedule leaves it in place.")
            if pinned.is_pinned
            else _("%(region)s is no longer pinned.")
        )
        return [(messages.SUCCESS, text % {"region": pinned.participation.region.name})]

    return _change(request, event, form, pin)


@permission_required("evaluations.manage_event")
@require_POST
def grid_panel(request, pk):
    event = _event(pk)
    form = GridPanelForm(request.POST, event=event)

    def give_panel(session, token):
        panel = form.cleaned_data["panel"]
        changed = moves.set_panel(event, session.pk, panel=panel, token=token, by=request.user)
        text = _("%(region)s is now evaluated by %(panel)s.") % {
            "region": changed.participation.region.name,
            "panel": panel.name if panel else _("no panel"),
        }
        return [(messages.SUCCESS, text)]

    return _change(request, event, form, give_panel)


@permission_required("evaluations.manage_event")
@require_POST
def grid_seat(request, pk):
    event = _event(pk)
    form = GridSeatForm(request.POST, event=event, pool=services.pool(event))

    def seat(session, token):
        evaluator = form.cleaned_data["evaluator"]
        panel, warnings = moves.seat_evaluator(
            event, session.pk, evaluator=evaluator, token=token, by=request.user
        )
        text = _("%(evaluator)s joined %(panel)s.") % {"evaluator": evaluator.full_name, "panel": panel.name}
        return [(messages.SUCCESS, text)] + [(messages.WARNING, w) for w in warnings]

    return _change(request, event, form, seat)


@permission_required("scheduling.schedule_event")
@require_POST
def complete(request, pk):
    """ "Lengkapi jadwal": a proposal that keeps what is pinned and scored, and changes as little as it can."""
    event = _event(pk)
    running = event.schedule_proposals.filter(
        status__in=[ProposalStatus.QUEUED, ProposalStatus.RUNNING]
    ).first()
    if running is not None:
        # A second click, or a colleague's run: follow the one being computed.
        messages.info(
            request, _("A proposal for this event is already being computed; here is its progress.")
        )
        return redirect("scheduling:proposal", pk=running.pk)
    try:
        proposal = services.request_proposal(event, by=request.user, mode=ProposalMode.COMPLETE)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_grid_url(event))
    return redirect("scheduling:proposal", pk=proposal.pk)
