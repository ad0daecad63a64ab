"""The secretariat writes posts: fields, regions, schedule, images (type, size, text alternative, metadata)."""

import io
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kotacerdas.core.models import AuditEntry
from kotacerdas.news.models import Post, PostImage

pytestmark = pytest.mark.django_db

NEW = "/news/manage/new/"


def _picture(kind="PNG", size=(64, 32), exif=False) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, "#0b5c63")
    if exif:
        data = Image.Exif()
        data[0x010F] = "Kamera Rahasia"  # Make
        image.save(out, kind, exif=data)
    else:
        image.save(out, kind)
    return out.getvalue()


def _form(**changes):
    data = {
        "title": "Bimtek tahap 1 dimulai",
        "slug": "bimtek-tahap-1-dimulai",
        "summary": "Empat puluh daerah hadir.",
        "body": "Paragraf satu.\n\nParagraf dua.",
        "status": "published",
        "publish_at": "2019-03-04T09:00",
        "comments_open": "on",
        "hold_comments": "on",
        "images-TOTAL_FORMS": "2",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "8",
        # What a browser sends for the two empty image rows.
        "images-0-order": "0",
        "images-1-order": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["editor_a", "mentor_a"])
def test_only_the_secretariat_writes_posts(client, news_world, who):
    client.force_login(getattr(news_world, who))

    assert client.get(NEW).status_code == 403
    assert client.get(reverse("news:post_edit", args=[news_world.public_post.pk])).status_code == 403
    assert client.get(reverse("news:post_manage")).status_code == 403
    assert client.post(NEW, _form()).status_code == 403
    assert not Post.objects.filter(slug="bimtek-tahap-1-dimulai").exists()


def test_editing_a_draft_is_not_found_for_others(client, news_world):
    client.force_login(news_world.editor_a)

    assert client.get(reverse("news:post_edit", args=[news_world.draft_post.pk])).status_code == 404


def test_the_secretariat_creates_a_post_with_regions_an_image_and_a_schedule(client, news_world):
    w = news_world
    client.force_login(w.secretariat)
    upload = SimpleUploadedFile("foto kamera.png", _picture(), content_type="image/png")

    response = client.post(
        NEW,
        _form(
            regions=[w.region_a.pk, w.region_b.pk],
            **{"images-0-image": upload, "images-0-alt_text": "Peserta bimtek"},
        ),
    )

    post = Post.objects.get(slug="bimtek-tahap-1-dimulai")
    picture = post.images.get()
    assert response.status_code == 302
    assert response["Location"] == "/news/bimtek-tahap-1-dimulai/"
    assert (post.title, post.status, post.author, post.comments_open, post.hold_comments) == (
        "Bimtek tahap 1 dimulai",
        "published",
        w.secretariat,
        True,
        True,
    )
    assert post.publish_at == datetime.fromisoformat("2019-03-04T09:00+07:00")  # entered in WIB
    assert set(post.regions.all()) == {w.region_a, w.region_b}
    assert (picture.alt_text, picture.width, picture.height) == ("Peserta bimtek", 64, 32)
    assert picture.image.name.endswith(".png") and "kamera" not in picture.image.name
    assert AuditEntry.objects.filter(
        action="news.post_created", target_id=str(post.pk), actor=w.secretariat
    ).exists()


def test_an_image_without_a_text_alternative_is_refused(en_client, news_world):
    en_client.force_login(news_world.secretariat)
    upload = SimpleUploadedFile("a.png", _picture(), content_type="image/png")

    response = en_client.post(NEW, _form(**{"images-0-image": upload, "images-0-alt_text": ""}))

    assert response.status_code == 400
    assert response.context["images"].forms[0].errors["alt_text"] == ["This field is required."]
    assert not Post.objects.filter(slug="bimtek-tahap-1-dimulai").exists()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        (
            "x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Upload a valid image.",
        ),
        ("x.png", b"not an image at all", "Upload a valid image."),
        ("x.bmp", None, "Upload a JPEG, PNG or WebP image."),
    ],
)
def test_files_that_are_not_accepted_images_are_refused(en_client, news_world, name, content, error):
    en_client.force_login(news_world.secretariat)
    content = content if content is not None else _picture("BMP")
    upload = SimpleUploadedFile(name, content, content_type="image/png")

    response = en_client.post(NEW, _form(**{"images-0-image": upload, "images-0-alt_text": "Gambar"}))

    assert response.status_code == 400
    assert error in response.context["images"].forms[0].errors["image"][0]
    assert PostImage.objects.count() == 0


def test_an_image_above_the_size_limit_is_refused(en_client, news_world, settings):
    settings.NEWS_IMAGE_MAX_BYTES = 100
    en_client.force_login(news_world.secretariat)
    upload = SimpleUploadedFile("a.png", _picture(size=(200, 200)), content_type="image/png")

    response = en_client.post(NEW, _form(**{"images-0-image": upload, "images-0-alt_text": "Gambar"}))

    assert response.status_code == 400
    assert response.context["images"].forms[0].errors["image"] == ["The image is too large: at most 0.0 MB."]


def test_uploaded_images_lose_their_metadata_and_huge_ones_are_scaled_down(client, news_world):
    client.force_login(news_world.secretariat)
    upload = SimpleUploadedFile(
        "a.jpg", _picture("JPEG", size=(3000, 1000), exif=True), content_type="image/jpeg"
    )

    client.post(NEW, _form(**{"images-0-image": upload, "images-0-alt_text": "Gambar"}))

    picture = PostImage.objects.get()
    with picture.image.open("rb") as handle, Image.open(handle) as stored:
        assert (stored.format, stored.size) == ("JPEG", (2400, 800))
        assert dict(stored.getexif()) == {}


@pytest.mark.parametrize("slug", ["manage", "moderation", "quick-wins", "images", "regions"])
def test_a_slug_taken_by_a_page_of_the_site_is_refused(client, news_world, slug):
    client.force_login(news_world.secretariat)

    response = client.post(NEW, _form(slug=slug))

    assert response.status_code == 400
    assert "slug" in response.context["form"].errors


def test_editing_a_post_keeps_its_author_and_records_the_change(client, news_world):
    w = news_world
    post = w.draft_post
    client.force_login(w.secretariat)

    response = client.post(
        reverse("news:post_edit", args=[post.pk]),
        _form(title="Draf yang diterbitkan", slug=post.slug, **{"images-TOTAL_FORMS": "0"}),
    )

    post.refresh_from_db()
    entry = AuditEntry.objects.get(action="news.post_changed")
    assert response.status_code == 302
    assert (post.title, post.status, post.author) == ("Draf yang diterbitkan", "published", None)
    assert "title" in entry.note and "status" in entry.note


def test_the_post_editor_renders_for_the_secretariat(client, news_world):
    client.force_login(news_world.secretariat)

    new = client.get(NEW)
    edit = client.get(reverse("news:post_edit", args=[news_world.draft_post.pk]))
    manage = client.get(reverse("news:post_manage"))

    assert (new.status_code, edit.status_code, manage.status_code) == (200, 200, 200)
    assert [p.slug for p in manage.context["page"]] == [
        "pengumuman-terjadwal-beta",
        "draf-rahasia-beta",
        "evaluasi-hari-pertama",
    ]
