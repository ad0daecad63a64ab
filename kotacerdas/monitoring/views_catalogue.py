"""The indicator catalogue: public reference data, plus each region's own indicators for those who follow it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.core.permissions import permission_required, public
from kotacerdas.framework.models import Dimension, Element, FrameworkVersion
from kotacerdas.monitoring import finders
from kotacerdas.monitoring.catalogue import u4ssc_is_core, u4ssc_path
from kotacerdas.monitoring.forms_catalogue import IndicatorForm
from kotacerdas.monitoring.models import Indicator, IndicatorSource, TrackedIndicator

TEMPLATES = "monitoring/catalogue/"
PAGE_SIZE = 50


def _visible(user):
    return Indicator.objects.visible_to(user).select_related("region")


@public
def indicator_list(request):
    version = FrameworkVersion.objects.current()
    dimensions = list(version.dimensions.all()) if version else []
    filters = {
        "q": request.GET.get("q", "").strip(),
        "source": request.GET.get("source", ""),
        "dimension": request.GET.get("dimension", ""),
    }
    indicators = _visible(request.user)
    if filters["q"]:
        q = filters["q"]
        indicators = indicators.filter(
            Q(code__icontains=q) | Q(name_id__icontains=q) | Q(name_en__icontains=q)
        )
    if filters["source"] in IndicatorSource.values:
        indicators = indicators.filter(source=filters["source"])
    if filters["dimension"]:
        indicators = indicators.filter(dimension_code=filters["dimension"])
    indicators = indicators.annotate(
        n_regions=Count("tracked__participation__region", distinct=True)
    ).order_by("code")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": Paginator(indicators, PAGE_SIZE).get_page(request.GET.get("page")),
        "sources": IndicatorSource.choices,
        "dimensions": dimensions,
        "dimension_names": {d.code: d.name for d in dimensions},
        "filters": filters,
        "querystring": query.urlencode(),
        "may_add": request.user.has_perm("monitoring.add_indicator"),
        "nav_active": "monitoring",
    }
    template = TEMPLATES + ("list.html#results" if request.htmx else "list.html")
    return render(request, template, context)


def _framework_labels(indicator) -> tuple:
    """The dimension and element of the current framework version that the indicator's codes name."""
    version = FrameworkVersion.objects.current()
    if version is None or not indicator.dimension_code:
        return None, None
    dimension = Dimension.objects.filter(version=version, code=indicator.dimension_code).first()
    element = None
    if dimension and indicator.element_code:
        element = Element.objects.filter(dimension=dimension, code=indicator.element_code).first()
    return dimension, element


@public
def indicator_detail(request, code):
    indicator = get_object_or_404(_visible(request.user), code=code)
    dimension, element = _framework_labels(indicator)
    n_regions = (
        TrackedIndicator.objects.filter(indicator=indicator)
        .values("participation__region")
        .distinct()
        .count()
    )
    context = {
        "indicator": indicator,
        "dimension": dimension,
        "element": element,
        "u4ssc_path": u4ssc_path(indicator.code) if indicator.source == IndicatorSource.U4SSC else None,
        "u4ssc_core": u4ssc_is_core(indicator.code),
        "n_regions": n_regions,
        "may_edit": request.user.has_perm("monitoring.change_indicator", indicator),
        "nav_active": "monitoring",
    }
    return render(request, TEMPLATES + "detail.html", context)


@permission_required("monitoring.add_indicator")
def indicator_create(request):
    form = IndicatorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        audit.record(
            "monitoring.indicator_created",
            target=indicator,
            by=request.user,
            new=indicator.code,
            region_code=indicator.region.code if indicator.region_id else "",
        )
        messages.success(request, _("Indicator %(code)s added to the catalogue.") % {"code": indicator.code})
        return redirect("monitoring:indicator_detail", code=indicator.code)
    return render(
        request, TEMPLATES + "form.html", {"form": form, "indicator": None, "nav_active": "monitoring"}
    )


@permission_required("monitoring.change_indicator", fetch=finders.indicator)
def indicator_edit(request, indicator):
    form = IndicatorForm(request.POST or None, instance=indicator, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = [name for name in form.changed_data if name != "code"]
        indicator = form.save()
        if changed:
            audit.record(
                "monitoring.indicator_changed",
                target=indicator,
                by=request.user,
                field=", ".join(changed),
                region_code=indicator.region.code if indicator.region_id else "",
            )
        messages.success(request, _("Indicator %(code)s saved.") % {"code": indicator.code})
        return redirect("monitoring:indicator_detail", code=indicator.code)
    return render(
        request, TEMPLATES + "form.html", {"form": form, "indicator": indicator, "nav_active": "monitoring"}
    )
