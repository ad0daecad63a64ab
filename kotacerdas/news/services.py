"""News, comments and quick-win feedback: what may be shown, what may be sent, and moderation."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, MasterplanStatus, ProgrammeStatus
from kotacerdas.monitoring.models import ProgressReport
from kotacerdas.news.models import (
    MODERATION_TRANSITIONS,
    ModerationStatus,
    Post,
    PostComment,
    PostImage,
    QuickWinFeedback,
)
from kotacerdas.programmes.models import SELECTED_STATUSES

# --- posts -----------------------------------------------------------------------------------------------


def latest_posts(n: int = 3) -> list[Post]:
    """The ``n`` newest public posts with their regions and images, for ``news/_latest.html``. Three
    queries whatever ``n``."""
    return list(
        Post.objects.published()
        .prefetch_related("regions", Prefetch("images", queryset=PostImage.objects.order_by("order", "pk")))
        .order_by("-publish_at", "-pk")[:n]
    )


@transaction.atomic
def save_post(form, images, *, by) -> Post:
    """Save a validated PostForm and its PostImageFormSet. Side effect: an AuditEntry."""
    created = form.instance.pk is None
    post = form.save(commit=False)
    if created:
        post.author = by
    post.save()
    form.save_m2m()
    images.instance = post
    images.save()
    changed = ", ".join(form.changed_data) if not created else ""
    audit.record("news.post_created" if created else "news.post_changed", target=post, by=by, note=changed)
    return post


# --- quick wins ------------------------------------------------------------------------------------------


def public_quick_wins() -> QuerySet:
    """Quick wins of published masterplans of selected regions: the ones the public may read about."""
    return MasterplanProgramme.objects.filter(
        is_quick_win=True,
        masterplan__status=MasterplanStatus.PUBLISHED,
        masterplan__participation__status__in=SELECTED_STATUSES,
    )


def with_delivery(programmes: QuerySet, *, today=None) -> QuerySet:
    """Annotate ``is_delivered``: a progress report with status "done" as of today (monitoring/progress.py:
    a quick win is delivered on its first "done" report, and a later report cannot undo that)."""
    today = today or timezone.localdate()
    done = ProgressReport.objects.filter(
        programme=OuterRef("pk"), status=ProgrammeStatus.DONE, reported_on__lte=today
    )
    return programmes.annotate(is_delivered=Exists(done))


def delivered_quick_wins(*, today=None) -> QuerySet:
    """Public quick wins that residents may rate."""
    return with_delivery(public_quick_wins(), today=today).filter(is_delivered=True)


@dataclass
class FeedbackSummary:
    """Approved feedback on one quick win: how many, the mean rating and how many gave each rating."""

    count: int = 0
    total: int = 0
    distribution: dict = field(default_factory=lambda: {r: 0 for r in range(5, 0, -1)})

    @property
    def mean(self) -> Decimal | None:
        """The mean rating to one decimal (half up), None without feedback."""
        if not self.count:
            return None
        return (Decimal(self.total) / Decimal(self.count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def rows(self) -> list[tuple[int, int, int]]:
        """``[(rating, count, percent), …]`` from 5 down to 1, for the distribution bars."""
        return [
            (rating, n, round(100 * n / self.count) if self.count else 0)
            for rating, n in self.distribution.items()
        ]

    @property
    def stars(self) -> int:
        """The mean rounded to whole stars, for a compact display."""
        return int(self.mean.quantize(Decimal("1"), rounding=ROUND_HALF_UP)) if self.count else 0


def feedback_summaries(programme_ids) -> dict[int, FeedbackSummary]:
    """``{programme id: FeedbackSummary}`` of approved feedback, one query for any number of quick wins.
    Quick wins without approved feedback get an empty summary."""
    ids = list(programme_ids)
    summaries = {pk: FeedbackSummary() for pk in ids}
    counts = (
        QuickWinFeedback.objects.approved()
        .filter(programme_id__in=ids)
        .values_list("programme_id", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for programme_id, rating, n in counts:
        summary = summaries[programme_id]
        summary.count += n
        summary.total += rating * n
        summary.distribution[rating] += n
    return summaries


def feedback_summary(programme: MasterplanProgramme) -> FeedbackSummary:
    return feedback_summaries([programme.pk])[programme.pk]


# --- public submissions ----------------------------------------------------------------------------------


def add_comment(post: Post, *, name: str, email: str, text: str, client: str = "") -> PostComment:
    """A comment from the public: held for moderation, unless the post shows comments at once (they can still be
    rejected or marked as spam afterwards)."""
    if not post.is_public:
        raise ValidationError(_("This post is not published."))
    if not post.comments_open:
        raise ValidationError(_("Comments on this post are closed."))
    status = ModerationStatus.PENDING if post.hold_comments else ModerationStatus.APPROVED
    return PostComment.objects.create(
        post=post, name=name, email=email, text=text, client_hash=client, status=status
    )


def add_feedback(
    programme: MasterplanProgramme, *, rating: int, name: str, email: str, text: str, client: str = ""
) -> QuickWinFeedback:
    """A resident's rating of a delivered quick win, held for moderation."""
    if not delivered_quick_wins().filter(pk=programme.pk).exists():
        raise ValidationError(_("Feedback opens once the quick win is delivered."))
    if rating not in range(1, 6):
        raise ValidationError(_("A rating is a whole number from 1 to 5."))
    return QuickWinFeedback.objects.create(
        programme=programme, rating=rating, name=name, email=email, text=text, client_hash=client
    )


# --- moderation ------------------------------------------------------------------------------------------

KINDS = {"comments": PostComment, "feedback": QuickWinFeedback}
_ACTIONS = {PostComment: "news.comment_moderated", QuickWinFeedback: "news.feedback_moderated"}


def _label(status: str) -> str:
    return ModerationStatus(status).label if status in ModerationStatus.values else status


def _region_code(item) -> str:
    if isinstance(item, QuickWinFeedback):
        return (
            Masterplan.objects.filter(pk=item.programme.masterplan_id)
            .values_list("participation__region__code", flat=True)
            .first()
            or ""
        )
    return ""


@transaction.atomic
def change_status(item: PostComment | QuickWinFeedback, new: str, *, by, note: str = ""):
    """Approve, reject or mark as spam a comment or feedback. Side effect: an AuditEntry."""
    model = type(item)
    item = model.objects.select_for_update().get(pk=item.pk)
    old = item.status
    if new not in MODERATION_TRANSITIONS.get(old, set()):
        raise ValidationError(
            _("Cannot move from “%(old)s” to “%(new)s”.") % {"old": _label(old), "new": _label(new)}
        )
    item.status = new
    item.moderated_at = timezone.now()
    item.moderated_by = by
    item.save(update_fields=["status", "moderated_at", "moderated_by"])
    audit.record(
        _ACTIONS[model],
        target=item,
        by=by,
        field="status",
        old=old,
        new=new,
        note=note,
        region_code=_region_code(item),
    )
    return item


@transaction.atomic
def change_status_many(model, ids, new: str, *, by) -> tuple[int, int]:
    """The same decision for several comments or feedback of one kind. Returns (changed, skipped): an item
    already in that state, or one that cannot move there, is skipped."""
    changed = skipped = 0
    for item in model.objects.filter(pk__in=ids).order_by("pk"):
        if new in MODERATION_TRANSITIONS.get(item.status, set()):
            change_status(item, new, by=by)
            changed += 1
        else:
            skipped += 1
    return changed, skipped
