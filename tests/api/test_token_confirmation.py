"""Revoking an API token asks first (core/confirm.py): without ``confirm=yes`` the token keeps working and nothing
is audited; the page says what stops and how many tokens stay; with the confirmation it is revoked and audited."""

import pytest
from django.urls import reverse

from kotacerdas.api.services import create_token
from kotacerdas.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_revoke_page_states_what_stops_and_what_stays(client):
    person = UserFactory()
    token, _raw = create_token(person, name="Impor BPS", by=person)
    create_token(person, name="Dasbor", by=person)
    client.force_login(person)

    response = client.get(reverse("api:token_revoke", args=[token.pk]))

    assert response.templates[0].name == "core/confirm.html"
    assert response.context["confirmation"].consequences == [
        f"Program yang mengirim token berawalan {token.prefix} ditolak mulai sekarang.",
        "Token ini belum pernah dipakai.",
        "Anda masih memiliki 1 token aktif.",
    ]
    assert "Ya, cabut" in response.content.decode()


def test_revoke_asks_first_then_revokes_and_audits(client):
    person = UserFactory()
    token, raw = create_token(person, name="Impor BPS", by=person)
    client.force_login(person)
    url = reverse("api:token_revoke", args=[token.pk])

    client.post(url)
    token.refresh_from_db()
    before = (token.revoked_at, AuditEntry.objects.filter(action="api.token_revoked").count())
    client.post(url, {"confirm": "yes"})

    token.refresh_from_db()
    assert before == (None, 0)
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 1
