"""The OpenAPI 3.1 document and the interactive docs, served from our own static files under the CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("get", "/api/v1/regions"),
    ("get", "/api/v1/regions/{code}"),
    ("get", "/api/v1/cohorts"),
    ("get", "/api/v1/participations"),
    ("get", "/api/v1/masterplans"),
    ("get", "/api/v1/masterplans/{region}/{cohort}"),
    ("get", "/api/v1/programmes"),
    ("post", "/api/v1/programmes/{programme_id}/progress"),
    ("get", "/api/v1/indicators"),
    ("get", "/api/v1/indicators/{code}"),
    ("get", "/api/v1/indicator-values"),
    ("post", "/api/v1/indicator-values"),
    ("get", "/api/v1/evaluation-events"),
    ("get", "/api/v1/evaluation-events/{event_id}/agenda"),
    ("get", "/api/v1/evaluation-events/{event_id}/results"),
    ("get", "/api/v1/index-rounds"),
    ("get", "/api/v1/index-rounds/{year}"),
    ("get", "/api/v1/index-results"),
}


def test_openapi_document_lists_every_operation(client):
    document = client.get("/api/v1/openapi.json").json()

    operations = {(method, path) for path, item in document["paths"].items() for method in item}
    assert document["openapi"] == "3.1.0"
    assert operations == OPERATIONS
    assert document["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "bearer"}}


def test_reads_may_go_without_a_token_and_writes_need_one(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert paths["/api/v1/regions"]["get"]["security"] == [{"TokenAuth": []}, {}]
    assert paths["/api/v1/indicator-values"]["post"]["security"] == [{"TokenAuth": []}]


def test_lists_document_their_csv_answer(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    content = paths["/api/v1/indicator-values"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/csv"}


def test_docs_page_loads_local_files_only_and_no_inline_script(client):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert all(s.startswith("/") for s in sources), sources
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    # The only inline block is the settings as JSON data, which browsers do not run.
    assert [(attrs.strip(), bool(body.strip())) for attrs, body in scripts] == [
        ('type="application/json" id="swagger-settings"', True),
        ('src="/static/ninja/swagger-ui-bundle.js"', False),
        ('src="/static/ninja/swagger-ui-init.js"', False),
    ]


def test_swagger_files_are_shipped_with_the_package():
    from django.contrib.staticfiles import finders

    assert finders.find("ninja/swagger-ui-bundle.js")
    assert finders.find("ninja/swagger-ui-init.js")
    assert finders.find("ninja/swagger-ui.css")
