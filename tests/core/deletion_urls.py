"""The site's addresses plus one that deletes any row, page and API: a stand-in for any view whose delete meets
protected rows (tests/core/test_protected_deletes.py)."""

from django.apps import apps
from django.http import HttpResponse
from django.urls import include, path


def delete_row(request, label, pk):
    apps.get_model(label).objects.get(pk=pk).delete()
    return HttpResponse("deleted")


urlpatterns = [
    path("test-only/delete/<str:label>/<int:pk>/", delete_row),
    path("api/test-only/delete/<str:label>/<int:pk>/", delete_row),
    path("", include("kotacerdas.urls")),
]
