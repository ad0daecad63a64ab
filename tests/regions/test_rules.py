"""Region roles in permission checks: read once per user object (one request), from the user's own memberships."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.regions.models import MembershipRole
from kotacerdas.regions.rules import RegionRight, is_region_member, region_may
from tests.factories import RegionFactory, RegionMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

is_region_editor = region_may(RegionRight.WRITE_MASTERPLAN)
is_region_approver = region_may(RegionRight.SUBMIT_MASTERPLAN)


def test_several_checks_read_the_memberships_once():
    user = UserFactory()
    pemalang, magelang = RegionFactory(), RegionFactory()
    RegionMembershipFactory(user=user, region=pemalang, role=MembershipRole.EDITOR)

    with CaptureQueriesContext(connection) as queries:
        answers = [
            is_region_member(user, pemalang),
            is_region_editor(user, pemalang),
            is_region_approver(user, pemalang),
            is_region_member(user, magelang),
        ]

    assert answers == [True, True, False, False]
    assert len(queries) == 1


def test_a_membership_of_another_user_counts_for_nobody_else():
    user, other = UserFactory(), UserFactory()
    region = RegionFactory()
    RegionMembershipFactory(user=other, region=region, role=MembershipRole.APPROVER)

    assert (is_region_member(user, region), is_region_approver(other, region)) == (False, True)


def test_a_refreshed_user_sees_a_new_membership():
    user = UserFactory()
    region = RegionFactory()
    assert not is_region_editor(user, region)
    RegionMembershipFactory(user=user, region=region, role=MembershipRole.EDITOR)

    user.refresh_from_db()

    assert is_region_editor(user, region)
