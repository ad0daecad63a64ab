"""Monitoring under /monitoring/ (names in the ``monitoring`` namespace); the implementation evaluation's pages
under /monitoring/implementation/ are the implementation app's (implementation/urls.py).

Indicator codes are capital letters, digits and ``: . _ -`` (see forms_catalogue), so the lower-case ``new/`` never
clashes with a code."""

from django.urls import path

from kotacerdas.monitoring import views_catalogue, views_exports, views_import, views_progress, views_values

app_name = "monitoring"

urlpatterns = [
    # The indicator catalogue.
    path("indicators/", views_catalogue.indicator_list, name="indicator_list"),
    path("indicators/new/", views_catalogue.indicator_create, name="indicator_create"),
    path("indicators/<str:code>/", views_catalogue.indicator_detail, name="indicator_detail"),
    path("indicators/<str:code>/edit/", views_catalogue.indicator_edit, name="indicator_edit"),
    # A region's indicators and their values.
    path("", views_values.home, name="home"),
    path("p/<int:pk>/", views_values.participation_detail, name="participation"),
    path("p/<int:pk>/indicators/add/", views_values.track_add, name="track_add"),
    path("p/<int:pk>/indicators/<int:tracked_pk>/", views_values.tracked_detail, name="tracked_detail"),
    path("p/<int:pk>/indicators/<int:tracked_pk>/values/", views_values.value_report, name="value_report"),
    path("p/<int:pk>/values/<int:value_pk>/verify/", views_values.value_verify, name="value_verify"),
    path("p/<int:pk>/values/<int:value_pk>/evidence/", views_values.value_evidence, name="value_evidence"),
    # Programme progress and milestones.
    path("p/<int:pk>/programmes/", views_progress.programmes, name="programmes"),
    path(
        "p/<int:pk>/programmes/<int:programme_pk>/progress/",
        views_progress.progress_report,
        name="progress_report",
    ),
    path(
        "p/<int:pk>/programmes/<int:programme_pk>/milestones/add/",
        views_progress.milestone_add,
        name="milestone_add",
    ),
    path(
        "p/<int:pk>/milestones/<int:milestone_pk>/done/", views_progress.milestone_done, name="milestone_done"
    ),
    # Spreadsheet import.
    path("p/<int:pk>/import/", views_import.import_upload, name="import_upload"),
    path("p/<int:pk>/import/template/<int:year>/", views_import.import_template, name="import_template"),
    path("p/<int:pk>/import/preview/", views_import.import_preview, name="import_preview"),
    path("p/<int:pk>/import/commit/", views_import.import_commit, name="import_commit"),
    # Exports and the yearly report.
    path("p/<int:pk>/export/values.<str:fmt>", views_exports.export_values, name="export_values"),
    path("p/<int:pk>/export/progress.<str:fmt>", views_exports.export_progress, name="export_progress"),
    path("p/<int:pk>/report/<int:year>.<str:fmt>", views_exports.report, name="report"),
]
