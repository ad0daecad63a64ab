from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kotacerdas.framework.services import CURRENT_FILE, load_framework_file


class Command(BaseCommand):
    help = (
        "Load the smart city framework version from a JSON file (the current edition by default). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=CURRENT_FILE)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"Framework file not found: {file}")
        try:
            version, created = load_framework_file(file)
        except (KeyError, ValueError, TypeError) as exc:
            raise CommandError(f"Framework file {file} is not valid: {exc!r}") from exc
        state = "created" if created else "already present, left unchanged"
        self.stdout.write(f"Framework version {version.code}: {state}.")
