"""A new password ends the owner's older API tokens, as it ends their other sessions."""

import pytest
from django.urls import reverse

from kotacerdas.api.services import create_token, token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/indicator-values"


def test_token_works_until_the_password_changes(client):
    person = UserFactory(password="Lama-sandi-123!")
    _token, raw = create_token(person, name="Impor BPS", by=person)
    before = client.get(VALUES, headers={"Authorization": f"Bearer {raw}"}).status_code

    person.set_password("Sandi-baru-456!")
    person.save()
    after = client.get(VALUES, headers={"Authorization": f"Bearer {raw}"}).status_code

    assert (before, after) == (200, 401)
    assert token_for(raw) is None


def test_password_change_page_ends_tokens_and_the_token_page_says_why(client):
    person = UserFactory(password="Lama-sandi-123!")
    _token, raw = create_token(person, name="Impor BPS", by=person)
    client.force_login(person)

    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Lama-sandi-123!",
            "new_password1": "Sandi-baru-456!xyz",
            "new_password2": "Sandi-baru-456!xyz",
        },
    )
    page = client.get(reverse("api:tokens"))

    assert token_for(raw) is None
    assert "tidak berlaku lagi: kata sandi Anda sudah diganti" in page.content.decode()


def test_another_users_password_change_leaves_a_token_alone(client):
    owner, other = UserFactory(), UserFactory()
    _token, raw = create_token(owner, name="Impor", by=owner)

    other.set_password("Sandi-baru-456!")
    other.save()

    assert token_for(raw) is not None
