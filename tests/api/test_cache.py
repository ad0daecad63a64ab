"""Anonymous API reads are served from the public page cache (kotacerdas/core/cache.py); a request with a token is
always answered afresh, so a bad token is still refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.api.services import create_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


def _get(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


def test_an_anonymous_list_is_cached_per_query_string(client, api_world):
    first, n_first = _get(client, "/api/v1/programmes?limit=5")
    second, n_second = _get(client, "/api/v1/programmes?limit=5")
    other, n_other = _get(client, "/api/v1/programmes?limit=6")

    assert (first.status_code, second.status_code, other.status_code) == (200, 200, 200)
    assert second.content == first.content
    assert n_first > 0 and n_second == 0 and n_other > 0


def test_requests_with_a_token_are_never_cached_and_a_bad_token_is_refused(client, api_world):
    _token, raw = create_token(api_world.editor_a, name="baca", by=api_world.editor_a)
    _get(client, "/api/v1/programmes")

    with_token, n_token = _get(client, "/api/v1/programmes", Authorization=f"Bearer {raw}")
    bad, _n = _get(client, "/api/v1/programmes", Authorization="Bearer kc_salah")

    assert with_token.status_code == 200 and n_token > 0
    assert bad.status_code == 401
