"""Authentication of API requests: a personal token as ``Authorization: Bearer …``.

The API never reads the session cookie, so a signed-in browser cannot be led into writing (no CSRF): every
write needs a token. Reads need none; a valid token raises the rate limit, an invalid one is refused (401)
rather than silently treated as anonymous.
"""

from ninja.security import HttpBearer

from kotacerdas.api.services import token_for


class Anonymous:
    """``request.auth`` of a read without a token."""

    def __bool__(self):
        return True  # ninja takes a falsy result as a failed authentication

    def __str__(self):
        return "anonymous"


ANONYMOUS = Anonymous()


class TokenAuth(HttpBearer):
    def __init__(self, *, optional: bool = False):
        super().__init__()
        self.optional = optional

    def __call__(self, request):
        if self.optional and not request.headers.get(self.header):
            return ANONYMOUS
        return super().__call__(request)

    def authenticate(self, request, token):
        found = token_for(token)
        if found is not None:
            request.user = found.user  # the acting user of services and rules, never the session's
        return found


token_required = TokenAuth()
token_optional = TokenAuth(optional=True)
# OpenAPI: reads may be sent with or without a token (ninja adds the TokenAuth entry itself).
OPTIONAL_SECURITY = {"security": [{}]}
