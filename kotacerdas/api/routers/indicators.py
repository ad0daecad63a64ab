"""The shared indicator catalogue and published indicator values; reporting a value.

Public values are verified and current (``IndicatorValue.objects.published()``), of indicators of the shared
catalogue, reported by regions selected into a cohort. A region's own indicators, unverified, rejected and
superseded values are never shown.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from kotacerdas.api.auth import OPTIONAL_SECURITY, token_required
from kotacerdas.api.errors import from_form
from kotacerdas.api.output import (
    DecimalText,
    Error,
    InvalidOut,
    Page,
    PageParams,
    RegionCode,
    Year,
    csv_openapi,
    page,
)
from kotacerdas.api.schemas import IndicatorOut, IndicatorValueOut, bounded
from kotacerdas.core.cache import public_page
from kotacerdas.monitoring import services
from kotacerdas.monitoring.forms_values import ValueForm
from kotacerdas.monitoring.models import DataQuality, Indicator, IndicatorValue, TrackedIndicator
from kotacerdas.programmes.models import SELECTED_STATUSES, Participation

router = Router(tags=["indicators"])

CODE_PATTERN = r"^[^\x00-\x1f/]{1,40}$"


def shared_catalogue():
    return Indicator.objects.filter(region__isnull=True)


def indicator_out(indicator) -> dict:
    return {
        "code": indicator.code,
        "name_id": indicator.name_id,
        "name_en": indicator.name_en,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "numerator": indicator.numerator,
        "denominator": indicator.denominator,
        "dimension": indicator.dimension_code,
        "element": indicator.element_code,
        "source": indicator.source,
        "reference": indicator.reference,
    }


@router.get(
    "/indicators",
    response=Page[IndicatorOut],
    url_name="indicators",
    summary="List the indicator catalogue",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_indicators(
    request,
    params: Query[PageParams],
    source: str | None = Query(None, pattern=r"^[a-z0-9_]{1,16}$", description="e.g. u4ssc, sni_iso_37122"),
    dimension: str | None = Query(None, pattern=r"^[A-Za-z0-9_-]{1,10}$", description="e.g. GOV"),
):
    """The shared catalogue (U4SSC, SNI ISO 37120/37122, programme indicators) by code. Indicators a region
    defined for itself are not part of it."""
    indicators = shared_catalogue().order_by("code")
    if source:
        indicators = indicators.filter(source=source)
    if dimension:
        indicators = indicators.filter(dimension_code=dimension.upper())
    return page(
        request,
        indicators,
        params,
        IndicatorOut,
        filename="indicators",
        rows=lambda xs: [indicator_out(x) for x in xs],
    )


@router.get(
    "/indicators/{code}",
    response={200: IndicatorOut, 404: Error},
    url_name="indicator",
    summary="One indicator of the catalogue",
    openapi_extra=OPTIONAL_SECURITY,
)
@decorate_view(public_page)
def get_indicator(request, code: str = Path(..., pattern=CODE_PATTERN, description="e.g. EC:ICT:ICT:1C")):
    return indicator_out(get_object_or_404(shared_catalogue(), code=code))


def published_values():
    return IndicatorValue.objects.published().filter(
        tracked__participation__status__in=SELECTED_STATUSES, tracked__indicator__region__isnull=True
    )


def value_out(value) -> dict:
    participation = value.tracked.participation
    indicator = value.tracked.indicator
    return {
        "id": value.pk,
        "region": {"code": participation.region.code, "name": participation.region.name},
        "cohort": participation.cohort.year,
        "indicator": indicator.code,
        "unit": indicator.unit,
        "year": value.year,
        "value": value.value,
        "source": value.source,
        "method": value.method,
        "quality": value.quality,
        "verified_at": value.verified_at,
        "is_demo": value.is_demo,
    }


@router.get(
    "/indicator-values",
    response=Page[IndicatorValueOut],
    url_name="indicator_values",
    summary="List published indicator values",
    openapi_extra=OPTIONAL_SECURITY | csv_openapi(),
)
@decorate_view(public_page)
def list_values(
    request,
    params: Query[PageParams],
    region: RegionCode | None = None,
    indicator: str | None = Query(None, pattern=CODE_PATTERN, description="Indicator code"),
    cohort: Year | None = None,
    year_from: Year | None = None,
    year_to: Year | None = None,
):
    """Verified, current values by region, indicator, cohort and year. A correction replaces the value it
    corrects at once and is public once verified."""
    values = (
        published_values()
        .select_related(
            "tracked__indicator", "tracked__participation__region", "tracked__participation__cohort"
        )
        .order_by(
            "tracked__participation__region__code",
            "tracked__indicator__code",
            "tracked__participation__cohort__year",
            "year",
            "pk",
        )
    )
    if region:
        values = values.filter(tracked__participation__region__code=region)
    if indicator:
        values = values.filter(tracked__indicator__code=indicator)
    if cohort:
        values = values.filter(tracked__participation__cohort__year=cohort)
    if year_from:
        values = values.filter(year__gte=year_from)
    if year_to:
        values = values.filter(year__lte=year_to)
    return page(
        request,
        values,
        params,
        IndicatorValueOut,
        filename="indicator-values",
        rows=lambda vs: [value_out(v) for v in vs],
    )


# --- reporting a value ---------------------------------------------------------------------------------------


class ValueIn(Schema):
    region: RegionCode
    cohort: Year
    indicator: str = Field(pattern=CODE_PATTERN, description="Code of an indicator the region tracks")
    year: Year
    value: Decimal = bounded(IndicatorValue, "value")
    source: str = Field(min_length=1, max_length=250, description="Where the figure comes from, e.g. BPS")
    method: str = Field("", max_length=250)
    quality: int = Field(DataQuality.UNKNOWN, ge=1, le=6, description="1 measured … 6 unknown method")
    evidence_url: str = Field(max_length=500, description="A link to the evidence")


class ReportedValueOut(Schema):
    id: int
    region: str
    cohort: int
    indicator: str
    year: int
    value: DecimalText
    status: str = Field(description="reported: awaits verification by a mentor or evaluator")
    supersedes: int | None = Field(description="The value of the same year this one corrects")
    warnings: list[str] = Field(
        description="The value was stored, but it is more than three times, or less than a third of, the previous "
        "period's value or the year's target: check it (a correction is a new report for the same year)."
    )


@router.post(
    "/indicator-values",
    auth=token_required,
    response={201: ReportedValueOut, 401: Error, 403: Error, 404: Error, 422: InvalidOut},
    url_name="indicator_value_report",
    summary="Report an indicator value",
)
def report_value(request, payload: ValueIn):
    """A value for a year of an indicator the region tracks, as on the monitoring pages: editors and approvers
    of the region's team, and the secretariat. A value for a year that has one already is a correction; the
    earlier value stays in the history. New values await verification and are public only once verified.
    A region outside the token owner's regions answers 404."""
    user = request.auth.user
    participation = (
        Participation.objects.visible_to(user)
        .select_related("region", "cohort")
        .filter(region__code=payload.region, cohort__year=payload.cohort)
        .order_by("pk")
        .first()
    )
    if participation is None:
        raise Http404
    if not user.has_perm("monitoring.view_monitoring", participation):
        raise PermissionDenied
    tracked = get_object_or_404(
        TrackedIndicator.objects.select_related("indicator", "participation__region"),
        participation=participation,
        indicator__code=payload.indicator,
    )
    if not user.has_perm("monitoring.report", participation):
        raise PermissionDenied
    form = ApiValueForm(
        tracked=tracked,
        data={
            "year": str(payload.year),
            # The number itself, not its text: the form reads text in the reader's convention (2.150 = 2150).
            "value": payload.value,
            "source": payload.source,
            "method": payload.method,
            "quality": str(payload.quality),
            "evidence_url": payload.evidence_url,
        },
    )
    if not form.is_valid():
        raise from_form(form)
    warnings = form.plausibility_warnings()  # reported, not refused: the API has no "save anyway" step
    value = services.report_value(tracked, by=user, **form.cleaned_data)
    return Status(
        201,
        {
            "id": value.pk,
            "region": participation.region.code,
            "cohort": participation.cohort.year,
            "indicator": tracked.indicator.code,
            "year": value.year,
            "value": value.value,
            "status": value.status,
            "supersedes": value.supersedes_id,
            "warnings": warnings,
        },
    )


class ApiValueForm(ValueForm):
    """The page's form and its rules (evidence required, file size), with plain numbers: "45.5", never the
    localised "45,5"."""

    class Meta(ValueForm.Meta):
        localized_fields = ()
