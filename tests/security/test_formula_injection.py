"""Formula (CSV) injection: every spreadsheet and CSV the project writes keeps user text inert.

Each free-text field gets a value a spreadsheet program would run (``=HYPERLINK(…)``, ``@SUM(…)``,
``+cmd|' /C calc'!A0``, ``-2+3+cmd…``, and text after a tab or a carriage return), every export is downloaded
through its view, and every cell must be a text cell that starts with the leading ``'`` of the project's
helper (``masterplans.spreadsheets.neutralise``). The exports are enumerated three ways so that a new one shows
up here: by URL name, by the modules that write workbooks or CSV, and by the API operations that answer CSV.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver
from openpyxl import load_workbook

from kotacerdas.core.spreadsheets import FORMULA_STARTS as HELPER_STARTS
from kotacerdas.core.spreadsheets import neutralise
from tests.security.corpus import FORMULA_STARTS, FORMULAS, formula_payloads
from tests.security.field_map import FIELD_SURFACES
from tests.security.surfaces import API, EXPORTS, fetch
from tests.security.worlds import build_world

pytestmark = pytest.mark.django_db

# Every download that is a spreadsheet or CSV, by URL name (the surfaces of tests/security/surfaces.py).
EXPORT_URL_NAMES = {
    "bimtek:import_template",
    "masterplans:programmes_xlsx",
    "masterplans:programmes_template",
    "evaluations:scores_xlsx",
    "monitoring:export_values",
    "monitoring:export_progress",
    "implementation:round_results_export",
    "monitoring:import_template",
}
# URL names that look like exports but are not downloads of user text. (None so far.)
NOT_EXPORTS: dict[str, str] = {
    "letters:templates": "the page listing the letter templates, not a download",
    "letters:template_edit": "the edit form of a letter template, not a download",
}
# The modules that write workbooks or CSV, and the exports they write.
WRITERS = {
    "kotacerdas/bimtek/spreadsheets.py": {"bimtek:import_template"},
    "kotacerdas/masterplans/spreadsheets.py": {
        "masterplans:programmes_xlsx",
        "masterplans:programmes_template",
    },
    "kotacerdas/evaluations/reports.py": {"evaluations:scores_xlsx"},
    "kotacerdas/monitoring/exports.py": {
        "monitoring:export_values",
        "monitoring:export_progress",
        "implementation:round_results_export",
    },
    "kotacerdas/monitoring/spreadsheets.py": {"monitoring:import_template"},
    "kotacerdas/api/output.py": {"api:v1 ?format=csv"},
}
WRITER_PATTERN = re.compile(
    r"(?<!load_)Workbook\(|csv\.(writer|DictWriter)\(|xlsxwriter|to_csv\(|to_excel\(|odf\.opendocument"
)
NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")

API_CSV = [s for s in API if s.kind == "api-csv"]


@pytest.fixture
def world(framework, settings, tmp_path):
    """Every free-text field holds a formula (tests/security/corpus.py FORMULAS)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world(framework, formula_payloads())


def _url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
        elif pattern.name:
            yield namespace + pattern.name


# --------------------------------------------------------------------------------------- the list of exports


def test_every_export_url_is_checked():
    names = {
        n for n in _url_names() if re.search(r"export|xlsx|csv|template", n) and not n.startswith("admin:")
    }

    unchecked = sorted(names - EXPORT_URL_NAMES - set(NOT_EXPORTS))
    assert not unchecked, (
        f"Downloads not checked for formula injection: {unchecked}. Add them to EXPORT_URL_NAMES here and to "
        "EXPORTS in tests/security/surfaces.py."
    )
    assert sorted(EXPORT_URL_NAMES - names) == []
    surfaces = {s.name.split("[")[0] for s in EXPORTS}
    assert surfaces == EXPORT_URL_NAMES


def test_every_module_that_writes_spreadsheets_or_csv_is_known():
    root = Path(settings.BASE_DIR)
    writers = {
        str(path.relative_to(root))
        for path in (root / "kotacerdas").rglob("*.py")
        if "migrations" not in path.parts and WRITER_PATTERN.search(path.read_text(encoding="utf-8"))
    }

    assert writers == set(WRITERS), (
        "Modules writing XLSX/CSV changed; check each new one neutralises formulas and add it to WRITERS "
        f"(and its download to EXPORT_URL_NAMES): new {sorted(writers - set(WRITERS))}, "
        f"gone {sorted(set(WRITERS) - writers)}"
    )


def test_every_api_operation_that_answers_csv_is_checked(client, world):
    document = client.get("/api/v1/openapi.json").json()
    csv_paths = {
        path
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method == "get" and "text/csv" in operation["responses"].get("200", {}).get("content", {})
    }
    checked = {s.url(world) for s in API_CSV}

    unchecked = sorted(
        path
        for path in csv_paths
        if not any(re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", path), u) for u in checked)
    )
    assert len(csv_paths) > 10
    assert not unchecked, (
        f"API operations answering CSV without a surface in tests/security/surfaces.py: {unchecked}"
    )


def test_the_helper_neutralises_every_formula_start():
    assert set(FORMULA_STARTS) <= set(HELPER_STARTS)
    for start in FORMULA_STARTS:
        assert neutralise(f"{start}1+1") == f"'{start}1+1"
        assert neutralise(f"'{start}1+1") == f"''{start}1+1"  # an export of an export stays inert
    assert neutralise("Kota Bandung") == "Kota Bandung"


# ------------------------------------------------------------------------------------------------ the cells


def cells(kind: str, content: bytes) -> list[tuple[str, str, str]]:
    """(where, value, type) of every cell holding text."""
    if kind == "xlsx":
        workbook = load_workbook(io.BytesIO(content))
        return [
            (f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        ]
    delimiter = ";" if kind == "csv" else ","
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=delimiter)
    return [
        (f"row {r} column {c}", value, "s") for r, row in enumerate(rows, 1) for c, value in enumerate(row, 1)
    ]


def test_every_export_keeps_formulas_as_inert_text(client, world, tmp_path):
    problems = []
    for surface in EXPORTS + API_CSV:
        status, raw, _text = fetch(client, world, surface, tmp_path)
        if status != 200:
            problems.append(f"{surface.name}: answered {status}")
            continue
        found = cells(surface.kind, raw)
        for where, value, data_type in found:
            if data_type != "s":
                problems.append(f"{surface.name} {where}: a cell of type {data_type!r}: {value!r}")
            if value.startswith(FORMULA_STARTS) and not (surface.kind == "api-csv" and NUMBER.match(value)):
                problems.append(f"{surface.name} {where}: {value[:50]!r} would run as a formula")
        values = [value for _where, value, _type in found]
        for label, names in FIELD_SURFACES.items():
            text = world.payloads[label]
            if surface.name not in names or not text.startswith(FORMULA_STARTS):
                continue
            inert = "'" + text
            if not any(v == inert or v.startswith(inert + " #") for v in values):
                holding = [v for v in values if text in v]
                problems.append(
                    f"{surface.name}: {label} should be the cell {inert[:40]!r}…; cells with it: {holding[:2]}"
                )
    assert not problems, "\n".join(problems)


def test_every_formula_of_the_corpus_reaches_an_export(world):
    """The corpus is not dead weight: each kind of formula is written into some field shown in an export."""
    exported = {
        label
        for label, names in FIELD_SURFACES.items()
        if any(n in {s.name for s in EXPORTS + API_CSV} for n in names)
    }
    starts = {world.payloads[label][:1] for label in exported}
    assert starts >= set(FORMULA_STARTS), starts
    assert len(FORMULAS) == len(FORMULA_STARTS)
