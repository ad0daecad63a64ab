"""The secretariat's set-up pages: events, days, breaks, rooms, panels, availability, sessions, agenda releases,
rubrics."""

from collections import defaultdict
from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, ProtectedError, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.core import audit
from kotacerdas.evaluations import services
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
    LevelDescriptor,
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


def secretariat_required(view):
    """Logged-in secretariat only: anonymous visitors go to the login page, everyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("evaluations.manage_event"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


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


@secretariat_required
def event_list(request):
    events = (
        EvaluationEvent.objects.select_related("cohort")
        .prefetch_related("days", "rooms")
        .annotate(n_sessions=Count("sessions"))
    )
    return render(request, TEMPLATES + "event_list.html", {"events": events, "nav_active": "evaluations"})


@secretariat_required
def event_edit(request, pk=None):
    event = _event(pk) if pk else None
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            event = form.save()
            for date in form.days():
                EventDay.objects.get_or_create(event=event, date=date)
        messages.success(request, _("Event saved."))
        if pk:
            for v in services.schedule_violations(event):
                messages.warning(request, _("Already scheduled: %(problem)s") % {"problem": v.message})
        return redirect("evaluations:event_detail", pk=event.pk)
    return render(request, TEMPLATES + "event_form.html", {"form": form, "event": event})


def _schedule_grid(days, rooms, breaks, sessions) -> list[dict]:
    """Per day: rows by start time (sessions and breaks), one cell per room with the sessions starting there."""
    by_day = defaultdict(list)
    for s in sessions:
        by_day[s.day_id].append(s)
    grid = []
    for number, day in enumerate(days, start=1):
        day_sessions = by_day.get(day.pk, [])
        times = sorted({s.starts for s in day_sessions} | {b.starts for b in breaks})
        rows = []
        for time in times:
            cells = [
                {
                    "room": room,
                    "sessions": [s for s in day_sessions if s.starts == time and s.room_id == room.pk],
                }
                for room in rooms
            ]
            rows.append(
                {
                    "time": time,
                    "breaks": [b for b in breaks if b.starts == time],
                    "cells": cells,
                    "has_sessions": any(c["sessions"] for c in cells),
                }
            )
        grid.append({"day": day, "number": number, "rows": rows, "count": len(day_sessions)})
    return grid


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
        "grid": _schedule_grid(days, rooms, breaks, sessions),
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


@secretariat_required
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


def _delete_simple(request, pk, model, item_pk, anchor):
    event = _event(pk)
    item = get_object_or_404(model, event=event, pk=item_pk)
    try:
        item.delete()
    except ProtectedError:
        messages.error(
            request, _("“%(item)s” is used by sessions; move or delete them first.") % {"item": item}
        )
    else:
        messages.success(request, _("“%(item)s” deleted.") % {"item": item})
    return redirect(_detail_url(event, anchor))


@secretariat_required
@require_POST
def day_add(request, pk):
    return _add_simple(request, pk, DayForm, "day_form", _("Day added."), "days")


@secretariat_required
@require_POST
def day_delete(request, pk, item_pk):
    return _delete_simple(request, pk, EventDay, item_pk, "days")


@secretariat_required
@require_POST
def break_add(request, pk):
    return _add_simple(request, pk, BreakForm, "break_form", _("Break added."), "breaks", warn_rule="break")


@secretariat_required
@require_POST
def break_delete(request, pk, item_pk):
    return _delete_simple(request, pk, Break, item_pk, "breaks")


@secretariat_required
@require_POST
def room_add(request, pk):
    return _add_simple(request, pk, RoomForm, "room_form", _("Room added."), "rooms")


@secretariat_required
@require_POST
def room_delete(request, pk, item_pk):
    return _delete_simple(request, pk, Room, item_pk, "rooms")


@secretariat_required
@require_POST
def award_add(request, pk):
    return _add_simple(request, pk, AwardCategoryForm, "award_form", _("Award category added."), "awards")


@secretariat_required
@require_POST
def award_delete(request, pk, item_pk):
    return _delete_simple(request, pk, AwardCategory, item_pk, "awards")


@secretariat_required
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


@secretariat_required
@require_POST
def availability_delete(request, pk, item_pk):
    return _delete_simple(request, pk, AvailabilityWindow, item_pk, "availability")


# --- Panels ---------------------------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


# Rules a panel edit may not break for the sessions the panel evaluates, and rules it only warns about (the
# secretariat may be halfway through changing members; publishing the agenda refuses them).
PANEL_REFUSED = ("panel", "evaluator", "conflict")
PANEL_WARNED = ("panel_size", "chair", "availability")


def _save_panel(form) -> tuple[list[str], list[str]]:
    """Save the panel and its members; refused (nothing saved) when its sessions would break a rule.

    Returns the refusing violations' messages (empty when saved) and, once saved, the warnings.
    """
    found, warnings = [], []
    try:
        with transaction.atomic():
            panel = form.save()
            members = set(form.cleaned_data["members"])
            chair = form.cleaned_data["chair"]
            panel.memberships.exclude(evaluator__in=members).delete()
            panel.memberships.update(is_chair=False)
            existing = set(panel.memberships.values_list("evaluator_id", flat=True))
            PanelMember.objects.bulk_create(
                PanelMember(panel=panel, evaluator=user) for user in members if user.pk not in existing
            )
            if chair is not None:
                panel.memberships.filter(evaluator=chair).update(is_chair=True)
            if panel.sessions.exists():
                mine = [
                    v
                    for v in services.schedule_violations(panel.event)
                    if any(s.panel == panel.name for s in v.slots)
                ]
                found = [v.message for v in mine if v.rule in PANEL_REFUSED]
                if found:
                    raise _Rollback
                warnings = [v.message for v in mine if v.rule in PANEL_WARNED]
    except _Rollback:
        return found, []
    return [], warnings


@secretariat_required
@require_POST
def panel_add(request, pk):
    event = _event(pk)
    form = PanelForm(request.POST, instance=Panel(event=event), prefix="panel")
    if not form.is_valid():
        return _rerender(request, event, panel_form=form)
    _save_panel(form)  # a new panel evaluates no session yet
    messages.success(request, _("Panel added."))
    return redirect(_detail_url(event, "panels"))


@secretariat_required
def panel_edit(request, pk, panel_pk):
    event = _event(pk)
    panel = get_object_or_404(Panel, event=event, pk=panel_pk)
    form = PanelForm(request.POST or None, instance=panel)
    if request.method == "POST" and form.is_valid():
        violations, warnings = _save_panel(form)
        if not violations:
            messages.success(request, _("Panel saved."))
            for message in warnings:
                messages.warning(request, _("Already scheduled: %(problem)s") % {"problem": message})
            return redirect(_detail_url(event, "panels"))
        for message in violations:
            form.add_error(None, message)
        panel.refresh_from_db()
    sessions = panel.sessions.select_related("participation__region", "day", "room")
    return render(
        request,
        TEMPLATES + "panel_form.html",
        {"event": event, "panel": panel, "form": form, "sessions": sessions, "nav_active": "evaluations"},
    )


@secretariat_required
@require_POST
def panel_delete(request, pk, panel_pk):
    event = _event(pk)
    panel = get_object_or_404(Panel, event=event, pk=panel_pk)
    if panel.sessions.exists():
        messages.error(
            request, _("%(panel)s evaluates sessions; give them another panel first.") % {"panel": panel}
        )
        return redirect(_detail_url(event, "panels"))
    panel.delete()
    messages.success(request, _("“%(item)s” deleted.") % {"item": panel})
    return redirect(_detail_url(event, "panels"))


# --- Declared conflicts ---------------------------------------------------------------------------------------


@secretariat_required
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


@secretariat_required
@require_POST
def conflict_delete(request, pk, item_pk):
    event = _event(pk)
    conflict = get_object_or_404(
        DeclaredConflict.objects.filter(region__participations__cohort=event.cohort_id).distinct(), pk=item_pk
    )
    conflict.delete()
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


@secretariat_required
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
        % {"region": session.participation.region.name, "when": _when(session)},
    )
    return redirect(_detail_url(event, f"day-{session.day_id}"))


def _when(session) -> str:
    return f"{session.day.date:%d-%m-%Y} {session.starts:%H:%M}–{session.ends:%H:%M} {session.event.timezone_abbreviation}"


@secretariat_required
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
                % {"region": saved.participation.region.name, "when": _when(saved)},
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


@secretariat_required
@require_POST
def session_delete(request, pk, session_pk):
    event = _event(pk)
    session = get_object_or_404(
        Session.objects.select_related("participation__region", "day", "room"), event=event, pk=session_pk
    )
    session.event = event
    if session.sheets.exists():
        messages.error(
            request,
            _("The session of %(region)s has score sheets and cannot be deleted; move it instead.")
            % {"region": session.participation.region.name},
        )
        return redirect("evaluations:session_edit", pk=event.pk, session_pk=session.pk)
    with transaction.atomic():
        if event.agenda_is_published:
            audit.record(
                "evaluation.session_changed",
                target=session,
                by=request.user,
                old=_when(session),
                note=_("Session removed."),
                region_code=session.participation.region.code,
            )
        session.delete()
    messages.success(
        request, _("Session of %(region)s deleted.") % {"region": session.participation.region.name}
    )
    return redirect(_detail_url(event, "schedule"))


# --- Agenda and results ---------------------------------------------------------------------------------------


@secretariat_required
@require_POST
def agenda_publish(request, pk):
    event = _event(pk)
    form = ReleaseForm(request.POST, event=event)
    if not form.is_valid():
        return _rerender(request, event, release_form=form)
    try:
        release = services.publish_agenda(event, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _rerender(request, event, release_form=form)
    messages.success(request, _("Agenda published as release %(number)s.") % {"number": release.number})
    return redirect(_detail_url(event, "agenda"))


@secretariat_required
@require_POST
def results_publish(request, pk):
    event = _event(pk)
    with transaction.atomic():
        event = EvaluationEvent.objects.select_for_update().get(pk=event.pk)
        if event.results_are_published:
            messages.info(request, _("The results are already published."))
        elif not ScoreSheet.objects.filter(session__event=event, status=SheetStatus.SUBMITTED).exists():
            messages.error(request, _("No score sheet is submitted yet; there are no results to publish."))
        else:
            event.results_published_at = timezone.now()
            event.save(update_fields=["results_published_at", "updated_at"])
            audit.record(
                "evaluation.results_published",
                target=event,
                by=request.user,
                new=event.results_published_at.isoformat(),
            )
            messages.success(request, _("Results published."))
    return redirect(_detail_url(event, "results"))


# --- Rubrics --------------------------------------------------------------------------------------------------


def _scored():
    return Exists(Score.objects.filter(criterion__rubric=OuterRef("pk")))


@secretariat_required
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


@secretariat_required
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


@secretariat_required
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


@secretariat_required
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
        with transaction.atomic():
            criterion = form.save()
            levels = form.levels()
            criterion.levels.exclude(value__in=levels).delete()
            for value, description in levels.items():
                LevelDescriptor.objects.update_or_create(
                    criterion=criterion, value=value, defaults={"description": description}
                )
        messages.success(request, _("Criterion saved."))
        return redirect("evaluations:rubric_detail", pk=rubric.pk)
    return render(
        request,
        TEMPLATES + "criterion_form.html",
        {"form": form, "rubric": rubric, "criterion": criterion, "nav_active": "evaluations"},
    )


@secretariat_required
@require_POST
def criterion_delete(request, pk, criterion_pk):
    rubric, refused = _editable_rubric(request, pk)
    if refused:
        return refused
    criterion = get_object_or_404(Criterion, rubric=rubric, pk=criterion_pk)
    criterion.delete()
    messages.success(request, _("“%(item)s” deleted.") % {"item": criterion})
    return redirect("evaluations:rubric_detail", pk=rubric.pk)


@secretariat_required
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
