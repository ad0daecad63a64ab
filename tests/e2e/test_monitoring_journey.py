import re

import openpyxl
import pytest
from django.utils.text import slugify
from playwright.sync_api import Browser, Page, expect

from kotacerdas.monitoring.catalogue import load_indicators
from kotacerdas.monitoring.demo_values import load_demo_values
from kotacerdas.monitoring.models import IndicatorValue, ValueStatus
from kotacerdas.programmes.models import Participation
from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e


def test_editor_imports_a_year_mentor_verifies_and_the_chart_shows_it(
    demo_site, page: Page, browser: Browser, tmp_path
):
    base = demo_site.url
    load_indicators()
    load_demo_values()
    pemalang = Participation.objects.get(region__code="33.27", cohort__year=2018)

    # The Pemalang editor downloads the 2024 template, fills the values and imports them.
    sign_in_page(page, base, "editor.pemalang@demo.kotacerdas.id")
    page.goto(f"{base}/monitoring/p/{pemalang.pk}/import/")
    with page.expect_download() as download:
        page.locator("a[href$='/import/template/2024/']").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book["Nilai indikator"]
    headers = [cell.value for cell in sheet[1]]
    column = {title: headers.index(title) + 1 for title in headers if title}
    filled = 0
    for row in range(2, sheet.max_row + 1):
        if not sheet.cell(row, column["Kode indikator"]).value:
            continue
        sheet.cell(row, column["Tahun"]).value = 2024
        sheet.cell(row, column["Nilai"]).value = 60 + row
        sheet.cell(row, column["Sumber data"]).value = "Laporan tahunan 2024"
        sheet.cell(row, column["Kualitas data (1-6)"]).value = 1
        sheet.cell(row, column["Tautan bukti"]).value = "https://www.pemalangkab.go.id/"
        filled += 1
    book.save(template)
    page.set_input_files("input[type=file]", str(template))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/import/preview/"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    assert IndicatorValue.objects.filter(tracked__participation=pemalang, year=2024).count() == filled == 6

    # The mentor verifies the first indicator's 2024 value on its page.
    mentor = browser.new_context().new_page()
    sign_in_page(mentor, base, "mentor@demo.kotacerdas.id")
    value = IndicatorValue.objects.filter(tracked__participation=pemalang, year=2024).order_by("pk").first()
    mentor.goto(f"{base}/monitoring/p/{pemalang.pk}/indicators/{value.tracked_id}/")
    row = mentor.locator(f"#value-{value.pk}")
    row.locator("button[name=decision][value=verify]").click()
    expect(mentor.locator(f"#value-{value.pk} .badge--verified")).to_be_visible()
    value.refresh_from_db()
    assert value.status == ValueStatus.VERIFIED

    # The region's page now draws the 2024 point, solid because it is verified.
    page.goto(f"{base}/monitoring/p/{pemalang.pk}/")
    chart = page.locator(f"#tracked-{value.tracked_id} svg")
    expect(chart.locator("circle title", has_text="2024:")).to_have_count(1)
    page.screenshot(path=str(tmp_path / "monitoring.png"), full_page=True)

    # The public regional dashboard draws the verified 2024 point, and only that one of the new values.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{base}/monitoring/regions/33.27/")
    new_points = visitor.locator("#indicators svg circle title", has_text="2024:")
    expect(new_points).to_have_count(1)
    section = f"#indicator-{slugify(value.tracked.indicator.code)}"
    expect(visitor.locator(f"{section} svg circle title", has_text="2024:")).to_have_count(1)
    visitor.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
