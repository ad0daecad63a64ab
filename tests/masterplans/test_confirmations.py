"""Workflow moves of a masterplan (submitting, publishing, …) and deleting its rows ask first (core/confirm.py):
without ``confirm=yes`` nothing changes and nothing is audited; the page states the consequences in numbers; with
the confirmation the move is made and audited. The pages answer in Indonesian."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kotacerdas.accounts.models import User
from kotacerdas.core.models import AuditEntry
from kotacerdas.masterplans.completeness import check_completeness
from kotacerdas.masterplans.models import KeyFigure, MasterplanStatus, Strategy
from kotacerdas.regions.models import MembershipRole, RegionMembership
from tests.factories import RegionMembershipFactory
from tests.utils import asked

pytestmark = pytest.mark.django_db
S = MasterplanStatus
YES = {"confirm": "yes"}


def _label(status) -> str:
    with translation.override("id"):
        return str(S(status).label)


def _mailed(mp, *, secretariat=False) -> int:
    """Counted here from the data: the region's active team, the active mentors, and the secretariat on
    submission."""
    emails = set(
        RegionMembership.objects.filter(region=mp.region, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    emails |= set(mp.participation.mentors.filter(is_active=True).values_list("email", flat=True))
    if secretariat:
        emails |= set(
            User.objects.filter(is_secretariat=True, is_active=True).values_list("email", flat=True)
        )
    return len(emails)


def _programmes(mp) -> tuple[int, int]:
    return mp.programmes.count(), mp.programmes.filter(is_quick_win=True).count()


def test_submitting_states_the_version_the_lock_and_the_mail(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["approver.pemalang"])
    n, quick_wins = _programmes(mp)

    response = client.post(
        reverse("masterplans:status_change", args=[mp.pk]), {"status": S.SUBMITTED, "note": ""}
    )

    assert asked(response) == [
        f"Status berubah dari “{_label(S.DRAFT)}” menjadi “{_label(S.SUBMITTED)}”.",
        f"Versi 1 dibekukan sebagai versi yang diajukan, dengan {n} program ({quick_wins} quick win).",
        "Tim tidak dapat lagi menyunting sampai revisi diminta.",
        f"{_mailed(mp, secretariat=True)} orang diberi tahu melalui email.",
    ]
    assert "Ya, ajukan" in response.content.decode()


def test_submitting_asks_first_then_submits_and_audits(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["approver.pemalang"])
    url = reverse("masterplans:status_change", args=[mp.pk])

    client.post(url, {"status": S.SUBMITTED, "note": "Siap dinilai"})
    mp.refresh_from_db()
    before = (mp.status, mp.versions.count(), AuditEntry.objects.filter(action="masterplan.status").count())
    done = client.post(url, {"status": S.SUBMITTED, "note": "Siap dinilai", **YES})

    mp.refresh_from_db()
    assert before == (S.DRAFT, 0, 0)
    assert done.status_code == 302
    assert (mp.status, mp.versions.count()) == (S.SUBMITTED, 1)
    assert list(
        AuditEntry.objects.filter(action="masterplan.status").values_list("old_value", "new_value", "note")
    ) == [("draft", "submitted", "Siap dinilai")]


def test_publishing_states_what_becomes_public(demo, client):
    mp = demo["pemalang"]
    type(mp).objects.filter(pk=mp.pk).update(status=S.APPROVED)
    client.force_login(demo["sekretariat"])
    n, quick_wins = _programmes(mp)

    response = client.get(reverse("masterplans:status_change", args=[mp.pk]), {"status": S.PUBLISHED})

    assert asked(response) == [
        f"Status berubah dari “{_label(S.APPROVED)}” menjadi “{_label(S.PUBLISHED)}”.",
        f"Masterplan menjadi publik di portal dan di API data terbuka, dengan {n} program ({quick_wins} quick win).",
        "4 buku disusun untuk diunduh (DOCX dan PDF).",
        "Penerbitan bersifat final: masterplan yang telah diterbitkan tidak memiliki langkah lanjutan.",
        f"{_mailed(mp)} orang diberi tahu melalui email.",
    ]
    assert "Ya, terbitkan" in response.content.decode()


def test_publishing_asks_first_then_publishes_and_audits(demo, client):
    mp = demo["pemalang"]
    type(mp).objects.filter(pk=mp.pk).update(status=S.APPROVED)
    client.force_login(demo["sekretariat"])
    url = reverse("masterplans:status_change", args=[mp.pk])

    client.post(url, {"status": S.PUBLISHED})
    mp.refresh_from_db()
    before = (mp.status, AuditEntry.objects.filter(action="masterplan.status").count())
    client.post(url, {"status": S.PUBLISHED, **YES})

    mp.refresh_from_db()
    assert before == (S.APPROVED, 0)
    assert mp.status == S.PUBLISHED
    assert list(
        AuditEntry.objects.filter(action="masterplan.status").values_list("new_value", flat=True)
    ) == ["published"]


def test_an_incomplete_masterplan_cannot_be_confirmed_for_submission(demo, client):
    mp = demo["pekalongan"]
    RegionMembershipFactory(user=demo["approver.pemalang"], region=mp.region, role=MembershipRole.APPROVER)
    client.force_login(demo["approver.pemalang"])

    response = client.post(reverse("masterplans:status_change", args=[mp.pk]), {"status": S.SUBMITTED})

    completeness = check_completeness(mp)
    with translation.override("id"):
        expected = gettext("The masterplan is not complete yet (%(passed)s of %(total)s checks pass).") % {
            "passed": completeness.passed,
            "total": completeness.total,
        }
    assert response.context["confirmation"].refusal == expected
    assert 'id="confirm-yes"' not in response.content.decode()


def test_a_move_outside_the_users_moves_is_not_asked(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["approver.pemalang"])

    response = client.post(reverse("masterplans:status_change", args=[mp.pk]), {"status": S.PUBLISHED})

    mp.refresh_from_db()
    assert response.status_code == 302
    assert mp.status == S.DRAFT


def test_row_delete_asks_first_then_deletes_and_audits(demo, client):
    mp = demo["pemalang"]
    figure = mp.key_figures.first()
    client.force_login(demo["editor.pemalang"])
    url = reverse("masterplans:row_delete", args=[mp.pk, "key_figure", figure.pk])

    confirm_page = client.get(url)
    kept = KeyFigure.objects.filter(pk=figure.pk).exists()
    client.post(url, {"revision": figure.revision, **YES})

    assert asked(confirm_page) == [f"Data utama “{figure}” dihapus dari masterplan."]
    assert f'<input type="hidden" name="revision" value="{figure.revision}">' in confirm_page.content.decode()
    assert kept is True
    assert not KeyFigure.objects.filter(pk=figure.pk).exists()
    assert list(
        AuditEntry.objects.filter(action="masterplan.row_deleted").values_list("field", "old_value")
    ) == [("key_figure", str(figure))]


def test_programme_delete_page_counts_what_goes_with_it(demo, client):
    mp = demo["pemalang"]
    programme = max(mp.programmes.all(), key=lambda p: p.indicators.count())
    n_indicators = programme.indicators.count()
    client.force_login(demo["editor.pemalang"])

    response = client.get(reverse("masterplans:row_delete", args=[mp.pk, "programme", programme.pk]))

    lines = asked(response)
    assert lines[0] == f"Program “{programme}” dihapus dari masterplan."
    assert f"Ikut terhapus: {n_indicators} indikator program." in lines


def test_strategy_with_programmes_cannot_be_confirmed(demo, client):
    mp = demo["pemalang"]
    strategy = Strategy.objects.filter(masterplan=mp, programmes__isnull=False).distinct().first()
    n = strategy.programmes.count()
    client.force_login(demo["editor.pemalang"])

    response = client.post(
        reverse("masterplans:row_delete", args=[mp.pk, "strategy", strategy.pk]),
        {"revision": strategy.revision},
    )

    assert response.context["confirmation"].refusal == (
        f"Tidak dapat dihapus: masih dipakai oleh {n} program. Ubah atau hapus dahulu."
    )
    assert Strategy.objects.filter(pk=strategy.pk).exists()


def test_opd_named_by_programmes_cannot_be_confirmed(demo, client):
    """The regions app may not import masterplans: the page still names what uses the agency."""
    mp = demo["pemalang"]
    programme = mp.programmes.exclude(owner_opd=None).first()
    opd = programme.owner_opd
    users = [
        f"{n} {plural if n > 1 else singular}"
        for n, singular, plural in (
            (mp.action_steps.filter(owner_opd=opd).count(), "langkah aksi", "langkah aksi"),
            (mp.programmes.filter(owner_opd=opd).count(), "program", "program"),
        )
        if n
    ]
    client.force_login(demo["editor.pemalang"])

    response = client.post(reverse("regions:opd_delete", args=[mp.region.code, opd.pk]), YES)

    assert response.context["confirmation"].refusal == (
        f"Tidak dapat dihapus: masih dipakai oleh {', '.join(users)}. Ubah atau hapus dahulu."
    )
    assert type(opd).objects.filter(pk=opd.pk).exists()
