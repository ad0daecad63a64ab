"""The public page cache: anonymous visitors get the page rendered once per lifetime, per language; signed-in
people, visitors with a session or a waiting message, and non-200 answers always get a fresh page. The language
switch needs no CSRF token, so cached pages hold nothing of one visitor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.regions.models import Region
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def region(regions_loaded):
    return Region.objects.get(code="33.27")


def _queries(client, url, **kwargs) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_an_anonymous_visitor_gets_the_cached_page_without_a_query(client, region):
    url = reverse("portal:region_detail", args=[region.code])

    first, page = _queries(client, url)
    Region.objects.filter(pk=region.pk).update(name="Kabupaten Berubah")
    second, again = _queries(client, url)

    assert first > 0
    assert second == 0
    assert again == page  # published changes reach visitors when the page expires


def test_signed_in_people_always_get_a_fresh_page(client, region):
    url = reverse("portal:region_detail", args=[region.code])
    client.get(url)  # cached for visitors
    Region.objects.filter(pk=region.pk).update(name="Kabupaten Berubah")
    client.force_login(UserFactory())

    queries, page = _queries(client, url)

    assert queries > 0
    assert "Kabupaten Berubah" in page


def test_each_language_has_its_own_page(client, region):
    url = reverse("portal:home")
    _n, indonesian = _queries(client, url)
    client.cookies["django_language"] = "en"

    _n, english = _queries(client, url)

    assert 'lang="id"' in indonesian and 'lang="en"' in english


def test_a_visitor_with_a_waiting_message_neither_reads_nor_fills_the_cache(client, region):
    client.cookies["messages"] = "a flash message the page would show"

    first, _page = _queries(client, reverse("portal:home"))
    second, _page = _queries(client, reverse("portal:home"))

    assert first > 0 and second > 0


def test_an_unknown_region_is_not_cached(client, regions_loaded):
    url = reverse("portal:region_detail", args=["99.99"])

    assert client.get(url).status_code == 404
    RegionFactory(code="99.99", name="Kota Baru")

    assert client.get(url).status_code == 200


def test_cached_pages_carry_no_csrf_token_and_set_no_cookie(client, region):
    response = client.get(reverse("portal:home"))

    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert response.cookies == {}


def test_the_language_switch_works_without_a_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = strict.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_the_cache_can_be_turned_off(client, region, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = reverse("portal:region_detail", args=[region.code])
    client.get(url)

    queries, _page = _queries(client, url)

    assert queries > 0


@pytest.fixture
def later(monkeypatch):
    """Move the page cache's clock past the page's lifetime (the cache entry itself is kept for STALE_SECONDS)."""
    import time

    from kotacerdas.core import cache as page_cache

    real = time.time

    def move(seconds: float):
        monkeypatch.setattr(page_cache.time, "time", lambda: real() + seconds)

    return move


def test_an_expired_page_is_rendered_again_by_one_request(client, region, later):
    url = reverse("portal:region_detail", args=[region.code])
    client.get(url)
    Region.objects.filter(pk=region.pk).update(name="Kabupaten Berubah")
    later(61)

    first, page = _queries(client, url)
    second, again = _queries(client, url)

    assert first > 0 and "Kabupaten Berubah" in page
    assert second == 0 and again == page  # the new page is cached in its turn


def test_while_one_request_renders_an_expired_page_the_others_get_the_old_one(client, region, later):
    from django.core.cache import cache

    from kotacerdas.core.cache import _key

    url = reverse("portal:region_detail", args=[region.code])
    _n, old = _queries(client, url)
    Region.objects.filter(pk=region.pk).update(name="Kabupaten Berubah")
    later(61)
    request = client.get(url).wsgi_request  # rendered anew by this request; cached again
    later(122)
    with translation_of(request):
        cache.add(f"{_key(request)}:render", 1, 30)  # another request is rendering it now

    queries, page = _queries(client, url)

    assert queries == 0
    assert "Kabupaten Berubah" in page and page != old


def test_a_page_that_is_gone_when_it_expires_is_not_served_stale(client, region, later):
    url = reverse("portal:region_detail", args=[region.code])
    client.get(url)
    Region.objects.filter(pk=region.pk).update(code="99.98")
    later(61)

    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def translation_of(request):
    from django.utils import translation

    return translation.override(request.LANGUAGE_CODE)


def test_pages_are_left_to_the_proxy_to_compress(client, region):
    """The proxy compresses every answer (deploy/nginx.conf); a kept page is kept once, uncompressed."""
    url = reverse("portal:region_detail", args=[region.code])

    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    second = client.get(url, headers={"Accept-Encoding": "gzip"})

    assert "Content-Encoding" not in second and second.content == first.content
    assert "<html" in second.content.decode()


def test_a_render_lock_is_released_only_by_its_holder():
    """A render that outlived its lock must not release the lock another request took since."""
    from django.core.cache import cache

    from kotacerdas.core.cache import _Lock

    slow, other = _Lock("kotacerdas:test:render"), _Lock("kotacerdas:test:render")
    assert slow.acquire()
    cache.delete(slow.key)  # its lock expired
    assert other.acquire()

    slow.release()

    assert not _Lock(slow.key).acquire()  # the other request's lock is still held
    other.release()
    assert _Lock(slow.key).acquire()


def test_a_value_nobody_has_yet_is_rendered_once_while_others_wait(monkeypatch):
    from django.core.cache import cache

    from kotacerdas.core import cache as kept
    from kotacerdas.core.cache import _Lock, render_once

    holder = _Lock("kotacerdas:test:cold:render")
    assert holder.acquire()  # another request is rendering it
    naps = []

    def nap(seconds):
        naps.append(seconds)
        cache.set("kotacerdas:test:cold", (kept.time.time() + 60, "theirs"), 60)  # their render arrives

    monkeypatch.setattr(kept.time, "sleep", nap)

    value = render_once("kotacerdas:test:cold", lambda: pytest.fail("rendered twice"), 60)

    assert value == "theirs" and len(naps) == 1


def _cached_view_names():
    from django.urls import URLResolver, get_resolver

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif getattr(pattern.callback, "public_page", False):
                yield f"{namespace}{pattern.name}"

    return set(walk(get_resolver().url_patterns))


# Every cached page, with its arguments; the test below fails when a newly cached page is missing here.
CACHED_PAGES = {
    "portal:home": [],
    "portal:region_detail": ["33.27"],
    "portal:masterplan": ["33.27", 1],
    "portal:quick_wins": [],
    "portal:national_dashboard": [],
    "portal:region_dashboard": ["33.27"],
    "news:post_list": [],
}
# Request headers a visitor controls that a view may answer differently to.
VARIANT_HEADERS = [
    {"HX-Request": "true"},
    {"HX-Request": "true", "HX-Target": "results"},
    {"HX-Boosted": "true"},
    {"Accept-Language": "en"},
    {"Accept": "application/json"},
]


def test_every_cached_page_is_in_the_poisoning_test():
    assert _cached_view_names() == set(CACHED_PAGES)


@pytest.mark.parametrize("name", sorted(CACHED_PAGES))
def test_a_variant_request_never_becomes_the_page_of_the_next_plain_visitor(client, region, name):
    from django.core.cache import cache

    url = reverse(name, args=CACHED_PAGES[name])
    fresh = client.get(url)

    for headers in VARIANT_HEADERS:
        cache.clear()
        client.get(url, headers=headers)
        after = client.get(url)

        assert after.status_code == fresh.status_code, headers
        if fresh.status_code == 200:
            assert after.content.decode().lstrip().lower().startswith("<!doctype html"), headers
            assert after.content == fresh.content, headers


def test_a_fragment_is_kept_apart_from_the_page(client, region):
    url = reverse("portal:quick_wins")

    fragment = client.get(url, headers={"HX-Request": "true"})
    page = client.get(url)
    fragment_again = client.get(url, headers={"HX-Request": "true"})

    assert not fragment.content.decode().lstrip().lower().startswith("<!doctype html")
    assert page.content.decode().lstrip().lower().startswith("<!doctype html")
    assert fragment_again.content == fragment.content
    assert "HX-Request" in page["Vary"]


def test_an_answer_varying_on_an_unkeyed_header_is_not_kept(rf, settings):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from kotacerdas.core.cache import public_page

    calls = []

    @public_page
    def view(request):
        calls.append(request.headers.get("X-Mood"))
        response = HttpResponse(f"<!doctype html>{request.headers.get('X-Mood')}")
        response["Vary"] = "X-Mood"
        return response

    for mood in ("sad", "happy"):
        request = rf.get("/mood/", headers={"X-Mood": mood})
        request.user = AnonymousUser()
        view(request)

    assert calls == ["sad", "happy"]
