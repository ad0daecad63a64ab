"""The masterplan books: request a build, follow its progress, download the file, retry a failure."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotacerdas.core.permissions import permission_required
from kotacerdas.masterplans import services
from kotacerdas.masterplans.documents.tasks import BOOK_KINDS, download_name, release_lost_jobs
from kotacerdas.masterplans.models import DocumentJob, JobStatus
from kotacerdas.masterplans.views import find_masterplan

EXPORT = "masterplans.export_masterplan"


def _job(masterplan, job_pk) -> DocumentJob:
    job = get_object_or_404(DocumentJob, masterplan=masterplan, pk=job_pk, kind__in=list(BOOK_KINDS))
    job.masterplan = masterplan
    return job


def _back(masterplan):
    return redirect(f"{reverse('masterplans:overview', args=[masterplan.pk])}#documents")


@permission_required(EXPORT, fetch=find_masterplan, methods=("POST",))
def document_request(request, masterplan, kind):
    if kind not in BOOK_KINDS:
        raise Http404
    job = services.request_document(masterplan, kind, by=request.user)
    if job is None:
        messages.info(request, _("This document is already being prepared."))
    elif job.status == JobStatus.FAILED:
        messages.error(request, job.error)
    else:
        messages.success(
            request,
            _("“%(document)s” is being prepared; the file appears under Documents when it is ready.")
            % {"document": job.get_kind_display()},
        )
    return _back(masterplan)


@require_GET
@permission_required(EXPORT, fetch=find_masterplan)
def document_job(request, masterplan, job_pk):
    """The htmx fragment of one job; it polls itself while the job is queued or running."""
    release_lost_jobs(masterplan.pk)
    job = _job(masterplan, job_pk)
    return render(request, "masterplans/_documents_panel.html#job", {"masterplan": masterplan, "job": job})


@require_GET
@permission_required(EXPORT, fetch=find_masterplan)
def document_download(request, masterplan, job_pk):
    job = _job(masterplan, job_pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=download_name(job))


@permission_required(EXPORT, fetch=find_masterplan, methods=("POST",))
def document_retry(request, masterplan, job_pk):
    job = _job(masterplan, job_pk)
    if job.status != JobStatus.FAILED:
        messages.info(request, _("Only a document that failed can be tried again."))
    elif services.retry_document(job, by=request.user):
        messages.success(request, _("The document is being prepared again."))
    else:
        messages.error(request, job.error)
    return _back(masterplan)
