from django.core.management.base import BaseCommand, CommandError

from kotacerdas.evaluations.seed import load_default_rubrics


class Command(BaseCommand):
    help = "Load the default masterplan and quick-win rubrics (labelled as defaults). Idempotent."

    def handle(self, *args, **options):
        try:
            rubrics = load_default_rubrics()
        except (KeyError, ValueError) as exc:
            raise CommandError(f"The rubric file is not valid: {exc!r}") from exc
        self.stdout.write(f"Default rubrics ready: {', '.join(str(r) for r in rubrics)}.")
