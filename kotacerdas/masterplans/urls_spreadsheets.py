"""URL patterns of this feature; included by masterplans/urls.py under <int:pk>/."""

from django.urls import path

from kotacerdas.masterplans import views_spreadsheets as views

urlpatterns: list = [
    path("programmes.xlsx", views.programmes_xlsx, name="programmes_xlsx"),
    path("programmes-template.xlsx", views.programmes_template, name="programmes_template"),
    path("programmes/import/", views.programmes_import, name="programmes_import"),
    path(
        "programmes/import/<int:import_pk>/",
        views.programmes_import_preview,
        name="programmes_import_preview",
    ),
    path(
        "programmes/import/<int:import_pk>/commit/",
        views.programmes_import_commit,
        name="programmes_import_commit",
    ),
    path(
        "programmes/import/<int:import_pk>/discard/",
        views.programmes_import_discard,
        name="programmes_import_discard",
    ),
]
