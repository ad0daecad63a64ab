"""The implementation index (the yearly implementation evaluation) of published rounds only."""

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.decorators import decorate_view

from kotacerdas.api.auth import OPTIONAL_SECURITY
from kotacerdas.api.output import Error, Page, PageParams, RegionCode, Year, csv_openapi, page
from kotacerdas.api.schemas import IndexResultOut, IndexRoundOut
from kotacerdas.core.cache import public_page
from kotacerdas.evaluations.models import ImplementationDimension
from kotacerdas.implementation.models import ImplementationRound, IndexResult, SchemeWeight

router = Router(tags=["implementation index"])


def round_out(rnd) -> dict:
    weights = {w.dimension: w.weight for w in rnd.scheme.weights.all()}
    return {
        "year": rnd.year,
        "name": rnd.name,
        "weights": [
            {"dimension": d.value, "weight": weights[d.value]}
            for d in ImplementationDimension
            if d.value in weights
        ],
        "published_at": rnd.published_at,
        "regions": rnd.regions,
    }


def published_rounds():
    return (
        ImplementationRound.objects.published()
        .select_related("scheme")
        .prefetch_related(Prefetch("scheme__weights", queryset=SchemeWeight.objects.order_by("pk")))
        .annotate(regions=Count("entries__result", filter=Q(entries__result__index__isnull=False)))
    )


@router.get(
    "/index-rounds",
    response=Page[IndexRoundOut],
    url_name="index_rounds",
    summary="List published implementation evaluation rounds",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_rounds(request, params: Query[PageParams]):
    """Published rounds, newest first, with the weights of the five evaluation dimensions."""
    rounds = published_rounds().order_by("-year")
    return page(
        request,
        rounds,
        params,
        IndexRoundOut,
        filename="index-rounds",
        rows=lambda rs: [round_out(r) for r in rs],
    )


@router.get(
    "/index-rounds/{year}",
    response={200: IndexRoundOut, 404: Error},
    url_name="index_round",
    summary="One published round",
    openapi_extra=OPTIONAL_SECURITY,
)
@decorate_view(public_page)
def get_round(request, year: Year):
    return round_out(get_object_or_404(published_rounds(), year=year))


def result_out(result) -> dict:
    participation = result.entry.participation
    return {
        "year": result.entry.round.year,
        "region": {"code": participation.region.code, "name": participation.region.name},
        "cohort": participation.cohort.year,
        "index": result.index,
        "rank": result.rank,
        "ranked_among": result.ranked_among,
        "previous": result.previous,
        "change": result.change,
        "self_index": result.self_index,
        "by_evaluation": {k: None if v is None else str(v) for k, v in (result.by_evaluation or {}).items()},
        "by_dimension": {k: None if v is None else str(v) for k, v in (result.by_dimension or {}).items()},
    }


@router.get(
    "/index-results",
    response=Page[IndexResultOut],
    url_name="index_results",
    summary="List published implementation indices",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_results(
    request, params: Query[PageParams], year: Year | None = None, region: RegionCode | None = None
):
    """Each region's published index by year (newest first) then rank; with the index per evaluation
    dimension (baseline, output, outcome, impact, quick_win) and per smart city dimension."""
    results = (
        IndexResult.objects.published()
        .select_related("entry__round", "entry__participation__region", "entry__participation__cohort")
        .order_by(
            "-entry__round__year",
            F("rank").asc(nulls_last=True),
            "entry__participation__region__code",
            "pk",
        )
    )
    if year:
        results = results.filter(entry__round__year=year)
    if region:
        results = results.filter(entry__participation__region__code=region)
    return page(
        request,
        results,
        params,
        IndexResultOut,
        filename="index-results",
        rows=lambda rs: [result_out(r) for r in rs],
    )
