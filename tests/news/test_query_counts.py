"""Each list of the news app runs a fixed number of queries, whatever the amount of data."""

from datetime import timedelta

import pytest
from django.urls import reverse

from kotacerdas.news.models import ModerationStatus
from tests.factories import (
    MasterplanProgrammeFactory,
    PostCommentFactory,
    PostFactory,
    PostImageFactory,
    ProgressReportFactory,
    QuickWinFeedbackFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

S = ModerationStatus


def _grow(w, n):
    """n more public posts (tagged, with an image), comments and feedback in every state, quick wins."""
    for i in range(n):
        post = PostFactory(publish_at=w.public_post.publish_at - timedelta(days=i + 1))
        post.regions.set([w.region_a])
        PostImageFactory(post=post)
        quick_win = MasterplanProgrammeFactory(
            masterplan=w.masterplan_a, strategy=w.quick_win_a.strategy, is_quick_win=True
        )
        ProgressReportFactory(
            programme=quick_win, reported_on=w.quick_win_a.progress_reports.first().reported_on, status="done"
        )
        for status in S.values:
            PostCommentFactory(post=w.public_post, status=status, client_hash=f"c{i}")
            PostCommentFactory(post=post, status=status)
            QuickWinFeedbackFactory(
                programme=w.quick_win_a, status=status, rating=i % 5 + 1, client_hash=f"c{i}"
            )
            QuickWinFeedbackFactory(programme=quick_win, status=status, moderated_by=w.secretariat)


PAGES = [
    (None, "news:post_list", None, None),
    (None, "news:post_list", None, {"region": "REGION_A"}),
    (None, "news:post_detail", "public_post", None),
    (None, "news:quick_win_feedback", "quick_win_a", None),
    ("secretariat", "news:post_list", None, None),
    ("secretariat", "news:post_manage", None, None),
    ("secretariat", "news:moderation", None, None),
    ("secretariat", "news:moderation", None, {"kind": "feedback"}),
    ("secretariat", "news:moderation", None, {"kind": "feedback", "status": "approved"}),
    ("secretariat", "news:region_feedback", "region_a", None),
    ("editor_a", "news:region_feedback", "region_a", None),
]


@pytest.mark.parametrize(("who", "name", "arg", "params"), PAGES)
def test_news_lists_run_a_fixed_number_of_queries(client, news_world, who, name, arg, params):
    w = news_world
    if who:
        client.force_login(getattr(w, who))
    args = []
    if arg:
        obj = getattr(w, arg)
        args = [obj.slug if arg.endswith("post") else obj.code if arg.startswith("region") else obj.pk]
    params = {k: (w.region_a.code if v == "REGION_A" else v) for k, v in (params or {}).items()}
    url = reverse(name, args=args)

    _grow(w, 2)
    small = count_queries(client, url, params)
    _grow(w, 6)
    large = count_queries(client, url, params)

    assert large == small, (small, large)
