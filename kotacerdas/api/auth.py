"""Authentication of API requests: a personal token as ``Authorization: Bearer …``.

The API never reads the session cookie, so a signed-in browser cannot be led into writing (no CSRF): every
write needs a token. Reads need none; a valid token raises the rate limit, an invalid one is refused (401)
rather than silently treated as anonymous.

The header is read here, not by django-ninja's ``HttpBearer.__call__``, which writes a malformed header (and so
the token in it) to the log. A client whose tokens keep failing is answered 429 with ``Retry-After`` for the
rest of the window (``API_AUTH_FAILURES`` per ``AUTH_FAILURE_WINDOW`` seconds), so tokens cannot be guessed at
speed.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from ninja.errors import Throttled
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from kotacerdas.api.services import token_for

AUTH_FAILURE_WINDOW = 300


class AuthFailures:
    """Failed token attempts per client address, counted in the shared cache over fixed windows."""

    def _key(self, request) -> tuple[str, float]:
        now = time.time()
        window = int(now // AUTH_FAILURE_WINDOW)
        client = BaseThrottle().get_ident(request)
        wait = (window + 1) * AUTH_FAILURE_WINDOW - now
        return f"kotacerdas:api-auth-failures:{client}:{window}", wait

    def check(self, request) -> None:
        key, wait = self._key(request)
        if (cache.get(key) or 0) >= settings.API_AUTH_FAILURES:
            raise Throttled(wait=math.ceil(wait))

    def record(self, request) -> None:
        key, _wait = self._key(request)
        cache.add(key, 0, timeout=AUTH_FAILURE_WINDOW + 5)
        try:
            cache.incr(key)
        except ValueError:  # the entry expired between add and incr
            cache.set(key, 1, timeout=AUTH_FAILURE_WINDOW + 5)


auth_failures = AuthFailures()


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
        value = request.headers.get(self.header)
        if not value:
            return ANONYMOUS if self.optional else None
        auth_failures.check(request)
        scheme, _space, token = value.partition(" ")
        found = self.authenticate(request, token.strip()) if scheme.lower() == self.openapi_scheme else None
        if found is None:
            auth_failures.record(request)
        return found

    def authenticate(self, request, token):
        found = token_for(token)
        if found is not None:
            request.user = found.user  # the acting user of services and rules, never the session's
        return found


token_required = TokenAuth()
token_optional = TokenAuth(optional=True)
# OpenAPI: reads may be sent with or without a token (ninja adds the TokenAuth entry itself).
OPTIONAL_SECURITY = {"security": [{}]}
