from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from kotacerdas.core import views as core_views
from kotacerdas.core.permissions import public
from kotacerdas.portal import views_public as portal_public_views
from kotacerdas.portal.sitemaps import sitemaps

urlpatterns = [
    path("", include("kotacerdas.portal.urls")),
    path("accounts/", include("kotacerdas.accounts.urls")),
    path("regions/", include("kotacerdas.regions.urls")),
    path("framework/", include("kotacerdas.framework.urls")),
    path("programme/", include("kotacerdas.programmes.urls")),
    path("bimtek/", include("kotacerdas.bimtek.urls")),
    path("masterplans/", include("kotacerdas.masterplans.urls")),
    path("evaluations/", include("kotacerdas.evaluations.urls")),
    path("scheduling/", include("kotacerdas.scheduling.urls")),
    path("monitoring/implementation/", include("kotacerdas.implementation.urls")),
    path("monitoring/", include("kotacerdas.monitoring.urls")),
    path("letters/", include("kotacerdas.letters.urls")),
    path("news/", include("kotacerdas.news.urls")),
    path("api/", include("kotacerdas.api.urls")),
    # Exempt from CSRF: the worst a forged request can do is switch the visitor's language, and without the
    # token in every page's header the public pages hold nothing per visitor and can be cached (core/cache.py).
    path("i18n/setlang/", public(csrf_exempt(set_language)), name="set_language"),
    path("health/", core_views.health, name="health"),
    path("sitemap.xml", public(sitemap), {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", portal_public_views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
]

handler400 = "kotacerdas.core.views.bad_request"
handler403 = "kotacerdas.core.views.permission_denied"
handler404 = "kotacerdas.core.views.page_not_found"
handler500 = "kotacerdas.core.views.server_error"
