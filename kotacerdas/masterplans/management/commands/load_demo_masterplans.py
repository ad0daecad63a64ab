from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.masterplans.demo import load_demo_masterplan


class Command(BaseCommand):
    help = "Load the demo masterplan of Kabupaten Pemalang 2019–2028 (marked as demo data). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--allow-without-debug", action="store_true")

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Use --allow-without-debug on a test server."
            )
        masterplan = load_demo_masterplan()
        if masterplan is None:
            raise CommandError(
                "The 2018 demo cohort with Kabupaten Pemalang is missing; run load_demo first."
            )
        self.stdout.write(
            f"Demo masterplan ready: {masterplan} ({masterplan.programmes.count()} programmes)."
        )
