"""What the public reads of a published masterplan: its published version, never its live rows.

Publication points the masterplan at the version frozen at its last submission (``Masterplan.published_version``,
set by ``services.change_status``): the text that was reviewed and approved. Public pages, the API and the public
books show that version's texts and names (title, vision, missions, goals, strategies, programmes, owning OPDs),
so a later edit (an agency renamed, a row changed by hand) reaches the public only through a new submission,
review and publication. What is reported during implementation (progress reports, quick-win deliveries,
indicator values) is monitoring data: it is read live, for the programme ids the version keeps. A programme that
is not in the version (added afterwards) does not show.

A masterplan published outside the workflow, without a version (data loaded by hand), is read from its live rows
through the same snapshot function (``snapshot.take_snapshot``), so every reader handles one shape.

Each function runs a fixed number of queries, whatever the number of masterplans and programmes.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import groupby

from kotacerdas.framework.models import Dimension, Element
from kotacerdas.masterplans.models import (
    FundingSource,
    Horizon,
    Masterplan,
    MasterplanProgramme,
    MasterplanVersion,
    SectionKey,
)
from kotacerdas.masterplans.snapshot import programme_row, take_snapshot


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class PublishedOpd:
    """An agency as the version names it (its name then, whatever it is called now)."""

    name: str

    def __str__(self):
        return self.name


@dataclass
class PublishedIndicator:
    name: str
    unit: str
    baseline_year: int | None
    baseline_value: Decimal | None
    target_year: int | None
    target_value: Decimal | None

    @classmethod
    def from_row(cls, row: dict) -> "PublishedIndicator":
        return cls(
            name=row.get("name", ""),
            unit=row.get("unit", ""),
            baseline_year=row.get("baseline_year"),
            baseline_value=_decimal(row.get("baseline_value")),
            target_year=row.get("target_year"),
            target_value=_decimal(row.get("target_value")),
        )


@dataclass
class PublishedMission:
    text: str


@dataclass
class PublishedGoal:
    dimension: Dimension | None
    text: str
    indicators: list = field(default_factory=list)  # PublishedIndicator


@dataclass
class PublishedStrategy:
    dimension: Dimension | None
    title: str
    element: Element | None = None
    description: str = ""
    programme_list: list = field(default_factory=list)  # PublishedProgramme


class PublishedProgramme:
    """A programme as its masterplan's published version has it. The published fields are its own; only what the
    version does not hold and that is no text of the region (``LIVE``: its masterplan, milestones, residents'
    feedback, annotations of its progress) comes from the live row it was published from, when there is one.
    Anything else is simply absent, so no live text can slip through. Read-only: it is never saved."""

    LIVE = frozenset(
        {
            "masterplan",
            "masterplan_id",
            "strategy_id",
            "status",
            "get_status_display",
            "milestones",
            "resident_feedback",
            "is_delivered",
            "latest_report_id",
            "realised",
            "delivered_on",
        }
    )

    def __init__(self, row: dict, *, strategy: PublishedStrategy, live: MasterplanProgramme | None = None):
        self._live = live
        self.pk = self.id = row.get("id")
        self.name = row.get("name", "")
        self.strategy = strategy
        self.dimension_code = row.get("dimension")
        self.element_code = row.get("element")
        self.description = row.get("description", "")
        self.owner_opd = PublishedOpd(row["owner_opd"]) if row.get("owner_opd") else None
        self.partner_opds = [PublishedOpd(name) for name in row.get("partner_opds") or []]
        self.funding_source = row.get("funding_source", "")
        self.budget = _decimal(row.get("budget"))
        self.start_year = row.get("start_year")
        self.end_year = row.get("end_year")
        self.horizon = row.get("horizon", "")
        self.output = row.get("output", "")
        self.outcome = row.get("outcome", "")
        self.is_quick_win = bool(row.get("is_quick_win"))
        self.delivery_months = row.get("delivery_months")
        self.expected_benefit = row.get("expected_benefit", "")
        self.beneficiaries = row.get("beneficiaries", "")
        self.commitment_signed_by = row.get("commitment_signed_by", "")
        self.commitment_signed_on = _date(row.get("commitment_signed_on"))
        self.indicators = [PublishedIndicator.from_row(i) for i in row.get("indicators") or []]

    def __getattr__(self, name):  # only for what the version does not hold
        live = self.__dict__.get("_live")
        if live is None or name not in self.LIVE:
            raise AttributeError(name)
        return getattr(live, name)

    def __str__(self):
        return self.name

    years_label = property(MasterplanProgramme.years_label.fget)

    def get_horizon_display(self) -> str:
        return str(Horizon(self.horizon).label) if self.horizon in Horizon.values else ""

    def get_funding_source_display(self) -> str:
        if self.funding_source in FundingSource.values:
            return str(FundingSource(self.funding_source).label)
        return ""


def version_snapshot(masterplan: Masterplan) -> dict:
    """The published snapshot of ``masterplan`` (one query), or its live rows as a snapshot when it was published
    without a version."""
    if masterplan.published_version_id:
        snapshot = (
            MasterplanVersion.objects.filter(pk=masterplan.published_version_id)
            .values_list("snapshot", flat=True)
            .first()
        )
        if snapshot is not None:
            return snapshot
    return take_snapshot(masterplan)


def show_published_header(masterplan: Masterplan, snapshot: dict) -> Masterplan:
    """Give the (in-memory, never saved) masterplan the title and period of its published version."""
    masterplan.title = snapshot.get("title") or masterplan.title
    period = snapshot.get("period") or []
    if len(period) == 2 and all(period):
        masterplan.start_year, masterplan.end_year = period
    return masterplan


def show_published_titles(masterplans) -> list:
    """``show_published_header`` for a list of masterplans (a directory, an API page): one query reading only
    the title and period of their versions (none when no masterplan has a version)."""
    masterplans = list(masterplans)
    versions = {m.published_version_id for m in masterplans} - {None}
    if not versions:
        return masterplans
    found = {
        pk: {"title": title, "period": period}
        for pk, title, period in MasterplanVersion.objects.filter(pk__in=versions).values_list(
            "pk", "snapshot__title", "snapshot__period"
        )
    }
    for masterplan in masterplans:
        if masterplan.published_version_id in found:
            show_published_header(masterplan, found[masterplan.published_version_id])
    return masterplans


def vision_and_missions(snapshot: dict) -> tuple[str, list[PublishedMission]]:
    vision = (snapshot.get("sections") or {}).get(SectionKey.VISION, "") or ""
    return vision, [PublishedMission(m.get("text", "")) for m in snapshot.get("missions") or []]


# --- the whole masterplan (the public masterplan page) ------------------------------------------------------------


@dataclass
class PublishedMasterplan:
    vision: str
    missions: list  # PublishedMission
    goals: list  # [(Dimension, [PublishedGoal])] in the framework's order
    strategies: list  # [(Dimension, [PublishedStrategy])], each with its programme_list
    quick_wins: list  # [(Dimension, PublishedProgramme)]
    programme_count: int
    chain: object = (
        None  # chain.Chain: Misi → Tujuan → Sasaran with the vision's keywords and strategic issues
    )


def _framework(masterplan: Masterplan) -> tuple[dict, dict]:
    """{code: Dimension} and {(dimension code, element code): Element} of the masterplan's framework version.
    Two queries."""
    dimensions = {d.code: d for d in Dimension.objects.filter(version_id=masterplan.framework_version_id)}
    elements = {
        (e.dimension.code, e.code): e
        for e in Element.objects.filter(dimension__version_id=masterplan.framework_version_id).select_related(
            "dimension"
        )
    }
    return dimensions, elements


def _by_dimension(items: list, dimension_of) -> list[tuple]:
    return [(dimension, list(group)) for dimension, group in groupby(items, key=dimension_of)]


def read_masterplan(masterplan: Masterplan, snapshot: dict | None = None) -> PublishedMasterplan:
    """Vision, missions, goals, strategies with their programmes, and quick wins of the published version, ordered
    as the framework orders its dimensions and elements. Three queries (the snapshot, dimensions, elements)."""
    from kotacerdas.masterplans.chain import read_chain  # chain.py reads this module's indicator rows

    snapshot = version_snapshot(masterplan) if snapshot is None else snapshot
    dimensions, elements = _framework(masterplan)
    vision, missions = vision_and_missions(snapshot)

    def dimension_key(dimension) -> tuple:
        return (dimension.order, dimension.pk) if dimension else (10**6, 0)

    goals = [
        PublishedGoal(
            dimension=dimensions.get(g.get("dimension")),
            text=g.get("text", ""),
            indicators=[PublishedIndicator.from_row(i) for i in g.get("indicators") or []],
        )
        for g in snapshot.get("goals") or []
    ]
    goals.sort(key=lambda g: dimension_key(g.dimension))  # stable: the version's order within a dimension

    strategies, by_title = [], {}
    for s in snapshot.get("strategies") or []:
        strategy = PublishedStrategy(
            dimension=dimensions.get(s.get("dimension")),
            title=s.get("title", ""),
            element=elements.get((s.get("dimension"), s.get("element"))),
            description=s.get("description", ""),
        )
        strategies.append(strategy)
        by_title[(s.get("dimension"), strategy.title)] = strategy
    for row in snapshot.get("programmes") or []:
        strategy = by_title.get((row.get("dimension"), row.get("strategy")))
        if strategy is None:  # not expected: a version keeps every programme's strategy
            strategy = PublishedStrategy(
                dimension=dimensions.get(row.get("dimension")), title=row.get("strategy")
            )
            strategies.append(strategy)
            by_title[(row.get("dimension"), strategy.title)] = strategy
        strategy.programme_list.append(PublishedProgramme(row, strategy=strategy))
    strategies.sort(
        key=lambda s: (*dimension_key(s.dimension), s.element.order if s.element else -1)
    )  # stable: the version's order (by id) within an element
    for strategy in strategies:
        strategy.programme_list.sort(key=lambda p: (p.start_year is None, p.start_year or 0, p.pk or 0))
    quick_wins = [
        (strategy.dimension, p) for strategy in strategies for p in strategy.programme_list if p.is_quick_win
    ]
    return PublishedMasterplan(
        vision=vision,
        missions=missions,
        goals=_by_dimension(goals, lambda g: g.dimension),
        strategies=_by_dimension(strategies, lambda s: s.dimension),
        quick_wins=quick_wins,
        programme_count=sum(len(s.programme_list) for s in strategies),
        chain=read_chain(snapshot, dimensions),
    )


# --- programmes read with their progress (showcase, region pages, API) ---------------------------------------------


def _published_rows(version_ids) -> dict[int, dict]:
    """{version id: {programme id: row}} of the versions' programmes. One query, reading only that part."""
    if not version_ids:
        return {}
    found = MasterplanVersion.objects.filter(pk__in=version_ids).values_list("pk", "snapshot__programmes")
    return {pk: {row.get("id"): row for row in rows or []} for pk, rows in found}


def publish_programmes(programmes: list, *, rows: dict | None = None) -> list[PublishedProgramme]:
    """The live programmes (with their masterplan, strategy and dimension loaded) as their masterplans published
    them, in the same order; those their published version does not hold are left out. ``rows``: the published
    rows of their versions, when the caller has read them already (``{version id: {programme id: row}}``). At most
    one query."""
    versions = {p.masterplan.published_version_id for p in programmes} - {None}
    rows = _published_rows(versions) if rows is None else rows
    pairs = []
    for live in programmes:
        version = live.masterplan.published_version_id
        if version is None:
            pairs.append((live, programme_row(live, related=False)))
        elif live.pk in rows.get(version, {}):
            pairs.append((live, rows[version][live.pk]))
    # A programme moved to another dimension since publication (not possible in the editor once published)
    # shows under its published dimension: one more query, only then.
    moved = {
        (live.masterplan.framework_version_id, row.get("dimension"))
        for live, row in pairs
        if row.get("dimension") != live.strategy.dimension.code
    }
    published_dimensions = {}
    if moved:
        published_dimensions = {
            (d.version_id, d.code): d
            for d in Dimension.objects.filter(
                version_id__in={v for v, _c in moved}, code__in={c for _v, c in moved}
            )
        }
    out = []
    for live, row in pairs:
        dimension = live.strategy.dimension
        if row.get("dimension") != dimension.code:
            dimension = published_dimensions.get(
                (live.masterplan.framework_version_id, row.get("dimension")), dimension
            )
        strategy = PublishedStrategy(dimension=dimension, title=row.get("strategy") or "")
        out.append(PublishedProgramme(row, strategy=strategy, live=live))
    return out


def publish_rows(progress_rows: list, *, rows: dict | None = None) -> list:
    """Progress rows (``monitoring.progress.ProgrammeProgress``) whose programme is shown as published: each row's
    ``programme`` becomes its PublishedProgramme; rows of programmes the version does not hold are left out. The
    progress itself (reports, delivery) stays as monitoring computed it. At most one query."""
    published = publish_programmes([r.programme for r in progress_rows], rows=rows)
    by_pk = {p.pk: p for p in published}
    kept = []
    for row in progress_rows:
        programme = by_pk.get(row.programme.pk)
        if programme is not None:
            row.programme = programme
            kept.append(row)
    return kept


def snapshot_rows(masterplan: Masterplan, snapshot: dict) -> dict:
    """The ``rows`` argument of ``publish_programmes`` for one masterplan whose snapshot was read already."""
    if not masterplan.published_version_id:
        return {}
    return {masterplan.published_version_id: {r.get("id"): r for r in snapshot.get("programmes") or []}}


def publish_masterplan_rows(masterplan: Masterplan | None, progress_rows: list) -> list:
    """``publish_rows`` for the rows of one masterplan, whose title and period become the published ones too.
    One query (none for a masterplan published without a version, whose live rows are what it published)."""
    if masterplan is None or not masterplan.published_version_id:
        return publish_rows(progress_rows, rows={})
    snapshot = version_snapshot(masterplan)
    show_published_header(masterplan, snapshot)
    return publish_rows(progress_rows, rows=snapshot_rows(masterplan, snapshot))
