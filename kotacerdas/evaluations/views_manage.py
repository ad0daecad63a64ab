"""The secretariat's set-up pages: events, days, breaks, rooms, panels, availability, sessions, agenda releases,
rubrics.

Every page is the secretariat's ("evaluations.manage_event", evaluations/rules.py), a permission without object:
anyone else gets 403 before an address naming a missing event or rubric answers 404, so it reveals nothing to
them. The changes themselves are made by event_setup.py, panels.py, publication.py and services.py.
"""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core import confirm, deletion
from kotacerdas.core.numbers_format import format_clock_range, format_number
from kotacerdas.core.permissions import permission_required
from kotacerdas.evaluations import agenda, event_setup, panels, publication, services
from kotacerdas.evaluations.forms import (
    AvailabilityForm,
    AwardCategoryForm,
    BreakForm,
    CriterionForm,
    DayForm,
    DeclaredConflictForm,
    EventForm,
    PanelForm,
    ReleaseForm,
    RoomForm,
    RubricForm,
    SessionForm,
)
from kotacerdas.evaluations.models import (
    AvailabilityWindow,
    AwardCategory,
    Break,
    Criterion,
    DeclaredConflict,
    EvaluationEvent,
    EventDay,
    Panel,
    PanelMember,
    Room,
    Rubric,
    Score,
    ScoreSheet,
    Session,
    SheetStatus,
)

TEMPLATES = "evaluations/manage/"


def _event(pk) -> EvaluationEvent:
    return get_object_or_404(
        EvaluationEvent.objects.select_related("cohort", "masterplan_rubric", "quick_win_rubric"), pk=pk
    )


def _detail_url(event, anchor="") -> str:
    return reverse("evaluations:event_detail", args=[event.pk]) + (f"#{anchor}" if anchor else "")


def agenda_url(event) -> str:
    """The public agenda page (built by the agenda feature), or its expected address until it exists."""
    try:
        return reverse("evaluations:agenda", args=[event.pk])
    except NoReverseMatch:
        return f"/evaluations/{event.pk}/agenda/"


# --- Events ---------------------------------------------------------------------------------------------------


@permission_required("evaluations.manage_event")
def event_list(request):
    events = (
        EvaluationEvent.objects.select_related("cohort")
        .prefetch_related("days", "rooms")
        .annotate(n_sessions=Count("sessions"))
    )
    return render(request, TEMPLATES + "event_list.html", {"events": events, "nav_active": "evaluations"})


@permission_required("evaluations.manage_event")
def event_edit(request, pk=None):
    event = _event(pk) if pk else None
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = event_setup.save_event(form.save(commit=False), form.days())
        messages.success(request, _("Event saved."))
        if pk:
            for v in services.schedule_violations(event):
                messages.warning(request, _("Already scheduled: %(problem)s") % {"problem": v.message})
        return redirect("evaluations:event_detail", pk=event.pk)
    return render(request, TEMPLATES + "event_form.html", {"form": form, "event": event})


def _sessions_by_day(days, sessions) -> list[dict]:
    """Per day, its sessions in time order (the rooms × time drawing is the schedule grid, scheduling/grid.py)."""
    by_day = defaultdict(list)
    for s in sessions:
        by_day[s.day_id].append(s)
    return [
        {
            "day": day,
            "number": number,
            "sessions": by_day.get(day.pk, []),
            "count": len(by_day.get(day.pk, [])),
        }
        for number, day in enumerate(days, start=1)
    ]


def _panel_warnings(event, panels) -> list[str]:
    warnings = []
    for panel in panels:
        members = list(panel.memberships.all())
        panel.member_list = members
        panel.warnings = []
        if len(members) < event.min_panel_size:
            panel.warnings.append(
                _("%(panel)s has %(count)s member(s); the event asks for at least %(min)s.")
                % {"panel": panel.name, "count": len(members), "min": event.min_panel_size}
            )
        if not any(m.is_chair for m in members):
            panel.warnings.append(_("%(panel)s has no chair.") % {"panel": panel.name})
        warnings.extend(panel.warnings)
    return warnings


def _detail_context(request, event, **forms) -> dict:
    days = list(event.days.annotate(n_sessions=Count("sessions")))
    rooms = list(event.rooms.all())
    breaks = list(event.breaks.all())
    panels = list(
        event.panels.select_related("room", "day")
        .prefetch_related(
            Prefetch("memberships", queryset=PanelMember.objects.select_related("evaluator")),
        )
        .annotate(n_sessions=Count("sessions"))
    )
    sessions = list(
        event.sessions.select_related("participation__region", "day", "room", "panel").order_by(
            "day__date", "starts", "room__order"
        )
    )
    for s in sessions:
        s.event = event  # for start_datetime and friends without a query each
    submitted = ScoreSheet.objects.filter(session__event=event, status=SheetStatus.SUBMITTED).count()
    initial = {k: request.GET[k] for k in ("day", "room", "starts") if request.GET.get(k)}
    session_form = forms.get("session_form") or SessionForm(instance=Session(event=event), initial=initial)
    return {
        "event": event,
        "days": days,
        "rooms": rooms,
        "breaks": breaks,
        "panels": panels,
        "panel_warnings": _panel_warnings(event, panels),
        "sessions": sessions,
        "schedule_days": _sessions_by_day(days, sessions),
        "conflicts": DeclaredConflict.objects.filter(region__participations__cohort=event.cohort_id)
        .select_related("evaluator", "region")
        .order_by("evaluator__full_name", "region__name"),
        "releases": event.releases.select_related("published_by").defer("snapshot"),
        "submitted_sheets": submitted,
        "agenda_url": agenda_url(event),
        "session_form": session_form,
        "day_form": forms.get("day_form") or DayForm(instance=EventDay(event=event)),
        "break_form": forms.get("break_form") or BreakForm(instance=Break(event=event)),
        "room_form": forms.get("room_form") or RoomForm(instance=Room(event=event)),
        "award_form": forms.get("award_form") or AwardCategoryForm(instance=AwardCategory(event=event)),
        "awards": list(event.award_categories.all()),
        "availability": event.availability.select_related("participation__region", "evaluator", "day"),
        "availability_form": forms.get("availability_form")
        or AvailabilityForm(instance=AvailabilityWindow(event=event), prefix="availability"),
        "panel_form": forms.get("panel_form") or PanelForm(instance=Panel(event=event), prefix="panel"),
        "conflict_form": forms.get("conflict_form") or DeclaredConflictForm(event=event, prefix="conflict"),
        "release_form": forms.get("release_form") or ReleaseForm(event=event),
        "nav_active": "evaluations",
    }


@permission_required("evaluations.manage_event")
def event_detail(request, pk):
    event = _event(pk)
    return render(request, TEMPLATES + "event_detail.html", _detail_context(request, event))


def _rerender(request, event, **forms):
    return render(request, TEMPLATES + "event_detail.html", _detail_context(request, event, **forms))


# --- Days, breaks, rooms --------------------------------------------------------------------------------------


def _add_simple(request, pk, form_class, key, saved_message, anchor, *, warn_rule="", prefix=None):
    event = _event(pk)
    model = form_class._meta.model
    form = form_class(request.POST, instance=model(event=event), prefix=prefix)
    if not form.is_valid():
        return _rerender(request, event, **{key: form})
    form.save()
    messages.success(request, saved_message)
    if warn_rule:
        for v in services.schedule_violations(event):
            if v.rule == warn_rule:
                messages.warning(request, _("Already scheduled: %(problem)s") % {"problem": v.message})
    return redirect(_detail_url(event, anchor))


# A GET shows the confirmation page; a POST acts only with confirm=yes (core/confirm.py).
confirmable = require_http_methods(["GET", "POST"])


def _long_date(date) -> str:
    return formats.date_format(date, "l, j F Y")


def _delete_confirmed(
    request,
    event,
    item,
    anchor,
    *,
    title,
    consequences,
    refusal="",
    warnings=(),
    region_code="",
    cancel_url="",
):
    """Ask first (nothing changes); once confirmed, delete ``item`` (audited, event_setup.delete_setup_row)."""
    cancel_url = cancel_url or _detail_url(event, anchor)
    if refusal or not confirm.is_confirmed(request):
        return confirm.ask(
            request,
            title=title,
            action=_("delete it"),
            consequences=consequences,
            refusal=refusal,
            warnings=warnings,
            cancel_url=cancel_url,
            eyebrow=event.name,
            nav_active="evaluations",
        )
    try:
        label = event_setup.delete_setup_row(item, event=event, by=request.user, region_code=region_code)
    except deletion.DeletionRefused as exc:  # used since the page was shown
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(item)s” deleted.") % {"item": label})
    return redirect(_detail_url(event, anchor))


@permission_required("evaluations.manage_event")
@require_POST
def day_add(request, pk):
    return _add_simple(request, pk, DayForm, "day_form", _("Day added."), "days")


@permission_required("evaluations.manage_event")
@confirmable
def day_delete(request, pk, item_pk):
    event = _event(pk)
    day = get_object_or_404(EventDay, event=event, pk=item_pk)
    n_sessions = day.sessions.count()
    n_windows = AvailabilityWindow.objects.filter(day=day).count()
    n_panels = day.panels.count()
    n_left = event.days.count() - 1
    consequences = [
        ngettext(
            "%(day)s is removed from the event, which then has %(count)s day.",
            "%(day)s is removed from the event, which then has %(count)s days.",
            n_left,
        )
        % {"day": _long_date(day.date), "count": n_left},
        n_windows
        and ngettext(
            "%(count)s availability window on that day is deleted with it.",
            "%(count)s availability windows on that day are deleted with it.",
            n_windows,
        )
        % {"count": n_windows},
        n_panels
        and ngettext(
            "%(count)s panel kept for that day will then serve on any day.",
            "%(count)s panels kept for that day will then serve on any day.",
            n_panels,
        )
        % {"count": n_panels},
    ]
    refusal = (
        ngettext(
            "%(count)s session is scheduled on that day; move or delete it first.",
            "%(count)s sessions are scheduled on that day; move or delete them first.",
            n_sessions,
        )
        % {"count": n_sessions}
        if n_sessions
        else ""
    )
    return _delete_confirmed(
        request,
        event,
        day,
        "days",
        title=_("Delete the day %(day)s?") % {"day": _long_date(day.date)},
        consequences=consequences,
        refusal=refusal,
    )


@permission_required("evaluations.manage_event")
@require_POST
def break_add(request, pk):
    return _add_simple(request, pk, BreakForm, "break_form", _("Break added."), "breaks", warn_rule="break")


@permission_required("evaluations.manage_event")
@confirmable
def break_delete(request, pk, item_pk):
    event = _event(pk)
    item = get_object_or_404(Break, event=event, pk=item_pk)
    n_days = event.days.count()
    when = format_clock_range(item.starts, item.ends, event.timezone)
    consequences = [
        ngettext(
            "The break “%(label)s” (%(when)s) is removed from the event's %(count)s day.",
            "The break “%(label)s” (%(when)s) is removed from each of the event's %(count)s days.",
            n_days,
        )
        % {"label": item.label, "when": when, "count": n_days},
        _("Sessions may then be scheduled in that time."),
    ]
    return _delete_confirmed(
        request,
        event,
        item,
        "breaks",
        title=_("Delete the break “%(label)s”?") % {"label": item.label},
        consequences=consequences,
    )


@permission_required("evaluations.manage_event")
@require_POST
def room_add(request, pk):
    return _add_simple(request, pk, RoomForm, "room_form", _("Room added."), "rooms")


@permission_required("evaluations.manage_event")
@confirmable
def room_delete(request, pk, item_pk):
    event = _event(pk)
    room = get_object_or_404(Room, event=event, pk=item_pk)
    n_sessions = room.sessions.count()
    n_panels = room.panels.count()
    n_left = event.rooms.count() - 1
    consequences = [
        ngettext(
            "The room “%(room)s” is removed; the event then has %(count)s room.",
            "The room “%(room)s” is removed; the event then has %(count)s rooms.",
            n_left,
        )
        % {"room": room.name, "count": n_left},
        n_panels
        and ngettext(
            "%(count)s panel that usually sits in this room will have no usual room.",
            "%(count)s panels that usually sit in this room will have no usual room.",
            n_panels,
        )
        % {"count": n_panels},
    ]
    refusal = (
        ngettext(
            "%(count)s session is scheduled in this room; move or delete it first.",
            "%(count)s sessions are scheduled in this room; move or delete them first.",
            n_sessions,
        )
        % {"count": n_sessions}
        if n_sessions
        else ""
    )
    return _delete_confirmed(
        request,
        event,
        room,
        "rooms",
        title=_("Delete the room “%(room)s”?") % {"room": room.name},
        consequences=consequences,
        refusal=refusal,
    )


@permission_required("evaluations.manage_event")
@require_POST
def award_add(request, pk):
    return _add_simple(request, pk, AwardCategoryForm, "award_form", _("Award category added."), "awards")


@permission_required("evaluations.manage_event")
@confirmable
def award_delete(request, pk, item_pk):
    event = _event(pk)
    award = get_object_or_404(AwardCategory, event=event, pk=item_pk)
    consequences = [
        ngettext(
            "The award “%(award)s” (%(count)s place, ranked on %(kind)s) is deleted.",
            "The award “%(award)s” (%(count)s places, ranked on %(kind)s) is deleted.",
            award.places,
        )
        % {"award": award.name, "count": award.places, "kind": award.get_kind_display()},
    ]
    warnings = (
        [_("The results are published: the public results page will no longer show this award's winners.")]
        if event.results_are_published
        else []
    )
    return _delete_confirmed(
        request,
        event,
        award,
        "awards",
        title=_("Delete the award “%(award)s”?") % {"award": award.name},
        consequences=consequences,
        warnings=warnings,
    )


@permission_required("evaluations.manage_event")
@require_POST
def availability_add(request, pk):
    return _add_simple(
        request,
        pk,
        AvailabilityForm,
        "availability_form",
        _("Availability window added."),
        "availability",
        warn_rule="availability",
        prefix="availability",
    )


@permission_required("evaluations.manage_event")
@confirmable
def availability_delete(request, pk, item_pk):
    event = _event(pk)
    window = get_object_or_404(
        AvailabilityWindow.objects.select_related("participation__region", "evaluator", "day"),
        event=event,
        pk=item_pk,
    )
    who = window.participation.region.name if window.participation_id else window.evaluator.full_name
    others = (
        AvailabilityWindow.objects.filter(
            event=event,
            participation=window.participation_id,
            evaluator=window.evaluator_id,
            is_preference=window.is_preference,
        )
        .exclude(pk=window.pk)
        .count()
    )
    when = f"{_long_date(window.day.date)}, {format_clock_range(window.starts, window.ends, event.timezone)}"
    consequences = [
        (
            _("The preferred time of %(who)s on %(when)s is deleted.")
            if window.is_preference
            else _("The availability window of %(who)s on %(when)s is deleted.")
        )
        % {"who": who, "when": when},
        ngettext(
            "%(who)s keeps %(count)s other window.",
            "%(who)s keeps %(count)s other windows.",
            others,
        )
        % {"who": who, "count": others}
        if others or window.is_preference
        else _("%(who)s then has no window left and may be scheduled at any time of the event.")
        % {"who": who},
    ]
    return _delete_confirmed(
        request,
        event,
        window,
        "availability",
        title=_("Delete this availability window of %(who)s?") % {"who": who},
        consequences=consequences,
        region_code=window.participation.region.code if window.participation_id else "",
    )


# --- Panels ---------------------------------------------------------------------------------------------------


def _save_panel(form) -> panels.PanelSaved:
    cleaned = form.cleaned_data
    return panels.save_panel(form.save(commit=False), cleaned["members"], cleaned["chair"])


@permission_required("evaluations.manage_event")
@require_POST
def panel_add(request, pk):
    event = _event(pk)
    form = PanelForm(request.POST, instance=Panel(event=event), prefix="panel")
    if not form.is_valid():
        return _rerender(request, event, panel_form=form)
    _save_panel(form)  # a new panel evaluates no session yet, so nothing refuses it
    messages.success(request, _("Panel added."))
    return redirect(_detail_url(event, "panels"))


@permission_required("evaluations.manage_event")
def panel_edit(request, pk, panel_pk):
    event = _event(pk)
    panel = get_object_or_404(Panel, event=event, pk=panel_pk)
    form = PanelForm(request.POST or None, instance=panel)
    if request.method == "POST" and form.is_valid():
        saved = _save_panel(form)
        if not saved.refused:
            messages.success(request, _("Panel saved."))
            for message in saved.warnings:
                messages.warning(request, _("Already scheduled: %(problem)s") % {"problem": message})
            return redirect(_detail_url(event, "panels"))
        for message in saved.refused:
            form.add_error(None, message)
        panel.refresh_from_db()
    sessions = panel.sessions.select_related("participation__region", "day", "room")
    return render(
        request,
        TEMPLATES + "panel_form.html",
        {"event": event, "panel": panel, "form": form, "sessions": sessions, "nav_active": "evaluations"},
    )


@permission_required("evaluations.manage_event")
@confirmable
def panel_delete(request, pk, panel_pk):
    event = _event(pk)
    panel = get_object_or_404(Panel, event=event, pk=panel_pk)
    n_sessions = panel.sessions.count()
    members = [m.evaluator.full_name for m in panel.memberships.select_related("evaluator")]
    n_left = event.panels.count() - 1
    consequences = [
        ngettext(
            "%(panel)s is deleted; the event then has %(count)s panel.",
            "%(panel)s is deleted; the event then has %(count)s panels.",
            n_left,
        )
        % {"panel": panel.name, "count": n_left},
        members
        and ngettext(
            "%(count)s evaluator leaves it: %(names)s.",
            "%(count)s evaluators leave it: %(names)s.",
            len(members),
        )
        % {"count": len(members), "names": ", ".join(members)},
    ]
    refusal = (
        ngettext(
            "%(panel)s evaluates %(count)s session; give it another panel first.",
            "%(panel)s evaluates %(count)s sessions; give them another panel first.",
            n_sessions,
        )
        % {"panel": panel.name, "count": n_sessions}
        if n_sessions
        else ""
    )
    return _delete_confirmed(
        request,
        event,
        panel,
        "panels",
        title=_("Delete %(panel)s?") % {"panel": panel.name},
        consequences=consequences,
        refusal=refusal,
        cancel_url=reverse("evaluations:panel_edit", args=[event.pk, panel.pk]),
    )


# --- Declared conflicts ---------------------------------------------------------------------------------------


@permission_required("evaluations.manage_event")
@require_POST
def conflict_add(request, pk):
    event = _event(pk)
    form = DeclaredConflictForm(request.POST, event=event, prefix="conflict")
    if not form.is_valid():
        return _rerender(request, event, conflict_form=form)
    conflict = form.save()
    messages.success(request, _("Conflict of interest recorded."))
    for v in services.schedule_violations(event):
        if v.rule == "conflict" and any(s.region == conflict.region.name for s in v.slots):
            messages.warning(request, _("Already scheduled: %(problem)s") % {"problem": v.message})
    return redirect(_detail_url(event, "conflicts"))


@permission_required("evaluations.manage_event")
@confirmable
def conflict_delete(request, pk, item_pk):
    event = _event(pk)
    conflict = get_object_or_404(
        DeclaredConflict.objects.filter(region__participations__cohort=event.cohort_id)
        .select_related("evaluator", "region")
        .distinct(),
        pk=item_pk,
    )
    names = {"evaluator": conflict.evaluator.full_name, "region": conflict.region.name}
    n_sessions = event.sessions.filter(participation__region=conflict.region_id).count()
    consequences = [
        _("%(evaluator)s may then sit on panels that evaluate %(region)s, in this event and in later ones.")
        % names,
        ngettext(
            "%(region)s has %(count)s session in this event.",
            "%(region)s has %(count)s sessions in this event.",
            n_sessions,
        )
        % {"region": conflict.region.name, "count": n_sessions},
    ]
    if not confirm.is_confirmed(request):
        return confirm.ask(
            request,
            title=_("Remove the declared conflict of %(evaluator)s with %(region)s?") % names,
            action=_("remove it"),
            consequences=consequences,
            cancel_url=_detail_url(event, "conflicts"),
            eyebrow=event.name,
            nav_active="evaluations",
        )
    event_setup.remove_declared_conflict(conflict, by=request.user)
    messages.success(request, _("Declared conflict removed."))
    return redirect(_detail_url(event, "conflicts"))


# --- Sessions -------------------------------------------------------------------------------------------------


def _save_session_form(request, form) -> Session | None:
    """Save through services.save_session; every violated rule becomes an error of the form."""
    if not form.is_valid():
        return None
    session = form.save(commit=False)
    try:
        return services.save_session(session, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return None


@permission_required("evaluations.manage_event")
@require_POST
def session_create(request, pk):
    event = _event(pk)
    form = SessionForm(request.POST, instance=Session(event=event))
    session = _save_session_form(request, form)
    if session is None:
        return _rerender(request, event, session_form=form)
    messages.success(
        request,
        _("Session of %(region)s saved: %(when)s.")
        % {"region": session.participation.region.name, "when": event_setup.session_when(session)},
    )
    return redirect(_detail_url(event, f"day-{session.day_id}"))


@permission_required("evaluations.manage_event")
def session_edit(request, pk, session_pk):
    event = _event(pk)
    session = get_object_or_404(
        Session.objects.select_related("participation__region", "day", "room", "panel"),
        event=event,
        pk=session_pk,
    )
    session.event = event
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST":
        saved = _save_session_form(request, form)
        if saved is not None:
            messages.success(
                request,
                _("Session of %(region)s saved: %(when)s.")
                % {"region": saved.participation.region.name, "when": event_setup.session_when(saved)},
            )
            return redirect(_detail_url(event, f"day-{saved.day_id}"))
        session = Session.objects.select_related("participation__region").get(pk=session.pk)
    return render(
        request,
        TEMPLATES + "session_form.html",
        {
            "event": event,
            "session": session,
            "form": form,
            "sheet_count": session.sheets.count(),
            "nav_active": "evaluations",
        },
    )


def _session_place(session) -> str:
    return _("%(day)s, %(time)s in %(room)s") % {
        "day": _long_date(session.day.date),
        "time": format_clock_range(session.starts, session.ends, session.event.timezone),
        "room": session.room.name,
    }


@permission_required("evaluations.manage_event")
@confirmable
def session_delete(request, pk, session_pk):
    event = _event(pk)
    session = get_object_or_404(
        Session.objects.select_related("participation__region", "day", "room", "panel"),
        event=event,
        pk=session_pk,
    )
    session.event = event
    region = session.participation.region
    if not confirm.is_confirmed(request):
        n_sheets = session.sheets.count()
        consequences = [
            _("The session of %(region)s on %(place)s is deleted.")
            % {"region": region.name, "place": _session_place(session)},
            session.panel_id
            and ngettext(
                "%(panel)s then evaluates %(count)s session.",
                "%(panel)s then evaluates %(count)s sessions.",
                session.panel.sessions.count() - 1,
            )
            % {"panel": session.panel.name, "count": session.panel.sessions.count() - 1},
            _("The public agenda (release %(number)s) keeps showing it until you publish a new release.")
            % {"number": event.agenda_release}
            if event.agenda_is_published
            else "",
        ]
        refusal = (
            ngettext(
                "The session of %(region)s has %(count)s score sheet and cannot be deleted; move it instead.",
                "The session of %(region)s has %(count)s score sheets and cannot be deleted; move it instead.",
                n_sheets,
            )
            % {"region": region.name, "count": n_sheets}
            if n_sheets
            else ""
        )
        return confirm.ask(
            request,
            title=_("Delete the session of %(region)s?") % {"region": region.name},
            action=_("delete the session"),
            consequences=consequences,
            refusal=refusal,
            cancel_url=reverse("evaluations:session_edit", args=[event.pk, session.pk]),
            eyebrow=event.name,
            nav_active="evaluations",
        )
    try:
        event_setup.delete_session(session, by=request.user)
    except ValidationError as exc:  # it has score sheets: the confirmation page refused it already
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluations:session_edit", pk=event.pk, session_pk=session.pk)
    messages.success(request, _("Session of %(region)s deleted.") % {"region": region.name})
    return redirect(_detail_url(event, "schedule"))


# --- Agenda and results ---------------------------------------------------------------------------------------


def _agenda_consequences(event) -> tuple[list[str], list[str]]:
    """What publishing the agenda now would make public, compared with the last release; and loud warnings."""
    snapshot = services.agenda_snapshot(event)
    entries = [agenda.AgendaEntry.from_snapshot(row) for row in snapshot]
    number = event.agenda_release + 1
    n_days = len({e.date for e in entries})
    n_rooms = len({e.room for e in entries})
    lines = [
        _("Release %(number)s becomes the public agenda, with its calendar files and PDF.")
        % {"number": number},
        ngettext(
            "It lists %(count)s session (days: %(days)s, rooms: %(rooms)s).",
            "It lists %(count)s sessions (days: %(days)s, rooms: %(rooms)s).",
            len(entries),
        )
        % {"count": len(entries), "days": n_days, "rooms": n_rooms},
    ]
    if event.agenda_is_published:
        last = event.releases.order_by("-number").first()
        diff = agenda.diff_entries(agenda.entries_of(last), entries)
        lines.append(
            _(
                "Compared with release %(number)s: %(added)s added, %(moved)s moved, %(removed)s removed, "
                "%(details)s with other details."
            )
            % {
                "number": last.number,
                "added": len(diff.added),
                "moved": len(diff.moved),
                "removed": len(diff.removed),
                "details": len(diff.details),
            }
        )
    warnings = []
    if not entries:
        warnings.append(
            _(
                "The agenda has no session at all: the public agenda will be empty. Schedule the sessions first."
            )
        )
    return lines, warnings


@permission_required("evaluations.manage_event")
@confirmable
def agenda_publish(request, pk):
    event = _event(pk)
    if request.method == "GET":
        return redirect(_detail_url(event, "agenda"))  # the note is written on the event page
    form = ReleaseForm(request.POST, event=event)
    if not form.is_valid():
        return _rerender(request, event, release_form=form)
    if not confirm.is_confirmed(request):
        violations = services.schedule_violations(event)
        if violations:
            for v in violations:
                form.add_error(None, v.message)
            return _rerender(request, event, release_form=form)
        lines, warnings = _agenda_consequences(event)
        if form.cleaned_data["note"]:
            lines.append(_("Note shown with the release: “%(note)s”") % {"note": form.cleaned_data["note"]})
        return confirm.ask(
            request,
            title=_("Publish the agenda of %(event)s?") % {"event": event.name},
            action=_("publish the agenda"),
            consequences=lines,
            warnings=warnings,
            cancel_url=_detail_url(event, "agenda"),
            carry={"note": form.cleaned_data["note"]},
            eyebrow=event.name,
            nav_active="evaluations",
        )
    try:
        release = services.publish_agenda(event, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _rerender(request, event, release_form=form)
    messages.success(request, _("Agenda published as release %(number)s.") % {"number": release.number})
    return redirect(_detail_url(event, "agenda"))


@permission_required("evaluations.manage_event")
@confirmable
def results_publish(request, pk):
    event = _event(pk)
    if not confirm.is_confirmed(request):
        preview = publication.preview_results(event)
        return confirm.ask(
            request,
            title=_("Publish the results of %(event)s?") % {"event": event.name},
            action=_("publish the results"),
            consequences=preview.lines,
            warnings=preview.warnings,
            refusal=preview.refusal,
            cancel_url=_detail_url(event, "results"),
            eyebrow=event.name,
            nav_active="evaluations",
        )
    try:
        publication.publish_results(event, by=request.user)
    except ValidationError as exc:
        # Someone else published first (no harm done) or nothing is submitted (nothing to publish).
        report = messages.info if exc.code == "already_published" else messages.error
        report(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Results published."))
    return redirect(_detail_url(event, "results"))


# --- Rubrics --------------------------------------------------------------------------------------------------


def _scored():
    return Exists(Score.objects.filter(criterion__rubric=OuterRef("pk")))


@permission_required("evaluations.manage_event")
def rubric_list(request):
    rubrics = Rubric.objects.annotate(
        n_criteria=Count("criteria"), weight_total=Sum("criteria__weight"), scored=_scored()
    )
    return render(request, TEMPLATES + "rubric_list.html", {"rubrics": rubrics, "nav_active": "evaluations"})


def _frozen_message(rubric) -> str:
    return _(
        "%(rubric)s already has scores: changing its criteria, weights, scales or level descriptors would "
        "change the meaning of scores already given. Create a new version and change that instead."
    ) % {"rubric": rubric}


@permission_required("evaluations.manage_event")
def rubric_detail(request, pk):
    rubric = get_object_or_404(Rubric.objects.annotate(scored=_scored()).select_related("based_on"), pk=pk)
    criteria = list(rubric.criteria.prefetch_related("levels"))
    used_by = EvaluationEvent.objects.filter(masterplan_rubric=rubric) | EvaluationEvent.objects.filter(
        quick_win_rubric=rubric
    )
    return render(
        request,
        TEMPLATES + "rubric_detail.html",
        {
            "rubric": rubric,
            "criteria": criteria,
            "weight_total": sum((c.weight for c in criteria), Decimal(0)),
            "frozen": rubric.scored,
            "frozen_message": _frozen_message(rubric) if rubric.scored else "",
            "sheet_count": ScoreSheet.objects.filter(rubric=rubric).count() if rubric.scored else 0,
            "used_by": used_by.distinct(),
            "versions": Rubric.objects.filter(kind=rubric.kind, name=rubric.name).order_by("version"),
            "nav_active": "evaluations",
        },
    )


def _editable_rubric(request, pk):
    """The rubric, or a redirect to its page with the reason when scores freeze it."""
    rubric = get_object_or_404(Rubric, pk=pk)
    if rubric.has_scores:
        messages.error(request, _frozen_message(rubric))
        return rubric, redirect("evaluations:rubric_detail", pk=rubric.pk)
    return rubric, None


@permission_required("evaluations.manage_event")
def rubric_edit(request, pk=None):
    if pk:
        rubric, refused = _editable_rubric(request, pk)
        if refused:
            return refused
    else:
        rubric = None
    form = RubricForm(request.POST or None, instance=rubric)
    if request.method == "POST" and form.is_valid():
        rubric = form.save()
        messages.success(request, _("Rubric saved."))
        return redirect("evaluations:rubric_detail", pk=rubric.pk)
    return render(
        request, TEMPLATES + "rubric_form.html", {"form": form, "rubric": rubric, "nav_active": "evaluations"}
    )


@permission_required("evaluations.manage_event")
def criterion_edit(request, pk, criterion_pk=None):
    rubric, refused = _editable_rubric(request, pk)
    if refused:
        return refused
    if criterion_pk:
        criterion = get_object_or_404(Criterion, rubric=rubric, pk=criterion_pk)
    else:
        criterion = Criterion(rubric=rubric, order=rubric.criteria.count() + 1)
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        criterion = event_setup.save_criterion(form.save(commit=False), form.levels())
        messages.success(request, _("Criterion saved."))
        return redirect("evaluations:rubric_detail", pk=rubric.pk)
    return render(
        request,
        TEMPLATES + "criterion_form.html",
        {"form": form, "rubric": rubric, "criterion": criterion, "nav_active": "evaluations"},
    )


@permission_required("evaluations.manage_event")
@confirmable
def criterion_delete(request, pk, criterion_pk):
    rubric, refused = _editable_rubric(request, pk)
    if refused:
        return refused
    criterion = get_object_or_404(Criterion, rubric=rubric, pk=criterion_pk)
    if not confirm.is_confirmed(request):
        others = rubric.criteria.exclude(pk=criterion.pk)
        n_levels = criterion.levels.count()
        weight_left = others.aggregate(total=Sum("weight"))["total"] or Decimal(0)
        consequences = [
            ngettext(
                "The criterion “%(criterion)s” (weight %(weight)s) is deleted with its %(count)s level description.",
                "The criterion “%(criterion)s” (weight %(weight)s) is deleted with its %(count)s level descriptions.",
                n_levels,
            )
            % {"criterion": criterion.name, "weight": format_number(criterion.weight), "count": n_levels},
            ngettext(
                "%(rubric)s then has %(count)s criterion, with weights totalling %(total)s.",
                "%(rubric)s then has %(count)s criteria, with weights totalling %(total)s.",
                others.count(),
            )
            % {"rubric": rubric, "count": others.count(), "total": format_number(weight_left)},
        ]
        return confirm.ask(
            request,
            title=_("Delete the criterion “%(criterion)s”?") % {"criterion": criterion.name},
            action=_("delete it"),
            consequences=consequences,
            cancel_url=reverse("evaluations:criterion_edit", args=[rubric.pk, criterion.pk]),
            eyebrow=str(rubric),
            nav_active="evaluations",
        )
    # Scores given since the page was shown refuse it; core.deletion's middleware then answers 409 with why.
    label = event_setup.delete_criterion(criterion, by=request.user)
    messages.success(request, _("“%(item)s” deleted.") % {"item": label})
    return redirect("evaluations:rubric_detail", pk=rubric.pk)


@permission_required("evaluations.manage_event")
@require_POST
def rubric_new_version(request, pk):
    rubric = get_object_or_404(Rubric, pk=pk)
    copy = services.new_rubric_version(rubric, by=request.user)
    messages.success(
        request,
        _("Version %(version)s created. Choose it in an event's settings to use it there.")
        % {"version": copy.version},
    )
    return redirect("evaluations:rubric_detail", pk=copy.pk)
