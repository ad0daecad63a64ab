"""Edges: the demo command, services refusing users without the right or days outside the stage, tokens that
were tampered with or whose file changed, a workbook without the sheet, and the smaller model rules."""

import datetime
import io
from urllib.parse import urlparse

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from kotacerdas.bimtek import services, spreadsheets
from kotacerdas.bimtek.models import Attendee
from kotacerdas.programmes.demo import load_demo
from tests.bimtek.conftest import FRIDAY, THURSDAY
from tests.factories import (
    AttendeeFactory,
    CohortFactory,
    DeliverableExpectationFactory,
    DimensionFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_demo_command_reports_what_it_added(regions_loaded, framework):
    load_demo()
    out = io.StringIO()
    call_command("load_demo_bimtek", stdout=out)
    assert out.getvalue().strip() == (
        "Demo bimtek ready: 24 working groups, 53 attendees, 3 expected deliverables, 5 receipts added."
    )


def test_demo_command_needs_the_demo_cohort(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_demo_bimtek")


def test_services_refuse_users_without_the_right(w):
    ani = AttendeeFactory(stage=w.stage, participation=w.part_a)
    expectation = DeliverableExpectationFactory(stage=w.stage)
    with pytest.raises(PermissionDenied):
        services.check_in(ani, day=THURSDAY, by=w.editor_a)
    with pytest.raises(PermissionDenied):
        services.add_walk_in(w.stage, participation=w.part_a, name="X", day=THURSDAY, by=w.editor_a)
    with pytest.raises(PermissionDenied):
        services.add_expectation(w.stage, title="X", due_on=FRIDAY, by=w.mentor_a)
    with pytest.raises(PermissionDenied):
        services.record_receipt(expectation, participation=w.part_a, received_on=FRIDAY, by=w.editor_a)


def test_check_in_refuses_a_day_outside_the_stage(w):
    ani = AttendeeFactory(stage=w.stage, participation=w.part_a)
    with pytest.raises(ValidationError) as caught:
        services.check_in(ani, day=FRIDAY + datetime.timedelta(days=1), by=w.secretariat)
    assert caught.value.messages == [
        "Tanggal harus antara 13 Desember 2018 dan 14 Desember 2018 (tanggal pelaksanaan tahapan)."
    ]
    ani.refresh_from_db()
    assert ani.attended_on is None


def test_the_day_asked_for_must_be_a_day_of_the_stage(w, login):
    page = login(w.secretariat).get(reverse("bimtek:check_in", args=[w.stage.pk]), {"hari": "2019-01-01"})
    assert page.context["day"] == THURSDAY  # the stage is over: its first day
    page = login(w.secretariat).get(reverse("bimtek:check_in", args=[w.stage.pk]), {"hari": "2018-12-14"})
    assert page.context["day"] == FRIDAY


def test_a_working_group_needs_a_dimension_of_the_cohorts_framework(w):
    group = WorkingGroupFactory.build(stage=w.stage, dimension=DimensionFactory())
    with pytest.raises(ValidationError) as caught:
        group.full_clean()
    assert list(caught.value.message_dict) == ["dimension"]
    assert str(WorkingGroupFactory(stage=w.stage, dimension=w.gov)) == "Smart Governance"


def test_an_opd_from_the_list_and_a_written_name_are_not_both_kept(w):
    attendee = AttendeeFactory.build(
        stage=w.stage, participation=w.part_a, opd=w.opd_a, opd_name="Dinas Lain"
    )
    with pytest.raises(ValidationError) as caught:
        attendee.full_clean()
    assert list(caught.value.message_dict) == ["opd_name"]


def test_a_deliverable_due_before_its_stage_is_refused(w):
    expectation = DeliverableExpectationFactory.build(
        stage=w.stage, due_on=THURSDAY - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        expectation.full_clean()


def _upload(client, w, data):
    return client.post(
        reverse("bimtek:import_upload", args=[w.stage.pk]),
        {"file": SimpleUploadedFile("hadir.xlsx", data, content_type=spreadsheets.XLSX_CONTENT_TYPE)},
    )


def _book(rows, title=spreadsheets.SHEET) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(["Kode wilayah", "Nama", "NIP", "Jabatan", "OPD", "Hadir"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_workbook_without_the_sheet_is_refused(w, login):
    response = _upload(login(w.secretariat), w, _book([], title="Lembar1"))
    assert response.status_code == 400
    assert "Buku kerja tidak memiliki sheet “Daftar hadir”." in response.content.decode()


def test_preview_without_a_token_goes_back_to_the_upload(w, login):
    response = login(w.secretariat).get(reverse("bimtek:import_preview", args=[w.stage.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "bimtek:import_upload", args=[w.stage.pk]
    )


def test_a_tampered_token_is_refused(w, login):
    client = login(w.secretariat)
    assert client.get(reverse("bimtek:import_preview", args=[w.stage.pk]), {"t": "abc"}).status_code == 400
    assert client.post(reverse("bimtek:import_commit", args=[w.stage.pk]), {"t": "abc"}).status_code == 400
    assert not Attendee.objects.exists()


def test_a_row_that_became_wrong_after_the_preview_stops_the_commit(w, login):
    client = login(w.secretariat)
    response = _upload(client, w, _book([[w.region_b.code, "Budi Uji", None, None, None, "Ya"]]))
    preview_url = response["Location"]
    token = urlparse(preview_url).query.split("t=", 1)[1]
    # Region B leaves the cohort between the preview and the commit.
    w.part_b.cohort = CohortFactory(
        programme=w.cohort.programme, year=2019, framework_version=w.cohort.framework_version
    )
    w.part_b.save()
    from urllib.parse import unquote

    done = client.post(reverse("bimtek:import_commit", args=[w.stage.pk]), {"t": unquote(token)})
    assert done.status_code == 302 and done["Location"].startswith(
        reverse("bimtek:import_preview", args=[w.stage.pk])
    )
    assert not Attendee.objects.exists()
    page = client.get(done["Location"])
    assert "Tidak ada yang diimpor: 1 baris berisi kesalahan." in page.content.decode()


def test_expectation_form_page(w, login):
    page = login(w.secretariat).get(reverse("bimtek:expectation_add", args=[w.stage.pk]))
    assert page.status_code == 200
    assert "Tambah keluaran yang diharapkan" in page.content.decode()
