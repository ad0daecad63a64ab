"""The daftar hadir import: template with its guide, row-by-row preview with errors named by row and column,
all-or-nothing commit, NIP typed as a number, hostile cells, the signed token, and who may import."""

import io
import zipfile
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kotacerdas.bimtek import spreadsheets
from kotacerdas.bimtek.models import Attendee, WorkingGroup
from kotacerdas.core.models import AuditEntry
from tests.bimtek.conftest import THURSDAY
from tests.factories import AttendeeFactory

pytestmark = pytest.mark.django_db

HEADER = ["Kode wilayah", "Nama", "NIP", "Jabatan", "OPD", "Hadir", "Kelompok kerja"]
NIP = 197001012000031001


def _book(rows, *, text_cells=()) -> bytes:
    """A workbook with the attendance sheet; ``text_cells`` (e.g. "B2") are stored as text even when they start
    with "=" (openpyxl would otherwise write them as formulas)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spreadsheets.SHEET
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for ref in text_cells:
        sheet[ref].data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _good_rows(w):
    return [
        [w.region_a.code, "Ani Uji", str(NIP), "Kepala Bidang", "Diskominfo", "Ya", "Smart Governance"],
        [w.region_a.code, "Budi Uji", None, "Staf", "Dinas Belum Terdaftar", "Tidak", "ECO"],
        ["Kota Beta", "Citra Uji", None, None, None, "ya", None],
    ]


def test_template_has_the_people_the_guide_and_text_nips(w, login):
    AttendeeFactory(stage=w.stage, participation=w.part_a, name='=HYPERLINK("http://x","klik")', nip=str(NIP))
    response = login(w.secretariat).get(reverse("bimtek:import_template", args=[w.stage.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Daftar hadir", "Petunjuk"]
    sheet = book["Daftar hadir"]
    assert [c.value for c in sheet[1]] == HEADER
    assert [c.value for c in sheet[2]] == [
        w.region_a.code,
        '\'=HYPERLINK("http://x","klik")',
        str(NIP),
        "Staf",
        None,
        "Tidak",
        None,
    ]
    assert sheet["C2"].number_format == "@" and sheet["C50"].number_format == "@"
    guide = [row[0] for row in book["Petunjuk"].iter_rows(values_only=True)]
    assert "Kelompok kerja" in guide and w.region_b.code in guide and "GOV" in guide


def test_template_round_trip_changes_nothing(w, login):
    AttendeeFactory(
        stage=w.stage, participation=w.part_a, name="Ani Uji", nip=str(NIP), opd=w.opd_a, attended_on=THURSDAY
    )
    data = spreadsheets.template_bytes(w.stage)
    preview = spreadsheets.build_preview(w.stage, data)
    assert [r["action"] for r in preview.rows] == ["unchanged"]


def test_preview_checks_every_row(w):
    preview = spreadsheets.build_preview(w.stage, _book(_good_rows(w)))
    assert not preview.has_errors
    assert [(r["row"], r["region"], r["name"], r["action"], r["detail"]) for r in preview.rows] == [
        (2, "Kabupaten Alfa", "Ani Uji", "new", "hadir"),
        (3, "Kabupaten Alfa", "Budi Uji", "new", "tidak hadir"),
        (4, "Kota Beta", "Citra Uji", "new", "hadir"),
    ]
    assert Attendee.objects.count() == 0


def test_errors_are_named_by_row_and_column_in_indonesian(w, login):
    rows = _good_rows(w) + [
        ["99.99", "Dodi Uji", "12345", None, None, "mungkin", "Smart Lain"],
        [w.region_a.code, None, None, None, None, None, None],
    ]
    client = login(w.secretariat)
    response = client.post(
        reverse("bimtek:import_upload", args=[w.stage.pk]),
        {"file": SimpleUploadedFile("hadir.xlsx", _book(rows), content_type=spreadsheets.XLSX_CONTENT_TYPE)},
    )
    assert response.status_code == 200
    errors = [
        (r["row"], e["column"], e["letter"], e["message"])
        for r in response.context["error_rows"]
        for e in r["errors"]
    ]
    assert errors == [
        (
            5,
            "Kode wilayah",
            "A",
            "“99.99” bukan daerah dari angkatan ini. Tulis kode atau namanya seperti pada sheet Petunjuk.",
        ),
        (
            5,
            "NIP",
            "C",
            "NIP terdiri atas tepat 18 angka, misalnya 197001012000031001.",
        ),
        (5, "Hadir", "F", "Tulis Ya atau Tidak, bukan “mungkin”."),
        (
            5,
            "Kelompok kerja",
            "G",
            "“Smart Lain” bukan dimensi. Tulis nama atau kode dimensi seperti pada sheet Petunjuk.",
        ),
        (6, "Nama", "B", "Wajib. Isi sel ini."),
        (6, "Hadir", "F", "Wajib. Tulis Ya atau Tidak."),
    ]
    content = response.content.decode()
    assert "Baris 5, kolom “NIP” (C)" in content
    assert "Tidak ada yang disimpan" in content
    assert "Konfirmasi impor" not in content
    assert Attendee.objects.count() == 0


def test_one_bad_row_saves_nothing(w):
    rows = _good_rows(w) + [[w.region_a.code, "Eka Uji", "1970", None, None, "Ya", None]]
    with pytest.raises(ValidationError) as caught:
        spreadsheets.commit_file(w.stage, _book(rows), by=w.secretariat)
    assert caught.value.messages[0] == "Tidak ada yang diimpor: 1 baris berisi kesalahan."
    assert caught.value.messages[1].startswith("Baris 5, kolom “NIP” (C): ")
    assert Attendee.objects.count() == 0
    assert not WorkingGroup.objects.exists()
    assert not AuditEntry.objects.filter(action="bimtek.import").exists()


def test_commit_writes_every_row_with_groups_and_audit(w):
    spreadsheets.commit_file(w.stage, _book(_good_rows(w)), by=w.secretariat, filename="hadir.xlsx")
    people = {a.name: a for a in Attendee.objects.select_related("working_group__dimension")}
    assert set(people) == {"Ani Uji", "Budi Uji", "Citra Uji"}
    ani, budi, citra = people["Ani Uji"], people["Budi Uji"], people["Citra Uji"]
    assert (ani.nip, ani.opd, ani.attended_on, ani.invited) == (str(NIP), w.opd_a, THURSDAY, True)
    assert ani.working_group.dimension == w.gov
    assert (budi.opd, budi.opd_name, budi.attended_on) == (None, "Dinas Belum Terdaftar", None)
    assert budi.working_group.dimension == w.eco
    assert (citra.participation, citra.attended_on) == (w.part_b, THURSDAY)
    entry = AuditEntry.objects.get(action="bimtek.import")
    assert (entry.new_value, entry.note, entry.actor) == (
        "3 baru, 0 diperbarui, 0 tidak berubah",
        "hadir.xlsx",
        w.secretariat,
    )
    # The same file again: nothing new, nothing changed.
    again = spreadsheets.commit_file(w.stage, _book(_good_rows(w)), by=w.secretariat)
    assert again.counts == {"new": 0, "update": 0, "unchanged": 3, "error": 0}
    assert Attendee.objects.count() == 3


def test_a_row_updates_the_person_with_the_same_nip(w):
    AttendeeFactory(stage=w.stage, participation=w.part_a, name="Ani Lama", nip=str(NIP))
    preview = spreadsheets.commit_file(w.stage, _book(_good_rows(w)[:1]), by=w.secretariat)
    assert preview.counts["update"] == 1
    assert list(Attendee.objects.values_list("name", "attended_on")) == [("Ani Uji", THURSDAY)]


def test_a_nip_typed_into_the_template_stays_text(w):
    """The template formats the NIP column as text, so a spreadsheet program keeps the 18 digits as typed."""
    book = load_workbook(io.BytesIO(spreadsheets.template_bytes(w.stage)))
    sheet = book["Daftar hadir"]
    for letter, value in zip(
        "ABCDEF", [w.region_a.code, "Ani Uji", "197001012000031001", None, None, "Ya"], strict=True
    ):
        sheet[f"{letter}2"] = value
    assert (sheet["C2"].number_format, sheet["C2"].data_type) == ("@", "s")
    buffer = io.BytesIO()
    book.save(buffer)
    spreadsheets.commit_file(w.stage, buffer.getvalue(), by=w.secretariat)
    assert Attendee.objects.get().nip == "197001012000031001"


def test_a_nip_stored_as_a_whole_number_loses_nothing(w):
    """A number cell holding all 18 digits (as some programs write it) is read exactly, never through a float."""
    data = _book([[w.region_a.code, "Ani Uji", NIP, None, None, "Ya", None]])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<v>1.97001012000031e+17</v>" in content  # how openpyxl (like Excel) writes it
                content = content.replace(b"<v>1.97001012000031e+17</v>", f"<v>{NIP}</v>".encode())
            target.writestr(item, content)
    spreadsheets.commit_file(w.stage, buffer.getvalue(), by=w.secretariat)
    assert Attendee.objects.get().nip == "197001012000031001"


def test_a_nip_rounded_by_the_spreadsheet_program_is_refused(w):
    """Typed as a number into a cell not formatted as text, the program keeps 15 digits: refused, never saved
    with wrong last digits."""
    rows = [[w.region_a.code, "Ani Uji", NIP, None, None, "Ya", None]]
    preview = spreadsheets.build_preview(w.stage, _book(rows))
    assert preview.error_rows[0]["errors"][0]["column"] == "NIP"
    assert "angka yang dibulatkan" in preview.error_rows[0]["errors"][0]["message"]


def test_text_that_looks_like_a_formula_stays_text(w):
    hostile = '=HYPERLINK("http://evil.test","klik")'
    rows = [[w.region_a.code, hostile, None, "+62 Staf", "@OPD", "Ya", None]]
    spreadsheets.commit_file(w.stage, _book(rows, text_cells=("B2", "D2", "E2")), by=w.secretariat)
    person = Attendee.objects.get()
    assert (person.name, person.position, person.opd_name) == (hostile, "+62 Staf", "@OPD")
    # It goes out neutralised again.
    sheet = load_workbook(io.BytesIO(spreadsheets.template_bytes(w.stage)))["Daftar hadir"]
    assert sheet["B2"].value == "'" + hostile


def test_a_formula_is_refused(w):
    rows = [[w.region_a.code, "=1+2", None, None, None, "Ya", None]]
    preview = spreadsheets.build_preview(w.stage, _book(rows))
    assert preview.error_rows[0]["errors"][0]["column"] == "Nama"
    assert "rumus" in preview.error_rows[0]["errors"][0]["message"]


def test_upload_preview_and_commit_through_the_pages(w, login):
    client = login(w.secretariat)
    response = client.post(
        reverse("bimtek:import_upload", args=[w.stage.pk]),
        {
            "file": SimpleUploadedFile(
                "hadir.xlsx", _book(_good_rows(w)), content_type=spreadsheets.XLSX_CONTENT_TYPE
            )
        },
    )
    assert response.status_code == 302
    token = parse_qs(urlparse(response["Location"]).query)["t"][0]
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert preview.context["counts"] == {"new": 3, "update": 0, "unchanged": 0, "error": 0}
    assert Attendee.objects.count() == 0
    # Another secretariat user cannot use this token.
    other = type(w.secretariat).objects.create_user(
        email="lain@example.test", password="x", is_secretariat=True
    )
    client.force_login(other)
    refused = client.post(reverse("bimtek:import_commit", args=[w.stage.pk]), {"t": token})
    assert refused.status_code == 400
    assert Attendee.objects.count() == 0
    client.force_login(w.secretariat)
    done = client.post(reverse("bimtek:import_commit", args=[w.stage.pk]), {"t": token})
    assert done.status_code == 302 and done["Location"] == reverse("bimtek:stage", args=[w.stage.pk])
    assert Attendee.objects.count() == 3


def test_a_file_that_is_not_a_workbook_is_refused(w, login):
    response = login(w.secretariat).post(
        reverse("bimtek:import_upload", args=[w.stage.pk]),
        {"file": SimpleUploadedFile("hadir.xlsx", b"not a zip", content_type=spreadsheets.XLSX_CONTENT_TYPE)},
    )
    assert response.status_code == 400
    assert Attendee.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("editor_a", 403), ("mentor_a", 403), ("editor_b", 403), ("assessor", 403), ("outsider", 404)],
)
def test_only_the_secretariat_imports(w, login, role, status):
    client = login(getattr(w, role))
    assert client.get(reverse("bimtek:import_upload", args=[w.stage.pk])).status_code == status
    assert client.get(reverse("bimtek:import_template", args=[w.stage.pk])).status_code == status


def test_commit_refuses_a_user_without_the_right(w):
    with pytest.raises(Exception) as caught:
        spreadsheets.commit_file(w.stage, _book(_good_rows(w)), by=w.editor_a)
    assert type(caught.value).__name__ == "PermissionDenied"
    assert Attendee.objects.count() == 0


def test_every_cell_of_the_template_is_inert(w):
    """User text anywhere in the template (people, OPD, groups, the guide's regions) goes out neutralised."""
    hostile = "=cmd|' /C calc'!A0"
    type(w.region_b).objects.filter(pk=w.region_b.pk).update(name=hostile)
    type(w.gov).objects.filter(pk=w.gov.pk).update(name_id="@SUM(1+1)")
    from tests.factories import WorkingGroupFactory

    group = WorkingGroupFactory(stage=w.stage, dimension=w.gov)
    AttendeeFactory(
        stage=w.stage,
        participation=w.part_a,
        name="+Nama",
        position="-Jabatan",
        opd_name="=OPD",
        working_group=group,
    )
    book = load_workbook(io.BytesIO(spreadsheets.template_bytes(w.stage)))
    texts = [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert [t for t in texts if t.startswith(("=", "+", "-", "@"))] == []
    assert "'" + hostile in texts and "'@SUM(1+1)" in texts and "'+Nama" in texts
