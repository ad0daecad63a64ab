"""The evaluation's addresses, mounted at /evaluations/: the secretariat's set-up pages (views_manage.py), the
public agenda (views_agenda.py, no login), scoring and results (views_scoring.py) and the text overlap aid
(views_overlap.py). Each view declares who may call it (core/permissions.py)."""

from django.urls import path

from kotacerdas.evaluations import views_agenda, views_manage, views_overlap, views_scoring

app_name = "evaluations"

urlpatterns = [
    # The secretariat's set-up pages.
    path("", views_manage.event_list, name="event_list"),
    path("new/", views_manage.event_edit, name="event_create"),
    path("<int:pk>/", views_manage.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views_manage.event_edit, name="event_edit"),
    path("<int:pk>/days/", views_manage.day_add, name="day_add"),
    path("<int:pk>/days/<int:item_pk>/delete/", views_manage.day_delete, name="day_delete"),
    path("<int:pk>/breaks/", views_manage.break_add, name="break_add"),
    path("<int:pk>/breaks/<int:item_pk>/delete/", views_manage.break_delete, name="break_delete"),
    path("<int:pk>/rooms/", views_manage.room_add, name="room_add"),
    path("<int:pk>/rooms/<int:item_pk>/delete/", views_manage.room_delete, name="room_delete"),
    path("<int:pk>/panels/", views_manage.panel_add, name="panel_add"),
    path("<int:pk>/panels/<int:panel_pk>/", views_manage.panel_edit, name="panel_edit"),
    path("<int:pk>/panels/<int:panel_pk>/delete/", views_manage.panel_delete, name="panel_delete"),
    path("<int:pk>/awards/", views_manage.award_add, name="award_add"),
    path("<int:pk>/awards/<int:item_pk>/delete/", views_manage.award_delete, name="award_delete"),
    path("<int:pk>/availability/", views_manage.availability_add, name="availability_add"),
    path(
        "<int:pk>/availability/<int:item_pk>/delete/",
        views_manage.availability_delete,
        name="availability_delete",
    ),
    path("<int:pk>/conflicts/", views_manage.conflict_add, name="conflict_add"),
    path("<int:pk>/conflicts/<int:item_pk>/delete/", views_manage.conflict_delete, name="conflict_delete"),
    path("<int:pk>/schedule/new/", views_manage.session_create, name="session_create"),
    path("<int:pk>/schedule/<int:session_pk>/", views_manage.session_edit, name="session_edit"),
    path("<int:pk>/schedule/<int:session_pk>/delete/", views_manage.session_delete, name="session_delete"),
    path("<int:pk>/agenda/publish/", views_manage.agenda_publish, name="agenda_publish"),
    path("<int:pk>/results/publish/", views_manage.results_publish, name="results_publish"),
    path("rubrics/", views_manage.rubric_list, name="rubric_list"),
    path("rubrics/new/", views_manage.rubric_edit, name="rubric_create"),
    path("rubrics/<int:pk>/", views_manage.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/edit/", views_manage.rubric_edit, name="rubric_edit"),
    path("rubrics/<int:pk>/criteria/new/", views_manage.criterion_edit, name="criterion_create"),
    path("rubrics/<int:pk>/criteria/<int:criterion_pk>/", views_manage.criterion_edit, name="criterion_edit"),
    path(
        "rubrics/<int:pk>/criteria/<int:criterion_pk>/delete/",
        views_manage.criterion_delete,
        name="criterion_delete",
    ),
    path("rubrics/<int:pk>/new-version/", views_manage.rubric_new_version, name="rubric_new_version"),
    # The public agenda (no login).
    path("<int:pk>/agenda/", views_agenda.agenda, name="agenda"),
    path("<int:pk>/agenda/changes/", views_agenda.agenda_changes, name="agenda_changes"),
    path("<int:pk>/agenda/region/<str:code>/", views_agenda.agenda_region, name="agenda_region"),
    path("<int:pk>/agenda.ics", views_agenda.agenda_ics, name="agenda_ics"),
    path("<int:pk>/agenda/room/<int:room_pk>.ics", views_agenda.agenda_room_ics, name="agenda_room_ics"),
    path("<int:pk>/agenda/region/<str:code>.ics", views_agenda.agenda_region_ics, name="agenda_region_ics"),
    path("<int:pk>/agenda.pdf", views_agenda.agenda_pdf, name="agenda_pdf"),
    # Scoring and results.
    path("my-sessions/", views_scoring.my_sessions, name="my_sessions"),
    path("sessions/<int:pk>/score/", views_scoring.score_session, name="score_session"),
    path("sessions/<int:pk>/score/send/", views_scoring.score_send, name="score_send"),
    path("sessions/<int:pk>/masterplan/", views_scoring.session_masterplan, name="session_masterplan"),
    path("<int:pk>/board/", views_scoring.scoring_board, name="scoring_board"),
    path("sessions/<int:pk>/sheets/", views_scoring.session_sheets, name="session_sheets"),
    path("sheets/<int:pk>/reopen/", views_scoring.sheet_reopen, name="sheet_reopen"),
    path("<int:pk>/results/", views_scoring.results, name="results"),
    path("<int:pk>/results/scores.xlsx", views_scoring.scores_xlsx, name="scores_xlsx"),
    path("<int:pk>/results/region/<str:code>/feedback.pdf", views_scoring.feedback_pdf, name="feedback_pdf"),
    path(
        "<int:pk>/results/region/<str:code>/feedback.docx", views_scoring.feedback_docx, name="feedback_docx"
    ),
    # The text overlap aid.
    path("sessions/<int:pk>/overlap/", views_overlap.session_overlap, name="session_overlap"),
    path("masterplans/<int:pk>/overlap/", views_overlap.masterplan_overlap, name="masterplan_overlap"),
]
