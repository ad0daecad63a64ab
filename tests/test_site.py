"""Site-wide behaviour: language, error pages, security headers, health."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_is_indonesian_even_when_browser_asks_english(client):
    response = client.get(reverse("portal:home"), headers={"Accept-Language": "en-US,en;q=0.9"})

    text = response.content.decode()
    assert '<html lang="id">' in text
    assert "Masuk" in text


def test_language_switch_to_english_sticks(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("portal:home"))

    assert '<html lang="en">' in response.content.decode()
    assert "Log in" in response.content.decode()


def test_404_page_in_site_style(client):
    response = client.get("/tidak-ada/")

    text = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in text
    assert "kotacerdas.css" in text


def test_403_page_in_site_style(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    response = client.get(reverse("portal:audit_log"))

    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


@override_settings(DEBUG=False)
def test_500_page_needs_no_database(rf):
    from kotacerdas.core.views import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()


def test_content_security_policy_forbids_inline_code(client):
    response = client.get(reverse("portal:home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_have_no_inline_scripts_or_styles(client):
    response = client.get(reverse("portal:region_directory"))

    text = response.content.decode()
    assert "<script>" not in text
    assert " style=" not in text


def test_health_reports_database_ok(client):
    response = client.get(reverse("health"))

    assert response.json() == {"status": "ok"}


def test_menu_matches_roles(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_evaluator=True))

    labels = [str(label) for label, _url, _key in client.get(reverse("portal:home")).context["nav_items"]]

    assert "Jejak audit" not in labels and "Pengguna" not in labels
    assert "Sesi saya" in labels


def test_a_region_team_finds_its_letters_in_the_menu(client):
    from tests.factories import RegionMembershipFactory

    client.force_login(RegionMembershipFactory().user)

    items = client.get(reverse("portal:home")).context["nav_items"]

    assert ("Surat", reverse("letters:home")) in [(str(label), url) for label, url, _key in items]
