"""Public news pages and the comment form: only public posts and approved comments show, e-mail addresses never
do, markup stays inert, and the guards (rate limit, honeypot, form token, links) hold."""

import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from kotacerdas.news import services
from kotacerdas.news.models import ModerationStatus, Post, PostComment
from kotacerdas.news.protection import form_token
from tests.factories import PostCommentFactory, PostFactory, PostImageFactory
from tests.news.test_markup import XSS_CORPUS
from tests.utils import png_bytes

pytestmark = pytest.mark.django_db

S = ModerationStatus


def _detail(post):
    return reverse("news:post_detail", args=[post.slug])


def _comment_url(post):
    return reverse("news:comment_add", args=[post.slug])


# --- what is public --------------------------------------------------------------------------------------


def test_post_list_shows_public_posts_only(client, news_world):
    response = client.get(reverse("news:post_list"))

    assert response.status_code == 200
    assert [p.slug for p in response.context["page"]] == ["evaluasi-hari-pertama"]
    content = response.content.decode()
    assert "Draf rahasia Beta" not in content
    assert "Pengumuman terjadwal Beta" not in content


def test_post_list_region_filter_offers_only_regions_of_public_posts(client, news_world):
    w = news_world

    response = client.get(reverse("news:post_list"), {"region": w.region_a.code})
    other = client.get(reverse("news:post_list"), {"region": w.region_b.code})

    assert list(response.context["tagged_regions"]) == [w.region_a]
    assert [p.slug for p in response.context["page"]] == ["evaluasi-hari-pertama"]
    assert list(other.context["page"]) == []
    assert "Kota Beta" not in response.content.decode()


def test_a_scheduled_post_appears_once_its_time_has_come(client, news_world):
    post = news_world.scheduled_post

    before = client.get(_detail(post))
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    after = client.get(_detail(post))
    listed = client.get(reverse("news:post_list"))

    assert (before.status_code, after.status_code) == (404, 200)
    assert [p.slug for p in listed.context["page"]] == ["pengumuman-terjadwal-beta", "evaluasi-hari-pertama"]


@pytest.mark.parametrize("who", [None, "editor_a", "editor_b", "mentor_a"])
@pytest.mark.parametrize("which", ["draft_post", "scheduled_post"])
def test_a_post_that_is_not_public_is_not_found(client, news_world, who, which):
    if who:
        client.force_login(getattr(news_world, who))

    response = client.get(_detail(getattr(news_world, which)))

    assert response.status_code == 404


def test_the_secretariat_previews_a_draft_marked_as_such(en_client, news_world):
    en_client.force_login(news_world.secretariat)

    response = en_client.get(_detail(news_world.draft_post))

    assert response.status_code == 200
    assert "Draft: only the secretariat sees this post." in response.content.decode()
    assert response.context["form"] is None


def test_post_detail_shows_approved_comments_only_and_never_an_e_mail_address(client, news_world):
    post = news_world.public_post
    for status in S.values:
        PostCommentFactory(
            post=post,
            name=f"Nama {status}",
            email=f"{status}@rahasia.example",
            text=f"Teks {status}",
            status=status,
        )

    response = client.get(_detail(post))

    content = response.content.decode()
    assert [c.name for c in response.context["comments"]] == ["Nama approved"]
    assert "Teks approved" in content
    for status in ["pending", "rejected", "spam"]:
        assert f"Teks {status}" not in content
    assert "@rahasia.example" not in content


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_an_approved_comment_with_markup_is_shown_inert(client, news_world, payload):
    PostCommentFactory(
        post=news_world.public_post, name=payload, text=f"Awal {payload} akhir", status=S.APPROVED
    )

    content = client.get(_detail(news_world.public_post)).content.decode()

    assert escape(payload) in content  # shown as typed (a template tag in the text is not run either)
    if escape(payload) != payload:
        assert payload not in content
    assert content.count("<script") == content.count('<script src="/static/')  # only the page's own scripts


def test_post_body_is_rendered_from_the_safe_subset(client, news_world):
    post = news_world.public_post
    post.body = "## Ringkasan\n\n**Penting**: <script>alert(1)</script> [tautan](javascript:alert(1))"
    post.save()

    content = client.get(_detail(post)).content.decode()

    assert "<h2>Ringkasan</h2>" in content
    assert (
        "<strong>Penting</strong>: &lt;script&gt;alert(1)&lt;/script&gt; [tautan](javascript:alert(1))"
        in content
    )


# --- sending a comment -----------------------------------------------------------------------------------


def test_a_comment_is_stored_as_pending_and_not_shown_until_approved(en_client, news_world, comment_data):
    post = news_world.public_post

    response = en_client.post(_comment_url(post), comment_data(text="Semoga cepat terwujud."))
    page = en_client.get(_detail(post))

    comment = PostComment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(post) + "#comments"
    assert (comment.post, comment.name, comment.email, comment.text, comment.status) == (
        post,
        "Rina",
        "rina@example.test",
        "Semoga cepat terwujud.",
        S.PENDING,
    )
    assert len(comment.client_hash) == 16
    assert "Semoga cepat terwujud." not in page.content.decode()
    assert "Thank you. Your comment will appear after moderation." in page.content.decode()


def test_on_a_post_that_shows_comments_at_once_a_comment_appears_and_can_still_be_removed(
    en_client, news_world, comment_data
):
    post = news_world.public_post
    post.hold_comments = False
    post.save()

    form_page = en_client.get(_detail(post)).content.decode()
    en_client.post(_comment_url(post), comment_data(text="Langsung tampil."))
    shown = en_client.get(_detail(post)).content.decode()
    comment = PostComment.objects.get()
    services.change_status(comment, S.REJECTED, by=news_world.secretariat)
    removed = en_client.get(_detail(post)).content.decode()

    assert "Comments appear at once" in form_page
    assert "Comments appear after moderation" not in form_page
    assert comment.status == S.APPROVED and comment.moderated_at is None
    assert "Langsung tampil." in shown
    assert "Thank you. Your comment is published." in shown
    assert "Langsung tampil." not in removed


def test_the_comment_url_answers_only_post(client, news_world):
    assert client.get(_comment_url(news_world.public_post)).status_code == 405


@pytest.mark.parametrize("which", ["draft_post", "scheduled_post"])
def test_a_comment_on_a_post_that_is_not_public_is_not_found(client, news_world, comment_data, which):
    response = client.post(_comment_url(getattr(news_world, which)), comment_data())

    assert response.status_code == 404
    assert PostComment.objects.count() == 0


def test_a_comment_on_a_closed_post_is_refused(client, news_world, comment_data):
    post = news_world.public_post
    post.comments_open = False
    post.save()

    response = client.post(_comment_url(post), comment_data())

    assert response.status_code == 400
    assert PostComment.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"name": ""}, "This field is required."),
        ({"email": "bukan-alamat"}, "Enter a valid email address."),
        ({"text": " "}, "This field is required."),
        ({"text": "x" * 2001}, "Ensure this value has at most 2000 characters (it has 2001)."),
        ({"name": "Promo https://spam.example"}, "A name cannot contain a web address."),
        ({"text": "a https://a.example b http://b.example c www.c.example"}, "At most 2 links, please."),
    ],
)
def test_a_comment_with_bad_input_is_refused_with_a_message(
    en_client, news_world, comment_data, changes, error
):
    response = en_client.post(_comment_url(news_world.public_post), comment_data(**changes))

    assert response.status_code == 400
    assert error in [e for errors in response.context["form"].errors.values() for e in errors]
    assert PostComment.objects.count() == 0


def test_two_links_are_allowed(client, news_world, comment_data):
    response = client.post(
        _comment_url(news_world.public_post), comment_data(text="Lihat https://a.example dan www.b.example")
    )

    assert response.status_code == 302
    assert PostComment.objects.count() == 1


def test_the_honeypot_stores_nothing_but_answers_like_a_success(client, news_world, comment_data):
    response = client.post(_comment_url(news_world.public_post), comment_data(fax="https://spam.example"))

    assert response.status_code == 302
    assert PostComment.objects.count() == 0


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (
            lambda: form_token(),
            "That was very quick. Please read your message once more, then send it again.",
        ),
        (lambda: form_token(time.time() - 7 * 3600), "The form has expired. Please send your message again."),
        (lambda: form_token(time.time() - 60) + "x", "The form has expired. Please send your message again."),
        (lambda: "", "The form has expired. Please send your message again."),
    ],
)
def test_a_comment_sent_too_fast_or_with_a_stale_or_forged_token_is_refused(
    en_client, news_world, comment_data, token, message
):
    response = en_client.post(_comment_url(news_world.public_post), comment_data(ts=token()))

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [message]
    assert PostComment.objects.count() == 0
    # The form comes back with a fresh token and what was typed.
    assert response.context["form"]["ts"].value() != comment_data()["ts"]
    assert response.context["form"]["text"].value() == "Bagus sekali."


def test_a_flood_of_comments_is_slowed_down_with_429_and_nothing_stored(client, news_world, comment_data):
    url = _comment_url(news_world.public_post)

    answers = [client.post(url, comment_data(text=f"Komentar {i}")).status_code for i in range(3)]
    flood = client.post(url, comment_data(text="Komentar keempat"))

    assert answers == [302, 302, 302]
    assert flood.status_code == 429
    assert 1 <= int(flood["Retry-After"]) <= 600
    assert "Komentar keempat" in flood.content.decode()  # given back to copy, escaped
    assert sorted(PostComment.objects.values_list("text", flat=True)) == [
        "Komentar 0",
        "Komentar 1",
        "Komentar 2",
    ]


def test_the_rate_limit_counts_per_client(client, news_world, comment_data):
    url = _comment_url(news_world.public_post)
    for i in range(3):
        client.post(url, comment_data(text=f"Dari A {i}"), REMOTE_ADDR="10.0.0.1")

    other = client.post(url, comment_data(text="Dari B"), REMOTE_ADDR="10.0.0.2")
    again = client.post(url, comment_data(text="Dari A lagi"), REMOTE_ADDR="10.0.0.1")

    assert (other.status_code, again.status_code) == (302, 429)
    assert PostComment.objects.filter(text="Dari B").exists()


def test_the_rate_limit_frees_up_after_the_window(client, news_world, comment_data, settings):
    settings.NEWS_RATE_LIMIT = 1
    settings.NEWS_RATE_WINDOW = 1
    url = _comment_url(news_world.public_post)

    first = client.post(url, comment_data(text="Satu"))
    second = client.post(url, comment_data(text="Dua"))
    time.sleep(1.1)
    third = client.post(url, comment_data(text="Tiga"))

    assert [first.status_code, second.status_code, third.status_code] == [302, 429, 302]


def test_robots_that_fill_the_honeypot_count_towards_the_rate_limit(client, news_world, comment_data):
    url = _comment_url(news_world.public_post)
    for _ in range(3):
        client.post(url, comment_data(fax="x"))

    response = client.post(url, comment_data())

    assert response.status_code == 429
    assert PostComment.objects.count() == 0


def test_invalid_forms_do_not_use_up_the_allowance(client, news_world, comment_data):
    url = _comment_url(news_world.public_post)
    for _ in range(5):
        client.post(url, comment_data(email="salah"))

    response = client.post(url, comment_data())

    assert response.status_code == 302


# --- images ----------------------------------------------------------------------------------------------


def test_an_image_of_a_public_post_is_served_to_anyone(client, news_world):
    png = png_bytes((40, 20))
    picture = PostImageFactory(post=news_world.public_post, image=ContentFile(png, name="uji.png"))

    response = client.get(reverse("news:image", args=[picture.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png
    assert (picture.width, picture.height) == (40, 20)


@pytest.mark.parametrize("which", ["draft_post", "scheduled_post"])
def test_an_image_of_a_post_that_is_not_public_stays_private(client, news_world, which):
    picture = PostImageFactory(post=getattr(news_world, which))

    anonymous = client.get(reverse("news:image", args=[picture.pk]))
    client.force_login(news_world.secretariat)
    secretariat = client.get(reverse("news:image", args=[picture.pk]))

    assert (anonymous.status_code, secretariat.status_code) == (404, 200)
    assert secretariat["Cache-Control"] == "private, no-store"


def test_post_list_shows_the_first_image_of_each_post(client, news_world):
    picture = PostImageFactory(post=news_world.public_post)
    PostFactory(title="Tanpa gambar")

    content = client.get(reverse("news:post_list")).content.decode()

    assert content.count('src="/news/images/') == 1
    assert f'src="{reverse("news:image", args=[picture.pk])}"' in content
