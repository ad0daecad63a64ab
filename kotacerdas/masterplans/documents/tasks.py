"""Building a book in the background: one ``DocumentJob`` at a time, with progress and a readable error."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from kotacerdas.masterplans.documents import content, docx_builder, frozen, pdf_builder
from kotacerdas.masterplans.models import DocumentJob, DocumentKind, JobStatus

logger = logging.getLogger(__name__)

BUILD_FAILED = _(
    "The document could not be built. Try again; if it fails again, tell the secretariat (job %(id)s)."
)

WORKER_LOST = _("The worker stopped before the document was ready. Try again.")
# A running build writes its progress at every step (the longest, a PDF of a large masterplan, takes seconds):
# one silent this long has lost its worker (killed, out of memory, machine restarted). A queued job waits for a
# free worker, behind schedule proposals of up to two minutes, so it gets longer before it counts as lost.
RUNNING_SILENT = timedelta(minutes=3)
QUEUED_SILENT = timedelta(minutes=15)


def is_lost(job: DocumentJob, now=None) -> bool:
    """Whether a job's worker is gone by the same rule as ``release_lost_jobs``, for jobs already loaded."""
    now = now or timezone.now()
    if job.status == JobStatus.RUNNING:
        return job.updated_at < now - RUNNING_SILENT
    return job.status == JobStatus.QUEUED and job.updated_at < now - QUEUED_SILENT


def release_lost_jobs(masterplan_id: int) -> int:
    """Mark as failed, with a message and the retry button, the jobs of a masterplan whose worker is gone."""
    now = timezone.now()
    lost = DocumentJob.objects.filter(masterplan_id=masterplan_id).filter(
        Q(status=JobStatus.RUNNING, updated_at__lt=now - RUNNING_SILENT)
        | Q(status=JobStatus.QUEUED, updated_at__lt=now - QUEUED_SILENT)
    )
    return lost.update(status=JobStatus.FAILED, error=str(WORKER_LOST), finished_at=now, updated_at=now)


# kind -> (book number, file format); the programme spreadsheet (XLSX) is built elsewhere.
BOOK_KINDS = {
    DocumentKind.BOOK1_DOCX: (1, "docx"),
    DocumentKind.BOOK1_PDF: (1, "pdf"),
    DocumentKind.BOOK2_DOCX: (2, "docx"),
    DocumentKind.BOOK2_PDF: (2, "pdf"),
}


def download_name(job: DocumentJob) -> str:
    number, fmt = BOOK_KINDS[job.kind]
    return f"{content.filename_stem(job.masterplan, number)}.{fmt}"


def _book(masterplan, number: int):
    """The books of a published masterplan are those of its published version (masterplans/published.py): a
    later edit, such as an agency renamed, does not reach the public through a book either."""
    if masterplan.published_version_id:
        return frozen.version_book(masterplan.published_version, number)
    return content.book_content(masterplan, number)


def _set(job: DocumentJob, **fields) -> None:
    """Write progress straight away, so a page polling the job sees it while the build goes on."""
    for name, value in fields.items():
        setattr(job, name, value)
    DocumentJob.objects.filter(pk=job.pk).update(updated_at=timezone.now(), **fields)


@task()
def build_document(job_id: int) -> str:
    """Build the file of a queued ``DocumentJob``: progress 10 → 50 → 90 → 100, then done, or failed with a
    readable error (the traceback goes to the log only). Returns the final status."""
    job = (
        DocumentJob.objects.select_related(
            "masterplan__participation__region__province", "masterplan__participation__cohort"
        )
        .filter(pk=job_id)
        .first()
    )
    if job is None:
        return "missing"  # deleted while it waited
    if job.kind not in BOOK_KINDS:
        return _fail(job, _("This kind of document is not built here."))
    claimed = DocumentJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, progress=10, error="", updated_at=timezone.now()
    )
    if not claimed:
        return str(job.status)  # already taken by another worker, or finished
    job.status, job.progress, job.error = JobStatus.RUNNING, 10, ""
    try:
        number, fmt = BOOK_KINDS[job.kind]
        book = _book(job.masterplan, number)
        _set(job, progress=50)
        # Looked up on the modules at call time, so a test can put a failing builder in their place.
        data = docx_builder.build_docx(book) if fmt == "docx" else pdf_builder.build_pdf(book)
        _set(job, progress=90)
        if job.file:
            job.file.delete(save=False)  # a retried job keeps only its newest file
        job.file.save(f"{book.filename_stem}.{fmt}", ContentFile(data), save=False)
    except Exception:
        logger.exception("Document job %s (%s of masterplan %s) failed", job.pk, job.kind, job.masterplan_id)
        return _fail(job, BUILD_FAILED, id=job.pk)
    _set(job, file=job.file.name, status=JobStatus.DONE, progress=100, finished_at=timezone.now())
    return str(JobStatus.DONE)


def _fail(job: DocumentJob, message, **params) -> str:
    """Store the error in the site's language: the worker has no reader whose language it could use."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message) % params if params else str(message)
    _set(job, status=JobStatus.FAILED, error=text, finished_at=timezone.now())
    return str(JobStatus.FAILED)
