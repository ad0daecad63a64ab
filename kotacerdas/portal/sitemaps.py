"""sitemap.xml: the public pages, and only what is published (the same rules as the pages, portal/public.py).

Regions are those in the movement (a public participation); the other kabupaten/kota pages exist but hold
little. Masterplans, agendas, results and index rounds appear once published; news posts once their
publication time has come.
"""

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from kotacerdas.evaluations.models import EvaluationEvent
from kotacerdas.implementation.models import ImplementationRound
from kotacerdas.portal import dashboards
from kotacerdas.programmes.models import SELECTED_STATUSES
from kotacerdas.regions.models import Region


class PublicSitemap(Sitemap):
    """The protocol comes from the request (https behind the production proxy)."""

    protocol = None


class PagesSitemap(PublicSitemap):
    changefreq = "daily"
    priority = 0.8
    NAMES = [
        "portal:home",
        "portal:region_directory",
        "portal:quick_wins",
        "portal:national_dashboard",
        "portal:compare",
        "framework:version_list",
    ]

    def items(self):
        names = list(self.NAMES)
        if apps.is_installed("kotacerdas.news"):
            names.append("news:post_list")
        return names

    def location(self, item):
        return reverse(item)


class RegionSitemap(PublicSitemap):
    """The page of each region in the movement."""

    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Region.objects.filter(participations__status__in=SELECTED_STATUSES).distinct().order_by("code")

    def location(self, region):
        return reverse("portal:region_detail", args=[region.code])


class RegionDashboardSitemap(RegionSitemap):
    priority = 0.5

    def location(self, region):
        return reverse("portal:region_dashboard", args=[region.code])


class MasterplanSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return (
            dashboards.public_masterplans()
            .select_related("participation__region")
            .order_by("participation__region__code", "pk")
        )

    def location(self, masterplan):
        return reverse("portal:masterplan", args=[masterplan.participation.region.code, masterplan.pk])

    def lastmod(self, masterplan):
        return masterplan.updated_at


class AgendaSitemap(PublicSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return EvaluationEvent.objects.agenda_published().order_by("pk")

    def location(self, event):
        return reverse("evaluations:agenda", args=[event.pk])


class ResultsSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return EvaluationEvent.objects.filter(results_published_at__isnull=False).order_by("pk")

    def location(self, event):
        return reverse("evaluations:results", args=[event.pk])

    def lastmod(self, event):
        return event.results_published_at


class IndexSitemap(PublicSitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return ImplementationRound.objects.published().order_by("year")

    def location(self, rnd):
        return reverse("implementation:round_results", args=[rnd.year])

    def lastmod(self, rnd):
        return rnd.published_at


class NewsSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        from kotacerdas.news.models import Post

        return Post.objects.published().order_by("-publish_at", "-pk")

    def lastmod(self, post):
        return post.updated_at


def sitemaps() -> dict:
    sections = {
        "pages": PagesSitemap,
        "regions": RegionSitemap,
        "dashboards": RegionDashboardSitemap,
        "masterplans": MasterplanSitemap,
        "agendas": AgendaSitemap,
        "results": ResultsSitemap,
        "index": IndexSitemap,
    }
    if apps.is_installed("kotacerdas.news"):
        sections["news"] = NewsSitemap
    return sections
