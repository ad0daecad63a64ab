"""Exports of a region's monitoring data (values and programme progress as XLSX/CSV) and the yearly monitoring
report (PDF/DOCX): files read back, superseded values flagged, scope, and the report's fixed query count."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from kotacerdas.monitoring import services
from kotacerdas.monitoring.report import Standing, build_report
from tests.factories import (
    ImplementationRoundFactory,
    IndexResultFactory,
    IndicatorFactory,
    ProgressReportFactory,
    RoundEntryFactory,
    TargetFactory,
    TrackedIndicatorFactory,
)
from tests.utils import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo):
    """The demo data set (conftest.py), Pemalang tracking one indicator with a corrected 2019 value and
    reporting on one programme of its masterplan."""
    tracked = TrackedIndicatorFactory(
        participation=demo["pemalang"],
        indicator=IndicatorFactory(code="TEST-1", name_id="Rumah tangga dengan akses internet", unit="%"),
    )
    TargetFactory(tracked=tracked, year=2019, value=Decimal("45"))
    TargetFactory(tracked=tracked, year=2020, value=Decimal("50"))
    first = _value(tracked, demo["editor.pemalang"], "45.5", source='=HYPERLINK("http://x")')
    second = _value(tracked, demo["editor.pemalang"], "46.1")
    ProgressReportFactory(
        programme=demo["masterplan"].programmes.get(name="Mal pelayanan publik terpadu"),
        reported_on=date(2019, 6, 30),
        status="running",
        percent_complete=40,
        budget_realised=Decimal("1500000"),
    )
    return {**demo, "tracked": tracked, "first": first, "second": second}


def _value(tracked, by, value, year=2019, source="BPS Kabupaten Pemalang"):
    return services.report_value(
        tracked,
        year=year,
        value=Decimal(value),
        source=source,
        method="Susenas",
        quality=2,
        evidence_url="https://pemalangkab.bps.go.id/",
        by=by,
    )


def _body(response) -> bytes:
    """The downloads are FileResponses (streamed); the index results export is a plain response."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def _get(client, world, name, *args, user="viewer.pemalang"):
    client.force_login(world[user])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse(f"monitoring:{name}", args=[world["pemalang"].pk, *args]))


def test_values_xlsx_holds_superseded_values_flagged(client, world):
    response = _get(client, world, "export_values", "xlsx")

    sheet = load_workbook(io.BytesIO(_body(response))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert rows[0][:9] == [
        "Code",
        "Indicator",
        "Year",
        "Value",
        "Unit",
        "Status",
        "Data source",
        "Method",
        "Data quality",
    ]
    assert rows[0][13] == "Current"
    assert [(r[0], r[2], r[3], r[6], r[13]) for r in rows[1:]] == [
        ("TEST-1", 2019, 45.5, '\'=HYPERLINK("http://x")', "no (superseded)"),
        ("TEST-1", 2019, 46.1, "BPS Kabupaten Pemalang", "yes"),
    ]
    assert rows[2][9] == "Agus Santoso"


def test_values_csv_opens_with_semicolons_and_decimal_commas(client, world):
    response = _get(client, world, "export_values", "csv")

    body = _body(response)  # a stream: read once
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Code", "Indicator", "Year", "Value"]
    assert [(r[2], r[3], r[6], r[13]) for r in rows[1:]] == [
        ("2019", "45,5", '\'=HYPERLINK("http://x")', "no (superseded)"),
        ("2019", "46,1", "BPS Kabupaten Pemalang", "yes"),
    ]


def test_progress_xlsx_has_programmes_and_history(client, world):
    response = _get(client, world, "export_progress", "xlsx")

    workbook = load_workbook(io.BytesIO(_body(response)))
    current = {row[1]: row for row in workbook["Programmes"].iter_rows(min_row=2, values_only=True)}
    history = list(workbook["Progress reports"].iter_rows(values_only=True))
    assert workbook.sheetnames == ["Programmes", "Progress reports"]
    mal = current["Mal pelayanan publik terpadu"]
    assert (mal[4], mal[5], mal[7]) == ("Running", 40, 1500000)
    assert len(current) == world["masterplan"].programmes.count()
    assert [(r[0], r[3]) for r in history[1:]] == [("Mal pelayanan publik terpadu", 40)]


def test_progress_csv_has_only_the_current_table(client, world):
    response = _get(client, world, "export_progress", "csv")

    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Dimension", "Programme", "Quick win"]
    assert len(rows) == 1 + world["masterplan"].programmes.count()
    assert [r[5] for r in rows if r[1] == "Mal pelayanan publik terpadu"] == ["40"]


def test_report_docx_has_sections_and_the_value(client, world):
    response = _get(client, world, "report", 2019, "docx")

    document = Document(io.BytesIO(_body(response)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert response.status_code == 200
    assert headings[:3] == ["Summary", "Indicators", "TEST-1 · Rumah tangga dengan akses internet"]
    assert headings[-1] == "Programmes and quick wins"
    assert "46.1% (unverified)" in cells
    assert "on target" in cells
    assert "Mal pelayanan publik terpadu" in cells


def test_report_pdf_has_sections_and_the_value(client, world, tmp_path):
    response = _get(client, world, "report", 2019, "pdf")

    text = pdf_text(_body(response), tmp_path, squeeze_spaces=False)
    assert response["Content-Type"] == "application/pdf"
    assert "Regional monitoring report 2019" in text
    assert "TEST-1 · Rumah tangga dengan akses internet" in text
    assert "46.1% (unverified)" in text
    assert "Mal pelayanan publik terpadu" in text


def test_report_marks_demo_values(world):
    world["second"].is_demo = True
    world["second"].save()

    report = build_report(world["pemalang"], 2019)

    assert (report.has_demo, report.has_unverified) == (True, True)
    assert [(s.value.value, s.standing) for s in report.indicators] == [(Decimal("46.1"), Standing.ON_TARGET)]


def test_report_shows_programmes_as_of_the_end_of_the_year(world):
    mal = world["masterplan"].programmes.get(name="Mal pelayanan publik terpadu")
    ProgressReportFactory(programme=mal, reported_on=date(2020, 3, 1), status="done", percent_complete=100)

    report = build_report(world["pemalang"], 2019)

    assert [(r.status, r.percent) for r in report.programmes if r.programme == mal] == [("running", 40)]


def test_exports_of_another_region_are_404(client, world):
    client.force_login(world["editor.pekalongan"])
    pk = world["pemalang"].pk
    urls = [
        reverse("monitoring:export_values", args=[pk, "xlsx"]),
        reverse("monitoring:export_values", args=[pk, "csv"]),
        reverse("monitoring:export_progress", args=[pk, "xlsx"]),
        reverse("monitoring:export_progress", args=[pk, "csv"]),
        reverse("monitoring:report", args=[pk, 2019, "pdf"]),
        reverse("monitoring:report", args=[pk, 2019, "docx"]),
    ]

    assert [client.get(url).status_code for url in urls] == [404] * 6


def test_unknown_format_is_404(client, world):
    assert [
        _get(client, world, "export_values", "pdf").status_code,
        _get(client, world, "export_progress", "docx").status_code,
        _get(client, world, "report", 2019, "xlsx").status_code,
    ] == [404, 404, 404]


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("monitoring:export_values", args=[world["pemalang"].pk, "csv"]))

    assert (response.status_code, response.url.split("?")[0]) == (302, resolve_url(settings.LOGIN_URL))


def test_report_queries_do_not_grow_with_indicators(world):
    with CaptureQueriesContext(connection) as small:
        build_report(world["pemalang"], 2019)
    for _n in range(4):
        tracked = TrackedIndicatorFactory(participation=world["pemalang"])
        TargetFactory(tracked=tracked, year=2019)
        _value(tracked, world["editor.pemalang"], "3")

    with CaptureQueriesContext(connection) as large:
        report = build_report(world["pemalang"], 2019)

    assert len(report.indicators) == 5
    assert len(large) == len(small)


def test_report_leaves_out_rejected_values(world):
    services.verify_value(world["second"], by=world["mentor"], approve=False, note="Salah hitung")

    report = build_report(world["pemalang"], 2019)

    assert [(s.value, s.standing) for s in report.indicators] == [(None, Standing.NO_VALUE)]


def test_report_counts_a_lower_is_better_indicator_on_target_below_its_target(world):
    indicator = world["tracked"].indicator
    indicator.direction = "lower"
    indicator.save()

    report = build_report(world["pemalang"], 2019)

    assert [s.standing for s in report.indicators] == [Standing.BEHIND]


def test_values_xlsx_names_the_verifier_of_a_verified_value(client, world):
    services.verify_value(world["second"], by=world["mentor"], approve=True)

    response = _get(client, world, "export_values", "xlsx")

    rows = list(load_workbook(io.BytesIO(_body(response))).active.iter_rows(values_only=True))
    assert [(r[5], r[11]) for r in rows[1:]] == [
        ("Reported, awaiting verification", None),
        ("Verified", "Bambang Prasetyo"),
    ]


def test_report_docx_leaves_verified_values_unmarked(client, world):
    services.verify_value(world["second"], by=world["mentor"], approve=True)

    response = _get(client, world, "report", 2019, "docx")

    cells = [c.text for t in Document(io.BytesIO(_body(response))).tables for r in t.rows for c in r.cells]
    assert "46.1%" in cells


def _index_of(participation, year, value, status="published"):
    return IndexResultFactory(
        entry=RoundEntryFactory(
            round=ImplementationRoundFactory(year=year, status=status), participation=participation
        ),
        index=Decimal(value),
        rank=3,
        ranked_among=35,
    )


def test_report_gives_the_published_index_of_its_year_only(client, world):
    _index_of(world["pemalang"], 2019, "2.84")
    _index_of(world["pemalang"], 2020, "3.90", status="validation")

    published = build_report(world["pemalang"], 2019)
    unpublished = build_report(world["pemalang"], 2020)

    with translation.override("id"):
        assert published.index_text == "2,84 (peringkat 3 dari 35)"
    assert unpublished.index_text == ""
    document = Document(io.BytesIO(_body(_get(client, world, "report", 2019, "docx"))))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "2.84 (rank 3 of 35)" in cells
