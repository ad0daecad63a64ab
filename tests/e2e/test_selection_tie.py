"""The demo's 2027 selection, as the issue found it: four regions at 52,00 for the last two places and one
assessor of two having scored. On a phone and without JavaScript, the secretariat cannot select without
choosing; with a choice, an acknowledgement and a reason, exactly the chosen regions are selected."""

import pytest
from playwright.sync_api import expect

from kotacerdas.programmes.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

SELECTED_BY_RANK = {"52.72", "61.01", "64.03", "13.74"}


def _statuses(cohort) -> dict[str, str]:
    return dict(cohort.participations.values_list("region__code", "status"))


def test_selection_tie_on_a_phone_without_javascript_needs_an_explicit_choice(demo_site, browser):
    from kotacerdas.programmes.models import Cohort

    cohort = Cohort.objects.get(year=2027)
    before = _statuses(cohort)
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_site.url}/accounts/login/")
    page.fill("#id_username", "sekretariat@demo.kotacerdas.id")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.goto(f"{demo_site.url}/programme/cohorts/{cohort.pk}/selection/")

    situation = page.locator(".selection-situation")
    expect(situation).to_contain_text("4 daerah bernilai sama (52,00) untuk 2 tempat terakhir.")
    expect(situation).to_contain_text("Penilaian 8 pendaftaran dalam daftar pendek belum lengkap.")
    decision = page.locator("#decision")
    expect(decision.locator("input[name=tie_choice]")).to_have_count(4)
    expect(decision.locator(".selection-list--choices")).to_contain_text("1 dari 2 asesor telah menilai")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    decision.locator("button[type=submit]").click()

    expect(page.locator("#decision")).to_contain_text(
        "4 daerah bernilai sama (52,00) untuk 2 tempat terakhir: pilih daerah yang mengisi tempat tersebut."
    )
    assert _statuses(cohort) == before

    decision = page.locator("#decision")
    decision.locator("label", has_text="Kabupaten Cilacap").locator("input").check()
    decision.locator("label", has_text="Kabupaten Poso").locator("input").check()
    decision.locator("input[name=acknowledge_incomplete]").check()
    decision.locator("textarea[name=reason]").fill(
        "Rapat pleno: Cilacap dan Poso unggul pada wawancara kesiapan."
    )
    decision.locator("button[type=submit]").click()

    expect(page.locator(".message--success")).to_contain_text("6 pendaftaran terpilih.")
    expect(page.locator("main")).to_contain_text(
        "Rapat pleno: Cilacap dan Poso unggul pada wawancara kesiapan."
    )
    after = _statuses(cohort)
    assert {code for code, status in after.items() if status == "selected"} == SELECTED_BY_RANK | {
        "33.01",
        "72.02",
    }
    assert (after["11.73"], after["18.71"]) == ("shortlisted", "shortlisted")
    context.close()
