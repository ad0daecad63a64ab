from django.urls import include, path

app_name = "evaluations"

urlpatterns = [
    path("", include("kotacerdas.evaluations.urls_manage")),
    path("", include("kotacerdas.evaluations.urls_agenda")),
    path("", include("kotacerdas.evaluations.urls_scoring")),
    path("", include("kotacerdas.evaluations.urls_overlap")),
]
