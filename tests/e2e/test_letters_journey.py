"""The secretariat's letters, in a browser: the invitations to the 2018 evaluation for the demo event are prepared
as a batch, the progress runs to the end, all drafts are finalised (asked first: numbers are taken for good),
Kabupaten Pemalang's PDF names its session (Kamis, 13 Desember 2018, 14.45–15.30 WIB, Nusantara A), the signed
scan is uploaded, and the letter shows as signed, in Indonesian. The letters' pages have no WCAG 2.1 A/AA
violation and fit a 390 px screen.

Screenshots go to ``KOTACERDAS_SCREENSHOTS`` when set."""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.letters.models import BatchAction, Letter, LetterBatch, LetterKind, LetterStatus
from kotacerdas.letters.seed import load_letter_templates
from tests.utils import pdf_text, sign_in_page

pytestmark = pytest.mark.e2e

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 390, "height": 844}


def _shoot(page: Page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("KOTACERDAS_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(folder / name), full_page=True)


def _violations(page: Page) -> list:
    return [(v["id"], v["nodes"][0]["target"]) for v in Axe().run(page, options=WCAG).response["violations"]]


def test_evaluation_invitations_prepared_finalised_downloaded_and_signed(
    demo_site, page: Page, browser: Browser, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = demo_site.url
    event = load_demo_event()
    load_letter_templates()
    sessions = event.sessions.count()
    sign_in_page(page, base, "sekretariat@demo.kotacerdas.id")

    # The batch form, reached with the event chosen; the kind and the letter date are picked.
    page.goto(f"{base}/letters/batches/new/?event={event.pk}")
    page.select_option("#id_kind", LetterKind.EVALUATION_INVITATION.value)
    expect(page.locator("#id_subject")).to_have_value(f"event:{event.pk}")
    page.fill("#id_letter_date", "2018-12-03")
    page.click("#prepare")

    # The batch page: its progress runs to the end, then the drafts are listed.
    expect(page).to_have_url(re.compile(r"/letters/batches/\d+/$"))
    expect(page.locator("#batch-progress .badge--done")).to_be_visible(timeout=60_000)
    expect(page.locator("main table tbody tr")).to_have_count(sessions)
    prepared = LetterBatch.objects.get(action=BatchAction.PREPARE)
    assert Letter.objects.filter(batch=prepared, status=LetterStatus.DRAFT).count() == sessions

    # Finalise all drafts: the confirmation says numbers are taken for good.
    page.click("#finalise-all")
    expect(page.locator("#confirm-consequences")).to_contain_text("tidak pernah dapat dipakai ulang")
    page.click("#confirm-yes")
    expect(page.locator("#batch-progress .badge--done")).to_be_visible(timeout=60_000)
    assert set(
        Letter.objects.filter(kind=LetterKind.EVALUATION_INVITATION).values_list("status", flat=True)
    ) == {LetterStatus.FINALISED}

    # Kabupaten Pemalang's letter: its frozen PDF names the session.
    page.locator("main table tbody tr", has_text="Kabupaten Pemalang").get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("/2018")
    with page.expect_download() as download:
        page.click("#download-pdf")
    text = pdf_text(Path(download.value.path()).read_bytes(), tmp_path)
    for expected in ("Kamis, 13 Desember 2018", "14.45–15.30 WIB", "Nusantara A", "Kabupaten Pemalang"):
        assert expected in text, expected
    assert "DRAF" not in text

    # The signed scan is uploaded; the letter is signed.
    page.click("#sign")
    page.set_input_files(
        "#id_scan", files=[{"name": "ttd.pdf", "mimeType": "application/pdf", "buffer": SCAN}]
    )
    page.locator("main form button[type=submit]").first.click()
    with translation.override("id"):
        signed_label = str(LetterStatus.SIGNED.label)
    assert signed_label != "Signed"  # shown in Indonesian
    expect(page.locator(".page-header .badge")).to_have_text(signed_label)
    expect(page.locator("#download-signed")).to_be_visible()
    letter = Letter.objects.get(kind=LetterKind.EVALUATION_INVITATION, region__name="Kabupaten Pemalang")
    assert letter.status == LetterStatus.SIGNED
    with letter.signed_scan.open("rb") as handle:
        assert handle.read() == SCAN

    # The pages of the journey: no WCAG violation at 1280 px; at 390 px nothing is wider than the screen.
    pages = {
        "letters-home": f"{base}/letters/",
        "letters-batch": f"{base}/letters/batches/{prepared.pk}/",
        "letters-letter": f"{base}/letters/{letter.pk}/",
    }
    found = {}
    for name, address in pages.items():
        page.goto(address)
        found[name] = _violations(page)
        _shoot(page, tmp_path, f"{name}-1280.png")
    assert {name: v for name, v in found.items() if v} == {}
    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in_page(phone, base, "sekretariat@demo.kotacerdas.id")
    for name, address in pages.items():
        phone.goto(address)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        _shoot(phone, tmp_path, f"{name}-390.png")
    phone.context.close()
