import re

import pytest
from django.core import mail
from django.urls import reverse

from kotacerdas.accounts.models import User
from kotacerdas.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "password-for-tests"


def test_login_with_email_case_insensitive_redirects_to_dashboard(client):
    UserFactory(email="budi@example.test")

    response = client.post(reverse("accounts:login"), {"username": "Budi@Example.TEST", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")


def test_login_wrong_password_shows_indonesian_error(client):
    UserFactory(email="budi@example.test")

    response = client.post(reverse("accounts:login"), {"username": "budi@example.test", "password": "salah"})

    assert response.status_code == 200
    assert "Masukkan alamat email dan kata sandi yang benar" in response.content.decode()


def test_login_throttled_after_five_failures_even_with_right_password(client):
    UserFactory(email="budi@example.test")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "budi@example.test", "password": "salah"})

    response = client.post(reverse("accounts:login"), {"username": "budi@example.test", "password": PASSWORD})

    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_link_that_sets_new_password(client):
    user = UserFactory(email="budi@example.test")

    client.post(reverse("accounts:password_reset"), {"email": "budi@example.test"})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "kota-cerdas-baru-99", "new_password2": "kota-cerdas-baru-99"},
    )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["budi@example.test"]
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("kota-cerdas-baru-99")


def test_password_reset_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "tidakada@example.test"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_user_create_by_secretariat_invites_and_audits(client, django_capture_on_commit_callbacks):
    admin = UserFactory(is_secretariat=True)
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_create"),
            {
                "full_name": "Mentor Baru",
                "email": "Mentor.Baru@example.test",
                "is_mentor": "on",
                "is_active": "on",
            },
        )

    user = User.objects.get(email="mentor.baru@example.test")
    assert response.status_code == 302
    assert (user.is_mentor, user.has_usable_password()) == (True, False)
    assert [m.to for m in mail.outbox] == [["mentor.baru@example.test"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="user.created")
    assert (entry.actor, entry.new_value) == (admin, "is_mentor, is_active")


def test_user_create_duplicate_email_shows_field_error(client):
    UserFactory(email="ada@example.test")
    client.force_login(UserFactory(is_secretariat=True))

    response = client.post(
        reverse("accounts:user_create"),
        {"full_name": "Ganda", "email": "ADA@example.test", "is_active": "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Alamat email ini sudah digunakan oleh akun lain."]
    assert User.objects.filter(email__iexact="ada@example.test").count() == 1


def test_user_edit_role_change_audited(client):
    admin = UserFactory(is_secretariat=True)
    user = UserFactory(full_name="Calon Evaluator")
    client.force_login(admin)

    client.post(
        reverse("accounts:user_edit", args=[user.pk]),
        {"full_name": "Calon Evaluator", "email": user.email, "is_evaluator": "on", "is_active": "on"},
    )

    entry = AuditEntry.objects.get(action="user.roles")
    assert (entry.old_value, entry.new_value) == ("is_active", "is_evaluator, is_active")


def test_user_management_refused_for_region_editor(client):
    client.force_login(UserFactory())

    responses = [client.get(reverse("accounts:user_list")), client.get(reverse("accounts:user_create"))]

    assert [r.status_code for r in responses] == [403, 403]


def test_inactive_user_cannot_log_in(client):
    UserFactory(email="nonaktif@example.test", is_active=False)

    client.post(reverse("accounts:login"), {"username": "nonaktif@example.test", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
