from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kotacerdas.core.backup import verify_backup


class Command(BaseCommand):
    help = (
        "Check that a backup archive restores: load it into an empty database (a PostgreSQL database created for "
        "the check, or a new SQLite file) and a scratch directory, and compare every table's row count and every "
        "file's checksum with the archive's manifest. Exits with an error on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--database-url",
            required=True,
            help="An EMPTY database to restore into, e.g. postgres://kotacerdas@db/restore_check or "
            "sqlite:////tmp/restore_check.sqlite3",
        )

    def handle(self, *args, **options):
        report = verify_backup(options["archive"], options["database_url"])
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            n = len(report.problems)
            raise CommandError(f"The backup does not restore cleanly: {n} problem{'s' if n != 1 else ''}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"The backup restores: {report.rows:,} rows in {report.tables} tables and {report.files} files "
                "match the manifest."
            )
        )
