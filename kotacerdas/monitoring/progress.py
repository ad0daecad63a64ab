"""Programme and quick-win progress, read side: each programme's current state, budget realised against
planned, milestones, quick-win delivery and the summary figures, in a fixed number of queries.

The rules, as the pages and the implementation evaluation use them:

* **Current state.** A programme's state is its newest progress report (latest ``reported_on``, then the
  highest id). A programme nobody reported on yet keeps the status written in its masterplan (usually
  "planned") at 0 %.
* **Budget realised.** A report's ``budget_realised`` is the total spent since the programme began, up to the
  report's date (the form says so). A programme's realised budget is the figure of its newest report that
  gives one; planned is the masterplan's estimated budget.
* **On track.** A programme is on track when its current status is *running* or *done* (so not delayed,
  cancelled or still only planned). The share counts only programmes that are due: those whose start year
  has come (or that have no start year). A programme planned for a later year is neither on nor off track.
* **Quick win delivered.** A quick win is delivered on the date of its *first* progress report with status
  "done" (a later report cannot undo a delivery). It is delivered **on time** when that date is no later than
  its deadline: the start plus ``delivery_months`` (the months promised in the commitment, at most 12), or
  12 months when none were promised.
* **Start of a quick win.** The later of 1 January of the programme's ``start_year`` and the day its
  commitment was signed (``commitment_signed_on``): work needs both the signed commitment and the budget
  year it was planned for. Without either, 1 January of the masterplan's first year. The masterplan model
  has no approval date (approval is a status, dated only in the audit trail), so it offers no better date.

Everything can be computed "as of" a date (the default is today): later reports are then ignored, which is
what a yearly implementation round needs.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import groupby

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, ProgrammeStatus
from kotacerdas.monitoring.models import Milestone, ProgressReport

QUICK_WIN_MONTHS = 12
ON_TRACK = frozenset({ProgrammeStatus.RUNNING, ProgrammeStatus.DONE})


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it is shorter (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Delivery:
    """Where a quick win stands against its deadline."""

    ON_TIME = "on_time"  # delivered no later than the deadline
    LATE = "late"  # delivered after the deadline
    OPEN = "open"  # not delivered, deadline still ahead
    OVERDUE = "overdue"  # not delivered, deadline passed


@dataclass
class QuickWinDelivery:
    start: date
    months: int
    deadline: date
    delivered_on: date | None
    state: str

    @property
    def on_time(self) -> bool:
        return self.state == Delivery.ON_TIME

    @property
    def delivered(self) -> bool:
        return self.delivered_on is not None


def quick_win_start(programme: MasterplanProgramme) -> date:
    """See the module docstring. ``programme.masterplan`` is read only when the programme has no dates."""
    candidates = []
    if programme.start_year:
        candidates.append(date(programme.start_year, 1, 1))
    if programme.commitment_signed_on:
        candidates.append(programme.commitment_signed_on)
    if candidates:
        return max(candidates)
    return date(programme.masterplan.start_year, 1, 1)


def quick_win_delivery(
    programme: MasterplanProgramme, delivered_on: date | None, *, as_of: date
) -> QuickWinDelivery:
    start = quick_win_start(programme)
    months = programme.delivery_months or QUICK_WIN_MONTHS
    deadline = add_months(start, months)
    if delivered_on is not None:
        state = Delivery.ON_TIME if delivered_on <= deadline else Delivery.LATE
    else:
        state = Delivery.OVERDUE if as_of > deadline else Delivery.OPEN
    return QuickWinDelivery(start, months, deadline, delivered_on, state)


@dataclass
class ProgrammeProgress:
    programme: MasterplanProgramme
    latest: ProgressReport | None
    status: str
    percent: int
    budget_planned: Decimal | None
    budget_realised: Decimal | None
    is_due: bool
    milestones: list = field(default_factory=list)
    next_milestone: Milestone | None = None
    late_milestones: list = field(default_factory=list)
    delivery: QuickWinDelivery | None = None

    @property
    def status_label(self) -> str:
        return ProgrammeStatus(self.status).label

    @property
    def is_on_track(self) -> bool:
        return self.status in ON_TRACK

    @property
    def delay_reason(self) -> str:
        if self.latest is not None and self.status == ProgrammeStatus.DELAYED:
            return self.latest.delay_reason
        return ""

    @property
    def budget_percent(self) -> int | None:
        if self.budget_realised is None or not self.budget_planned:
            return None
        return round(100 * self.budget_realised / self.budget_planned)


def _is_late(milestone: Milestone, as_of: date) -> bool:
    """Milestone.is_late, as of a given day: still open after its due day, or done after it."""
    if milestone.done_on is None or milestone.done_on > as_of:
        return milestone.due_on < as_of
    return milestone.done_on > milestone.due_on


def progress_rows(
    programmes: QuerySet, *, as_of: date | None = None, with_milestones: bool = True
) -> list[ProgrammeProgress]:
    """The progress of each programme of ``programmes`` (any queryset of MasterplanProgramme, e.g. one
    masterplan's or several), in their order. Three queries, or two when nothing was reported.

    ``with_milestones=False`` is for aggregates over many masterplans (the national dashboard, the index): it
    leaves out the milestones and the programmes' agencies and elements, about half the work on 1,800
    programmes."""
    as_of = as_of or timezone.localdate()
    reports = ProgressReport.objects.filter(programme=OuterRef("pk"), reported_on__lte=as_of)
    newest = ("-reported_on", "-pk")
    related = ["strategy__dimension", "masterplan"] + (["element", "owner_opd"] if with_milestones else [])
    programmes = programmes.select_related(*related).annotate(
        latest_report_id=Subquery(reports.order_by(*newest).values("pk")[:1]),
        realised=Subquery(
            reports.filter(budget_realised__isnull=False).order_by(*newest).values("budget_realised")[:1]
        ),
        delivered_on=Subquery(
            reports.filter(status=ProgrammeStatus.DONE)
            .order_by("reported_on", "pk")
            .values("reported_on")[:1]
        ),
    )
    if with_milestones:
        programmes = programmes.prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk"))
        )
    programmes = list(programmes)
    # Not in_bulk(): it splits the ids into batches of 999 on SQLite, so the query count would grow with the data.
    wanted = [p.latest_report_id for p in programmes if p.latest_report_id]
    latest = {r.pk: r for r in ProgressReport.objects.filter(pk__in=wanted)} if wanted else {}
    rows = []
    for p in programmes:
        report = latest.get(p.latest_report_id)
        milestones = list(p.milestones.all()) if with_milestones else []
        open_ahead = [m for m in milestones if (m.done_on is None or m.done_on > as_of) and m.due_on >= as_of]
        rows.append(
            ProgrammeProgress(
                programme=p,
                latest=report,
                status=report.status if report else p.status,
                percent=report.percent_complete if report else 0,
                budget_planned=p.budget,
                budget_realised=p.realised,
                is_due=p.start_year is None or p.start_year <= as_of.year,
                milestones=milestones,
                next_milestone=open_ahead[0] if open_ahead else None,
                late_milestones=[m for m in milestones if _is_late(m, as_of)],
                delivery=quick_win_delivery(p, p.delivered_on, as_of=as_of) if p.is_quick_win else None,
            )
        )
    return rows


def masterplan_progress(masterplan: Masterplan, *, as_of: date | None = None) -> list[ProgrammeProgress]:
    return progress_rows(masterplan.programmes.all(), as_of=as_of)


def _percent(part, whole) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class ProgressSummary:
    programmes: int
    due: int
    on_track: int
    quick_wins: int
    quick_wins_on_time: int
    quick_wins_late: int
    budget_planned_due: Decimal
    budget_planned_total: Decimal
    budget_realised: Decimal
    status_counts: dict

    @property
    def on_track_share(self) -> float | None:
        """On-track programmes among the due ones, 0–1; None when none is due yet."""
        return self.on_track / self.due if self.due else None

    @property
    def on_track_percent(self) -> int | None:
        return _percent(self.on_track, self.due)

    @property
    def budget_percent(self) -> int | None:
        """Budget realised against the planned budget of the programmes that are due."""
        return _percent(self.budget_realised, self.budget_planned_due)


def summarise(rows: list[ProgrammeProgress]) -> ProgressSummary:
    due = [r for r in rows if r.is_due]
    quick_wins = [r.delivery for r in rows if r.delivery is not None]
    counts = {status: 0 for status in ProgrammeStatus.values}
    for r in rows:
        counts[r.status] += 1
    return ProgressSummary(
        programmes=len(rows),
        due=len(due),
        on_track=sum(1 for r in due if r.is_on_track),
        quick_wins=len(quick_wins),
        quick_wins_on_time=sum(1 for d in quick_wins if d.state == Delivery.ON_TIME),
        quick_wins_late=sum(1 for d in quick_wins if d.state == Delivery.LATE),
        budget_planned_due=sum((r.budget_planned or 0 for r in due), Decimal(0)),
        budget_planned_total=sum((r.budget_planned or 0 for r in rows), Decimal(0)),
        budget_realised=sum((r.budget_realised or 0 for r in rows), Decimal(0)),
        status_counts=counts,
    )


def by_dimension(rows: list[ProgrammeProgress]) -> list[tuple]:
    """``[(dimension, rows), …]`` in the framework's order (rows must come in the programmes' default order,
    which sorts by dimension first)."""
    key = lambda r: r.programme.strategy.dimension  # noqa: E731
    ordered = sorted(rows, key=lambda r: (key(r).order, key(r).pk))  # stable: keeps the order within
    return [(dimension, list(group)) for dimension, group in groupby(ordered, key=key)]
