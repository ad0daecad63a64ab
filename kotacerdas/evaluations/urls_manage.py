"""The secretariat's set-up pages; included by evaluations/urls.py (mounted at /evaluations/)."""

from django.urls import path

from kotacerdas.evaluations import views_manage as views

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_edit, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/days/", views.day_add, name="day_add"),
    path("<int:pk>/days/<int:item_pk>/delete/", views.day_delete, name="day_delete"),
    path("<int:pk>/breaks/", views.break_add, name="break_add"),
    path("<int:pk>/breaks/<int:item_pk>/delete/", views.break_delete, name="break_delete"),
    path("<int:pk>/rooms/", views.room_add, name="room_add"),
    path("<int:pk>/rooms/<int:item_pk>/delete/", views.room_delete, name="room_delete"),
    path("<int:pk>/panels/", views.panel_add, name="panel_add"),
    path("<int:pk>/panels/<int:panel_pk>/", views.panel_edit, name="panel_edit"),
    path("<int:pk>/panels/<int:panel_pk>/delete/", views.panel_delete, name="panel_delete"),
    path("<int:pk>/awards/", views.award_add, name="award_add"),
    path("<int:pk>/awards/<int:item_pk>/delete/", views.award_delete, name="award_delete"),
    path("<int:pk>/availability/", views.availability_add, name="availability_add"),
    path(
        "<int:pk>/availability/<int:item_pk>/delete/",
        views.availability_delete,
        name="availability_delete",
    ),
    path("<int:pk>/conflicts/", views.conflict_add, name="conflict_add"),
    path("<int:pk>/conflicts/<int:item_pk>/delete/", views.conflict_delete, name="conflict_delete"),
    path("<int:pk>/schedule/new/", views.session_create, name="session_create"),
    path("<int:pk>/schedule/<int:session_pk>/", views.session_edit, name="session_edit"),
    path("<int:pk>/schedule/<int:session_pk>/delete/", views.session_delete, name="session_delete"),
    path("<int:pk>/agenda/publish/", views.agenda_publish, name="agenda_publish"),
    path("<int:pk>/results/publish/", views.results_publish, name="results_publish"),
    path("rubrics/", views.rubric_list, name="rubric_list"),
    path("rubrics/new/", views.rubric_edit, name="rubric_create"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/edit/", views.rubric_edit, name="rubric_edit"),
    path("rubrics/<int:pk>/criteria/new/", views.criterion_edit, name="criterion_create"),
    path("rubrics/<int:pk>/criteria/<int:criterion_pk>/", views.criterion_edit, name="criterion_edit"),
    path(
        "rubrics/<int:pk>/criteria/<int:criterion_pk>/delete/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path("rubrics/<int:pk>/new-version/", views.rubric_new_version, name="rubric_new_version"),
]
