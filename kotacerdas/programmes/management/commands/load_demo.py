from django.core.management.base import BaseCommand, CommandError

from kotacerdas.programmes.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo cohorts, users and invented details (marked as demo data). Idempotent."

    def handle(self, *args, **options):
        try:
            counts = load_demo()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo data ready: {counts['users']} demo users, {counts['cohorts']} cohorts, "
            f"{counts['participations']} participations."
        )
