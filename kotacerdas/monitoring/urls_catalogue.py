"""The indicator catalogue under /monitoring/indicators/ (names in the ``monitoring`` namespace).

Codes are capital letters, digits and ``: . _ -`` (see forms_catalogue), so the lower-case ``new/`` never clashes
with a code."""

from django.urls import path

from kotacerdas.monitoring import views_catalogue as views

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("new/", views.indicator_create, name="indicator_create"),
    path("<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("<str:code>/edit/", views.indicator_edit, name="indicator_edit"),
]
