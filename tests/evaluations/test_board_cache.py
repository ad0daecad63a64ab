"""The scoring board is rendered once per state of the event's sheets by the whole deployment and shared by the
secretariat (kotacerdas/evaluations/board.py on core.cache.render_once)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from kotacerdas.evaluations.models import ScoreSheet
from tests.evaluations.test_scoring import board_url
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_on(settings):
    settings.SCORING_BOARD_CACHE_SECONDS = 60


def refresh(client, data) -> str:
    return client.get(board_url(data), headers={"HX-Request": "true"}).content.decode()


def reopen_a_sheet(client, data, capture) -> None:
    sheet = ScoreSheet.objects.filter(
        session=data["pemalang"], evaluator=data["evaluator"], rubric=data["event"].masterplan_rubric
    ).first()
    with capture(execute=True):  # the board moves on once the reopening is committed
        client.post(reverse("evaluations:sheet_reopen", args=[sheet.pk]), {"note": "Salah input."})


def test_the_board_is_shared_until_a_sheet_changes(
    demo_event, en, board_on, django_capture_on_commit_callbacks
):
    """A second look costs no computation, and a reopened sheet shows at once."""
    en.force_login(demo_event["sekretariat"])
    first_queries = count_queries(en, board_url(demo_event))
    second_queries = count_queries(en, board_url(demo_event))
    reopen_a_sheet(en, demo_event, django_capture_on_commit_callbacks)

    after = refresh(en, demo_event)

    assert second_queries < first_queries - 5
    assert "59 / 72" in after  # was 60 / 72 before the reopening
    # Another language is another fragment.
    en.cookies["django_language"] = "id"
    assert "lembar dikirim" in en.get(board_url(demo_event)).content.decode()


def test_the_refresh_is_left_to_the_proxy_to_compress(demo_event, en, board_on):
    en.force_login(demo_event["sekretariat"])

    polled = en.get(board_url(demo_event), headers={"HX-Request": "true", "Accept-Encoding": "gzip"})

    assert "Content-Encoding" not in polled and "60 / 72" in polled.content.decode()


def test_while_one_process_renders_a_new_state_the_others_show_the_last_board(
    demo_event, en, board_on, django_capture_on_commit_callbacks
):
    en.force_login(demo_event["sekretariat"])
    before = refresh(en, demo_event)
    reopen_a_sheet(en, demo_event, django_capture_on_commit_callbacks)
    lock = f"scoring-board:{demo_event['event'].pk}:en:render"
    cache.add(lock, 1, 30)  # another process renders the new state

    meanwhile = refresh(en, demo_event)
    cache.delete(lock)  # its render is done
    after = refresh(en, demo_event)

    assert "60 / 72" in before and meanwhile == before
    assert "59 / 72" in after


def test_an_expired_board_is_rendered_again_by_one_process_while_the_others_show_it(
    demo_event, en, board_on, monkeypatch
):
    """Past its lifetime (a change the version does not see, such as a panel's) one process renders the board
    again; the others are not all rendering it at once (what made a poll take seconds under load)."""
    from kotacerdas.core import cache as kept
    from kotacerdas.evaluations import board

    en.force_login(demo_event["sekretariat"])
    first = refresh(en, demo_event)
    real = kept.time.time
    monkeypatch.setattr(kept.time, "time", lambda: real() + 61)
    cache.add(f"scoring-board:{demo_event['event'].pk}:en:render", 1, 30)  # another process renders it
    monkeypatch.setattr(board, "board_context", lambda event: pytest.fail("rendered by a second process"))

    assert refresh(en, demo_event) == first
