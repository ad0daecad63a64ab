"""What the public pages read: the movement in figures, a region's public record, the quick-win showcase.

These pages are the same for every visitor, signed in or not, and show only what is published:

* **Participations** with a public status (``programmes.models.SELECTED_STATUSES``); applications never show.
* **Masterplans** with status "published" of such participations (``dashboards.public_masterplans``): a draft,
  submitted or approved plan, its programmes and its quick wins stay inside the region's circle. Their texts
  (title, vision, missions, programmes' names and agencies) are those of the published version
  (``masterplans.published``), never the live rows.
* **Quick-win delivery** comes from ``monitoring.progress`` (the newest progress report; delivered on the first
  report "done"), as the dashboards and the implementation evaluation read it.
* **Indicator values**: verified and current ones of the shared catalogue (``dashboards.published_trends``).
* **Evaluation events**: the agenda once released (``agenda_release > 0``), read from its latest release; the
  results once published (``results_published_at`` set).
* **Implementation index**: results of published rounds only (``IndexResult.objects.published()``).

Every function runs a fixed number of queries, whatever the amount of data.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Exists, F, OuterRef, Q
from django.utils import timezone

from kotacerdas.evaluations import agenda as agendas
from kotacerdas.evaluations.models import AgendaRelease, EvaluationEvent
from kotacerdas.evaluations.results import compute_results
from kotacerdas.implementation import services as services_index
from kotacerdas.implementation.models import IndexResult
from kotacerdas.masterplans import published
from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, ProgrammeStatus
from kotacerdas.masterplans.views_public import public_books
from kotacerdas.monitoring import progress
from kotacerdas.monitoring.models import ProgressReport
from kotacerdas.portal import charts, dashboards
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import Region

SHOWCASE_PAGE_SIZE = 24


# --- the movement in figures (home) -------------------------------------------------------------------------


@dataclass
class Movement:
    regions: int
    provinces: int
    cohorts: int
    masterplans: int
    quick_wins: int
    quick_wins_delivered: int
    index_round: object  # the latest published ImplementationRound, or None
    index_regions: int
    index_mean: Decimal | None
    dots: list  # charts.MapDot of the participating regions that have a point


def movement(*, as_of: date | None = None) -> Movement:
    """Participating regions, provinces and cohorts, published masterplans, quick wins delivered, the latest
    published index round, and the points of the map. Six queries."""
    as_of = as_of or timezone.localdate()
    rows = list(
        Participation.objects.public()
        .order_by("region__name", "region__code", "cohort__year")
        .values_list("region__code", "region__name", "region__province_id", "cohort_id", "cohort__year")
    )
    first_year: dict[str, tuple] = {}
    for code, name, _province, _cohort, year in rows:
        first_year.setdefault(code, (name, year))
    points = dashboards.centroids()
    dots = [
        charts.MapDot(
            lat=points[code].lat,
            lon=points[code].lon,
            fill=charts.PALETTE[0],
            title=f"{name} ({year})",
            code=code,
        )
        for code, (name, year) in first_year.items()
        if code in points
    ]
    masterplans = dashboards.public_masterplans()
    delivered = ProgressReport.objects.filter(
        programme=OuterRef("pk"), status=ProgrammeStatus.DONE, reported_on__lte=as_of
    )
    quick_wins = MasterplanProgramme.objects.filter(masterplan__in=masterplans, is_quick_win=True).aggregate(
        total=Count("pk"), delivered=Count("pk", filter=Q(Exists(delivered)))
    )
    rnd = services_index.latest_published_round()
    index = (
        IndexResult.objects.filter(entry__round=rnd, index__isnull=False).aggregate(
            n=Count("pk"), mean=Avg("index")
        )
        if rnd
        else {"n": 0, "mean": None}
    )
    return Movement(
        regions=len(first_year),
        provinces=len({row[2] for row in rows}),
        cohorts=len({row[3] for row in rows}),
        masterplans=masterplans.count(),
        quick_wins=quick_wins["total"],
        quick_wins_delivered=quick_wins["delivered"],
        index_round=rnd,
        index_regions=index["n"],
        index_mean=None if index["mean"] is None else Decimal(index["mean"]).quantize(Decimal("0.01")),
        dots=dots,
    )


def movement_map(data: Movement, *, title: str) -> str:
    return charts.map_svg(
        title=title,
        base=tuple((c.lat, c.lon) for c in dashboards.centroids().values()),
        dots=data.dots,
        legend=None,
    )


# --- one region ---------------------------------------------------------------------------------------------


@dataclass
class AgendaSlot:
    """The region's place in a released agenda."""

    entry: agendas.AgendaEntry
    day_number: int


@dataclass
class EventRecord:
    event: EvaluationEvent
    slots: list[AgendaSlot] = field(default_factory=list)  # empty when the agenda is not released
    rank: int | None = None
    ranked_among: int = 0
    final: Decimal | None = None

    @property
    def agenda_is_published(self) -> bool:
        return self.event.agenda_is_published

    @property
    def results_are_published(self) -> bool:
        return self.event.results_are_published


@dataclass
class RegionRecord:
    region: Region
    participations: list  # public ones, newest cohort first
    masterplan: Masterplan | None  # the published masterplan of the newest cohort
    vision: str = ""
    missions: list = field(default_factory=list)
    quick_wins: list = field(default_factory=list)  # progress.ProgrammeProgress with a delivery
    books: list = field(default_factory=list)  # DocumentJob, see masterplans.views_public.public_books
    trends: list = field(default_factory=list)  # dashboards.Trend
    index_history: list = field(default_factory=list)  # IndexResult, oldest first
    events: list = field(default_factory=list)  # EventRecord
    as_of: date | None = None

    @property
    def is_participating(self) -> bool:
        return bool(self.participations)

    @property
    def index_latest(self):
        scored = [r for r in self.index_history if r.index is not None]
        return scored[-1] if scored else None

    @property
    def quick_wins_delivered(self) -> int:
        return sum(1 for row in self.quick_wins if row.delivery.delivered)


def _events(region, participations) -> list[EventRecord]:
    """Events of the region's cohorts with a released agenda or published results. At most three queries,
    plus those of ``compute_results`` for each event with published results in which the region presented."""
    events = list(
        EvaluationEvent.objects.filter(cohort__in={p.cohort_id for p in participations})
        .filter(Q(agenda_release__gt=0) | Q(results_published_at__isnull=False))
        .select_related("cohort")
        .prefetch_related("days")
        .order_by("-cohort__year", "pk")
    )
    if not events:
        return []
    releases = {
        r.event_id: r
        for r in AgendaRelease.objects.filter(
            event__in=[e.pk for e in events], number=F("event__agenda_release")
        )
    }
    records = []
    for event in events:
        record = EventRecord(event)
        release = releases.get(event.pk) if event.agenda_is_published else None
        if release is not None:
            numbers = {day.date: n for n, day in enumerate(event.days.all(), start=1)}
            record.slots = [
                AgendaSlot(entry, numbers.get(entry.date, 0))
                for entry in agendas.entries_of(release)
                if entry.region_code == region.code
            ]
        if event.results_are_published and record.slots:
            results = compute_results(event)
            ranked = [r for r in results if r.rank is not None]
            mine = next((r for r in results if r.region.pk == region.pk), None)
            if mine is not None:
                record.rank, record.final, record.ranked_among = mine.rank, mine.final, len(ranked)
        records.append(record)
    return records


def region_record(region, *, as_of: date | None = None) -> RegionRecord:
    """A region's public record. About fifteen queries for a participating region, one for another."""
    as_of = as_of or timezone.localdate()
    participations = list(
        Participation.objects.public()
        .filter(region=region)
        .select_related("cohort")
        .order_by("-cohort__year")
    )
    if not participations:
        return RegionRecord(region=region, participations=[], masterplan=None, as_of=as_of)
    masterplan = dashboards.latest_masterplans([region]).get(region.pk)
    record = RegionRecord(region=region, participations=participations, masterplan=masterplan, as_of=as_of)
    if masterplan is not None:
        # Texts as published (masterplans/published.py); progress and delivery as reported.
        snapshot = published.version_snapshot(masterplan)
        published.show_published_header(masterplan, snapshot)
        record.vision, record.missions = published.vision_and_missions(snapshot)
        record.quick_wins = published.publish_rows(
            progress.progress_rows(
                masterplan.programmes.filter(is_quick_win=True), as_of=as_of, with_milestones=True
            ),
            rows=published.snapshot_rows(masterplan, snapshot),
        )
        record.books = public_books(masterplan)
    record.trends = dashboards.published_trends(participations)
    record.index_history = services_index.region_index_history(region)
    record.events = _events(region, participations)
    return record


# --- the quick-win showcase ---------------------------------------------------------------------------------


DELIVERY_STATES = [
    progress.Delivery.ON_TIME,
    progress.Delivery.LATE,
    progress.Delivery.OPEN,
    progress.Delivery.OVERDUE,
]


@dataclass
class Showcase:
    rows: list  # progress.ProgrammeProgress of quick wins of published masterplans
    counts: dict  # delivery state -> number of quick wins matching the other filters
    total: int


def showcase(
    *, dimension: str = "", region: str = "", state: str = "", as_of: date | None = None
) -> Showcase:
    """The quick wins of every published masterplan, by region then dimension, with their delivery; filtered
    by smart city dimension (its code), region (its Kemendagri code) and delivery state. Four queries."""
    programmes = (
        MasterplanProgramme.objects.filter(masterplan__in=dashboards.public_masterplans(), is_quick_win=True)
        .select_related("masterplan__participation__region__province", "masterplan__participation__cohort")
        .order_by(
            "masterplan__participation__region__name",
            "masterplan__participation__cohort__year",
            "strategy__dimension__order",
            "pk",
        )
    )
    if dimension:
        programmes = programmes.filter(strategy__dimension__code=dimension)
    if region:
        programmes = programmes.filter(masterplan__participation__region__code=region)
    rows = progress.progress_rows(programmes, as_of=as_of, with_milestones=True)
    counts = defaultdict(int)
    for row in rows:
        counts[row.delivery.state] += 1
    if state in DELIVERY_STATES:
        rows = [row for row in rows if row.delivery.state == state]
    return Showcase(rows=rows, counts={s: counts[s] for s in DELIVERY_STATES}, total=sum(counts.values()))


def showcase_regions():
    """Regions with a published masterplan, for the showcase's filter. One query."""
    return (
        Region.objects.filter(participations__masterplan__in=dashboards.public_masterplans())
        .distinct()
        .order_by("name", "code")
    )
