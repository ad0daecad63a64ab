"""Spreadsheet import of indicator values and programme progress: template round trip, all-or-nothing, row and
column named in errors, corrections, signed token, rights and leaks, file checks."""

import datetime
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from kotacerdas.core.models import AuditEntry
from kotacerdas.monitoring import services, spreadsheets
from kotacerdas.monitoring.models import IndicatorValue, ProgressReport
from tests.factories import IndicatorFactory, TrackedIndicatorFactory

pytestmark = pytest.mark.django_db

XLSX = spreadsheets.XLSX_CONTENT_TYPE
YEAR = 2023


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(demo):
    """The demo data set (conftest.py), Pemalang tracking two indicators."""
    tracked = [
        TrackedIndicatorFactory(
            participation=demo["pemalang"], indicator=IndicatorFactory(code=code, name_id=name, unit="%")
        )
        for code, name in (("IMP-1", "Akses internet"), ("IMP-2", "Layanan daring"))
    ]
    return {**demo, "tracked": tracked, "programmes": list(demo["masterplan"].programmes.order_by("pk"))}


def _template(client, world, year=YEAR):
    response = client.get(reverse("monitoring:import_template", args=[world["pemalang"].pk, year]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _fill(workbook, *, values=(), progress=()):
    """Write cells by column letter into the template's rows (1 = first data row)."""
    for sheet_name, rows in ((spreadsheets.VALUES_SHEET, values), (spreadsheets.PROGRESS_SHEET, progress)):
        sheet = workbook[sheet_name]
        for index, cells in rows:
            for letter, value in cells.items():
                sheet[f"{letter}{index + 1}"] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _value_row(value=45.5, **overrides):
    cells = {
        "E": value,
        "F": "BPS Kabupaten Pemalang",
        "G": "Susenas",
        "H": 2,
        "I": "https://bps.go.id/t.pdf",
    }
    return cells | overrides


def _progress_row(**overrides):
    cells = {"C": timezone.localdate() - datetime.timedelta(days=3), "D": "running", "E": 40, "F": 1500000}
    return cells | overrides


def _upload(client, world, data, name="nilai.xlsx", content_type=XLSX):
    url = reverse("monitoring:import_upload", args=[world["pemalang"].pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type=content_type)})


def _token(response) -> str:
    return parse_qs(urlparse(response["Location"]).query)["t"][0]


def test_template_round_trip_writes_values_and_progress(client, world):
    client.force_login(world["editor.pemalang"])
    workbook = _template(client, world)
    data = _fill(
        workbook,
        values=[(1, _value_row(45.5)), (2, _value_row("61,25", H=1))],
        progress=[(1, _progress_row())],
    )

    uploaded = _upload(client, world, data)
    preview = client.get(uploaded["Location"])
    committed = client.post(
        reverse("monitoring:import_commit", args=[world["pemalang"].pk]), {"t": _token(uploaded)}
    )

    assert (uploaded.status_code, preview.status_code, committed.status_code) == (302, 200, 302)
    assert preview.context["counts"]["new"] == 2
    assert preview.context["counts"]["progress"] == 1
    values = list(IndicatorValue.objects.order_by("tracked__indicator__code").values_list(
        "tracked__indicator__code", "year", "value", "quality", "evidence_url", "reported_by"
    ))  # fmt: skip
    assert values == [
        ("IMP-1", YEAR, Decimal("45.5000"), 2, "https://bps.go.id/t.pdf", world["editor.pemalang"].pk),
        ("IMP-2", YEAR, Decimal("61.2500"), 1, "https://bps.go.id/t.pdf", world["editor.pemalang"].pk),
    ]
    assert all(v.reported_at and v.status == "reported" for v in IndicatorValue.objects.all())
    report = ProgressReport.objects.get()
    assert (report.programme, report.status, report.percent_complete, report.budget_realised, report.reported_by) == (
        world["programmes"][0], "running", 40, Decimal("1500000"), world["editor.pemalang"]
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="monitoring.import").count() == 1


def test_template_lists_tracked_indicators_and_programmes(client, world):
    client.force_login(world["editor.pemalang"])

    workbook = _template(client, world)

    values = [row[:4] for row in workbook[spreadsheets.VALUES_SHEET].iter_rows(min_row=2, values_only=True)]
    programme_ids = [
        row[0] for row in workbook[spreadsheets.PROGRESS_SHEET].iter_rows(min_row=2, values_only=True)
    ]
    assert values == [("IMP-1", "Akses internet", "%", YEAR), ("IMP-2", "Layanan daring", "%", YEAR)]
    assert sorted(programme_ids) == [p.pk for p in world["programmes"]]
    assert spreadsheets.GUIDE_SHEET in workbook.sheetnames


@pytest.mark.parametrize(
    ("values", "progress", "sheet", "row", "column"),
    [
        ([(1, _value_row(A="NOPE-9"))], [], "Nilai indikator", 2, "Kode indikator"),
        ([(1, _value_row("banyak"))], [], "Nilai indikator", 2, "Nilai"),
        ([(1, _value_row(H=9))], [], "Nilai indikator", 2, "Kualitas data (1-6)"),
        ([(1, _value_row(I=None))], [], "Nilai indikator", 2, "Tautan bukti"),
        ([], [(1, _progress_row(C=timezone.localdate() + datetime.timedelta(days=5)))], "Kemajuan program", 2, "Per tanggal"),
        ([], [(1, _progress_row(D="delayed"))], "Kemajuan program", 2, "Alasan keterlambatan"),
    ],
)  # fmt: skip
def test_import_with_a_bad_row_is_refused_whole_and_names_row_and_column(
    client, world, values, progress, sheet, row, column
):
    client.force_login(world["editor.pemalang"])
    good = [(2, _value_row(50))]
    data = _fill(_template(client, world), values=good + values, progress=progress)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        response = _upload(client, world, data)

    assert response.status_code == 200
    errors = [
        (r["sheet"], r["row"], e["column"]) for r in response.context["error_rows"] for e in r["errors"]
    ]
    assert errors == [(sheet, row, column)]
    assert response.context["can_commit"] is False
    assert (IndicatorValue.objects.count(), ProgressReport.objects.count()) == (0, 0)


def test_error_message_says_how_to_fix_in_the_users_language(client, world):
    client.force_login(world["editor.pemalang"])
    data = _fill(_template(client, world), values=[(1, _value_row(H=9))])

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        response = _upload(client, world, data)

    message = response.context["error_rows"][0]["errors"][0]["message"]
    assert message == (
        "“9” is not a data quality. Write the data quality as a whole number from 1 to 6 (see the scale on sheet "
        "Petunjuk)."
    )


def test_commit_rechecks_and_writes_nothing_when_a_row_became_invalid(world):
    book = spreadsheets.RawBook(
        values=spreadsheets.RawSheet(
            letters={"code": "A", "year": "D", "value": "E", "source": "F", "quality": "H", "evidence_url": "I"},
            rows=[
                (2, {"code": "IMP-1", "year": YEAR, "value": 1, "source": "BPS", "quality": 1, "evidence_url": "https://a.id"}),
                (3, {"code": "GONE", "year": YEAR, "value": 2, "source": "BPS", "quality": 1, "evidence_url": "https://a.id"}),
            ],
        )
    )  # fmt: skip

    with translation.override("en"), pytest.raises(spreadsheets.ValidationError) as raised:
        spreadsheets.commit_books([(world["pemalang"], book)], by=world["editor.pemalang"])

    assert "Nilai indikator row 3, column “Kode indikator” (A)" in " ".join(raised.value.messages)
    assert IndicatorValue.objects.count() == 0


def test_a_correction_supersedes_the_earlier_value_and_both_stay(client, world):
    tracked = world["tracked"][0]
    earlier = services.report_value(
        tracked, year=YEAR, value=Decimal("40"), source="BPS", quality=3,
        evidence_url="https://bps.go.id/lama", by=world["editor.pemalang"],
    )  # fmt: skip
    client.force_login(world["editor.pemalang"])
    data = _fill(_template(client, world), values=[(1, _value_row(42))])

    uploaded = _upload(client, world, data)
    preview = client.get(uploaded["Location"])
    client.post(reverse("monitoring:import_commit", args=[world["pemalang"].pk]), {"t": _token(uploaded)})

    assert preview.context["counts"]["correction"] == 1
    history = list(tracked.values.order_by("pk").values_list("value", "supersedes"))
    assert history == [(Decimal("40.0000"), None), (Decimal("42.0000"), earlier.pk)]
    assert list(IndicatorValue.objects.current().values_list("value", flat=True)) == [Decimal("42.0000")]


def test_a_row_equal_to_the_current_value_is_left_alone(client, world):
    services.report_value(
        world["tracked"][0], year=YEAR, value=Decimal("45.5"), source="BPS Kabupaten Pemalang", method="Susenas",
        quality=2, evidence_url="https://bps.go.id/t.pdf", by=world["editor.pemalang"],
    )  # fmt: skip
    client.force_login(world["editor.pemalang"])
    data = _fill(_template(client, world), values=[(1, _value_row(45.5))])

    uploaded = _upload(client, world, data)
    preview = client.get(uploaded["Location"])

    assert (preview.context["counts"]["unchanged"], preview.context["can_commit"]) == (1, False)


def test_a_tampered_token_is_refused_and_nothing_is_written(client, world):
    client.force_login(world["editor.pemalang"])
    uploaded = _upload(client, world, _fill(_template(client, world), values=[(1, _value_row())]))
    token = _token(uploaded)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        response = client.post(
            reverse("monitoring:import_commit", args=[world["pemalang"].pk]), {"t": tampered}
        )

    assert response.status_code == 400
    assert response.context["token_error"].startswith("This import link is not valid")
    assert IndicatorValue.objects.count() == 0


def test_a_token_made_for_another_user_is_refused(client, world):
    client.force_login(world["editor.pemalang"])
    uploaded = _upload(client, world, _fill(_template(client, world), values=[(1, _value_row())]))
    client.force_login(world["sekretariat"])

    response = client.post(
        reverse("monitoring:import_commit", args=[world["pemalang"].pk]), {"t": _token(uploaded)}
    )

    assert response.status_code == 400
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "expected"),
    [("editor.pemalang", 200), ("sekretariat", 200), ("viewer.pemalang", 403), ("editor.pekalongan", 404)],
)
def test_import_pages_per_role(client, world, who, expected):
    client.force_login(world[who])
    pk = world["pemalang"].pk

    answers = {
        client.get(reverse("monitoring:import_upload", args=[pk])).status_code,
        client.get(reverse("monitoring:import_template", args=[pk, YEAR])).status_code,
    }

    assert answers == {expected}


def test_another_regions_editor_cannot_commit_a_token_of_this_region(client, world):
    client.force_login(world["editor.pemalang"])
    uploaded = _upload(client, world, _fill(_template(client, world), values=[(1, _value_row())]))
    client.force_login(world["editor.pekalongan"])

    response = client.post(
        reverse("monitoring:import_commit", args=[world["pemalang"].pk]), {"t": _token(uploaded)}
    )
    own = client.post(
        reverse("monitoring:import_commit", args=[world["pekalongan"].pk]), {"t": _token(uploaded)}
    )

    assert (response.status_code, own.status_code) == (404, 400)
    assert IndicatorValue.objects.count() == 0


def test_template_of_region_b_does_not_show_region_a(client, world):
    client.force_login(world["editor.pekalongan"])

    response = client.get(reverse("monitoring:import_template", args=[world["pekalongan"].pk, YEAR]))

    workbook = load_workbook(io.BytesIO(response.content))
    codes = [row[0] for row in workbook[spreadsheets.VALUES_SHEET].iter_rows(min_row=2, values_only=True)]
    assert codes == []


@pytest.mark.parametrize(
    ("name", "data", "content_type", "start"),
    [
        ("nilai.csv", b"a;b\n1;2\n", "text/csv", "Upload an Excel workbook with the extension .xlsx."),
        ("nilai.xlsx", b"not a zip at all", XLSX, "This file is not an Excel workbook (.xlsx)."),
        ("nilai.xlsx", b"0" * (spreadsheets.MAX_UPLOAD_BYTES + 1), XLSX, "The file is 2.0 MB; at most 2 MB"),
    ],
)
def test_wrong_or_too_large_file_is_refused_with_a_clear_error(
    client, world, name, data, content_type, start
):
    client.force_login(world["editor.pemalang"])

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        response = _upload(client, world, data, name=name, content_type=content_type)

    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith(start)


def test_the_reader_reads_a_filled_template_as_openpyxl_does(client, world):
    """tests/core/test_spreadsheets.py compares the reader with openpyxl on every cell; here, the rows the import
    takes from a filled template."""
    client.force_login(world["editor.pemalang"])
    data = _fill(
        _template(client, world),
        values=[(1, _value_row("=1+1")), (2, _value_row(12.75, H=True))],
        progress=[(1, _progress_row(D="delayed", G="Hujan"))],
    )

    book = spreadsheets.read_book(data)
    workbook = load_workbook(io.BytesIO(data))
    expected = {}
    for kind, title in spreadsheets.SHEET_TITLES.items():
        sheet, raw = workbook[title], getattr(book, kind)
        expected[kind] = [
            (number, {key: sheet[f"{raw.letters[key]}{number}"].value for key in values})
            for number, values in raw.rows
        ]

    assert (book.values.rows, book.progress.rows) == (expected["values"], expected["progress"])
    assert [number for number, _values in book.values.rows] == [2, 3]
    assert book.progress.rows[0][1]["reported_on"] == datetime.datetime.combine(
        timezone.localdate() - datetime.timedelta(days=3), datetime.time()
    )


def test_a_formula_is_refused_with_the_cell_named(client, world):
    client.force_login(world["editor.pemalang"])
    data = _fill(_template(client, world), values=[(1, _value_row("=1+1"))])

    response = _upload(client, world, data)

    errors = [
        (r["row"], e["column"], e["letter"]) for r in response.context["error_rows"] for e in r["errors"]
    ]
    assert errors == [(2, "Nilai", "E")]
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize("huge", [1e16, 2.5e18, float("inf")])
def test_a_value_too_large_to_store_is_a_row_error(world, huge):
    book = spreadsheets.RawBook(
        values=spreadsheets.RawSheet(
            letters={"code": "A", "year": "D", "value": "E", "source": "F", "quality": "H", "evidence_url": "I"},
            rows=[(2, {"code": "IMP-1", "year": YEAR, "value": huge, "source": "BPS", "quality": 1, "evidence_url": "https://a.id"})],
        )
    )  # fmt: skip

    with pytest.raises(spreadsheets.ValidationError):
        spreadsheets.commit_books([(world["pemalang"], book)], by=world["editor.pemalang"])

    assert IndicatorValue.objects.count() == 0


def test_an_infinite_whole_number_cell_is_a_row_error_not_a_crash(world):
    book = spreadsheets.RawBook(
        values=spreadsheets.RawSheet(
            letters={"code": "A", "year": "D", "value": "E", "source": "F", "quality": "H", "evidence_url": "I"},
            rows=[(2, {"code": "IMP-1", "year": float("inf"), "value": 1, "source": "BPS", "quality": float("inf"), "evidence_url": "https://a.id"})],
        )
    )  # fmt: skip

    with pytest.raises(spreadsheets.ValidationError):
        spreadsheets.commit_books([(world["pemalang"], book)], by=world["editor.pemalang"])


def test_the_same_progress_committed_twice_is_recorded_once(client, world):
    client.force_login(world["editor.pemalang"])
    data = _fill(_template(client, world), progress=[(1, _progress_row())])
    book = spreadsheets.read_book(data)

    spreadsheets.commit_books([(world["pemalang"], book)], by=world["editor.pemalang"])
    spreadsheets.commit_books([(world["pemalang"], book)], by=world["editor.pemalang"])

    assert ProgressReport.objects.count() == 1


def test_clean_command_deletes_only_expired_uploads_of_its_own(settings, tmp_path):
    import io
    import os
    import time

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "imports" / "monitoring"
    folder.mkdir(parents=True)
    old, fresh, other = folder / ("a" * 32 + ".xlsx"), folder / ("b" * 32 + ".xlsx"), folder / "catatan.txt"
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    os.utime(other, (two_days_ago, two_days_ago))

    out = io.StringIO()
    call_command("clean_pending_files", stdout=out)

    assert (old.exists(), fresh.exists(), other.exists()) == (False, True, True)
    assert out.getvalue().strip().splitlines() == [
        "evidence/pending/: 0 expired files deleted.",
        "imports/bimtek/: 0 expired files deleted.",
        "imports/monitoring/: 1 expired files deleted.",
    ]


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("2.150", Decimal("2150")),
        ("2.150,5", Decimal("2150.5")),
        ("45,5", Decimal("45.5")),
        (45.5, Decimal("45.5")),
    ],
)
def test_a_number_typed_as_text_is_read_the_indonesian_way(client, world, cell, stored):
    client.force_login(world["editor.pemalang"])
    data = _fill(_template(client, world), values=[(1, _value_row(cell))])

    uploaded = _upload(client, world, data)
    client.post(reverse("monitoring:import_commit", args=[world["pemalang"].pk]), {"t": _token(uploaded)})

    assert uploaded.status_code == 302
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [stored]


@pytest.mark.parametrize("cell", ["2.15", "1.2.3", "1,2,3", "99.999.999.999.999"])
def test_an_ambiguous_or_too_large_text_number_is_a_row_error_that_says_how_to_write_it(client, world, cell):
    client.force_login(world["editor.pemalang"])
    data = _fill(_template(client, world), values=[(1, _value_row(cell))])

    with translation.override("id"):
        response = _upload(client, world, data)

    message = response.context["error_rows"][0]["errors"][0]["message"]
    assert ("2.150" in message and "2,5" in message) or "Masukkan nilai dari" in message
    assert IndicatorValue.objects.count() == 0
