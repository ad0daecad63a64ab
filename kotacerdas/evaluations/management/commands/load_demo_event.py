from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.accounts.models import User
from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.evaluations.services import publish_agenda


class Command(BaseCommand):
    help = "Load the demo evaluation event of December 2018 at ICE BSD (marked as demo data). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--allow-without-debug", action="store_true")

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Use --allow-without-debug on a test server."
            )
        event = load_demo_event()
        if event is None:
            raise CommandError("The 2018 demo cohort is missing; run load_demo first.")
        if not event.agenda_is_published:
            # The December 2018 agenda was public; the demo shows it so (results stay for the secretariat).
            secretariat = User.objects.filter(is_secretariat=True, is_demo=True).order_by("pk").first()
            publish_agenda(event, by=secretariat, note="Agenda evaluasi 12–13 Desember 2018")
        self.stdout.write(f"Demo evaluation ready: {event} ({event.sessions.count()} sessions).")
