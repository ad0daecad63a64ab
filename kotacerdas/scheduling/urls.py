from django.urls import path

from kotacerdas.scheduling import views, views_grid

app_name = "scheduling"

urlpatterns = [
    path("events/<int:pk>/", views.event_scheduling, name="event"),
    path("events/<int:pk>/settings/", views.settings_save, name="settings"),
    path("events/<int:pk>/pool/", views.pool_add, name="pool_add"),
    path("events/<int:pk>/pool/<int:item_pk>/delete/", views.pool_remove, name="pool_remove"),
    path("events/<int:pk>/propose/", views.propose, name="propose"),
    # The schedule grid.
    path("events/<int:pk>/grid/", views_grid.grid, name="grid"),
    path("events/<int:pk>/grid/sessions/<int:session_pk>/", views_grid.grid_session, name="grid_session"),
    path("events/<int:pk>/grid/move/", views_grid.grid_move, name="grid_move"),
    path("events/<int:pk>/grid/pin/", views_grid.grid_pin, name="grid_pin"),
    path("events/<int:pk>/grid/panel/", views_grid.grid_panel, name="grid_panel"),
    path("events/<int:pk>/grid/seat/", views_grid.grid_seat, name="grid_seat"),
    path("events/<int:pk>/complete/", views_grid.complete, name="complete"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/apply/", views.proposal_apply, name="proposal_apply"),
    path("proposals/<int:pk>/discard/", views.proposal_discard, name="proposal_discard"),
    path("proposals/<int:pk>/stop/", views.proposal_stop, name="proposal_stop"),
]
