from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.programmes.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the programmes and cohorts 2017–2024 with the members public sources name "
        "(programmes/data/cohorts.csv, docs/cohorts.md), the demo users and invented details (marked as demo "
        "data). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load demo accounts although DEBUG is off (their password is public: never on a real server).",
        )

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: the demo accounts' password is public. "
                "Use --allow-without-debug only on a throw-away server."
            )
        try:
            counts = load_demo()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo data ready: {counts['users']} demo users, {counts['cohorts']} cohorts, "
            f"{counts['participations']} participations."
        )
