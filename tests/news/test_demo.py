"""The demo news: three posts, comments in several states and feedback on Pemalang's delivered quick wins."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from kotacerdas.masterplans.demo import load_demo_masterplan
from kotacerdas.monitoring.demo_progress import approve_demo_masterplan, load_demo_progress
from kotacerdas.news import services
from kotacerdas.news.models import Post, PostComment, QuickWinFeedback
from kotacerdas.programmes.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def pemalang(regions_loaded, framework):
    load_demo()
    load_demo_masterplan()
    approve_demo_masterplan()
    load_demo_progress()


def test_demo_news_loads_once_with_posts_comments_and_feedback(pemalang):
    out = io.StringIO()

    call_command("load_demo_news", "--allow-without-debug", stdout=out)
    call_command("load_demo_news", "--allow-without-debug", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines == [
        "Demo news ready: 3 posts; 6 new comments, 8 new quick-win feedback.",
        "Demo news ready: 3 posts; 0 new comments, 0 new quick-win feedback.",
    ]
    assert list(Post.objects.published().values_list("slug", flat=True)) == [
        "kanal-pengaduan-warga-pemalang-terintegrasi",
        "pemalang-paparkan-masterplan-smart-city",
        "evaluasi-masterplan-smart-city-2018-dimulai",
    ]
    assert all(Post.objects.values_list("is_demo", flat=True))
    assert Post.objects.get(slug="pemalang-paparkan-masterplan-smart-city").images.count() == 1
    assert sorted(PostComment.objects.values_list("status", flat=True)) == [
        "approved",
        "approved",
        "approved",
        "pending",
        "pending",
        "spam",
    ]
    channel = (
        QuickWinFeedback.objects.filter(programme__name="Kanal pengaduan warga terintegrasi")
        .first()
        .programme
    )
    summary = services.feedback_summary(channel)
    assert (summary.count, summary.mean) == (3, Decimal("4.0"))


def test_the_demo_posts_date_pemalang_on_thursday_13_december(pemalang, client):
    call_command("load_demo_news", "--allow-without-debug", stdout=io.StringIO())

    response = client.get(reverse("news:post_detail", args=["pemalang-paparkan-masterplan-smart-city"]))

    content = response.content.decode()
    assert "Kamis, 13 Desember 2018" in content
    assert "Nusantara A" in content


def test_the_demo_quick_win_post_links_to_the_feedback_page(pemalang, client):
    call_command("load_demo_news", "--allow-without-debug", stdout=io.StringIO())
    channel = services.delivered_quick_wins().get(name="Kanal pengaduan warga terintegrasi")

    response = client.get(reverse("news:post_detail", args=["kanal-pengaduan-warga-pemalang-terintegrasi"]))

    assert f'<a href="/news/quick-wins/{channel.pk}/">' in response.content.decode()


def test_demo_news_refuses_to_load_without_debug(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_demo_news", stdout=io.StringIO())


def test_latest_partial_renders_the_newest_public_posts(news_world):
    html = render_to_string("news/_latest.html", {"latest_news": services.latest_posts()})
    empty = render_to_string("news/_latest.html", {"latest_news": []})

    assert html.count('<article class="news-card') == 1
    assert 'href="/news/evaluasi-hari-pertama/"' in html
    assert "Draf rahasia Beta" not in html
    assert 'href="/news/"' in empty
    assert "<article" not in empty
