"""Uploaded files in an S3-compatible bucket (DJANGO_MEDIA_STORAGE=s3), with S3 mocked in-process by moto.

The storage settings come from the real settings module, read in a fresh interpreter from environment variables,
so these tests run the configuration a server would run: uploads land in the private bucket, downloads stream
through the app, storage URLs are signed and expire, and backups read and restore the bucket's files.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from moto import mock_aws

from kotacerdas.core.backup import create_backup, read_manifest, verify_backup
from kotacerdas.masterplans.models import DocumentJob
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.news.demo import banner_png
from kotacerdas.news.models import Post, PostImage
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    CohortFactory,
    ParticipationFactory,
    PostImageFactory,
    RegionFactory,
    RegionMembershipFactory,
    UserFactory,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
REGION = "ap-southeast-3"
BUCKET = "kotacerdas-media"
PREFIX = "situs"  # DJANGO_MEDIA_S3_PREFIX: the site's files sit under this key prefix
S3_ENV = {
    "DJANGO_MEDIA_STORAGE": "s3",
    "DJANGO_MEDIA_S3_BUCKET": BUCKET,
    "DJANGO_MEDIA_S3_PREFIX": PREFIX,
    "DJANGO_MEDIA_S3_REGION": REGION,
    "DJANGO_MEDIA_S3_ACCESS_KEY_ID": "test-access-key",
    "DJANGO_MEDIA_S3_SECRET_ACCESS_KEY": "test-secret-key",
}


def read_storages(**env: str) -> subprocess.CompletedProcess:
    """settings.STORAGES as JSON, from the settings module imported in a fresh interpreter with ``env``."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_MEDIA_")}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))",
        ],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "kotacerdas.settings",
            "DJANGO_SECRET_KEY": "a-secret-key-for-this-test-only",
            "DATABASE_URL": "sqlite:///var/unused.sqlite3",
            **env,
        },
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def s3_storages() -> dict:
    result = read_storages(**S3_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _bucket(client, name: str) -> None:
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})


@pytest.fixture
def s3(settings, s3_storages, tmp_path):
    """A mocked S3 with an empty private bucket, and the site's default storage pointing at it."""
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        _bucket(client, BUCKET)
        # Changing STORAGES resets Django's storage handler, so the lazy default_storage (which every FileField
        # uses) is built anew from these settings, and again from the old ones after the test.
        settings.STORAGES = s3_storages
        assert default_storage.bucket_name == BUCKET
        yield client


def objects(client, bucket: str = BUCKET) -> dict[str, bytes]:
    """Every object of ``bucket`` by key, read with boto3 directly (not through the app)."""
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def stored_names(storage, directory: str = "") -> set[str]:
    """Every file under the storage's prefix, listed through the storage API."""
    directories, files = storage.listdir(directory)
    names = {f"{directory}{name}" for name in files}
    for sub in directories:
        names |= stored_names(storage, f"{directory}{sub}/")
    return names


def _png() -> bytes:
    return banner_png("S3", "uji")


# --------------------------------------------------------------------------------- (d) settings from the environment


def test_settings_pick_the_s3_backend_with_private_signed_objects_from_the_environment():
    result = read_storages(
        **S3_ENV,
        DJANGO_MEDIA_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        DJANGO_MEDIA_S3_ADDRESSING_STYLE="path",
        DJANGO_MEDIA_S3_URL_SECONDS="120",
    )

    assert result.returncode == 0, result.stderr
    default = json.loads(result.stdout)["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": BUCKET,
        "location": PREFIX,
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": REGION,
        "addressing_style": "path",
        "custom_domain": None,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 120,
        "signature_version": "s3v4",
        "file_overwrite": False,
        "max_memory_size": 5 * 1024 * 1024,
        "access_key": "test-access-key",
        "secret_key": "test-secret-key",
    }


def test_settings_keep_the_file_system_by_default_and_refuse_s3_without_a_bucket():
    default = read_storages()
    no_bucket = read_storages(DJANGO_MEDIA_STORAGE="s3")
    unknown = read_storages(DJANGO_MEDIA_STORAGE="ftp")

    assert default.returncode == 0, default.stderr
    assert json.loads(default.stdout)["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert no_bucket.returncode != 0
    assert "DJANGO_MEDIA_S3_BUCKET is required when DJANGO_MEDIA_STORAGE is 's3'." in no_bucket.stderr
    assert unknown.returncode != 0
    assert "DJANGO_MEDIA_STORAGE must be 'filesystem' or 's3'." in unknown.stderr


def test_without_keys_in_the_settings_boto3_finds_its_own_credentials():
    env = {key: value for key, value in S3_ENV.items() if "ACCESS_KEY" not in key}

    result = read_storages(**env)

    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["default"]["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options


# --------------------------------------------------------------------------------- (a) uploads and downloads


@pytest.mark.django_db
def test_a_news_image_uploaded_by_the_secretariat_lands_in_the_bucket_and_is_served(client, s3, settings):
    client.force_login(UserFactory(is_secretariat=True))
    upload = SimpleUploadedFile("foto.png", _png(), content_type="image/png")

    response = client.post(
        reverse("news:post_create"),
        {
            "title": "Berita di S3",
            "slug": "berita-di-s3",
            "summary": "Gambar di bucket.",
            "body": "Isi.",
            "status": "published",
            "publish_at": "2019-03-04T09:00",
            "images-TOTAL_FORMS": "1",
            "images-INITIAL_FORMS": "0",
            "images-MIN_NUM_FORMS": "0",
            "images-MAX_NUM_FORMS": "8",
            "images-0-image": upload,
            "images-0-alt_text": "Gambar",
            "images-0-order": "0",
        },
    )
    picture = Post.objects.get(slug="berita-di-s3").images.get()
    client.logout()
    page = client.get(reverse("news:post_detail", args=["berita-di-s3"]))
    image = client.get(reverse("news:image", args=[picture.pk]))
    served = b"".join(image.streaming_content)
    image.close()

    assert response.status_code == 302
    stored = objects(s3)
    assert list(stored) == [f"{PREFIX}/{picture.image.name}"]  # the row names the key below the prefix
    assert stored[f"{PREFIX}/{picture.image.name}"][:8] == b"\x89PNG\r\n\x1a\n"
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on the server's disk
    assert page.status_code == 200
    assert reverse("news:image", args=[picture.pk]) in page.content.decode()
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert int(image["Content-Length"]) == len(served)
    assert served == stored[f"{PREFIX}/{picture.image.name}"]


@pytest.mark.django_db
def test_a_masterplan_book_built_by_the_worker_is_stored_in_the_bucket_and_downloads(client, s3, framework):
    cohort = CohortFactory(year=2018, framework_version=framework)
    participation = ParticipationFactory(
        cohort=cohort, region=RegionFactory(name="Kabupaten Awan"), status=ParticipationStatus.MENTORING
    )
    editor = UserFactory()
    RegionMembershipFactory(user=editor, region=participation.region, role=MembershipRole.EDITOR)
    masterplan = create_masterplan(participation, by=editor)
    client.force_login(editor)

    client.post(reverse("masterplans:document_request", args=[masterplan.pk, "book1_docx"]))
    job = DocumentJob.objects.get()
    response = client.get(reverse("masterplans:document_download", args=[masterplan.pk, job.pk]))
    served = b"".join(response.streaming_content)
    response.close()

    assert job.status == "done"
    stored = objects(s3)
    assert list(stored) == [f"{PREFIX}/{job.file.name}"]
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="Buku-1-Analisis-Kabupaten-Awan-')
    assert served[:4] == b"PK\x03\x04"
    assert served == stored[f"{PREFIX}/{job.file.name}"]


@pytest.mark.django_db
def test_a_file_missing_from_the_bucket_answers_404(client, s3):
    picture = PostImageFactory()
    s3.delete_object(Bucket=BUCKET, Key=f"{PREFIX}/{picture.image.name}")

    assert client.get(reverse("news:image", args=[picture.pk])).status_code == 404


@pytest.mark.django_db
def test_an_upload_never_replaces_an_object_of_the_same_name(s3):
    first = default_storage.save("news/sama.png", ContentFile(b"satu"))
    second = default_storage.save("news/sama.png", ContentFile(b"dua"))

    assert first == "news/sama.png" and second != first
    assert objects(s3) == {f"{PREFIX}/{first}": b"satu", f"{PREFIX}/{second}": b"dua"}


# --------------------------------------------------------------------------------- (b) private objects, signed URLs


@pytest.mark.django_db
def test_objects_are_private_and_storage_urls_are_signed_and_expire(s3):
    picture = PostImageFactory(post__status="draft")
    key = f"{PREFIX}/{picture.image.name}"

    url = urlsplit(picture.image.url)
    query = parse_qs(url.query)
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]

    assert url.scheme == "https" and url.path.endswith(f"/{key}")
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["300"]  # five minutes unless DJANGO_MEDIA_S3_URL_SECONDS says otherwise
    assert query["X-Amz-Credential"][0].startswith("test-access-key/") and query["X-Amz-Signature"][0]
    # Only the bucket's owner may read: no grant to everyone or to any AWS account.
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert grants[0]["Grantee"]["Type"] == "CanonicalUser"


# --------------------------------------------------------------------------------- (c) backups of the bucket


@pytest.mark.django_db
def test_backup_reads_the_files_rows_name_from_the_bucket_and_verify_restores_them(s3, tmp_path, monkeypatch):
    pictures = [PostImageFactory(image__filename=f"{n}.png") for n in ("satu", "dua")]
    default_storage.save("monitoring-imports/0123456789abcdef.xlsx", ContentFile(b"no row names it"))
    gone = PostImageFactory()
    default_storage.delete(gone.image.name)

    archive = create_backup(tmp_path / "backups")
    manifest = read_manifest(archive)
    # The live site's environment names the bucket: the check must still restore into a scratch directory.
    monkeypatch.setenv("DJANGO_MEDIA_STORAGE", "s3")
    monkeypatch.setenv("DJANGO_MEDIA_S3_BUCKET", "kotacerdas-live")
    monkeypatch.setenv("DJANGO_MEDIA_S3_ENDPOINT_URL", "http://127.0.0.1:9")
    report = verify_backup(archive, f"sqlite:///{tmp_path / 'check.sqlite3'}")

    stored = objects(s3)
    assert sorted(manifest["files"]) == sorted(p.image.name for p in pictures)
    for picture in pictures:
        assert manifest["files"][picture.image.name]["size"] == len(stored[f"{PREFIX}/{picture.image.name}"])
    assert manifest["missing_files"] == [gone.image.name]
    assert report.problems == []
    assert report.files == 2


@pytest.mark.django_db(transaction=True)
def test_restore_writes_the_files_into_an_empty_bucket(s3, settings, s3_storages, tmp_path, capsys):
    pictures = [PostImageFactory(image__filename=f"{n}.png") for n in ("satu", "dua", "tiga")]
    names = {p.image.name for p in pictures}
    call_command("backup", output=tmp_path / "backups")
    archive = next((tmp_path / "backups").glob("kotacerdas-backup-*.tar.gz"))
    assert "3 files" in capsys.readouterr().out
    # Disaster: the database and the bucket are gone. A new empty bucket and an empty database.
    call_command("flush", interactive=False, verbosity=0)
    _bucket(s3, "kotacerdas-media-restored")
    settings.STORAGES = {
        **s3_storages,
        "default": {
            **s3_storages["default"],
            "OPTIONS": {**s3_storages["default"]["OPTIONS"], "bucket_name": "kotacerdas-media-restored"},
        },
    }

    call_command("restore_backup", str(archive), json=True)

    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    restored = objects(s3, "kotacerdas-media-restored")
    assert report["problems"] == [] and report["files"] == 3
    assert stored_names(default_storage) == names
    assert set(restored) == {f"{PREFIX}/{name}" for name in names}
    assert all(data[:4] == b"\x89PNG" for data in restored.values())
    assert set(PostImage.objects.values_list("image", flat=True)) == names
