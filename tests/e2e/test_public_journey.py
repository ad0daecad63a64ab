"""A visitor without an account finds Pemalang from the home page, reads its quick wins and their delivery,
and rates a delivered one; the feedback appears once the secretariat approves it in the moderation queue."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from kotacerdas.monitoring.demo_progress import approve_demo_masterplan, load_demo_progress
from kotacerdas.programmes.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

FEEDBACK = "Sekarang aduan saya dijawab dalam dua hari. <script>alert(1)</script>"


@pytest.fixture
def public_site(demo_site, settings):
    """The demo with Pemalang's masterplan published and its programmes' progress reported; the news forms'
    minimum fill-in time off (a robot check a test would otherwise sit out)."""
    approve_demo_masterplan()
    load_demo_progress()
    settings.NEWS_MIN_SECONDS = 0
    return demo_site


def test_visitor_finds_pemalang_reads_its_quick_wins_and_rates_one(public_site, page: Page, browser: Browser):
    base = public_site.url

    # The home page: the movement in figures, then a search for the region.
    page.goto(f"{base}/")
    expect(page.locator("h1")).to_have_text("Gerakan Menuju Smart City")
    expect(page.locator("main svg.map circle[data-region='33.27']")).to_have_count(1)
    page.fill("#home-q", "Pemalang")
    page.press("#home-q", "Enter")

    expect(page).to_have_url(re.compile(r"/regions/\?q=Pemalang$"))
    expect(page.locator("#results tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Kabupaten Pemalang", exact=True).click()

    # The region page: the published masterplan's vision and the four quick wins with their delivery.
    expect(page).to_have_url(re.compile(r"/regions/33\.27/$"))
    expect(page.locator("h1")).to_have_text("Kabupaten Pemalang")
    expect(page.locator("#masterplan")).to_contain_text("Pemalang cerdas, melayani, dan berdaya saing")
    quick_wins = page.locator("#quick-wins article")
    expect(quick_wins).to_have_count(4)
    expect(page.locator("#quick-wins")).to_contain_text("Layanan administrasi kependudukan daring")
    channel = quick_wins.filter(has_text="Kanal pengaduan warga terintegrasi")
    expect(channel.locator(".badge--on_time")).to_have_count(1)
    expect(channel).to_contain_text("25 April 2019")

    # The visitor rates the complaints channel.
    channel.locator("a[href*='/news/quick-wins/']").click()
    expect(page.locator("h1")).to_have_text("Kanal pengaduan warga terintegrasi")
    page.fill("#id_name", "Warga Comal")
    page.fill("#id_email", "warga.comal@example.test")
    page.locator("input[name=rating][value='5']").check()
    page.fill("#id_text", FEEDBACK)
    page.locator("#rate button[type=submit]").click()

    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Sekarang aduan saya dijawab")
    feedback_url = page.url.split("#")[0]

    # The secretariat approves it in the moderation queue.
    staff = browser.new_context(base_url=base).new_page()
    staff.goto(f"{base}/accounts/login/")
    staff.fill("#id_username", "sekretariat@demo.kotacerdas.id")
    staff.fill("#id_password", DEMO_PASSWORD)
    staff.click("main form button[type=submit]")
    expect(staff).to_have_url(re.compile(r"/dashboard/$"))
    staff.goto(f"{base}/news/moderation/?kind=feedback")
    item = staff.locator(".moderation__item", has_text="Warga Comal")
    expect(item).to_contain_text("warga.comal@example.test")
    item.locator("button[name=one][value$=':approved']").click()
    expect(staff.locator(".moderation__item", has_text="Warga Comal")).to_have_count(0)

    # Back on the public page the feedback shows, as text, without the e-mail address.
    page.goto(feedback_url)
    said = page.locator(".comment-list")
    expect(said).to_contain_text("Warga Comal")
    expect(said).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("main")).not_to_contain_text("warga.comal@example.test")
