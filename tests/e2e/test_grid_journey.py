"""The schedule grid in a browser: drag a session (saved), drag one where a rule forbids it (refused, nothing
moves), pin it, complete the schedule around the pin and apply; and the same grid as a list per room on a phone."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from playwright.sync_api import Browser, Page, expect

from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.evaluations.models import Session
from kotacerdas.scheduling import grid as grids
from kotacerdas.scheduling import moves, services
from kotacerdas.scheduling.demo import load_demo_scheduling
from kotacerdas.scheduling.models import ProposalMode, ScheduleProposal
from tests.utils import demo_users, sign_in_page

pytestmark = pytest.mark.e2e


class _Undo(Exception):
    pass


def _outcome(event, session, day, cell, by) -> str:
    """Whether moving ``session`` to ``cell`` would be saved ("" ) or refused (its first message); nothing stays."""
    try:
        with transaction.atomic():
            moves.move_session(
                event,
                session.pk,
                day=day,
                room=event.rooms.get(pk=cell.room_id),
                starts=cell.starts,
                token=grids.schedule_token(event),
                by=by,
            )
            raise _Undo
    except _Undo:
        return ""
    except ValidationError as exc:
        return exc.messages[0]


def _scheduled_event():
    """The demo 2026 event with its first proposal applied."""
    load_demo_event()
    event = load_demo_scheduling()
    by = demo_users()["sekretariat"]
    proposal = services.request_proposal(event, by=by)
    proposal.refresh_from_db()
    services.apply_proposal(proposal, by=by)
    return event


def _find_move(event, *, legal: bool):
    """A move of a session to a free slot that the rules allow (``legal``) or refuse: (session, day, cell, refusal)."""
    by = demo_users()["sekretariat"]
    drawn = grids.schedule_grid(event)
    free = [
        (d.day, cell)
        for d in drawn.days
        for row in d.rows
        if not row.break_label
        for cell in row.cells
        if not cell.cards
    ]
    for session in event.sessions.select_related("participation__region").order_by(
        "day__date", "starts", "pk"
    ):
        for day, cell in free:
            refusal = _outcome(event, session, day, cell, by)
            if bool(refusal) != legal:
                return session, day, cell, refusal
    raise AssertionError(f"the demo schedule has no {'legal' if legal else 'refused'} move to a free slot")


def _cell(page: Page, day, cell):
    return page.locator(f"[data-cell='{day.pk}|{cell.room_id}|{cell.starts:%H:%M}']")


def test_secretariat_drags_sees_a_refusal_pins_completes_and_applies(demo_site, page: Page):
    base = demo_site.url
    event = _scheduled_event()
    moved, day, target, _none = _find_move(event, legal=True)
    sign_in_page(page, base, "sekretariat@demo.kotacerdas.id")
    page.set_viewport_size({"width": 1366, "height": 900})

    # From the event page to the grid.
    page.goto(f"{base}/evaluations/{event.pk}/")
    page.locator(f".page-header a[href='/scheduling/events/{event.pk}/grid/']").click()
    expect(page.locator("h1")).to_have_text("Kisi jadwal")
    expect(page.locator("table.schedule-grid")).to_have_count(len(event.days.all()))

    # A legal drag: saved, and the grid is drawn again with the session in its new slot.
    page.locator(f"table.schedule-grid [data-session='{moved.pk}']").drag_to(_cell(page, day, target))
    expect(page.locator(".message--success")).to_contain_text(
        f"{moved.participation.region.name} dipindahkan ke"
    )
    expect(_cell(page, day, target).locator(f"[data-session='{moved.pk}']")).to_be_visible()
    moved.refresh_from_db()
    assert (moved.day_id, moved.room_id, moved.starts) == (day.pk, target.room_id, target.starts)

    # A drag a rule forbids: refused, naming the rule; nothing moves.
    other, bad_day, bad_target, refusal = _find_move(event, legal=False)
    before = (other.day_id, other.room_id, other.starts)
    page.locator(f"table.schedule-grid [data-session='{other.pk}']").drag_to(_cell(page, bad_day, bad_target))
    expect(page.locator(".message--error")).to_contain_text(refusal)
    other.refresh_from_db()
    assert (other.day_id, other.room_id, other.starts) == before

    # Pin the moved session from its "Move to…" page; the grid shows the marker.
    page.locator(f"table.schedule-grid [data-session='{moved.pk}'] a", has_text="Pindahkan ke…").click()
    page.get_by_role("button", name="Sematkan di sini").click()
    expect(page.locator(".message--success")).to_contain_text("disematkan")
    expect(page.locator(f"table.schedule-grid [data-session='{moved.pk}'] .marker--pinned")).to_be_visible()

    # Complete the schedule: a proposal on the grid that keeps the pin; apply it.
    page.locator("#complete").click()
    expect(page).to_have_url(re.compile(r"/scheduling/proposals/\d+/$"))
    expect(page.locator("#verdict")).to_be_visible()
    expect(page.locator("#count-moved")).to_have_text("0")
    assert page.locator("table.schedule-grid").count() == len(event.days.all())
    proposal = ScheduleProposal.objects.latest("created_at")
    assert proposal.mode == ProposalMode.COMPLETE
    page.locator("#apply").click()
    page.locator("#confirm-yes").click()
    expect(page).to_have_url(re.compile(rf"/evaluations/{event.pk}/$"))
    moved = Session.objects.get(pk=moved.pk)
    assert (moved.day_id, moved.room_id, moved.starts, moved.is_pinned) == (
        day.pk,
        target.room_id,
        target.starts,
        True,
    )


def test_the_grid_is_a_list_per_room_on_a_phone(demo_site, browser: Browser):
    event = _scheduled_event()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in_page(page, demo_site.url, "sekretariat@demo.kotacerdas.id")

    page.goto(f"{demo_site.url}/scheduling/events/{event.pk}/grid/")

    expect(page.locator("table.schedule-grid").first).to_be_hidden()
    lists = page.locator(".schedule-list")
    expect(lists.first).to_be_visible()
    rooms = [r.name for r in event.rooms.all()]
    expect(lists.first.locator("h3")).to_have_text(rooms)
    # Every session is in a list with its time, region and panel; each has its "Move to…" link.
    assert page.locator(".schedule-list .session-card").count() == event.sessions.count()
    first = (
        event.sessions.order_by("day__date", "room__order", "starts")
        .select_related("participation__region")
        .first()
    )
    card = lists.first.locator(".session-card").first
    expect(card).to_contain_text(first.participation.region.name)
    expect(card).to_contain_text(f"{first.starts:%H.%M}–{first.ends:%H.%M}")
    expect(card.get_by_role("link", name="Pindahkan ke…")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
