from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.news.demo import load_demo_news


class Command(BaseCommand):
    help = (
        "Load the demo news: three secretariat posts (the 2018 evaluation, Pemalang's presentation, a delivered "
        "quick win), comments from the public and residents' feedback on Pemalang's quick wins. Idempotent. "
        "Run after load_demo_monitoring (feedback needs the published masterplan and delivered quick wins)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--allow-without-debug", action="store_true")

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to load demo data with DEBUG off. Use --allow-without-debug on a test server."
            )
        result = load_demo_news()
        self.stdout.write(
            f"Demo news ready: {result['posts']} posts; {result['new_comments']} new comments, "
            f"{result['new_feedback']} new quick-win feedback."
        )
