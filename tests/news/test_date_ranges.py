"""A post's scheduled publication lies at most a year ahead: a mistyped year would hide it for good."""

from datetime import timedelta

import pytest
from django.utils import formats, timezone

from kotacerdas.news.models import Post
from tests.news.test_post_editor import NEW, _form

pytestmark = pytest.mark.django_db


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_post_scheduled_more_than_a_year_ahead_is_refused(client, news_world):
    client.force_login(news_world.secretariat)
    last = formats.date_format(timezone.localdate(timezone.now() + timedelta(days=366)), "j F Y")

    response = client.post(NEW, _form(publish_at=_local(timezone.now() + timedelta(days=800))))

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "publish_at": [f"Tanggal harus antara 1 Januari 2000 dan {last} (paling lama satu tahun ke depan)."]
    }
    assert not Post.objects.filter(slug="bimtek-tahap-1-dimulai").exists()


def test_post_scheduled_next_month_is_saved(client, news_world):
    client.force_login(news_world.secretariat)

    response = client.post(NEW, _form(publish_at=_local(timezone.now() + timedelta(days=30))))

    assert response.status_code == 302
    assert Post.objects.get(slug="bimtek-tahap-1-dimulai").is_scheduled
