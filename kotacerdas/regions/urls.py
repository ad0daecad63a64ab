from django.urls import path

from kotacerdas.regions import views

app_name = "regions"

urlpatterns = [
    path("<str:code>/opd/", views.opd_list, name="opd_list"),
    path("<str:code>/opd/<int:pk>/", views.opd_edit, name="opd_edit"),
    path("<str:code>/opd/<int:pk>/delete/", views.opd_delete, name="opd_delete"),
    path("<str:code>/members/", views.members, name="members"),
    path("<str:code>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
