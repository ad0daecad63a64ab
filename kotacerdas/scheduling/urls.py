from django.urls import path

from kotacerdas.scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("events/<int:pk>/", views.event_scheduling, name="event"),
    path("events/<int:pk>/settings/", views.settings_save, name="settings"),
    path("events/<int:pk>/pool/", views.pool_add, name="pool_add"),
    path("events/<int:pk>/pool/<int:item_pk>/delete/", views.pool_remove, name="pool_remove"),
    path("events/<int:pk>/propose/", views.propose, name="propose"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/apply/", views.proposal_apply, name="proposal_apply"),
    path("proposals/<int:pk>/discard/", views.proposal_discard, name="proposal_discard"),
    path("proposals/<int:pk>/stop/", views.proposal_stop, name="proposal_stop"),
]
