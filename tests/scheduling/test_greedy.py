"""The first-fit greedy baseline: regions in the given order, each into the first cell its panel can take."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.scheduling.greedy import first_fit
from kotacerdas.scheduling.instances import generate, random_small
from kotacerdas.scheduling.problem import EvaluatorItem, FixedSession, Problem, RegionItem, build_grid
from kotacerdas.scheduling.validate import violations

T = datetime.time
DAY1, DAY2 = datetime.date(2018, 12, 12), datetime.date(2018, 12, 13)


def make_problem(regions, evaluators, *, rooms=1, days=(DAY1,), conflicts=(), min_panel_size=2, fixed=()):
    """08:00–09:30 in 45-minute slots: two slots, one block, on each day."""
    grid = build_grid(
        days=list(days),
        rooms=[f"Ruang {chr(ord('A') + i)}" for i in range(rooms)],
        day_starts=T(8, 0),
        day_ends=T(9, 30),
        slot_minutes=45,
        breaks=[],
    )
    return Problem(
        grid=grid,
        regions=list(regions),
        evaluators=list(evaluators),
        conflicts=frozenset(conflicts),
        min_panel_size=min_panel_size,
        fixed=list(fixed),
        day_starts=T(8, 0),
        day_ends=T(9, 30),
    )


def evaluators(n):
    return [EvaluatorItem(id=1000 + i, name=f"Evaluator {i:02d}") for i in range(1, n + 1)]


def test_first_fit_small_places_every_region_without_violations():
    problem = generate("small")

    solution = first_fit(problem)

    assert (solution.unplaced, sorted(solution.placements), violations(problem, solution)) == (
        [],
        [r.id for r in problem.regions],
        [],
    )


def test_first_fit_fills_cells_in_day_room_slot_order_with_one_panel_per_block():
    problem = make_problem([RegionItem(i, f"Kab. Contoh {i:02d}") for i in (1, 2, 3)], evaluators(4), rooms=2)

    solution = first_fit(problem)

    assert (solution.placements, solution.panels, solution.chairs) == (
        {1: (0, 0, 0), 2: (0, 0, 1), 3: (0, 1, 0)},
        {(0, 0, 0): (1001, 1002), (0, 0, 1): (1001, 1002), (0, 1, 0): (1003, 1004)},
        {(0, 0, 0): 1001, (0, 0, 1): 1001, (0, 1, 0): 1003},
    )


def test_first_fit_region_taken_early_leaves_a_restricted_one_unplaced():
    # A solver would put Kab. Contoh 01 second; first-fit takes the only slot Kab. Contoh 02 may use.
    problem = make_problem(
        [
            RegionItem(1, "Kab. Contoh 01"),
            RegionItem(2, "Kab. Contoh 02", windows=[(DAY1, T(8, 0), T(8, 45))]),
        ],
        evaluators(2),
    )

    solution = first_fit(problem)

    assert (solution.placements, solution.unplaced, [v.rule for v in violations(problem, solution)]) == (
        {1: (0, 0, 0)},
        [2],
        ["unplaced"],
    )


def test_first_fit_conflicted_panel_sends_the_region_to_another_room():
    problem = make_problem(
        [RegionItem(1, "Kab. Contoh 01"), RegionItem(2, "Kab. Contoh 02")],
        evaluators(4),
        rooms=2,
        conflicts={(1001, 2)},
    )

    solution = first_fit(problem)

    assert (solution.placements, solution.panels) == (
        {1: (0, 0, 0), 2: (0, 1, 0)},
        {(0, 0, 0): (1001, 1002), (0, 1, 0): (1003, 1004)},
    )


def test_first_fit_unavailable_evaluator_is_not_put_on_a_panel():
    away = EvaluatorItem(1001, "Evaluator 01", windows=[(DAY2, T(8, 0), T(17, 0))])
    problem = make_problem([RegionItem(1, "Kab. Contoh 01")], [away, *evaluators(3)[1:]], days=(DAY1, DAY2))

    solution = first_fit(problem)

    assert solution.panels == {(0, 0, 0): (1002, 1003)}


def test_first_fit_pinned_session_keeps_its_cell_and_its_evaluators_busy():
    pinned = FixedSession(
        id=9,
        name="Kab. Contoh 09",
        day=0,
        room=0,
        starts=T(8, 0),
        ends=T(8, 45),
        evaluators=frozenset({1001, 1002}),
        chair=1001,
    )
    problem = make_problem([RegionItem(1, "Kab. Contoh 01")], evaluators(4), fixed=[pinned])

    solution = first_fit(problem)

    assert (solution.placements, solution.panels, violations(problem, solution)) == (
        {1: (0, 0, 1)},
        {(0, 0, 1): (1003, 1004)},
        [],
    )


def test_first_fit_too_few_evaluators_leaves_regions_unplaced():
    problem = make_problem([RegionItem(1, "Kab. Contoh 01")], evaluators(1))

    solution = first_fit(problem)

    assert (solution.placements, solution.unplaced) == ({}, [1])


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=100_000))
def test_first_fit_breaks_no_hard_rule_other_than_leaving_regions_unplaced(seed):
    problem = random_small(seed)

    solution = first_fit(problem)

    found = violations(problem, solution)
    assert ([v for v in found if v.rule != "unplaced"], sum(v.rule == "unplaced" for v in found)) == (
        [],
        len(solution.unplaced),
    )
