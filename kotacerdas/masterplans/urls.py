"""The masterplans app's addresses, all in one place.

``urlpatterns``: the editor and the pages of one masterplan (versions, books, programme spreadsheets), included
by kotacerdas/urls.py under ``masterplans/`` (names ``masterplans:…``). ``public_urlpatterns``: the published
masterplan and its books, included by portal/urls.py under the region's page (names ``portal:…``).
"""

from django.urls import path

from kotacerdas.masterplans import views, views_documents, views_public, views_spreadsheets, views_versions

app_name = "masterplans"

urlpatterns = [
    path("", views.masterplan_list, name="list"),
    path("create/<int:participation_pk>/", views.masterplan_create, name="create"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/part/<str:part>/", views.part_page, name="part"),
    path("<int:pk>/section/<str:key>/", views.section_save, name="section_save"),
    path("<int:pk>/rows/<str:kind>/<int:row_pk>/", views.row_edit, name="row_edit"),
    path("<int:pk>/rows/<str:kind>/<int:row_pk>/delete/", views.row_delete, name="row_delete"),
    path("<int:pk>/status/", views.status_change, name="status_change"),
    path("<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("<int:pk>/comments/<int:comment_pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    # The books (DOCX and PDF).
    path("<int:pk>/documents/<str:kind>/", views_documents.document_request, name="document_request"),
    path("<int:pk>/documents/jobs/<int:job_pk>/", views_documents.document_job, name="document_job"),
    path(
        "<int:pk>/documents/jobs/<int:job_pk>/download/",
        views_documents.document_download,
        name="document_download",
    ),
    path(
        "<int:pk>/documents/jobs/<int:job_pk>/retry/", views_documents.document_retry, name="document_retry"
    ),
    # The frozen versions.
    path("<int:pk>/versions/", views_versions.version_list, name="versions"),
    path("<int:pk>/versions/compare/", views_versions.version_compare, name="version_compare"),
    path("<int:pk>/versions/<int:number>/", views_versions.version_detail, name="version_detail"),
    # The programme spreadsheets.
    path("<int:pk>/programmes.xlsx", views_spreadsheets.programmes_xlsx, name="programmes_xlsx"),
    path(
        "<int:pk>/programmes-template.xlsx",
        views_spreadsheets.programmes_template,
        name="programmes_template",
    ),
    path("<int:pk>/programmes/import/", views_spreadsheets.programmes_import, name="programmes_import"),
    path(
        "<int:pk>/programmes/import/<int:import_pk>/",
        views_spreadsheets.programmes_import_preview,
        name="programmes_import_preview",
    ),
    path(
        "<int:pk>/programmes/import/<int:import_pk>/commit/",
        views_spreadsheets.programmes_import_commit,
        name="programmes_import_commit",
    ),
    path(
        "<int:pk>/programmes/import/<int:import_pk>/discard/",
        views_spreadsheets.programmes_import_discard,
        name="programmes_import_discard",
    ),
]

public_urlpatterns = [
    path("regions/<str:code>/masterplans/<int:pk>/", views_public.masterplan, name="masterplan"),
    path(
        "regions/<str:code>/masterplans/<int:pk>/books/<str:kind>/", views_public.book, name="masterplan_book"
    ),
]
