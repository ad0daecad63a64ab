from django.urls import path

from kotacerdas.monitoring import views_values as views

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<int:pk>/", views.participation_detail, name="participation"),
    path("p/<int:pk>/indicators/add/", views.track_add, name="track_add"),
    path("p/<int:pk>/indicators/<int:tracked_pk>/", views.tracked_detail, name="tracked_detail"),
    path("p/<int:pk>/indicators/<int:tracked_pk>/values/", views.value_report, name="value_report"),
    path("p/<int:pk>/values/<int:value_pk>/verify/", views.value_verify, name="value_verify"),
    path("p/<int:pk>/values/<int:value_pk>/evidence/", views.value_evidence, name="value_evidence"),
]
