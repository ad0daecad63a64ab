"""The masterplan books: request a build, follow its progress, download the file, retry a failure."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.masterplans.documents.tasks import (
    BOOK_KINDS,
    build_document,
    download_name,
    release_lost_jobs,
)
from kotacerdas.masterplans.models import DocumentJob, JobStatus, Masterplan

logger = logging.getLogger(__name__)

EXPORT = "masterplans.export_masterplan"
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


def _masterplan(request, pk) -> Masterplan:
    """Scope first (404 outside it), then the permission (403)."""
    masterplan = get_object_or_404(
        Masterplan.objects.visible_to(request.user).select_related(
            "participation__region__province", "participation__cohort"
        ),
        pk=pk,
    )
    if not request.user.has_perm(EXPORT, masterplan):
        raise PermissionDenied
    return masterplan


def _job(masterplan, job_pk) -> DocumentJob:
    job = get_object_or_404(DocumentJob, masterplan=masterplan, pk=job_pk, kind__in=list(BOOK_KINDS))
    job.masterplan = masterplan
    return job


def _back(masterplan):
    return redirect(f"{reverse('masterplans:overview', args=[masterplan.pk])}#documents")


def _enqueue(request, job: DocumentJob) -> bool:
    try:
        build_document.enqueue(job.pk)
    except Exception:
        # The queue itself is unreachable: say so on the job rather than leave it waiting forever.
        logger.exception("Document job %s could not be queued", job.pk)
        message = _("The document could not be queued. Try again in a few minutes.")
        DocumentJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=message, finished_at=timezone.now(), updated_at=timezone.now()
        )
        messages.error(request, message)
        return False
    return True


@login_required
@require_POST
def document_request(request, pk, kind):
    masterplan = _masterplan(request, pk)
    if kind not in BOOK_KINDS:
        raise Http404
    release_lost_jobs(masterplan.pk)  # a job whose worker died no longer blocks a new one
    running = masterplan.document_jobs.filter(kind=kind, status__in=ACTIVE).first()
    if running:
        messages.info(request, _("This document is already being prepared."))
        return _back(masterplan)
    job = DocumentJob.objects.create(masterplan=masterplan, kind=kind, requested_by=request.user)
    if _enqueue(request, job):
        messages.success(
            request,
            _("“%(document)s” is being prepared; the file appears under Documents when it is ready.")
            % {"document": job.get_kind_display()},
        )
    return _back(masterplan)


@login_required
@require_GET
def document_job(request, pk, job_pk):
    """The htmx fragment of one job; it polls itself while the job is queued or running."""
    masterplan = _masterplan(request, pk)
    release_lost_jobs(masterplan.pk)
    job = _job(masterplan, job_pk)
    return render(request, "masterplans/_documents_panel.html#job", {"masterplan": masterplan, "job": job})


@login_required
@require_GET
def document_download(request, pk, job_pk):
    masterplan = _masterplan(request, pk)
    job = _job(masterplan, job_pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=download_name(job))


@login_required
@require_POST
def document_retry(request, pk, job_pk):
    masterplan = _masterplan(request, pk)
    job = _job(masterplan, job_pk)
    if job.status != JobStatus.FAILED:
        messages.info(request, _("Only a document that failed can be tried again."))
        return _back(masterplan)
    job.status, job.progress, job.error, job.finished_at = JobStatus.QUEUED, 0, "", None
    job.requested_by = request.user
    job.save(update_fields=["status", "progress", "error", "finished_at", "requested_by", "updated_at"])
    if _enqueue(request, job):
        messages.success(request, _("The document is being prepared again."))
    return _back(masterplan)
