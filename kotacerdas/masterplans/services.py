import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.accounts.models import User
from kotacerdas.core import audit
from kotacerdas.masterplans.completeness import check_completeness
from kotacerdas.masterplans.documents.tasks import BOOK_KINDS, build_document
from kotacerdas.masterplans.models import (
    DocumentJob,
    JobStatus,
    Masterplan,
    MasterplanStatus,
    MasterplanVersion,
    Section,
    SectionKey,
)
from kotacerdas.masterplans.snapshot import take_snapshot
from kotacerdas.programmes.models import Participation
from kotacerdas.programmes.services import send_notifications

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
        try:
            build_document.enqueue(job.pk)
        except Exception:
            logger.exception("Book job %s could not be queued", job.pk)
            DocumentJob.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED,
                error=_("The document could not be queued. Try again in a few minutes."),
                finished_at=timezone.now(),
            )
        jobs.append(job)
    return jobs


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
    """Who is e-mailed when the masterplan moves to ``new``: the region's team, its mentors and (on submission)
    the secretariat, active accounts only."""
    participation = masterplan.participation
    recipients = {
        m.user.email for m in participation.region.memberships.select_related("user") if m.user.is_active
    }
    recipients |= {u.email for u in participation.mentors.filter(is_active=True)}
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
