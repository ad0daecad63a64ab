"""The secretariat's moderation queue: who gets in, what it lists, single and bulk decisions with audit."""

import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.news.models import ModerationStatus, PostComment, QuickWinFeedback
from tests.factories import PostCommentFactory, QuickWinFeedbackFactory

pytestmark = pytest.mark.django_db

S = ModerationStatus
URL = "/news/moderation/"


def test_moderation_url():
    assert reverse("news:moderation") == URL


@pytest.mark.parametrize(("who", "expected"), [("editor_a", 403), ("viewer_a", 403), ("mentor_a", 403)])
def test_moderation_is_for_the_secretariat_only(client, news_world, who, expected):
    client.force_login(getattr(news_world, who))

    assert client.get(URL).status_code == expected
    assert client.post(URL, {"kind": "comments", "one": "1:approved"}).status_code == expected


def test_moderation_sends_visitors_to_log_in(client, news_world):
    response = client.get(URL)

    assert response["Location"].startswith(resolve_url("accounts:login"))


def test_moderation_lists_pending_comments_oldest_first_with_their_e_mail(client, news_world):
    w = news_world
    first = PostCommentFactory(post=w.public_post, email="pertama@example.test", client_hash="aaaa")
    second = PostCommentFactory(post=w.public_post, email="kedua@example.test", client_hash="aaaa")
    PostCommentFactory(post=w.public_post, status=S.APPROVED, text="Sudah disetujui")
    client.force_login(w.secretariat)

    response = client.get(URL)

    content = response.content.decode()
    assert [c.pk for c in response.context["page"]] == [first.pk, second.pk]
    assert [c.client_count for c in response.context["page"]] == [2, 2]
    assert "pertama@example.test" in content
    assert "Sudah disetujui" not in content
    assert response.context["pending"] == {"comments": 2, "feedback": 0}


def test_moderation_lists_feedback_and_decided_items_on_request(client, news_world):
    w = news_world
    spam = QuickWinFeedbackFactory(programme=w.quick_win_a, status=S.SPAM)
    QuickWinFeedbackFactory(programme=w.quick_win_a)
    client.force_login(w.secretariat)

    response = client.get(URL, {"kind": "feedback", "status": "spam"})

    assert [f.pk for f in response.context["page"]] == [spam.pk]
    assert response.context["pending"] == {"comments": 0, "feedback": 1}


def test_approving_one_comment_publishes_it_and_records_who(client, news_world):
    w = news_world
    comment = PostCommentFactory(post=w.public_post, text="Tolong dimuat")
    client.force_login(w.secretariat)

    response = client.post(URL, {"kind": "comments", "status": "pending", "one": f"{comment.pk}:approved"})
    page = client.get(reverse("news:post_detail", args=[w.public_post.slug]))

    comment.refresh_from_db()
    entry = AuditEntry.objects.get(action="news.comment_moderated")
    assert response.status_code == 302
    assert response["Location"] == URL + "?kind=comments&status=pending"
    assert (comment.status, comment.moderated_by) == (S.APPROVED, w.secretariat)
    assert (entry.old_value, entry.new_value, entry.actor) == ("pending", "approved", w.secretariat)
    assert "Tolong dimuat" in page.content.decode()


def test_bulk_decisions_apply_to_the_selected_items_only(client, news_world):
    w = news_world
    chosen = PostCommentFactory.create_batch(3, post=w.public_post)
    left = PostCommentFactory(post=w.public_post)
    client.force_login(w.secretariat)

    response = client.post(
        URL,
        {"kind": "comments", "status": "pending", "bulk": "spam", "ids": [c.pk for c in chosen], "page": "1"},
    )

    assert response["Location"] == URL + "?kind=comments&status=pending&page=1"
    assert set(PostComment.objects.filter(status=S.SPAM).values_list("pk", flat=True)) == {
        c.pk for c in chosen
    }
    assert PostComment.objects.get(pk=left.pk).status == S.PENDING
    assert AuditEntry.objects.filter(action="news.comment_moderated", new_value="spam").count() == 3


def test_bulk_rejection_of_feedback_keeps_it_off_the_public_figures(client, news_world):
    w = news_world
    items = QuickWinFeedbackFactory.create_batch(2, programme=w.quick_win_a, status=S.APPROVED, rating=1)
    client.force_login(w.secretariat)

    client.post(
        URL, {"kind": "feedback", "status": "approved", "bulk": "rejected", "ids": [f.pk for f in items]}
    )
    page = client.get(reverse("news:quick_win_feedback", args=[w.quick_win_a.pk]))

    assert set(QuickWinFeedback.objects.values_list("status", flat=True)) == {S.REJECTED}
    assert page.context["feedback"].count == 0
    assert set(
        AuditEntry.objects.filter(action="news.feedback_moderated").values_list("region_code", flat=True)
    ) == {w.region_a.code}


def test_a_bulk_decision_without_a_selection_changes_nothing(en_client, news_world):
    PostCommentFactory(post=news_world.public_post)
    en_client.force_login(news_world.secretariat)

    response = en_client.post(URL, {"kind": "comments", "status": "pending", "bulk": "approved"}, follow=True)

    assert PostComment.objects.get().status == S.PENDING
    assert [str(m) for m in response.context["messages"]] == ["Choose at least one item first."]


def test_items_already_decided_that_way_are_skipped_with_a_note(en_client, news_world):
    w = news_world
    approved = PostCommentFactory(post=w.public_post, status=S.APPROVED)
    pending = PostCommentFactory(post=w.public_post)
    en_client.force_login(w.secretariat)

    response = en_client.post(
        URL,
        {"kind": "comments", "status": "pending", "bulk": "approved", "ids": [approved.pk, pending.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "1 item is now “Approved”.",
        "1 item was left as it was (already decided that way).",
    ]
    assert AuditEntry.objects.filter(action="news.comment_moderated").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "posts", "one": "1:approved"},
        {"kind": "comments", "one": "1:pending"},
        {"kind": "comments", "bulk": "deleted", "ids": ["1"]},
        {"kind": "comments", "status": "nope", "one": "1:approved"},
    ],
)
def test_a_garbled_moderation_request_is_refused(client, news_world, data):
    comment = PostCommentFactory(post=news_world.public_post)
    client.force_login(news_world.secretariat)

    response = client.post(URL, data)

    assert response.status_code == 400
    assert PostComment.objects.get(pk=comment.pk).status == S.PENDING


def test_moderation_text_is_shown_inert(client, news_world):
    PostCommentFactory(post=news_world.public_post, name="<b>x</b>", text="<script>alert(1)</script>")
    client.force_login(news_world.secretariat)

    content = client.get(URL).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;b&gt;x&lt;/b&gt;" in content
