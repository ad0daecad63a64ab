"""The roadmap: derived from the programmes, per dimension over the masterplan period, with warnings."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kotacerdas.masterplans.models import Horizon, Masterplan


@dataclass
class RoadmapRow:
    programme: object
    start: int | None
    end: int | None
    warnings: list = field(default_factory=list)


@dataclass
class RoadmapDimension:
    dimension: object
    rows: list


def programme_warnings(masterplan: Masterplan, programme) -> list[str]:
    warnings = []
    start, end = programme.start_year, programme.end_year
    if not (start and end):
        return [_("No start and end year.")]
    if start < masterplan.start_year or end > masterplan.end_year:
        warnings.append(
            _("Runs %(start)s–%(end)s, outside the masterplan period %(first)s–%(last)s.")
            % {"start": start, "end": end, "first": masterplan.start_year, "last": masterplan.end_year}
        )
    expected = masterplan.horizon_of_year(start)
    ending = masterplan.horizon_of_year(end)
    order = [Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG]
    if (
        programme.horizon
        and ending
        and expected == programme.horizon
        and order.index(ending) > order.index(programme.horizon)
    ):
        warnings.append(
            _("Marked “%(marked)s” but runs until %(year)s, which is “%(ending)s”.")
            % {"marked": Horizon(programme.horizon).label, "year": end, "ending": Horizon(ending).label}
        )
    if programme.horizon and expected and programme.horizon != expected:
        warnings.append(
            _("Marked “%(marked)s” but starts in %(year)s, which is “%(expected)s”.")
            % {"marked": Horizon(programme.horizon).label, "year": start, "expected": Horizon(expected).label}
        )
    return warnings


def build_roadmap(masterplan: Masterplan, programmes, dimensions) -> list[RoadmapDimension]:
    by_dimension = {d.pk: [] for d in dimensions}
    for p in programmes:
        by_dimension.setdefault(p.strategy.dimension_id, []).append(
            RoadmapRow(
                programme=p, start=p.start_year, end=p.end_year, warnings=programme_warnings(masterplan, p)
            )
        )
    return [RoadmapDimension(dimension=d, rows=by_dimension[d.pk]) for d in dimensions]


def horizon_spans(masterplan: Masterplan) -> list[tuple[str, int, int]]:
    """(label, first calendar year, last calendar year) of each horizon within the masterplan period."""
    spans = []
    for label, first, last in masterplan.cohort.horizons:
        a, b = masterplan.start_year + first - 1, min(masterplan.start_year + last - 1, masterplan.end_year)
        if a <= b:
            spans.append((label, a, b))
    return spans
