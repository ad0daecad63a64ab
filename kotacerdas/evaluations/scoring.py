"""Score arithmetic: a score sheet's weighted total on 0–100 and the one rounding of every score shown or stored.

Totals, means and medians are computed exactly (``fractions.Fraction``) and rounded once, half up to ``PLACES``
decimals, where a figure is shown or stored: an intermediate rounding never moves a mean, a final score or a rank
(the rules in ``results``, shown on the results page). Pure functions over numbers and duck-typed rows, no queries.
"""

import math
import statistics
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

PLACES = 2  # every score shown or stored has this many decimals
QUANTUM = Decimal(1).scaleb(-PLACES)  # 0.01

Number = int | Decimal | Fraction


def sheet_total(criteria: Iterable, scores: Iterable) -> Fraction | None:
    """A sheet's exact weighted total on 0–100: the one computation of a total (sheet page, board, results,
    reports, audit).

    ``criteria`` have ``pk``, ``weight``, ``scale_min`` and ``scale_max``; ``scores`` have ``criterion_id``,
    ``value`` and ``is_na``. Each answered criterion counts as (value − min) / (max − min); n/a criteria drop out
    and the remaining weights are rescaled; an unanswered criterion makes the total unknown (None), as does a
    sheet with every criterion n/a.
    """
    by_criterion = {s.criterion_id: s for s in scores}
    used = []
    for c in criteria:
        score = by_criterion.get(c.pk)
        if score is not None and score.is_na:
            continue
        if score is None or score.value is None:
            return None
        used.append((Fraction(c.weight), Fraction(score.value - c.scale_min, c.scale_max - c.scale_min)))
    total_weight = sum(w for w, _share in used)
    if not used or not total_weight:
        return None
    return sum(w * share for w, share in used) / total_weight * 100


def rounded(value: Number | None) -> Decimal | None:
    """``value`` rounded half up (away from zero) to ``PLACES`` decimals, exactly; None stays None."""
    if value is None:
        return None
    scaled = abs(Fraction(value)) * 10**PLACES
    whole = math.floor(scaled + Fraction(1, 2))
    return Decimal(whole if value >= 0 else -whole).scaleb(-PLACES).quantize(QUANTUM)


def mean(values: list[Number]) -> Fraction | None:
    """The exact mean of ``values``; None for none."""
    return sum((Fraction(v) for v in values), Fraction(0)) / len(values) if values else None


def median(values: list[Number]) -> Fraction | None:
    """The exact median of ``values`` (the mean of the middle two for an even count); None for none."""
    return statistics.median(Fraction(v) for v in values) if values else None
