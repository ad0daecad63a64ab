from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kotacerdas.monitoring.catalogue import DATA_FILE, load_indicators


class Command(BaseCommand):
    help = (
        "Load the seeded indicator catalogue (ITU U4SSC KPIs and the demo masterplan's indicators) from its JSON "
        "file. Idempotent: creates or updates entries by code."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"Indicator file not found: {file}")
        try:
            result = load_indicators(file)
        except (KeyError, ValueError, TypeError) as exc:
            raise CommandError(f"Indicator file {file} is not valid: {exc!r}") from exc
        self.stdout.write(
            f"Indicators: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
        if result.conflicts:
            self.stderr.write(
                "Left alone, a region already uses these codes for its own indicator: "
                + ", ".join(result.conflicts)
            )
