"""The CP-SAT scheduler on plain problems: validity, pins, infeasibility reasons, repair."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kotacerdas.scheduling import checks, instances, validate
from kotacerdas.scheduling.problem import (
    EvaluatorItem,
    FixedSession,
    Problem,
    RegionItem,
    Solution,
    build_grid,
)
from kotacerdas.scheduling.solver import FAMILIES, STRUCTURE, SolveControl, solve

pytestmark = pytest.mark.usefixtures("english")

T = datetime.time


DAY1, DAY2 = datetime.date(2026, 12, 15), datetime.date(2026, 12, 16)


def small(n_regions=6, n_evaluators=6, days=(DAY1,), rooms=("A", "B"), **extra) -> Problem:
    grid = build_grid(
        days=list(days),
        rooms=list(rooms),
        day_starts=T(8),
        day_ends=T(12),
        slot_minutes=60,
        breaks=[(T(10), T(10, 30))],
    )
    return Problem(
        grid=grid,
        regions=[RegionItem(id=i, name=f"Region {i}") for i in range(1, n_regions + 1)],
        evaluators=[EvaluatorItem(id=100 + i, name=f"Evaluator {i}") for i in range(1, n_evaluators + 1)],
        conflicts=frozenset(extra.pop("conflicts", ())),
        min_panel_size=extra.pop("min_panel_size", 3),
        breaks=[(T(10), T(10, 30), "Rehat")],
        day_starts=T(8),
        day_ends=T(12),
        **extra,
    )


def test_grid_skips_breaks_and_splits_blocks():
    problem = small()

    assert problem.grid.starts == (T(8), T(9), T(10, 30))
    assert problem.grid.blocks == (0, 0, 1)


def test_solve_small_problem_is_valid_and_complete():
    problem = small()

    result = solve(problem, time_limit=10, workers=1)

    assert result.status == "optimal"
    assert sorted(result.solution.placements) == [1, 2, 3, 4, 5, 6]
    assert validate.violations(problem, result.solution) == []
    assert all(len(members) == 3 for members in result.solution.panels.values())
    assert all(result.solution.chairs[key] in members for key, members in result.solution.panels.items())


def test_solve_keeps_conflicted_evaluators_off_the_region_panel():
    conflicts = {(101, 1), (102, 1), (103, 1)}
    problem = small(conflicts=conflicts)

    result = solve(problem, time_limit=10, workers=1)

    members, _chair = result.solution.panel_of(problem, 1)
    assert set(members).isdisjoint({101, 102, 103})
    assert validate.violations(problem, result.solution) == []


def test_solve_respects_region_windows():
    problem = small()
    problem.regions[0].windows = [(DAY1, T(10, 30), T(11, 30))]

    result = solve(problem, time_limit=10, workers=1)

    assert result.solution.placements[1][2] == 2  # the 10:30 slot


def test_solve_prefers_preferred_windows_when_it_can():
    problem = small(n_regions=2)
    problem.regions[1].preferred = [(DAY1, T(10, 30), T(11, 30))]

    result = solve(problem, time_limit=10, workers=1)

    assert result.solution.placements[2][2] == 2
    assert result.breakdown["preferences_missed"] == 0


def test_solve_never_moves_pinned_sessions():
    pinned = FixedSession(
        id=99,
        name="Pinned",
        day=0,
        room=1,
        starts=T(9),
        ends=T(10),
        evaluators=frozenset({101, 102, 103}),
        chair=102,
        panel="Panel P",
    )
    problem = small(n_regions=5, fixed=[pinned])

    result = solve(problem, time_limit=10, workers=1)

    assert 99 not in result.solution.placements
    assert (0, 1, 1) not in result.solution.placements.values()  # the pinned cell stays taken
    at_nine = [members for (d, r, t), members in result.solution.panels.items() if (d, t) == (0, 1)]
    assert all(set(members).isdisjoint({101, 102, 103}) for members in at_nine)  # its panel is busy then
    slots = validate.solution_slots(problem, result.solution)
    pinned_slot = next(s for s in slots if s.participation_id == 99)
    assert (pinned_slot.room, pinned_slot.starts, pinned_slot.ends, pinned_slot.chair) == (
        "B",
        T(9),
        T(10),
        102,
    )
    assert validate.violations(problem, result.solution) == []


def test_solve_places_conflicted_regions_side_by_side_in_one_room():
    # One room, two slots, panels of one: each region is in conflict with one of the two evaluators. One panel
    # for the room's morning cannot do it; the per-session model, tried next, can.
    grid = build_grid(days=[DAY1], rooms=["A"], day_starts=T(8), day_ends=T(10), slot_minutes=60, breaks=[])
    problem = Problem(
        grid=grid,
        regions=[RegionItem(id=1, name="R1"), RegionItem(id=2, name="R2")],
        evaluators=[EvaluatorItem(id=101, name="E1"), EvaluatorItem(id=102, name="E2")],
        conflicts=frozenset({(101, 1), (102, 2)}),
        min_panel_size=1,
        day_starts=T(8),
        day_ends=T(10),
    )

    result = solve(problem, time_limit=10, workers=1)

    assert (result.status, result.breakdown["model"]) == ("optimal", "session")
    assert result.solution.panel_of(problem, 1)[0] == (102,)
    assert result.solution.panel_of(problem, 2)[0] == (101,)
    assert validate.violations(problem, result.solution) == []


def test_solve_uses_evaluators_available_for_part_of_a_morning():
    grid = build_grid(days=[DAY1], rooms=["A"], day_starts=T(8), day_ends=T(10), slot_minutes=60, breaks=[])
    problem = Problem(
        grid=grid,
        regions=[RegionItem(id=1, name="R1"), RegionItem(id=2, name="R2")],
        evaluators=[
            EvaluatorItem(id=101, name="E1", windows=[(DAY1, T(8), T(9))]),
            EvaluatorItem(id=102, name="E2", windows=[(DAY1, T(9), T(10))]),
        ],
        conflicts=frozenset(),
        min_panel_size=1,
        day_starts=T(8),
        day_ends=T(10),
    )

    result = solve(problem, time_limit=10, workers=1)

    assert result.status == "optimal"
    assert {cell: members for cell, members in result.solution.panels.items()} == {
        (0, 0, 0): (101,),
        (0, 0, 1): (102,),
    }


def test_solve_infeasible_names_the_rule_families():
    # Three regions that can only come 08:00–09:00 in two rooms: the windows and the structure clash.
    problem = small(n_regions=3)
    for region in problem.regions:
        region.windows = [(DAY1, T(8), T(9))]

    result = solve(problem, time_limit=10, workers=1)

    assert result.status == "infeasible"
    assert result.solution is None
    assert result.reasons == [str(FAMILIES["region_windows"])]


def test_solve_infeasible_conflicts_against_panel_size():
    # Every region is in conflict with four of the six evaluators: a panel of three cannot be formed.
    conflicts = {(100 + e, r) for e in range(1, 5) for r in range(1, 4)}
    problem = small(n_regions=3, conflicts=conflicts)

    result = solve(problem, time_limit=10, workers=1)

    assert result.status == "infeasible"
    assert sorted(result.reasons) == sorted([str(FAMILIES["conflicts"]), str(FAMILIES["panel_size"])])


def test_solve_infeasible_structure_when_slots_are_too_few():
    problem = small(n_regions=7)

    result = solve(problem, time_limit=10, workers=1)

    assert result.status == "infeasible"
    assert result.reasons == [str(STRUCTURE)]


def test_checks_name_a_day_with_too_few_slots():
    problem = small(n_regions=8, days=(DAY1, DAY2))
    for region in problem.regions[:7]:
        region.windows = [(DAY1, T(8), T(12))]

    found = checks.run_checks(problem)

    assert found == [
        "7 regions can only present on day 1 (Tuesday, 15 December 2026), which has 6 free slots."
    ]


def test_checks_name_a_region_in_conflict_with_almost_everyone():
    conflicts = {(100 + e, 1) for e in range(1, 5)}
    problem = small(conflicts=conflicts)

    found = checks.run_checks(problem)

    assert found == ["Region 1 is in conflict with 4 of the 6 evaluators; a panel of 3 cannot be formed."]


def test_checks_count_slots_pool_and_staffing():
    problem = small(n_regions=7, n_evaluators=2)

    found = checks.run_checks(problem)

    assert found == [
        "7 regions need a session but there are only 6 free slots (1 days × 2 rooms × 3 slots, less 0 taken by "
        "pinned sessions).",
        "The evaluator pool has 2 evaluators; every panel needs 3.",
    ]


def test_checks_pass_on_a_feasible_problem():
    assert checks.run_checks(small()) == []


def test_repair_moves_fewer_sessions_than_a_fresh_solve():
    problem = instances.generate("small", seed=3)
    first = solve(problem, time_limit=10, workers=1)
    changed = instances.repair_scenario(problem, first.solution, seed=3)

    repaired = solve(changed, time_limit=10, workers=1)
    fresh = solve(instances.without_reference(changed), time_limit=10, workers=1)

    assert validate.violations(changed, repaired.solution) == []
    assert instances.moved(first.solution, repaired.solution) <= instances.moved(
        first.solution, fresh.solution
    )
    assert instances.moved(first.solution, repaired.solution) == repaired.breakdown["moved"]


def test_repair_keeps_every_session_when_nothing_forces_a_move():
    problem = small()
    first = solve(problem, time_limit=10, workers=1)
    again = instances.with_reference(problem, first.solution)
    again.regions = [r for r in again.regions if r.id != 6]  # one region withdraws

    result = solve(again, time_limit=10, workers=1)

    assert result.breakdown["model"] == "block"  # several sessions per block: hints once per panel variable
    assert result.breakdown["moved"] == 0
    assert result.breakdown["reassigned"] == 0  # seats on the withdrawn region's panel do not count
    assert all(result.solution.placements[r] == first.solution.placements[r] for r in range(1, 6))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_every_solver_schedule_passes_the_validator(seed):
    problem = instances.random_small(seed)

    result = solve(problem, time_limit=10, workers=1)

    # Random small instances are built around a valid schedule, so the solver must find one.
    assert result.solution is not None, result.status
    assert validate.violations(problem, result.solution) == []
    assert len(result.solution.placements) == len(problem.regions)


def test_checks_report_a_pinned_session_that_breaks_a_rule():
    pinned = FixedSession(
        id=99,
        name="Pinned",
        day=0,
        room=0,
        starts=T(8),
        ends=T(9),
        evaluators=frozenset({101, 102}),
        chair=101,
    )
    problem = small(n_regions=2, fixed=[pinned])

    found = checks.run_checks(problem)

    assert found == [
        "A pinned session breaks a rule: pinned panel #99 of Pinned has 2 evaluators; the event asks for at least "
        "3. Fix it by hand or unpin it."
    ]


def test_validator_counts_a_placed_session_without_a_panel():
    problem = small(n_regions=1)
    solution = Solution(placements={1: (0, 0, 0)})

    found = validate.violations(problem, solution)

    assert [v.rule for v in found] == ["panel_size", "chair"]


def test_a_stopped_control_returns_without_a_schedule():
    control = SolveControl()
    control.stop()

    result = solve(small(), time_limit=10, workers=1, control=control)

    assert (result.status, result.solution) == ("unknown", None)
