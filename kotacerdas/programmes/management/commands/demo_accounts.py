from django.core.management.base import BaseCommand

from kotacerdas.programmes.demo import DEMO_PASSWORD, USERS


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def handle(self, *args, **options):
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})\n")
        for email, name, position, _flags in USERS:
            self.stdout.write(f"  {email:<42} {name} — {position}")
        self.stdout.write("\nOpen http://127.0.0.1:8000/\n")
