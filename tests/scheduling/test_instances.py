"""The seeded instance generator, the reference and repair helpers, and the moved-sessions count."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.scheduling.instances import (
    SPECS,
    Spec,
    generate,
    moved,
    planted,
    random_small,
    random_small_planted,
    repair_scenario,
    with_reference,
    without_reference,
)
from kotacerdas.scheduling.problem import Solution
from kotacerdas.scheduling.validate import violations

T = datetime.time
NAMES = list(SPECS)


@pytest.mark.parametrize("name", NAMES)
def test_generate_same_seed_gives_equal_problems(name):
    first = generate(name, seed=7)

    second = generate(name, seed=7)

    assert first == second


@pytest.mark.parametrize("name", NAMES)
def test_generate_different_seed_gives_different_problems(name):
    first = generate(name, seed=7)

    second = generate(name, seed=8)

    assert first != second


@pytest.mark.parametrize(
    ("name", "sizes"),
    [
        ("small", (8, 2, 2, 6, 3)),
        ("2018-like", (50, 2, 4, 12, 3)),
        ("national", (100, 3, 6, 30, 3)),
        ("stress", (200, 5, 8, 60, 3)),
    ],
)
def test_generate_named_instance_has_the_issue_sizes(name, sizes):
    problem = generate(name)

    got = (
        len(problem.regions),
        len(problem.grid.days),
        len(problem.grid.rooms),
        len(problem.evaluators),
        problem.min_panel_size,
    )
    assert got == sizes


def test_generate_2018_like_has_the_2018_grid_and_proportions():
    problem = generate("2018-like")

    mentors = {e for e, _r in problem.conflicts}
    assert (
        problem.grid.days,
        problem.grid.slot_minutes,
        problem.grid.starts[0],
        problem.grid.ends(len(problem.grid.starts) - 1),
        len(problem.grid.starts),
        problem.grid.n_blocks,
        [(b[0], b[1]) for b in problem.breaks],
        len(mentors),
        all(4 <= sum(1 for e, _r in problem.conflicts if e == m) <= 5 for m in mentors),
        sum(1 for r in problem.regions if r.windows),
        sum(1 for r in problem.regions if r.preferred),
    ) == (
        (datetime.date(2018, 12, 12), datetime.date(2018, 12, 13)),
        45,
        T(8, 0),
        T(16, 45),
        10,
        2,
        [(T(12, 0), T(13, 0))],
        6,
        True,
        5,
        10,
    )


def test_generate_names_regions_and_evaluators_by_number():
    problem = generate("2018-like")

    assert (
        [(r.id, r.name) for r in problem.regions[:2]],
        [(e.id, e.name) for e in problem.evaluators[:2]],
    ) == ([(1, "Kab. Contoh 01"), (2, "Kab. Contoh 02")], [(1001, "Evaluator 01"), (1002, "Evaluator 02")])


def test_generate_accepts_a_spec():
    problem = generate(Spec(regions=3, days=1, rooms=1, evaluators=2, min_panel_size=2), seed=1)

    assert (len(problem.regions), len(problem.evaluators), problem.min_panel_size) == (3, 2, 2)


@pytest.mark.parametrize("name", NAMES)
def test_planted_schedule_of_named_instance_passes_the_validator(name):
    problem, witness = planted(name)

    assert violations(problem, witness) == []


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=100_000))
def test_random_small_planted_schedule_passes_the_validator(seed):
    problem, witness = random_small_planted(seed)

    assert violations(problem, witness) == []


def test_random_small_same_seed_gives_equal_problems():
    assert [random_small(seed) for seed in range(20)] == [random_small(seed) for seed in range(20)]


def test_random_small_sometimes_has_pinned_sessions():
    problems = [random_small(seed) for seed in range(40)]

    assert any(p.fixed for p in problems) and any(not p.fixed for p in problems)


def test_with_reference_records_cells_and_panel_seats():
    problem, witness = planted("small")

    referenced = with_reference(problem, witness)

    seats = {}
    for key, members in witness.panels.items():
        for e in members:
            seats.setdefault(e, set()).add(key)
    assert (
        {r.id: r.reference for r in referenced.regions},
        {e.id: e.reference for e in referenced.evaluators},
    ) == (
        {r.id: witness.placements[r.id] for r in problem.regions},
        {e.id: frozenset(seats.get(e.id, ())) for e in problem.evaluators},
    )


def test_with_reference_leaves_the_original_unchanged():
    problem, witness = planted("small")
    before = generate("small")

    with_reference(problem, witness)

    assert problem == before


def test_repair_scenario_removes_one_placed_region_and_one_seated_evaluator():
    problem, witness = planted("national")
    seated = {e for members in witness.panels.values() for e in members}

    repaired = repair_scenario(problem, witness, seed=3)

    gone_regions = {r.id for r in problem.regions} - {r.id for r in repaired.regions}
    gone_evaluators = {e.id for e in problem.evaluators} - {e.id for e in repaired.evaluators}
    assert (
        len(repaired.regions),
        len(repaired.evaluators),
        len(gone_regions),
        len(gone_evaluators),
        gone_evaluators <= seated,
        all(r.reference == witness.placements[r.id] for r in repaired.regions),
        any(e for e, r in repaired.conflicts if e in gone_evaluators or r in gone_regions),
    ) == (99, 29, 1, 1, True, True, False)


def test_repair_scenario_same_seed_gives_equal_problems():
    problem, witness = planted("national")

    assert repair_scenario(problem, witness, seed=3) == repair_scenario(problem, witness, seed=3)


def test_without_reference_clears_references_and_the_change_weight():
    problem, witness = planted("small")

    fresh = without_reference(with_reference(problem, witness))

    assert (
        {r.reference for r in fresh.regions},
        {e.reference for e in fresh.evaluators},
        fresh.weights.changes,
    ) == ({None}, {frozenset()}, 0)


def test_moved_counts_regions_in_both_whose_cell_differs():
    before = Solution(placements={1: (0, 0, 0), 2: (0, 0, 1), 3: (0, 1, 0)})
    after = Solution(placements={1: (0, 0, 0), 2: (1, 0, 1), 4: (0, 1, 0)})

    assert moved(before, after) == 1


def test_moved_reads_a_problems_references():
    problem, witness = planted("small")
    referenced = with_reference(problem, witness)
    first, second = sorted(witness.placements)[:2]
    swapped = dict(witness.placements)
    swapped[first], swapped[second] = witness.placements[second], witness.placements[first]

    assert (moved(referenced, witness), moved(referenced, Solution(placements=swapped))) == (0, 2)
