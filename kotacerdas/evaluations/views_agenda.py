"""The public agenda: pages, calendar feeds and the printed agenda of a published evaluation event.

No login. An event whose agenda was never published answers 404 everywhere, and so does a room or region
that the latest release does not name. Content comes from the latest release only (see ``agenda.py``).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from kotacerdas.core.permissions import public
from kotacerdas.evaluations import agenda as agendas
from kotacerdas.evaluations.meeting import meeting_link_for
from kotacerdas.evaluations.models import EvaluationEvent, Session
from kotacerdas.regions.models import Region


def _published(pk: int) -> agendas.PublishedAgenda:
    event = get_object_or_404(EvaluationEvent.objects.agenda_published(), pk=pk)
    agenda = agendas.published_agenda(event)
    if agenda is None:
        raise Http404
    return agenda


def _region_zone(code: str) -> str | None:
    """The region's own time zone (its province's), or None for a code no region has any more."""
    region = Region.objects.select_related("province").filter(code=code).first()
    return region.timezone if region else None


def _live_meeting_link(request, event, code: str) -> str:
    """The meeting link of the region's session, looked up live (never in the snapshot), for a viewer
    ``meeting_link_for`` allows; "" for everybody else, without a query for anonymous visitors."""
    if not request.user.is_authenticated:
        return ""
    session = (
        Session.objects.filter(event=event, participation__region__code=code)
        .select_related("room", "participation__region")
        .first()
    )
    return meeting_link_for(request.user, session) if session else ""


def _calendar_response(
    request, agenda, entries, *, name: str, filename: str, cancelled=(), local_zones=None
) -> HttpResponse:
    def url_of(entry):
        return request.build_absolute_uri(
            reverse("evaluations:agenda_region", args=[agenda.event.pk, entry.region_code])
        )

    body = agendas.build_calendar(
        agenda, entries, name=name, url_of=url_of, cancelled=cancelled, local_zones=local_zones
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public
def agenda(request, pk):
    agenda = _published(pk)
    region = request.GET.get("region", "")
    if region and agenda.for_region(region):
        return redirect("evaluations:agenda_region", pk, region)
    room = request.GET.get("room", "")
    if room not in agenda.rooms:
        room = ""
    context = {
        "agenda": agenda,
        "event": agenda.event,
        "days": agenda.days(room=room or None),
        "room": room,
        "room_feeds": [(name, agenda.room_ids[name]) for name in agenda.rooms if name in agenda.room_ids],
    }
    template = "evaluations/agenda/agenda.html"
    return render(request, f"{template}#days" if request.htmx else template, context)


@public
def agenda_region(request, pk, code):
    agenda = _published(pk)
    entries = agenda.for_region(code)
    if not entries:
        raise Http404
    event = agenda.event
    local_zone = _region_zone(code) or event.timezone
    context = {
        "agenda": agenda,
        "event": event,
        "entries": entries,
        # Each session with its time, and the region's own beside it when its zone differs (WITA, WIT).
        "timed_entries": [(entry, entry.local_time_label(event.timezone, local_zone)) for entry in entries],
        "region": entries[0],
        # Only the secretariat, the session's panel and the region's team (evaluations/meeting.py).
        "meeting_link": _live_meeting_link(request, event, code),
    }
    response = render(request, "evaluations/agenda/region.html", context)
    if context["meeting_link"]:
        # A page with the link is this person's alone: no shared or browser cache keeps it.
        patch_cache_control(response, private=True, no_store=True)
    return response


@public
def agenda_changes(request, pk):
    event = get_object_or_404(EvaluationEvent.objects.agenda_published(), pk=pk)
    releases = list(event.releases.filter(number__lte=event.agenda_release))
    for release in releases:
        release.event = event
    if not releases:
        raise Http404
    context = {"event": event, "history": agendas.release_history(releases)}
    return render(request, "evaluations/agenda/changes.html", context)


@public
def agenda_ics(request, pk):
    agenda = _published(pk)
    return _calendar_response(
        request,
        agenda,
        agenda.entries,
        name=agenda.event.name,
        filename=f"agenda-{pk}.ics",
        cancelled=agendas.withdrawn_entries(agenda),
    )


@public
def agenda_room_ics(request, pk, room_pk):
    agenda = _published(pk)
    names = {room_id: name for name, room_id in agenda.room_ids.items()}
    name = names.get(room_pk)
    entries = agenda.for_room(name) if name else []
    if not entries:
        raise Http404
    return _calendar_response(
        request,
        agenda,
        entries,
        name=f"{agenda.event.name} · {name}",
        filename=f"agenda-{pk}-room-{room_pk}.ics",
        cancelled=[e for e in agendas.withdrawn_entries(agenda) if e.room == name],
    )


@public
def agenda_region_ics(request, pk, code):
    agenda = _published(pk)
    entries = agenda.for_region(code)
    # A region whose session was withdrawn keeps its feed, so subscribed calendars learn of the cancellation.
    cancelled = [e for e in agendas.withdrawn_entries(agenda) if e.region_code == code]
    if not entries and not cancelled:
        raise Http404
    return _calendar_response(
        request,
        agenda,
        entries,
        name=f"{agenda.event.name} · {(entries or cancelled)[0].region}",
        filename=f"agenda-{pk}-{code}.ics",
        cancelled=cancelled,
        # The region's own time in each description; never the meeting link (a feed is a public address).
        local_zones={code: _region_zone(code) or agenda.event.timezone},
    )


@public
def agenda_pdf(request, pk):
    agenda = _published(pk)
    response = HttpResponse(agendas.build_pdf(agenda), content_type="application/pdf")
    filename = f"agenda-{pk}-release-{agenda.release.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
