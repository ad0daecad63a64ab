from django.urls import path

from kotacerdas.regions import views

app_name = "regions"

urlpatterns = [
    path("<str:code>/opd/", views.opd_list, name="opd_list"),
    path("<str:code>/opd/<int:pk>/", views.opd_edit, name="opd_edit"),
    path("<str:code>/opd/<int:pk>/delete/", views.opd_delete, name="opd_delete"),
    path("<str:code>/members/", views.members, name="members"),
    path("<str:code>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<str:code>/bodies/", views.bodies, name="bodies"),
    path("<str:code>/bodies/add/", views.body_add, name="body_add"),
    path("<str:code>/bodies/<int:pk>/", views.body_edit, name="body_edit"),
    path("<str:code>/bodies/<int:pk>/scan/", views.body_scan, name="body_scan"),
    path("<str:code>/bodies/<int:pk>/members/add/", views.body_member_add, name="body_member_add"),
    path(
        "<str:code>/bodies/<int:pk>/members/<int:member_pk>/", views.body_member_edit, name="body_member_edit"
    ),
    path(
        "<str:code>/bodies/<int:pk>/members/<int:member_pk>/remove/",
        views.body_member_remove,
        name="body_member_remove",
    ),
]
