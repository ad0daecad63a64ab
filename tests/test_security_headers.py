"""Production headers on real answers (the suite runs with DJANGO_DEBUG=0): HSTS, a strict Content-Security-Policy,
no framing, no MIME sniffing, and cookies that only travel over HTTPS and stay out of scripts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_pages_over_https_carry_the_security_headers(client):
    response = client.get(reverse("portal:home"), secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_content_security_policy_allows_no_inline_code_and_no_other_origin(client):
    policy = _csp(client.get(reverse("portal:home"), secure=True))

    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe" not in " ".join(policy.values())


def test_plain_http_is_sent_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = (
        True  # the production default; the suite turns it off for plain test requests
    )

    response = client.get(reverse("portal:home"))

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_cookies_are_secure_and_the_session_cookie_is_out_of_scripts_reach(client):
    from tests.factories import UserFactory

    user = UserFactory(email="aman@example.test")
    user.set_password("kata-sandi-uji-123")
    user.save()
    login = client.get(reverse("accounts:login"), secure=True)
    csrf = login.cookies["csrftoken"]
    response = client.post(
        reverse("accounts:login"),
        {
            "username": "aman@example.test",
            "password": "kata-sandi-uji-123",
            "csrfmiddlewaretoken": csrf.value,
        },
        secure=True,
    )

    session = response.cookies["sessionid"]
    assert response.status_code == 302
    assert (csrf["secure"], session["secure"], session["httponly"]) == (True, True, True)
    assert session["samesite"] == "Lax"
