"""Backup and restore of the database and the uploaded files, and the check that a backup restores.

A backup is one ``.tar.gz`` file:

* ``database.json``: every table through Django's serialisers (``dumpdata`` with natural keys for content
  types, so it loads into any empty database of any engine Django supports);
* ``media/…``: every file a ``FileField`` or ``ImageField`` names, read through the storage API (so it works
  with S3-compatible storage too); files on disk that no row names are not part of the platform's data;
* ``manifest.json``: when and from which migration state it was made, the row count of every table, the size
  and SHA-256 of ``database.json`` and of every file, and the files rows name but storage lacks.

``restore`` migrates an empty database, loads the rows (sequences are reset by ``loaddata``) and writes the
files back through a storage. ``verify`` restores, in a separate process, into an empty database and a scratch
directory and compares every count and every checksum with the manifest: a backup that does not restore is found
the day it is made, not the day it is needed.

Left out of the backup on purpose: sessions (everybody signs in again), content types and permissions (made by
``migrate`` on the target; rows point at them by natural key).
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
_EXCLUDED_LABELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """A backup that cannot be made, read or restored; the message says why."""


@dataclass
class Report:
    """The outcome of a verification: what matched, and every difference found."""

    tables: int = 0
    rows: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def counted_models() -> list[type[models.Model]]:
    """Every concrete table the backup carries, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in _EXCLUDED_LABELS and not model._meta.proxy and model._meta.managed
    ]


def row_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.using(alias).count() for model in counted_models()}


def file_names(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Names of the files that rows point at, each once."""
    names = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                values = model._base_manager.using(alias).exclude(**{model_field.name: ""})
                names.update(v for v in values.values_list(model_field.name, flat=True) if v)
    return sorted(names)


def _migration_state(alias: str) -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(output_dir: Path, *, storage: Storage | None = None, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Write a backup archive into ``output_dir`` and return its path."""
    storage = storage or default_storage
    output_dir.mkdir(parents=True, exist_ok=True)
    made_at = timezone.now()
    path = output_dir / f"kotacerdas-backup-{made_at:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database.json"
        # Rows and counts come from one moment: one transaction, on PostgreSQL a repeatable-read snapshot, so a
        # write during the backup is either wholly in it or wholly out.
        outermost = not connections[alias].in_atomic_block
        with transaction.atomic(using=alias):
            if outermost and connections[alias].vendor == "postgresql":
                with connections[alias].cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                database=alias,
                output=str(dump),
                verbosity=0,
            )
            counts = row_counts(alias)
        data = dump.read_bytes()
        files, missing = {}, []
        with tarfile.open(path, "w:gz") as archive:
            _add(archive, "database.json", data)
            for name in file_names(alias):
                try:
                    with storage.open(name, "rb") as handle:
                        content = handle.read()
                except (FileNotFoundError, OSError):
                    missing.append(name)
                    continue
                files[name] = {"size": len(content), "sha256": _sha256(content)}
                _add(archive, f"media/{name}", content)
            manifest = {
                "format": FORMAT,
                "made_at": made_at.isoformat(),
                "engine": connections[alias].vendor,
                "migrations": _migration_state(alias),
                "database": {"size": len(data), "sha256": _sha256(data)},
                "rows": counts,
                "files": files,
                "missing_files": missing,
            }
            _add(archive, "manifest.json", json.dumps(manifest, indent=1, sort_keys=True).encode())
    return path


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            return json.load(archive.extractfile("manifest.json"))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not a kotacerdas backup: {exc}") from exc


def _is_empty(alias: str) -> bool:
    tables = set(connections[alias].introspection.table_names())
    return not any(
        model._base_manager.using(alias).exists()
        for model in counted_models()
        if model._meta.db_table in tables
    )


def restore_backup(path: Path, *, alias: str = DEFAULT_DB_ALIAS, storage: Storage | None = None) -> dict:
    """Load a backup into the (empty) database ``alias`` and write its files to ``storage``.

    Refuses a database that holds any row of the platform's tables, and an archive whose database dump does
    not match its manifest. Returns the manifest.
    """
    storage = storage or default_storage
    manifest = read_manifest(path)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(path, "r:gz") as archive:
        data = archive.extractfile("database.json").read()
        if _sha256(data) != manifest["database"]["sha256"]:
            raise BackupError("database.json does not match the manifest: the archive is damaged.")
        call_command("migrate", database=alias, interactive=False, verbosity=0)
        if not _is_empty(alias):
            raise BackupError("The target database is not empty; restore only into an empty database.")
        dump = Path(scratch) / "database.json"
        dump.write_bytes(data)
        call_command("loaddata", str(dump), database=alias, verbosity=0)
        for name in manifest["files"]:
            member = archive.extractfile(f"media/{name}")
            if member is None:
                raise BackupError(f"The archive lacks the file {name}.")
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(member.read()))
            if saved != name:  # storage renamed it: rows would point at the wrong file
                raise BackupError(f"Storage saved {name} as {saved}.")
    return manifest


def compare(manifest: dict, *, alias: str, storage: Storage) -> Report:
    """Row counts of ``alias`` and files of ``storage`` against the manifest."""
    report = Report()
    counts = row_counts(alias)
    for label, expected in sorted(manifest["rows"].items()):
        found = counts.get(label)
        report.tables += 1
        report.rows += found or 0
        if found != expected:
            report.problems.append(f"{label}: {expected} rows in the backup, {found} after restoring")
    for label in sorted(set(counts) - set(manifest["rows"])):
        if counts[label]:
            report.problems.append(f"{label}: {counts[label]} rows after restoring, none in the backup")
    for name, expected in sorted(manifest["files"].items()):
        try:
            with storage.open(name, "rb") as handle:
                content = handle.read()
        except (FileNotFoundError, OSError):
            report.problems.append(f"{name}: missing after restoring")
            continue
        report.files += 1
        if _sha256(content) != expected["sha256"]:
            report.problems.append(f"{name}: content differs from the backup")
    return report


def verify_backup(path: Path, database_url: str) -> Report:
    """Restore ``path`` into the empty database at ``database_url`` and a scratch media directory, in a separate
    process (``manage.py restore_backup``, the very command an operator would run), and compare. The scratch
    directory is removed; the database is left as restored (drop it, or keep it as a warm copy)."""
    media = Path(tempfile.mkdtemp(prefix="kotacerdas-restore-"))
    # The scratch directory whatever storage the site uses: with DJANGO_MEDIA_STORAGE=s3 inherited, the check
    # would write its files into the live bucket.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_STORAGE": "filesystem",
        "DJANGO_MEDIA_ROOT": str(media),
    }
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "restore_backup",
        str(path),
        "--json",
    ]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    finally:
        shutil.rmtree(media, ignore_errors=True)
    try:
        return Report(**json.loads(done.stdout.strip().splitlines()[-1]))
    except (IndexError, json.JSONDecodeError, TypeError):
        lines = (done.stderr or done.stdout).strip().splitlines()
        return Report(problems=[lines[-1] if lines else f"restore_backup exited with {done.returncode}"])
