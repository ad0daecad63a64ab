from django.core.management.base import BaseCommand

from kotacerdas.letters.seed import load_letter_templates


class Command(BaseCommand):
    help = (
        "Load the starting templates of the six kinds of official letters and the 2018 number registers. "
        "Idempotent: templates the secretariat edited are kept unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Write the starting texts over the templates."
        )

    def handle(self, *args, **options):
        created = load_letter_templates(reset=options["reset"])
        self.stdout.write(
            f"Letter templates ready: {created['templates']} templates and {created['registers']} registers added."
        )
