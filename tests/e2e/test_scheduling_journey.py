import re
import threading

import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.scheduling.demo import load_demo_scheduling
from kotacerdas.scheduling.models import ProposalStatus
from kotacerdas.scheduling.tasks import run_proposal
from tests.factories import ScheduleProposalFactory
from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e


def _run_in_background(proposal_id: int) -> threading.Thread:
    """The worker's part: solve while the page polls, as `db_worker` would."""

    def work():
        try:
            run_proposal.call(proposal_id)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_secretariat_proposes_follows_progress_and_applies(demo_site, page: Page, tmp_path):
    base = demo_site.url
    load_demo_event()
    event = load_demo_scheduling()
    sign_in_page(page, base, "sekretariat@demo.kotacerdas.id")

    # From the event page to the scheduling page: no obstacle, 40 regions to place.
    page.goto(f"{base}/evaluations/{event.pk}/")
    page.locator(f"a[href='/scheduling/events/{event.pk}/']").first.click()
    expect(page.locator("#checks .message--success")).to_be_visible()
    expect(page.locator(".stat__value").first).to_have_text("40")
    page.screenshot(path=str(tmp_path / "scheduling.png"), full_page=True)

    # A queued proposal: the page polls it, shows the solver's progress, and reloads itself with the difference.
    proposal = ScheduleProposalFactory(event=event, time_limit=10)
    page.goto(f"{base}/scheduling/proposals/{proposal.pk}/")
    expect(page.locator("#progress")).to_have_attribute("hx-trigger", "every 1s")
    expect(page.locator("#proposal-status")).to_have_text(str(ProposalStatus.QUEUED.label))
    worker = _run_in_background(proposal.pk)
    expect(page.locator("#count-added")).to_have_text("40", timeout=30_000)
    worker.join()
    expect(page.locator("#solutions-found")).not_to_have_text("0")
    assert page.locator("#change-list tbody tr").count() == 40
    page.screenshot(path=str(tmp_path / "proposal.png"), full_page=True)

    # Applied: the event's schedule now holds every region.
    page.locator("#apply").click()
    expect(page.locator("#confirm-consequences")).to_contain_text("40")
    page.locator("#confirm-yes").click()
    expect(page).to_have_url(re.compile(rf"/evaluations/{event.pk}/$"))
    expect(page.locator(".message--success")).to_be_visible()
    assert event.sessions.count() == 40
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPLIED

    # "Propose schedule" again: nothing needs to change, and the page says so.
    page.goto(f"{base}/scheduling/events/{event.pk}/")
    page.locator("#propose").click()
    expect(page.locator("#count-added")).to_have_text("0")
    expect(page.locator("#count-moved")).to_have_text("0")
