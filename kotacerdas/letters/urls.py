from django.urls import path

from kotacerdas.letters import views, views_batches, views_setup

app_name = "letters"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.letter_detail, name="letter"),
    path("<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/docx/", views.letter_docx, name="letter_docx"),
    path("<int:pk>/scan/", views.letter_scan, name="letter_scan"),
    path("<int:pk>/finalise/", views.letter_finalise, name="letter_finalise"),
    path("<int:pk>/sign/", views.letter_sign, name="letter_sign"),
    path("<int:pk>/send/", views.letter_send, name="letter_send"),
    path("<int:pk>/cancel/", views.letter_cancel, name="letter_cancel"),
    path("templates/", views_setup.template_list, name="templates"),
    path("templates/<str:kind>/", views_setup.template_edit, name="template_edit"),
    path("registers/", views_setup.register_list, name="registers"),
    path("registers/new/", views_setup.register_create, name="register_create"),
    path("registers/<int:pk>/", views_setup.register_edit, name="register_edit"),
    path("batches/", views_batches.batch_list, name="batches"),
    path("batches/new/", views_batches.batch_new, name="batch_new"),
    path("batches/<int:pk>/", views_batches.batch_detail, name="batch"),
    path("batches/<int:pk>/progress/", views_batches.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/zip/", views_batches.batch_zip, name="batch_zip"),
    path("batches/<int:pk>/retry/", views_batches.batch_retry, name="batch_retry"),
    path("batches/<int:pk>/finalise/", views_batches.batch_finalise, name="batch_finalise"),
]
