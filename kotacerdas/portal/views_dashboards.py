"""Public monitoring dashboards: national (the map, counts, progress per dimension), one region's, and a
comparison of chosen regions. Figures come from ``portal/dashboards.py``, charts from ``portal/charts.py``;
the pages are the same for every visitor, so they show only what is public (see dashboards.py)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core.cache import public_page
from kotacerdas.core.forms import YearField
from kotacerdas.core.permissions import public
from kotacerdas.implementation import services as services_index
from kotacerdas.implementation.charts import histogram_svg, history_svg
from kotacerdas.monitoring.charts import trend_svg
from kotacerdas.portal import charts, dashboards
from kotacerdas.programmes.models import SELECTED_STATUSES
from kotacerdas.regions.models import Region

TEMPLATES = "portal/dashboards/"
MAX_YEARS = 15


def _safe(svg: str) -> str:
    return mark_safe(svg)  # built from escaped labels and numbers in portal/charts.py or monitoring/charts.py


def _progress_series(figures) -> list:
    return [
        (_("Programmes on track"), [f.on_track_percent for f in figures]),
        (_("Mean percent complete"), [f.percent_complete for f in figures]),
        (_("Quick wins delivered on time"), [f.quick_wins_on_time_percent for f in figures]),
    ]


@public
@public_page
def national_dashboard(request):
    data = dashboards.national()
    colours = {year: charts.colour(i) for i, year in enumerate(data.years)}
    dots = [
        charts.MapDot(
            lat=p.centroid.lat,
            lon=p.centroid.lon,
            fill=colours[p.first_year],
            title=f"{p.region.name} ({p.region.province.name}) · "
            + ", ".join(part.cohort.name for part in p.participations),
            code=p.region.code,
        )
        for p in data.on_map
    ]
    map_svg = charts.map_svg(
        title=_("Map of Indonesia: %(n)s participating regions among the kabupaten/kota") % {"n": len(dots)},
        base=tuple((c.lat, c.lon) for c in dashboards.centroids().values()),
        dots=dots,
        legend=None,
    )
    shown = [c for c in data.cohorts if c.total]
    counts_svg = charts.stacked_bars_svg(
        title=_("Participating regions per cohort and status"),
        categories=[str(c.cohort.year) for c in shown],
        series=[(s.label, [c.counts[s] for c in shown]) for s in dashboards.PUBLIC_STATUSES],
        colours=charts.SEQUENTIAL,
    )
    progress_svg = charts.grouped_bars_svg(
        title=_("Progress per smart city dimension"),
        groups=[f.name for f in data.dimensions],
        series=_progress_series(data.dimensions),
    )
    context = {
        "data": data,
        **_national_index(),
        "legend": [(year, colours[year]) for year in data.years],
        "base_colour": charts.BASE_DOT,
        "map_svg": _safe(map_svg),
        "counts_svg": _safe(counts_svg),
        "progress_svg": _safe(progress_svg),
        "statuses": dashboards.PUBLIC_STATUSES,
        "today": timezone.localdate(),
        "nav_active": "national",
    }
    return render(request, TEMPLATES + "national.html", context)


def _national_index() -> dict:
    """The latest published implementation index: its distribution and the top of the ranking (two queries)."""
    rnd, results = services_index.published_results()
    if rnd is None:
        return {"index_round": None}
    values = [r.index for r in results if r.index is not None]
    return {
        "index_round": rnd,
        "index_top": [r for r in results if r.rank is not None][:10],
        "index_count": len(values),
        "index_mean": (sum(values) / len(values)).quantize(Decimal("0.01")) if values else None,
        "index_svg": _safe(
            histogram_svg(
                services_index.index_histogram(values, scale=rnd.scale),
                title=_("Regions per index band, %(year)s") % {"year": rnd.year},
            )
        ),
    }


def _region_index(region, dimensions) -> dict:
    """The region's published indices by year, and the latest one per smart city dimension (one query)."""
    history = services_index.region_index_history(region)
    scored = [r for r in history if r.index is not None]
    if not scored:
        return {"index_history": []}
    latest = scored[-1]
    names = {d.code: d.name for d in dimensions}
    return {
        "index_history": scored,
        "index_latest": latest,
        "index_by_dimension": [
            (names.get(code, code), None if value is None else Decimal(value))
            for code, value in latest.by_dimension.items()
        ],
        "index_svg": _safe(
            history_svg(
                [(r.entry.round.year, r.index) for r in scored],
                scale=latest.entry.round.scale,
                title=_("Implementation index of %(region)s by year") % {"region": region.name},
            )
        ),
    }


def _trend_chart(trend) -> str:
    tracked = trend.tracked
    return _safe(
        trend_svg(
            title=trend.indicator.name,
            unit=trend.indicator.unit,
            baseline=(tracked.baseline_year, tracked.baseline_value),
            values=[(v.year, v.value, True) for v in trend.values],
            targets=trend.targets,
            width=420,
            height=200,
        )
    )


@public
@public_page
def region_dashboard(request, code):
    region = get_object_or_404(Region.objects.select_related("province"), code=code)
    data = dashboards.regional(region)
    axes = [f.name for f in data.dimensions]
    profile_svg = charts.radar_svg(
        title=_("Profile of %(region)s per smart city dimension") % {"region": region.name},
        axes=axes,
        series=[
            (_("Programmes on track"), [f.on_track_percent for f in data.dimensions]),
            (_("Mean percent complete"), [f.percent_complete for f in data.dimensions]),
        ],
    )
    context = {
        "region": region,
        "data": data,
        **_region_index(region, data.dimensions),
        "profile_svg": _safe(profile_svg) if data.rows else "",
        "trends": [(trend, _trend_chart(trend)) for trend in data.trends],
        "nav_active": "national",
    }
    return render(request, TEMPLATES + "region.html", context)


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.province.name})"


def _participant_regions():
    return (
        Region.objects.filter(participations__status__in=SELECTED_STATUSES)
        .select_related("province")
        .distinct()
        .order_by("name", "code")
    )


class CompareForm(forms.Form):
    """Up to six participating regions and a range of years, from the query string (a GET form)."""

    r = RegionChoiceField(
        label=gettext_lazy("Regions"),
        queryset=Region.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Choose up to six participating regions."),
        error_messages={"required": gettext_lazy("Choose at least one region.")},
    )
    year_from = YearField(label=gettext_lazy("From year"), min_value=2000, max_value=2100)
    year_to = YearField(label=gettext_lazy("To year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["r"].queryset = _participant_regions()

    def clean_r(self):
        regions = self.cleaned_data["r"]
        if len(regions) > dashboards.MAX_COMPARED:
            raise ValidationError(
                _("Choose at most %(max)d regions.") % {"max": dashboards.MAX_COMPARED}, code="too_many"
            )
        return regions

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first is not None and last is not None:
            if last < first:
                self.add_error("year_to", _("The last year cannot come before the first year."))
            elif last - first + 1 > MAX_YEARS:
                self.add_error("year_to", _("Choose at most %(max)d years.") % {"max": MAX_YEARS})
        return cleaned


@public
def compare(request):
    year = timezone.localdate().year
    bound = any(key in request.GET for key in ("r", "year_from", "year_to"))
    form = CompareForm(request.GET if bound else None, initial={"year_from": year - 4, "year_to": year})
    context = {"form": form, "nav_active": "national", "max_compared": dashboards.MAX_COMPARED}
    if not bound:
        return render(request, TEMPLATES + "compare.html", context)
    if not form.is_valid():
        return render(request, TEMPLATES + "compare.html", context, status=400)
    regions = sorted(form.cleaned_data["r"], key=lambda r: (r.name, r.code))
    data = dashboards.comparison(
        regions, year_from=form.cleaned_data["year_from"], year_to=form.cleaned_data["year_to"]
    )
    progress_svg = charts.grouped_bars_svg(
        title=_("Mean percent complete per smart city dimension"),
        groups=[name for _code, name in data.dimensions],
        series=[(c.region.name, [f.percent_complete for f in c.dimensions]) for c in data.regions],
    )
    context |= {
        "data": data,
        "progress_svg": _safe(progress_svg),
        "colours": [charts.colour(i) for i in range(len(data.regions))],
    }
    return render(request, TEMPLATES + "compare.html", context)
