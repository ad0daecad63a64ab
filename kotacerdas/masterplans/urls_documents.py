"""URL patterns of this feature; included by masterplans/urls.py under <int:pk>/."""

from django.urls import path

from kotacerdas.masterplans import views_documents as views

urlpatterns = [
    path("documents/<str:kind>/", views.document_request, name="document_request"),
    path("documents/jobs/<int:job_pk>/", views.document_job, name="document_job"),
    path("documents/jobs/<int:job_pk>/download/", views.document_download, name="document_download"),
    path("documents/jobs/<int:job_pk>/retry/", views.document_retry, name="document_retry"),
]
