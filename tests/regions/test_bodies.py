"""Regional smart city bodies: the rules of the models and forms, which decree is current, the demo."""

import datetime
import io
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from kotacerdas.regions.demo import load_demo_bodies
from kotacerdas.regions.forms import BodyMemberForm, RegionalBodyForm
from kotacerdas.regions.models import BodyKind, BodyRole, Region, RegionalBody
from kotacerdas.regions.services import current_bodies, region_today
from tests.factories import BodyMemberFactory, OpdFactory, RegionalBodyFactory, RegionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%demo\n"


def _body_data(**changes):
    data = {
        "kind": BodyKind.COUNCIL,
        "decree_number": "188.4/12/2022",
        "decree_date": "2022-01-10",
        "decree_signed_by": "Bupati Pemalang",
        "period_start": "2022-01-10",
        "period_end": "",
        "notes": "",
    }
    return data | changes


def _member_data(**changes):
    data = {
        "name": "Siti Rahmawati",
        "nip": "",
        "position": "Kepala Dinas Kominfo",
        "role": "secretary",
        "order": 0,
    }
    return data | changes


def test_a_body_form_with_a_pdf_scan_is_valid_and_the_scan_gets_a_random_name():
    region = RegionFactory()
    form = RegionalBodyForm(_body_data(), {"scan": SimpleUploadedFile("sk bupati.pdf", PDF)}, region=region)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["scan"].name.endswith(".pdf")
    assert form.cleaned_data["scan"].name != "sk bupati.pdf"


def test_html_named_pdf_is_refused_as_a_scan_in_indonesian():
    form = RegionalBodyForm(
        _body_data(),
        {"scan": SimpleUploadedFile("sk.pdf", b"<html><script>alert(1)</script></html>")},
        region=RegionFactory(),
    )

    assert form.errors == {"scan": ["Pindaian harus berupa berkas PDF, PNG, atau JPEG."]}


def test_the_term_cannot_end_before_it_starts():
    form = RegionalBodyForm(_body_data(period_end="2021-12-31"), region=RegionFactory())

    assert form.errors == {
        "period_end": ["Masa tugas tidak dapat berakhir sebelum dimulai (10 Januari 2022)."]
    }


def test_missing_fields_are_named_in_indonesian():
    form = RegionalBodyForm(_body_data(decree_number="", decree_date=""), region=RegionFactory())

    assert form.errors == {
        "decree_number": ["Bidang ini tidak boleh kosong."],
        "decree_date": ["Bidang ini tidak boleh kosong."],
    }


@pytest.mark.parametrize(
    ("nip", "error"),
    [
        ("19750312200003100", "NIP terdiri atas tepat 18 angka, misalnya 197001012000031001."),
        ("1975031220000310045", "NIP terdiri atas tepat 18 angka, misalnya 197001012000031001."),
        ("19750312200003100x", "NIP terdiri atas tepat 18 angka, misalnya 197001012000031001."),
    ],
)
def test_a_nip_has_18_digits(nip, error):
    body = RegionalBodyFactory()

    form = BodyMemberForm(_member_data(nip=nip), body=body)

    assert form.errors == {"nip": [error]}


def test_a_nip_written_in_groups_is_kept_without_spaces_and_an_empty_nip_is_fine():
    body = RegionalBodyFactory()

    grouped = BodyMemberForm(_member_data(nip="19750312 200003 1 004"), body=body)
    empty = BodyMemberForm(_member_data(nip=""), body=body)

    assert grouped.is_valid() and empty.is_valid()
    assert (grouped.cleaned_data["nip"], empty.cleaned_data["nip"]) == ("197503122000031004", "")


def test_the_member_form_offers_only_the_region_s_agencies_and_refuses_another_region_s():
    body = RegionalBodyFactory()
    own = OpdFactory(region=body.region, name="Dinas Kominfo Sini")
    other = OpdFactory(name="Dinas Kominfo Lain")

    form = BodyMemberForm(_member_data(opd=other.pk), body=body)

    assert list(form.fields["opd"].queryset) == [own]
    assert list(form.errors) == ["opd"]


def test_the_model_refuses_an_agency_of_another_region():
    member = BodyMemberFactory.build(body=RegionalBodyFactory(), opd=OpdFactory())

    with pytest.raises(ValidationError) as refused:
        member.full_clean()

    assert refused.value.message_dict == {"opd": ["Pilih OPD dari daerah lembaga ini."]}


def test_the_current_body_is_the_latest_decree_covering_the_day():
    region = RegionFactory()
    old = RegionalBodyFactory(
        region=region, period_start=datetime.date(2018, 8, 20), period_end=datetime.date(2021, 12, 31)
    )
    new = RegionalBodyFactory(region=region, period_start=datetime.date(2022, 1, 10))
    later = RegionalBodyFactory(region=region, period_start=datetime.date(2030, 1, 1))
    team = RegionalBodyFactory(region=region, kind=BodyKind.TEAM, period_start=datetime.date(2019, 1, 1))
    RegionalBodyFactory(kind=BodyKind.TEAM)  # another region's

    assert current_bodies(region, on=datetime.date(2026, 12, 7)) == [
        ("Dewan Smart City", new),
        ("Tim Pelaksana Smart City", team),
    ]
    assert current_bodies(region, on=datetime.date(2020, 6, 1)) == [
        ("Dewan Smart City", old),
        ("Tim Pelaksana Smart City", team),
    ]
    assert current_bodies(region, on=datetime.date(2031, 1, 1))[0] == ("Dewan Smart City", later)


def test_members_come_in_role_order_then_in_their_order():
    body = RegionalBodyFactory()
    BodyMemberFactory(body=body, name="Anggota B", role=BodyRole.MEMBER, order=2)
    BodyMemberFactory(body=body, name="Anggota A", role=BodyRole.MEMBER, order=1)
    BodyMemberFactory(body=body, name="Sekda", role=BodyRole.CHAIR)
    BodyMemberFactory(body=body, name="Bupati", role=BodyRole.PATRON, order=9)

    groups = [(str(role), [m.name for m in people]) for role, people in body.members_by_role()]

    assert groups == [("Pembina", ["Bupati"]), ("Ketua", ["Sekda"]), ("Anggota", ["Anggota A", "Anggota B"])]
    assert body.chair.name == "Sekda"


def test_demo_bodies_for_pemalang_are_marked_and_loaded_once(regions_loaded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pemalang = Region.objects.get(code="33.27")
    OpdFactory(region=pemalang, name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")

    first, again = load_demo_bodies(), load_demo_bodies()

    bodies = RegionalBody.objects.filter(region__code="33.27")
    assert (first, again) == (3, 0)
    assert all(b.decree_number.startswith("DEMO/") and b.is_demo and b.scan for b in bodies)
    current = dict(current_bodies(bodies[0].region, on=datetime.date(2026, 12, 7)))
    council, team = current["Dewan Smart City"], current["Tim Pelaksana Smart City"]
    assert (council.decree_number, council.chair.position) == ("DEMO/188.4/12/2022", "Sekretaris Daerah")
    assert [m.position for m in council.ordered_members()][:2] == ["Bupati Pemalang", "Wakil Bupati Pemalang"]
    assert 6 <= council.members.count() <= 10 and 6 <= team.members.count() <= 10
    assert team.members.get(role=BodyRole.CHAIR).opd.short_name == "Diskominfo"


def test_the_demo_command_reports_what_it_created(regions_loaded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()

    call_command("load_demo_bodies", stdout=out)
    call_command("load_demo_bodies", stdout=out)

    assert out.getvalue().splitlines() == [
        "Regional smart city bodies: 3 created.",
        "Regional smart city bodies: 0 created.",
    ]


def test_today_is_the_region_s_day():
    region = RegionFactory(province__timezone="Asia/Jayapura")

    moment = datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC)  # 23.30 WIB, 01.30 WIT

    with mock.patch("django.utils.timezone.now", return_value=moment):
        assert region_today(region) == datetime.date(2027, 1, 1)
