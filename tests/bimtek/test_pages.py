"""A region's page, the stage overview with its "absent only" filter, the deliverables grid and receipts, and
the leaks they must not have."""

import datetime

import pytest
from django.urls import reverse

from kotacerdas.bimtek.demo import load_demo_bimtek
from kotacerdas.bimtek.models import Attendee, DeliverableExpectation, DeliverableReceipt
from kotacerdas.core.models import AuditEntry
from kotacerdas.programmes.demo import load_demo
from tests.bimtek.conftest import FRIDAY, THURSDAY
from tests.factories import (
    AttendeeFactory,
    DeliverableExpectationFactory,
    DeliverableReceiptFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(w):
    group = WorkingGroupFactory(stage=w.stage, dimension=w.gov, facilitator="Fasilitator Uji")
    AttendeeFactory(
        stage=w.stage,
        participation=w.part_a,
        name="Ani Alfa",
        nip="197001012000031001",
        opd=w.opd_a,
        attended_on=THURSDAY,
        working_group=group,
    )
    AttendeeFactory(stage=w.stage, participation=w.part_a, name="Absen Alfa")
    AttendeeFactory(stage=w.stage, participation=w.part_b, name="Rahasia Beta", nip="198002022005012002")
    expectation = DeliverableExpectationFactory(
        stage=w.stage, title="Draf Buku 1", due_on=datetime.date(2018, 12, 20)
    )
    DeliverableReceiptFactory(expectation=expectation, participation=w.part_a, received_on=FRIDAY)
    return expectation


@pytest.mark.parametrize("role", ["secretariat", "editor_a", "viewer_a", "mentor_a"])
def test_region_page_shows_its_attendance_and_deliverables(w, filled, login, role):
    response = login(getattr(w, role)).get(reverse("bimtek:region", args=[w.part_a.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bimtek Tahap II" in content
    assert "Ani Alfa" in content and "197001012000031001" in content
    assert "Kamis, 13 Desember 2018" in content  # attended on
    assert "Absen Alfa" in content and "tidak hadir" in content
    assert "Smart Governance" in content
    assert "Draf Buku 1" in content and "diterima Jumat, 14 Desember 2018" in content
    assert "1 dari 2 orang hadir." in content
    assert "Rahasia Beta" not in content and "198002022005012002" not in content


@pytest.mark.parametrize(("role", "status"), [("editor_b", 404), ("outsider", 404), ("assessor", 403)])
def test_region_page_is_closed_to_others(w, filled, login, role, status):
    assert login(getattr(w, role)).get(reverse("bimtek:region", args=[w.part_a.pk])).status_code == status


def test_region_page_sends_anonymous_to_login(w, filled, client):
    response = client.get(reverse("bimtek:region", args=[w.part_a.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_region_team_reaches_no_other_regions_rows(w, filled, login):
    client = login(w.editor_b)
    for name in ("bimtek:stage", "bimtek:check_in", "bimtek:import_upload", "bimtek:import_template"):
        response = client.get(reverse(name, args=[w.stage.pk]))
        assert response.status_code == 403
        assert "Ani Alfa" not in response.content.decode()
    assert client.get(reverse("bimtek:cohort", args=[w.cohort.pk])).status_code == 403
    assert client.get(reverse("bimtek:receipt", args=[filled.pk])).status_code == 403
    home = client.get(reverse("bimtek:home")).content.decode()
    assert "Kota Beta" in home and "Kabupaten Alfa" not in home


def test_stage_overview_counts_per_region_and_filters_the_absent(w, filled, login):
    AttendeeFactory(
        stage=w.stage, participation=w.part_b, name="Tamu Beta", invited=False, attended_on=FRIDAY
    )
    client = login(w.secretariat)
    url = reverse("bimtek:stage", args=[w.stage.pk])
    page = client.get(url)
    rows = [
        (r["participation"].region.name, r["invited"], r["attended"], r["missing"], r["walk_ins"])
        for r in page.context["rows"]
    ]
    assert rows == [("Kabupaten Alfa", 2, 1, 1, 0), ("Kota Beta", 1, 1, 1, 1)]
    assert page.context["totals"] == {"invited": 3, "attended": 2, "missing": 2, "walk_ins": 1}
    content = page.content.decode()
    assert "Kamis, 13 Desember 2018 – Jumat, 14 Desember 2018" in content
    assert "Fasilitator Uji" in content
    missing = client.get(url, {"tampil": "tidak-hadir"})
    assert [a.name for a in missing.context["missing"]] == ["Absen Alfa", "Rahasia Beta"]
    assert "Ani Alfa" not in missing.content.decode()


def test_deliverables_grid_shows_dates_and_not_yet(w, filled, login):
    page = login(w.secretariat).get(reverse("bimtek:cohort", args=[w.cohort.pk]))
    assert page.status_code == 200
    receipts = {r["participation"].region.name: [x[1] for x in r["receipts"]] for r in page.context["rows"]}
    assert receipts["Kabupaten Alfa"][0].received_on == FRIDAY
    assert receipts["Kota Beta"] == [None]
    content = page.content.decode()
    assert "Jumat, 14 Desember 2018" in content
    assert "belum" in content
    assert f"?daerah={w.part_b.pk}" in content


def test_the_region_nobody_came_from_is_marked_missed(w, filled, login):
    Attendee.objects.filter(participation=w.part_b).delete()
    page = login(w.secretariat).get(reverse("bimtek:cohort", args=[w.cohort.pk]))
    missed = {r["participation"].region.name: [s.pk for s in r["missed"]] for r in page.context["rows"]}
    assert missed == {"Kabupaten Alfa": [], "Kota Beta": [w.stage.pk]}


def test_recording_a_receipt_twice_corrects_it(w, filled, login):
    client = login(w.secretariat)
    url = reverse("bimtek:receipt", args=[filled.pk])
    assert client.get(url, {"daerah": w.part_b.pk}).context["form"].initial["participation"] == w.part_b.pk
    for day in ("2018-12-21", "2018-12-19"):
        response = client.post(url, {"participation": w.part_b.pk, "received_on": day, "note": "lewat surel"})
        assert response.status_code == 302
    receipt = DeliverableReceipt.objects.get(participation=w.part_b)
    assert (receipt.received_on, receipt.note) == (datetime.date(2018, 12, 19), "lewat surel")
    entries = AuditEntry.objects.filter(action="bimtek.receipt").order_by("pk")
    assert [(e.old_value, e.new_value) for e in entries] == [("", "2018-12-21"), ("2018-12-21", "2018-12-19")]


def test_a_receipt_for_a_region_of_another_cohort_is_refused(w, filled, login):
    from tests.factories import ParticipationFactory

    stranger = ParticipationFactory()
    response = login(w.secretariat).post(
        reverse("bimtek:receipt", args=[filled.pk]),
        {"participation": stranger.pk, "received_on": "2018-12-19"},
    )
    assert response.status_code == 400
    assert not DeliverableReceipt.objects.filter(participation=stranger).exists()


def test_adding_an_expected_deliverable(w, login):
    client = login(w.secretariat)
    url = reverse("bimtek:expectation_add", args=[w.stage.pk])
    assert client.post(url, {"title": "Draf Buku 2", "due_on": "2018-12-01"}).status_code == 400
    assert client.post(url, {"title": "Draf Buku 2", "due_on": "2018-12-28"}).status_code == 302
    assert list(DeliverableExpectation.objects.values_list("title", "due_on")) == [
        ("Draf Buku 2", datetime.date(2018, 12, 28))
    ]
    assert AuditEntry.objects.filter(action="bimtek.expectation").count() == 1
    assert login(w.editor_a).post(url, {"title": "X", "due_on": "2018-12-28"}).status_code == 403


def test_demo_loads_once(regions_loaded, framework):
    load_demo()
    first = load_demo_bimtek()
    assert first == {"groups": 24, "attendees": 53, "expectations": 3, "receipts": 5}
    assert load_demo_bimtek() == {"groups": 0, "attendees": 0, "expectations": 0, "receipts": 0}
    tuban_third = Attendee.objects.filter(participation__region__code="35.23", stage__kind="bimtek_3")
    assert tuban_third.count() == 2 and not tuban_third.filter(attended_on__isnull=False).exists()
    assert not Attendee.objects.filter(is_demo=False).exists()
