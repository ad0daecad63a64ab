"""Whole-page cache of the public pages for anonymous visitors.

The public pages (home, region pages, dashboards, the quick-win showcase, published masterplans, news) show
only published data and nothing of the visitor: an anonymous visitor's page is the same for every anonymous
visitor of that language. Under load (an evaluation day, a news report) most requests are such pages, so each is
rendered once per ``PUBLIC_PAGE_CACHE_SECONDS`` (default 60; 0 turns the cache off) and then served from
Django's cache (the database cache table shared by every app server with ``DJANGO_CACHE=database``).

The open data API's reads (anonymous, without a token) are cached the same way; a cached answer is served
before the API's rate limit counts it, which is cheap: the limit protects the servers, not the data.

An expired page is not dropped: for ``STALE_SECONDS`` more it is served as it was while one request (the one
that takes the short-lived re-render lock) renders the new one. Without this, the national dashboard (seconds to
render) expiring under load had every waiting visitor render it at once (a p99 of 7 s in bench/load).

Each app process also keeps the pages it served in its own memory until the shared copy's expiry (the same
moment for every process, so no page lives longer than it would in the shared cache): most requests then read
no cache table at all (the national dashboard's entry cost PostgreSQL 0.6 ms a read).

Each page is kept with a gzip copy, compressed once when it is rendered: a visitor whose browser accepts gzip
(all do) gets that copy, marked ``Content-Encoding: gzip``, and the proxy passes it on instead of compressing the
page again for every request (the national dashboard's 103 KB cost nginx half a millisecond of CPU a request).

A view may answer the same URL differently to htmx (a fragment for the filter form) and in another language: the
key holds the language and every request header of ``VARIES_ON``, and an answer whose ``Vary`` names any other
request header is not kept at all, so no visitor can put a variant of a page in place of the page for everyone.

Never cached: signed-in people (they must see their own changes at once), a visitor with a session or with a
flash message waiting (the page would carry it), anything but a plain 200 answer, an answer that sets a cookie.
Published changes reach anonymous visitors within the cache lifetime.
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

_PERSONAL_COOKIES = ("messages",)
# Request headers public views answer differently to (django-htmx's partial templates); each is in the key.
VARIES_ON = ("HX-Request", "HX-Target", "HX-Boosted")
# Headers a kept answer may vary on: those in the key, the language (in the key through get_language()), the
# compression (handled by serve_compressed) and the cookie (no cookie-carrying request is cached).
_KEYED_VARY = {h.lower() for h in VARIES_ON} | {"accept-language", "accept-encoding", "cookie"}
# How long an expired page may still be served while it is re-rendered, and how long one re-render may take
# before another request tries (a render that failed leaves the lock to expire).
STALE_SECONDS = 600
RENDER_LOCK_SECONDS = 30
# How long a process keeps what it derived under a state key ({% statepart %}, a frozen masterplan's summary):
# such a copy does not go stale, but what is not in its key (a renamed region) follows within this time.
LOCAL_STATE_SECONDS = 600


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


# What is worth compressing: text of at least a kilobyte (as deploy/nginx.conf compresses).
_COMPRESSIBLE = ("text/", "application/json", "image/svg+xml")
_MIN_COMPRESSED_BYTES = 1024
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _compressed(response) -> bytes | None:
    content_type = response.get("Content-Type", "")
    if (
        response.has_header("Content-Encoding")
        or len(response.content) < _MIN_COMPRESSED_BYTES
        or not content_type.startswith(_COMPRESSIBLE)
    ):
        return None
    return compress_string(response.content)


def accepts_gzip(request) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def serve_compressed(request, response, compressed: bytes | None):
    """``response`` as this browser takes it: its body replaced by ``compressed`` (the same content, gzipped once
    when it was kept) if there is one and the browser accepts gzip. ``response`` must be this request's own."""
    patch_vary_headers(response, ("Accept-Encoding", *VARIES_ON))
    if compressed is not None and accepts_gzip(request):
        response.content = compressed
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(compressed))
    return response


def _key(request) -> str:
    variant = "|".join(request.headers.get(header, "") for header in VARIES_ON)
    digest = hashlib.sha256(f"{get_language()}|{variant}|{request.get_full_path()}".encode()).hexdigest()
    return f"kotacerdas:page:v3:{digest}"  # v3: keyed by the htmx headers too


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
        key = _key(request)
        local = caches["local-pages"]
        kept = local.get(key)  # each get is a copy of its own: unpickled
        if kept is not None and time.time() < kept[0]:
            return serve_compressed(request, kept[1], kept[2])
        cached = cache.get(key)  # a copy of its own: unpickled from the cache
        if cached is not None:
            fresh_until, page, compressed = cached
            if time.time() < fresh_until:
                local.set(key, cached, fresh_until - time.time())
                return serve_compressed(request, page, compressed)
            if not cache.add(f"{key}:render", 1, RENDER_LOCK_SECONDS):  # another request renders the new one
                return serve_compressed(request, page, compressed)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        except Exception:
            if cached is not None:  # the page is gone (a 404, say) or broken: its old copy must not be served
                cache.delete_many([key, f"{key}:render"])
            raise
        compressed = None
        keepable = not response.cookies and not response.streaming and not _varies_beyond_key(response)
        if response.status_code == 200 and keepable:
            compressed = _compressed(response)
            entry = (time.time() + seconds, response, compressed)
            cache.set(key, entry, seconds + STALE_SECONDS)
            local.set(key, entry, seconds)
        elif cached is not None:
            cache.delete(key)  # likewise
        if cached is not None:
            cache.delete(f"{key}:render")
        return serve_compressed(request, response, compressed) if response.status_code == 200 else response

    wrapped.public_page = True  # tests/core/test_page_cache.py finds every cached view by this mark
    return wrapped
