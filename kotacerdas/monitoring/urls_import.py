from django.urls import path

from kotacerdas.monitoring import views_import as views

urlpatterns = [
    path("p/<int:pk>/import/", views.import_upload, name="import_upload"),
    path("p/<int:pk>/import/template/<int:year>/", views.import_template, name="import_template"),
    path("p/<int:pk>/import/preview/", views.import_preview, name="import_preview"),
    path("p/<int:pk>/import/commit/", views.import_commit, name="import_commit"),
]
