"""Scoping of participations and cohorts. Every case has a second region's data present, so a leak shows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from kotacerdas.programmes.models import Cohort, Participation, ParticipationStatus
from tests.factories import CohortFactory, ParticipationFactory, RegionMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ParticipationStatus


@pytest.fixture
def world():
    """Two cohorts, each with participations from two regions; region A also takes part in both cohorts."""
    cohort_2030, cohort_2031 = CohortFactory(year=2030), CohortFactory(year=2031)
    a_2030 = ParticipationFactory(cohort=cohort_2030, status=S.MENTORING)
    a_2031 = ParticipationFactory(cohort=cohort_2031, region=a_2030.region, status=S.APPLIED)
    b_2030 = ParticipationFactory(cohort=cohort_2030, status=S.SELECTED)
    c_2031 = ParticipationFactory(cohort=cohort_2031, status=S.SHORTLISTED)
    return {
        "cohort_2030": cohort_2030,
        "cohort_2031": cohort_2031,
        "a_2030": a_2030,
        "a_2031": a_2031,
        "b_2030": b_2030,
        "c_2031": c_2031,
    }


def visible_participations(user) -> set:
    return set(Participation.objects.visible_to(user))


def visible_cohorts(user) -> set:
    return set(Cohort.objects.visible_to(user))


# Participation.objects.visible_to ---------------------------------------------------------------------------


def test_participation_visible_to_secretariat_sees_all(world):
    secretariat = UserFactory(is_secretariat=True)

    result = visible_participations(secretariat)

    assert result == {world["a_2030"], world["a_2031"], world["b_2030"], world["c_2031"]}


def test_participation_visible_to_region_member_sees_only_own_region(world):
    member = RegionMembershipFactory(region=world["a_2030"].region).user
    RegionMembershipFactory(region=world["b_2030"].region)  # another person in region B

    result = visible_participations(member)

    assert result == {world["a_2030"], world["a_2031"]}


def test_participation_visible_to_member_of_two_regions_sees_both_without_duplicates(world):
    member = RegionMembershipFactory(region=world["a_2030"].region).user
    RegionMembershipFactory(user=member, region=world["b_2030"].region)
    world["a_2030"].mentors.add(member)

    result = list(Participation.objects.visible_to(member).order_by("pk"))

    assert result == sorted([world["a_2030"], world["a_2031"], world["b_2030"]], key=lambda p: p.pk)


def test_participation_visible_to_mentor_sees_only_mentored(world):
    mentor = UserFactory(is_mentor=True)
    world["b_2030"].mentors.add(mentor)
    world["c_2031"].mentors.add(UserFactory(is_mentor=True))

    result = visible_participations(mentor)

    assert result == {world["b_2030"]}


def test_participation_visible_to_assessor_sees_assessed_cohort_only(world):
    evaluator = UserFactory(is_evaluator=True)
    world["cohort_2031"].assessors.add(evaluator)

    result = visible_participations(evaluator)

    assert result == {world["a_2031"], world["c_2031"]}


def test_participation_visible_to_evaluator_not_assessing_sees_none(world):
    evaluator = UserFactory(is_evaluator=True)
    world["cohort_2030"].assessors.add(UserFactory(is_evaluator=True))

    result = visible_participations(evaluator)

    assert result == set()


def test_participation_visible_to_assessor_without_evaluator_role_sees_none(world):
    former_evaluator = UserFactory(is_evaluator=False)
    world["cohort_2031"].assessors.add(former_evaluator)

    result = visible_participations(former_evaluator)

    assert result == set()


def test_participation_visible_to_user_without_roles_sees_none(world):
    user = UserFactory()

    result = visible_participations(user)

    assert result == set()


def test_participation_visible_to_anonymous_sees_none(world):
    result = visible_participations(AnonymousUser())

    assert result == set()


def test_participation_visible_to_none_sees_none(world):
    result = visible_participations(None)

    assert result == set()


def test_participation_visible_to_inactive_secretariat_sees_none(world):
    user = UserFactory(is_secretariat=True, is_active=False)

    result = visible_participations(user)

    assert result == set()


def test_participation_visible_to_inactive_member_sees_none(world):
    member = RegionMembershipFactory(region=world["a_2030"].region, user__is_active=False).user
    world["b_2030"].mentors.add(member)

    result = visible_participations(member)

    assert result == set()


# Cohort.objects.visible_to ----------------------------------------------------------------------------------


def test_cohort_visible_to_secretariat_sees_all(world):
    secretariat = UserFactory(is_secretariat=True)
    empty = CohortFactory()

    result = visible_cohorts(secretariat)

    assert result == {world["cohort_2030"], world["cohort_2031"], empty}


def test_cohort_visible_to_region_member_sees_cohorts_of_own_region(world):
    member_b = RegionMembershipFactory(region=world["b_2030"].region).user

    result = visible_cohorts(member_b)

    assert result == {world["cohort_2030"]}


def test_cohort_visible_to_member_of_region_in_both_cohorts_sees_each_once(world):
    member_a = RegionMembershipFactory(region=world["a_2030"].region).user

    result = list(Cohort.objects.visible_to(member_a).order_by("year"))

    assert result == [world["cohort_2030"], world["cohort_2031"]]


def test_cohort_visible_to_mentor_sees_cohort_of_mentored_participation(world):
    mentor = UserFactory(is_mentor=True)
    world["c_2031"].mentors.add(mentor)

    result = visible_cohorts(mentor)

    assert result == {world["cohort_2031"]}


def test_cohort_visible_to_assessor_sees_assessed_cohort_only(world):
    evaluator = UserFactory(is_evaluator=True)
    world["cohort_2030"].assessors.add(evaluator)
    CohortFactory().assessors.add(UserFactory(is_evaluator=True))

    result = visible_cohorts(evaluator)

    assert result == {world["cohort_2030"]}


def test_cohort_visible_to_assessor_of_empty_cohort_sees_it(world):
    evaluator = UserFactory(is_evaluator=True)
    empty = CohortFactory()
    empty.assessors.add(evaluator)

    result = visible_cohorts(evaluator)

    assert result == {empty}


def test_cohort_visible_to_assessor_without_evaluator_role_sees_none(world):
    former_evaluator = UserFactory(is_evaluator=False)
    world["cohort_2031"].assessors.add(former_evaluator)

    result = visible_cohorts(former_evaluator)

    assert result == set()


def test_cohort_visible_to_user_without_roles_sees_none(world):
    user = UserFactory()

    result = visible_cohorts(user)

    assert result == set()


def test_cohort_visible_to_anonymous_sees_none(world):
    result = visible_cohorts(AnonymousUser())

    assert result == set()


def test_cohort_visible_to_inactive_assessor_sees_none(world):
    evaluator = UserFactory(is_evaluator=True, is_active=False)
    world["cohort_2030"].assessors.add(evaluator)

    result = visible_cohorts(evaluator)

    assert result == set()


# Participation.objects.public -------------------------------------------------------------------------------


def test_participation_public_includes_only_selected_and_later():
    cohort = CohortFactory()
    by_status = {status: ParticipationFactory(cohort=cohort, status=status) for status in ParticipationStatus}

    result = set(Participation.objects.public())

    assert result == {
        by_status[S.SELECTED],
        by_status[S.MENTORING],
        by_status[S.EVALUATED],
        by_status[S.GRADUATED],
    }
