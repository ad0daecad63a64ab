import re

import pytest
from playwright.sync_api import Page, expect

from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e


def test_pemalang_editor_sees_participation_and_switches_language(demo_site, page: Page):
    base = demo_site.url

    sign_in_page(page, base, "editor.pemalang@demo.kotacerdas.id")

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Kabupaten Pemalang · Angkatan 2018")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Kota Pekalongan")

    page.get_by_role("link", name="Kabupaten Pemalang · Angkatan 2018").click()

    expect(page.locator("h1")).to_have_text("Kabupaten Pemalang")
    expect(page.locator("main")).to_contain_text("12–13 Desember 2018")
    expect(page.locator("main")).to_contain_text("Evaluasi masterplan dan quick win")
    expect(page.locator("main")).to_contain_text("Rabu, 20 Juni 2018")

    page.locator("header button[value=en]").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Kabupaten Pemalang")
    expect(page.locator("main")).to_contain_text("12–13 December 2018")
    expect(page.locator("main")).to_contain_text("Stages of the year")


def test_wrong_password_shows_error_in_indonesian(demo_site, page: Page):
    base = demo_site.url
    page.goto(f"{base}/accounts/login/")

    page.fill("#id_username", "editor.pemalang@demo.kotacerdas.id")
    page.fill("#id_password", "salah-sandi")
    page.click("main form button[type=submit]")

    expect(page.locator("main [role=alert]")).to_contain_text("alamat email")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_region_directory_search_updates_results_live(demo_site, page: Page):
    page.goto(f"{demo_site.url}/regions/")

    page.fill("#q", "Pemalang")

    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("33.27")
