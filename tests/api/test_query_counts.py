"""Every list answers in a fixed number of queries, whatever the amount of data (measured at two sizes)."""

import datetime

import pytest
from django.utils import timezone

from kotacerdas.implementation.models import ImplementationRound, RoundStatus
from kotacerdas.programmes.models import ParticipationStatus
from tests.api.conftest import agenda_entry, programme, release_agenda, track, value
from tests.factories import (
    CohortFactory,
    EvaluationEventFactory,
    EventDayFactory,
    ImplementationRoundFactory,
    IndexResultFactory,
    IndicatorFactory,
    MasterplanFactory,
    ParticipationFactory,
    ProgressReportFactory,
    RegionFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/regions",
    "/api/v1/cohorts",
    "/api/v1/participations",
    "/api/v1/masterplans",
    "/api/v1/programmes",
    "/api/v1/indicators",
    "/api/v1/indicator-values",
    "/api/v1/evaluation-events",
    "/api/v1/index-rounds",
    "/api/v1/index-results",
]


def grow(world, n: int) -> None:
    """n more public regions, each with everything a list can show, and n more catalogue indicators: every list
    of LISTS gets at least n more rows."""
    for _ in range(n):
        IndicatorFactory()
        cohort = CohortFactory(framework_version=world.framework)
        region = RegionFactory()
        part = ParticipationFactory(cohort=cohort, region=region, status=ParticipationStatus.GRADUATED)
        plan = MasterplanFactory(participation=part, status="published")
        programme(plan, "GOV")
        quick_win = programme(plan, "SOC", is_quick_win=True)
        ProgressReportFactory(programme=quick_win, reported_on=datetime.date(2020, 1, 1))
        tracked = track(part, world.indicator)
        value(tracked, 2019, "1")
        value(tracked, 2020, "2")
        IndexResultFactory(entry__round=world.round, entry__participation=part)
        later = ImplementationRoundFactory(
            year=2030 + ImplementationRound.objects.count(),  # a year no round has yet
            scheme=world.round.scheme,
            status=RoundStatus.PUBLISHED,
        )
        IndexResultFactory(entry__round=later, entry__participation=part)
        event = EvaluationEventFactory(cohort=cohort, results_published_at=timezone.now())
        EventDayFactory(event=event)
        release_agenda(event, [agenda_entry(region)])


def _rows(client, url) -> int:
    return len(client.get(url, {"limit": 500}).json()["results"])


@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_does_not_grow(client, api_world, url):
    grow(api_world, 1)
    small, rows_small = count_queries(client, url, {"limit": 500}), _rows(client, url)

    grow(api_world, 4)
    large, rows_large = count_queries(client, url, {"limit": 500}), _rows(client, url)

    # The list really shows 4 more rows, so one query per row would show as a larger count.
    assert rows_large >= rows_small + 4
    assert large == small


def test_masterplan_detail_query_count_does_not_grow(client, api_world):
    url = f"/api/v1/masterplans/{api_world.region_a.code}/2018"
    small = count_queries(client, url, {"limit": 500})
    programmes_small = len(client.get(url).json()["programmes"])
    for i in range(5):
        programme(api_world.masterplan_a, "ENV", is_quick_win=i % 2 == 0)

    assert len(client.get(url).json()["programmes"]) == programmes_small + 5
    assert count_queries(client, url, {"limit": 500}) == small
