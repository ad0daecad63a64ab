"""Refused tokens: never written to a log, and a client that keeps failing is slowed down (429)."""

import logging

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/indicator-values"
SECRET_TOKEN = "kc_SeCrEt-never-logged-0123456789abcdef"

FAILURE_MODES = [
    f"Token {SECRET_TOKEN}",
    f"Bearer {SECRET_TOKEN}",
    f"Basic {SECRET_TOKEN}",
    SECRET_TOKEN,
    f"bearer  {SECRET_TOKEN} trailing",
]


@pytest.mark.parametrize("header", FAILURE_MODES)
@override_settings(DEBUG=True)  # django-ninja logs a malformed header only in debug, as `make run` serves
def test_refused_token_never_reaches_a_log_line(client, caplog, header):
    caplog.set_level(logging.DEBUG)

    read = client.get(VALUES, headers={"Authorization": header})
    write = client.post(VALUES, "{}", content_type="application/json", headers={"Authorization": header})

    assert (read.status_code, write.status_code) == (401, 401)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "SeCrEt" not in logged


@override_settings(API_AUTH_FAILURES=5)
def test_repeated_failed_tokens_answer_429_with_retry_after(client):
    answers = [
        client.get(VALUES, headers={"Authorization": f"Bearer kc_wrong{n}"}).status_code for n in range(7)
    ]
    blocked = client.get(VALUES, headers={"Authorization": "Bearer kc_wrong-again"})
    without_token = client.get(VALUES)

    assert answers == [401] * 5 + [429] * 2
    assert blocked.status_code == 429
    assert 1 <= int(blocked["Retry-After"]) <= 300
    assert without_token.status_code == 200  # reading without a token is only under the ordinary limit


@override_settings(API_AUTH_FAILURES=3)
def test_failures_of_one_client_do_not_block_another(client):
    for n in range(4):
        client.get(VALUES, headers={"Authorization": f"Bearer kc_wrong{n}"})

    other = client.get(VALUES, headers={"Authorization": "Bearer kc_wrong"}, REMOTE_ADDR="10.0.0.9")

    assert other.status_code == 401
