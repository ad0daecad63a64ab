"""The index scale is data of the round (issue 17 §5): 1–4 by default, as the published indices suggest; another
scale gives the affine image of the same grid, exactly, before the one rounding."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.implementation import index
from kotacerdas.implementation.charts import history_svg
from kotacerdas.implementation.models import ImplementationRound
from tests.factories import ImplementationRoundFactory

EVALUATION = ["baseline", "output", "outcome", "impact", "quick_win"]
DIMENSIONS = [1, 2, 3, 4, 5, 6]
# Criteria on their own 1–4 scale; the index scale is the round's, independent of the criteria's.
CRITERIA = [index.CriterionSpec(n, e, Decimal(1), 1, 4) for n, e in enumerate(EVALUATION, start=1)]
ONE_TO_FIVE = index.Scale(1, 5)

cells_strategy = st.fixed_dictionaries(
    {
        (c.id, d): st.one_of(st.tuples(st.integers(1, 4), st.just(False)), st.just((None, True)))
        for c in CRITERIA
        for d in DIMENSIONS
    }
)
weights_strategy = st.fixed_dictionaries({e: st.integers(0, 60).map(Decimal) for e in EVALUATION})


def _index(cells, weights, scale=index.DEFAULT_SCALE):
    grid = index.sheet_grid(CRITERIA, cells, DIMENSIONS, scale)
    return index.region_index(grid, weights, EVALUATION, DIMENSIONS)


def _affine(value: Fraction, source: index.Scale, target: index.Scale) -> Fraction:
    return target.low + Fraction(target.high - target.low, source.high - source.low) * (value - source.low)


def test_default_scale_is_one_to_four():
    assert (index.DEFAULT_SCALE.low, index.DEFAULT_SCALE.high) == (1, 4)


def test_scores_go_onto_the_rounds_scale():
    cells = {(c.id, d): (4, False) for c in CRITERIA for d in DIMENSIONS}  # the best score everywhere
    weights = dict.fromkeys(EVALUATION, Decimal(20))

    assert _index(cells, weights).index == Decimal("4.00")
    assert _index(cells, weights, ONE_TO_FIVE).index == Decimal("5.00")
    assert _index(cells, weights, index.Scale(0, 10)).index == Decimal("10.00")


def test_a_middle_score_lands_in_the_middle_of_any_scale():
    # Criteria 0–10 scored 5 everywhere: the middle, 2.50 on 1–4 and 3.00 on 1–5.
    criteria = [index.CriterionSpec(n, e, Decimal(1), 0, 10) for n, e in enumerate(EVALUATION, start=1)]
    cells = {(c.id, d): (5, False) for c in criteria for d in DIMENSIONS}
    weights = dict.fromkeys(EVALUATION, Decimal(20))

    on = {
        scale: index.region_index(
            index.sheet_grid(criteria, cells, DIMENSIONS, scale), weights, EVALUATION, DIMENSIONS
        ).index
        for scale in (index.DEFAULT_SCALE, ONE_TO_FIVE)
    }

    assert on == {index.DEFAULT_SCALE: Decimal("2.50"), ONE_TO_FIVE: Decimal("3.00")}


@settings(max_examples=80, deadline=None)
@given(cells=cells_strategy, weights=weights_strategy)
def test_index_on_one_to_five_is_the_affine_image_of_the_one_to_four_index(cells, weights):
    four = _index(cells, weights)
    five = _index(cells, weights, ONE_TO_FIVE)

    if four.exact is None:
        assert five.exact is None and five.index is None
        return
    # Exact before the one rounding: 1 + 4/3 · (index on 1–4 − 1), and so are the dimensions' indices.
    assert five.exact == _affine(four.exact, index.DEFAULT_SCALE, ONE_TO_FIVE)
    assert five.index == index._round(five.exact)
    assert Decimal(1) <= five.index <= Decimal(5)
    grid_four = index.sheet_grid(CRITERIA, cells, DIMENSIONS)
    grid_five = index.sheet_grid(CRITERIA, cells, DIMENSIONS, ONE_TO_FIVE)
    assert grid_five == {
        k: None if v is None else _affine(v, index.DEFAULT_SCALE, ONE_TO_FIVE) for k, v in grid_four.items()
    }


def test_scale_runs_from_low_to_high():
    with pytest.raises(ValueError):
        index.Scale(4, 4)


def test_scale_ticks_are_whole_numbers_up_to_about_ten():
    assert index.DEFAULT_SCALE.ticks == [1, 2, 3, 4]
    assert ONE_TO_FIVE.ticks == [1, 2, 3, 4, 5]
    assert index.Scale(0, 99).ticks == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99]


def test_histogram_bands_cover_the_rounds_scale():
    values = [Decimal("1.00"), Decimal("4.99"), Decimal("5.00"), None]

    bins = index.histogram_bins(values, ONE_TO_FIVE)

    assert (bins[0][0], bins[-1][1], len(bins)) == (Decimal(1), Decimal(5), 16)
    assert bins[0][2] == 1 and bins[-1][2] == 2  # the top band keeps the top of the scale
    assert sum(n for _lo, _hi, n in bins) == 3


def test_histogram_default_bands_on_one_to_four_are_quarter_points():
    bins = index.histogram_bins([Decimal("4.00")])

    assert len(bins) == 12
    assert (bins[0][:2], bins[-1]) == ((Decimal(1), Decimal("1.25")), (Decimal("3.75"), Decimal("4.00"), 1))


def test_history_chart_draws_the_rounds_scale():
    svg = history_svg([(2024, Decimal("4.50"))], title="Indeks", scale=ONE_TO_FIVE)

    axis = [part.split("</text>")[0] for part in svg.split('text-anchor="end" fill="#5b6770">')[1:]]
    assert axis == ["1", "2", "3", "4", "5"]


@pytest.mark.django_db
def test_round_scale_defaults_to_one_to_four():
    rnd = ImplementationRoundFactory()

    assert (rnd.scale_min, rnd.scale_max, rnd.scale) == (1, 4, index.Scale(1, 4))


@pytest.mark.django_db
def test_round_refuses_a_scale_whose_top_is_not_above_its_bottom_in_indonesian():
    rnd = ImplementationRoundFactory.build(
        year=2025, scheme=None, rubric=None, framework_version=None, scale_min=4, scale_max=4
    )

    with translation.override("id"), pytest.raises(ValidationError) as refused:
        rnd.clean()

    assert refused.value.message_dict == {
        "scale_max": ["Batas atas skala indeks (4) harus lebih besar dari batas bawahnya (4)."]
    }


@pytest.mark.django_db
def test_database_refuses_an_upside_down_scale():
    rnd = ImplementationRoundFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ImplementationRound.objects.filter(pk=rnd.pk).update(scale_min=5, scale_max=4)
