"""Issue 16 §2 on a phone: an evaluator fills the masterplan rubric, saves with the button at the quick-win part
and finds both kept; the total follows the scores; leaving with unsaved changes warns; sending needs the summary's
confirmation."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.evaluations.models import ScoreSheet, SheetStatus
from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
EVALUATOR = "evaluator3@demo.kotacerdas.id"
# docs/screenshots/score-sheet-phone.png is made by running with KOTACERDAS_SCREENSHOTS=docs/screenshots; a plain
# run writes into the test's own temporary folder, so the suite never changes a tracked file.
SCREENSHOT_NAME = "score-sheet-phone.png"


def _stored(session, rubric) -> dict:
    sheet = ScoreSheet.objects.get(session=session, evaluator__email=EVALUATOR, rubric=rubric)
    return {
        "status": sheet.status,
        "values": [s.value for s in sheet.scores.order_by("criterion__order", "criterion__pk")],
        "general": sheet.general_comment,
    }


def test_score_sheet_on_a_phone_keeps_both_parts_warns_and_asks_before_sending(
    demo_site, browser: Browser, tmp_path
):
    base = demo_site.url
    event = load_demo_event()
    pemalang = event.sessions.get(participation__region__code="33.27")
    ScoreSheet.objects.filter(session=pemalang, evaluator__email=EVALUATOR).delete()  # a blank sheet
    mp, qw = event.masterplan_rubric, event.quick_win_rubric
    sheet_url = f"{base}{reverse('evaluations:score_session', args=[pemalang.pk])}"
    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    sign_in_page(page, base, EVALUATOR)
    page.goto(sheet_url)

    # The masterplan part: level 4 on every criterion (scale 1–5), a comment on the first.
    masterplan = page.locator(f"#rubric-{mp.pk} fieldset[data-criterion]")
    expect(masterplan).to_have_count(mp.criteria.count())
    for n in range(masterplan.count()):
        masterplan.nth(n).locator("input[type=radio][value='4']").check()
    masterplan.first.locator("textarea").fill("Analisis SWOT berbasis data.")
    # The total follows the scores at once, in Indonesian: every criterion at 4 of 1–5 is 75 of 100.
    expect(page.locator(f"output[data-total='r{mp.pk}']")).to_have_text("75,00")
    expect(page.locator(f"#sheet-bar output[data-total-copy='r{mp.pk}']")).to_have_text("75,00")
    expect(page.locator("#sheet-bar")).to_contain_text("Ada perubahan yang belum disimpan.")

    # Saved with the button at the quick-win part, after a general comment there.
    general = page.locator(f"textarea[name='r{qw.pk}-general_comment']")
    general.scroll_into_view_if_needed()
    general.fill("Layanan aduan daring sudah berjalan.")
    save = page.locator("#sheet-bar button[value=save]")
    expect(save).to_be_in_viewport()
    save.click()
    expect(page).to_have_url(re.compile(r"/score/#sheet-bar$"))
    note = page.locator("#sheet-bar .message--success")
    expect(note).to_have_text(re.compile(r"^Semua nilai dan komentar tersimpan pukul \d{1,2}\.\d{2} WIB\.$"))
    expect(note).to_be_in_viewport()
    expect(page.locator("#sheet-bar button[value=save]")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(Path(os.environ.get("KOTACERDAS_SCREENSHOTS") or tmp_path) / SCREENSHOT_NAME))

    # Reloaded: both parts kept, in the page and in the database.
    page.goto(sheet_url)
    for n in range(masterplan.count()):
        expect(masterplan.nth(n).locator("input[type=radio][value='4']")).to_be_checked()
    expect(masterplan.first.locator("textarea")).to_have_value("Analisis SWOT berbasis data.")
    expect(general).to_have_value("Layanan aduan daring sudah berjalan.")
    assert _stored(pemalang, mp) == {
        "status": SheetStatus.DRAFT,
        "values": [4] * mp.criteria.count(),
        "general": "",
    }
    assert _stored(pemalang, qw)["general"] == "Layanan aduan daring sudah berjalan."

    # A change not saved: leaving the page asks first; staying keeps the page and what was typed.
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    quick_wins = page.locator(f"#rubric-{qw.pk} fieldset[data-criterion]")
    quick_wins.first.locator("input[type=radio][value='5']").check()
    page.locator(".breadcrumbs a").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(sheet_url)
    expect(quick_wins.first.locator("input[type=radio][value='5']")).to_be_checked()

    # Sending: every quick-win criterion at 3 (50 of 100), then "Kirim…" shows the summary and locks nothing.
    for n in range(quick_wins.count()):
        quick_wins.nth(n).locator("input[type=radio][value='3']").check()
    expect(page.locator(f"output[data-total='r{qw.pk}']")).to_have_text("50,00")
    page.locator("#sheet-bar button[value=review]").click()
    expect(page).to_have_url(re.compile(r"/score/send/#main$"))
    expect(page.locator("h1")).to_contain_text("Kirim lembar penilaian Kabupaten Pemalang?")
    expect(page.locator(f"#summary-{mp.pk} tfoot")).to_contain_text("75,00")
    expect(page.locator(f"#summary-{qw.pk} tfoot")).to_contain_text("50,00")
    assert {_stored(pemalang, mp)["status"], _stored(pemalang, qw)["status"]} == {SheetStatus.DRAFT}
    confirm = page.locator("button[name=confirm]")
    confirm.scroll_into_view_if_needed()
    expect(confirm).to_be_in_viewport()
    confirm.click()

    expect(page).to_have_url(f"{sheet_url}#main")
    expect(page.locator(".messages")).to_contain_text("Lembar penilaian terkirim: Masterplan, Quick win")
    expect(page.locator("form[data-score-sheet]")).to_have_count(0)
    assert {_stored(pemalang, mp)["status"], _stored(pemalang, qw)["status"]} == {SheetStatus.SUBMITTED}
    assert _stored(pemalang, qw)["values"] == [3] * qw.criteria.count()
    assert dialogs == ["beforeunload"]  # sending asked nothing more of the browser
    phone.close()
