"""Cohorts (one year's intake of the programme) and the regions selected into them."""

from typing import Literal

from django.db.models import Count, Q
from ninja import Query, Router
from ninja.decorators import decorate_view

from kotacerdas.api.auth import OPTIONAL_SECURITY
from kotacerdas.api.output import Page, PageParams, RegionCode, Year, csv_openapi, page
from kotacerdas.api.schemas import CohortOut, ParticipationOut
from kotacerdas.core.cache import public_page
from kotacerdas.programmes.models import SELECTED_STATUSES, Cohort, Participation

router = Router(tags=["cohorts"])

PublicStatus = Literal["selected", "mentoring", "evaluated", "graduated"]


def cohort_out(cohort) -> dict:
    return {
        "year": cohort.year,
        "name": cohort.name,
        "programme": cohort.programme.name,
        "target_size": cohort.target_size,
        "framework_version": cohort.framework_version.code,
        "participants": cohort.participants,
    }


@router.get(
    "/cohorts",
    response=Page[CohortOut],
    url_name="cohorts",
    summary="List cohorts",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_cohorts(request, params: Query[PageParams]):
    """Every cohort, oldest first, with the number of regions selected into it."""
    cohorts = (
        Cohort.objects.select_related("programme", "framework_version")
        .annotate(
            participants=Count("participations", filter=Q(participations__status__in=SELECTED_STATUSES))
        )
        .order_by("year", "programme__name", "pk")
    )
    return page(
        request, cohorts, params, CohortOut, filename="cohorts", rows=lambda cs: [cohort_out(c) for c in cs]
    )


def participation_out(participation) -> dict:
    region = participation.region
    return {
        "region": {"code": region.code, "name": region.name},
        "province": region.province.code,
        "cohort": participation.cohort.year,
        "status": participation.status,
        "is_demo": participation.is_demo,
    }


@router.get(
    "/participations",
    response=Page[ParticipationOut],
    url_name="participations",
    summary="List participations",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_participations(
    request,
    params: Query[PageParams],
    cohort: Year | None = None,
    region: RegionCode | None = None,
    status: PublicStatus | None = None,
):
    """Regions selected into a cohort, by cohort year then region code. Applications, refusals and
    withdrawals are not public."""
    participations = (
        Participation.objects.public()
        .select_related("region__province", "cohort")
        .order_by("cohort__year", "region__code", "pk")
    )
    if cohort:
        participations = participations.filter(cohort__year=cohort)
    if region:
        participations = participations.filter(region__code=region)
    if status:
        participations = participations.filter(status=status)
    return page(
        request,
        participations,
        params,
        ParticipationOut,
        filename="participations",
        rows=lambda ps: [participation_out(p) for p in ps],
    )
