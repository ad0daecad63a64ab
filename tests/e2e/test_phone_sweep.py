"""Every page on a 390 px phone: nothing sideways, nothing to press off-screen.

The sweep visits every GET page of the URL matrix (tests/portal/test_url_matrix.py: the same URL list and the
same two-region world, plus a value awaiting the mentor's verification and a long comment) for EVERY role that
gets a 200 HTML page, in headless Chromium at 390 × 844 px, Indonesian interface. On each it asserts that

- the document is no wider than the viewport (``document.documentElement.scrollWidth <= 390``), and
- every visible button, submit input and link in ``<main>`` (its forms' and any other) lies within 0–390 px
  horizontally, before any scrolling: a button that can only be reached by scrolling a table sideways counts as
  off-screen.

Downloads (XLSX, CSV, PDF), JSON and text answers are left out: they have no layout. All pages are visited in
one test, so the world is built once: 310 role × page pairs in 50–110 s on a busy two-core machine, on SQLite and
on PostgreSQL alike (the whole file: 2–3 minutes), so no role is left out.

The other tests check the site menu: on a phone it is one "Menu" button that opens with the keyboard and
without JavaScript, and shows every entry inside the screen; on a laptop every entry shows in one row.
"""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, expect

from tests.factories import IndicatorValueFactory, MasterplanCommentFactory, UserFactory
from tests.portal.conftest import matrix_world, world  # noqa: F401 (the URL matrix's world, reused)
from tests.portal.test_url_matrix import EXPECTED, ROLES

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
LONG_URL = (
    "https://data.example.go.id/" + "laporan-kinerja-dinas-komunikasi-dan-informatika-" * 6 + "2024.pdf"
)

# Run in the page: the document's width, and every button or link in main that lies outside the viewport.
MEASURE = """(width) => {
  const off = [];
  const controls = 'button, input[type=submit], input[type=button], input[type=reset], input[type=image], a[href]';
  for (const el of document.querySelectorAll('main :is(' + controls + ')')) {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: false})) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden helpers
    if (box.left < 0 || box.right > width + 0.5) {
      const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.outerHTML).trim();
      off.push(text.slice(0, 40) + ' @' + Math.round(box.left) + '..' + Math.round(box.right));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, off: off};
}"""


@pytest.fixture
def phone_world(matrix_world):  # noqa: F811 (the imported fixture)
    """The URL matrix's world, with what phones got wrong: a value for the mentor to verify, a long comment."""
    IndicatorValueFactory(
        tracked=matrix_world.tracked_a,
        year=2021,
        value=2150,
        source="Laporan Dinas Kominfo " + "Kabupaten Alfa " * 3,
        evidence_url=LONG_URL,
        reported_by=matrix_world.editor_a,
    )
    MasterplanCommentFactory(
        masterplan=matrix_world.mp,
        part="programmes",
        author=matrix_world.mentor_a,
        body="Lihat " + LONG_URL + " dan " + "sangat" * 40,
    )
    return matrix_world


def _log_in(browser: Browser, live_server, user, viewport: dict, **options):
    """A browser context signed in as ``user`` (None: a visitor), through a session made by the test client."""
    context = browser.new_context(viewport=viewport, locale="id-ID", **options)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def _html_pages(the_world) -> list[tuple[str, str]]:
    """(role, path) for every role that gets an HTML page with 200 from the URL matrix."""
    client = Client()
    pages = []
    for name, (args_for, expected) in sorted(EXPECTED.items()):
        roles = [role for role, answer in zip(ROLES, expected, strict=True) if answer == 200]
        if not roles:
            continue
        path = reverse(name, args=args_for(the_world))
        client.logout()
        if roles[0] != "anonymous":
            client.force_login(getattr(the_world, roles[0]))
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.extend((role, path) for role in roles)
    return pages


def test_every_page_fits_a_phone_for_every_role(phone_world, live_server, browser: Browser):
    pages = _html_pages(phone_world)
    started = time.monotonic()
    problems, checked = [], 0

    for role in ROLES:
        paths = [path for page_role, path in pages if page_role == role]
        user = None if role == "anonymous" else getattr(phone_world, role)
        context = _log_in(browser, live_server, user, PHONE)
        page = context.new_page()
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{role} {path}: {response.status}"
            found = page.evaluate(MEASURE, PHONE["width"])
            checked += 1
            if found["scrollWidth"] > PHONE["width"] or found["off"]:
                problems.append(f"{role} {path}: width {found['scrollWidth']}, off-screen {found['off']}")
        context.close()
    print(f"phone sweep: {checked} pages in {time.monotonic() - started:.1f} s")  # noqa: T201

    assert problems == [], "\n".join(problems)
    assert checked == len(pages) > 250  # every role's pages were visited (a shrinking list shows here)


@pytest.mark.parametrize(
    ("flags", "last_entry"),
    [({"is_secretariat": True}, "Jejak audit"), ({"is_evaluator": True}, "Sesi saya")],
)
def test_the_phone_menu_opens_from_the_keyboard_without_javascript(
    live_server, browser: Browser, flags, last_entry
):
    context = _log_in(browser, live_server, UserFactory(**flags), PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("portal:home"))
    links = page.locator("nav.main-nav a")
    expect(links.first).to_be_hidden()

    for _ in range(3):  # the skip link, the brand, then the menu button
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")

    assert focused == "Menu"
    expect(links.last).to_have_text(last_entry)
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] for box in boxes)
    assert all(box["y"] + box["height"] <= PHONE["height"] for box in boxes)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav.main-nav') !== null")
    context.close()


def test_the_laptop_menu_shows_every_entry_in_one_row(live_server, browser: Browser):
    context = _log_in(browser, live_server, UserFactory(is_secretariat=True), LAPTOP)
    page = context.new_page()

    page.goto(live_server.url + reverse("portal:home"))

    links = page.locator("nav.main-nav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert (links.count(), len(tops)) == (14, 1)
    expect(page.locator(".nav-menu > summary")).to_be_hidden()
    context.close()


def test_the_sweep_sees_a_wide_page_and_a_button_off_screen(browser: Browser):
    page = browser.new_page(viewport=PHONE)
    page.set_content(
        "<main><form><button>Visible</button><table><tr><td><div style='width: 500px'>wide</div></td>"
        "<td><button>Verifikasi</button></td></tr></table></form></main>"
    )

    found = page.evaluate(MEASURE, PHONE["width"])

    assert found["scrollWidth"] > PHONE["width"]
    assert [text.split(" @")[0] for text in found["off"]] == ["Verifikasi"]
    page.close()
