"""The agreement register (MoU, PKS): the model's rules through the form, the pages with their values, who may
see and download what (another region's agreement is a 404), scans refused by content, deletion asked first and
refused while a PKS follows from the MoU, and every save and delete audited."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kotacerdas.core.models import AuditEntry
from kotacerdas.programmes.forms import AgreementForm
from kotacerdas.programmes.models import Agreement, AgreementKind
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    AgreementFactory,
    CohortFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    region_a = RegionFactory(name="Kabupaten Alfa")
    region_b = RegionFactory(name="Kota Beta")
    editor_a = RegionMembershipFactory(region=region_a, role=MembershipRole.EDITOR).user
    viewer_a = RegionMembershipFactory(region=region_a, role=MembershipRole.VIEWER).user
    editor_b = RegionMembershipFactory(region=region_b, role=MembershipRole.EDITOR).user
    mou_a = AgreementFactory(
        region=region_a,
        our_number="UJI/2024/ALF-001",
        region_number="415/ALF/2024",
        our_signatory="Dr. Penanda Satu",
        our_signatory_position="Direktur Jenderal Aplikasi Informatika",
        region_signatory="Bupati Alfa",
        region_signatory_position="Bupati",
        signed_on=datetime.date(2018, 12, 13),
        valid_from=datetime.date(2018, 12, 13),
        valid_until=datetime.date(2030, 12, 12),
        notes="Catatan <b>tebal</b>",
        scan=SimpleUploadedFile("a.pdf", PDF),
    )
    return {
        "region_a": region_a,
        "region_b": region_b,
        "secretariat": UserFactory(is_secretariat=True),
        "editor_a": editor_a,
        "viewer_a": viewer_a,
        "editor_b": editor_b,
        "mou_a": mou_a,
    }


def _data(**changes):
    data = {
        "kind": AgreementKind.MOU,
        "our_number": "UJI/9/MOU",
        "region_number": "",
        "signed_on": "2024-03-01",
        "valid_from": "2024-03-01",
        "valid_until": "2029-02-28",
    }
    data.update(changes)
    return data


# --- rules (model clean through the form) -----------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "errors"), [
    ({}, {}),
    ({"valid_until": ""}, {}),
    ({"valid_until": "2024-02-01"}, {"valid_until": ["An agreement cannot end before it takes effect."]}),
    ({"signed_on": "2024-03-02"}, {"valid_from": ["An agreement cannot take effect before it is signed."]}),
    ({"valid_from": ""}, {"valid_from": ["Give the start of the validity as well as its end."]}),
    ({"our_number": ""}, {"our_number": ["Give at least one of the two numbers."]}),
    ({"our_number": "", "region_number": "415/1"}, {}),
])  # fmt: skip
def test_agreement_dates_and_numbers(changes, errors):
    form = AgreementForm(_data(**changes), region=RegionFactory())

    assert form.errors == errors


def test_pks_follows_from_an_mou_of_the_same_region_only():
    region = RegionFactory()
    mou = AgreementFactory(region=region)
    pks = AgreementFactory(region=region, kind=AgreementKind.PKS, follows_from=mou)
    other_mou = AgreementFactory()

    ok = AgreementForm(_data(kind=AgreementKind.PKS, follows_from=mou.pk), region=region)
    from_pks = AgreementForm(_data(kind=AgreementKind.PKS, follows_from=pks.pk), region=region)
    from_other_region = AgreementForm(_data(kind=AgreementKind.PKS, follows_from=other_mou.pk), region=region)

    assert ok.errors == {}
    # Only the region's MoUs are offered; a PKS or another region's MoU is not one of them.
    assert list(ok.fields["follows_from"].queryset) == [mou]
    assert "follows_from" in from_pks.errors
    assert "follows_from" in from_other_region.errors


def test_model_refuses_following_another_region_or_a_pks():
    region = RegionFactory()
    pks = AgreementFactory(region=region, kind=AgreementKind.PKS)
    elsewhere = AgreementFactory()

    with pytest.raises(Exception) as other_region:
        Agreement(region=region, kind=AgreementKind.PKS, our_number="x", follows_from=elsewhere).full_clean()
    with pytest.raises(Exception) as from_pks:
        Agreement(region=region, kind=AgreementKind.PKS, our_number="x", follows_from=pks).full_clean()

    assert other_region.value.message_dict == {
        "follows_from": ["An agreement can only follow from an agreement of the same region."]
    }
    assert from_pks.value.message_dict == {"follows_from": ["An agreement can only follow from an MoU."]}


@pytest.mark.parametrize(("signed_on", "errors"), [
    ("2018-06-20", {}),
    ("2019-02-01", {}),
    ("2017-12-31", {"signed_on": [
        "The date must be between 1 January 2018 and 31 December 2019 (the cohort's year or the next)."
    ]}),
])  # fmt: skip
def test_a_cohorts_mou_is_signed_in_the_cohort_year_or_the_next(framework, signed_on, errors):
    participation = ParticipationFactory(cohort=CohortFactory(year=2018, framework_version=framework))
    data = _data(participation=participation.pk, signed_on=signed_on, valid_from="2019-03-01", valid_until="")

    form = AgreementForm(data, region=participation.region)

    assert form.errors == errors


def test_participation_must_be_of_the_region():
    participation = ParticipationFactory()

    form = AgreementForm(_data(participation=participation.pk), region=RegionFactory())

    assert "participation" in form.errors


def test_expiry_status():
    today = datetime.date(2026, 12, 7)
    a = Agreement(valid_from=datetime.date(2024, 1, 1))

    assert a.expiry(today) == ("in_force", None)
    a.valid_until = datetime.date(2026, 12, 6)
    assert a.expiry(today) == ("ended", -1)
    a.valid_until = today
    assert a.expiry(today) == ("ending", 0)
    a.valid_until = today + datetime.timedelta(days=90)
    assert a.expiry(today) == ("ending", 90)
    a.valid_until = today + datetime.timedelta(days=91)
    assert a.expiry(today) == ("in_force", 91)


# --- pages ------------------------------------------------------------------------------------------------------


def test_region_register_lists_newest_first_with_status(client, world):
    today = timezone.localdate()
    ending = AgreementFactory(
        region=world["region_a"],
        kind=AgreementKind.PKS,
        follows_from=world["mou_a"],
        our_number="UJI/PKS/2",
        signed_on=today - datetime.timedelta(days=10),
        valid_from=today - datetime.timedelta(days=10),
        valid_until=today + datetime.timedelta(days=30),
    )
    ended = AgreementFactory(
        region=world["region_a"],
        our_number="UJI/LAMA/0",
        signed_on=datetime.date(2010, 1, 4),
        valid_from=datetime.date(2010, 1, 4),
        valid_until=datetime.date(2015, 1, 3),
    )
    AgreementFactory(region=world["region_b"], our_number="BETA/RAHASIA")
    client.force_login(world["viewer_a"])

    response = client.get(reverse("programmes:agreement_list", args=[world["region_a"].code]))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(a.pk, status) for a, status, _days in rows] == [
        (ending.pk, "ending"),
        (world["mou_a"].pk, "in_force"),
        (ended.pk, "ended"),
    ]
    page = response.content.decode()
    assert "akan berakhir dalam 30 hari" in page
    assert "berlaku" in page and "berakhir</span>" in page
    assert "Kamis, 13 Desember 2018" in page  # the MoU's signing date
    assert "tindak lanjut dari UJI/2024/ALF-001" in page
    assert "BETA/RAHASIA" not in page
    assert "Tambah perjanjian" not in page  # a viewer cannot add


def test_detail_shows_every_field_escaped(client, world):
    client.force_login(world["editor_a"])

    response = client.get(reverse("programmes:agreement_detail", args=[world["mou_a"].pk]))

    page = response.content.decode()
    for value in (
        "UJI/2024/ALF-001",
        "415/ALF/2024",
        "Dr. Penanda Satu",
        "Direktur Jenderal Aplikasi Informatika",
        "Bupati Alfa",
        "Kamis, 13 Desember 2018 – Kamis, 12 Desember 2030",
        "Nota kesepahaman (MoU)",
    ):
        assert value in page
    assert "Catatan &lt;b&gt;tebal&lt;/b&gt;" in page
    assert reverse("programmes:agreement_scan", args=[world["mou_a"].pk]) in page
    assert reverse("programmes:agreement_edit", args=[world["mou_a"].pk]) not in page


def test_secretariat_register_filters_by_kind_and_ending(client, world):
    today = timezone.localdate()
    soon = AgreementFactory(
        region=world["region_b"],
        kind=AgreementKind.PKS,
        our_number="BETA/PKS/1",
        signed_on=today - datetime.timedelta(days=400),
        valid_from=today - datetime.timedelta(days=400),
        valid_until=today + datetime.timedelta(days=89),
    )
    client.force_login(world["secretariat"])
    url = reverse("programmes:agreement_register")

    everything = client.get(url)
    pks_only = client.get(url, {"kind": "pks"})
    ending = client.get(url, {"ending": "1"})

    assert {a.pk for a, *_ in everything.context["rows"]} == {world["mou_a"].pk, soon.pk}
    assert [a.pk for a, *_ in pks_only.context["rows"]] == [soon.pk]
    assert [a.pk for a, *_ in ending.context["rows"]] == [soon.pk]
    assert "Kota Beta" in ending.content.decode() and "akan berakhir dalam 89 hari" in ending.content.decode()


def test_secretariat_adds_an_agreement_with_a_scan_and_it_is_audited(client, world):
    client.force_login(world["secretariat"])
    data = _data(
        kind=AgreementKind.PKS,
        follows_from=world["mou_a"].pk,
        our_number="UJI/PKS/7",
        our_signatory="Direktur Uji",
        notes="Kerja sama data",
        scan=SimpleUploadedFile("tanda tangan.pdf", PDF, content_type="application/pdf"),
    )

    response = client.post(reverse("programmes:agreement_create", args=[world["region_a"].code]), data)

    pks = Agreement.objects.get(our_number="UJI/PKS/7")
    assert response.status_code == 302 and response.url == pks.get_absolute_url()
    assert (pks.region, pks.kind, pks.follows_from, pks.our_signatory, pks.notes) == (
        world["region_a"],
        AgreementKind.PKS,
        world["mou_a"],
        "Direktur Uji",
        "Kerja sama data",
    )
    assert pks.scan.name.startswith("agreements/") and pks.scan.name.endswith(".pdf")
    assert "tanda" not in pks.scan.name  # stored under a random name
    entry = AuditEntry.objects.get(action="agreement.saved")
    assert (entry.actor, entry.target_id, entry.region_code) == (
        world["secretariat"],
        str(pks.pk),
        world["region_a"].code,
    )
    assert "UJI/PKS/7" in entry.new_value


def test_edit_errors_are_in_indonesian_and_keep_what_was_typed(client, world):
    client.force_login(world["secretariat"])
    mou = world["mou_a"]

    response = client.post(
        reverse("programmes:agreement_edit", args=[mou.pk]),
        _data(
            our_number="UJI/UBAH/1",
            our_signatory="Nama Baru",
            valid_from="2024-03-01",
            valid_until="2020-01-01",
        ),
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"valid_until": ["Perjanjian tidak boleh berakhir sebelum mulai berlaku."]}
    page = response.content.decode()
    assert 'value="UJI/UBAH/1"' in page and 'value="Nama Baru"' in page
    mou.refresh_from_db()
    assert mou.our_number == "UJI/2024/ALF-001"
    assert not AuditEntry.objects.exists()


def test_html_renamed_pdf_is_refused(client, world):
    client.force_login(world["secretariat"])
    fake = SimpleUploadedFile(
        "scan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )

    response = client.post(
        reverse("programmes:agreement_create", args=[world["region_a"].code]), _data(scan=fake)
    )

    assert response.status_code == 400
    assert response.context["form"].errors["scan"] == ["Pindaian harus berupa berkas PDF, PNG, atau JPEG."]
    assert not Agreement.objects.filter(our_number="UJI/9/MOU").exists()


def test_region_team_may_not_edit(client, world):
    client.force_login(world["editor_a"])

    edit = client.get(reverse("programmes:agreement_edit", args=[world["mou_a"].pk]))
    create = client.post(reverse("programmes:agreement_create", args=[world["region_a"].code]), _data())

    assert (edit.status_code, create.status_code) == (403, 403)
    assert Agreement.objects.count() == 1


# --- scans and leaks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["secretariat", "editor_a", "viewer_a"])
def test_scan_is_served_to_the_secretariat_and_the_region_team(client, world, who):
    client.force_login(world[who])

    response = client.get(reverse("programmes:agreement_scan", args=[world["mou_a"].pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        f"MoU-{world['region_a'].code.replace('.', '-')}-{world['mou_a'].pk}.pdf"
        in response["Content-Disposition"]
    )


@pytest.mark.parametrize("name", ["agreement_detail", "agreement_scan", "agreement_edit", "agreement_delete"])
def test_another_regions_editor_gets_404(client, world, name):
    client.force_login(world["editor_b"])

    response = client.get(reverse(f"programmes:{name}", args=[world["mou_a"].pk]))

    assert response.status_code == 404


def test_another_regions_editor_cannot_open_the_register(client, world):
    client.force_login(world["editor_b"])

    listing = client.get(reverse("programmes:agreement_list", args=[world["region_a"].code]))
    register = client.get(reverse("programmes:agreement_register"))
    own = client.get(reverse("programmes:agreement_list", args=[world["region_b"].code]))

    assert (listing.status_code, register.status_code, own.status_code) == (404, 403, 200)
    assert "UJI/2024/ALF-001" not in own.content.decode()


def test_mentor_and_anonymous(client, world):
    mentor = UserFactory(is_mentor=True)
    participation = ParticipationFactory(region=world["region_a"])
    participation.mentors.add(mentor)
    scan_url = reverse("programmes:agreement_scan", args=[world["mou_a"].pk])

    anonymous = client.get(scan_url)
    client.force_login(mentor)
    as_mentor = client.get(scan_url)

    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("accounts:login"))
    assert as_mentor.status_code == 404


def test_participation_page_shows_the_regions_agreements(client, world):
    mentor = UserFactory(is_mentor=True)
    participation = ParticipationFactory(region=world["region_a"])
    participation.mentors.add(mentor)
    url = reverse("programmes:participation_detail", args=[participation.pk])

    client.force_login(mentor)
    as_mentor = client.get(url).content.decode()
    client.force_login(world["viewer_a"])
    as_team = client.get(url).content.decode()

    for page in (as_mentor, as_team):
        assert "MoU UJI/2024/ALF-001" in page and "Kamis, 12 Desember 2030" in page
    # Mentors read the number and validity; the agreement's page and scan are the team's and the secretariat's.
    assert reverse("programmes:agreement_detail", args=[world["mou_a"].pk]) not in as_mentor
    assert reverse("programmes:agreement_detail", args=[world["mou_a"].pk]) in as_team


def test_dashboard_shows_the_regions_agreements(client, world):
    ParticipationFactory(region=world["region_a"])
    client.force_login(world["editor_a"])

    page = client.get(reverse("portal:dashboard")).content.decode()

    assert "MoU UJI/2024/ALF-001" in page
    assert "Kamis, 13 Desember 2018 – Kamis, 12 Desember 2030" in page


# --- deletion -----------------------------------------------------------------------------------------------------


def test_delete_asks_first_then_deletes_with_its_scan_and_audit(
    client, world, settings, django_capture_on_commit_callbacks
):
    client.force_login(world["secretariat"])
    mou = world["mou_a"]
    url = reverse("programmes:agreement_delete", args=[mou.pk])
    stored = settings.MEDIA_ROOT / mou.scan.name

    asked = client.post(url)

    assert asked.templates[0].name == "core/confirm.html"
    assert asked.context["confirmation"].consequences == [
        f"“{mou}” dikeluarkan dari register Kabupaten Alfa.",
        "Pindaian yang ditandatangani ikut dihapus.",
    ]
    assert Agreement.objects.filter(pk=mou.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": "yes"})

    assert done.status_code == 302
    assert done.url == reverse("programmes:agreement_list", args=[world["region_a"].code])
    assert not Agreement.objects.filter(pk=mou.pk).exists()
    entry = AuditEntry.objects.get(action="agreement.deleted")
    assert (entry.target_id, entry.region_code, entry.actor) == (
        str(mou.pk),
        world["region_a"].code,
        world["secretariat"],
    )
    assert "UJI/2024/ALF-001" in entry.old_value
    assert not stored.exists()


def test_deleting_an_mou_a_pks_follows_from_is_refused(client, world):
    client.force_login(world["secretariat"])
    mou = world["mou_a"]
    pks = AgreementFactory(
        region=world["region_a"], kind=AgreementKind.PKS, follows_from=mou, our_number="P/1"
    )
    url = reverse("programmes:agreement_delete", args=[mou.pk])

    asked = client.get(url)
    forced = client.post(url, {"confirm": "yes"})

    refusal = asked.context["confirmation"].refusal
    assert refusal.startswith("Perjanjian ini masih dipakai oleh 1 perjanjian: “")
    assert str(pks) in refusal
    assert forced.status_code == 200 and forced.context["confirmation"].refusal == refusal
    assert Agreement.objects.filter(pk=mou.pk).exists()
    assert not AuditEntry.objects.filter(action="agreement.deleted").exists()


TEXT_FIELDS = [
    "our_number",
    "region_number",
    "our_signatory",
    "our_signatory_position",
    "region_signatory",
    "region_signatory_position",
    "notes",
]


def test_every_text_field_is_escaped_on_every_page(client, world):
    payloads = {field: f'<script>alert("{field}")</script>' for field in TEXT_FIELDS}
    Agreement.objects.filter(pk=world["mou_a"].pk).update(**payloads)
    participation = ParticipationFactory(region=world["region_a"])
    pages = {
        "detail": ("secretariat", reverse("programmes:agreement_detail", args=[world["mou_a"].pk])),
        "list": ("secretariat", reverse("programmes:agreement_list", args=[world["region_a"].code])),
        "register": ("secretariat", reverse("programmes:agreement_register")),
        "edit": ("secretariat", reverse("programmes:agreement_edit", args=[world["mou_a"].pk])),
        "delete": ("secretariat", reverse("programmes:agreement_delete", args=[world["mou_a"].pk])),
        "participation": ("viewer_a", reverse("programmes:participation_detail", args=[participation.pk])),
        "dashboard": ("viewer_a", reverse("portal:dashboard")),
    }
    shown = {}
    for name, (who, url) in pages.items():
        client.force_login(world[who])
        page = client.get(url).content.decode()
        assert "<script>alert(" not in page, name
        shown[name] = {f for f in TEXT_FIELDS if f"&lt;script&gt;alert(&quot;{f}&quot;)" in page}

    assert shown["detail"] == set(TEXT_FIELDS)
    assert shown["edit"] == set(TEXT_FIELDS)
    assert shown["list"] == shown["register"] == {"our_number", "region_number"}
    assert "our_number" in shown["participation"] and "our_number" in shown["dashboard"]
