from datetime import timedelta

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from kotacerdas.accounts.models import User
from kotacerdas.core import permissions
from kotacerdas.core.audit import action_label
from kotacerdas.core.cache import public_page
from kotacerdas.core.middleware import query_int
from kotacerdas.core.models import AuditEntry
from kotacerdas.core.permissions import SIGNED_IN, permission_required
from kotacerdas.masterplans import published
from kotacerdas.portal import dashboards, public, todos
from kotacerdas.programmes.models import SELECTED_STATUSES, Cohort, Participation, ParticipationStatus, Stage
from kotacerdas.programmes.views import status_counts
from kotacerdas.regions.models import Province, Region, RegionKind


@permissions.public
@public_page
def home(request):
    """The movement in figures, a small map, the cohorts and the latest news."""
    figures = public.movement()
    map_title = ngettext(
        "Map of Indonesia: %(n)s region in the smart city movement",
        "Map of Indonesia: %(n)s regions in the smart city movement",
        len(figures.dots),
    ) % {"n": len(figures.dots)}
    context = {
        "figures": figures,
        "map_svg": mark_safe(public.movement_map(figures, title=map_title)),  # escaped labels and numbers
        "cohorts": Cohort.objects.annotate(
            n_public=Count("participations", filter=Q(participations__status__in=SELECTED_STATUSES))
        )
        .filter(n_public__gt=0)
        .order_by("year"),
        "n_total_regions": Region.objects.count(),
        "latest_news": _latest_news(),
    }
    return render(request, "portal/home.html", context)


def _latest_news():
    """The three latest public posts, or None when the news app is not installed."""
    if not apps.is_installed("kotacerdas.news"):
        return None
    from kotacerdas.news.services import latest_posts

    return latest_posts(3)


@permissions.public
def region_directory(request):
    """All kabupaten/kota, searchable; a region in the movement shows its cohorts and its published masterplan."""
    regions = Region.objects.select_related("province").search(request.GET.get("q", ""))
    province = request.GET.get("province", "")
    kind = request.GET.get("kind", "")
    cohort = request.GET.get("cohort", "")
    movement = request.GET.get("movement", "") == "1"
    if province:
        regions = regions.filter(province__code=province)
    if kind in RegionKind.values:
        regions = regions.filter(kind=kind)
    if (cohort_id := query_int(request.GET, "cohort")) is not None:
        # Only selected participations are public; applications never reveal a region here.
        regions = regions.filter(
            participations__in=Participation.objects.public().filter(cohort_id=cohort_id)
        )
    if movement:
        regions = regions.filter(participations__in=Participation.objects.public())
    regions = regions.distinct().prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.public().select_related("cohort").order_by("cohort__year"),
            to_attr="public_participations",
        )
    )
    page = Paginator(regions, 50).get_page(request.GET.get("page"))
    plans = dashboards.latest_masterplans(list(page.object_list))
    published.show_published_titles(plans.values())  # titles as published (masterplans/published.py)
    for region in page.object_list:
        region.published_masterplan = plans.get(region.pk)
    context = {
        "page": page,
        "provinces": Province.objects.all(),
        "kinds": RegionKind.choices,
        "cohorts": Cohort.objects.order_by("year"),
        "filters": {
            "q": request.GET.get("q", ""),
            "province": province,
            "kind": kind,
            "cohort": cohort,
            "movement": movement,
        },
        "querystring": _querystring_without_page(request),
        "nav_active": "regions",
    }
    template = "portal/region_directory.html#results" if request.htmx else "portal/region_directory.html"
    return render(request, template, context)


def _querystring_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@permissions.public
@public_page
def region_detail(request, code):
    """A region's public record (its published masterplan, quick wins, indicators, evaluation, index), and for
    its team, mentors and the secretariat the links to what they manage."""
    region = get_object_or_404(Region.objects.select_related("province"), code=code)
    user = request.user
    private = Participation.objects.visible_to(user).filter(region=region)
    participations = Participation.objects.filter(
        Q(pk__in=Participation.objects.public().filter(region=region).values("pk"))
        | Q(pk__in=private.values("pk"))
    ).select_related("cohort")
    record = public.region_record(region)
    context = {
        "region": region,
        "record": record,
        "participations": participations.order_by("cohort__year"),
        "openable": set(private.values_list("pk", flat=True)),
        "opds": region.opds.all(),
        "can_manage_opds": user.has_perm("regions.manage_opds", region),
        "can_manage_members": user.has_perm("regions.manage_memberships", region),
        "can_see_feedback": user.has_perm("news.view_region_feedback", region),
        "can_view_bodies": user.has_perm("regions.view_bodies", region),
        "can_view_agreements": user.has_perm("programmes.view_agreements", region),
        "nav_active": "regions",
    }
    return render(request, "portal/region_detail.html", context)


@permission_required(SIGNED_IN)
def dashboard(request):
    user = request.user
    today = timezone.localdate()
    participations = (
        Participation.objects.visible_to(user)
        .select_related("region", "region__province", "cohort", "masterplan")
        .prefetch_related(Prefetch("mentors", queryset=User.objects.only("full_name", "email", "position")))
        .order_by("-cohort__year", "region__name")
    )
    context = {
        "today": today,
        "statuses": ParticipationStatus,
        "todo_groups": todos.grouped(todos.todos_for(user, today=today)),
    }
    if user.is_secretariat:
        context["cohorts"] = (
            status_counts(Cohort.objects.all(), user).select_related("programme").order_by("-year")
        )
        context["upcoming_stages"] = (
            Stage.objects.filter(ends_on__gte=today - timedelta(days=30))
            .select_related("cohort")
            .order_by("starts_on")[:12]
        )
        context["recent_stages"] = Stage.objects.select_related("cohort").order_by("-starts_on")[:8]
        context["recent_audit"] = AuditEntry.objects.select_related("actor")[:8]
    my_regions = [m.region for m in user.region_memberships.select_related("region", "region__province")]
    if my_regions:
        mine = [p for p in participations if p.region in my_regions]
        cohort_ids = {p.cohort_id for p in mine}
        context["region_participations"] = mine
        context["region_stages"] = Stage.objects.filter(cohort_id__in=cohort_ids).select_related("cohort")
        context["my_memberships"] = user.region_memberships.select_related("region")
    if user.is_mentor:
        context["mentored"] = [p for p in participations if any(m.pk == user.pk for m in p.mentors.all())]
    if user.is_evaluator:
        context["assessed_cohorts"] = user.assessed_cohorts.annotate(
            n_applications=Count(
                "participations", filter=Q(participations__status__in=["applied", "shortlisted"])
            )
        )
    return render(request, "portal/dashboard.html", context)


@permission_required("portal.view_audit_log")
def audit_log(request):
    entries = AuditEntry.objects.select_related("actor", "target_type")
    region = request.GET.get("region", "").strip()
    action = request.GET.get("action", "").strip()
    if region:
        entries = entries.for_region(region)
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    regions_with_entries = Region.objects.filter(
        code__in=AuditEntry.objects.exclude(region_code="").values("region_code")
    ).order_by("name")
    # The filter names each action in words, as the table does.
    actions = [
        (code, action_label(code))
        for code in AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    ]
    actions.sort(key=lambda pair: str(pair[1]).lower())
    return render(
        request,
        "portal/audit_log.html",
        {
            "page": page,
            "region": region,
            "action": action,
            "regions": regions_with_entries,
            "actions": actions,
            "querystring": _querystring_without_page(request),
        },
    )
