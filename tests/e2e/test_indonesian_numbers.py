"""Numbers typed the Indonesian way in the real pages, one journey per kind of numeric form: what is typed is
what is stored and what is shown back; an ambiguous number is refused with how to write it, and nothing is
stored. (Indicator values and score sheets have journeys of their own: test_value_entry and the score sheet.)"""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from kotacerdas.masterplans.models import KeyFigure, Masterplan, MasterplanProgramme
from kotacerdas.monitoring.models import ProgressReport
from kotacerdas.programmes.models import Cohort, SelectionCriterion
from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e


def _add_key_figure(page: Page, base: str, plan: Masterplan, value: str) -> None:
    page.goto(f"{base}/masterplans/{plan.pk}/part/profile/")
    form = page.locator("form:has(#id_key_figure-value)")
    adder = page.locator("details.add-row:has(#id_key_figure-value)")
    if adder.get_attribute("open") is None:
        adder.locator("summary").click()
    form.locator("#id_key_figure-label").fill("Jumlah penduduk miskin")
    form.locator("#id_key_figure-value").fill(value)
    form.locator("#id_key_figure-unit").fill("jiwa")
    form.locator("#id_key_figure-year").fill("2018")
    form.locator("#id_key_figure-source").fill("BPS Kabupaten Pemalang")
    form.locator("button[type=submit]").click()


def test_key_figure_typed_indonesian_is_stored_and_shown_back(demo_site, page: Page):
    base = demo_site.url
    plan = Masterplan.objects.get(participation__region__code="33.27")
    sign_in_page(page, base, "editor.pemalang@demo.kotacerdas.id")

    _add_key_figure(page, base, plan, "2.150,5")

    figure = KeyFigure.objects.get(masterplan=plan, label="Jumlah penduduk miskin")
    assert figure.value == Decimal("2150.5")
    expect(page.locator("main")).to_contain_text("2.150,5")
    page.goto(f"{base}/masterplans/{plan.pk}/rows/key_figure/{figure.pk}/")
    expect(page.locator("input[name$='value']")).to_have_value("2.150,5")
    expect(page.locator(".number-input__unit")).to_have_text("jiwa")


def test_ambiguous_number_is_refused_with_how_to_write_it_and_nothing_stored(demo_site, page: Page):
    base = demo_site.url
    plan = Masterplan.objects.get(participation__region__code="33.27")
    before = KeyFigure.objects.filter(masterplan=plan).count()
    sign_in_page(page, base, "editor.pemalang@demo.kotacerdas.id")

    _add_key_figure(page, base, plan, "2.15")

    error = page.locator("#id_key_figure-value").locator("xpath=ancestor::div[contains(@class,'field')]")
    expect(error.locator(".error")).to_contain_text("“2.15” tidak jelas: maksud Anda “215” atau “2,15”?")
    expect(page.locator("#id_key_figure-value")).to_have_value("2.15")  # what was typed is kept
    assert KeyFigure.objects.filter(masterplan=plan).count() == before


def test_progress_report_reads_rupiah_and_percent(demo_site, page: Page):
    base = demo_site.url
    programme = MasterplanProgramme.objects.filter(masterplan__participation__region__code="33.27").first()
    participation = programme.masterplan.participation
    sign_in_page(page, base, "editor.pemalang@demo.kotacerdas.id")

    page.goto(f"{base}/monitoring/p/{participation.pk}/programmes/{programme.pk}/progress/")
    form = page.locator("form:has([name=budget_realised])")
    form.locator("[name=status]").select_option("running")
    form.locator("[name=percent_complete]").fill("30%")
    form.locator("[name=budget_realised]").fill("Rp 338.500.000")
    form.locator("button[type=submit]").last.click()

    report = ProgressReport.objects.filter(programme=programme).latest("pk")
    assert (report.percent_complete, report.budget_realised) == (30, Decimal("338500000"))
    expect(page.locator("main")).to_contain_text("338.500.000")


def test_selection_criterion_weight_reads_decimal_comma(demo_site, page: Page):
    base = demo_site.url
    cohort = Cohort.objects.get(year=2027)  # the demo cohort still in selection
    sign_in_page(page, base, "sekretariat@demo.kotacerdas.id")

    page.goto(f"{base}/programme/cohorts/{cohort.pk}/selection/")
    form = page.locator("form:has([name=weight])")
    form.locator("[name=name]").fill("Kapasitas fiskal daerah")
    form.locator("[name=weight]").fill("1,5")
    form.locator("[name=max_score]").fill("5")
    form.locator("button[type=submit]").click()

    criterion = SelectionCriterion.objects.get(cohort=cohort, name="Kapasitas fiskal daerah")
    assert criterion.weight == Decimal("1.5")
    expect(page.locator("main")).to_contain_text("1,5")
