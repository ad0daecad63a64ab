"""axe-core (through axe-playwright-python) finds no WCAG 2.1 A/AA violation on the public pages: labels,
landmarks, contrast, names of links and buttons, language, headings. The structural checks in
tests/portal/test_public.py run without a browser; these need the rendered page (contrast, focusable names)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page

from kotacerdas.monitoring.demo_progress import approve_demo_masterplan, load_demo_progress

pytestmark = pytest.mark.e2e

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def public_pages(demo_site):
    from kotacerdas.masterplans.models import Masterplan
    from kotacerdas.news.demo import load_demo_news
    from kotacerdas.news.services import delivered_quick_wins

    approve_demo_masterplan()
    load_demo_progress()
    load_demo_news()
    plan = Masterplan.objects.get(participation__region__code="33.27", status="published")
    quick_win = delivered_quick_wins().filter(masterplan=plan).order_by("pk").first()
    return demo_site.url, [
        reverse("portal:home"),
        reverse("portal:region_directory"),
        reverse("portal:region_detail", args=["33.27"]),
        reverse("portal:masterplan", args=["33.27", plan.pk]),
        reverse("portal:quick_wins"),
        reverse("news:post_list"),
        reverse("news:post_detail", args=["kanal-pengaduan-warga-pemalang-terintegrasi"]),
        reverse("news:quick_win_feedback", args=[quick_win.pk]),
        reverse("portal:national_dashboard"),
        reverse("portal:region_dashboard", args=["33.27"]),
        reverse("portal:compare") + "?r=33.27&r=33.75",
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_public_pages_have_no_wcag_violations(public_pages, page: Page, width):
    base, paths = public_pages
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    found = {}

    for path in paths:
        page.goto(base + path)
        violations = axe.run(page, options=WCAG).response["violations"]
        found[path] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]

    assert {path: v for path, v in found.items() if v} == {}
