from django.urls import path

from kotacerdas.programmes import views, views_agreements

app_name = "programmes"

urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_edit, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:cohort_pk>/stages/new/", views.stage_edit, name="stage_create"),
    path("cohorts/<int:cohort_pk>/stages/<int:pk>/", views.stage_edit, name="stage_edit"),
    path("cohorts/<int:cohort_pk>/participations/new/", views.participation_add, name="participation_add"),
    path("cohorts/<int:cohort_pk>/selection/", views.selection, name="selection"),
    path(
        "cohorts/<int:cohort_pk>/selection/select-top/",
        views.selection_select_top,
        name="selection_select_top",
    ),
    path("participations/<int:pk>/", views.participation_detail, name="participation_detail"),
    path("participations/<int:pk>/status/", views.participation_status, name="participation_status"),
    path("participations/<int:pk>/details/", views.participation_details, name="participation_details"),
    path("participations/<int:pk>/mentors/", views.participation_mentors, name="participation_mentors"),
    path("participations/<int:pk>/assess/", views.assess, name="assess"),
    path("agreements/", views_agreements.agreement_register, name="agreement_register"),
    path("agreements/<int:pk>/", views_agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views_agreements.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/delete/", views_agreements.agreement_delete, name="agreement_delete"),
    path("agreements/<int:pk>/scan/", views_agreements.agreement_scan, name="agreement_scan"),
    path("regions/<str:code>/agreements/", views_agreements.agreement_list, name="agreement_list"),
    path("regions/<str:code>/agreements/new/", views_agreements.agreement_create, name="agreement_create"),
]
