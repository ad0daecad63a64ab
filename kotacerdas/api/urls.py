from django.urls import path

from kotacerdas.api import views
from kotacerdas.api.api import api
from kotacerdas.core.permissions import public

app_name = "api"

# The operations declare their authentication themselves (api/auth.py, tests/api). The pages django-ninja adds
# around them (the OpenAPI document, its viewer, the root) are as public as the reads they describe.
DOCUMENTATION = {"openapi-json", "openapi-view", "api-root"}
v1 = api.urls
for pattern in v1[0]:
    if getattr(pattern, "name", None) in DOCUMENTATION:
        pattern.callback = public(pattern.callback)

urlpatterns = [
    path("v1/", v1),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
