"""What is rendered once and shared by every app process through Django's cache: ``render_once``, and on it the
whole-page cache of the public pages for anonymous visitors (``public_page``). The scoring board
(kotacerdas/evaluations/board.py) and the state-keyed parts of pages (``{% statepart %}``) use the same cache.
docs/performance.md has the measurements behind what is kept and what is not.

The cache is Redis where the deployment has one (``REDIS_URL``): a read is a round trip of a fraction of a
millisecond, so nothing here keeps a second copy in each process's memory, and nothing compresses in the app:
the proxy compresses what it sends, as for every other page. Only what is kept under a key naming its state, so
never stale, is also read from each process's memory first (``render_once_per_state``).

``render_once``: a kept value is fresh for its lifetime, then served as it was for ``STALE_SECONDS`` more while
one request (the one holding the render lock) renders the new one. Without this, the national dashboard (seconds
to render) expiring under load had every waiting visitor render it at once (a p99 of 7 s in bench/load). A lock
is released only by its holder (a render that outlived ``LOCK_SECONDS`` leaves alone the lock another request
took since), and a lock whose holder died expires.

The public pages (home, region pages, dashboards, the quick-win showcase, published masterplans, news) show
only published data and nothing of the visitor: an anonymous visitor's page is the same for every anonymous
visitor of that language. Under load (an evaluation day, a news report) most requests are such pages, so each is
rendered once per ``PUBLIC_PAGE_CACHE_SECONDS`` (default 60; 0 turns the cache off). The open data API's reads
(anonymous, without a token) are cached the same way; a cached answer is served before the API's rate limit
counts it, which is cheap: the limit protects the servers, not the data.

A view may answer the same URL differently to htmx (a fragment for the filter form) and in another language: the
key holds the language and every request header of ``VARIES_ON``, and an answer whose ``Vary`` names any other
request header is not kept at all, so no visitor can put a variant of a page in place of the page for everyone.

Never cached: signed-in people (they must see their own changes at once), a visitor with a session or with a
flash message waiting (the page would carry it), anything but a plain 200 answer, an answer that sets a cookie.
Published changes reach anonymous visitors within the cache lifetime.
"""

import hashlib
import secrets
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

_PERSONAL_COOKIES = ("messages",)
# Request headers public views answer differently to (django-htmx's partial templates); each is in the key.
VARIES_ON = ("HX-Request", "HX-Target", "HX-Boosted")
# Headers a kept answer may vary on: those in the key, the language (in the key through get_language()), the
# compression (the proxy's) and the cookie (no cookie-carrying request is cached).
_KEYED_VARY = {h.lower() for h in VARIES_ON} | {"accept-language", "accept-encoding", "cookie"}
# How long an expired value may still be served while it is rendered anew, and how long one render may hold the
# lock before another request may take it (a render that failed or died leaves the lock to expire).
STALE_SECONDS = 600
LOCK_SECONDS = 30
# While another request renders a value nobody has yet, wait for it this long (polling) before rendering too: a
# cold start under load renders each page once, not once per waiting request.
WAIT_SECONDS = 5
_WAIT_STEP = 0.05
# How long what is derived under a state key ({% statepart %}, a frozen masterplan's summary) is kept: it does not
# go stale, but what is not in its key (a renamed region) follows within this time.
LOCAL_STATE_SECONDS = 600

# Deletes the lock only if it still holds this holder's token, in one step (Redis runs a script atomically).
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class _Lock:
    """A render lock in the shared cache that only its holder releases (by token) and that expires."""

    def __init__(self, key: str):
        self.key = key
        # An int: Django's Redis backend stores integers as they are, so the script compares plain digits.
        self.token = secrets.randbits(62) + 1

    def acquire(self) -> bool:
        return cache.add(self.key, self.token, LOCK_SECONDS)

    def release(self) -> None:
        backend = caches["default"]
        if isinstance(backend, RedisCache):
            # Django's cache API has no compare-and-delete: the script runs on the backend's own redis client.
            key = backend.make_and_validate_key(self.key)
            backend._cache.get_client(key, write=True).eval(_RELEASE, 1, key, self.token)
        elif backend.get(self.key) == self.token:
            # The embedded caches (development, tests) have no compare-and-delete; the lock would have to expire
            # between these two calls for another holder's lock to go.
            backend.delete(self.key)


def render_once(key: str, render, seconds: int, *, group: str | None = None):
    """The value kept under ``key``, or ``render()``'s, rendered by one request at a time; see the module.

    ``render()`` returns ``(value, keep)``: a value not to keep (a 404, an answer that sets a cookie) is returned
    and drops the copy kept so far, as does an exception (the page is gone or broken: its old copy must not be
    served). ``group`` names a family of keys of which only the newest matters (the scoring board's states): one
    lock for the family, and while one request renders a new member the others get the family's last value.
    """
    group = group or key
    entry = cache.get(key)
    if entry is not None and time.time() < entry[0]:
        return entry[1]
    lock = _Lock(f"{group}:render")
    locked = lock.acquire()
    if not locked:
        last = entry if entry is not None or group == key else cache.get(f"{group}:latest")
        if last is None:
            last = _wait_for(key, lock)
        if last is not None:
            return last[1]
        locked = lock.acquire()
    try:
        value, keep = render()
    except Exception:
        if entry is not None:
            cache.delete(key)
        raise
    finally:
        if locked:
            lock.release()
    if keep:
        kept = (time.time() + seconds, value)
        cache.set_many(
            {key: kept} if group == key else {key: kept, f"{group}:latest": kept}, seconds + STALE_SECONDS
        )
    elif entry is not None:
        cache.delete(key)
    return value


def render_once_per_state(key: str, render, seconds: int = LOCAL_STATE_SECONDS):
    """``render()``'s value under a ``key`` that names the state it is derived from, so that it never goes stale
    ({% statepart %}, a frozen masterplan's summary): read from this process's memory first, else as
    ``render_once`` keeps it. A page holds several such parts, and a read from local memory costs a small part of
    a round trip to the shared cache (docs/performance.md, "Redis": the masterplan overview's seven reads)."""
    local = caches["local"]
    value = local.get(key)
    if value is None:
        value = render_once(key, lambda: (render(), True), seconds)
        local.set(key, value, seconds)
    return value


def _wait_for(key: str, lock: _Lock):
    """The entry another request is rendering under ``key``, once it is there; None if it did not come in time."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(_WAIT_STEP)
        entry = cache.get(key)
        if entry is not None:
            return entry
        if cache.get(lock.key) is None:  # its render failed or the answer was not kept: render it here
            return None
    return None


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or any(
        c in request.COOKIES for c in _PERSONAL_COOKIES
    ):
        return False
    if "HTTP_AUTHORIZATION" in request.META:  # an API token is checked on every request (a bad one is a 401)
        return False
    return not request.user.is_authenticated


def _key(request) -> str:
    variant = "|".join(request.headers.get(header, "") for header in VARIES_ON)
    digest = hashlib.sha256(f"{get_language()}|{variant}|{request.get_full_path()}".encode()).hexdigest()
    return f"kotacerdas:page:v4:{digest}"  # v4: kept without a gzip copy


def _varies_beyond_key(response) -> bool:
    vary = response.get("Vary", "")
    return any(h.strip().lower() not in _KEYED_VARY for h in vary.split(",") if h.strip())


def public_page(view):
    """Serve ``view``'s answer to anonymous visitors from the cache; see the module's docstring."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60)
        if not seconds or not _cacheable_request(request):
            return view(request, *args, **kwargs)

        def render():
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            keep = (
                response.status_code == 200
                and not response.cookies
                and not response.streaming
                and not _varies_beyond_key(response)
            )
            return response, keep

        response = render_once(_key(request), render, seconds)
        if response.status_code == 200:
            patch_vary_headers(response, VARIES_ON)
        return response

    wrapped.public_page = True  # tests/core/test_page_cache.py finds every cached view by this mark
    return wrapped
