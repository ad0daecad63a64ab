"""The check-in desk: search, one tap records once, walk-ins, and who may use it."""

import pytest
from django.urls import reverse

from kotacerdas.bimtek.models import Attendee
from kotacerdas.core.models import AuditEntry
from tests.bimtek.conftest import FRIDAY, THURSDAY
from tests.factories import AttendeeFactory

pytestmark = pytest.mark.django_db


def _tap(client, attendee, day=THURSDAY, q=""):
    return client.post(
        reverse("bimtek:check_in_attendee", args=[attendee.stage_id, attendee.pk]),
        {"hari": day.isoformat(), "q": q},
    )


def test_search_finds_invitees_by_name_or_region(w, login):
    AttendeeFactory(stage=w.stage, participation=w.part_a, name="Ani Uji")
    AttendeeFactory(stage=w.stage, participation=w.part_b, name="Budi Uji")
    client = login(w.secretariat)
    url = reverse("bimtek:check_in", args=[w.stage.pk])
    assert [a.name for a in client.get(url, {"q": "ani"}).context["people"]] == ["Ani Uji"]
    assert [a.name for a in client.get(url, {"q": "Kota Beta"}).context["people"]] == ["Budi Uji"]
    page = client.get(url)
    assert [a.name for a in page.context["people"]] == ["Ani Uji", "Budi Uji"]
    content = page.content.decode()
    assert "Kamis, 13 Des 2018" in content and "Jumat, 14 Des 2018" in content
    assert content.count(">Hadir</button>") == 2


def test_a_double_tap_records_once(w, login):
    ani = AttendeeFactory(stage=w.stage, participation=w.part_a, name="Ani Uji")
    client = login(w.secretariat)
    first = _tap(client, ani, FRIDAY, q="Ani")
    assert first.status_code == 302
    assert first["Location"] == reverse("bimtek:check_in", args=[w.stage.pk]) + "?q=Ani&hari=2018-12-14"
    second = _tap(client, ani, THURSDAY, q="Ani")
    assert second.status_code == 302
    ani.refresh_from_db()
    assert (ani.attended_on, ani.checked_in_by) == (FRIDAY, w.secretariat)
    entries = AuditEntry.objects.filter(action="bimtek.check_in")
    assert [(e.new_value, e.region_code) for e in entries] == [("2018-12-14", w.region_a.code)]
    page = client.get(second["Location"])
    content = page.content.decode()
    assert "Sudah hadir" in content
    assert "Ani Uji sudah tercatat hadir." in content
    assert ">Hadir</button>" not in content


def test_the_cohorts_mentor_checks_in_any_region_of_it(w, login):
    budi = AttendeeFactory(stage=w.stage, participation=w.part_b, name="Budi Uji")
    client = login(w.mentor_a)
    assert client.get(reverse("bimtek:check_in", args=[w.stage.pk])).status_code == 200
    assert _tap(client, budi).status_code == 302
    budi.refresh_from_db()
    assert budi.attended_on == THURSDAY


@pytest.mark.parametrize(
    ("role", "page", "tap"),
    [("editor_a", 403, 403), ("viewer_a", 403, 403), ("assessor", 403, 404), ("outsider", 404, 404)],
)
def test_region_teams_and_evaluators_do_not_check_in(w, login, role, page, tap):
    ani = AttendeeFactory(stage=w.stage, participation=w.part_a, name="Ani Uji")
    client = login(getattr(w, role))
    assert client.get(reverse("bimtek:check_in", args=[w.stage.pk])).status_code == page
    assert _tap(client, ani).status_code == tap
    ani.refresh_from_db()
    assert ani.attended_on is None


def test_another_regions_editor_gets_404_on_a_row(w, login):
    ani = AttendeeFactory(stage=w.stage, participation=w.part_a, name="Ani Uji")
    assert _tap(login(w.editor_b), ani).status_code == 404


def test_anonymous_goes_to_login(w, client):
    ani = AttendeeFactory(stage=w.stage, participation=w.part_a)
    response = client.get(reverse("bimtek:check_in", args=[w.stage.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "/accounts/login/" in _tap(client, ani)["Location"]


def test_a_get_on_the_tap_answers_405(w, login):
    ani = AttendeeFactory(stage=w.stage, participation=w.part_a)
    url = reverse("bimtek:check_in_attendee", args=[w.stage.pk, ani.pk])
    assert login(w.secretariat).get(url).status_code == 405


def test_a_walk_in_is_added_present(w, login):
    client = login(w.mentor_a)
    response = client.post(
        reverse("bimtek:check_in", args=[w.stage.pk]),
        {
            "hari": "2018-12-14",
            "participation": w.part_a.pk,
            "name": "Tamu Uji",
            "nip": "197001012000031001",
            "position": "Staf",
            "opd": w.opd_a.pk,
        },
    )
    assert response.status_code == 302
    person = Attendee.objects.get()
    assert (person.name, person.invited, person.attended_on, person.opd, person.checked_in_by) == (
        "Tamu Uji",
        False,
        FRIDAY,
        w.opd_a,
        w.mentor_a,
    )
    assert AuditEntry.objects.get(action="bimtek.walk_in").region_code == w.region_a.code


@pytest.mark.parametrize(
    ("typed", "kept", "error"),
    [
        ("19700101 200003 1 001", "197001012000031001", ""),
        ("19700101.200003.1.001", "197001012000031001", ""),
        ("1970010120000310", None, "NIP terdiri atas tepat 18 angka, misalnya 197001012000031001."),
    ],
)
def test_a_walk_in_nip_is_read_as_people_write_it(w, login, typed, kept, error):
    response = login(w.secretariat).post(
        reverse("bimtek:check_in", args=[w.stage.pk]),
        {"hari": "2018-12-13", "participation": w.part_a.pk, "name": "Tamu Uji", "nip": typed},
    )

    assert list(Attendee.objects.values_list("nip", flat=True)) == ([kept] if kept else [])
    assert (error in response.content.decode()) if error else response.status_code == 302


def test_a_walk_in_with_an_opd_of_another_region_is_refused(w, login):
    response = login(w.secretariat).post(
        reverse("bimtek:check_in", args=[w.stage.pk]),
        {"hari": "2018-12-13", "participation": w.part_a.pk, "name": "Tamu Uji", "opd": w.opd_b.pk},
    )
    assert response.status_code == 400
    assert "Pilih perangkat daerah (OPD) dari daerah peserta sendiri." in response.content.decode()
    assert not Attendee.objects.exists()
