"""List pages and dashboards run a fixed number of queries, whatever the amount of data."""

import pytest
from django.urls import reverse

from kotacerdas.core import audit
from kotacerdas.programmes.models import ParticipationStatus
from tests.factories import (
    AssessmentScoreFactory,
    CohortFactory,
    ParticipationFactory,
    RegionMembershipFactory,
    SelectionCriterionFactory,
    StageFactory,
    UserFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _grow(world, n):
    """Add n more participations, stages, scores, mentors and audit entries to the world's cohort."""
    mentor = world.mentor_a
    criterion = world.cohort.criteria.first()
    for _ in range(n):
        participation = ParticipationFactory(cohort=world.cohort, status=ParticipationStatus.SHORTLISTED)
        participation.mentors.add(mentor, UserFactory(is_mentor=True))
        RegionMembershipFactory(user=world.editor_a, region=participation.region)
        AssessmentScoreFactory(participation=participation, criterion=criterion, assessor=world.assessor)
        StageFactory(cohort=CohortFactory())
        audit.record(
            "participation.status",
            target=participation,
            by=world.secretariat,
            region_code=participation.region.code,
        )
    SelectionCriterionFactory(cohort=world.cohort)


PAGES = [
    ("secretariat", "portal:dashboard", None),
    ("secretariat", "programmes:cohort_list", None),
    ("secretariat", "programmes:cohort_detail", "cohort"),
    ("secretariat", "programmes:selection", "cohort"),
    ("secretariat", "portal:audit_log", None),
    ("secretariat", "accounts:user_list", None),
    ("editor_a", "portal:dashboard", None),
    ("mentor_a", "portal:dashboard", None),
    ("assessor", "portal:dashboard", None),
    ("secretariat", "portal:region_directory", None),
    ("secretariat", "framework:version_list", None),
]


@pytest.mark.parametrize(("who", "name", "arg"), PAGES)
def test_query_count_constant_when_data_grows(world, client, who, name, arg):
    client.force_login(getattr(world, who))
    url = reverse(name, args=[world.cohort.pk] if arg == "cohort" else [])
    _grow(world, 2)
    # A first look fills the per-process caches (content types, a model's first lookup), which would otherwise
    # count in whichever measurement comes first depending on which tests ran before in this worker.
    count_queries(client, url)
    small = count_queries(client, url)

    _grow(world, 12)
    large = count_queries(client, url)

    assert large == small
