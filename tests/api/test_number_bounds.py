"""Numbers through the API: JSON numbers are read as numbers (never as Indonesian text), and every number is
bounded by what its model field stores and reads back, so no accepted value can take a page down."""

import json
from decimal import Decimal

import pytest
from django.utils import translation

from kotacerdas.monitoring.models import IndicatorValue, ProgressReport
from tests.api.test_writes import VALUES, post, progress_body, progress_url, state, value_body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sent", ["2.150", 2.15, "2.15"])
def test_value_in_json_is_a_machine_number_not_indonesian_text(client, api_world, bearer, sent):
    # The form behind the API reads text the Indonesian way (2.150 = 2150); the API must hand it the number.
    with translation.override("id"):
        response = post(client, VALUES, value_body(api_world, value=sent), bearer(api_world.editor_a))

    assert response.status_code == 201
    assert IndicatorValue.objects.get(pk=response.json()["id"]).value == Decimal("2.15")


def test_budget_in_json_is_read_as_sent(client, api_world, bearer):
    body = progress_body(budget_realised=1250000)

    response = post(client, progress_url(api_world.programme_a), body, bearer(api_world.editor_a))

    assert response.status_code == 201
    assert ProgressReport.objects.get(pk=response.json()["id"]).budget_realised == 1250000


@pytest.mark.parametrize("budget", [999999999999999999, 10**15, -1])
def test_budget_beyond_what_is_stored_safely_is_422_and_changes_nothing(client, api_world, bearer, budget):
    headers = bearer(api_world.editor_a)
    before = state()

    response = post(
        client, progress_url(api_world.programme_a), progress_body(budget_realised=budget), headers
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["budget_realised"]
    assert state() == before


@pytest.mark.parametrize("amount", ["9999999999999999.9999", "100000000000", "-100000000000"])
def test_value_beyond_what_is_stored_safely_is_422_and_changes_nothing(client, api_world, bearer, amount):
    headers = bearer(api_world.editor_a)
    before = state()

    response = post(client, VALUES, value_body(api_world, value=amount), headers)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["value"]
    assert state() == before


PAGES_SHOWING_NUMBERS = [
    "/quick-wins/",
    "/monitoring/national/",
    "/regions/{code}/",
    "/monitoring/regions/{code}/",
    "/api/v1/programmes",
    "/api/v1/indicator-values",
]


def test_largest_accepted_numbers_read_back_on_every_page(client, api_world, bearer):
    headers = bearer(api_world.editor_a)
    largest_budget = ProgressReport._meta.get_field("budget_realised").bounds.max_value
    largest_value = IndicatorValue._meta.get_field("value").bounds.max_value

    progress = post(
        client,
        progress_url(api_world.programme_a),
        progress_body(budget_realised=int(largest_budget)),
        headers,
    )
    value = post(client, VALUES, value_body(api_world, value=str(largest_value)), headers)
    IndicatorValue.objects.filter(pk=value.json()["id"]).update(status="verified")
    pages = {
        path: client.get(path.format(code=api_world.region_a.code)).status_code
        for path in PAGES_SHOWING_NUMBERS
    }

    assert (progress.status_code, value.status_code) == (201, 201)
    assert ProgressReport.objects.get(pk=progress.json()["id"]).budget_realised == largest_budget
    assert IndicatorValue.objects.get(pk=value.json()["id"]).value == largest_value
    assert pages == dict.fromkeys(PAGES_SHOWING_NUMBERS, 200)


def test_openapi_states_the_bounds(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    value = schema["components"]["schemas"]["ValueIn"]["properties"]["value"]

    assert "99999999999.9999" in json.dumps(value)
