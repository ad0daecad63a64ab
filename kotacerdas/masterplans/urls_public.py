"""The published masterplan, public; included by portal/urls.py under the region's page (names ``portal:…``)."""

from django.urls import path

from kotacerdas.masterplans import views_public as views

urlpatterns = [
    path("regions/<str:code>/masterplans/<int:pk>/", views.masterplan, name="masterplan"),
    path("regions/<str:code>/masterplans/<int:pk>/books/<str:kind>/", views.book, name="masterplan_book"),
]
