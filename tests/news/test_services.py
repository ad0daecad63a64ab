"""Rules of the news app without HTTP: what is public, moderation states and transitions, feedback figures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.core.models import AuditEntry
from kotacerdas.news import services
from kotacerdas.news.models import (
    MODERATION_TRANSITIONS,
    ModerationStatus,
    Post,
    PostComment,
    QuickWinFeedback,
)
from tests.factories import PostCommentFactory, PostFactory, QuickWinFeedbackFactory

pytestmark = pytest.mark.django_db

S = ModerationStatus


# --- posts -----------------------------------------------------------------------------------------------


def test_published_posts_leave_out_drafts_and_scheduled_posts_until_their_time(news_world):
    w = news_world
    later = w.scheduled_post.publish_at + timedelta(minutes=1)

    now_public = set(Post.objects.published().values_list("slug", flat=True))
    later_public = set(Post.objects.published(now=later).values_list("slug", flat=True))

    assert now_public == {"evaluasi-hari-pertama"}
    assert later_public == {"evaluasi-hari-pertama", "pengumuman-terjadwal-beta"}


def test_posts_visible_to_the_secretariat_include_drafts_and_scheduled(news_world):
    w = news_world

    assert Post.objects.visible_to(w.secretariat).count() == 3
    assert list(Post.objects.visible_to(w.editor_a)) == [w.public_post]


def test_latest_posts_are_the_newest_public_ones_in_three_queries(news_world, django_assert_num_queries):
    w = news_world
    newer = PostFactory(title="Lebih baru", publish_at=timezone.now() - timedelta(hours=1))
    for day in range(5):
        PostFactory(publish_at=w.public_post.publish_at - timedelta(days=day + 1))

    with django_assert_num_queries(3):
        latest = services.latest_posts(3)

    assert [p.pk for p in latest[:2]] == [newer.pk, w.public_post.pk]
    assert len(latest) == 3
    assert all(p.is_public for p in latest)


# --- public submissions ----------------------------------------------------------------------------------


def test_add_comment_is_held_for_moderation(news_world):
    comment = services.add_comment(
        news_world.public_post, name="Rina", email="rina@example.test", text="Bagus", client="abc"
    )

    assert news_world.public_post.hold_comments is True  # the default
    assert (comment.status, comment.client_hash, comment.moderated_at) == (S.PENDING, "abc", None)


def test_add_comment_on_a_post_that_shows_comments_at_once_approves_it(news_world):
    post = news_world.public_post
    post.hold_comments = False
    post.save()

    comment = services.add_comment(post, name="Rina", email="rina@example.test", text="Bagus")

    assert (comment.status, comment.moderated_by) == (S.APPROVED, None)


@pytest.mark.parametrize("which", ["draft_post", "scheduled_post"])
def test_add_comment_refuses_a_post_that_is_not_public(news_world, which):
    with pytest.raises(ValidationError):
        services.add_comment(getattr(news_world, which), name="R", email="r@example.test", text="x")

    assert PostComment.objects.count() == 0


def test_add_comment_refuses_a_post_with_comments_closed(news_world):
    post = news_world.public_post
    post.comments_open = False
    post.save()

    with pytest.raises(ValidationError):
        services.add_comment(post, name="R", email="r@example.test", text="x")


def test_delivered_quick_wins_are_those_of_published_masterplans_with_a_done_report(news_world):
    w = news_world

    assert list(services.delivered_quick_wins()) == [w.quick_win_a]
    assert set(services.public_quick_wins()) == {w.quick_win_a, w.open_quick_win_a}


def test_a_quick_win_done_after_the_day_asked_about_is_not_delivered_yet(news_world):
    before = news_world.quick_win_a.progress_reports.get(status="done").reported_on - timedelta(days=1)

    assert list(services.delivered_quick_wins(today=before)) == []


def test_add_feedback_is_held_for_moderation(news_world):
    feedback = services.add_feedback(
        news_world.quick_win_a, rating=5, name="Agus", email="a@example.test", text="Cepat ditanggapi."
    )

    assert (feedback.status, feedback.rating) == (S.PENDING, 5)


@pytest.mark.parametrize("which", ["open_quick_win_a", "programme_a", "quick_win_b"])
def test_add_feedback_refuses_what_is_not_a_delivered_public_quick_win(news_world, which):
    with pytest.raises(ValidationError):
        services.add_feedback(
            getattr(news_world, which), rating=3, name="A", email="a@example.test", text="x" * 12
        )

    assert QuickWinFeedback.objects.count() == 0


def test_add_feedback_refuses_a_rating_outside_one_to_five(news_world):
    with pytest.raises(ValidationError):
        services.add_feedback(
            news_world.quick_win_a, rating=6, name="A", email="a@example.test", text="x" * 12
        )


# --- moderation ------------------------------------------------------------------------------------------


def test_moderation_transitions_never_lead_back_to_pending_or_stay_in_place():
    assert dict(MODERATION_TRANSITIONS) == {
        S.PENDING: {S.APPROVED, S.REJECTED, S.SPAM},
        S.APPROVED: {S.REJECTED, S.SPAM},
        S.REJECTED: {S.APPROVED, S.SPAM},
        S.SPAM: {S.APPROVED, S.REJECTED},
    }


@pytest.mark.parametrize("new", [S.APPROVED, S.REJECTED, S.SPAM])
def test_change_status_moves_a_pending_comment_and_writes_the_audit_trail(news_world, new):
    w = news_world
    comment = PostCommentFactory(post=w.public_post)

    changed = services.change_status(comment, new, by=w.secretariat, note="dicek")

    comment.refresh_from_db()
    entry = AuditEntry.objects.get(action="news.comment_moderated")
    assert (comment.status, comment.moderated_by, comment.moderated_at is not None) == (
        new,
        w.secretariat,
        True,
    )
    assert changed.status == new
    assert (entry.old_value, entry.new_value, entry.actor, entry.note, entry.region_code) == (
        "pending",
        new,
        w.secretariat,
        "dicek",
        "",
    )


def test_change_status_of_feedback_records_the_region(news_world):
    w = news_world
    feedback = QuickWinFeedbackFactory(programme=w.quick_win_a)

    services.change_status(feedback, S.SPAM, by=w.secretariat)

    entry = AuditEntry.objects.get(action="news.feedback_moderated")
    assert (entry.old_value, entry.new_value, entry.region_code) == ("pending", "spam", w.region_a.code)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (S.PENDING, S.PENDING),
        (S.APPROVED, S.PENDING),
        (S.APPROVED, S.APPROVED),
        (S.SPAM, S.PENDING),
        (S.PENDING, "gone"),
    ],
)
def test_change_status_refuses_a_move_that_is_not_allowed(news_world, old, new):
    comment = PostCommentFactory(post=news_world.public_post, status=old)

    with pytest.raises(ValidationError):
        services.change_status(comment, new, by=news_world.secretariat)

    comment.refresh_from_db()
    assert comment.status == old
    assert not AuditEntry.objects.filter(action="news.comment_moderated").exists()


def test_a_decision_can_be_changed_later(news_world):
    comment = PostCommentFactory(post=news_world.public_post)

    services.change_status(comment, S.APPROVED, by=news_world.secretariat)
    services.change_status(comment, S.SPAM, by=news_world.secretariat)
    services.change_status(comment, S.REJECTED, by=news_world.secretariat)

    comment.refresh_from_db()
    trail = list(AuditEntry.objects.for_object(comment).order_by("pk").values_list("old_value", "new_value"))
    assert comment.status == S.REJECTED
    assert trail == [("pending", "approved"), ("approved", "spam"), ("spam", "rejected")]


def test_change_status_many_changes_what_may_move_and_skips_the_rest(news_world):
    w = news_world
    pending = PostCommentFactory.create_batch(3, post=w.public_post)
    approved = PostCommentFactory(post=w.public_post, status=S.APPROVED)

    result = services.change_status_many(
        PostComment, [c.pk for c in pending] + [approved.pk], S.APPROVED, by=w.secretariat
    )

    assert result == (3, 1)
    assert PostComment.objects.filter(status=S.APPROVED).count() == 4
    assert AuditEntry.objects.filter(action="news.comment_moderated").count() == 3


# --- feedback figures ------------------------------------------------------------------------------------


def test_feedback_summaries_count_only_approved_feedback(news_world):
    w = news_world
    for rating, status in [
        (5, S.APPROVED),
        (4, S.APPROVED),
        (4, S.APPROVED),
        (1, S.PENDING),
        (1, S.SPAM),
        (2, S.REJECTED),
    ]:
        QuickWinFeedbackFactory(programme=w.quick_win_a, rating=rating, status=status)

    summaries = services.feedback_summaries([w.quick_win_a.pk, w.open_quick_win_a.pk])

    summary = summaries[w.quick_win_a.pk]
    assert (summary.count, summary.mean, summary.stars) == (3, Decimal("4.3"), 4)
    assert summary.distribution == {5: 1, 4: 2, 3: 0, 2: 0, 1: 0}
    assert summary.rows == [(5, 1, 33), (4, 2, 67), (3, 0, 0), (2, 0, 0), (1, 0, 0)]
    assert (summaries[w.open_quick_win_a.pk].count, summaries[w.open_quick_win_a.pk].mean) == (0, None)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=40))
def test_feedback_summary_mean_and_distribution_match_the_ratings(ratings):
    summary = services.FeedbackSummary()
    for rating in ratings:
        summary.count += 1
        summary.total += rating
        summary.distribution[rating] += 1

    exact = Decimal(sum(ratings)) / Decimal(len(ratings))
    assert abs(summary.mean - exact) <= Decimal("0.05")
    assert Decimal(1) <= summary.mean <= Decimal(5)
    assert sum(n for _r, n, _p in summary.rows) == len(ratings)
    assert list(summary.distribution) == [5, 4, 3, 2, 1]
