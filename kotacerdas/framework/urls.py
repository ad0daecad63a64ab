from django.urls import path

from kotacerdas.framework import views

app_name = "framework"

urlpatterns = [
    path("", views.version_list, name="version_list"),
    path("new/", views.version_create, name="version_create"),
    path("<slug:code>/", views.version_detail, name="version_detail"),
    path("<slug:code>/make-current/", views.version_make_current, name="version_make_current"),
    path("<slug:code>/<str:kind>/<int:pk>/", views.item_edit, name="item_edit"),
]
