"""Free text has a limit that the page states, refuses in Indonesian and never loses (issue 16 §4)."""

import pytest
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.masterplans.models import Comment, MasterplanStatus, Section

pytestmark = pytest.mark.django_db


def _comment(client, mp, body, part="vision"):
    return client.post(reverse("masterplans:comment_add", args=[mp.pk]), {"part": part, "body": body})


def test_comment_field_states_its_limit_indonesian_style(demo, client):
    client.force_login(demo["mentor"])

    response = client.get(reverse("masterplans:part", args=[demo["pemalang"].pk, "vision"]))

    assert '<p class="help help--limit">Maks. 4.000 karakter</p>' in response.content.decode()


def test_comment_field_states_its_limit_in_english(demo, client):
    client.force_login(demo["mentor"])
    client.cookies["django_language"] = "en"

    response = client.get(reverse("masterplans:part", args=[demo["pemalang"].pk, "vision"]))

    assert '<p class="help help--limit">At most 4,000 characters</p>' in response.content.decode()


def test_section_field_states_its_limit(demo, client):
    client.force_login(demo["editor.pemalang"])

    response = client.get(reverse("masterplans:part", args=[demo["pemalang"].pk, "vision"]))

    assert "Maks. 20.000 karakter" in response.content.decode()


def test_comment_over_limit_refused_in_indonesian_and_text_kept(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["mentor"])
    body = "x" * 4001

    response = _comment(client, mp, body)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Pastikan nilai ini mengandung paling banyak 4000 karakter (sekarang 4001 karakter)." in page
    assert f"\n{body}</textarea>" in page
    assert Comment.objects.filter(masterplan=mp).count() == 0


def test_comment_at_limit_is_stored(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["mentor"])

    response = _comment(client, mp, "x" * 4000)

    assert response.status_code == 302
    assert [len(c.body) for c in Comment.objects.filter(masterplan=mp)] == [4000]


def test_section_longer_than_its_limit_still_opens_and_is_refused_on_save(demo, client):
    """A row stored before the limit existed is not lost: the page shows it, a save asks for a shorter text."""
    mp = demo["pemalang"]
    old = " ".join(["Visi lama."] * 2500)  # 27,499 characters
    Section.objects.filter(masterplan=mp, key="vision").update(body=old)
    client.force_login(demo["editor.pemalang"])

    opened = client.get(reverse("masterplans:part", args=[mp.pk, "vision"]))
    saved = client.post(
        reverse("masterplans:section_save", args=[mp.pk, "vision"]),
        {"vision-body": old, "vision-revision": 1},
    )

    assert opened.status_code == 200
    assert old in opened.content.decode()
    assert saved.status_code == 400
    assert "paling banyak 20000 karakter (sekarang 27499 karakter)" in saved.content.decode()
    assert Section.objects.get(masterplan=mp, key="vision").body == old


def test_status_note_over_limit_refused_and_nothing_changes(demo, client):
    mp = demo["pemalang"]
    mp.status = MasterplanStatus.DRAFT
    mp.save(update_fields=["status"])
    client.force_login(demo["approver.pemalang"])
    before = AuditEntry.objects.count()

    response = client.post(
        reverse("masterplans:status_change", args=[mp.pk]),
        {"status": MasterplanStatus.SUBMITTED, "note": "n" * 2001},
        follow=True,
    )

    mp.refresh_from_db()
    assert mp.status == MasterplanStatus.DRAFT
    assert "paling banyak 2000 karakter (sekarang 2001 karakter)" in response.content.decode()
    assert AuditEntry.objects.count() == before
