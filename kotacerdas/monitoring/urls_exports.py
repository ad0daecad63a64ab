from django.urls import path

from kotacerdas.monitoring import views_exports as views

urlpatterns = [
    path("p/<int:pk>/export/values.<str:fmt>", views.export_values, name="export_values"),
    path("p/<int:pk>/export/progress.<str:fmt>", views.export_progress, name="export_progress"),
    path("p/<int:pk>/report/<int:year>.<str:fmt>", views.report, name="report"),
]
