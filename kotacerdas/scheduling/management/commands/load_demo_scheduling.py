from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.scheduling.demo import load_demo_scheduling


class Command(BaseCommand):
    help = "Load the demo 2026 evaluation for automatic scheduling (40 regions, not scheduled; demo data). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--allow-without-debug", action="store_true")

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Use --allow-without-debug on a test server."
            )
        event = load_demo_scheduling()
        if event is None:
            raise CommandError("The demo programme is missing; run load_demo first.")
        self.stdout.write(
            f"Demo scheduling event ready: {event} ({event.cohort.participations.count()} regions)."
        )
