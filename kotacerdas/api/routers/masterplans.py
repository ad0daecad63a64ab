"""Published masterplans with their programmes and quick wins; a programme's progress, read and reported.

Public: masterplans with status "published" of regions selected into a cohort, as their published version has
them (``masterplans/published.py``: an edit made since, such as an agency renamed, shows only once published
again). Drafts, submitted, approved (not yet published) plans and everything in them stay inside the region's
circle.
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from kotacerdas.api.auth import OPTIONAL_SECURITY, token_required
from kotacerdas.api.errors import from_form
from kotacerdas.api.output import (
    Error,
    Id,
    InvalidOut,
    Page,
    PageParams,
    RegionCode,
    Year,
    csv_openapi,
    page,
)
from kotacerdas.api.schemas import MasterplanDetailOut, MasterplanOut, ProgrammeOut, bounded
from kotacerdas.core.cache import public_page
from kotacerdas.masterplans import published
from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, ProgrammeStatus
from kotacerdas.monitoring import progress, services
from kotacerdas.monitoring.forms_progress import ProgressForm
from kotacerdas.monitoring.models import ProgressReport
from kotacerdas.programmes.models import SELECTED_STATUSES, Participation

router = Router(tags=["masterplans"])


def public_masterplans():
    return Masterplan.objects.published().filter(participation__status__in=SELECTED_STATUSES)


def _region(region) -> dict:
    return {"code": region.code, "name": region.name}


def masterplan_out(masterplan) -> dict:
    participation = masterplan.participation
    return {
        "region": _region(participation.region),
        "cohort": participation.cohort.year,
        "title": masterplan.title,
        "start_year": masterplan.start_year,
        "end_year": masterplan.end_year,
        "framework_version": masterplan.framework_version.code,
        "programme_count": masterplan.programme_count,
        "quick_win_count": masterplan.quick_win_count,
        "is_demo": masterplan.is_demo,
    }


def _with_counts(masterplans):
    return masterplans.select_related(
        "participation__region", "participation__cohort", "framework_version"
    ).annotate(
        programme_count=Count("programmes", distinct=True),
        quick_win_count=Count("programmes", filter=Q(programmes__is_quick_win=True), distinct=True),
    )


@router.get(
    "/masterplans",
    response=Page[MasterplanOut],
    url_name="masterplans",
    summary="List published masterplans",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_masterplans(
    request, params: Query[PageParams], region: RegionCode | None = None, cohort: Year | None = None
):
    """Published masterplans by region code, then cohort year."""
    masterplans = _with_counts(public_masterplans()).order_by(
        "participation__region__code", "participation__cohort__year", "pk"
    )
    if region:
        masterplans = masterplans.filter(participation__region__code=region)
    if cohort:
        masterplans = masterplans.filter(participation__cohort__year=cohort)
    return page(
        request,
        masterplans,
        params,
        MasterplanOut,
        filename="masterplans",
        rows=lambda ms: [masterplan_out(m) for m in published.show_published_titles(ms)],
    )


def programme_rows(programmes, *, published_rows: dict | None = None) -> list[dict]:
    """Programmes as their masterplans published them (masterplans/published.py), with their current progress
    (monitoring.progress: the newest report). Three queries; two when ``published_rows`` (see
    ``published.publish_programmes``) is given."""
    rows = progress.progress_rows(
        MasterplanProgramme.objects.filter(pk__in=[p.pk for p in programmes])
        .select_related(
            "masterplan__participation__region", "masterplan__participation__cohort", "element", "owner_opd"
        )
        .order_by(*PROGRAMME_ORDER),
        with_milestones=False,
    )
    return [programme_out(row) for row in published.publish_rows(rows, rows=published_rows)]


def programme_out(row: progress.ProgrammeProgress) -> dict:
    p = row.programme
    participation = p.masterplan.participation
    delivery = row.delivery
    return {
        "id": p.pk,
        "region": _region(participation.region),
        "cohort": participation.cohort.year,
        "dimension": p.strategy.dimension.code,
        "element": p.element_code,
        "strategy": p.strategy.title,
        "name": p.name,
        "description": p.description,
        "owner_opd": p.owner_opd.name if p.owner_opd else None,
        "funding_source": p.funding_source,
        "budget": p.budget,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "horizon": p.horizon,
        "output": p.output,
        "outcome": p.outcome,
        "is_quick_win": p.is_quick_win,
        "delivery_months": p.delivery_months,
        "expected_benefit": p.expected_benefit,
        "beneficiaries": p.beneficiaries,
        "progress": {
            "reported_on": row.latest.reported_on if row.latest else None,
            "status": row.status,
            "percent_complete": row.percent,
            "budget_realised": row.budget_realised,
        },
        "delivery": (
            {"deadline": delivery.deadline, "delivered_on": delivery.delivered_on, "state": delivery.state}
            if delivery
            else None
        ),
    }


PROGRAMME_ORDER = (
    "masterplan__participation__region__code",
    "masterplan__participation__cohort__year",
    "strategy__dimension__order",
    "pk",
)


@router.get(
    "/masterplans/{region}/{cohort}",
    response={200: MasterplanDetailOut, 404: Error},
    url_name="masterplan",
    summary="One published masterplan",
    openapi_extra=OPTIONAL_SECURITY,
)
@decorate_view(public_page)
def get_masterplan(request, region: RegionCode, cohort: Year):
    """The region's published masterplan of the cohort as it was published (later edits show only once
    published again): vision with its keywords, strategic issues, the planning chain (missions, objectives, goals with their
    indicators, strategies) and programmes (quick wins are programmes with
    `is_quick_win`), each with its current progress."""
    masterplan = get_object_or_404(
        _with_counts(public_masterplans()),
        participation__region__code=region,
        participation__cohort__year=cohort,
    )
    snapshot = published.version_snapshot(masterplan)
    published.show_published_header(masterplan, snapshot)
    vision, missions = published.vision_and_missions(snapshot)
    mission_numbers = {m.get("id"): n for n, m in enumerate(snapshot.get("missions") or [], start=1)}
    return {
        **masterplan_out(masterplan),
        "vision": vision,
        "vision_keywords": [
            {"word": k.get("word", ""), "explanation": k.get("explanation", "")}
            for k in snapshot.get("vision_keywords") or []
        ],
        "strategic_issues": [i.get("text", "") for i in snapshot.get("strategic_issues") or []],
        "missions": [m.text for m in missions],
        "objectives": [
            {
                "mission": mission_numbers.get(o.get("mission_id")),
                "text": o.get("text", ""),
                "indicators": _targets(o),
            }
            for o in snapshot.get("objectives") or []
            if o.get("mission_id") in mission_numbers
        ],
        "goals": [
            {
                "dimension": g.get("dimension"),
                "objective": g.get("objective"),
                "text": g.get("text", ""),
                "indicators": _targets(g),
            }
            for g in snapshot.get("goals") or []
        ],
        "strategies": [
            {
                "dimension": s.get("dimension"),
                "element": s.get("element"),
                "goal": s.get("goal"),
                "title": s.get("title", ""),
                "description": s.get("description", ""),
            }
            for s in snapshot.get("strategies") or []
        ],
        "programmes": programme_rows(
            MasterplanProgramme.objects.filter(masterplan=masterplan).only("pk"),
            published_rows=published.snapshot_rows(masterplan, snapshot),
        ),
    }


def _targets(row: dict) -> list[dict]:
    """The indicators of an objective or goal of a snapshot, as the API shows them."""
    keys = ("name", "unit", "baseline_year", "baseline_value", "target_year", "target_value")
    return [{key: indicator.get(key) for key in keys} for indicator in row.get("indicators") or []]


@router.get(
    "/programmes",
    response=Page[ProgrammeOut],
    url_name="programmes",
    summary="List programmes and quick wins of published masterplans",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_programmes(
    request,
    params: Query[PageParams],
    region: RegionCode | None = None,
    cohort: Year | None = None,
    dimension: str | None = Query(None, pattern=r"^[A-Za-z0-9_-]{1,10}$", description="e.g. GOV"),
    quick_win: bool | None = None,
):
    """Programmes of published masterplans with their current progress; `quick_win=true` keeps the quick
    wins, with their deadline and delivery."""
    programmes = MasterplanProgramme.objects.filter(masterplan__in=public_masterplans()).order_by(
        *PROGRAMME_ORDER
    )
    if region:
        programmes = programmes.filter(masterplan__participation__region__code=region)
    if cohort:
        programmes = programmes.filter(masterplan__participation__cohort__year=cohort)
    if dimension:
        programmes = programmes.filter(strategy__dimension__code=dimension.upper())
    if quick_win is not None:
        programmes = programmes.filter(is_quick_win=quick_win)
    return page(
        request, programmes.only("pk"), params, ProgrammeOut, filename="programmes", rows=programme_rows
    )


# --- writing progress ----------------------------------------------------------------------------------------


class ProgressIn(Schema):
    reported_on: datetime.date = Field(description="The date the report describes; not in the future.")
    status: Literal[tuple(ProgrammeStatus.values)]  # type: ignore[valid-type]
    percent_complete: int = Field(ge=0, le=100)
    budget_realised: Decimal | None = bounded(
        ProgressReport,
        "budget_realised",
        None,
        description="Total spent since the programme began, in whole rupiah.",
    )
    delay_reason: str = Field("", max_length=2000, description="Required when the status is delayed.")
    note: str = Field("", max_length=2000)


class ProgressReportOut(Schema):
    id: int
    programme: int
    reported_on: datetime.date
    status: str
    percent_complete: int
    budget_realised: str | None
    delay_reason: str
    note: str


@router.post(
    "/programmes/{programme_id}/progress",
    auth=token_required,
    response={201: ProgressReportOut, 401: Error, 403: Error, 404: Error, 422: InvalidOut},
    url_name="programme_progress",
    summary="Report a programme's progress",
)
def report_progress(request, programme_id: Id, payload: ProgressIn):
    """A new progress report of a programme of the token owner's region (editors and approvers of its team,
    and the secretariat), as on the monitoring pages; earlier reports stay in the history. Programmes of
    another region answer 404."""
    user = request.auth.user
    programme = get_object_or_404(
        MasterplanProgramme.objects.select_related("masterplan__participation__region"),
        masterplan__participation__in=Participation.objects.visible_to(user),
        pk=programme_id,
    )
    participation = programme.masterplan.participation
    if not user.has_perm("monitoring.report", participation):
        raise PermissionDenied
    form = ProgressForm(
        {
            "reported_on": payload.reported_on.isoformat(),
            "status": payload.status,
            # Numbers themselves, not their text: the form reads text in the reader's convention (2.150 = 2150).
            "percent_complete": payload.percent_complete,
            "budget_realised": payload.budget_realised,
            "delay_reason": payload.delay_reason,
            "note": payload.note,
        }
    )
    if not form.is_valid():
        raise from_form(form)
    report = services.report_progress(programme, by=user, **form.cleaned_data)
    return Status(
        201,
        {
            "id": report.pk,
            "programme": programme.pk,
            "reported_on": report.reported_on,
            "status": report.status,
            "percent_complete": report.percent_complete,
            "budget_realised": None if report.budget_realised is None else str(report.budget_realised),
            "delay_reason": report.delay_reason,
            "note": report.note,
        },
    )
