import re

import pytest
from playwright.sync_api import Browser, Page, expect

from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.evaluations.models import EvaluationEvent, ScoreSheet, SheetStatus
from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_agenda_published_evaluator_scores_on_phone_results_published(
    demo_site, page: Page, browser: Browser
):
    base = demo_site.url
    event = load_demo_event()
    pemalang = event.sessions.get(participation__region__code="33.27")

    # The secretariat publishes the agenda from the event page.
    sign_in_page(page, base, "sekretariat@demo.kotacerdas.id")
    page.goto(f"{base}/evaluations/{event.pk}/")
    publish = page.locator("form[action$='/agenda/publish/']")
    if publish.locator("textarea[name=note]").count():
        publish.locator("textarea[name=note]").fill("Agenda pertama.")
    publish.locator("button[type=submit]").click()
    page.locator("#confirm-yes").click()  # the confirmation page: 12 sessions on 2 days in 2 rooms
    expect(page.locator("#agenda .badge--published")).to_be_visible()
    event.refresh_from_db()
    assert event.agenda_release == 1

    # An evaluator of Panel 1 opens Pemalang's session on a phone, scores every criterion and submits.
    phone = browser.new_context(viewport=PHONE)
    evaluator = phone.new_page()
    sign_in_page(evaluator, base, "evaluator3@demo.kotacerdas.id")
    evaluator.goto(f"{base}/evaluations/my-sessions/")
    assert _fits_the_screen(evaluator)
    evaluator.get_by_role("link", name="Kabupaten Pemalang").first.click()
    expect(evaluator.locator("h1")).to_contain_text("Kabupaten Pemalang")
    expect(evaluator.locator("main")).to_contain_text("14.45–15.30 WIB")
    assert _fits_the_screen(evaluator)
    for rubric in pemalang.rubrics():
        fieldsets = evaluator.locator(f"#rubric-{rubric.pk} fieldset")
        for index in range(fieldsets.count()):
            fieldsets.nth(index).locator("input[type=radio]").nth(3 if index % 2 else 4).check()
        fieldsets.first.locator("textarea").fill("Dipaparkan dengan jelas oleh Kepala Dinas Kominfo.")
    # One form holds both rubrics: "Kirim…" saves it and shows the summary; sending needs its confirmation.
    evaluator.locator("#sheet-bar button[name=action][value=review]").click()
    evaluator.locator("button[name=confirm][value=yes]").click()
    for rubric in pemalang.rubrics():
        expect(evaluator.locator(f"#rubric-{rubric.pk} .card__header .badge--approved")).to_be_visible()
    expect(evaluator.locator("form button[name=action]")).to_have_count(0)
    statuses = set(
        ScoreSheet.objects.filter(
            session=pemalang, evaluator__email="evaluator3@demo.kotacerdas.id"
        ).values_list("status", flat=True)
    )
    assert statuses == {SheetStatus.SUBMITTED}
    phone.close()

    # The secretariat publishes the results from the results page.
    page.goto(f"{base}/evaluations/{event.pk}/results/")
    page.locator("form[action$='/results/publish/'] button[type=submit]").click()
    expect(page.locator("#confirm-consequences")).to_be_visible()
    page.locator("#confirm-yes").click()
    expect(page.locator("#results .badge--published")).to_be_visible()
    assert EvaluationEvent.objects.get(pk=event.pk).results_published_at is not None

    # Anyone reads the public results page: Pemalang with its rank.
    visitor = browser.new_context(viewport=PHONE)
    public = visitor.new_page()
    public.goto(f"{base}/evaluations/{event.pk}/results/")
    row = public.locator("#ranking tbody tr", has_text="Kabupaten Pemalang")
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_have_text(re.compile(r"^\s*\d+\s*$"))
    expect(public.locator("main")).not_to_contain_text("Yuliana Siregar")
    visitor.close()
