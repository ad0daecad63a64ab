"""Regions (kabupaten/kota) by their Kemendagri code, with the cohorts they take part in."""

from typing import Literal

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.decorators import decorate_view

from kotacerdas.api.auth import OPTIONAL_SECURITY
from kotacerdas.api.output import Error, Page, PageParams, ProvinceCode, RegionCode, csv_openapi, page
from kotacerdas.api.schemas import RegionOut
from kotacerdas.core.cache import public_page
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import Region

router = Router(tags=["regions"])


def public_regions():
    public = Participation.objects.public()
    return (
        Region.objects.select_related("province")
        .annotate(participating=Exists(public.filter(region=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=public.select_related("cohort").order_by("cohort__year", "pk"),
                to_attr="public_participations",
            )
        )
    )


def region_out(region) -> dict:
    return {
        "code": region.code,
        "name": region.name,
        "kind": region.kind,
        "province": {"code": region.province.code, "name": region.province.name},
        "timezone": region.province.timezone,
        "participating": region.participating,
        "cohorts": sorted({p.cohort.year for p in region.public_participations}),
    }


@router.get(
    "/regions",
    response=Page[RegionOut],
    url_name="regions",
    summary="List regions",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_regions(
    request,
    params: Query[PageParams],
    province: ProvinceCode | None = None,
    kind: Literal["kabupaten", "kota"] | None = None,
    participating: bool | None = None,
    q: str | None = Query(None, max_length=100, description="Part of the name or code"),
):
    """All 514 kabupaten/kota in the order of their codes; `participating=true` keeps those selected into a
    cohort of the movement."""
    regions = public_regions().order_by("code")
    if province:
        regions = regions.filter(province__code=province)
    if kind:
        regions = regions.filter(kind=kind)
    if participating is not None:
        regions = regions.filter(participating=participating)
    if q:
        regions = regions.search(q.replace("\x00", ""))
    return page(
        request, regions, params, RegionOut, filename="regions", rows=lambda rs: [region_out(r) for r in rs]
    )


@router.get(
    "/regions/{code}",
    response={200: RegionOut, 404: Error},
    url_name="region",
    summary="One region",
    openapi_extra=OPTIONAL_SECURITY,
)
@decorate_view(public_page)
def get_region(request, code: RegionCode):
    return region_out(get_object_or_404(public_regions(), code=code))
