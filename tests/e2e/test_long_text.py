"""A 12,000-character word once made a masterplan page 113,731 px wide (issue 16 §4). Long words and URLs now
wrap inside their box: the page stays as wide as the screen, on a phone and on a laptop."""

import pytest
from playwright.sync_api import Browser, expect

from kotacerdas.accounts.models import User
from kotacerdas.masterplans.models import Masterplan, Section
from tests.factories import MasterplanCommentFactory
from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e

LONG_WORD = "Pemalang" * 1500  # 12,000 characters without a space
LONG_URL = (
    "https://data.pemalangkab.go.id/" + "laporan-kinerja-dinas-komunikasi-dan-informatika-" * 8 + "2024.pdf"
)


@pytest.mark.parametrize("width", [390, 1280])
def test_twelve_thousand_character_word_stays_within_the_viewport(demo_site, browser: Browser, width):
    masterplan = Masterplan.objects.get(participation__region__code="33.27")
    mentor = User.objects.get(email="mentor@demo.kotacerdas.id")
    # Stored before the limit existed (a comment now holds at most 4,000 characters): the page must still cope.
    MasterplanCommentFactory(masterplan=masterplan, author=mentor, part="vision", body=LONG_WORD)
    Section.objects.filter(masterplan=masterplan, key="vision").update(body=f"Lihat {LONG_URL} untuk data.")
    page = browser.new_page(viewport={"width": width, "height": 844})
    sign_in_page(page, demo_site.url, mentor.email)

    page.goto(f"{demo_site.url}/masterplans/{masterplan.pk}/part/vision/")

    expect(page.locator("#comments .comment").filter(has_text=LONG_WORD[:40])).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    comment_box = page.locator("#comments .comment").filter(has_text=LONG_WORD[:40]).bounding_box()
    assert comment_box["x"] >= 0 and comment_box["x"] + comment_box["width"] <= width
    page.close()
