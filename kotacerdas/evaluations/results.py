"""Results of an evaluation event: per region and rubric, the spread of the evaluators' totals, then a rank.

Rules (shown on the results page):
- a sheet counts once submitted, and only while its evaluator sits on the session's panel without a conflict of
  interest; its total is the weighted score on 0–100 (``scoring.sheet_total``);
- per region and rubric: mean, median, spread (highest − lowest), count, and missing sheets (panel members
  without a conflict who have not submitted);
- a total is flagged as an outlier when it lies more than ``OUTLIER_POINTS`` from the median of at least
  three totals;
- the final score is the mean of the rubric means the region has (masterplan and quick wins weigh the same);
- ranks: equal final scores (to two decimals) share a rank and the next rank is skipped (1, 2, 2, 4).

Totals, means and the final score are computed exactly and rounded once (``scoring.rounded``), so an intermediate
rounding never moves a final score or a rank.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from kotacerdas.evaluations import scoring
from kotacerdas.evaluations.conflicts import conflicts_for
from kotacerdas.evaluations.models import AwardCategory, EvaluationEvent, EvaluationKind, Session, SheetStatus
from kotacerdas.regions.models import RegionMembership

OUTLIER_POINTS = Decimal("20")


@dataclass
class RubricStats:
    rubric: object
    totals: list  # (evaluator, exact total: scoring.sheet_total)
    missing: list  # evaluators expected who have not submitted
    outliers: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.totals)

    @property
    def values(self) -> list[Fraction]:
        return [t for _e, t in self.totals]

    @property
    def exact_mean(self) -> Fraction | None:
        return scoring.mean(self.values)

    @property
    def mean(self) -> Decimal | None:
        return scoring.rounded(self.exact_mean)

    @property
    def median(self) -> Decimal | None:
        return scoring.rounded(scoring.median(self.values))

    @property
    def spread(self) -> Decimal | None:
        return scoring.rounded(max(self.values) - min(self.values)) if self.values else None


@dataclass
class RegionResult:
    session: object
    stats: list
    final: Decimal | None = None
    rank: int | None = None

    @property
    def region(self):
        return self.session.participation.region


def aggregate(totals: list) -> tuple:
    """(mean, median, spread) of a list of totals, each computed exactly and rounded once (scoring.rounded);
    Nones when empty."""
    if not totals:
        return None, None, None
    rs = RubricStats(rubric=None, totals=[(None, t) for t in totals], missing=[])
    return rs.mean, rs.median, rs.spread


def outliers(totals: list[tuple], median: Decimal | None) -> list[tuple]:
    """(evaluator, shown total) of the totals lying more than OUTLIER_POINTS from the shown ``median``.

    The flag is decided on the figures as shown (rounded once), so a reader can check it on the page; it only
    marks a sheet for a second look and never enters a mean, a final score or a rank.
    """
    if median is None or len(totals) < 3:
        return []
    shown = [(e, scoring.rounded(t)) for e, t in totals]
    return [(e, t) for e, t in shown if abs(t - median) > OUTLIER_POINTS]


def final_score(stats: list[RubricStats]) -> Decimal | None:
    """The mean of the region's exact rubric means, rounded once; None while no rubric has a sheet."""
    means = [s.exact_mean for s in stats if s.values]
    return scoring.rounded(scoring.mean(means))


def rank(results: list[RegionResult]) -> list[RegionResult]:
    """Order by final score (highest first, then region name) and give competition ranks; unscored last."""
    results.sort(key=lambda r: (r.final is None, -(r.final or 0), r.region.name))
    previous, current = None, 0
    for position, result in enumerate(results, start=1):
        if result.final is None:
            result.rank = None
            continue
        if result.final != previous:
            current, previous = position, result.final
        result.rank = current
    return results


def compute_results(event: EvaluationEvent) -> list[RegionResult]:
    sessions = list(
        event.sessions.select_related("participation__region__province", "event", "panel")
        .prefetch_related(
            "panel__members",
            "participation__mentors",
            "sheets__scores",
            "sheets__evaluator",
            "sheets__rubric__criteria",
        )
        .order_by("participation__region__name")
    )
    conflicted = conflicts_for(
        [(m.pk, s.participation) for s in sessions if s.panel_id for m in s.panel.members.all()], event
    )
    results = []
    for session in sessions:
        members = list(session.panel.members.all()) if session.panel_id else []
        expected = [m for m in members if (m.pk, session.participation_id) not in conflicted]
        stats = []
        for rubric in session.rubrics():
            submitted = []
            counted = {m.pk for m in expected}
            for sheet in session.sheets.all():
                # Only current panel members without a conflict count: a sheet of an evaluator removed from the
                # panel, or found to be in conflict after scoring, is kept but left out of the result.
                if (
                    sheet.rubric_id != rubric.pk
                    or sheet.status != SheetStatus.SUBMITTED
                    or sheet.evaluator_id not in counted
                ):
                    continue
                total = scoring.sheet_total(sheet.rubric.criteria.all(), sheet.scores.all())
                if total is not None:
                    submitted.append((sheet.evaluator, total))
            done = {e.pk for e, _t in submitted}
            rs = RubricStats(
                rubric=rubric, totals=submitted, missing=[m for m in expected if m.pk not in done]
            )
            rs.outliers = outliers(submitted, rs.median)
            stats.append(rs)
        results.append(RegionResult(session=session, stats=stats, final=final_score(stats)))
    return rank(results)


# --------------------------------------------------------------------------------------- who sees results


def events_with_visible_results(user):
    """The events whose results ``user`` may read: every event for the secretariat, published ones for anyone."""
    events = EvaluationEvent.objects.all()
    if user.is_authenticated and user.is_secretariat:
        return events
    return events.filter(results_published_at__isnull=False)


def feedback_sessions(user):
    """The sessions whose region feedback ``user`` may download: all for the secretariat; once the event's
    results are published, the sessions of the regions whose team ``user`` belongs to."""
    if user.is_secretariat:
        return Session.objects.all()
    return Session.objects.filter(
        Exists(RegionMembership.objects.filter(user=user, region_id=OuterRef("participation__region_id"))),
        event__results_published_at__isnull=False,
    )


def rule_sentences() -> list[str]:
    """The rules of ``results`` (its module docstring) in the reader's language."""
    return [
        _(
            "A score sheet counts once it is submitted; its total is the weighted score on a scale of 0 to 100."
        ),
        _(
            "Per region and rubric: the mean, the median, the spread (highest minus lowest total), the number of "
            "sheets and the missing sheets (panel members without a conflict of interest who have not submitted)."
        ),
        _(
            "A total is flagged as an outlier when it lies more than %(points)s points from the median of at least three totals."
        )
        % {"points": OUTLIER_POINTS},
        _(
            "The final score is the mean of the region's rubric means (masterplan and quick wins weigh the same)."
        ),
        _(
            "Ties: equal final scores (to two decimals) share a rank and the next rank is skipped (1, 2, 2, 4); "
            "regions without a submitted sheet are not ranked."
        ),
    ]


def award_winners(event: EvaluationEvent, region_results: list[RegionResult]) -> list[tuple]:
    """(category, [RegionResult ranked on the category's rubric mean, within its places]) per award category."""
    rubric_of = {
        EvaluationKind.MASTERPLAN: event.masterplan_rubric_id,
        EvaluationKind.QUICK_WIN: event.quick_win_rubric_id,
    }
    awards = []
    for category in AwardCategory.objects.filter(event=event):
        rubric_id = rubric_of.get(category.kind)
        entries = []
        for result in region_results:
            mean = next((s.mean for s in result.stats if s.rubric.pk == rubric_id), None)
            if mean is not None:
                entries.append(RegionResult(session=result.session, stats=[], final=mean))
        ranked = rank(entries)
        awards.append((category, [e for e in ranked if e.rank is not None and e.rank <= category.places]))
    return awards


def results_table(event: EvaluationEvent, region_results: list[RegionResult]) -> list:
    """The event's rubrics (the table's columns); each result gets ``columns`` (its RubricStats per rubric, None
    where it has none), ``flag_count``, ``missing_count`` and ``missing_names`` for the results page."""
    rubrics = [r for r in (event.masterplan_rubric, event.quick_win_rubric) if r is not None]
    for result in region_results:
        by_rubric = {s.rubric.pk: s for s in result.stats}
        result.columns = [by_rubric.get(r.pk) for r in rubrics]
        result.flag_count = sum(len(s.outliers) for s in result.stats)
        result.missing_count = sum(len(s.missing) for s in result.stats)
        result.missing_names = sorted({m.full_name for s in result.stats for m in s.missing})
    return rubrics
