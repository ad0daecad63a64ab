from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from kotacerdas.core.backup import create_backup, read_manifest


class Command(BaseCommand):
    help = (
        "Write a backup of the database and the uploaded files into one .tar.gz archive (see docs/backup.md). "
        "Check it with verify_backup."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=Path(settings.BASE_DIR) / "var" / "backups", help="Directory."
        )

    def handle(self, *args, **options):
        path = create_backup(options["output"])
        manifest = read_manifest(path)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"{path}: {rows:,} rows in {len(manifest['rows'])} tables, {len(manifest['files'])} files, "
            f"{path.stat().st_size / 1024 / 1024:.1f} MB"
        )
        for name in manifest["missing_files"]:
            self.stderr.write(self.style.WARNING(f"not in storage (a row names it): {name}"))
