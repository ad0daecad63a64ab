"""The factories build valid objects that never clash with the real reference data."""

import pytest

from kotacerdas.framework.models import FrameworkVersion, VersionStatus
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import Province, Region
from tests.factories import (
    UNUSED_PROVINCE_CODES,
    AssessmentScoreFactory,
    OpdFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    StageFactory,
    UserFactory,
)


def test_province_factory_codes_avoid_every_real_province(wilayah):
    provinces, _regions = wilayah

    clashes = set(UNUSED_PROVINCE_CODES) & {code for code, _name in provinces}

    assert clashes == set()


@pytest.mark.django_db
def test_region_factory_next_to_real_regions_creates_new_rows(regions_loaded):
    regions = RegionFactory.create_batch(3)

    assert (Province.objects.count(), Region.objects.count()) == (38 + 3, 514 + 3)
    assert all(region.code.startswith(f"{region.province.code}.") for region in regions)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory",
    [UserFactory, RegionFactory, OpdFactory, RegionMembershipFactory, ParticipationFactory, StageFactory],
)
def test_factory_builds_object_that_passes_full_clean(factory):
    obj = factory()

    assert obj.full_clean() is None


@pytest.mark.django_db
def test_user_factory_gives_plain_active_user_with_password():
    user = UserFactory()

    flags = (user.is_active, user.is_secretariat, user.is_mentor, user.is_evaluator, user.is_staff)

    assert flags == (True, False, False, False, False)
    assert user.check_password("password-for-tests") is True


@pytest.mark.django_db
def test_assessment_score_factory_uses_criterion_of_the_same_cohort():
    score = AssessmentScoreFactory()

    assert score.criterion.cohort == score.participation.cohort
    assert list(FrameworkVersion.objects.values_list("status", flat=True)) == [VersionStatus.DRAFT]
    assert Participation.objects.count() == 1
