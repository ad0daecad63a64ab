from django.core.management.base import BaseCommand

from kotacerdas.implementation.services import load_index_schemes


class Command(BaseCommand):
    help = "Seed the implementation index weights (10/20/30/20/20 and 10/20/30/30/10). Safe to run again."

    def handle(self, *args, **options):
        schemes = load_index_schemes()
        self.stdout.write(f"Index weights ready: {', '.join(s.name for s in schemes)}.")
