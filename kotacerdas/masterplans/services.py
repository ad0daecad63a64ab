"""What changes a masterplan: the workflow, the edits of its rows, its comments, its books and its imports.

Every write of the masterplans app is here (the views only read, check forms and answer), with its audit entry.
The workflow: ``ALLOWED_TRANSITIONS`` below names the moves and the permission each needs; who holds each
permission is decided in masterplans/rules.py and nowhere else (the region team's part by ``REGION_RIGHTS`` in
regions/rules.py). ``allowed_moves`` (the buttons) and ``change_status`` ask the same ``has_perm``; nothing here
reads a user's roles to decide what the user may do (docs/architecture.md, "Masterplan workflow").
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.accounts.models import User
from kotacerdas.core import audit
from kotacerdas.core.concurrency import StaleEditError, save_if_unchanged
from kotacerdas.masterplans.completeness import check_completeness
from kotacerdas.masterplans.documents.tasks import BOOK_KINDS, build_document, release_lost_jobs
from kotacerdas.masterplans.models import (
    EDITABLE_STATUSES,
    Comment,
    DocumentJob,
    ImportStatus,
    JobStatus,
    Masterplan,
    MasterplanStatus,
    MasterplanVersion,
    ProgrammeImport,
    Section,
    SectionKey,
)
from kotacerdas.masterplans.snapshot import take_snapshot
from kotacerdas.programmes.models import Participation
from kotacerdas.programmes.services import send_notifications
from kotacerdas.programmes.services import status_recipients as team_and_mentors

logger = logging.getLogger(__name__)

M = MasterplanStatus
# Each move and the permission that allows it. Who holds each permission is decided in masterplans/rules.py,
# the region team's part by the rights table REGION_RIGHTS in regions/rules.py (approvers submit).
SUBMIT, REVIEW = "masterplans.submit_masterplan", "masterplans.review_masterplan"
APPROVE, PUBLISH = "masterplans.approve_masterplan", "masterplans.publish_masterplan"
ALLOWED_TRANSITIONS: dict[str, dict[str, str]] = {
    M.DRAFT: {M.SUBMITTED: SUBMIT},
    M.SUBMITTED: {M.IN_REVIEW: REVIEW, M.REVISION_REQUESTED: REVIEW},
    M.IN_REVIEW: {M.REVISION_REQUESTED: REVIEW, M.APPROVED: APPROVE},
    M.REVISION_REQUESTED: {M.SUBMITTED: SUBMIT},
    M.APPROVED: {M.PUBLISHED: PUBLISH, M.REVISION_REQUESTED: APPROVE},
    M.PUBLISHED: {},
}


# What the button says for each move (the status names what the masterplan becomes).
MOVE_LABELS = {
    M.SUBMITTED: gettext_lazy("Submit"),
    M.IN_REVIEW: gettext_lazy("Start review"),
    M.REVISION_REQUESTED: gettext_lazy("Request revision"),
    M.APPROVED: gettext_lazy("Approve"),
    M.PUBLISHED: gettext_lazy("Publish"),
}


def allowed_moves(masterplan: Masterplan, user) -> list[MasterplanStatus]:
    transitions = ALLOWED_TRANSITIONS[masterplan.status]
    return [MasterplanStatus(s) for s, perm in transitions.items() if user.has_perm(perm, masterplan)]


@transaction.atomic
def create_masterplan(participation: Participation, *, by, start_year: int | None = None) -> Masterplan:
    """Open the masterplan of a participation, covering the cohort's long-term horizon."""
    if hasattr(participation, "masterplan"):
        raise ValidationError(_("This participation already has a masterplan."))
    cohort = participation.cohort
    start = start_year or cohort.year + 1
    end = start + cohort.long_term_end - 1
    with translation.override(settings.LANGUAGE_CODE):  # the document's language, not the user's
        title = _("Smart City Masterplan of %(region)s %(start)s–%(end)s") % {
            "region": participation.region.name,
            "start": start,
            "end": end,
        }
    masterplan = Masterplan.objects.create(
        participation=participation,
        framework_version=cohort.framework_version,
        title=title,
        start_year=start,
        end_year=end,
    )
    Section.objects.bulk_create(Section(masterplan=masterplan, key=key) for key in SectionKey.values)
    audit.record("masterplan.created", target=masterplan, by=by, region_code=participation.region.code)
    return masterplan


@transaction.atomic
def change_status(masterplan: Masterplan, new: str, *, by, note: str = "") -> Masterplan:
    """Move a masterplan through its workflow.

    Side effects: on submission a numbered version snapshot; on publication the published version (the latest
    one); an AuditEntry; e-mail to the region's team, its mentors and (on submission) the secretariat.
    """
    masterplan = (
        Masterplan.objects.select_for_update().select_related("participation__region").get(pk=masterplan.pk)
    )
    old = masterplan.status
    allowed = ALLOWED_TRANSITIONS.get(old, {})
    if new not in allowed:
        raise ValidationError(
            _("A masterplan cannot move from “%(old)s” to “%(new)s”.")
            % {"old": MasterplanStatus(old).label, "new": _label(new)}
        )
    if not by.has_perm(allowed[new], masterplan):
        raise ValidationError(_("Your role does not allow this step."))
    if new == M.SUBMITTED:
        completeness = check_completeness(masterplan)
        if not completeness.is_complete:
            raise ValidationError(
                _("The masterplan is not complete yet (%(passed)s of %(total)s checks pass).")
                % {"passed": completeness.passed, "total": completeness.total}
            )
        freeze_version(masterplan, by=by)
    masterplan.status = new
    changed = ["status", "updated_at"]
    if new == M.PUBLISHED:
        # The public reads this version (masterplans/published.py): the one frozen at the last submission, which
        # is what was reviewed and approved; later edits reach the public only through a new publication.
        masterplan.published_version = masterplan.versions.order_by("-number").first() or freeze_version(
            masterplan, by=by
        )
        changed.append("published_version")
    masterplan.save(update_fields=changed)
    audit.record(
        "masterplan.status",
        target=masterplan,
        by=by,
        field="status",
        old=old,
        new=new,
        note=note,
        region_code=masterplan.region.code,
    )
    transaction.on_commit(lambda: _notify(masterplan, old, note))
    if new == M.PUBLISHED:
        # The public page offers only books built after publication: queue them now rather than wait for someone
        # to remember. A failure to queue shows on the job, which the overview page can retry.
        transaction.on_commit(lambda: queue_books(masterplan, by=by))
    return masterplan


def queue_books(masterplan: Masterplan, *, by) -> list[DocumentJob]:
    """A build job for each of the four books (DOCX and PDF of books 1 and 2), queued for the task worker."""
    jobs = []
    for kind in BOOK_KINDS:
        job = DocumentJob.objects.create(masterplan=masterplan, kind=kind, requested_by=by)
        enqueue_document(job)
        jobs.append(job)
    return jobs


ACTIVE_JOB = (JobStatus.QUEUED, JobStatus.RUNNING)


def enqueue_document(job: DocumentJob) -> bool:
    """Hand ``job`` to the task worker. When the queue itself is unreachable, the job says so (failed, with a
    message to show) rather than wait forever, and the answer is False."""
    try:
        build_document.enqueue(job.pk)
    except Exception:
        logger.exception("Document job %s could not be queued", job.pk)
        now = timezone.now()
        job.status, job.finished_at = JobStatus.FAILED, now
        job.error = _("The document could not be queued. Try again in a few minutes.")
        DocumentJob.objects.filter(pk=job.pk).update(
            status=job.status, error=job.error, finished_at=now, updated_at=now
        )
        return False
    return True


def request_document(masterplan: Masterplan, kind: str, *, by) -> DocumentJob | None:
    """Queue a build of the book ``kind``; None when one is already queued or running. A job whose worker died is
    marked failed first, so that it no longer blocks a new one. The job comes back failed if the queue was
    unreachable (``enqueue_document``)."""
    release_lost_jobs(masterplan.pk)
    if masterplan.document_jobs.filter(kind=kind, status__in=ACTIVE_JOB).exists():
        return None
    job = DocumentJob.objects.create(masterplan=masterplan, kind=kind, requested_by=by)
    enqueue_document(job)
    return job


def retry_document(job: DocumentJob, *, by) -> bool:
    """Queue a failed job again, as requested by ``by``; False if it did not fail or could not be queued."""
    if job.status != JobStatus.FAILED:
        return False
    job.status, job.progress, job.error, job.finished_at = JobStatus.QUEUED, 0, "", None
    job.requested_by = by
    job.save(update_fields=["status", "progress", "error", "finished_at", "requested_by", "updated_at"])
    return enqueue_document(job)


def freeze_version(masterplan: Masterplan, *, by) -> MasterplanVersion:
    last = masterplan.versions.aggregate(n=Max("number"))["n"] or 0
    return MasterplanVersion.objects.create(
        masterplan=masterplan, number=last + 1, snapshot=take_snapshot(masterplan), created_by=by
    )


def _label(value: str) -> str:
    try:
        return MasterplanStatus(value).label
    except ValueError:
        return value


def status_recipients(masterplan: Masterplan, new: str) -> set[str]:
    """Who is e-mailed when the masterplan moves to ``new``: the region's team and its mentors (as for any change
    of the participation), and on submission the secretariat, active accounts only. Who is told, not who may:
    the permissions are in rules.py."""
    recipients = team_and_mentors(masterplan.participation)
    if new == M.SUBMITTED:
        recipients |= set(
            User.objects.filter(is_secretariat=True, is_active=True).values_list("email", flat=True)
        )
    return recipients


def _notify(masterplan: Masterplan, old: str, note: str) -> None:
    recipients = status_recipients(masterplan, masterplan.status)
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "masterplan": masterplan,
            "old": _label(old),
            "new": masterplan.get_status_display(),
            "note": note,
        }
        subject = render_to_string("masterplans/email/status_subject.txt", context).strip()
        body = render_to_string("masterplans/email/status.txt", context)
    send_notifications(subject, body, recipients)


# Edits of the content. A masterplan is edited only in an editable status; each write locks its row first, as
# change_status does, so an edit cannot slip in after a submission froze its version.


def lock_editable(masterplan: Masterplan) -> Masterplan:
    """Inside a transaction: lock the masterplan row and make sure it is still editable (PermissionDenied if
    not: its status changed since the page was shown)."""
    locked = (
        Masterplan.objects.select_for_update().filter(pk=masterplan.pk, status__in=EDITABLE_STATUSES).first()
    )
    if locked is None:
        raise PermissionDenied
    return locked


@transaction.atomic
def add_row(masterplan: Masterplan, form) -> tuple:
    """Save a new row of a part (``form``: the row kind's form, valid): (row, True). A row with the very same
    values is already there when Add was clicked twice (the second request waits for the first's lock): it is
    not added again, (that row, False)."""
    lock_editable(masterplan)
    model = form._meta.model
    many = _many_to_many(model)
    same = {name: form.cleaned_data[name] for name in form._meta.fields if name not in many}
    if any(f.name == "masterplan" for f in model._meta.fields):
        same["masterplan"] = masterplan
    existing = model.objects.filter(**same).first()
    if existing is not None:
        return existing, False
    return form.save(), True


def _many_to_many(model) -> set[str]:
    return {f.name for f in model._meta.many_to_many}


def _same_values(stored, form, fields, many) -> bool:
    """Whether the stored row already holds what ``form`` would write."""
    model = type(stored)
    for name in fields:
        attname = model._meta.get_field(name).attname
        if getattr(stored, attname) != getattr(form.instance, attname):
            return False
    for name in many & set(form.cleaned_data):
        if set(getattr(stored, name).values_list("pk", flat=True)) != {o.pk for o in form.cleaned_data[name]}:
            return False
    return True


@transaction.atomic
def save_row(masterplan: Masterplan, form) -> None:
    """Save an edited row (or section) if nobody changed it since the form was opened: StaleEditError otherwise
    (core/concurrency.py). ``form``: the row kind's form, valid, with the revision it was opened at."""
    lock_editable(masterplan)
    many = _many_to_many(form._meta.model)
    fields = [f for f in form._meta.fields if f not in many]
    try:
        save_if_unchanged(form.instance, expected_revision=form.cleaned_data["revision"] or 0, fields=fields)
    except StaleEditError:
        # Save clicked twice sends the same form twice: the second finds its own first save, which is no conflict.
        stored = type(form.instance).objects.get(pk=form.instance.pk)
        if not _same_values(stored, form, fields, many):
            raise
        form.instance.revision = stored.revision
        return
    for name in many & set(form.cleaned_data):
        getattr(form.instance, name).set(form.cleaned_data[name])


@transaction.atomic
def delete_row(masterplan: Masterplan, kind, row, *, seen_revision: int | None, by) -> bool:
    """Delete ``row`` (of the row kind ``kind``, parts.py) if it still has the revision the user saw; False when
    it changed meanwhile (nothing is deleted blindly). ProtectedError when something now refers to it."""
    lock_editable(masterplan)
    label = str(row)
    deleted, _per_model = kind.model.objects.filter(
        pk=row.pk, revision=-1 if seen_revision is None else seen_revision
    ).delete()
    if deleted:
        audit.record(
            "masterplan.row_deleted",
            target=masterplan,
            by=by,
            field=kind.key,
            old=label,
            region_code=masterplan.region.code,
        )
    return bool(deleted)


def add_comment(masterplan: Masterplan, form, *, by) -> Comment:
    """Save the comment of ``form`` (CommentForm, valid) on ``masterplan``, written by ``by``."""
    comment = form.save(commit=False)
    comment.masterplan, comment.author = masterplan, by
    comment.save()
    return comment


@transaction.atomic
def resolve_comment(comment: Comment, *, by) -> Comment:
    """Mark a comment resolved by ``by``; an audit entry on the masterplan keeps the start of its text."""
    masterplan = comment.masterplan
    comment.is_resolved, comment.resolved_by, comment.resolved_at = True, by, timezone.now()
    comment.save(update_fields=["is_resolved", "resolved_by", "resolved_at", "updated_at"])
    audit.record(
        "masterplan.comment_resolved", target=masterplan, by=by, note=comment.body[:200],
        region_code=masterplan.region.code,
    )  # fmt: skip
    return comment


# Programme imports (spreadsheets.py reads and checks the file and commits it; these keep the upload).


def start_programme_import(masterplan: Masterplan, *, preview: dict, data: bytes, by) -> ProgrammeImport:
    """Keep an uploaded spreadsheet and its preview (spreadsheets.build_preview) until it is confirmed or
    discarded."""
    programme_import = ProgrammeImport(
        masterplan=masterplan, preview=preview, uploaded_by=by, status=ImportStatus.PREVIEW
    )
    programme_import.file.save(f"program-{masterplan.pk}.xlsx", ContentFile(data), save=False)
    programme_import.save()
    return programme_import


def renew_import_preview(programme_import: ProgrammeImport, preview: dict) -> None:
    """Replace the preview of an import still open by one made against the programmes as they are now (after a
    commit refused because they changed)."""
    if programme_import.status == ImportStatus.PREVIEW:
        programme_import.preview = preview
        programme_import.save(update_fields=["preview", "updated_at"])


def discard_programme_import(programme_import: ProgrammeImport) -> bool:
    """Close an open import without changing anything; False if it was no longer open."""
    if programme_import.status != ImportStatus.PREVIEW:
        return False
    programme_import.status = ImportStatus.REJECTED
    programme_import.save(update_fields=["status", "updated_at"])
    return True
