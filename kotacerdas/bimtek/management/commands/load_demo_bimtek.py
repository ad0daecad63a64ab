from django.core.management.base import BaseCommand, CommandError

from kotacerdas.bimtek.demo import load_demo_bimtek


class Command(BaseCommand):
    help = "Load invented bimtek attendance, working groups and deliverables for the 2018 demo cohort. Idempotent."

    def handle(self, *args, **options):
        try:
            counts = load_demo_bimtek()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo bimtek ready: {counts['groups']} working groups, {counts['attendees']} attendees, "
            f"{counts['expectations']} expected deliverables, {counts['receipts']} receipts added."
        )
