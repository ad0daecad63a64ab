"""Arithmetic of the implementation index, on plain values (no database), so it can be property-tested.

Rules (shown on the results page):
- a grid cell is a criterion of the round's rubric for one smart city dimension; a sheet's score of an
  evaluation dimension in a smart city dimension is the weighted score of its criteria there (as
  ``evaluations.scoring.sheet_total`` counts it: n/a criteria drop out and the others' weights are rescaled),
  put on the round's index scale (``Scale``: 1–4 unless the round says otherwise, ImplementationRound.scale_min
  and scale_max; the programme's guides are not in our hands, so the scale is data, not a constant);
- several evaluators' sheets are averaged cell by cell;
- a region's score on an evaluation dimension is the mean over the smart city dimensions that have one;
- the index is the weighted mean of the evaluation dimensions' scores with the round's weights; a dimension with
  no score at all (every cell n/a) drops out and the others' weights are rescaled, as n/a does in a rubric;
- the index of a smart city dimension is the same weighted mean over that dimension's column;
- everything is rounded half up to two decimals at the end; equal indices share a rank (1, 2, 2, 4).

Every step before that final rounding is exact (``fractions.Fraction``): with decimal division an intermediate
mean is cut at 28 digits, and scaling every weight by the same factor could then move an index across a rounding
boundary (2.37 against 2.38).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Scale:
    """The index scale of a round: scores go onto ``low``–``high`` (whole numbers, low below high)."""

    low: int = 1
    high: int = 4

    def __post_init__(self):
        if not self.low < self.high:
            raise ValueError(f"An index scale runs from low to high, not {self.low}–{self.high}.")

    def place(self, share: Fraction) -> Fraction:
        """A share 0–1 of the best score, exactly on this scale."""
        return self.low + (self.high - self.low) * Fraction(share)

    @property
    def ticks(self) -> list[int]:
        """Whole-number marks for a chart axis: every number up to ten steps, else about ten evenly spaced."""
        step = max(1, math.ceil((self.high - self.low) / 10))
        marks = list(range(self.low, self.high, step))
        return [*marks, self.high]


DEFAULT_SCALE = Scale()  # today's rounds: 1–4 (ImplementationRound's field defaults)


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    evaluation_dimension: str
    weight: Decimal
    scale_min: int
    scale_max: int


# A grid: {(evaluation dimension, smart city dimension id): exact score on the index scale, or None when n/a}.
Grid = dict[tuple[str, int], Fraction | None]


def _criteria_share(rows: list[tuple[Decimal, int, int, int | None, bool]]) -> Fraction | None:
    """The weighted share 0–1 of the best score from (weight, scale_min, scale_max, value, is_na) rows, exactly:
    n/a rows drop out and the others' weights are rescaled; an unanswered row makes it unknown (None)."""
    used = [(Fraction(w), lo, hi, v) for w, lo, hi, v, na in rows if not na]
    if not used or any(v is None for *_x, v in used):
        return None
    total_weight = sum(w for w, *_x in used)
    if not total_weight:
        return None
    return sum(w * Fraction(v - lo, hi - lo) for w, lo, hi, v in used) / total_weight


def sheet_grid(
    criteria: list[CriterionSpec],
    cells: dict[tuple[int, int], tuple[int | None, bool]],
    dimensions: Iterable[int],
    scale: Scale = DEFAULT_SCALE,
) -> Grid:
    """A sheet's grid from its cells ``{(criterion id, dimension id): (value, is_na)}``, on the round's ``scale``.

    A missing cell counts as unanswered: the evaluation dimension's score in that column is then unknown (None),
    so only complete sheets should be submitted.
    """
    by_evaluation: dict[str, list[CriterionSpec]] = {}
    for c in criteria:
        by_evaluation.setdefault(c.evaluation_dimension, []).append(c)
    grid: Grid = {}
    for dimension in dimensions:
        for evaluation, specs in by_evaluation.items():
            rows = []
            for c in specs:
                value, is_na = cells.get((c.id, dimension), (None, False))
                rows.append((c.weight, c.scale_min, c.scale_max, value, is_na))
            share = _criteria_share(rows)  # None when all n/a or any unanswered
            grid[(evaluation, dimension)] = None if share is None else scale.place(share)
    return grid


def mean_grid(grids: list[Grid]) -> Grid:
    """Cell by cell mean of several sheets' grids; a cell nobody scored stays None."""
    keys = {k for g in grids for k in g}
    merged: Grid = {}
    for key in keys:
        values = [g[key] for g in grids if g.get(key) is not None]
        merged[key] = Fraction(sum(values), len(values)) if values else None
    return merged


def _weighted(scores: dict[str, Fraction | None], weights: dict[str, Decimal]) -> Fraction | None:
    used = [(Fraction(weights.get(e, 0)), s) for e, s in scores.items() if s is not None]
    total_weight = sum(w for w, _s in used)
    if not total_weight:
        return None
    return sum(w * s for w, s in used) / total_weight


def _round(value: Fraction | None) -> Decimal | None:
    """Half up (away from zero) to two decimals, from the exact value: the one rounding of the index."""
    if value is None:
        return None
    value = Fraction(value)
    hundredths = math.floor(abs(value) * 100 + Fraction(1, 2))
    return (Decimal(hundredths if value >= 0 else -hundredths) / 100).quantize(Decimal("0.01"))


@dataclass
class RegionIndex:
    index: Decimal | None
    by_evaluation: dict[str, Decimal | None]
    by_dimension: dict[int, Decimal | None]
    exact: Fraction | None = None  # the index before its one rounding


def region_index(
    grid: Grid, weights: dict[str, Decimal], evaluation_dimensions: list[str], dimensions: list[int]
) -> RegionIndex:
    by_evaluation = {}
    for e in evaluation_dimensions:
        column = [grid.get((e, d)) for d in dimensions]
        column = [v for v in column if v is not None]
        by_evaluation[e] = Fraction(sum(column), len(column)) if column else None
    by_dimension = {
        d: _weighted({e: grid.get((e, d)) for e in evaluation_dimensions}, weights) for d in dimensions
    }
    exact = _weighted(by_evaluation, weights)
    return RegionIndex(
        index=_round(exact),
        by_evaluation={e: _round(v) for e, v in by_evaluation.items()},
        by_dimension={d: _round(v) for d, v in by_dimension.items()},
        exact=exact,
    )


@dataclass
class Ranked:
    key: object
    index: Decimal | None
    name: str = ""
    rank: int | None = None
    extra: dict = field(default_factory=dict)


def rank(items: list[Ranked]) -> list[Ranked]:
    """Highest index first (then by name); equal indices share a rank and the next is skipped; None last."""
    items.sort(key=lambda r: (r.index is None, -(r.index or 0), r.name))
    previous, current = None, 0
    for position, item in enumerate(items, start=1):
        if item.index is None:
            item.rank = None
            continue
        if item.index != previous:
            current, previous = position, item.index
        item.rank = current
    return items


def histogram_bins(
    values: Iterable[Decimal | None], scale: Scale = DEFAULT_SCALE, *, step: Decimal | None = None
) -> list[tuple[Decimal, Decimal, int]]:
    """[(from, to, count)] in bands of ``step`` over the scale; the top band includes the top of the scale.

    The default step is a quarter point per three points of scale (0.25 on 1–4, twelve bands), a multiple of
    0.25 so the band edges are exact decimals on any scale.
    """
    if step is None:
        step = Decimal("0.25") * max(1, round(Fraction(scale.high - scale.low, 3)))
    known = [v for v in values if v is not None]
    top = Decimal(scale.high)
    bins = []
    low = Decimal(scale.low)
    while low < top:
        high = low + step
        last = high >= top
        count = sum(1 for v in known if low <= v and (v < high or (last and v <= high)))
        bins.append((low, high, count))
        low = high
    return bins


def change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """The change from last year's index, when both exist."""
    if current is None or previous is None:
        return None
    return current - previous
