"""The published masterplan for everyone, without an account: a read-only summary and its books.

Only a masterplan with status "published" of a participation with a public status shows; any other answers
404, to everyone (the region's team reads its drafts in the editor). What shows is its published version, not
its live rows (``masterplans/published.py``). The books offered are those requested
after the masterplan was published (``public_books``): a file built from a draft, or one whose cover still
says "approved", is never served here.

Quick-win delivery is not shown here: it comes from monitoring, which builds on this app; the region's public
page (portal) shows it.
"""

from django.db.models import Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from kotacerdas.core.cache import public_page
from kotacerdas.core.models import AuditEntry
from kotacerdas.core.permissions import public
from kotacerdas.masterplans import published
from kotacerdas.masterplans.documents.tasks import BOOK_KINDS, download_name
from kotacerdas.masterplans.models import DocumentJob, JobStatus, Masterplan, MasterplanStatus
from kotacerdas.programmes.models import SELECTED_STATUSES

BOOK_ORDER = list(BOOK_KINDS)  # book 1 DOCX, book 1 PDF, book 2 DOCX, book 2 PDF


def public_masterplans():
    """Published masterplans of participations with a public status."""
    return Masterplan.objects.published().filter(participation__status__in=SELECTED_STATUSES)


def public_books(masterplan: Masterplan) -> list[DocumentJob]:
    """The newest finished file of each book among those requested after the masterplan was (last) published,
    in the order book 1 DOCX, book 1 PDF, book 2 DOCX, book 2 PDF. One query (and the content type, cached).
    A masterplan whose publication is not in the audit trail offers no book."""
    published_at = (
        AuditEntry.objects.for_object(masterplan)
        .filter(action="masterplan.status", new_value=MasterplanStatus.PUBLISHED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    jobs = (
        DocumentJob.objects.filter(
            masterplan=masterplan,
            kind__in=BOOK_ORDER,
            status=JobStatus.DONE,
            created_at__gte=Subquery(published_at),
        )
        .exclude(file="")
        .order_by("-created_at", "-pk")
    )
    newest = {}
    for job in jobs:
        job.masterplan = masterplan
        newest.setdefault(job.kind, job)
    return [newest[kind] for kind in BOOK_ORDER if kind in newest]


def _published(code: str, pk: int) -> Masterplan:
    return get_object_or_404(
        public_masterplans().select_related(
            "participation__region__province", "participation__cohort", "framework_version"
        ),
        pk=pk,
        participation__region__code=code,
    )


@require_GET
@public_page
@public
def masterplan(request, code, pk):
    """The published masterplan as its published version has it (masterplans/published.py): vision, missions,
    goals, strategies and their programmes per dimension, quick wins, and the books to download. Six queries,
    however long the plan."""
    plan = _published(code, pk)
    snapshot = published.version_snapshot(plan)
    published.show_published_header(plan, snapshot)
    content = published.read_masterplan(plan, snapshot)
    context = {
        "masterplan": plan,
        "region": plan.participation.region,
        "vision": content.vision,
        "missions": content.missions,
        "goals": content.goals,
        "chain": content.chain,
        "strategies": content.strategies,
        "quick_wins": content.quick_wins,
        "programme_count": content.programme_count,
        "books": public_books(plan),
    }
    return render(request, "masterplans/public/masterplan.html", context)


@require_GET
@public
def book(request, code, pk, kind):
    """A book of the published masterplan: the newest file built after its publication."""
    plan = _published(code, pk)
    if kind not in BOOK_KINDS:
        raise Http404
    job = next((job for job in public_books(plan) if job.kind == kind), None)
    if job is None:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=download_name(job))
