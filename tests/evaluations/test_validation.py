"""The schedule validator's hard rules on plain Slot values, the conflict-of-interest rules, and weekdays."""

import datetime

import pytest
from django.utils import translation

from kotacerdas.core.templatetags.kotacerdas import long_date
from kotacerdas.evaluations.conflicts import conflict_reasons
from kotacerdas.evaluations.validation import Slot, check_slots
from tests.factories import (
    DeclaredConflictFactory,
    EvaluationEventFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    UserFactory,
)

T = datetime.time
DAY1, DAY2 = datetime.date(2018, 12, 12), datetime.date(2018, 12, 13)
NINE, NINE_45 = T(9, 0), T(9, 45)
RULES = {
    "days": {DAY1, DAY2},
    "day_starts": T(8, 0),
    "day_ends": T(17, 0),
    "breaks": [(T(12, 0), T(13, 0), "Ishoma")],
}


def slot(key, region, participation_id, *, room="Nusantara A", day=DAY2, starts=NINE, ends=NINE_45,
         panel=None, evaluators=(), chair=None):  # fmt: skip
    return Slot(
        key=key,
        region=region,
        participation_id=participation_id,
        day=day,
        room=room,
        starts=starts,
        ends=ends,
        panel=panel,
        evaluators=frozenset(evaluators),
        chair=chair,
    )


def check(slots, **extra):
    with translation.override("en"):
        return [(v.rule, v.message) for v in check_slots(slots, **RULES, **extra)]


def test_check_slots_clean_schedule_is_empty():
    slots = [
        slot(1, "Kota Pekalongan", 1, panel="Panel 1", evaluators={1, 2, 3}),
        slot(2, "Kota Tegal", 2, room="Nusantara B", panel="Panel 2", evaluators={4, 5, 6}),
        # Back to back in the same room and panel: one ends when the next starts.
        slot(
            3, "Kabupaten Pemalang", 3, starts=T(9, 45), ends=T(10, 30), panel="Panel 1", evaluators={1, 2, 3}
        ),
        # Right after the break.
        slot(
            4, "Kabupaten Batang", 4, starts=T(13, 0), ends=T(13, 45), panel="Panel 1", evaluators={1, 2, 3}
        ),
        # Same room and time on the other day.
        slot(5, "Kota Semarang", 5, day=DAY1, panel="Panel 1", evaluators={1, 2, 3}),
    ]

    assert check(slots) == []


def test_check_slots_room_double_booked():
    slots = [
        slot(1, "Kabupaten Pemalang", 1, starts=T(14, 45), ends=T(15, 30), panel="Panel 1"),
        slot(2, "Kota Tegal", 2, starts=T(15, 0), ends=T(15, 45), panel="Panel 2"),
    ]

    assert check(slots) == [
        (
            "room",
            "Room Nusantara A is double-booked: Kabupaten Pemalang and Kota Tegal at 13-12-2018 15:00–15:45.",
        )
    ]


def test_check_slots_region_twice_at_the_same_time():
    slots = [
        slot(1, "Kabupaten Pemalang", 7),
        slot(2, "Kabupaten Pemalang", 7, room="Nusantara B", starts=T(9, 30), ends=T(10, 15)),
    ]

    assert check(slots) == [("region", "Kabupaten Pemalang presents twice at the same time.")]


def test_check_slots_region_twice_at_different_times():
    slots = [
        slot(1, "Kabupaten Pemalang", 7),
        slot(2, "Kabupaten Pemalang", 7, room="Nusantara B", day=DAY1),
    ]

    assert check(slots) == [("region", "Kabupaten Pemalang presents more than once.")]


def test_check_slots_panel_double_booked():
    slots = [
        slot(1, "Kabupaten Pemalang", 1, panel="Panel 1", evaluators={1, 2, 3}),
        slot(2, "Kota Tegal", 2, room="Nusantara B", panel="Panel 1", evaluators={1, 2, 3}),
    ]

    assert check(slots) == [("panel", "Panel Panel 1 is double-booked: Kabupaten Pemalang and Kota Tegal.")]


def test_check_slots_evaluator_in_two_panels_at_once():
    slots = [
        slot(1, "Kabupaten Pemalang", 1, panel="Panel 1", evaluators={1, 2, 3}),
        slot(
            2,
            "Kota Tegal",
            2,
            room="Nusantara B",
            starts=T(9, 30),
            ends=T(10, 15),
            panel="Panel 2",
            evaluators={3, 4, 5},
        ),  # fmt: skip
    ]

    assert check(slots, evaluator_names={3: "Yuliana Siregar"}) == [
        (
            "evaluator",
            "Yuliana Siregar would be in two places: Kabupaten Pemalang and Kota Tegal at 13-12-2018 09:30–10:15.",
        )
    ]


@pytest.mark.parametrize(("starts", "ends"), [(T(7, 30), T(8, 15)), (T(16, 30), T(17, 15))])
def test_check_slots_outside_hours(starts, ends):
    slots = [slot(1, "Kabupaten Pemalang", 1, starts=starts, ends=ends)]

    assert check(slots) == [
        (
            "hours",
            f"Kabupaten Pemalang (13-12-2018 {starts:%H:%M}–{ends:%H:%M}) is outside the event's hours 08:00–17:00.",
        )
    ]


def test_check_slots_outside_days():
    slots = [slot(1, "Kabupaten Pemalang", 1, day=datetime.date(2018, 12, 14))]

    assert check(slots) == [("day", "Kabupaten Pemalang is scheduled on a day outside the event.")]


@pytest.mark.parametrize(
    ("starts", "ends"), [(T(11, 30), T(12, 15)), (T(12, 15), T(12, 45)), (T(12, 45), T(13, 30))]
)
def test_check_slots_overlapping_a_break(starts, ends):
    slots = [slot(1, "Kabupaten Pemalang", 1, starts=starts, ends=ends)]

    assert check(slots) == [
        (
            "break",
            f"Kabupaten Pemalang (13-12-2018 {starts:%H:%M}–{ends:%H:%M}) overlaps the break “Ishoma”.",
        )
    ]


def test_check_slots_conflict_of_interest():
    slots = [slot(1, "Kabupaten Pemalang", 9, panel="Panel 1", evaluators={1, 2, 3})]

    violations = check(
        slots,
        conflicts={(2, 9): ["Mentor of Kabupaten Pemalang."], (2, 10): ["Another region."]},
        evaluator_names={2: "Hendra Gunawan"},
    )

    assert violations == [
        ("conflict", "Hendra Gunawan may not evaluate Kabupaten Pemalang: Mentor of Kabupaten Pemalang.")
    ]


def test_check_slots_panel_smaller_than_the_event_asks():
    slots = [slot(1, "Kota Bogor", 1, day=DAY1, panel="Panel 2", evaluators={4, 5}, chair=4)]

    assert check(slots, min_panel_size=3) == [
        ("panel_size", "Panel 2 of Kota Bogor has 2 evaluators; the event asks for at least 3.")
    ]


def test_check_slots_panel_size_met_or_no_panel_yet_is_no_violation():
    slots = [
        slot(1, "Kota Bogor", 1, day=DAY1, panel="Panel 2", evaluators={4, 5, 6}, chair=4),
        slot(2, "Kota Tegal", 2, room="Nusantara B"),  # no panel yet
    ]

    assert check(slots, min_panel_size=3) == []


def test_check_slots_panel_without_a_chair():
    slots = [slot(1, "Kota Bogor", 1, day=DAY1, panel="Panel 2", evaluators={4, 5, 6})]

    assert check(slots, min_panel_size=3) == [("chair", "Panel 2 of Kota Bogor has no chair.")]


def test_check_slots_chair_who_is_not_on_the_panel():
    slots = [slot(1, "Kota Bogor", 1, day=DAY1, panel="Panel 2", evaluators={4, 5, 6}, chair=1)]

    violations = check(slots, min_panel_size=3, evaluator_names={1: "Ratna Kusumawati"})

    assert violations == [
        ("chair", "Ratna Kusumawati chairs Panel 2 of Kota Bogor but is not one of its evaluators.")
    ]


def test_check_slots_panel_rules_unchecked_without_a_minimum():
    slots = [slot(1, "Kota Bogor", 1, day=DAY1, panel="Panel 2", evaluators={4})]

    assert check(slots) == []


def test_check_slots_region_outside_its_availability_windows():
    slots = [slot(1, "Kota Bogor", 1, day=DAY1)]
    windows = {1: [(DAY1, T(13, 0), T(17, 0)), (DAY2, T(8, 0), T(12, 0))]}

    assert check(slots, region_windows=windows) == [
        ("availability", "Kota Bogor (12-12-2018 09:00–09:45) is outside its availability windows.")
    ]


def test_check_slots_region_inside_a_window_or_without_windows_is_no_violation():
    slots = [
        slot(1, "Kota Bogor", 1, day=DAY1),  # exactly inside the second window
        slot(2, "Kota Tegal", 2, room="Nusantara B", day=DAY1),  # an empty list: any time
    ]
    windows = {1: [(DAY2, T(8, 0), T(12, 0)), (DAY1, NINE, NINE_45)], 2: []}

    assert check(slots, region_windows=windows) == []


def test_check_slots_evaluators_outside_their_availability_windows():
    slots = [slot(1, "Kota Bogor", 1, day=DAY1, panel="Panel 1", evaluators={1, 2, 3}, chair=1)]
    windows = {1: [(DAY2, T(8, 0), T(17, 0))], 3: [(DAY1, T(9, 15), T(12, 0))]}
    names = {1: "Ratna Kusumawati", 3: "Yuliana Siregar"}

    violations = check(slots, evaluator_windows=windows, evaluator_names=names)

    assert violations == [
        ("availability", "Ratna Kusumawati is not available at 12-12-2018 09:00–09:45 (Kota Bogor)."),
        ("availability", "Yuliana Siregar is not available at 12-12-2018 09:00–09:45 (Kota Bogor)."),
    ]


def test_check_slots_evaluators_inside_their_windows_is_no_violation():
    slots = [slot(1, "Kota Bogor", 1, day=DAY1, panel="Panel 1", evaluators={1, 2, 3}, chair=1)]
    # Evaluator 1 is available then; evaluator 9 is not, but does not sit on the panel.
    windows = {1: [(DAY1, T(8, 0), T(12, 0))], 9: [(DAY2, T(8, 0), T(12, 0))]}

    assert check(slots, evaluator_windows=windows) == []


# --- Conflicts of interest ------------------------------------------------------------------------------------


@pytest.fixture
def presenting(db):
    """A participation, its event, and an evaluator with no ties to it."""
    participation = ParticipationFactory()
    event = EvaluationEventFactory(cohort=participation.cohort)
    evaluator = UserFactory(is_evaluator=True, full_name="Ratna Kusumawati")
    return participation, event, evaluator


def reasons(evaluator, participation, event):
    with translation.override("en"):
        return conflict_reasons(evaluator, participation, event)


def test_conflict_reasons_none_for_an_unrelated_evaluator(presenting):
    participation, event, evaluator = presenting
    RegionMembershipFactory(user=evaluator)  # a region in another province

    assert reasons(evaluator, participation, event) == []


def test_conflict_reasons_mentor(presenting):
    participation, event, evaluator = presenting
    participation.mentors.add(evaluator)

    assert reasons(evaluator, participation, event) == [f"Mentor of {participation.region.name}."]


def test_conflict_reasons_region_team_member(presenting):
    participation, event, evaluator = presenting
    RegionMembershipFactory(user=evaluator, region=participation.region)

    assert reasons(evaluator, participation, event) == [f"Member of the team of {participation.region.name}."]


def test_conflict_reasons_same_province(presenting):
    participation, event, evaluator = presenting
    neighbour = RegionFactory(province=participation.region.province)
    RegionMembershipFactory(user=evaluator, region=neighbour)

    assert reasons(evaluator, participation, event) == [
        f"Member of a region team in the same province ({participation.region.province.name})."
    ]


def test_conflict_reasons_same_province_turned_off(presenting):
    participation, event, evaluator = presenting
    RegionMembershipFactory(user=evaluator, region=RegionFactory(province=participation.region.province))
    event.conflict_same_province = False
    event.save()

    assert reasons(evaluator, participation, event) == []


def test_conflict_reasons_declared(presenting):
    participation, event, evaluator = presenting
    DeclaredConflictFactory(evaluator=evaluator, region=participation.region, reason="Former employer")

    assert reasons(evaluator, participation, event) == ["Declared conflict: Former employer"]


def test_conflict_reasons_several_at_once(presenting):
    participation, event, evaluator = presenting
    participation.mentors.add(evaluator)
    DeclaredConflictFactory(evaluator=evaluator, region=participation.region)

    assert len(reasons(evaluator, participation, event)) == 2


# --- Weekdays are derived from dates ----------------------------------------------------------------------------


def test_long_date_13_december_2018_is_thursday_in_indonesian():
    with translation.override("id"):
        assert long_date(datetime.date(2018, 12, 13)) == "Kamis, 13 Desember 2018"


def test_long_date_13_december_2018_is_thursday_in_english():
    with translation.override("en"):
        assert long_date(datetime.date(2018, 12, 13)) == "Thursday, 13 December 2018"
