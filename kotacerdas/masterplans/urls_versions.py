"""URL patterns of this feature; included by masterplans/urls.py under <int:pk>/."""

from django.urls import path

from kotacerdas.masterplans import views_versions

urlpatterns: list = [
    path("versions/", views_versions.version_list, name="versions"),
    path("versions/compare/", views_versions.version_compare, name="version_compare"),
    path("versions/<int:number>/", views_versions.version_detail, name="version_detail"),
]
