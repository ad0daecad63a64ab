"""Public pages across regions: the quick-win showcase, robots.txt. What they may show is in
``portal/public.py``."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from kotacerdas.core import permissions
from kotacerdas.core.cache import public_page
from kotacerdas.masterplans import published
from kotacerdas.portal import dashboards, public


def _querystring_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@permissions.public
@public_page
def quick_wins(request):
    """Quick wins of every published masterplan with their delivery, filtered by dimension, region and state."""
    dimensions = dashboards.framework_dimensions()
    regions = list(public.showcase_regions())
    dimension = request.GET.get("dimension", "")
    region = request.GET.get("region", "")
    state = request.GET.get("state", "")
    if dimension not in {d.code for d in dimensions}:
        dimension = ""
    if region not in {r.code for r in regions}:
        region = ""
    if state not in public.DELIVERY_STATES:
        state = ""
    data = public.showcase(dimension=dimension, region=region, state=state)
    page = Paginator(data.rows, public.SHOWCASE_PAGE_SIZE).get_page(request.GET.get("page"))
    # The quick wins of this page as their masterplans published them (masterplans/published.py).
    page.object_list = published.publish_rows(list(page.object_list))
    context = {
        "data": data,
        "page": page,
        "dimensions": dimensions,
        "regions": regions,
        "states": public.DELIVERY_STATES,
        "filters": {"dimension": dimension, "region": region, "state": state},
        "filtered": bool(dimension or region or state),
        "querystring": _querystring_without_page(request),
        "nav_active": "quick_wins",
    }
    template = "portal/public/quick_wins.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


# Working areas behind a login: crawlers only meet the login page there. The API is for programs, not for
# search engines (its interactive documentation stays crawlable).
ROBOTS_DISALLOW = [
    "/accounts/",
    "/admin/",
    "/dashboard/",
    "/audit/",
    "/masterplans/",
    "/programme/",
    "/scheduling/",
    "/news/manage/",
    "/news/moderation/",
    "/api/",
]
ROBOTS_ALLOW = ["/api/v1/docs"]


@require_GET
@permissions.public
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Allow: {path}" for path in ROBOTS_ALLOW),
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
    ]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
