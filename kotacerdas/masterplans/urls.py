from django.urls import include, path

from kotacerdas.masterplans import views

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
    path("<int:pk>/", include("kotacerdas.masterplans.urls_documents")),
    path("<int:pk>/", include("kotacerdas.masterplans.urls_versions")),
    path("<int:pk>/", include("kotacerdas.masterplans.urls_spreadsheets")),
]
