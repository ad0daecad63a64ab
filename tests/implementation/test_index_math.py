"""The implementation index arithmetic (implementation/index.py) as properties: weights, missing dimensions, ties."""

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kotacerdas.implementation import index

EVALUATION = ["baseline", "output", "outcome", "impact", "quick_win"]
DIMENSIONS = [1, 2, 3, 4, 5, 6]
W2021 = dict(zip(EVALUATION, map(Decimal, [10, 20, 30, 20, 20]), strict=True))
W_LATER = dict(zip(EVALUATION, map(Decimal, [10, 20, 30, 30, 10]), strict=True))

# One criterion per evaluation dimension on a 1–4 scale, as the seeded rubric.
CRITERIA = [index.CriterionSpec(n, e, Decimal(1), 1, 4) for n, e in enumerate(EVALUATION, start=1)]

scores = st.integers(min_value=1, max_value=4)
cells_strategy = st.fixed_dictionaries(
    {(c.id, d): st.tuples(scores, st.just(False)) for c in CRITERIA for d in DIMENSIONS}
)
weights_strategy = st.fixed_dictionaries(
    {e: st.integers(min_value=1, max_value=60).map(Decimal) for e in EVALUATION}
)


def _index(cells, weights, criteria=CRITERIA):
    grid = index.sheet_grid(criteria, cells, DIMENSIONS)
    return index.region_index(grid, weights, EVALUATION, DIMENSIONS)


def _uniform(per_evaluation: dict[str, int]):
    return {(c.id, d): (per_evaluation[c.evaluation_dimension], False) for c in CRITERIA for d in DIMENSIONS}


def test_index_is_the_weighted_mean_with_the_2021_weights():
    cells = _uniform({"baseline": 3, "output": 2, "outcome": 4, "impact": 3, "quick_win": 1})

    result = _index(cells, W2021)

    # (10·3 + 20·2 + 30·4 + 20·3 + 20·1) / 100 = 2.70
    assert result.index == Decimal("2.70")
    assert result.by_evaluation == {
        "baseline": Decimal("3.00"),
        "output": Decimal("2.00"),
        "outcome": Decimal("4.00"),
        "impact": Decimal("3.00"),
        "quick_win": Decimal("1.00"),
    }
    assert set(result.by_dimension.values()) == {Decimal("2.70")}


def test_the_later_weights_change_the_same_scores_index():
    cells = _uniform({"baseline": 3, "output": 2, "outcome": 4, "impact": 3, "quick_win": 1})

    # (10·3 + 20·2 + 30·4 + 30·3 + 10·1) / 100 = 2.90
    assert _index(cells, W_LATER).index == Decimal("2.90")


def test_scale_is_put_on_one_to_four_whatever_the_criterions_scale():
    criteria = [index.CriterionSpec(n, e, Decimal(1), 0, 10) for n, e in enumerate(EVALUATION, start=1)]
    cells = {(c.id, d): (5, False) for c in criteria for d in DIMENSIONS}

    assert _index(cells, W2021, criteria).index == Decimal("2.50")


@settings(max_examples=80, deadline=None)
@given(cells=cells_strategy, weights=weights_strategy, factor=st.integers(min_value=2, max_value=7))
def test_scaling_every_weight_leaves_the_index_unchanged(cells, weights, factor):
    scaled = {e: w * factor for e, w in weights.items()}

    assert _index(cells, weights).index == _index(cells, scaled).index


@settings(max_examples=80, deadline=None)
@given(cells=cells_strategy, weights=weights_strategy)
def test_index_stays_between_the_lowest_and_highest_score(cells, weights):
    result = _index(cells, weights)

    values = [v for v, _na in cells.values()]
    assert Decimal(min(values)) <= result.index <= Decimal(max(values))
    assert all(Decimal(1) <= v <= Decimal(4) for v in result.by_dimension.values())


@settings(max_examples=80, deadline=None)
@given(cells=cells_strategy, weights=weights_strategy, data=st.data())
def test_raising_one_score_never_lowers_the_index(cells, weights, data):
    key = data.draw(st.sampled_from(sorted(cells)))
    value, _na = cells[key]
    assume(value < 4)
    raised = {**cells, key: (value + 1, False)}

    assert _index(raised, weights).index >= _index(cells, weights).index


@settings(max_examples=80, deadline=None)
@given(cells=cells_strategy, weights=weights_strategy, missing=st.sampled_from(EVALUATION))
def test_a_dimension_without_scores_drops_out_and_the_other_weights_are_rescaled(cells, weights, missing):
    missing_id = next(c.id for c in CRITERIA if c.evaluation_dimension == missing)
    without = {k: ((None, True) if k[0] == missing_id else v) for k, v in cells.items()}

    result = _index(without, weights)

    full = _index(cells, weights)
    rest = [e for e in EVALUATION if e != missing]
    expected = sum(weights[e] * full.by_evaluation[e] for e in rest) / sum(weights[e] for e in rest)
    assert result.by_evaluation[missing] is None
    # by_evaluation values are rounded, so compare with the same rounding tolerance
    assert abs(result.index - expected) <= Decimal("0.01")
    assert result.index == _index(cells, {**weights, missing: Decimal(0)}).index


def test_without_any_score_there_is_no_index():
    cells = {(c.id, d): (None, True) for c in CRITERIA for d in DIMENSIONS}

    result = _index(cells, W2021)

    assert result.index is None
    assert set(result.by_dimension.values()) == {None}


def test_a_smart_city_dimension_all_na_has_no_dimension_index_but_the_region_keeps_one():
    cells = _uniform({"baseline": 2, "output": 3, "outcome": 3, "impact": 2, "quick_win": 4})
    cells |= {(c.id, 2): (None, True) for c in CRITERIA}

    result = _index(cells, W2021)

    assert result.by_dimension[2] is None
    # (10·2 + 20·3 + 30·3 + 20·2 + 20·4) / 100 = 2.90
    assert result.by_dimension[1] == Decimal("2.90")
    assert result.index == Decimal("2.90")


def test_unanswered_cell_leaves_its_column_unknown_not_zero():
    cells = _uniform({"baseline": 4, "output": 4, "outcome": 4, "impact": 4, "quick_win": 4})
    del cells[(CRITERIA[0].id, 1)]

    result = _index(cells, W2021)

    assert result.index == Decimal("4.00")
    assert result.by_dimension[1] == Decimal("4.00")  # baseline unknown there: rescaled over the other four


def test_sheets_are_averaged_cell_by_cell():
    low = index.sheet_grid(CRITERIA, _uniform(dict.fromkeys(EVALUATION, 2)), DIMENSIONS)
    high = index.sheet_grid(CRITERIA, _uniform(dict.fromkeys(EVALUATION, 3)), DIMENSIONS)

    result = index.region_index(index.mean_grid([low, high]), W2021, EVALUATION, DIMENSIONS)

    assert result.index == Decimal("2.50")


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(st.sampled_from([None, *[Decimal(n) / 4 for n in range(4, 17)]]), min_size=1, max_size=25)
)
def test_ranks_are_competition_ranks(values):
    items = [index.Ranked(key=n, index=v, name=f"R{n:02d}") for n, v in enumerate(values)]

    ranked = index.rank(items)

    scored = [r for r in ranked if r.index is not None]
    assert [r.index for r in scored] == sorted((r.index for r in scored), reverse=True)
    for item in scored:
        first_equal = next(n for n, other in enumerate(scored, start=1) if other.index == item.index)
        assert item.rank == first_equal  # ties share the rank of the first; the next rank is skipped
    assert all(r.rank is None for r in ranked[len(scored) :])


def test_ties_share_a_rank_and_the_next_is_skipped():
    items = [
        index.Ranked(key="a", index=Decimal("3.10"), name="Alfa"),
        index.Ranked(key="b", index=Decimal("3.48"), name="Beta"),
        index.Ranked(key="c", index=Decimal("3.10"), name="Cimahi"),
        index.Ranked(key="d", index=Decimal("2.00"), name="Delta"),
        index.Ranked(key="e", index=None, name="Eka"),
    ]

    ranked = index.rank(items)

    assert [(r.key, r.rank) for r in ranked] == [("b", 1), ("a", 2), ("c", 2), ("d", 4), ("e", None)]


def test_change_needs_both_years():
    assert index.change(Decimal("3.48"), Decimal("3.20")) == Decimal("0.28")
    assert index.change(Decimal("3.48"), None) is None
    assert index.change(None, Decimal("3.20")) is None


def test_index_histogram_svg_draws_one_bar_per_band_and_marks_the_regions_band():
    from kotacerdas.implementation.charts import histogram_svg

    bins = [
        (Decimal("2.0"), Decimal("2.5"), 3),
        (Decimal("2.5"), Decimal("3.0"), 0),
        (Decimal("3.0"), Decimal("3.5"), 5),
    ]

    svg = histogram_svg(bins, title="Sebaran <indeks>", highlight=Decimal("3.10"))

    assert svg.count("<rect") == 3
    assert "Sebaran &lt;indeks&gt;" in svg
    assert "<title>3–3,5: 5</title>" in svg
    assert svg.count('fill="#c9822b"') == 1  # only the band of 3.10


def test_index_history_svg_has_a_point_per_year():
    from kotacerdas.implementation.charts import history_svg

    svg = history_svg([(2023, Decimal("2.54")), (2024, Decimal("2.80"))], title="Indeks")

    assert svg.count("<circle") == 2
    assert "<title>2024: 2,80</title>" in svg
