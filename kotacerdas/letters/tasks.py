"""Letter batches in the background (django-tasks, as masterplans/documents/tasks.py): one ``LetterBatch`` at a
time, with progress after every letter, a ZIP of the PDFs at the end, or a readable error and the retry button."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from kotacerdas.letters.models import FILE_PREFIXES, BatchAction, JobStatus, Letter, LetterBatch, LetterStatus

logger = logging.getLogger(__name__)

WORKER_LOST = _("The worker stopped before the letters were ready. Try again.")
BATCH_FAILED = _("The letter for %(subject)s could not be made: %(reason)s")
BROKEN = _("an unexpected error (batch %(id)s); tell the technical team if it happens again")
# A running batch writes its progress after every letter (a second or less each): one silent this long has lost its
# worker. A queued batch may wait behind other jobs.
RUNNING_SILENT = timedelta(minutes=3)
QUEUED_SILENT = timedelta(minutes=15)


def release_lost_batches() -> int:
    """Mark as failed, with a message and the retry button, the batches whose worker is gone."""
    now = timezone.now()
    lost = LetterBatch.objects.filter(
        Q(status=JobStatus.RUNNING, updated_at__lt=now - RUNNING_SILENT)
        | Q(status=JobStatus.QUEUED, updated_at__lt=now - QUEUED_SILENT)
    )
    with translation.override(settings.LANGUAGE_CODE):
        message = str(WORKER_LOST)
    return lost.update(status=JobStatus.FAILED, error=message, finished_at=now, updated_at=now)


def _set(batch: LetterBatch, **fields) -> None:
    """Write progress straight away, so a page polling the batch sees it while the job goes on."""
    for name, value in fields.items():
        setattr(batch, name, value)
    LetterBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now(), **fields)


def _fail(batch: LetterBatch, message, **params) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message) % {k: str(v) for k, v in params.items()} if params else str(message)
    _set(batch, status=JobStatus.FAILED, error=text[:4000], finished_at=timezone.now())
    return str(JobStatus.FAILED)


def _reason(exc: Exception, batch: LetterBatch) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(BROKEN) % {"id": batch.pk}


@task()
def run_batch(batch_id: int) -> str:
    """Run a queued batch: prepare (or finalise) its letters one by one, writing progress after each, then the ZIP.
    Returns the final status."""
    from kotacerdas.letters import services

    batch = LetterBatch.objects.select_related("requested_by").filter(pk=batch_id).first()
    if batch is None:
        return "missing"
    claimed = LetterBatch.objects.filter(pk=batch.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, progress=0, done_count=0, error="", updated_at=timezone.now()
    )
    if not claimed:
        return str(batch.status)
    batch.status = JobStatus.RUNNING
    by = batch.requested_by
    if batch.action == BatchAction.FINALISE:
        items = list(Letter.objects.filter(pk__in=batch.letter_ids).select_related("region"))
        items.sort(key=lambda letter: batch.letter_ids.index(letter.pk))
    else:
        try:
            items = services.batch_subjects(
                batch.kind,
                cohort=batch.cohort,
                stage=batch.stage,
                event=batch.event,
                award_category=batch.award_category,
            )
        except ValidationError as exc:
            return _fail(batch, _reason(exc, batch))
    total = len(items)
    _set(batch, total=total)
    letters = []
    for index, item in enumerate(items, 1):
        try:
            letters.append(_one(batch, item, by))
        except Exception as exc:
            if not isinstance(exc, ValidationError):
                logger.exception("Letter batch %s failed at %s", batch.pk, _subject_name(item))
            return _fail(batch, BATCH_FAILED, subject=_subject_name(item), reason=_reason(exc, batch))
        # The ZIP is the last tenth of the work.
        _set(batch, done_count=index, progress=int(90 * index / total) if total else 90)
    try:
        data = services.zip_of_pdfs(letters)
        if batch.zip_file:
            batch.zip_file.delete(save=False)
        batch.zip_file.save(
            f"{FILE_PREFIXES.get(batch.kind, batch.kind)}-{batch.pk}.zip", ContentFile(data), save=False
        )
    except Exception:
        logger.exception("Letter batch %s: the ZIP could not be written", batch.pk)
        return _fail(batch, BROKEN, id=batch.pk)
    _set(batch, zip_file=batch.zip_file.name, status=JobStatus.DONE, progress=100, finished_at=timezone.now())
    return str(JobStatus.DONE)


def _subject_name(item) -> str:
    if isinstance(item, Letter):
        return item.addressed_to
    for key in ("region", "participation", "session", "event", "cohort"):
        value = item.get(key)
        if value is not None:
            return str(value.region if key in ("participation", "session") else value)
    return ""


def _one(batch: LetterBatch, item, by) -> Letter:
    """Prepare one letter of a preparing batch, or finalise one of a finalising batch; a letter already past
    that point is taken as it is (its frozen PDF goes into the ZIP)."""
    from kotacerdas.letters import services

    if isinstance(item, Letter):
        if item.status != LetterStatus.DRAFT:
            return item
        try:
            return services.finalise_letter(item, by=by)
        except ValidationError:
            # Another batch (a second click on "finalise all") may have finalised it meanwhile: take it as it is.
            item.refresh_from_db()
            if item.status != LetterStatus.DRAFT:
                return item
            raise
    live = services.letters_about(batch.kind, services.subject_of(batch.kind, **item)).exclude(
        status__in=(LetterStatus.DRAFT, LetterStatus.CANCELLED)
    )
    existing = live.order_by("-pk").first()
    if existing is not None:
        return existing
    return services.prepare_letter(batch.kind, by=by, letter_date=batch.letter_date, batch=batch, **item)
