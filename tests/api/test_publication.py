"""Only what is published is public, on every read endpoint, with a second region's unpublished data (and an
applicant's) present: drafts and approved masterplans, unverified, rejected and superseded values, region-defined
indicators, unreleased agendas, unpublished results and rounds."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import SECRET

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


def _results(client, url, **params):
    response = client.get(url, {"limit": 500, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_no_list_shows_unpublished_data(client, api_world, url, fmt):
    response = client.get(url, {"limit": 500, "format": fmt})

    body = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in body
    # Decimal values ("666.5"): a bare "666" could turn up inside an id or a timestamp's microseconds. Each is
    # looked for as a whole number: "2.22" is also the end of a factory's region code such as "42.22".
    for leaked in ("666.5", "667.5", "668.5", "669.5", "670.5", "2.22", "BETA-01"):
        assert not re.search(rf"(?<![\d.]){re.escape(leaked)}(?!\d)", body), leaked
    if url != "/api/v1/regions":  # every region is listed there, applicants too, without their data
        assert api_world.region_c.code not in body


def test_regions_say_who_takes_part(client, api_world):
    rows = _results(client, "/api/v1/regions", participating="true")

    assert [(r["code"], r["participating"], r["cohorts"]) for r in rows] == [
        (api_world.region_a.code, True, [2018]),
        (api_world.region_b.code, True, [2018]),
    ]


def test_region_detail_of_an_applicant_shows_no_cohort(client, api_world):
    response = client.get(f"/api/v1/regions/{api_world.region_c.code}")

    assert response.json()["participating"] is False
    assert response.json()["cohorts"] == []


def test_region_filters_by_kind_and_province(client, api_world):
    kota = _results(client, "/api/v1/regions", kind="kota")
    province = _results(client, "/api/v1/regions", province=api_world.region_a.province.code)

    assert [r["code"] for r in kota] == [api_world.region_b.code]
    assert [r["code"] for r in province] == [api_world.region_a.code]


def test_unknown_region_is_404_in_indonesian_whatever_the_browser_asks(client, api_world):
    response = client.get("/api/v1/regions/99.99", headers={"Accept-Language": "en"})

    assert (response.status_code, response.json()) == (404, {"detail": "Tidak ditemukan."})


def test_unknown_region_is_404_in_english_when_the_language_cookie_says_so(client, api_world):
    client.cookies["django_language"] = "en"

    response = client.get("/api/v1/regions/99.99")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_cohorts_count_selected_regions_only(client, api_world):
    rows = _results(client, "/api/v1/cohorts")

    assert [(r["year"], r["participants"], r["framework_version"]) for r in rows] == [
        (2018, 2, api_world.framework.code)
    ]


def test_participations_are_the_public_statuses_only(client, api_world):
    rows = _results(client, "/api/v1/participations")

    assert [(r["region"]["code"], r["status"]) for r in rows] == [
        (api_world.region_a.code, "mentoring"),
        (api_world.region_b.code, "selected"),
    ]
    assert (
        _results(client, "/api/v1/participations", status="selected")[0]["region"]["code"]
        == api_world.region_b.code
    )


def test_participation_status_outside_the_public_ones_is_refused(client, api_world):
    response = client.get("/api/v1/participations", {"status": "shortlisted"})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["status"]


def test_masterplans_are_the_published_ones(client, api_world):
    rows = _results(client, "/api/v1/masterplans")

    assert rows == [
        {
            "region": {"code": api_world.region_a.code, "name": "Kabupaten Alfa"},
            "cohort": 2018,
            "title": "Masterplan Alfa",
            "start_year": 2019,
            "end_year": 2028,
            "framework_version": api_world.framework.code,
            "programme_count": 2,
            "quick_win_count": 1,
            "is_demo": False,
        }
    ]


def test_masterplan_detail_has_vision_programmes_and_quick_wins(client, api_world):
    response = client.get(f"/api/v1/masterplans/{api_world.region_a.code}/2018")

    data = response.json()
    assert (data["vision"], data["missions"]) == ("Alfa cerdas", ["Melayani warga"])
    assert [(p["name"], p["is_quick_win"], p["progress"]["status"]) for p in data["programmes"]] == [
        ("Mal pelayanan publik", False, "planned"),
        ("Antrean puskesmas daring", True, "done"),
    ]
    quick_win = data["programmes"][1]
    assert quick_win["delivery"] == {
        "deadline": "2019-07-01",
        "delivered_on": "2019-05-02",
        "state": "on_time",
    }
    assert data["programmes"][0]["budget"] == "1500000000"


@pytest.mark.parametrize("who", ["region_b", "region_c"])
def test_unpublished_masterplan_is_404(client, api_world, who):
    response = client.get(f"/api/v1/masterplans/{getattr(api_world, who).code}/2018")

    assert response.status_code == 404


def test_programmes_of_published_masterplans_only(client, api_world):
    rows = _results(client, "/api/v1/programmes")
    quick_wins = _results(client, "/api/v1/programmes", quick_win="true")

    assert [r["id"] for r in rows] == [api_world.programme_a.pk, api_world.quick_win_a.pk]
    assert [r["name"] for r in quick_wins] == ["Antrean puskesmas daring"]
    assert _results(client, "/api/v1/programmes", region=api_world.region_b.code) == []


def test_indicator_catalogue_is_the_shared_one(client, api_world):
    rows = _results(client, "/api/v1/indicators")

    assert [r["code"] for r in rows] == ["EC:ICT:T:1"]
    assert client.get("/api/v1/indicators/BETA-01").status_code == 404
    assert client.get("/api/v1/indicators/EC:ICT:T:1").json()["name_id"] == "Akses internet"


def test_indicator_values_are_verified_and_current(client, api_world):
    rows = _results(client, "/api/v1/indicator-values")

    assert [(r["region"]["code"], r["indicator"], r["year"], r["value"]) for r in rows] == [
        (api_world.region_a.code, "EC:ICT:T:1", 2018, "41.25"),
        (api_world.region_a.code, "EC:ICT:T:1", 2019, "45.5"),
    ]


def test_indicator_values_filter_by_year_range(client, api_world):
    rows = _results(client, "/api/v1/indicator-values", year_from=2019, year_to=2030, indicator="EC:ICT:T:1")

    assert [r["year"] for r in rows] == [2019]


def test_events_are_those_with_a_published_agenda_or_results(client, api_world):
    rows = _results(client, "/api/v1/evaluation-events")

    assert [(r["name"], r["agenda_release"], r["days"]) for r in rows] == [
        ("Evaluasi Masterplan 2018", 1, ["2018-12-12", "2018-12-13"])
    ]


def test_agenda_gives_sessions_with_their_time_zone(client, api_world):
    response = client.get(f"/api/v1/evaluation-events/{api_world.event.pk}/agenda")

    assert response.json()["sessions"] == [
        {
            "day": 2,
            "date": "2018-12-13",
            "starts": "2018-12-13T14:45:00+07:00",
            "ends": "2018-12-13T15:30:00+07:00",
            "room": "Nusantara A",
            "region": {"code": api_world.region_a.code, "name": "Kabupaten Alfa"},
            "presenter": "Kepala Dinas Kabupaten Alfa",
            "presenter_position": "",
            "presents": "both",
        }
    ]


def test_unreleased_agenda_and_unpublished_results_are_404(client, api_world):
    hidden = api_world.event_hidden.pk

    answers = [
        client.get(f"/api/v1/evaluation-events/{hidden}/agenda").status_code,
        client.get(f"/api/v1/evaluation-events/{hidden}/results").status_code,
        client.get(f"/api/v1/evaluation-events/{api_world.event.pk}/results").status_code,
    ]

    assert answers == [404, 404, 404]


def test_results_once_published(client, api_world):
    api_world.event.results_published_at = timezone.now()
    api_world.event.save()

    response = client.get(f"/api/v1/evaluation-events/{api_world.event.pk}/results")

    assert response.status_code == 200
    assert [(r["region"]["code"], r["rank"], r["final"]) for r in response.json()["results"]] == [
        (api_world.region_a.code, None, None)  # no evaluator has scored
    ]


def test_index_of_published_rounds_only(client, api_world):
    rounds = _results(client, "/api/v1/index-rounds")
    results = _results(client, "/api/v1/index-results")

    assert [(r["year"], r["regions"]) for r in rounds] == [(2023, 1)]
    assert [r["weight"] for r in rounds[0]["weights"]] == ["10", "20", "30", "20", "20"]
    assert results == [
        {
            "year": 2023,
            "region": {"code": api_world.region_a.code, "name": "Kabupaten Alfa"},
            "cohort": 2018,
            "index": "3.1",
            "rank": 1,
            "ranked_among": 1,
            "previous": None,
            "change": None,
            "self_index": "3.4",
            "by_evaluation": {"baseline": "3.00", "output": "3.25"},
            "by_dimension": {"GOV": "3.50"},
        }
    ]
    assert client.get("/api/v1/index-rounds/2024").status_code == 404
    assert _results(client, "/api/v1/index-results", year=2024) == []


def test_a_token_reads_the_same_public_data(client, api_world, bearer):
    anonymous = client.get("/api/v1/masterplans").json()

    with_token = client.get("/api/v1/masterplans", headers=bearer(api_world.editor_b)).json()

    assert with_token == anonymous


def test_pages_link_forward_with_a_stable_order(client, api_world):
    first = client.get("/api/v1/regions", {"limit": 2}).json()

    second = client.get(first["next"]).json()

    assert (first["count"], first["previous"], second["next"]) == (3, None, None)
    assert [r["code"] for r in first["results"] + second["results"]] == sorted(
        r.code for r in (api_world.region_a, api_world.region_b, api_world.region_c)
    )
    assert second["previous"].endswith("offset=0")


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"format": "xml"}])
def test_page_parameters_out_of_range_are_422(client, api_world, params):
    response = client.get("/api/v1/regions", params)

    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"}


def test_url_names_reverse_to_versioned_paths():
    assert reverse("api:v1:regions") == "/api/v1/regions"
    assert reverse("api:v1:region", args=["33.27"]) == "/api/v1/regions/33.27"
