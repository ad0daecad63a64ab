from django.urls import include, path

from kotacerdas.masterplans import urls as masterplans_urls
from kotacerdas.portal import views, views_dashboards, views_public

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("regions/", views.region_directory, name="region_directory"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    # The published masterplan and its books (masterplans app): portal:masterplan, portal:masterplan_book.
    path("", include(masterplans_urls.public_urlpatterns)),
    path("quick-wins/", views_public.quick_wins, name="quick_wins"),
    path("audit/", views.audit_log, name="audit_log"),
    # Public monitoring dashboards; beside the monitoring app's own pages (portal's paths are matched first).
    path("monitoring/national/", views_dashboards.national_dashboard, name="national_dashboard"),
    path("monitoring/regions/<str:code>/", views_dashboards.region_dashboard, name="region_dashboard"),
    path("monitoring/compare/", views_dashboards.compare, name="compare"),
]
