"""The implementation evaluation under /monitoring/implementation/ (names in the ``implementation`` namespace)."""

from django.urls import path

from kotacerdas.implementation import views

app_name = "implementation"

urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("new/", views.round_create, name="round_create"),
    path("weights/", views.schemes, name="schemes"),
    path("weights/new/", views.scheme_create, name="scheme_create"),
    path("<int:year>/", views.round_detail, name="round_detail"),
    path("<int:year>/status/", views.round_status, name="round_status"),
    path("<int:year>/enrol/", views.round_enrol, name="round_enrol"),
    path("<int:year>/results/", views.results, name="round_results"),
    path("<int:year>/results.<str:fmt>", views.results_export, name="round_results_export"),
    path("<int:year>/regions/<int:entry_pk>/", views.entry_detail, name="entry_detail"),
    path("<int:year>/regions/<int:entry_pk>/assign/", views.entry_assign, name="entry_assign"),
    path("<int:year>/regions/<int:entry_pk>/reopen/", views.entry_reopen, name="entry_reopen"),
    path(
        "<int:year>/regions/<int:entry_pk>/evidence/<str:dimension>/",
        views.entry_evidence,
        name="entry_evidence",
    ),
    path("<int:year>/validations/<int:sheet_pk>/", views.sheet_detail, name="sheet_detail"),
    path("<int:year>/validations/<int:sheet_pk>/remove/", views.sheet_unassign, name="sheet_unassign"),
]
