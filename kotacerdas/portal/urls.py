from django.urls import path

from kotacerdas.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("regions/", views.region_directory, name="region_directory"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("audit/", views.audit_log, name="audit_log"),
]
