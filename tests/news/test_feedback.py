"""Residents' feedback on quick wins: the public page and form, and the region's own page (its team and the
secretariat only)."""

from decimal import Decimal

import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from kotacerdas.news.models import ModerationStatus, QuickWinFeedback
from tests.factories import QuickWinFeedbackFactory

pytestmark = pytest.mark.django_db

S = ModerationStatus


def _page(programme):
    return reverse("news:quick_win_feedback", args=[programme.pk])


def _rate(programme):
    return reverse("news:feedback_add", args=[programme.pk])


def _region(region):
    return reverse("news:region_feedback", args=[region.code])


@pytest.fixture
def rated(news_world):
    """Feedback in every state on region A's delivered quick win, and on region B's (unpublished) one."""
    w = news_world
    for rating, status in [
        (5, S.APPROVED),
        (4, S.APPROVED),
        (2, S.APPROVED),
        (1, S.PENDING),
        (1, S.SPAM),
        (3, S.REJECTED),
    ]:
        QuickWinFeedbackFactory(
            programme=w.quick_win_a,
            rating=rating,
            status=status,
            name=f"Warga {status} {rating}",
            email=f"{status}{rating}@rahasia.example",
            text=f"Alasan {status} {rating}",
        )
    QuickWinFeedbackFactory(programme=w.quick_win_b, rating=5, status=S.APPROVED, text="Alasan rahasia Beta")
    return w


# --- the public page -------------------------------------------------------------------------------------


def test_quick_win_page_shows_approved_feedback_and_its_figures_only(client, rated):
    response = client.get(_page(rated.quick_win_a))

    content = response.content.decode()
    feedback = response.context["feedback"]
    assert response.status_code == 200
    assert (feedback.count, feedback.mean, feedback.distribution) == (
        3,
        Decimal("3.7"),
        {5: 1, 4: 1, 3: 0, 2: 1, 1: 0},
    )
    assert [f.text for f in response.context["page"]] == [
        "Alasan approved 2",
        "Alasan approved 4",
        "Alasan approved 5",
    ]
    for hidden in [
        "Alasan pending 1",
        "Alasan spam 1",
        "Alasan rejected 3",
        "Alasan rahasia Beta",
        "@rahasia.example",
    ]:
        assert hidden not in content
    assert response.context["form"] is not None


def test_quick_win_page_of_an_open_quick_win_shows_no_form(client, news_world):
    response = client.get(_page(news_world.open_quick_win_a))

    assert response.status_code == 200
    assert response.context["form"] is None
    assert 'action="/news/quick-wins/' not in response.content.decode()


@pytest.mark.parametrize("which", ["quick_win_b", "programme_a"])
def test_quick_win_page_of_an_unpublished_masterplan_or_of_a_plain_programme_is_not_found(
    client, news_world, which
):
    assert client.get(_page(getattr(news_world, which))).status_code == 404


def test_quick_win_page_is_not_found_for_an_applicant_region(client, news_world):
    participation = news_world.masterplan_a.participation
    participation.status = "shortlisted"
    participation.save()

    assert client.get(_page(news_world.quick_win_a)).status_code == 404


def test_feedback_is_stored_pending_and_shown_only_after_approval(en_client, news_world, feedback_data):
    w = news_world

    response = en_client.post(_rate(w.quick_win_a), feedback_data())
    page = en_client.get(_page(w.quick_win_a))

    feedback = QuickWinFeedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _page(w.quick_win_a) + "#rate"
    assert (feedback.programme, feedback.rating, feedback.name, feedback.email, feedback.status) == (
        w.quick_win_a,
        4,
        "Agus",
        "agus@example.test",
        S.PENDING,
    )
    assert "Pengaduan saya dijawab dalam dua hari." not in page.content.decode()
    assert "Thank you. Your feedback will appear after moderation." in page.content.decode()
    assert page.context["feedback"].count == 0


@pytest.mark.parametrize("which", ["open_quick_win_a", "quick_win_b", "programme_a"])
def test_feedback_on_what_cannot_be_rated_is_not_found(client, news_world, feedback_data, which):
    response = client.post(_rate(getattr(news_world, which)), feedback_data())

    assert response.status_code == 404
    assert QuickWinFeedback.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"rating": "6"}, "rating", "Select a valid choice. 6 is not one of the available choices."),
        ({"rating": ""}, "rating", "This field is required."),
        ({"text": "Bagus"}, "text", "Please write a little more."),
        ({"email": ""}, "email", "This field is required."),
        (
            {"text": "Lihat https://a.example http://b.example https://c.example"},
            "text",
            "At most 2 links, please.",
        ),
    ],
)
def test_feedback_with_bad_input_is_refused(en_client, news_world, feedback_data, changes, field, error):
    response = en_client.post(_rate(news_world.quick_win_a), feedback_data(**changes))

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [error]
    assert QuickWinFeedback.objects.count() == 0


def test_feedback_honeypot_stores_nothing(client, news_world, feedback_data):
    response = client.post(_rate(news_world.quick_win_a), feedback_data(fax="halo"))

    assert response.status_code == 302
    assert QuickWinFeedback.objects.count() == 0


def test_comments_and_feedback_share_one_allowance_per_client(
    client, news_world, feedback_data, comment_data
):
    w = news_world
    comment_url = reverse("news:comment_add", args=[w.public_post.slug])
    for i in range(2):
        client.post(comment_url, comment_data(text=f"Komentar {i}"))
    third = client.post(_rate(w.quick_win_a), feedback_data())

    fourth = client.post(_rate(w.quick_win_a), feedback_data(text="Satu lagi yang terlalu cepat."))

    assert (third.status_code, fourth.status_code) == (302, 429)
    assert QuickWinFeedback.objects.count() == 1


def test_quick_win_partial_links_to_the_page_and_shows_the_figures(rated):
    from django.template.loader import render_to_string

    from kotacerdas.news.services import feedback_summaries

    w = rated
    summaries = feedback_summaries([w.quick_win_a.pk, w.open_quick_win_a.pk])

    rated_html = render_to_string(
        "news/_quick_win_feedback.html", {"programme": w.quick_win_a, "feedback": summaries[w.quick_win_a.pk]}
    )
    bare_html = render_to_string("news/_quick_win_feedback.html", {"programme": w.open_quick_win_a})

    assert f'href="{_page(w.quick_win_a)}"' in rated_html
    assert "<strong>3,7</strong>" in rated_html
    assert f'href="{_page(w.open_quick_win_a)}"' in bare_html
    assert "<strong>" not in bare_html


# --- the region's page -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [("secretariat", 200), ("editor_a", 200), ("viewer_a", 200), ("editor_b", 404), ("mentor_a", 404)],
)
def test_region_feedback_page_is_for_the_region_team_and_the_secretariat(client, rated, who, expected):
    client.force_login(getattr(rated, who))

    assert client.get(_region(rated.region_a)).status_code == expected


@pytest.mark.parametrize(("who", "linked"), [(None, False), ("editor_b", False), ("editor_a", True)])
def test_region_page_links_to_the_feedback_page_for_those_who_may_see_it(client, rated, who, linked):
    if who:
        client.force_login(getattr(rated, who))

    page = client.get(reverse("portal:region_detail", args=[rated.region_a.code])).content.decode()

    assert (f'href="{_region(rated.region_a)}"' in page) is linked


def test_region_feedback_page_sends_visitors_to_log_in(client, rated):
    response = client.get(_region(rated.region_a))

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url("accounts:login"))


def test_region_feedback_page_of_an_unknown_region_is_not_found(client, rated):
    client.force_login(rated.secretariat)

    assert client.get(reverse("news:region_feedback", args=["99.99"])).status_code == 404


def test_region_feedback_page_shows_approved_feedback_figures_and_pending_counts(client, rated):
    w = rated
    client.force_login(w.editor_a)

    response = client.get(_region(w.region_a))

    content = response.content.decode()
    ((masterplan, rows),) = response.context["masterplans"]
    by_name = {r["quick_win"].name: r for r in rows}
    channel = by_name["Kanal pengaduan Alfa"]
    assert masterplan == w.masterplan_a
    assert set(by_name) == {"Kanal pengaduan Alfa", "Bank sampah Alfa"}
    assert (channel["feedback"].count, channel["feedback"].mean, channel["pending"]) == (3, Decimal("3.7"), 1)
    assert [f.text for f in channel["comments"]] == [
        "Alasan approved 2",
        "Alasan approved 4",
        "Alasan approved 5",
    ]
    assert (by_name["Bank sampah Alfa"]["feedback"].count, by_name["Bank sampah Alfa"]["comments"]) == (0, [])
    assert (response.context["overall"].count, response.context["overall"].mean) == (3, Decimal("3.7"))
    for hidden in [
        "Alasan pending 1",
        "Alasan spam 1",
        "Alasan rejected 3",
        "Alasan rahasia Beta",
        "@rahasia.example",
    ]:
        assert hidden not in content


def test_region_feedback_page_of_region_b_shows_nothing_of_its_unpublished_masterplan(client, rated):
    client.force_login(rated.editor_b)

    response = client.get(_region(rated.region_b))

    assert response.status_code == 200
    assert response.context["masterplans"] == []
    assert "Alasan rahasia Beta" not in response.content.decode()
