"""The masterplan books as plain data, read by both the DOCX and the PDF builder.

``gather`` reads a masterplan with a fixed number of queries, however many programmes it has.
``build_book`` turns that data into a cover and chapters in the cohort's outline; each chapter is a list
of simple blocks (heading, paragraphs, list, entries, facts, table, chart, note), so both builders walk
the same structure and the two files cannot drift apart. No queries happen after ``gather``.

Labels use English message ids under ``translation.override("id")``: the books are Indonesian.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from kotacerdas.core import numbers_format
from kotacerdas.masterplans.chain import read_chain
from kotacerdas.masterplans.charts import PALETTE, programmes_per_dimension_svg, roadmap_svg
from kotacerdas.masterplans.models import (
    ActionCategory,
    FundingSource,
    Horizon,
    Masterplan,
    SectionKey,
    SwotKind,
)
from kotacerdas.masterplans.roadmap import RoadmapDimension, build_roadmap, horizon_spans
from kotacerdas.masterplans.snapshot import chain_part

DOCUMENT_LANGUAGE = "id"
DASH = "–"
# Programmes per roadmap chart, so that one chart fits on one landscape page.
ROADMAP_ROWS_PER_CHART = 30
QUICK_WIN_FILL = "#f2c14e"


# ---------------------------------------------------------------------------------------------- blocks


@dataclass
class Cell:
    """A table cell with a background colour (the bars of the roadmap table)."""

    text: str = ""
    fill: str = ""


@dataclass
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int = 2


@dataclass
class Paragraphs:
    kind: ClassVar[str] = "paragraphs"
    texts: list[str]


@dataclass
class Note:
    """A remark shown in grey italics: a part not filled in yet, or a dimension's definition."""

    kind: ClassVar[str] = "note"
    text: str


@dataclass
class ItemList:
    kind: ClassVar[str] = "list"
    items: list[str]
    ordered: bool = False


@dataclass
class Entries:
    """Titled entries: a term in bold, a line under it, then its description."""

    kind: ClassVar[str] = "entries"
    items: list[tuple[str, str, str]]  # (term, subtitle, description)


@dataclass
class Facts:
    kind: ClassVar[str] = "facts"
    pairs: list[tuple[str, str]]


@dataclass
class Table:
    kind: ClassVar[str] = "table"
    headers: list[str]
    rows: list[list]  # cells are str or Cell; "\n" starts a new line within a cell
    numeric: frozenset = frozenset()  # right-aligned column indexes, never wrapped
    nowrap: frozenset = frozenset()  # column indexes kept on one line (years)
    widths: tuple = ()  # relative column widths; empty = equal
    caption: str = ""
    small: bool = False  # many columns: a smaller font

    @property
    def cell_rows(self) -> list[list[Cell]]:
        return [[c if isinstance(c, Cell) else Cell(str(c)) for c in row] for row in self.rows]

    @property
    def percent_widths(self) -> list[float]:
        weights = list(self.widths) if len(self.widths) == len(self.headers) else [1] * len(self.headers)
        return [round(100 * w / sum(weights), 2) for w in weights]


@dataclass
class Chart:
    """SVG charts for the PDF, one figure per (svg, caption); ``fallback`` says the same as a table, for the
    DOCX, which cannot show SVG without a rasteriser."""

    kind: ClassVar[str] = "chart"
    title: str
    figures: list[tuple[str, str]]
    fallback: Table


@dataclass
class Chapter:
    key: str
    number: str
    title: str
    blocks: list = field(default_factory=list)
    landscape: bool = False

    @property
    def anchor(self) -> str:
        return f"chapter-{self.key}"

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass
class Cover:
    programme: str
    book_number: int
    book_label: str
    book_title: str
    title: str
    region: str
    province: str
    cohort: str
    period: str
    status: str
    framework: str
    printed_on: str


@dataclass
class Book:
    number: int
    cover: Cover
    chapters: list[Chapter]
    filename_stem: str
    language: str = DOCUMENT_LANGUAGE

    @property
    def document_title(self) -> str:
        return f"{self.cover.book_label} · {self.cover.title}"


# ------------------------------------------------------------------------------------------ formatting


def paragraphs(text: str) -> list[str]:
    """Plain text to paragraphs: blank lines separate them, single line breaks are kept inside."""
    return [p.strip() for p in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if p.strip()]


def format_number(value) -> str:
    """At most two decimal places, grouped, in the active language (core/numbers_format.py)."""
    return numbers_format.format_number(value, max_places=2, empty=DASH)


def format_rupiah(value) -> str:
    """``Rp 1.250.000.000``: whole Rupiah, grouped in the active language (core/numbers_format.py)."""
    return numbers_format.format_rupiah(value, empty=DASH)


def format_date(value) -> str:
    return date_format(value, "j F Y") if value else DASH


def format_years(start, end) -> str:
    if not (start or end):
        return DASH
    if start and end and start != end:
        return f"{start}–{end}"
    return str(start or end)


def funding_label(code: str) -> str:
    if not code:
        return DASH
    if code == FundingSource.OTHER:
        return str(FundingSource.OTHER.label)
    return code.upper()  # APBD, APBN, DAK, KPBU, CSR: the acronyms are the names everyone uses


def _measure(value, unit, year) -> str:
    text = numbers_format.format_measure(value, unit, empty=DASH)
    return f"{text} ({year})" if year else text


def filename_stem(masterplan: Masterplan, number: int) -> str:
    """``Buku-2-Masterplan-Kabupaten-Pemalang-2019-2028``: the books' own Indonesian names."""
    region = re.sub(r"[^A-Za-z0-9]+", "-", masterplan.region.name).strip("-") or "Daerah"
    book = "Analisis" if number == 1 else "Masterplan"
    return f"Buku-{number}-{book}-{region}-{masterplan.start_year}-{masterplan.end_year}"


# ---------------------------------------------------------------------------------------------- gather


@dataclass
class MasterplanData:
    masterplan: Masterplan
    dimensions: list
    aspects: list
    sections: dict
    key_figures: list
    analyses: dict
    swot: dict  # aspect_id -> {kind: [text]}
    gaps: dict  # aspect_id -> [GapRow]
    dimension_readiness: list
    missions: list
    goals: list
    strategies: list
    programmes: list
    action_steps: list
    chain: object = None  # chain.Chain: Misi → Tujuan → Sasaran → Strategi


def gather(masterplan: Masterplan) -> MasterplanData:
    """Every row the books need, in 25 queries whatever the size of the masterplan (the planning chain reads
    nine, ``snapshot.chain_part``)."""
    mp = Masterplan.objects.select_related(
        "participation__region__province", "participation__cohort__programme", "framework_version"
    ).get(pk=masterplan.pk)
    version = mp.framework_version
    swot = defaultdict(lambda: defaultdict(list))
    for item in mp.swot_items.all():
        swot[item.aspect_id][item.kind].append(item.text)
    gaps = defaultdict(list)
    for row in mp.gap_rows.all():
        gaps[row.aspect_id].append(row)
    dimensions = list(version.dimensions.order_by("order"))
    return MasterplanData(
        masterplan=mp,
        dimensions=dimensions,
        aspects=list(version.aspects.order_by("order")),
        sections={s.key: s.body for s in mp.sections.all()},
        key_figures=list(mp.key_figures.all()),
        analyses={a.aspect_id: a for a in mp.aspect_analyses.select_related("level")},
        swot=swot,
        gaps=gaps,
        dimension_readiness=list(mp.dimension_readiness.select_related("dimension", "level")),
        missions=list(mp.missions.all()),
        goals=list(mp.goals.select_related("dimension").prefetch_related("indicators")),
        strategies=list(mp.strategies.select_related("element")),
        programmes=list(
            mp.programmes.select_related("strategy", "element", "owner_opd").prefetch_related(
                "partner_opds", "indicators"
            )
        ),
        action_steps=list(mp.action_steps.select_related("owner_opd")),
        chain=read_chain(chain_part(mp), {d.code: d for d in dimensions}),
    )


# ------------------------------------------------------------------------------------------- chapters


def _text_or_note(text: str) -> list:
    texts = paragraphs(text)
    return [Paragraphs(texts)] if texts else [Note(_("This part has not been written yet."))]


def _section(data: MasterplanData, key: str) -> list:
    return _text_or_note(data.sections.get(key, ""))


def chapter_introduction(data: MasterplanData) -> list:
    return _section(data, SectionKey.INTRODUCTION)


def chapter_closing(data: MasterplanData) -> list:
    return _section(data, SectionKey.CLOSING)


def key_figures_table(data: MasterplanData) -> Table:
    return Table(
        headers=[_("Figure"), _("Value"), _("Unit"), _("Year"), _("Source")],
        rows=[[f.label, format_number(f.value), f.unit, str(f.year), f.source] for f in data.key_figures],
        numeric=frozenset({1}),
        widths=(4, 2, 1.5, 1, 3.5),
    )


def swot_table(kinds: dict) -> Table:
    columns = [kinds.get(kind.value, []) for kind in SwotKind]
    depth = max((len(c) for c in columns), default=0)
    rows = [[c[i] if i < len(c) else "" for c in columns] for i in range(depth)]
    return Table(headers=[str(kind.label) for kind in SwotKind], rows=rows, caption=_("SWOT analysis"))


def gap_table(rows: list) -> Table:
    return Table(
        headers=[_("Current state"), _("Target state"), _("Gap"), _("Action")],
        rows=[[g.current_state, g.target_state, g.gap, g.action] for g in rows],
        caption=_("Gap analysis"),
    )


def chapter_analysis(data: MasterplanData) -> list:
    blocks = [Heading(str(SectionKey.PROFILE.label)), *_section(data, SectionKey.PROFILE)]
    blocks.append(Heading(_("Key figures"), 3))
    blocks.append(key_figures_table(data) if data.key_figures else Note(_("No key figures yet.")))
    blocks.append(Heading(_("Readiness per aspect")))
    for aspect in data.aspects:
        analysis = data.analyses.get(aspect.pk)
        kinds, gaps = data.swot.get(aspect.pk, {}), data.gaps.get(aspect.pk, [])
        if aspect.is_optional and not (analysis or kinds or gaps):
            continue  # nature and culture are analysed only when a region chooses to
        blocks.append(Heading(aspect.name, 3))
        level = analysis.level if analysis else None
        blocks.append(Facts([(_("Readiness level"), str(level) if level else _("not assessed yet"))]))
        blocks.extend(_text_or_note(analysis.summary if analysis else ""))
        blocks.append(swot_table(kinds) if kinds else Note(_("No SWOT items yet.")))
        if gaps:
            blocks.append(gap_table(gaps))
    blocks.append(Heading(_("Readiness per dimension")))
    if data.dimension_readiness:
        blocks.append(
            Table(
                headers=[_("Dimension"), _("Readiness level"), _("Note")],
                rows=[[r.dimension.name, str(r.level), r.note] for r in data.dimension_readiness],
                widths=(3, 2.5, 6),
            )
        )
    else:
        blocks.append(Note(_("Readiness per dimension has not been assessed yet.")))
    return blocks


def _indicator_rows(indicators: list, first: list) -> list:
    """Table rows for one objective or goal: ``first`` (its own cells) then one indicator per row."""
    blank = [""] * len(first)
    if not indicators:
        return [[*first, DASH, DASH, DASH]]
    return [
        [
            *(first if i == 0 else blank),
            ind.name,
            _measure(ind.baseline_value, ind.unit, ind.baseline_year),
            _measure(ind.target_value, ind.unit, ind.target_year),
        ]
        for i, ind in enumerate(indicators)
    ]


def _goal_cell(goal) -> str:
    dimension = getattr(goal.dimension, "name", goal.dimension)
    text = f"{goal.text} ({dimension})" if dimension else goal.text
    if goal.strategies:
        text += "\n" + _("Strategies: %(titles)s") % {"titles": "; ".join(goal.strategies)}
    return text


def chapter_vision(data: MasterplanData) -> list:
    """Visi (with its keywords), the strategic issues, then Misi → Tujuan → Sasaran with their indicators and
    the strategies serving each goal: the chain as a Bappeda reads it."""
    chain = data.chain
    blocks = [Heading(_("Vision")), *_section(data, SectionKey.VISION)]
    if chain.keywords:
        blocks.append(Heading(_("Vision keywords"), 3))
        blocks.append(Table(headers=[_("Keyword"), _("Explanation")], rows=chain.keywords, widths=(2, 6)))
    blocks.append(Heading(_("Strategic issues")))
    if chain.issues:
        blocks.append(ItemList([i.text for i in chain.issues], ordered=True))
    else:
        blocks.append(Note(_("No strategic issues yet.")))
    blocks.append(Heading(_("Missions")))
    if chain.missions:
        blocks.append(ItemList([m.text for m in chain.missions], ordered=True))
    else:
        blocks.append(Note(_("No missions yet.")))
    blocks.append(Heading(_("Objectives, goals and indicators")))
    headers = [pgettext("planning chain", "Objective"), _("Goal"), _("Indicator"), _("Baseline"), _("Target")]
    for mission in chain.missions:
        blocks.append(
            Heading(_("Mission %(number)s: %(text)s") % {"number": mission.number, "text": mission.text}, 3)
        )
        rows = []
        for objective in mission.objectives:
            rows += _indicator_rows(objective.indicators, [f"{objective.number} {objective.text}", ""])
            for goal in objective.goals:
                rows += _indicator_rows(goal.indicators, ["", _goal_cell(goal)])
        if rows:
            blocks.append(Table(headers=headers, rows=rows, widths=(3.5, 3.5, 3, 2, 2)))
        else:
            blocks.append(Note(_("No objective under this mission yet.")))
    if chain.unplaced_goals:
        blocks.append(Heading(_("Goals not under an objective yet"), 3))
        rows = []
        for goal in chain.unplaced_goals:
            rows += _indicator_rows(goal.indicators, [_goal_cell(goal)])
        blocks.append(
            Table(
                headers=[_("Goal"), _("Indicator"), _("Baseline"), _("Target")],
                rows=rows,
                widths=(5, 3.5, 2, 2),
            )
        )
    if not chain.goal_count:
        blocks.append(Note(_("No goals yet.")))
    return blocks


def chapter_strategy(data: MasterplanData) -> list:
    by_dimension = defaultdict(list)
    for s in data.strategies:
        by_dimension[s.dimension_id].append(s)
    n_programmes = Counter(p.strategy_id for p in data.programmes)
    blocks = []
    for dimension in data.dimensions:
        blocks.append(Heading(dimension.name))
        if dimension.definition:
            blocks.append(Note(dimension.definition))
        strategies = by_dimension.get(dimension.pk, [])
        if not strategies:
            blocks.append(Note(_("No strategy yet for this dimension.")))
            continue
        items = []
        for s in strategies:
            subtitle = [_("Element: %(element)s") % {"element": s.element.name}] if s.element else []
            n = n_programmes.get(s.pk, 0)
            subtitle.append(ngettext("%(n)s programme", "%(n)s programmes", n) % {"n": n})
            items.append((s.title, " · ".join(subtitle), s.description))
        blocks.append(Entries(items))
    return blocks


def _programmes_by_dimension(data: MasterplanData) -> dict:
    grouped = defaultdict(list)
    for p in data.programmes:
        grouped[p.strategy.dimension_id].append(p)
    return grouped


def programmes_chart(data: MasterplanData) -> Chart:
    grouped = _programmes_by_dimension(data)
    title = _("Programmes per dimension")
    counts = [(d.name, len(grouped.get(d.pk, []))) for d in data.dimensions]
    rows = []
    for d in data.dimensions:
        programmes = grouped.get(d.pk, [])
        budget = sum((p.budget for p in programmes if p.budget is not None), Decimal(0))
        rows.append([d.name, str(len(programmes)), format_rupiah(budget)])
    total = sum((p.budget for p in data.programmes if p.budget is not None), Decimal(0))
    rows.append([_("Total"), str(len(data.programmes)), format_rupiah(total)])
    fallback = Table(
        headers=[_("Dimension"), _("Programmes"), _("Estimated budget")],
        rows=rows,
        numeric=frozenset({1, 2}),
        widths=(4, 2, 3),
        caption=title,
    )
    return Chart(
        title=title, figures=[(programmes_per_dimension_svg(counts, title=title), title)], fallback=fallback
    )


def programmes_table(programmes: list) -> Table:
    return Table(
        headers=[_("Programme"), _("Owning OPD"), _("Funding"), _("Budget"), _("Years"), _("Horizon")],
        rows=[
            [
                p.name,
                str(p.owner_opd) if p.owner_opd else DASH,
                funding_label(p.funding_source),
                format_rupiah(p.budget),
                format_years(p.start_year, p.end_year),
                str(Horizon(p.horizon).label) if p.horizon else DASH,
            ]
            for p in programmes
        ],
        numeric=frozenset({3}),
        nowrap=frozenset({4}),
        widths=(5, 2.4, 1.3, 3, 2, 2.9),
        small=True,
    )


def _indicator_line(i) -> str:
    baseline = numbers_format.format_measure(i.baseline_value, i.unit, empty=DASH)
    target = numbers_format.format_measure(i.target_value, i.unit, empty=DASH)
    return f"{i.name}: {baseline} ({i.baseline_year}) → {target} ({i.target_year})"


def programme_details_table(programmes: list) -> Table:
    """Partners, output, outcome and indicators: the programme fields that do not fit the summary table."""
    return Table(
        headers=[_("Programme"), _("Partner OPDs"), _("Output"), _("Outcome"), _("Indicators")],
        rows=[
            [
                p.name,
                ", ".join(str(o) for o in p.partner_opds.all()) or DASH,
                p.output or DASH,
                p.outcome or DASH,
                "\n".join(_indicator_line(i) for i in p.indicators.all()) or DASH,
            ]
            for p in programmes
        ],
        widths=(4, 2.4, 3, 3, 4),
        small=True,
    )


def chapter_action_plan(data: MasterplanData) -> list:
    blocks = [Heading(_("Preparation steps"))]
    order = {c.value: i for i, c in enumerate(ActionCategory)}
    steps = sorted(data.action_steps, key=lambda a: (order.get(a.category, 99), a.due_date, a.pk))
    if steps:
        blocks.append(
            Table(
                headers=[_("Category"), _("Step"), _("Owner"), _("Due date")],
                rows=[
                    [
                        str(ActionCategory(a.category).label),
                        a.description,
                        str(a.owner_opd) if a.owner_opd else DASH,
                        format_date(a.due_date),
                    ]
                    for a in steps
                ],
                widths=(2.2, 6, 3, 2.5),
            )
        )
    else:
        blocks.append(Note(_("No preparation steps yet.")))
    blocks.append(Heading(_("Programmes")))
    blocks.append(programmes_chart(data))
    grouped = _programmes_by_dimension(data)
    for dimension in data.dimensions:
        blocks.append(Heading(dimension.name, 3))
        programmes = grouped.get(dimension.pk, [])
        blocks.append(programmes_table(programmes) if programmes else Note(_("No programmes yet.")))
        if programmes:
            blocks.append(programme_details_table(programmes))
    return blocks


def roadmap_figures(masterplan: Masterplan, roadmap: list[RoadmapDimension]) -> list[tuple[str, str]]:
    """One timeline per dimension (so each keeps its colour); a long one is cut into equal parts that each
    fit on a page."""
    figures = []
    for dim in roadmap:
        n_parts = max(1, -(-len(dim.rows) // ROADMAP_ROWS_PER_CHART))
        size = -(-len(dim.rows) // n_parts) if dim.rows else 0
        parts = [dim.rows[i : i + size] for i in range(0, len(dim.rows), size)] if size else [[]]
        for n, rows in enumerate(parts, start=1):
            caption = _("Roadmap: %(dimension)s") % {"dimension": dim.dimension.name}
            if len(parts) > 1:
                caption = f"{caption} ({n}/{len(parts)})"
            part = [RoadmapDimension(dimension=dim.dimension, rows=rows)]
            figures.append((roadmap_svg(masterplan, part, title=caption), caption))
    return figures


def roadmap_table(masterplan: Masterplan, roadmap: list[RoadmapDimension]) -> Table:
    years = masterplan.years
    rows = []
    for i, dim in enumerate(roadmap):
        colour = PALETTE[i % len(PALETTE)]
        rows.append([Cell(dim.dimension.name, fill="#e3f1f2"), *[Cell(fill="#e3f1f2") for _y in years]])
        for row in dim.rows:
            fill = QUICK_WIN_FILL if row.programme.is_quick_win else colour
            active = set(range(row.start, row.end + 1)) if row.start and row.end else set()
            rows.append([row.programme.name, *[Cell(fill=fill if y in active else "") for y in years]])
    return Table(
        headers=[_("Programme"), *[str(y) for y in years]],
        rows=rows,
        widths=(7, *[1] * len(years)),
        small=True,
        caption=_("Roadmap"),
    )


def chapter_roadmap(data: MasterplanData) -> list:
    mp = data.masterplan
    blocks = [
        Paragraphs(
            [
                _(
                    "The roadmap places every programme of the masterplan on the years %(first)s–%(last)s. "
                    "Quick wins are shown in yellow."
                )
                % {"first": mp.start_year, "last": mp.end_year}
            ]
        ),
        Table(
            headers=[_("Horizon"), _("Years")],
            rows=[[str(label), format_years(a, b)] for label, a, b in horizon_spans(mp)],
            widths=(3, 2),
        ),
    ]
    roadmap = build_roadmap(mp, data.programmes, data.dimensions)
    title = _("Roadmap")
    blocks.append(
        Chart(title=title, figures=roadmap_figures(mp, roadmap), fallback=roadmap_table(mp, roadmap))
    )
    return blocks


def chapter_quick_wins(data: MasterplanData) -> list:
    quick_wins = [p for p in data.programmes if p.is_quick_win]
    if not quick_wins:
        return [Note(_("No quick wins yet."))]
    dimensions = {d.pk: d.name for d in data.dimensions}
    rows = []
    for p in quick_wins:
        signed = [p.commitment_signed_by] if p.commitment_signed_by else []
        if p.commitment_signed_on:
            signed.append(format_date(p.commitment_signed_on))
        n = p.delivery_months
        months = ngettext("%(n)s month", "%(n)s months", n) % {"n": n} if n else DASH
        rows.append(
            [
                f"{p.name}\n{dimensions.get(p.strategy.dimension_id, '')}",
                str(p.owner_opd) if p.owner_opd else DASH,
                months,
                p.expected_benefit or DASH,
                p.beneficiaries or DASH,
                ", ".join(signed) or DASH,
            ]
        )
    table = Table(
        headers=[
            _("Quick win"),
            _("Owner"),
            _("Delivery"),
            _("Expected benefit"),
            _("Beneficiaries"),
            _("Commitment signed"),
        ],
        rows=rows,
        widths=(3.5, 2.5, 1.6, 4, 2.6, 3),
        small=True,
    )
    intro = _(
        "Quick wins are accelerated programmes that residents feel directly, delivered within a year. "
        "Each has an owning OPD and a commitment signed by the head of region and the head of that OPD."
    )
    return [Paragraphs([intro]), table]


CHAPTERS = {
    "introduction": chapter_introduction,
    "analysis": chapter_analysis,
    "vision": chapter_vision,
    "strategy": chapter_strategy,
    "action_plan": chapter_action_plan,
    "roadmap": chapter_roadmap,
    "quick_wins": chapter_quick_wins,
    "closing": chapter_closing,
}
LANDSCAPE_CHAPTERS = {"roadmap"}


# ------------------------------------------------------------------------------------------------ book


def _cover(data: MasterplanData, number: int) -> Cover:
    mp = data.masterplan
    region = mp.region
    today = timezone.localtime(timezone.now(), ZoneInfo(region.timezone)).date()
    book_title = _("Strategic Analysis") if number == 1 else _("Smart City Masterplan")
    return Cover(
        programme=mp.cohort.programme.name,
        book_number=number,
        book_label=_("Book %(n)s") % {"n": number},
        book_title=book_title,
        title=mp.title,
        region=region.name,
        province=region.province.name,
        cohort=mp.cohort.name,
        period=format_years(mp.start_year, mp.end_year),
        status=mp.get_status_display(),
        framework=mp.framework_version.title,
        printed_on=format_date(today),
    )


def roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


def build_book(data: MasterplanData, number: int) -> Book:
    """The cover and the chapters of Buku ``number`` (1 or 2) in the cohort's outline. No queries.

    The outline's ``number`` is a chapter's place in the whole outline (Closing is VIII); each book numbers
    its own chapters from I, so Buku 1 reads I, II, III rather than I, II, VIII."""
    english = (get_language() or DOCUMENT_LANGUAGE).startswith("en")
    chapters = []
    entries = [e for e in data.masterplan.cohort.outline if number in e.get("books", [])]
    for position, entry in enumerate(entries, start=1):
        key = entry.get("key", "")
        title = (entry.get("title_en") if english else entry.get("title_id")) or entry.get("title_id") or key
        build = CHAPTERS.get(key)
        blocks = build(data) if build else [Note(_("This chapter has no content in the application yet."))]
        chapters.append(
            Chapter(
                key=key,
                number=roman(position),
                title=title,
                blocks=blocks,
                landscape=key in LANDSCAPE_CHAPTERS,
            )
        )
    return Book(
        number=number,
        cover=_cover(data, number),
        chapters=chapters,
        filename_stem=filename_stem(data.masterplan, number),
    )


def book_content(masterplan: Masterplan, number: int, *, language: str = DOCUMENT_LANGUAGE) -> Book:
    """Gather and lay out one book, with labels, dates and numbers in ``language``."""
    if number not in (1, 2):
        raise ValueError(f"There is no book {number}.")
    with translation.override(language):
        return build_book(gather(masterplan), number)
