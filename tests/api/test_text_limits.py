"""The API refuses over-long text with a 422 in the reader's language, never a 500, and stores nothing; its
other refusals of malformed input are Indonesian too (issue 16 §4 and §7)."""

import pytest

from kotacerdas.monitoring.models import ProgressReport
from tests.api.test_writes import VALUES, post, state

pytestmark = pytest.mark.django_db

LONG_WORD = "x" * 12000


def _value(world, **changes):
    body = {
        "region": world.region_a.code,
        "cohort": 2018,
        "indicator": "EC:ICT:T:1",
        "year": 2021,
        "value": "47.5",
        "source": "BPS Kabupaten Alfa",
        "evidence_url": "https://alfa.example.test/data.pdf",
    }
    return body | changes


def _progress_url(world):
    return f"/api/v1/programmes/{world.programme_a.pk}/progress"


def test_progress_with_too_long_reason_is_422_in_indonesian_and_stores_nothing(client, api_world, bearer):
    headers = bearer(api_world.editor_a)
    before = state()

    response = post(
        client,
        _progress_url(api_world),
        {"reported_on": "2020-01-15", "status": "delayed", "percent_complete": 40, "delay_reason": LONG_WORD},
        headers,
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Permintaan berisi nilai yang tidak valid; tidak ada yang diubah.",
        "errors": {"delay_reason": ["Paling banyak 2.000 karakter."]},
    }
    assert state() == before


def test_progress_reason_at_the_limit_is_stored(client, api_world, bearer):
    response = post(
        client,
        _progress_url(api_world),
        {
            "reported_on": "2020-01-15",
            "status": "delayed",
            "percent_complete": 40,
            "delay_reason": "x" * 2000,
        },
        bearer(api_world.editor_a),
    )

    assert response.status_code == 201
    assert len(ProgressReport.objects.get(pk=response.json()["id"]).delay_reason) == 2000


def test_value_with_too_long_source_is_422_in_indonesian(client, api_world, bearer):
    headers = bearer(api_world.editor_a)
    before = state()

    response = post(client, VALUES, _value(api_world, source=LONG_WORD), headers)

    assert response.status_code == 422
    assert response.json()["errors"] == {"source": ["Paling banyak 250 karakter."]}
    assert state() == before


def test_missing_and_malformed_fields_are_named_in_indonesian(client, api_world, bearer):
    response = post(
        client, VALUES, {"region": api_world.region_a.code, "year": "dua ribu"}, bearer(api_world.editor_a)
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "cohort": ["Wajib diisi."],
        "indicator": ["Wajib diisi."],
        "year": ["Tulis bilangan bulat."],
        "value": ["Wajib diisi."],
        "source": ["Wajib diisi."],
        "evidence_url": ["Wajib diisi."],
    }


def test_number_out_of_range_states_the_limit(client, api_world, bearer):
    response = post(
        client,
        _progress_url(api_world),
        {"reported_on": "2020-01-15", "status": "running", "percent_complete": 101},
        bearer(api_world.editor_a),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"percent_complete": ["Paling besar 100."]}


def test_body_that_is_not_json_is_400_in_indonesian(client, api_world, bearer):
    headers = bearer(api_world.editor_a)
    before = state()

    response = client.post(VALUES, "{bukan json", content_type="application/json", headers=headers)

    assert response.status_code == 400
    assert response.json() == {"detail": "Isi permintaan bukan JSON yang valid; tidak ada yang diubah."}
    assert state() == before


def test_english_reader_gets_english_messages(client, api_world, bearer):
    client.cookies["django_language"] = "en"

    response = post(client, VALUES, _value(api_world, source=LONG_WORD), bearer(api_world.editor_a))

    assert response.json()["errors"] == {"source": ["At most 250 characters."]}
