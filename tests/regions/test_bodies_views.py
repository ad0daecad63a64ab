"""The pages of a region's smart city bodies: who reaches them, what they show, what a save writes."""

import datetime
import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.regions.models import BodyKind, BodyMember, BodyRole, MembershipRole, RegionalBody
from tests.factories import (
    BodyMemberFactory,
    OpdFactory,
    ParticipationFactory,
    RegionalBodyFactory,
    RegionFactory,
    RegionMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%demo\n"


class World:
    pass


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = World()
    w.region_a, w.region_b = RegionFactory(name="Kabupaten Alfa"), RegionFactory(name="Kabupaten Beta")
    w.secretariat = UserFactory(is_secretariat=True)
    w.editor_a, w.viewer_a, w.editor_b, w.mentor_a, w.stranger = UserFactory.create_batch(5)
    RegionMembershipFactory(user=w.editor_a, region=w.region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=w.viewer_a, region=w.region_a, role=MembershipRole.VIEWER)
    RegionMembershipFactory(user=w.editor_b, region=w.region_b, role=MembershipRole.EDITOR)
    ParticipationFactory(region=w.region_a).mentors.add(w.mentor_a)
    w.opd_a = OpdFactory(region=w.region_a, name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")
    w.body = RegionalBodyFactory(
        region=w.region_a,
        decree_number="188.4/12/2018",
        decree_date=datetime.date(2018, 12, 13),
        decree_signed_by="Bupati Alfa",
        period_start=datetime.date(2018, 12, 13),
    )
    w.body.scan.save("x.pdf", ContentFile(PDF))
    w.chair = BodyMemberFactory(
        body=w.body, name="Heru Santoso", position="Sekretaris Daerah", role=BodyRole.CHAIR
    )
    w.secretary = BodyMemberFactory(
        body=w.body,
        name="Siti Rahmawati",
        position="Kepala Dinas Kominfo",
        role=BodyRole.SECRETARY,
        opd=w.opd_a,
    )
    w.patron = BodyMemberFactory(
        body=w.body, name="Bambang Suryadi", position="Bupati Alfa", role=BodyRole.PATRON
    )
    return w


def _text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _urls(w):
    a, body, member = w.region_a.code, w.body.pk, w.chair.pk
    return {
        "bodies": reverse("regions:bodies", args=[a]),
        "body_add": reverse("regions:body_add", args=[a]),
        "body_edit": reverse("regions:body_edit", args=[a, body]),
        "body_scan": reverse("regions:body_scan", args=[a, body]),
        "member_add": reverse("regions:body_member_add", args=[a, body]),
        "member_edit": reverse("regions:body_member_edit", args=[a, body, member]),
        "member_remove": reverse("regions:body_member_remove", args=[a, body, member]),
    }


# Readers: the team, the mentor, the secretariat. Writers: editors and the secretariat. Scan: team and secretariat.
EXPECTED = {
    #                 secretariat editor_a viewer_a mentor_a editor_b stranger
    "bodies": [200, 200, 200, 200, 404, 404],
    "body_add": [200, 200, 403, 403, 404, 404],
    "body_edit": [200, 200, 403, 403, 404, 404],
    "body_scan": [200, 200, 200, 403, 404, 404],
    "member_add": [200, 200, 403, 403, 404, 404],
    "member_edit": [200, 200, 403, 403, 404, 404],
    "member_remove": [200, 200, 403, 403, 404, 404],
}
USERS = ["secretariat", "editor_a", "viewer_a", "mentor_a", "editor_b", "stranger"]


def test_each_page_answers_each_role(w, client):
    answers = {}
    for name, url in _urls(w).items():
        answers[name] = []
        for user in USERS:
            client.force_login(getattr(w, user))
            answers[name].append(client.get(url).status_code)

    assert answers == EXPECTED


def test_anonymous_visitors_go_to_the_login_page(w, client):
    locations = {name: client.get(url)["Location"] for name, url in _urls(w).items()}

    assert all(location.startswith("/accounts/login/") for location in locations.values())


def test_another_region_s_editor_gets_404_for_a_body_of_region_a_even_through_their_own_region(w, client):
    """Region B's code with region A's body: the body is looked up in region B's bodies only."""
    client.force_login(w.editor_b)
    b = w.region_b.code

    answers = [
        client.get(reverse("regions:body_edit", args=[b, w.body.pk])).status_code,
        client.get(reverse("regions:body_scan", args=[b, w.body.pk])).status_code,
        client.get(reverse("regions:body_member_edit", args=[b, w.body.pk, w.chair.pk])).status_code,
        client.post(
            reverse("regions:body_member_remove", args=[b, w.body.pk, w.chair.pk]), {"confirm": "yes"}
        ).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert BodyMember.objects.filter(pk=w.chair.pk).exists()


def test_the_bodies_page_shows_the_decree_and_the_members_by_role(w, client):
    client.force_login(w.viewer_a)

    text = _text(client.get(reverse("regions:bodies", args=[w.region_a.code])))

    assert "Dewan Smart City berlaku" in text
    assert "Surat keputusan (SK) Nomor 188.4/12/2018 tanggal Kamis, 13 Desember 2018" in text
    assert "Ditandatangani oleh Bupati Alfa" in text
    assert "Masa tugas Kamis, 13 Desember 2018 – tanpa batas akhir" in text
    assert (
        "3 anggota Pembina Bambang Suryadi Bupati Alfa Ketua Heru Santoso Sekretaris Daerah "
        "Sekretaris Siti Rahmawati Kepala Dinas Kominfo · Diskominfo"
    ) in text
    assert "Tim Pelaksana Smart City Tidak ada SK yang berlaku hari ini." in text
    assert "Unduh pindaian" in text
    assert "Ubah SK dan anggotanya" not in text  # a viewer reads only


def test_a_mentor_reads_the_bodies_but_is_not_offered_the_scan(w, client):
    client.force_login(w.mentor_a)

    text = _text(client.get(reverse("regions:bodies", args=[w.region_a.code])))

    assert "Heru Santoso" in text
    assert "Unduh pindaian" not in text
    assert "Hanya untuk sekretariat dan tim daerah." in text


def test_an_ended_decree_is_listed_apart(w, client):
    RegionalBodyFactory(
        region=w.region_a,
        kind=BodyKind.TEAM,
        decree_number="188.4/7/2015",
        period_start=datetime.date(2015, 1, 1),
        period_end=datetime.date(2017, 12, 31),
    )
    client.force_login(w.editor_a)

    text = _text(client.get(reverse("regions:bodies", args=[w.region_a.code])))

    assert "SK sebelumnya dan berikutnya Tim Pelaksana Smart City tidak berlaku" in text


def test_the_scan_is_downloaded_as_an_attachment(w, client):
    client.force_login(w.editor_a)

    response = client.get(reverse("regions:body_scan", args=[w.region_a.code, w.body.pk]))

    assert response["Content-Disposition"] == (
        'attachment; filename="sk-dewan-smart-city-kabupaten-alfa-2018-12-13.pdf"'
    )
    assert b"".join(response.streaming_content) == PDF


def _body_post(**changes):
    data = {
        "kind": BodyKind.TEAM,
        "decree_number": "188.4/13/2022",
        "decree_date": "2022-01-10",
        "decree_signed_by": "Bupati Alfa",
        "period_start": "2022-01-10",
        "period_end": "2027-12-31",
        "notes": "Catatan <b>uji</b>",
    }
    return data | changes


def test_an_editor_records_a_decree_with_its_scan_and_the_audit_trail_says_so(w, client):
    client.force_login(w.editor_a)

    response = client.post(
        reverse("regions:body_add", args=[w.region_a.code]),
        _body_post(scan=SimpleUploadedFile("sk.pdf", PDF)),
    )

    body = RegionalBody.objects.get(decree_number="188.4/13/2022")
    assert response["Location"] == reverse("regions:body_edit", args=[w.region_a.code, body.pk])
    assert (body.region, body.kind, body.period_end) == (w.region_a, "team", datetime.date(2027, 12, 31))
    with body.scan.open("rb") as stored:
        assert body.scan.name.startswith("decrees/") and stored.read() == PDF
    entry = AuditEntry.objects.get(action="body.created")
    assert (entry.actor, entry.region_code, entry.new_value) == (w.editor_a, w.region_a.code, "188.4/13/2022")


def test_the_edit_page_links_the_scan_only_through_the_checked_download(w, client):
    """A clearable file input would print the storage path and link the file's storage URL."""
    client.force_login(w.editor_a)

    html = client.get(reverse("regions:body_edit", args=[w.region_a.code, w.body.pk])).content.decode()

    assert w.body.scan.name not in html and "/media/" not in html
    assert reverse("regions:body_scan", args=[w.region_a.code, w.body.pk]) in html
    assert 'accept="application/pdf,image/png,image/jpeg"' in html


def test_a_refused_scan_keeps_what_was_typed(w, client):
    client.force_login(w.editor_a)

    response = client.post(
        reverse("regions:body_add", args=[w.region_a.code]),
        _body_post(scan=SimpleUploadedFile("sk.pdf", b"<html><script>alert(1)</script>")),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Pindaian harus berupa berkas PDF, PNG, atau JPEG." in _text(response)
    assert 'value="188.4/13/2022"' in html and "Catatan &lt;b&gt;uji&lt;/b&gt;" in html
    assert not RegionalBody.objects.filter(decree_number="188.4/13/2022").exists()


def test_an_edit_on_a_stale_form_is_refused_and_the_text_kept(w, client):
    client.force_login(w.editor_a)
    url = reverse("regions:body_edit", args=[w.region_a.code, w.body.pk])
    opened = w.body.revision
    client.post(url, _body_post(kind="council", decree_number="188.4/12/2018 (ralat)", revision=opened))

    response = client.post(url, _body_post(kind="council", decree_number="188.4/99/2018", revision=opened))

    w.body.refresh_from_db()
    assert response.status_code == 409
    assert "Orang lain telah menyimpan bagian ini setelah Anda membukanya." in _text(response)
    assert 'value="188.4/99/2018"' in response.content.decode()
    assert (w.body.decree_number, w.body.revision) == ("188.4/12/2018 (ralat)", opened + 1)
    assert list(AuditEntry.objects.filter(action="body.changed").values_list("new_value", flat=True)) == [
        "188.4/12/2018 (ralat)"
    ]


def test_a_new_scan_replaces_the_old_one_on_edit(w, client):
    client.force_login(w.editor_a)
    url = reverse("regions:body_edit", args=[w.region_a.code, w.body.pk])

    client.post(
        url,
        _body_post(
            kind="council", revision=w.body.revision, scan=SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\nxx")
        ),
    )

    w.body.refresh_from_db()
    with w.body.scan.open("rb") as stored:
        assert w.body.scan.name.endswith(".png") and stored.read() == b"\x89PNG\r\n\x1a\nxx"


def test_a_member_with_a_bad_nip_is_refused_in_indonesian_and_kept(w, client):
    client.force_login(w.editor_a)
    data = {
        "name": "Dwi Andriyani",
        "nip": "12345",
        "position": "Kepala Bidang Aptika",
        "role": "member",
        "order": 0,
    }

    response = client.post(reverse("regions:body_member_add", args=[w.region_a.code, w.body.pk]), data)

    assert response.status_code == 400
    assert "NIP terdiri atas tepat 18 angka, misalnya 197001012000031001." in _text(response)
    assert 'value="Dwi Andriyani"' in response.content.decode()


def test_adding_editing_and_removing_a_member_is_audited(w, client):
    client.force_login(w.editor_a)
    a, body = w.region_a.code, w.body.pk
    data = {
        "name": "Dwi Andriyani",
        "nip": "197503122000031004",
        "position": "Kepala Bidang Aptika",
        "role": "vice_chair",
        "opd": w.opd_a.pk,
        "order": 1,
    }

    client.post(reverse("regions:body_member_add", args=[a, body]), data)
    member = BodyMember.objects.get(name="Dwi Andriyani")
    client.post(
        reverse("regions:body_member_edit", args=[a, body, member.pk]), data | {"position": "Kabid Aptika"}
    )
    asked = client.post(reverse("regions:body_member_remove", args=[a, body, member.pk]))
    kept = BodyMember.objects.filter(pk=member.pk).exists()
    client.post(reverse("regions:body_member_remove", args=[a, body, member.pk]), {"confirm": "yes"})

    assert "Keluarkan Dwi Andriyani dari Dewan Smart City?" in _text(asked) and kept
    assert "Lembaga ini kemudian beranggotakan 3 orang." in _text(asked)
    assert not BodyMember.objects.filter(pk=member.pk).exists()
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "field", "region_code")) == [
        ("body.member_added", "member", a),
        ("body.member_changed", "position", a),
        ("body.member_removed", "member", a),
    ]


def test_a_viewer_cannot_post_a_member(w, client):
    client.force_login(w.viewer_a)
    data = {"name": "X", "nip": "", "position": "Y", "role": "member", "order": 0}

    response = client.post(reverse("regions:body_member_add", args=[w.region_a.code, w.body.pk]), data)

    assert response.status_code == 403
    assert not BodyMember.objects.filter(name="X").exists()


def test_values_are_escaped_on_every_page(w, client):
    payload = '<script>alert("x")</script>'
    w.body.notes = payload
    w.body.decree_signed_by = payload
    w.body.save()
    w.chair.name, w.chair.position = payload, payload
    w.chair.save()
    client.force_login(w.secretariat)

    pages = [client.get(url) for name, url in _urls(w).items() if name not in ("body_scan",)]

    for page in pages:
        assert "<script>alert" not in page.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in pages[0].content.decode()
