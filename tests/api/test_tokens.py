"""The token page: create (shown once, only its hash stored), list, revoke; someone else's token is 404."""

import hashlib
import re

import pytest
from django.urls import reverse

from kotacerdas.api.models import ApiToken
from kotacerdas.api.services import create_token
from kotacerdas.api.views import MAX_ACTIVE_TOKENS
from kotacerdas.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/tokens/"


@pytest.fixture
def person():
    return UserFactory(full_name="Pengguna Token")


def test_token_page_needs_a_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_creating_a_token_shows_it_once_and_stores_its_hash(client, person):
    client.force_login(person)

    response = client.post(URL, {"name": "Impor BPS"})

    raw = re.search(r'value="(kc_[A-Za-z0-9_-]+)"', response.content.decode())[1]
    token = ApiToken.objects.get(user=person)
    assert response.status_code == 200
    assert (token.name, token.prefix, token.key_hash) == (
        "Impor BPS",
        raw[:8],
        hashlib.sha256(raw.encode()).hexdigest(),
    )
    assert raw not in str(ApiToken.objects.values_list())
    assert raw not in client.get(URL).content.decode()
    assert AuditEntry.objects.filter(action="api.token_created", actor=person).count() == 1


def test_new_token_works_against_the_api(client, person):
    client.force_login(person)
    raw = re.search(r'value="(kc_[^"]+)"', client.post(URL, {"name": "Uji"}).content.decode())[1]
    client.logout()

    response = client.get("/api/v1/cohorts", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200


def test_token_without_a_name_is_refused(client, person):
    client.force_login(person)

    response = client.post(URL, {"name": ""})

    assert response.status_code == 400
    assert ApiToken.objects.count() == 0


def test_at_most_ten_active_tokens(client, person):
    for n in range(MAX_ACTIVE_TOKENS):
        create_token(person, name=f"t{n}", by=person)
    client.force_login(person)

    response = client.post(URL, {"name": "one too many"})

    assert response.status_code == 400
    assert ApiToken.objects.filter(user=person).count() == MAX_ACTIVE_TOKENS


def test_page_lists_only_the_users_own_tokens(client, person):
    create_token(person, name="Milik saya", by=person)
    create_token(UserFactory(), name="Milik orang lain", by=person)
    client.force_login(person)

    html = client.get(URL).content.decode()

    assert "Milik saya" in html
    assert "Milik orang lain" not in html


def test_revoking_refuses_the_token_from_then_on(client, person):
    token, raw = create_token(person, name="Lama", by=person)
    client.force_login(person)

    response = client.post(reverse("api:token_revoke", args=[token.pk]), {"confirm": "yes"})

    token.refresh_from_db()
    assert response.status_code == 302
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/cohorts", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 1


def test_someone_elses_token_cannot_be_revoked(client, person):
    other, _raw = create_token(UserFactory(), name="Orang lain", by=person)
    client.force_login(person)

    response = client.post(reverse("api:token_revoke", args=[other.pk]), {"confirm": "yes"})

    other.refresh_from_db()
    assert response.status_code == 404
    assert other.revoked_at is None


def test_revoke_by_get_only_asks(client, person):
    token, _raw = create_token(person, name="Uji", by=person)
    client.force_login(person)

    response = client.get(reverse("api:token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 200
    assert response.templates[0].name == "core/confirm.html"
    assert token.revoked_at is None
