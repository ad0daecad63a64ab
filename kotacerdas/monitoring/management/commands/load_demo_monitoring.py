from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.monitoring.demo_progress import approve_demo_masterplan, load_demo_progress
from kotacerdas.monitoring.demo_values import load_demo_values


class Command(BaseCommand):
    help = (
        "Load the demo monitoring: Pemalang's five years of indicator values and programme progress. Idempotent. "
        "The implementation evaluation rounds come with load_demo_implementation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--allow-without-debug", action="store_true")

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Use --allow-without-debug on a test server."
            )
        tracked = load_demo_values()
        if not tracked:
            raise CommandError(
                "The Pemalang demo masterplan or the catalogue is missing; run the set-up first."
            )
        approve_demo_masterplan()
        progress = load_demo_progress()
        self.stdout.write(f"Demo monitoring ready: {tracked} tracked indicators; progress: {progress}.")
