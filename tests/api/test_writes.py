"""Writing through the API: only with a token, scoped exactly as the pages (the services and rules are the
same), and bad input answers a JSON error that names the fields and changes nothing."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from kotacerdas.api.models import ApiToken
from kotacerdas.api.services import revoke_token
from kotacerdas.core.models import AuditEntry
from kotacerdas.monitoring.models import IndicatorValue, ProgressReport

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/indicator-values"


def value_body(world, **changes):
    body = {
        "region": world.region_a.code,
        "cohort": 2018,
        "indicator": "EC:ICT:T:1",
        "year": 2021,
        "value": "47.5",
        "source": "BPS Kabupaten Alfa",
        "method": "Survei",
        "quality": 2,
        "evidence_url": "https://alfa.example.test/data.pdf",
    }
    return body | changes


def progress_url(programme):
    return f"/api/v1/programmes/{programme.pk}/progress"


def progress_body(**changes):
    body = {
        "reported_on": "2020-01-15",
        "status": "running",
        "percent_complete": 40,
        "budget_realised": 250000000,
    }
    return body | changes


def post(client, url, body, headers=None):
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers or {})


def state():
    return (IndicatorValue.objects.count(), ProgressReport.objects.count(), AuditEntry.objects.count())


# --- who may write ------------------------------------------------------------------------------------------

ROLES = ["editor_a", "viewer_a", "mentor_a", "editor_b", "secretariat"]
# Region A: its editor and the secretariat report; its viewer and mentor see but may not; B's editor does not
# see region A at all.
EXPECTED = [201, 403, 403, 404, 201]


def test_value_report_answers_each_role_as_the_pages_would(client, api_world, bearer):
    answers = [
        post(client, VALUES, value_body(api_world), bearer(getattr(api_world, r))).status_code for r in ROLES
    ]

    assert answers == EXPECTED


def test_progress_report_answers_each_role_as_the_pages_would(client, api_world, bearer):
    url = progress_url(api_world.programme_a)

    answers = [post(client, url, progress_body(), bearer(getattr(api_world, r))).status_code for r in ROLES]

    assert answers == EXPECTED


def test_editor_of_b_writes_b_and_not_a(client, api_world, bearer):
    headers = bearer(api_world.editor_b)

    own = post(client, VALUES, value_body(api_world, region=api_world.region_b.code), headers)
    other = post(client, VALUES, value_body(api_world), headers)
    own_programme = post(client, progress_url(api_world.programme_b), progress_body(), headers)

    assert (own.status_code, other.status_code, own_programme.status_code) == (201, 404, 201)
    assert other.json() == {"detail": "Tidak ditemukan."}  # Indonesian unless the client asks otherwise


def test_value_report_stores_a_reported_value_in_the_users_name(client, api_world, bearer):
    response = post(client, VALUES, value_body(api_world), bearer(api_world.editor_a))

    stored = IndicatorValue.objects.get(pk=response.json()["id"])
    assert response.json() == {
        "id": stored.pk,
        "region": api_world.region_a.code,
        "cohort": 2018,
        "indicator": "EC:ICT:T:1",
        "year": 2021,
        "value": "47.5",
        "status": "reported",
        "supersedes": None,
        # The fixture's unverified 2020 value of 666.5 is far above: stored, with a warning naming both numbers.
        "warnings": ["47,5% kurang dari sepertiga nilai tahun 2020 (666,5%)."],
    }
    assert (stored.value, stored.reported_by, stored.quality, stored.evidence_url) == (
        Decimal("47.5"),
        api_world.editor_a,
        2,
        "https://alfa.example.test/data.pdf",
    )
    assert (
        AuditEntry.objects.filter(action="monitoring.value_reported", actor=api_world.editor_a).count() == 1
    )


def test_value_for_a_year_with_a_value_is_a_correction(client, api_world, bearer):
    earlier = IndicatorValue.objects.get(tracked=api_world.tracked_a, year=2019)

    response = post(client, VALUES, value_body(api_world, year=2019, value=46), bearer(api_world.editor_a))

    assert (response.status_code, response.json()["supersedes"]) == (201, earlier.pk)
    public = client.get("/api/v1/indicator-values", {"year_from": 2019, "year_to": 2019}).json()["results"]
    assert public == []  # the 45.5 is corrected; the correction is public once verified


def test_progress_report_is_stored_and_becomes_the_programmes_state(client, api_world, bearer):
    response = post(client, progress_url(api_world.programme_a), progress_body(), bearer(api_world.editor_a))

    report = ProgressReport.objects.get(pk=response.json()["id"])
    assert response.status_code == 201
    assert (report.status, report.percent_complete, report.budget_realised, report.reported_by) == (
        "running",
        40,
        250000000,
        api_world.editor_a,
    )
    rows = client.get("/api/v1/programmes").json()["results"]
    assert rows[0]["progress"] == {
        "reported_on": "2020-01-15",
        "status": "running",
        "percent_complete": 40,
        "budget_realised": "250000000",
    }


def test_programme_of_an_unpublished_masterplan_takes_progress_from_its_team(client, api_world, bearer):
    response = post(client, progress_url(api_world.programme_b), progress_body(), bearer(api_world.editor_b))

    assert response.status_code == 201
    assert client.get("/api/v1/programmes", {"region": api_world.region_b.code}).json()["results"] == []


# --- tokens refused -----------------------------------------------------------------------------------------


def test_no_token_is_refused(client, api_world):
    before = state()

    responses = [
        post(client, VALUES, value_body(api_world)),
        post(client, progress_url(api_world.programme_a), progress_body()),
    ]

    assert [r.status_code for r in responses] == [401, 401]
    assert responses[0]["WWW-Authenticate"] == "Bearer"
    assert state() == before


def test_session_login_cannot_write_without_a_token(client, api_world):
    client.force_login(api_world.editor_a)
    before = state()

    response = post(client, VALUES, value_body(api_world))

    assert response.status_code == 401
    assert state() == before


def test_revoked_token_is_refused(client, api_world, token):
    raw = token(api_world.editor_a)
    revoke_token(ApiToken.objects.get(user=api_world.editor_a), by=api_world.editor_a)
    before = state()

    write = post(client, VALUES, value_body(api_world), {"Authorization": f"Bearer {raw}"})
    read = client.get("/api/v1/regions", headers={"Authorization": f"Bearer {raw}"})

    assert (write.status_code, read.status_code) == (401, 401)
    assert state() == before


def test_token_of_a_deactivated_user_is_refused(client, api_world, token):
    raw = token(api_world.editor_a)
    api_world.editor_a.is_active = False
    api_world.editor_a.save()

    response = post(client, VALUES, value_body(api_world), {"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer kc_wrong", "Token kc_x", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000]
)
def test_malformed_or_unknown_token_is_refused(client, api_world, header):
    response = post(client, VALUES, value_body(api_world), {"Authorization": header})

    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


def test_token_notes_when_it_was_last_used(client, api_world, token):
    raw = token(api_world.editor_a)

    client.get("/api/v1/cohorts", headers={"Authorization": f"Bearer {raw}"})

    used = ApiToken.objects.get(user=api_world.editor_a).last_used_at
    assert used is not None and timezone.now() - used < datetime.timedelta(minutes=1)


# --- bad input ----------------------------------------------------------------------------------------------

BAD_VALUES = [
    ({"evidence_url": ""}, "evidence_url"),
    ({"evidence_url": "not a link"}, "evidence_url"),
    ({"value": "abc"}, "value"),
    ({"value": "1e400"}, "value"),
    ({"value": "0.00001"}, "value"),
    ({"year": 1999}, "year"),
    ({"quality": 7}, "quality"),
    ({"source": ""}, "source"),
    ({"source": "BPS\x00"}, "source"),
    ({"region": "Alfa"}, "region"),
]


@pytest.mark.parametrize(("change", "field"), BAD_VALUES)
def test_bad_value_is_422_with_the_field_and_changes_nothing(client, api_world, bearer, change, field):
    headers = bearer(api_world.editor_a)
    before = state()

    response = post(client, VALUES, value_body(api_world, **change), headers)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert response.json()["detail"]
    assert state() == before


def test_missing_fields_are_named(client, api_world, bearer):
    response = post(client, VALUES, {"region": api_world.region_a.code}, bearer(api_world.editor_a))

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "cohort",
        "indicator",
        "year",
        "value",
        "source",
        "evidence_url",
    }


def test_indicator_the_region_does_not_track_is_404(client, api_world, bearer):
    headers = bearer(api_world.secretariat)
    before = state()

    response = post(client, VALUES, value_body(api_world, indicator="BETA-01"), headers)

    assert response.status_code == 404
    assert state() == before


BAD_PROGRESS = [
    ({"status": "delayed", "delay_reason": ""}, "delay_reason"),
    ({"reported_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}, "reported_on"),
    ({"reported_on": "13/01/2020"}, "reported_on"),
    ({"percent_complete": 101}, "percent_complete"),
    ({"status": "finished"}, "status"),
    ({"budget_realised": -5}, "budget_realised"),
    ({"note": "a\x00b"}, "note"),
]


@pytest.mark.parametrize(("change", "field"), BAD_PROGRESS)
def test_bad_progress_is_422_with_the_field_and_changes_nothing(client, api_world, bearer, change, field):
    headers = bearer(api_world.editor_a)
    before = state()

    response = post(client, progress_url(api_world.programme_a), progress_body(**change), headers)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert state() == before


def test_body_that_is_not_json_changes_nothing(client, api_world, bearer):
    headers = bearer(api_world.editor_a)
    before = state()

    response = client.post(VALUES, "{not json", content_type="application/json", headers=headers)

    assert response.status_code in (400, 422)
    assert "detail" in response.json()
    assert state() == before
