"""Writes through the API meet the same date rules as the pages: a value's year and a progress report's date
lie in the masterplan's period (422, nothing stored); a value far from the previous one is stored with warnings."""

import pytest

from kotacerdas.monitoring.models import IndicatorValue
from tests.api.test_writes import VALUES, post, progress_body, progress_url, state, value_body

pytestmark = pytest.mark.django_db


def test_value_for_a_year_after_the_plan_answers_422_and_stores_nothing(client, api_world, bearer):
    headers = bearer(api_world.editor_a)
    before = state()

    response = post(client, VALUES, value_body(api_world, year=2035), headers)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Permintaan berisi nilai yang tidak valid; tidak ada yang diubah.",
        "errors": {"year": ["Tahun harus antara 2019 dan 2028 (masa berlaku masterplan)."]},
    }
    assert state() == before


def test_progress_dated_before_the_plan_answers_422_and_stores_nothing(client, api_world, bearer):
    headers = bearer(api_world.editor_a)
    before = state()

    response = post(
        client, progress_url(api_world.programme_a), progress_body(reported_on="2018-12-31"), headers
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "reported_on": ["Tanggal harus antara 1 Januari 2019 dan 31 Desember 2028 (masa berlaku masterplan)."]
    }
    assert state() == before


def test_value_far_from_the_previous_one_is_stored_with_warnings(client, api_world, bearer):
    response = post(client, VALUES, value_body(api_world, year=2020, value="200"), bearer(api_world.editor_a))

    assert response.status_code == 201
    assert response.json()["warnings"] == ["200% lebih dari tiga kali nilai tahun 2019 (45,5%)."]
    assert IndicatorValue.objects.get(pk=response.json()["id"]).value == 200


def test_value_close_to_the_previous_one_has_no_warnings(client, api_world, bearer):
    response = post(client, VALUES, value_body(api_world, year=2020, value="50"), bearer(api_world.editor_a))

    assert response.status_code == 201
    assert response.json()["warnings"] == []
