"""Backup and restore: an archive restores into an empty database with the same row counts and the same files;
a damaged archive, a changed file or a database that is not empty is refused with a clear message."""

import io
import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from kotacerdas.core.backup import create_backup, read_manifest, row_counts, verify_backup
from tests.factories import PostCommentFactory, PostFactory, PostImageFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(settings, tmp_path, framework):
    """Rows of several apps (a many-to-many included) and an uploaded image, in a media directory of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    region = RegionFactory(name="Kota Cadangan")
    post = PostFactory(title="Berita cadangan")
    post.regions.add(region)
    PostCommentFactory(post=post, text="Komentar <b>cadangan</b>")
    return PostImageFactory(post=post)


def _target(tmp_path, name="restored.sqlite3") -> str:
    return f"sqlite:///{tmp_path / name}"


def _rewrite(archive, tmp_path, member: str, change) -> object:
    """A copy of ``archive`` with ``member``'s bytes passed through ``change``."""
    copy = tmp_path / "changed.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for info in source.getmembers():
            content = source.extractfile(info).read()
            if info.name == member:
                content = change(content)
                info.size = len(content)
            target.addfile(info, io.BytesIO(content))
    return copy


def test_backup_records_every_table_and_file_and_restores_them_exactly(data, tmp_path):
    archive = create_backup(tmp_path / "backups")

    manifest = read_manifest(archive)
    report = verify_backup(archive, _target(tmp_path))

    counts = row_counts()
    assert manifest["rows"] == counts
    assert manifest["rows"]["news.post_regions"] == 1  # many-to-many tables are counted too
    assert "sessions.session" not in manifest["rows"]
    assert list(manifest["files"]) == [data.image.name]
    assert manifest["files"][data.image.name]["size"] == data.image.size
    assert manifest["missing_files"] == []
    assert report.problems == []
    assert (report.rows, report.files) == (sum(counts.values()), 1)


def test_restored_rows_are_the_same_rows(data, tmp_path):
    archive = create_backup(tmp_path / "backups")
    verify_backup(archive, _target(tmp_path))

    import sqlite3

    with sqlite3.connect(tmp_path / "restored.sqlite3") as db:
        comment = db.execute("SELECT text FROM news_postcomment").fetchall()
        region = db.execute("SELECT name FROM regions_region WHERE name = 'Kota Cadangan'").fetchall()
    assert comment == [("Komentar <b>cadangan</b>",)]
    assert region == [("Kota Cadangan",)]


def test_a_damaged_database_dump_is_refused_and_nothing_is_loaded(data, tmp_path):
    archive = create_backup(tmp_path / "backups")
    damaged = _rewrite(
        archive, tmp_path, "database.json", lambda b: b.replace(b"Kota Cadangan", b"Kota Palsu")
    )

    report = verify_backup(damaged, _target(tmp_path))

    assert report.problems == ["database.json does not match the manifest: the archive is damaged."]


def test_a_changed_file_is_found(data, tmp_path):
    archive = create_backup(tmp_path / "backups")
    changed = _rewrite(archive, tmp_path, f"media/{data.image.name}", lambda b: b + b"x")

    report = verify_backup(changed, _target(tmp_path))

    assert report.problems == [f"{data.image.name}: content differs from the backup"]


def test_a_database_that_is_not_empty_is_refused(data, tmp_path):
    archive = create_backup(tmp_path / "backups")
    assert verify_backup(archive, _target(tmp_path)).ok

    again = verify_backup(archive, _target(tmp_path))

    assert again.problems == ["The target database is not empty; restore only into an empty database."]


def test_a_file_a_row_names_but_storage_lacks_is_listed(data, tmp_path):
    default_storage.delete(data.image.name)

    manifest = read_manifest(create_backup(tmp_path / "backups"))

    assert (manifest["files"], manifest["missing_files"]) == ({}, [data.image.name])


def test_not_an_archive_is_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a backup")

    report = verify_backup(bogus, _target(tmp_path))

    assert len(report.problems) == 1 and "is not a kotacerdas backup" in report.problems[0]


def test_commands_make_and_verify_a_backup(data, tmp_path, capsys):
    call_command("backup", output=tmp_path / "backups")
    archive = next((tmp_path / "backups").glob("kotacerdas-backup-*.tar.gz"))
    call_command("verify_backup", str(archive), database_url=f"sqlite:///{tmp_path / 'check.sqlite3'}")

    out = capsys.readouterr().out
    assert f"{archive}: " in out and "1 files" in out
    assert "The backup restores:" in out and "1 files match the manifest" in out
    with pytest.raises(CommandError, match="1 problem\\."):
        call_command("verify_backup", str(archive), database_url=f"sqlite:///{tmp_path / 'check.sqlite3'}")


def test_manifest_is_readable_json_with_the_migration_state(data, tmp_path):
    with tarfile.open(create_backup(tmp_path / "backups"), "r:gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))

    assert manifest["format"] == 1
    assert "news.0002_post_hold_comments" in manifest["migrations"]
