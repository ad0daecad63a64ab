"""A decision that cannot be taken back asks first, with its consequences in numbers, and works without
JavaScript: the secretariat presses "Terbitkan hasil", reads that 12 score sheets have not been sent, goes back
("Batal"), then publishes ("Ya, terbitkan hasil"). At 390 px the page fits the screen.

Screenshots go to ``KOTACERDAS_SCREENSHOTS`` when set (docs/screenshots/confirmation.png is made that way)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.evaluations.models import EvaluationEvent
from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _inside(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def _shoot(page: Page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("KOTACERDAS_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(folder / name), full_page=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_publishing_results_asks_first_without_javascript(demo_site, browser: Browser, tmp_path, viewport):
    base = demo_site.url
    event = load_demo_event()
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    sign_in_page(page, base, "sekretariat@demo.kotacerdas.id")

    page.goto(f"{base}/evaluations/{event.pk}/results/")
    page.locator("form[action$='/results/publish/'] button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(f"Terbitkan hasil {event.name}?")
    expect(page.locator(".confirm__warnings")).to_contain_text("12 lembar nilai belum dikirim")
    expect(page.locator("#confirm-consequences li")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert _inside(page, "#confirm-yes") and _inside(page, "#confirm-cancel")
    _shoot(page, tmp_path, "confirmation.png" if viewport == DESKTOP else "confirmation-phone.png")
    page.locator("#confirm-cancel").click()
    expect(page).to_have_url(re.compile(rf"/evaluations/{event.pk}/#results$"))
    assert EvaluationEvent.objects.get(pk=event.pk).results_published_at is None

    page.goto(f"{base}/evaluations/{event.pk}/results/publish/")
    page.locator("#confirm-yes").click()

    expect(page.locator("#results .badge--published")).to_be_visible()
    assert EvaluationEvent.objects.get(pk=event.pk).results_published_at is not None
    context.close()
