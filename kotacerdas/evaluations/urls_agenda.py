"""The public agenda (no login); included by evaluations/urls.py."""

from django.urls import path

from kotacerdas.evaluations import views_agenda as views

urlpatterns = [
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/changes/", views.agenda_changes, name="agenda_changes"),
    path("<int:pk>/agenda/region/<str:code>/", views.agenda_region, name="agenda_region"),
    path("<int:pk>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<int:pk>/agenda/room/<int:room_pk>.ics", views.agenda_room_ics, name="agenda_room_ics"),
    path("<int:pk>/agenda/region/<str:code>.ics", views.agenda_region_ics, name="agenda_region_ics"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
]
