"""URL patterns of this feature; included by evaluations/urls.py."""

from django.urls import path

from kotacerdas.evaluations import views_scoring as views

urlpatterns = [
    path("my-sessions/", views.my_sessions, name="my_sessions"),
    path("sessions/<int:pk>/score/", views.score_session, name="score_session"),
    path("sessions/<int:pk>/score/send/", views.score_send, name="score_send"),
    path("sessions/<int:pk>/masterplan/", views.session_masterplan, name="session_masterplan"),
    path("<int:pk>/board/", views.scoring_board, name="scoring_board"),
    path("sessions/<int:pk>/sheets/", views.session_sheets, name="session_sheets"),
    path("sheets/<int:pk>/reopen/", views.sheet_reopen, name="sheet_reopen"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/scores.xlsx", views.scores_xlsx, name="scores_xlsx"),
    path("<int:pk>/results/region/<str:code>/feedback.pdf", views.feedback_pdf, name="feedback_pdf"),
    path("<int:pk>/results/region/<str:code>/feedback.docx", views.feedback_docx, name="feedback_docx"),
]
