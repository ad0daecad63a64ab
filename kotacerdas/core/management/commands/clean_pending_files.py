from django.core.management.base import BaseCommand
from django.urls import get_resolver

from kotacerdas.core.pending import STORES


class Command(BaseCommand):
    help = (
        "Delete files that were kept between two requests and never used: spreadsheets uploaded and previewed but "
        "never imported, evidence kept for a value whose confirmation never came. A file goes once its link has "
        "expired (24 hours). Run it daily (cron or a scheduled task)."
    )

    def handle(self, *args, **options):
        # Each store registers itself when its module is imported; the views and forms that own them are all
        # reachable from the URLconf, which a management command does not otherwise load.
        get_resolver().url_patterns  # noqa: B018
        for store in sorted(STORES, key=lambda store: store.directory):
            self.stdout.write(f"{store.directory}: {store.clean()} expired files deleted.")
