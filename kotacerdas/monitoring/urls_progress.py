from django.urls import path

from kotacerdas.monitoring import views_progress as views

urlpatterns = [
    path("p/<int:pk>/programmes/", views.programmes, name="programmes"),
    path("p/<int:pk>/programmes/<int:programme_pk>/progress/", views.progress_report, name="progress_report"),
    path(
        "p/<int:pk>/programmes/<int:programme_pk>/milestones/add/", views.milestone_add, name="milestone_add"
    ),
    path("p/<int:pk>/milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone_done"),
]
