from django.urls import path

from kotacerdas.bimtek import views

app_name = "bimtek"

urlpatterns = [
    path("", views.home, name="home"),
    path("stage/<int:pk>/", views.stage_overview, name="stage"),
    path("stage/<int:pk>/deliverables/add/", views.expectation_add, name="expectation_add"),
    path("stage/<int:pk>/import/template/", views.import_template, name="import_template"),
    path("stage/<int:pk>/import/", views.import_upload, name="import_upload"),
    path("stage/<int:pk>/import/preview/", views.import_preview, name="import_preview"),
    path("stage/<int:pk>/import/commit/", views.import_commit, name="import_commit"),
    path("stage/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("stage/<int:pk>/check-in/<int:attendee>/", views.check_in_attendee, name="check_in_attendee"),
    path("cohort/<int:pk>/", views.cohort_overview, name="cohort"),
    path("deliverable/<int:pk>/receipt/", views.receipt_record, name="receipt"),
    path("participation/<int:pk>/", views.region, name="region"),
]
