import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from kotacerdas.monitoring.forms_values import (
    PENDING_EVIDENCE_DIR,
    PENDING_EVIDENCE_MAX_AGE,
    PENDING_EVIDENCE_NAME,
)
from kotacerdas.monitoring.views_import import STORAGE_DIR, STORED_NAME, TOKEN_MAX_AGE


class Command(BaseCommand):
    help = (
        "Delete uploaded monitoring spreadsheets that were previewed but never committed, once their import link "
        "has expired, and evidence files kept for a value whose confirmation never came. Run it daily (cron or a "
        "scheduled task)."
    )

    def handle(self, *args, **options):
        cutoff = timezone.now() - datetime.timedelta(seconds=TOKEN_MAX_AGE)
        try:
            _dirs, files = default_storage.listdir(STORAGE_DIR)
        except FileNotFoundError:
            files = []
        removed = 0
        for filename in files:
            name = f"{STORAGE_DIR}{filename}"
            # Only our own upload names: anything else in the folder is not ours to delete.
            if STORED_NAME.match(name) and default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                removed += 1
        self.stdout.write(f"Expired monitoring uploads deleted: {removed}.")
        self.stdout.write(f"Unconfirmed evidence files deleted: {self._clean_pending_evidence()}.")

    def _clean_pending_evidence(self) -> int:
        cutoff = timezone.now() - datetime.timedelta(seconds=PENDING_EVIDENCE_MAX_AGE)
        try:
            _dirs, files = default_storage.listdir(PENDING_EVIDENCE_DIR)
        except FileNotFoundError:
            return 0
        removed = 0
        for filename in files:
            name = f"{PENDING_EVIDENCE_DIR}{filename}"
            if PENDING_EVIDENCE_NAME.match(name) and default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                removed += 1
        return removed
