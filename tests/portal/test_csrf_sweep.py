"""CSRF on every form: every URL of the project (enumerated from the URL configuration, as in the URL matrix)
refuses a POST without the CSRF token, signed in or not, and changes nothing. The API takes no session, so a
browser's cookies cannot write through it: its writes need a token (401 without one)."""

import pytest
from django.test import Client
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from tests.portal.test_url_matrix import EXPECTED, _our_url_names

pytestmark = pytest.mark.django_db

# Token-only API paths: CSRF does not apply (no session is read); checked separately below.
API = {name for name in EXPECTED if name.startswith("api:v1:")}
# The one deliberate exemption: switching the language (harmless; keeps public pages cacheable, core/cache.py).
EXEMPT = {"set_language"}


def test_the_sweep_covers_every_url():
    assert _our_url_names() - API == set(EXPECTED) - API


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - API - EXEMPT))
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(matrix_world, name):
    args_for, _expected = EXPECTED[name]
    url = reverse(name, args=args_for(matrix_world))
    audit_before = AuditEntry.objects.count()
    answers = []
    for who in (None, matrix_world.secretariat, matrix_world.editor_a):
        client = Client(enforce_csrf_checks=True)
        client.cookies["django_language"] = "en"
        if who:
            client.force_login(who)
        response = client.post(url, {"title": "x", "name": "x", "body": "x", "text": "x"})
        answers.append((response.status_code, "The form has expired" in response.content.decode()))

    assert answers == [(403, True)] * 3
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize(
    "path", ["/api/v1/indicator-values", "/api/v1/programmes/1/progress"], ids=["values", "progress"]
)
def test_api_writes_ignore_the_session_cookie(matrix_world, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(matrix_world.secretariat)

    response = client.post(path, {}, content_type="application/json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
