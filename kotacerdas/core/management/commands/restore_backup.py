import json
from dataclasses import asdict
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.core.backup import BackupError, Report, compare, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the configured database, which must be empty, and its files into the "
        "configured storage; then compare row counts and checksums with the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--json", action="store_true", help="Print the comparison as one line of JSON.")

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["archive"])
        except BackupError as exc:
            report = Report(problems=[str(exc)])
        else:
            report = compare(manifest, alias="default", storage=default_storage)
        if options["json"]:
            self.stdout.write(json.dumps(asdict(report)))
        else:
            for problem in report.problems:
                self.stderr.write(problem)
        if not report.ok:
            n = len(report.problems)
            raise CommandError(f"The backup did not restore cleanly: {n} problem{'s' if n != 1 else ''}.")
        if not options["json"]:
            self.stdout.write(
                f"Restored {report.rows:,} rows in {report.tables} tables and {report.files} files."
            )
