"""Results of an evaluation event: per region and rubric, the spread of the evaluators' totals, then a rank.

Rules (shown on the results page):
- a sheet counts once submitted, and only while its evaluator sits on the session's panel without a conflict of
  interest; its total is the weighted score on 0–100 (``services.weighted_total``);
- per region and rubric: mean, median, spread (highest − lowest), count, and missing sheets (panel members
  without a conflict who have not submitted);
- a total is flagged as an outlier when it lies more than ``OUTLIER_POINTS`` from the median of at least
  three totals;
- the final score is the mean of the rubric means the region has (masterplan and quick wins weigh the same);
- ranks: equal final scores (to two decimals) share a rank and the next rank is skipped (1, 2, 2, 4).
"""

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from kotacerdas.evaluations.conflicts import conflicts_for
from kotacerdas.evaluations.models import EvaluationEvent, SheetStatus
from kotacerdas.evaluations.services import weighted_total

OUTLIER_POINTS = Decimal("20")
TWO = Decimal("0.01")


@dataclass
class RubricStats:
    rubric: object
    totals: list  # (evaluator, total)
    missing: list  # evaluators expected who have not submitted
    outliers: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.totals)

    @property
    def values(self) -> list[Decimal]:
        return [t for _e, t in self.totals]

    @property
    def mean(self) -> Decimal | None:
        return (sum(self.values) / len(self.values)).quantize(TWO, ROUND_HALF_UP) if self.values else None

    @property
    def median(self) -> Decimal | None:
        return Decimal(statistics.median(self.values)).quantize(TWO, ROUND_HALF_UP) if self.values else None

    @property
    def spread(self) -> Decimal | None:
        return (max(self.values) - min(self.values)).quantize(TWO, ROUND_HALF_UP) if self.values else None


@dataclass
class RegionResult:
    session: object
    stats: list
    final: Decimal | None = None
    rank: int | None = None

    @property
    def region(self):
        return self.session.participation.region


def aggregate(totals: list[Decimal]) -> tuple:
    """(mean, median, spread) of a list of totals, each rounded half up to two decimals; Nones when empty."""
    if not totals:
        return None, None, None
    mean = (sum(totals) / len(totals)).quantize(TWO, ROUND_HALF_UP)
    median = Decimal(statistics.median(totals)).quantize(TWO, ROUND_HALF_UP)
    return mean, median, (max(totals) - min(totals)).quantize(TWO, ROUND_HALF_UP)


def outliers(totals: list[tuple], median: Decimal | None) -> list[tuple]:
    if median is None or len(totals) < 3:
        return []
    return [(e, t) for e, t in totals if abs(t - median) > OUTLIER_POINTS]


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
                scores = {s.criterion_id: s for s in sheet.scores.all()}
                rows = [
                    (
                        c.weight,
                        c.scale_min,
                        c.scale_max,
                        scores[c.pk].value if c.pk in scores else None,
                        bool(c.pk in scores and scores[c.pk].is_na),
                    )
                    for c in sheet.rubric.criteria.all()
                ]
                total = weighted_total(rows)
                if total is not None:
                    submitted.append((sheet.evaluator, total.quantize(TWO, ROUND_HALF_UP)))
            done = {e.pk for e, _t in submitted}
            rs = RubricStats(
                rubric=rubric, totals=submitted, missing=[m for m in expected if m.pk not in done]
            )
            rs.outliers = outliers(submitted, rs.median)
            stats.append(rs)
        means = [s.mean for s in stats if s.mean is not None]
        final = (sum(means) / len(means)).quantize(TWO, ROUND_HALF_UP) if means else None
        results.append(RegionResult(session=session, stats=stats, final=final))
    return rank(results)
