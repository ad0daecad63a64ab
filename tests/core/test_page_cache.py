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
