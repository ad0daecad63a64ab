from django.core.management.base import BaseCommand, CommandError

from kotacerdas.regions.demo import load_demo_bodies
from kotacerdas.regions.models import Region


class Command(BaseCommand):
    help = "Create Kabupaten Pemalang's demo Dewan Smart City and Tim Pelaksana (invented decrees). Safe to run again."

    def handle(self, *args, **options):
        try:
            created = load_demo_bodies()
        except Region.DoesNotExist as exc:
            raise CommandError("Load the regions first (load_regions).") from exc
        self.stdout.write(f"Regional smart city bodies: {created} created.")
