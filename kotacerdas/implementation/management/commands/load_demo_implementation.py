from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.implementation.demo import demo_summary, load_demo_index


class Command(BaseCommand):
    help = (
        "Load the demo implementation evaluation: rounds 2023 and 2024 (published) and 2025 (self-assessment "
        "open). Run after load_rubrics, load_index_weights and load_demo_monitoring. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--allow-without-debug", action="store_true")

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Use --allow-without-debug on a test server."
            )
        entries = load_demo_index()
        if not entries:
            raise CommandError(
                "The implementation rubric or the index weights are missing; run the set-up first."
            )
        self.stdout.write(f"Implementation rounds ready: {demo_summary()} with {entries} region entries.")
