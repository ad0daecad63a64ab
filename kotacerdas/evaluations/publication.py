"""Publishing an evaluation event's results: what it would make public, and doing it (once, audited).

The confirmation page and the publication ask the same question (``refusal``), so a page that offers the button
is never followed by a refusal for another reason. Publishing the agenda is ``services.publish_agenda``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.core import audit
from kotacerdas.evaluations import results
from kotacerdas.evaluations.models import EvaluationEvent, ScoreSheet, SheetStatus


def _submitted(event: EvaluationEvent):
    return ScoreSheet.objects.filter(session__event=event, status=SheetStatus.SUBMITTED)


def refusal(event: EvaluationEvent) -> str:
    """Why the results cannot be published now, or ``""``."""
    if event.results_are_published:
        return _("The results are already published.")
    if not _submitted(event).exists():
        return _("No score sheet is submitted yet; there are no results to publish.")
    return ""


@dataclass
class ResultsPreview:
    """What publishing the results now would do: ``lines`` to read, ``warnings`` to heed, or a ``refusal``."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refusal: str = ""


def preview_results(event: EvaluationEvent) -> ResultsPreview:
    """The consequences of publishing, counted from the live results (``results.compute_results``)."""
    reason = refusal(event)
    if reason:
        return ResultsPreview(refusal=reason)
    submitted = _submitted(event).count()
    rows = results.compute_results(event)
    not_sent = sum(len(stats.missing) for row in rows for stats in row.stats)
    ranked = sum(1 for row in rows if row.rank is not None)
    lines = [
        _("The results page of %(event)s becomes public, for everyone.") % {"event": event.name},
        ngettext(
            "%(count)s submitted score sheet counts.", "%(count)s submitted score sheets count.", submitted
        )
        % {"count": submitted},
        ngettext(
            "%(ranked)s of %(total)s region is ranked.",
            "%(ranked)s of %(total)s regions are ranked.",
            len(rows),
        )
        % {"ranked": ranked, "total": len(rows)},
    ]
    warnings = []
    if not_sent:
        warnings.append(
            ngettext(
                "%(count)s score sheet has not been sent; it will not count in the published results.",
                "%(count)s score sheets have not been sent; they will not count in the published results.",
                not_sent,
            )
            % {"count": not_sent}
        )
    if ranked < len(rows):
        warnings.append(
            ngettext(
                "%(count)s region has no submitted score yet and gets no rank.",
                "%(count)s regions have no submitted score yet and get no rank.",
                len(rows) - ranked,
            )
            % {"count": len(rows) - ranked}
        )
    return ResultsPreview(lines=lines, warnings=warnings)


@transaction.atomic
def publish_results(event: EvaluationEvent, *, by) -> EvaluationEvent:
    """Make the event's results page public, with an ``evaluation.results_published`` audit entry.

    Refused (ValidationError with ``refusal``'s reason, code ``already_published`` or ``nothing_submitted``)
    when the results are already public or no score sheet is submitted; read under a row lock, so two
    secretariat members pressing the button together publish once.
    """
    event = EvaluationEvent.objects.select_for_update().get(pk=event.pk)
    reason = refusal(event)
    if reason:
        code = "already_published" if event.results_are_published else "nothing_submitted"
        raise ValidationError(reason, code=code)
    event.results_published_at = timezone.now()
    event.save(update_fields=["results_published_at", "updated_at"])
    audit.record(
        "evaluation.results_published", target=event, by=by, new=event.results_published_at.isoformat()
    )
    return event
