"""Weekly reminder of agreements (MoU, PKS) ending within 90 days, e-mailed to the secretariat.

Run by a scheduler once a week (docs/deployment.md, "Agreement reminders"). Sends nothing when no agreement ends
within the window; prints how many messages it sent.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kotacerdas.programmes.services import send_agreement_reminders


class Command(BaseCommand):
    help = "E-mail every active secretariat account the agreements ending within 90 days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="",
            help="The site's address (https://kotacerdas.example.id) for links in the message; none without it.",
        )
        parser.add_argument(
            "--today", default="", help="Count days from this date (YYYY-MM-DD) instead of today."
        )

    def handle(self, *args, site_url="", today="", **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today must be a date YYYY-MM-DD, not {today!r}.") from exc
        sent, listed = send_agreement_reminders(day, site_url=site_url)
        if not listed:
            self.stdout.write("No agreement ends within 90 days: nothing sent.")
        else:
            self.stdout.write(f"Sent {sent} reminder(s) listing {listed} agreement(s) ending within 90 days.")
