from django.urls import path

from kotacerdas.api import views
from kotacerdas.api.api import api

app_name = "api"

urlpatterns = [
    path("v1/", api.urls),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
