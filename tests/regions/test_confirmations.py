"""Removing an agency (OPD) or a team member asks first (core/confirm.py): without ``confirm=yes`` nothing changes
and nothing is audited; the page states the consequences in numbers; with the confirmation the change is made and
audited. Another region's OPD or member stays out of reach (404), even to ask."""

import pytest
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.regions.models import MembershipRole, Opd, RegionMembership
from tests.factories import OpdFactory, RegionFactory, RegionMembershipFactory, UserFactory
from tests.utils import asked

pytestmark = pytest.mark.django_db
YES = {"confirm": "yes"}


@pytest.fixture
def team():
    region = RegionFactory(name="Kabupaten Alfa")
    other = RegionFactory(name="Kota Beta")
    approver = RegionMembershipFactory(
        region=region, role=MembershipRole.APPROVER, user=UserFactory(full_name="Ani")
    )
    editor = RegionMembershipFactory(
        region=region, role=MembershipRole.EDITOR, user=UserFactory(full_name="Budi")
    )
    viewer = RegionMembershipFactory(
        region=region, role=MembershipRole.VIEWER, user=UserFactory(full_name="Citra")
    )
    return {
        "region": region,
        "other": other,
        "approver": approver,
        "editor": editor,
        "viewer": viewer,
        "opds": [OpdFactory(region=region, name=f"Dinas {n}") for n in ("Kominfo", "PU", "Bappeda")],
        "other_opd": OpdFactory(region=other, name="Dinas Beta"),
        "secretariat": UserFactory(is_secretariat=True),
    }


def test_member_remove_page_states_the_team_left(client, team):
    client.force_login(team["secretariat"])

    response = client.get(reverse("regions:member_remove", args=[team["region"].code, team["editor"].pk]))

    assert asked(response) == [
        "Budi kehilangan peran “Penyunting” dan tidak lagi dapat membuka halaman internal daerah.",
        "Tim kemudian beranggotakan 2 orang (penyetuju: 1, penyunting: 0, pembaca: 1).",
    ]
    assert response.context["confirmation"].warnings == []
    assert "Ya, keluarkan" in response.content.decode()


def test_member_remove_warns_when_nobody_can_write_any_more(client, team):
    team["editor"].delete()
    client.force_login(team["secretariat"])

    response = client.get(reverse("regions:member_remove", args=[team["region"].code, team["approver"].pk]))

    assert response.context["confirmation"].warnings == [
        "Tidak ada lagi anggota tim yang dapat menulis atau mengajukan masterplan: tidak tersisa penyetuju maupun "
        "penyunting."
    ]


def test_member_remove_asks_first_then_removes_and_audits(client, team):
    client.force_login(team["secretariat"])
    url = reverse("regions:member_remove", args=[team["region"].code, team["editor"].pk])

    client.post(url)
    kept = RegionMembership.objects.filter(pk=team["editor"].pk).exists()
    audits_before = AuditEntry.objects.filter(action="membership.removed").count()
    done = client.post(url, YES)

    assert (kept, audits_before) == (True, 0)
    assert done.status_code == 302
    assert not RegionMembership.objects.filter(pk=team["editor"].pk).exists()
    assert list(
        AuditEntry.objects.filter(action="membership.removed").values_list("old_value", flat=True)
    ) == [f"{team['region'].code} editor"]


def test_member_of_another_region_is_404_even_to_ask(client, team):
    stranger = RegionMembershipFactory(region=team["other"], role=MembershipRole.EDITOR)
    client.force_login(team["secretariat"])

    response = client.get(reverse("regions:member_remove", args=[team["region"].code, stranger.pk]))

    assert response.status_code == 404


def test_opd_delete_page_states_the_agencies_left(client, team):
    client.force_login(team["editor"].user)
    opd = team["opds"][0]

    response = client.get(reverse("regions:opd_delete", args=[team["region"].code, opd.pk]))

    assert asked(response) == ["Kabupaten Alfa kemudian memiliki 2 perangkat daerah (OPD)."]
    assert "Ya, hapus" in response.content.decode()


def test_opd_delete_asks_first_then_deletes_and_audits(client, team):
    client.force_login(team["editor"].user)
    opd = team["opds"][0]
    url = reverse("regions:opd_delete", args=[team["region"].code, opd.pk])

    client.post(url)
    kept = Opd.objects.filter(pk=opd.pk).exists()
    audits_before = AuditEntry.objects.filter(action="opd.deleted").count()
    client.post(url, YES)

    assert (kept, audits_before) == (True, 0)
    assert not Opd.objects.filter(pk=opd.pk).exists()
    assert list(AuditEntry.objects.filter(action="opd.deleted").values_list("old_value", "region_code")) == [
        ("Dinas Kominfo", team["region"].code)
    ]


def test_opd_of_another_region_is_404_even_to_ask(client, team):
    client.force_login(team["editor"].user)

    response = client.get(reverse("regions:opd_delete", args=[team["region"].code, team["other_opd"].pk]))

    assert response.status_code == 404
    assert Opd.objects.filter(pk=team["other_opd"].pk).exists()
