from django.urls import include, path

app_name = "monitoring"

urlpatterns = [
    path("indicators/", include("kotacerdas.monitoring.urls_catalogue")),
    path("implementation/", include("kotacerdas.monitoring.urls_index")),
    path("", include("kotacerdas.monitoring.urls_values")),
    path("", include("kotacerdas.monitoring.urls_progress")),
    path("", include("kotacerdas.monitoring.urls_import")),
    path("", include("kotacerdas.monitoring.urls_exports")),
]
