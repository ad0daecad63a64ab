import pytest
from playwright.sync_api import Browser, Page, expect

from kotacerdas.masterplans.models import Masterplan, Section
from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e


def _apply_move(page: Page, status: str, note: str = "") -> None:
    form = page.locator("form[action$='/status/']")
    form.locator("select[name=status]").select_option(status)
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.locator("button[type=submit]").click()
    page.locator("#confirm-yes").click()  # the confirmation page states what the move does


def test_editor_completes_approver_submits_mentor_requests_revision_approver_resubmits(
    demo_site, page: Page, browser: Browser
):
    masterplan = Masterplan.objects.get(participation__region__code="33.27")
    Section.objects.filter(masterplan=masterplan, key="vision").update(body="")
    base, overview = demo_site.url, f"{demo_site.url}/masterplans/{masterplan.pk}/"

    # The editor sees what is missing and fills the vision; the approver submits (editors write, approvers submit).
    sign_in_page(page, base, "editor.pemalang@demo.kotacerdas.id")
    page.goto(overview)
    expect(page.locator("#completeness .is-missing")).to_have_count(1)
    page.locator("#completeness .is-missing a").click()
    page.locator("textarea[name=vision-body]").fill("Pemalang cerdas, melayani, dan berdaya saing.")
    page.locator("#section-vision button[type=submit]").click()
    page.goto(overview)
    expect(page.locator("#completeness .is-missing")).to_have_count(0)
    expect(page.locator("form[action$='/status/']")).to_have_count(0)
    page.context.clear_cookies()
    sign_in_page(page, base, "approver.pemalang@demo.kotacerdas.id")
    page.goto(overview)
    _apply_move(page, "submitted", "Mohon ditelaah")
    expect(page.locator(".page-header .badge--submitted")).to_be_visible()

    # The mentor asks for a revision.
    mentor = browser.new_page()
    sign_in_page(mentor, base, "mentor@demo.kotacerdas.id")
    mentor.goto(overview)
    _apply_move(mentor, "revision_requested", "Tambahkan indikator capaian pada visi.")
    expect(mentor.locator(".page-header .badge--revision_requested")).to_be_visible()
    mentor.close()

    # The approver resubmits; the second submission freezes version 2.
    page.goto(overview)
    expect(page.locator(".page-header .badge--revision_requested")).to_be_visible()
    _apply_move(page, "submitted")
    expect(page.locator(".page-header .badge--submitted")).to_be_visible()
    masterplan.refresh_from_db()
    assert (masterplan.status, masterplan.versions.count()) == ("submitted", 2)
