"""Rate limits: per client address without a token, per token with one; past the limit 429 with Retry-After."""

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_client_past_the_limit_gets_429(client, api_world, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 3

    answers = [client.get("/api/v1/cohorts").status_code for _ in range(4)]
    refused = client.get("/api/v1/regions")

    assert answers == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Terlalu banyak permintaan; coba lagi nanti."}
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_another_address_has_its_own_allowance(client, api_world, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 1
    client.get("/api/v1/cohorts")

    other = client.get("/api/v1/cohorts", REMOTE_ADDR="10.0.0.9")
    again = client.get("/api/v1/cohorts")

    assert (other.status_code, again.status_code) == (200, 429)


def test_forwarded_for_header_is_not_trusted_without_proxies(client, api_world, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 1
    client.get("/api/v1/cohorts")

    spoofed = client.get("/api/v1/cohorts", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert spoofed.status_code == 429


def test_a_token_has_its_own_higher_limit(client, api_world, settings, bearer):
    settings.API_RATE_LIMIT_ANONYMOUS = 1
    settings.API_RATE_LIMIT_TOKEN = 3
    headers = bearer(api_world.editor_a)
    client.get("/api/v1/cohorts")

    with_token = [client.get("/api/v1/cohorts", headers=headers).status_code for _ in range(4)]

    assert with_token == [200, 200, 200, 429]
    assert client.get("/api/v1/cohorts").status_code == 429


def test_writes_count_against_the_tokens_limit(client, api_world, settings, bearer):
    settings.API_RATE_LIMIT_TOKEN = 1
    headers = bearer(api_world.editor_a)
    client.get("/api/v1/cohorts", headers=headers)

    response = client.post(
        f"/api/v1/programmes/{api_world.programme_a.pk}/progress",
        {"reported_on": "2020-01-01", "status": "running", "percent_complete": 5},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 429
    assert api_world.programme_a.progress_reports.count() == 0


def test_documents_are_not_rate_limited(client, settings, db):
    settings.API_RATE_LIMIT_ANONYMOUS = 1

    answers = [client.get("/api/v1/openapi.json").status_code for _ in range(3)]

    assert answers == [200, 200, 200]


DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kotacerdas_cache"}
}


def test_with_the_database_cache_the_count_lives_in_the_shared_database(client, api_world, settings):
    """DJANGO_CACHE=database: every app server process counts in one table, so the limit holds across them."""
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = DATABASE_CACHE
    call_command("createcachetable", verbosity=0)
    settings.API_RATE_LIMIT_ANONYMOUS = 2

    answers = [client.get("/api/v1/cohorts").status_code for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM kotacerdas_cache")
        keys = [row[0] for row in cursor.fetchall()]

    assert answers == [200, 200, 429]
    assert [key for key in keys if "api-rate:ip:127.0.0.1" in key] != []
