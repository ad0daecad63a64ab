"""Selection scores are computed exactly and rounded once (programmes/services.py), so that two applications with
the same true score show the same figure, share a rank and tie at the cut-off.

The oracle below restates the definition in integers (weights in hundredths, one common denominator). Rounding on
the way, to two decimals per assessor or to Decimal's 28 digits at each division, misses it: the explicit examples
are such cases (53.125 computed with thirds on the way came out 53.12), and the strategy draws small maxima, a
shared weight and a few assessors, where a true score on a half cent is common.
"""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kotacerdas.programmes.models import ParticipationStatus, SelectionCriterion
from kotacerdas.programmes.services import (
    RankedApplication,
    application_score,
    compute_selection_situation,
    rank_applications,
    record_assessment,
    rounded_score,
    split_at_cut_off,
)
from tests.factories import CohortFactory, ParticipationFactory, SelectionCriterionFactory, UserFactory

# Three criteria of equal weight scored out of 1, 8 and 1; four assessments whose true mean is 53.125 (the
# first with a third on the way), and four others with the same true mean and no third anywhere.
THIRDS_CRITERIA = [(Decimal("0.01"), 1), (Decimal("0.01"), 8), (Decimal("0.01"), 1)]
WITH_THIRDS = [[0, 0, 1], [1, 8, 1], [0, 8, 0], [0, 3, 1]]
WITHOUT_THIRDS = [[1, 8, 1], [1, 8, 1], [0, 3, 0], [0, 0, 0]]


def _criteria(spec) -> list[SelectionCriterion]:
    return [
        SelectionCriterion(pk=pk, name=f"K{pk}", weight=w, max_score=m) for pk, (w, m) in enumerate(spec, 1)
    ]


def _assessments(criteria, rows) -> list[dict[int, int]]:
    return [{c.pk: s for c, s in zip(criteria, row, strict=True)} for row in rows]


def _true_score(spec, rows) -> Decimal:
    """The mean over assessors of 100 × Σ weight × score / maximum ÷ Σ weight, in integers, rounded half up to
    hundredths once."""
    common = math.lcm(*(m for _, m in spec))
    numerator = sum(
        int(w * 100) * s * (common // m) for row in rows for (w, m), s in zip(spec, row, strict=True)
    )
    denominator = common * sum(int(w * 100) for w, _ in spec) * len(rows)
    cents = (2 * 10_000 * numerator + denominator) // (2 * denominator)  # 100 × score, half up
    return Decimal(cents).scaleb(-2)


@st.composite
def assessed_application(draw):
    """(criteria as (weight, maximum), complete assessments as rows of scores)."""
    count = draw(st.integers(min_value=1, max_value=6))
    weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2)
    shared = draw(weights) if draw(st.booleans()) else None
    spec = [
        (shared or draw(weights), draw(st.sampled_from([1, 2, 3, 4, 5, 6, 8, 10, 12, 100])))
        for _ in range(count)
    ]
    assessors = draw(st.integers(min_value=1, max_value=8))
    rows = [[draw(st.integers(min_value=0, max_value=m)) for _, m in spec] for _ in range(assessors)]
    return spec, rows


@given(assessed_application())
@example((THIRDS_CRITERIA, WITH_THIRDS))
@example(([(Decimal("1"), 3)], [[1], [2], [1]]))
def test_score_is_the_true_score_rounded_once(case):
    spec, rows = case
    criteria = _criteria(spec)

    result = rounded_score(application_score(criteria, _assessments(criteria, rows)))

    assert result == _true_score(spec, rows)


@st.composite
def same_true_score(draw):
    """An application and another one of the same cohort with the same true score: its assessments made by the
    assessors in another order, or each made twice."""
    spec, rows = draw(assessed_application())
    others = draw(st.permutations(rows)) * draw(st.sampled_from([1, 2]))
    return spec, rows, others


def _ranked(pk: int, score: Decimal) -> RankedApplication:
    return RankedApplication(rank=None, participation=pk, score=score, assessor_count=1)


@given(same_true_score())
@example((THIRDS_CRITERIA, WITH_THIRDS, WITHOUT_THIRDS))
def test_same_true_score_ties_at_the_cut_off(case):
    """Two applications with the same true score tie for the last place: neither is ranked above the other."""
    spec, rows, others = case
    criteria = _criteria(spec)
    first = rounded_score(application_score(criteria, _assessments(criteria, rows)))
    second = rounded_score(application_score(criteria, _assessments(criteria, others)))

    certain, tied = split_at_cut_off([_ranked(1, first), _ranked(2, second)], 1)

    assert certain == [] and [r.participation for r in tied] == [1, 2]


def test_the_examples_share_their_true_score():
    assert (
        _true_score(THIRDS_CRITERIA, WITH_THIRDS)
        == _true_score(THIRDS_CRITERIA, WITHOUT_THIRDS)
        == Decimal("53.13")
    )
    criteria = _criteria(THIRDS_CRITERIA)
    assert application_score(criteria, _assessments(criteria, WITH_THIRDS)) == Fraction(425, 8)


@pytest.mark.django_db
def test_applications_with_the_same_true_score_share_a_rank_and_tie_for_the_last_place():
    cohort = CohortFactory(target_size=1)
    for order, (weight, maximum) in enumerate(THIRDS_CRITERIA, 1):
        SelectionCriterionFactory(
            cohort=cohort, name=f"K{order}", weight=weight, max_score=maximum, order=order
        )
    criteria = list(cohort.criteria.order_by("order"))
    applications = [
        ParticipationFactory(cohort=cohort, region__code=code, status=ParticipationStatus.SHORTLISTED)
        for code in ("97.01", "97.02")
    ]
    assessors = [UserFactory(is_evaluator=True) for _ in range(4)]
    cohort.assessors.add(*assessors)
    for application, rows in zip(applications, (WITH_THIRDS, WITHOUT_THIRDS), strict=True):
        for assessor, row in zip(assessors, rows, strict=True):
            scores = {c.pk: s for c, s in zip(criteria, row, strict=True)}
            record_assessment(application, assessor=assessor, scores=scores, comments={})

    ranking = rank_applications(cohort)
    situation = compute_selection_situation(cohort)

    assert [(r.rank, r.score) for r in ranking] == [(1, Decimal("53.13")), (1, Decimal("53.13"))]
    assert situation.certain == [] and len(situation.tied) == 2 and situation.tied_places == 1
