"""CSV output: every list parses back with the csv module, with the same rows as the JSON, nested fields
flattened, and cells that a spreadsheet would run as formulas neutralised."""

import csv
import io

import pytest

from kotacerdas.masterplans.models import MasterplanProgramme

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


def _rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("url", LISTS)
def test_csv_has_the_rows_of_the_json_page(client, api_world, url):
    as_json = client.get(url, {"limit": 2, "offset": 1}).json()

    response = client.get(url, {"limit": 2, "offset": 1, "format": "csv"})

    rows = _rows(response)
    assert len(rows) == len(as_json["results"])
    assert response["X-Total-Count"] == str(as_json["count"])
    assert response["Content-Disposition"].startswith("attachment; filename=")


def test_csv_of_indicator_values(client, api_world):
    rows = _rows(client.get("/api/v1/indicator-values", {"format": "csv"}))

    assert [(r["region_code"], r["indicator"], r["year"], r["value"]) for r in rows] == [
        (api_world.region_a.code, "EC:ICT:T:1", "2018", "41.25"),
        (api_world.region_a.code, "EC:ICT:T:1", "2019", "45.5"),
    ]
    assert list(rows[0])[:4] == ["id", "region_code", "region_name", "cohort"]


def test_csv_of_programmes_flattens_progress_and_delivery(client, api_world):
    rows = _rows(client.get("/api/v1/programmes", {"format": "csv", "quick_win": "true"}))

    assert [
        (
            r["name"],
            r["progress_status"],
            r["progress_percent_complete"],
            r["delivery_state"],
            r["is_quick_win"],
        )
        for r in rows
    ] == [("Antrean puskesmas daring", "done", "100", "on_time", "true")]


def test_csv_of_index_results_has_a_column_per_dimension(client, api_world):
    rows = _rows(client.get("/api/v1/index-results", {"format": "csv"}))

    assert rows == [
        {
            "year": "2023",
            "region_code": api_world.region_a.code,
            "region_name": "Kabupaten Alfa",
            "cohort": "2018",
            "index": "3.1",
            "rank": "1",
            "ranked_among": "1",
            "previous": "",
            "change": "",
            "self_index": "3.4",
            "by_evaluation_baseline": "3.00",
            "by_evaluation_output": "3.25",
            "by_dimension_GOV": "3.50",
        }
    ]


def test_csv_neutralises_formulas(client, api_world):
    MasterplanProgramme.objects.filter(pk=api_world.programme_a.pk).update(name='=HYPERLINK("http://x","y")')

    rows = _rows(client.get("/api/v1/programmes", {"format": "csv"}))

    assert rows[0]["name"] == '\'=HYPERLINK("http://x","y")'


def test_csv_of_agenda_and_results(client, api_world):
    from django.utils import timezone

    api_world.event.results_published_at = timezone.now()
    api_world.event.save()

    agenda = _rows(client.get(f"/api/v1/evaluation-events/{api_world.event.pk}/agenda", {"format": "csv"}))
    results = _rows(client.get(f"/api/v1/evaluation-events/{api_world.event.pk}/results", {"format": "csv"}))

    assert [(r["day"], r["starts"], r["room"], r["region_code"]) for r in agenda] == [
        ("2", "2018-12-13T14:45:00+07:00", "Nusantara A", api_world.region_a.code)
    ]
    assert list(results[0]) == [
        "rank",
        "region_code",
        "region_name",
        "final",
        "masterplan_mean",
        "quick_win_mean",
    ]
