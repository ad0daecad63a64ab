"""Rate limits of the API, counted in Django's cache over windows of one minute.

At most ``API_RATE_LIMIT_TOKEN`` requests a minute per token (default 600), and ``API_RATE_LIMIT_ANONYMOUS``
per client address without a token (default 120). Past the limit the answer is 429 with ``Retry-After``.
The client address is ``REMOTE_ADDR``, or an address of ``X-Forwarded-For`` when ``NINJA_NUM_PROXIES`` says
how many trusted proxies set it. Several app servers need a shared cache for the count to be exact.
"""

import math
import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from kotacerdas.api.models import ApiToken

WINDOW_SECONDS = 60


class ApiRateLimit(BaseThrottle):
    def __init__(self):
        self._local = threading.local()

    def _identity(self, request) -> tuple[str, int]:
        auth = getattr(request, "auth", None)
        if isinstance(auth, ApiToken):
            return f"token:{auth.pk}", settings.API_RATE_LIMIT_TOKEN
        return f"ip:{self.get_ident(request)}", settings.API_RATE_LIMIT_ANONYMOUS

    def allow_request(self, request) -> bool:
        ident, limit = self._identity(request)
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = f"kotacerdas:api-rate:{ident}:{window}"
        cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # the entry expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
        self._local.wait = (window + 1) * WINDOW_SECONDS - now
        return count <= limit

    def wait(self) -> float | None:
        return max(1, math.ceil(getattr(self._local, "wait", WINDOW_SECONDS)))
