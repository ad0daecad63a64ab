"""The figures of the public monitoring dashboards: national, regional and a comparison of regions.

Everything here is public, and the same for every visitor, signed in or not:

* **Who is shown.** Participations with a public status (``programmes.models.SELECTED_STATUSES``); an
  application never appears, not even in a count.
* **Programmes.** Only those of *published* masterplans of such participations (approval is the
  secretariat's decision; publication makes the plan public): a draft's or an approved plan's programmes stay
  inside the region's circle. Their state comes from ``monitoring.progress`` (the newest
  progress report), as the monitoring pages and the implementation evaluation read it.
* **Indicator values.** Only published ones: verified and current (``IndicatorValue.objects.published()``),
  and only of indicators of the shared catalogue (a region-defined indicator is not public, see
  ``IndicatorQuerySet.visible_to``). Unverified, rejected and superseded values never reach these pages.

Per smart city dimension: *on track* is the share of due programmes that are running or done, *percent
complete* the mean of the due programmes' percent complete, *quick wins on time* the quick wins delivered no
later than their deadline among all quick wins (the rules are in ``monitoring/progress.py``).

Every function runs a fixed number of queries, whatever the number of regions, programmes or values.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone

from kotacerdas.framework.models import Dimension, VersionStatus
from kotacerdas.masterplans import published
from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, MasterplanStatus
from kotacerdas.monitoring import progress
from kotacerdas.monitoring.models import IndicatorValue, Target, TrackedIndicator
from kotacerdas.programmes.models import SELECTED_STATUSES, Cohort, Participation, ParticipationStatus

PUBLIC_MASTERPLAN_STATUSES = [MasterplanStatus.PUBLISHED]
PUBLIC_STATUSES = [ParticipationStatus(s) for s in SELECTED_STATUSES]
CENTROIDS_CSV = Path(__file__).resolve().parent.parent / "regions" / "data" / "centroids.csv"
MAX_COMPARED = 6


@dataclass(frozen=True)
class Centroid:
    code: str
    name: str
    lat: float
    lon: float


@lru_cache(maxsize=1)
def centroids() -> dict[str, Centroid]:
    """The committed point of each kabupaten/kota (derivation and licence: regions/data/)."""
    with CENTROIDS_CSV.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: Centroid(row["code"], row["name"], float(row["lat"]), float(row["lon"]))
            for row in csv.DictReader(handle, delimiter=";")
        }


def public_masterplans():
    return Masterplan.objects.filter(
        status__in=PUBLIC_MASTERPLAN_STATUSES, participation__status__in=SELECTED_STATUSES
    )


def framework_dimensions() -> list[Dimension]:
    """The dimensions of the current framework version, in order (one query)."""
    return list(Dimension.objects.filter(version__status=VersionStatus.CURRENT).order_by("order", "pk"))


def _mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _share(part, whole) -> float | None:
    return 100 * part / whole if whole else None


@dataclass
class DimensionFigures:
    code: str
    name: str
    programmes: int = 0
    due: int = 0
    on_track: int = 0
    percent_complete: float | None = None
    quick_wins: int = 0
    quick_wins_on_time: int = 0

    @property
    def on_track_percent(self) -> float | None:
        return _share(self.on_track, self.due)

    @property
    def quick_wins_on_time_percent(self) -> float | None:
        return _share(self.quick_wins_on_time, self.quick_wins)


def dimension_order(rows: list[progress.ProgrammeProgress], dimensions: list[Dimension]) -> list[tuple]:
    """``[(code, name), …]``: the dimensions of ``dimensions``, then any other dimension code the rows use
    (a masterplan written against an older framework version counts under the same code)."""
    order = [(d.code, d.name) for d in dimensions]
    known = {code for code, _name in order}
    for row in rows:
        dimension = row.programme.strategy.dimension
        if dimension.code not in known:
            known.add(dimension.code)
            order.append((dimension.code, dimension.name))
    return order


def dimension_figures(rows: list[progress.ProgrammeProgress], order: list[tuple]) -> list[DimensionFigures]:
    """One DimensionFigures per ``(code, name)`` of ``order`` (see dimension_order)."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.programme.strategy.dimension.code].append(row)
    figures = []
    for code, name in order:
        group = grouped.get(code, [])
        summary = progress.summarise(group)
        figures.append(
            DimensionFigures(
                code=code,
                name=name,
                programmes=summary.programmes,
                due=summary.due,
                on_track=summary.on_track,
                percent_complete=_mean(r.percent for r in group if r.is_due),
                quick_wins=summary.quick_wins,
                quick_wins_on_time=summary.quick_wins_on_time,
            )
        )
    return figures


# --- national -----------------------------------------------------------------------------------------------


@dataclass
class Participant:
    region: object
    participations: list = field(default_factory=list)  # public ones, oldest cohort first
    centroid: Centroid | None = None

    @property
    def first_year(self) -> int:
        return self.participations[0].cohort.year

    @property
    def latest(self):
        return self.participations[-1]


@dataclass
class CohortCounts:
    cohort: Cohort
    counts: dict  # status -> number of public participations

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts[s] for s in PUBLIC_STATUSES]


@dataclass
class National:
    participants: list[Participant]
    cohorts: list[CohortCounts]
    years: list[int]  # cohort years with public participants, for the map's colours
    dimensions: list[DimensionFigures]
    summary: progress.ProgressSummary
    masterplans: int
    published_values: int

    @property
    def provinces(self) -> int:
        return len({p.region.province_id for p in self.participants})

    @property
    def on_map(self) -> list[Participant]:
        return [p for p in self.participants if p.centroid is not None]

    @property
    def off_map(self) -> list[Participant]:
        return [p for p in self.participants if p.centroid is None]


def national(*, as_of: date | None = None) -> National:
    """Participants with their places, counts per cohort and status, progress per dimension. Eight queries."""
    participations = list(
        Participation.objects.public()
        .select_related("region__province", "cohort")
        .order_by("region__name", "region__code", "cohort__year", "pk")
    )
    points = centroids()
    by_region: dict[int, Participant] = {}
    for p in participations:
        participant = by_region.setdefault(
            p.region_id, Participant(p.region, centroid=points.get(p.region.code))
        )
        participant.participations.append(p)
    counts = defaultdict(lambda: dict.fromkeys(PUBLIC_STATUSES, 0))
    for p in participations:
        counts[p.cohort_id][p.status] += 1
    cohorts = [CohortCounts(c, counts[c.pk]) for c in Cohort.objects.order_by("year", "pk")]
    masterplans = public_masterplans()
    rows = progress.progress_rows(
        MasterplanProgramme.objects.filter(masterplan__in=masterplans), as_of=as_of, with_milestones=False
    )
    published = IndicatorValue.objects.published().filter(
        tracked__participation__status__in=SELECTED_STATUSES, tracked__indicator__region__isnull=True
    )
    return National(
        participants=list(by_region.values()),
        cohorts=cohorts,
        years=sorted({p.cohort.year for p in participations}),
        dimensions=dimension_figures(rows, dimension_order(rows, framework_dimensions())),
        summary=progress.summarise(rows),
        masterplans=masterplans.count(),
        published_values=published.count(),
    )


# --- one region ---------------------------------------------------------------------------------------------


@dataclass
class Trend:
    tracked: TrackedIndicator
    values: list  # published IndicatorValues, by year
    targets: list  # (year, target)

    @property
    def indicator(self):
        return self.tracked.indicator

    @property
    def latest(self):
        return self.values[-1]

    @property
    def latest_target(self):
        return dict(self.targets).get(self.latest.year)

    @property
    def rows(self) -> list[tuple]:
        """(year, target, published value) for every year with either, the chart as a table."""
        targets = dict(self.targets)
        values = {v.year: v.value for v in self.values}
        return [(y, targets.get(y), values.get(y)) for y in sorted(set(targets) | set(values))]


def published_trends(participations) -> list[Trend]:
    """The shared-catalogue indicators the participations track that have at least one published value.
    Three queries."""
    tracked = (
        TrackedIndicator.objects.filter(participation__in=participations, indicator__region__isnull=True)
        .select_related("indicator", "participation__cohort")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.published().order_by("year", "pk"),
                to_attr="published_values",
            ),
            Prefetch("targets", queryset=Target.objects.order_by("year")),
        )
        .order_by("indicator__code", "participation__cohort__year")
    )
    return [
        Trend(t, t.published_values, [(target.year, target.value) for target in t.targets.all()])
        for t in tracked
        if t.published_values
    ]


@dataclass
class Regional:
    region: object
    participations: list  # public ones, newest cohort first
    masterplan: Masterplan | None
    rows: list  # progress.ProgrammeProgress of the masterplan's programmes
    dimensions: list[DimensionFigures]
    trends: list[Trend]
    as_of: date

    @property
    def summary(self) -> progress.ProgressSummary:
        return progress.summarise(self.rows)

    @property
    def quick_wins(self) -> list:
        return [r for r in self.rows if r.delivery is not None]

    @property
    def programmes_by_dimension(self) -> list:
        return progress.by_dimension([r for r in self.rows if r.delivery is None])


def latest_masterplans(regions) -> dict[int, Masterplan]:
    """{region id: its published masterplan of the newest cohort}. One query."""
    plans = (
        public_masterplans()
        .filter(participation__region__in=regions)
        .select_related("participation__cohort", "participation__region")
        .order_by("participation__cohort__year", "pk")
    )
    return {m.participation.region_id: m for m in plans}


def regional(region, *, as_of: date | None = None) -> Regional:
    """A region's profile, programmes and indicator trends. At most nine queries."""
    as_of = as_of or timezone.localdate()
    participations = list(
        Participation.objects.public()
        .filter(region=region)
        .select_related("cohort")
        .order_by("-cohort__year")
    )
    masterplan = latest_masterplans([region]).get(region.pk) if participations else None
    rows = progress.masterplan_progress(masterplan, as_of=as_of) if masterplan else []
    # The programmes' texts as published (masterplans/published.py); their progress as reported.
    rows = published.publish_masterplan_rows(masterplan, rows)
    return Regional(
        region=region,
        participations=participations,
        masterplan=masterplan,
        rows=rows,
        dimensions=dimension_figures(rows, dimension_order(rows, framework_dimensions())),
        trends=published_trends(participations) if participations else [],
        as_of=as_of,
    )


# --- comparison ---------------------------------------------------------------------------------------------


@dataclass
class Compared:
    region: object
    masterplan: Masterplan | None
    summary: progress.ProgressSummary
    dimensions: list[DimensionFigures]


@dataclass
class SharedIndicator:
    indicator: object
    years: list[int]
    cells: list[list]  # per year, per compared region: the published value or None

    @property
    def rows(self) -> list[tuple]:
        return list(zip(self.years, self.cells, strict=True))


@dataclass
class Comparison:
    regions: list[Compared]
    dimensions: list[tuple]  # (code, name), the groups of every region's figures
    indicators: list[SharedIndicator]
    year_from: int
    year_to: int
    as_of: date


def comparison(regions: list, *, year_from: int, year_to: int) -> Comparison:
    """Programmes on track, quick wins on time and progress per dimension of each region (as of the end of
    ``year_to``, or today), and the published values from ``year_from`` to ``year_to`` of the indicators at
    least two of them track (all of a single region's). At most nine queries."""
    as_of = min(date(year_to, 12, 31), timezone.localdate())
    plans = latest_masterplans(regions)
    rows = progress.progress_rows(
        MasterplanProgramme.objects.filter(masterplan__in=[m.pk for m in plans.values()]), as_of=as_of
    )
    by_plan = defaultdict(list)
    for row in rows:
        by_plan[row.programme.masterplan_id].append(row)
    order = dimension_order(rows, framework_dimensions())
    compared = []
    for region in regions:
        plan = plans.get(region.pk)
        plan_rows = by_plan.get(plan.pk, []) if plan else []
        compared.append(
            Compared(region, plan, progress.summarise(plan_rows), dimension_figures(plan_rows, order))
        )
    return Comparison(
        regions=compared,
        dimensions=order,
        indicators=_shared_indicators(regions, year_from, year_to),
        year_from=year_from,
        year_to=year_to,
        as_of=as_of,
    )


def _shared_indicators(regions, year_from, year_to) -> list[SharedIndicator]:
    tracked = (
        TrackedIndicator.objects.filter(
            participation__region__in=regions,
            participation__status__in=SELECTED_STATUSES,
            indicator__region__isnull=True,
        )
        .select_related("indicator", "participation")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.published()
                .filter(year__gte=year_from, year__lte=year_to)
                .order_by("year", "pk"),
                to_attr="published_values",
            )
        )
        .order_by("indicator__code", "participation__cohort__year")
    )
    values = defaultdict(dict)  # indicator id -> {(region id, year): value}, the newest cohort's last
    indicators = {}
    for t in tracked:
        for v in t.published_values:
            values[t.indicator_id][(t.participation.region_id, v.year)] = v.value
            indicators[t.indicator_id] = t.indicator
    wanted = min(2, len(regions))
    shared = []
    for indicator_id, cells in sorted(values.items(), key=lambda item: indicators[item[0]].code):
        if len({region_id for region_id, _year in cells}) < wanted:
            continue
        years = sorted({year for _region, year in cells})
        shared.append(
            SharedIndicator(
                indicator=indicators[indicator_id],
                years=years,
                cells=[[cells.get((r.pk, y)) for r in regions] for y in years],
            )
        )
    return shared
