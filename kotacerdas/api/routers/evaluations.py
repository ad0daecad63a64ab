"""Evaluation events: the agenda once published (from its latest release) and the results once published."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.decorators import decorate_view

from kotacerdas.api.auth import OPTIONAL_SECURITY
from kotacerdas.api.output import (
    Error,
    Format,
    Id,
    Page,
    PageParams,
    RegionCode,
    Year,
    csv_openapi,
    csv_response,
    page,
)
from kotacerdas.api.schemas import AgendaOut, AgendaSessionOut, EventOut, ResultRowOut, ResultsOut
from kotacerdas.core.cache import public_page
from kotacerdas.evaluations import agenda as agendas
from kotacerdas.evaluations.models import EvaluationEvent, EventDay
from kotacerdas.evaluations.results import compute_results

router = Router(tags=["evaluations"])


def public_events():
    return EvaluationEvent.objects.filter(Q(agenda_release__gt=0) | Q(results_published_at__isnull=False))


def event_out(event) -> dict:
    return {
        "id": event.pk,
        "name": event.name,
        "cohort": event.cohort.year,
        "venue": event.venue,
        "address": event.address,
        "timezone": event.timezone,
        "days": [day.date for day in event.days.all()] if event.agenda_is_published else [],
        "agenda_release": event.agenda_release,
        "results_published_at": event.results_published_at,
        "is_demo": event.is_demo,
    }


@router.get(
    "/evaluation-events",
    response=Page[EventOut],
    url_name="evaluation_events",
    summary="List evaluation events with a published agenda or results",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_events(request, params: Query[PageParams], cohort: Year | None = None):
    """Events whose agenda or results were published, newest cohort first. Events still being planned are
    not listed."""
    events = (
        public_events()
        .select_related("cohort")
        .prefetch_related(Prefetch("days", queryset=EventDay.objects.order_by("date")))
        .order_by("-cohort__year", "pk")
    )
    if cohort:
        events = events.filter(cohort__year=cohort)
    return page(
        request,
        events,
        params,
        EventOut,
        filename="evaluation-events",
        rows=lambda es: [event_out(e) for e in es],
    )


@router.get(
    "/evaluation-events/{event_id}/agenda",
    response={200: AgendaOut, 404: Error},
    url_name="evaluation_agenda",
    summary="The published agenda of an event",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi("OK (JSON, or the sessions as CSV with format=csv)"),
)
@decorate_view(public_page)
def get_agenda(
    request,
    event_id: Id,
    region: RegionCode | None = None,
    room: str | None = Query(None, max_length=100),
    format: Format = "json",
):
    """The sessions of the latest published release of the agenda, by day, time and room; times carry the
    event's UTC offset (WIB, WITA or WIT). Filter by region code or room name. 404 until an agenda is
    published."""
    event = get_object_or_404(
        EvaluationEvent.objects.agenda_published().select_related("cohort"), pk=event_id
    )
    agenda = agendas.published_agenda(event)
    if agenda is None:
        raise Http404
    tz = event.tzinfo
    sessions = [
        {
            "day": agenda.day_number(entry.date),
            "date": entry.date,
            "starts": entry.start_datetime(tz),
            "ends": entry.end_datetime(tz),
            "room": entry.room,
            "region": {"code": entry.region_code, "name": entry.region},
            "presenter": entry.presenter,
            "presenter_position": entry.presenter_position,
            "presents": entry.presents,
        }
        for entry in agenda.entries
        if (not region or entry.region_code == region) and (not room or entry.room == room)
    ]
    if format == "csv":
        items = [AgendaSessionOut.model_validate(s) for s in sessions]
        return csv_response(items, AgendaSessionOut, filename=f"agenda-{event.pk}")
    return {
        "event": event.pk,
        "release": agenda.release.number,
        "published_at": agenda.release.published_at,
        "sessions": sessions,
    }


def _results(event) -> list[dict]:
    rows = []
    for result in compute_results(event):
        region = result.region
        rows.append(
            {
                "rank": result.rank,
                "region": {"code": region.code, "name": region.name},
                "final": result.final,
                "rubrics": [
                    {
                        "kind": stats.rubric.kind,
                        "rubric": stats.rubric.name,
                        "mean": stats.mean,
                        "median": stats.median,
                        "evaluators": stats.count,
                    }
                    for stats in result.stats
                ],
            }
        )
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["region"]["code"]))


@router.get(
    "/evaluation-events/{event_id}/results",
    response={200: ResultsOut, 404: Error},
    url_name="evaluation_results",
    summary="The published results of an event",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi("OK (JSON, or one row per region as CSV with format=csv)"),
)
@decorate_view(public_page)
def get_results(request, event_id: Id, format: Format = "json"):
    """Each region's rank and final score (the mean of its rubric means, 0–100), by rank. Equal scores share
    a rank. 404 until the results are published."""
    event = get_object_or_404(EvaluationEvent, pk=event_id, results_published_at__isnull=False)
    rows = _results(event)
    if format == "csv":
        flat = [
            ResultRowOut.model_validate(
                {
                    "rank": r["rank"],
                    "region": r["region"],
                    "final": r["final"],
                    **{f"{s['kind']}_mean": s["mean"] for s in r["rubrics"]},
                }
            )
            for r in rows
        ]
        return csv_response(flat, ResultRowOut, filename=f"results-{event.pk}")
    return {"event": event.pk, "published_at": event.results_published_at, "results": rows}
