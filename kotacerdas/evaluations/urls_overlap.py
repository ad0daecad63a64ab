"""URL patterns of the text overlap aid; included by evaluations/urls.py."""

from django.urls import path

from kotacerdas.evaluations import views_overlap

urlpatterns = [
    path("sessions/<int:pk>/overlap/", views_overlap.session_overlap, name="session_overlap"),
    path("masterplans/<int:pk>/overlap/", views_overlap.masterplan_overlap, name="masterplan_overlap"),
]
