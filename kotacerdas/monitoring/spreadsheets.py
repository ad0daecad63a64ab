"""Spreadsheet import of indicator values and programme progress: template, reading, row checks, commit.

File format
-----------
Sheet ``Nilai indikator``: one header row, then one value per row (``VALUE_COLUMNS``). Sheet ``Kemajuan
program``: one header row, then one progress report per row (``PROGRESS_COLUMNS``). Sheet ``Petunjuk`` explains
the columns, the data quality scale and the status codes. Column titles are Indonesian and not translated: they
are the file format. Columns are found by title or by technical key. What all spreadsheets share (upload checks,
cell values, styles, the Petunjuk sheet, the reader) is in core/spreadsheets.py.

The template fills the code, name, unit and year of every tracked indicator and the id and name of every
programme; a row counts only when something beyond those prefilled cells is written, so untouched rows are
skipped.

Rules (the same as the forms and ``services.report_value`` / ``report_progress``): a value needs a data source, a
quality from 1 to 6 and an evidence link (files cannot come through a spreadsheet); a value for a year that
already has a current value is a correction that supersedes it (both stay); a row equal to the current value is
left alone. A progress report cannot be dated in the future, and a delayed programme needs a reason.

Import
------
``read_book`` reads an uploaded file; ``check_books`` validates the rows of one or more participations against
the database as it is now (reference data loaded in a few queries, whatever the number of rows);
``commit_books`` re-validates and writes everything in one transaction with bulk inserts, or nothing when any row
has an error, and records one audit entry per participation. The pages use the one-participation wrappers
``build_preview`` and ``commit_file``; the benchmark calls ``check_books`` / ``commit_books`` directly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from kotacerdas.core import audit
from kotacerdas.core.forms import clean_cell_number
from kotacerdas.core.numbers_format import format_number, format_percent
from kotacerdas.core.spreadsheets import (
    MAX_UPLOAD_BYTES,
    XLSX_CONTENT_TYPE,
    CellError,
    Column,
    RawSheet,
    SpreadsheetError,
    XlsxFile,
    add_validation,
    cell_date,
    cell_text,
    cell_value,
    cell_year,
    column_letter,
    find_columns,
    is_blank,
    letters_of,
    normal,
    whole_number,
    workbook_bytes,
    write_guide,
    write_header,
)
from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, ProgrammeStatus
from kotacerdas.monitoring.models import (
    DataQuality,
    IndicatorValue,
    ProgressReport,
    TrackedIndicator,
    ValueStatus,
    plan_date_problem,
    plan_year_problem,
)
from kotacerdas.programmes.models import Participation

__all__ = [
    "MAX_UPLOAD_BYTES",
    "XLSX_CONTENT_TYPE",
    "Column",
    "RawSheet",
    "SpreadsheetError",
    "ValidationError",
    "workbook_bytes",
]

VALUES_SHEET = "Nilai indikator"
PROGRESS_SHEET = "Kemajuan program"
GUIDE_SHEET = "Petunjuk"
MAX_ROWS = 5000  # per sheet, for an upload through the pages; the core functions take any number
URL_MAX = 500


VALUE_COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode indikator", gettext_lazy("Filled in by the template. The code of an indicator the region tracks."), 16),
    Column("name", "Nama indikator", gettext_lazy("For reading only; not imported."), 40, False),
    Column("unit", "Satuan", gettext_lazy("For reading only; not imported."), 10, False),
    Column("year", "Tahun", gettext_lazy("Required. The year the value is for, from 2000 to 2100."), 8),
    Column("value", "Nilai", gettext_lazy("Required. A number, for example 45.5 or 45,5; at most 4 decimals."), 12),
    Column("source", "Sumber data", gettext_lazy("Required. Where the value comes from, for example BPS. At most 250 characters."), 28),
    Column("method", "Metode", gettext_lazy("Optional. How the value was obtained. At most 250 characters."), 24),
    Column("quality", "Kualitas data (1-6)", gettext_lazy("Required. A whole number from 1 to 6 from the scale on this sheet."), 12),
    Column("evidence_url", "Tautan bukti", gettext_lazy("Required. A link (https://…) to the document that shows the value. Files cannot be attached through a spreadsheet."), 36),
)  # fmt: skip
PROGRESS_COLUMNS: tuple[Column, ...] = (
    Column("programme", "ID program", gettext_lazy("Filled in by the template. Keep it: it says which programme the row is for."), 10),
    Column("name", "Nama program", gettext_lazy("For reading only; not imported."), 40, False),
    Column("reported_on", "Per tanggal", gettext_lazy("Required. The date of the report, for example 17/08/2025; not in the future."), 14),
    Column("status", "Kode status", gettext_lazy("Required. A status code from the list on this sheet."), 12),
    Column("percent", "Persen selesai", gettext_lazy("Required. A whole number from 0 to 100."), 10),
    Column("budget_realised", "Anggaran terealisasi (Rp)", gettext_lazy("Optional. Rupiah spent so far, as a whole number, for example 1500000."), 18),
    Column("delay_reason", "Alasan keterlambatan", gettext_lazy("Required when the status is “delayed”."), 36),
)  # fmt: skip
VALUE_PREFILLED = {"code", "name", "unit", "year"}
PROGRESS_PREFILLED = {"programme", "name"}


class Sheet:
    VALUES = "values"
    PROGRESS = "progress"


SHEET_COLUMNS = {Sheet.VALUES: VALUE_COLUMNS, Sheet.PROGRESS: PROGRESS_COLUMNS}
SHEET_TITLES = {Sheet.VALUES: VALUES_SHEET, Sheet.PROGRESS: PROGRESS_SHEET}
SHEET_PREFILLED = {Sheet.VALUES: VALUE_PREFILLED, Sheet.PROGRESS: PROGRESS_PREFILLED}


# ---------------------------------------------------------------------------------------------------------
# Template


def build_template(participation: Participation, year: int) -> Workbook:
    """The workbook a region fills in for ``year``: its tracked indicators and its masterplan's programmes."""
    workbook = Workbook()
    values = workbook.active
    values.title = VALUES_SHEET
    write_header(values, VALUE_COLUMNS)
    tracked = (
        TrackedIndicator.objects.filter(participation=participation)
        .select_related("indicator")
        .order_by("indicator__code")
    )
    for item in tracked:
        indicator = item.indicator
        values.append(
            [cell_value(indicator.code), cell_value(indicator.name_id), cell_value(indicator.unit), year]
        )
    progress = workbook.create_sheet(PROGRESS_SHEET)
    write_header(progress, PROGRESS_COLUMNS)
    programmes = MasterplanProgramme.objects.filter(masterplan__participation=participation).order_by(
        "strategy__dimension__order", "start_year", "pk"
    )
    for row, programme in enumerate(programmes.values_list("pk", "name"), start=2):
        progress.append([programme[0], cell_value(programme[1])])
        progress[f"{column_letter(PROGRESS_COLUMNS, 'reported_on')}{row}"].number_format = "DD/MM/YYYY"
        progress[f"{column_letter(PROGRESS_COLUMNS, 'budget_realised')}{row}"].number_format = "#,##0"
    _write_guide(workbook.create_sheet(GUIDE_SHEET))
    _validations(values, progress)
    workbook.properties.creator = "kotacerdas"
    workbook.properties.title = f"{participation.region.name} {year}"[:250]
    return workbook


def _write_guide(sheet) -> None:
    write_guide(
        sheet,
        [(VALUES_SHEET, VALUE_COLUMNS), (PROGRESS_SHEET, PROGRESS_COLUMNS)],
        tables=[
            ([_("Data quality"), _("Meaning")], [(q.value, str(q.label)) for q in DataQuality]),
            ([_("Status code"), _("Meaning")], [(s.value, str(s.label)) for s in ProgrammeStatus]),
        ],
        notes=[
            _("Rows where only the prefilled cells are filled are skipped."),
            _("A value for a year that already has one is a correction: it replaces the earlier value, which stays "
              "in the history."),
            _("Nothing is saved until you confirm the preview shown after the upload. If any row has an error, "
              "nothing is saved."),
            _("Formulas are not accepted. Paste values only."),
        ],
    )  # fmt: skip


def _validations(values, progress) -> None:
    """Drop-down lists and ranges; warnings rather than stops: the import checks every cell anyway."""
    last = MAX_ROWS + 1

    def add(sheet, columns, key, **options):
        letter = column_letter(columns, key)
        add_validation(sheet, f"{letter}2:{letter}{last}", **options)

    add(values, VALUE_COLUMNS, "quality", type="list", formula1='"1,2,3,4,5,6"')
    add(values, VALUE_COLUMNS, "year", type="whole", operator="between", formula1="2000", formula2="2100")
    add(progress, PROGRESS_COLUMNS, "status", type="list", formula1=f'"{",".join(ProgrammeStatus.values)}"')
    add(progress, PROGRESS_COLUMNS, "percent", type="whole", operator="between", formula1="0", formula2="100")


def template_bytes(participation: Participation, year: int) -> bytes:
    return workbook_bytes(build_template(participation, year))


# ---------------------------------------------------------------------------------------------------------
# Reading


@dataclass
class RawBook:
    values: RawSheet = field(default_factory=lambda: RawSheet({}, []))
    progress: RawSheet = field(default_factory=lambda: RawSheet({}, []))

    @property
    def row_count(self) -> int:
        return len(self.values.rows) + len(self.progress.rows)


def read_book(data: bytes, *, max_rows: int | None = MAX_ROWS) -> RawBook:
    """The value and progress rows of a workbook, or SpreadsheetError for a file that cannot be used. Without
    ``max_rows`` (the benchmark) neither the rows nor the unpacked size are limited."""
    with XlsxFile(data, limit_unpacked=max_rows is not None) as workbook:
        book = RawBook()
        found = False
        for kind, title in SHEET_TITLES.items():
            if title in workbook.sheets:
                found = True
                setattr(book, kind, _read_sheet(workbook.rows(title), title, kind, max_rows))
        if not found:
            raise SpreadsheetError(_no_sheets())
        return book


def _no_sheets() -> str:
    return _(
        "The workbook has neither a sheet “%(values)s” nor a sheet “%(progress)s”. Download the template and copy "
        "your rows into it."
    ) % {"values": VALUES_SHEET, "progress": PROGRESS_SHEET}


def _read_sheet(rows, sheet_title: str, kind: str, max_rows: int | None) -> RawSheet:
    """``rows`` as ``XlsxFile.rows`` gives them: (row number, {column index: value})."""
    columns = SHEET_COLUMNS[kind]
    first = next(rows, None)
    # The titles are row 1; without them the required columns are missing, which find_columns reports.
    header = first[1] if first is not None and first[0] == 1 else {}
    positions = find_columns(
        header,
        columns,
        sheet=sheet_title,
        duplicate=gettext_lazy("The column “%(title)s” appears twice in the first row of sheet “%(sheet)s”. Keep only one."),
    )  # fmt: skip
    prefilled = SHEET_PREFILLED[kind]
    items = list(positions.items())
    found = []
    for number, cells in rows:
        values = {key: cells.get(index) for key, index in items}
        if all(is_blank(v) for k, v in values.items() if k not in prefilled):
            continue
        if max_rows is not None and len(found) >= max_rows:
            raise SpreadsheetError(
                _("Sheet “%(sheet)s” has more than %(n)s filled rows. Split it into several files.")
                % {"sheet": sheet_title, "n": max_rows}
            )
        found.append((number, values))
    return RawSheet(letters=letters_of(positions), rows=found)


# ---------------------------------------------------------------------------------------------------------
# Checking


class Action:
    NEW = "new"
    CORRECTION = "correction"
    UNCHANGED = "unchanged"
    PROGRESS = "progress"
    ERROR = "error"


@dataclass
class Preview:
    """The checked rows of one participation: what a commit would write, and every error."""

    participation: Participation
    rows: list[dict] = field(default_factory=list)  # for the page: sheet, row, label, action, detail, errors
    values: list[tuple] = field(default_factory=list)  # VALUE_ROW fields; supersedes is set for corrections
    reports: list[ProgressReport] = field(default_factory=list)  # unsaved
    filename: str = ""

    @property
    def error_rows(self) -> list[dict]:
        return [r for r in self.rows if r["action"] == Action.ERROR]

    @property
    def has_errors(self) -> bool:
        return any(r["action"] == Action.ERROR for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(
            (Action.NEW, Action.CORRECTION, Action.UNCHANGED, Action.PROGRESS, Action.ERROR), 0
        )
        for row in self.rows:
            counts[row["action"]] += 1
        return counts


# The fields of a value row as checked, in the order of ``Preview.values``.
VALUE_ROW = ("tracked", "year", "value", "source", "method", "quality", "evidence_url", "supersedes")


class Lookups:
    """The reference data of many participations, loaded in a fixed number of queries."""

    def __init__(self, participation_ids: list[int]):
        self.tracked: dict[
            tuple[int, str], tuple[int, str]
        ] = {}  # (participation, code) -> (tracked pk, code)
        for pk, participation_id, code in TrackedIndicator.objects.filter(
            participation_id__in=participation_ids
        ).values_list("pk", "participation_id", "indicator__code"):
            self.tracked[(participation_id, normal(code))] = (pk, code)
        self.current: dict[tuple[int, int], dict] = {}  # (tracked, year) -> the current value's fields
        for row in (
            IndicatorValue.objects.current()
            .filter(tracked__participation_id__in=participation_ids)
            .values("pk", "tracked_id", "year", "value", "source", "method", "quality", "evidence_url")
        ):
            self.current[(row["tracked_id"], row["year"])] = row
        # participation -> its masterplan's first and last year: values and reports lie inside them.
        self.plans: dict[int, tuple[int, int]] = {
            participation_id: (first, last)
            for participation_id, first, last in Masterplan.objects.filter(
                participation_id__in=participation_ids
            ).values_list("participation_id", "start_year", "end_year")
        }
        self.programmes: dict[tuple[int, int], str] = {}
        for pk, participation_id, name in MasterplanProgramme.objects.filter(
            masterplan__participation_id__in=participation_ids
        ).values_list("pk", "masterplan__participation_id", "name"):
            self.programmes[(participation_id, pk)] = name
        # Reports already recorded, so a file committed twice (a double click) does not record them again.
        self.reports: set[tuple] = set(
            ProgressReport.objects.filter(
                programme__masterplan__participation_id__in=participation_ids
            ).values_list("programme_id", "reported_on", "status", "percent_complete")
        )
        self.statuses: dict[str, str] = {}
        for status in ProgrammeStatus:
            self.statuses[normal(status.value)] = status.value
            for language in ("id", "en"):
                with translation.override(language):
                    self.statuses[normal(str(status.label))] = status.value


_URL = URLValidator(schemes=["http", "https"])
QUALITY_HELP = gettext_lazy(
    "Write the data quality as a whole number from 1 to 6 (see the scale on sheet Petunjuk)."
)


@functools.lru_cache(maxsize=4096)
def _is_url(text: str) -> bool:
    """Django's URL check (links repeat a lot within one file, hence the cache)."""
    try:
        _URL(text)
    except ValidationError:
        return False
    return True


# Number cells are read by the forms' own fields: the same Indonesian reading, bounds and messages.
VALUE_FIELD = IndicatorValue._meta.get_field("value").formfield(required=False)
BUDGET_REALISED_FIELD = ProgressReport._meta.get_field("budget_realised").formfield(required=False)


class _Row:
    """Collects the errors of one row."""

    def __init__(self, kind: str, number: int, values: dict, letters: dict[str, str]):
        self.kind, self.number, self.values, self.letters = kind, number, values, letters
        self.errors: list[dict] = []

    def error(self, key: str, message) -> None:
        """Record the first error of a cell; later ones for the same cell would only repeat it."""
        title = next(c.title for c in SHEET_COLUMNS[self.kind] if c.key == key)
        if any(e["column"] == title for e in self.errors):
            return
        self.errors.append({"column": title, "letter": self.letters.get(key, ""), "message": str(message)})

    def get(self, key):
        """The cell's value; None (with an error) when it holds a formula."""
        value = self.values.get(key)
        if isinstance(value, str) and value.startswith("="):
            self.error(
                key, _("This cell holds a formula. Type the value itself, or paste it as “values only”.")
            )
            return None
        return value

    def text(self, key, *, limit: int, required: bool, message=None) -> str:
        text = cell_text(self.get(key))
        if required and not text:
            self.error(key, message or _("Required. Fill in this cell."))
        elif len(text) > limit:
            self.error(
                key,
                _("At most %(n)s characters; this cell has %(length)s.") % {"n": limit, "length": len(text)},
            )
        return text


def _check_value(row: _Row, participation_id: int, lookups: Lookups, seen: dict, by, preview: Preview):
    code_text = cell_text(row.get("code"))
    tracked = lookups.tracked.get((participation_id, normal(code_text))) if code_text else None
    if not code_text:
        row.error(
            "code", _("Required. Write the code of an indicator the region tracks, as in the template.")
        )
    elif tracked is None:
        row.error(
            "code",
            _("“%(code)s” is not an indicator this region tracks. Use a code from the template, or add the "
              "indicator to the region's tracked indicators first.") % {"code": code_text},
        )  # fmt: skip
    year = None
    raw_year = row.get("year")
    if is_blank(raw_year):
        row.error("year", _("Required. Write a year from 2000 to 2100 as four digits, for example 2026."))
    elif raw_year is not None:
        try:
            year = cell_year(raw_year)
        except CellError as exc:
            row.error("year", exc.message)
        else:
            problem = plan_year_problem(year, lookups.plans.get(participation_id))  # as IndicatorValue.clean
            if problem:
                row.error("year", problem)
                year = None
    value = None
    raw_value = row.get("value")
    if is_blank(raw_value):
        row.error("value", _("Required. Write the value as a number, for example 45.5."))
    elif raw_value is not None:
        try:
            value = clean_cell_number(VALUE_FIELD, raw_value)
        except ValidationError as error:
            row.error("value", " ".join(error.messages))
    source = row.text("source", limit=250, required=True, message=gettext_lazy("Required. Say where the value comes from, for example BPS."))  # fmt: skip
    method = row.text("method", limit=250, required=False)
    quality = None
    raw_quality = row.get("quality")
    if is_blank(raw_quality):
        row.error("quality", QUALITY_HELP)
    elif raw_quality is not None:
        try:
            quality = whole_number(raw_quality)
        except CellError:
            quality = None
        if quality not in DataQuality.values:
            row.error(
                "quality",
                _("“%(value)s” is not a data quality. ") % {"value": cell_text(raw_quality)}
                + str(QUALITY_HELP),
            )
            quality = None
    evidence = row.text(
        "evidence_url",
        limit=URL_MAX,
        required=True,
        message=gettext_lazy("Required. Give a link (https://…) to the evidence; files cannot be attached through a spreadsheet."),
    )  # fmt: skip
    if evidence:
        if "://" not in evidence:
            evidence = "https://" + evidence
        if not _is_url(evidence):
            row.error("evidence_url", _("“%(value)s” is not a web link. Write a full link, for example https://example.go.id/data.pdf.") % {"value": evidence})  # fmt: skip
        if len(evidence) > URL_MAX:
            row.error("evidence_url", _("At most %(n)s characters; this cell has %(length)s.") % {"n": URL_MAX, "length": len(evidence)})  # fmt: skip
    if tracked is not None and year is not None:
        key = (tracked[0], year)
        if key in seen:
            row.error("year", _("%(code)s for %(year)s is also in row %(row)s. Keep one row per indicator and year.") % {"code": tracked[1], "year": year, "row": seen[key]})  # fmt: skip
        else:
            seen[key] = row.number
    label = tracked[1] if tracked else code_text
    if row.errors:
        preview.rows.append({"sheet": VALUES_SHEET, "row": row.number, "label": label, "action": Action.ERROR, "errors": row.errors})  # fmt: skip
        return
    current = lookups.current.get((tracked[0], year))
    if (
        current is not None
        and current["value"] == value
        and current["source"] == source
        and current["method"] == method
        and current["quality"] == quality
        and current["evidence_url"] == evidence
    ):
        action, detail = Action.UNCHANGED, f"{year}: {format_number(value)}"
    else:
        action = Action.NEW if current is None else Action.CORRECTION
        detail = (
            f"{year}: {format_number(value)}"
            if current is None
            else f"{year}: {format_number(current['value'])} → {format_number(value)}"
        )
        supersedes = current["pk"] if current else None
        preview.values.append((tracked[0], year, value, source, method, quality, evidence, supersedes))
    preview.rows.append({"sheet": VALUES_SHEET, "row": row.number, "label": label, "action": action, "detail": detail})  # fmt: skip


def _check_progress(row: _Row, participation_id: int, lookups: Lookups, seen: dict, by, preview: Preview):
    programme_id = name = None
    raw_id = row.get("programme")
    if is_blank(raw_id):
        row.error("programme", _("Required. Keep the programme ID from the template."))
    elif raw_id is not None:
        try:
            programme_id = whole_number(raw_id)
        except CellError:
            programme_id = None
        name = lookups.programmes.get((participation_id, programme_id))
        if name is None:
            row.error(
                "programme",
                _("“%(value)s” is not the ID of a programme in this region's masterplan. Keep the ID from the "
                  "template.") % {"value": cell_text(raw_id)},
            )  # fmt: skip
            programme_id = None
    reported_on = None
    raw_date = row.get("reported_on")
    if is_blank(raw_date):
        row.error(
            "reported_on", _("Required. Write the date of the report as DD/MM/YYYY, for example 17/08/2025.")
        )
    elif raw_date is not None:
        try:
            reported_on = cell_date(raw_date)
        except CellError as exc:
            row.error("reported_on", exc.message)
        except (ValueError, OverflowError):
            row.error("reported_on", _("Write the date as DD/MM/YYYY, for example 17/08/2025."))
        if reported_on and reported_on > timezone.localdate():
            row.error(
                "reported_on",
                _("%(date)s is in the future. Report progress as of today or an earlier date.")
                % {"date": reported_on.strftime("%d/%m/%Y")},
            )
            reported_on = None
        # As ProgressReport.clean says.
        problem = plan_date_problem(reported_on, lookups.plans.get(participation_id))
        if problem:
            row.error("reported_on", problem)
            reported_on = None
    status = None
    raw_status = row.get("status")
    if raw_status is not None:
        status = lookups.statuses.get(normal(cell_text(raw_status)))
        if status is None:
            row.error("status", _("“%(value)s” is not a status code. Write one of: %(codes)s.") % {"value": cell_text(raw_status), "codes": ", ".join(ProgrammeStatus.values)})  # fmt: skip
    percent = None
    raw_percent = row.get("percent")
    if raw_percent is not None:
        text = cell_text(raw_percent).rstrip("%").strip() if isinstance(raw_percent, str) else raw_percent
        try:
            percent = whole_number(text)
        except CellError:
            percent = None
        if percent is None or not 0 <= percent <= 100:
            row.error("percent", _("Write the percentage complete as a whole number from 0 to 100."))
            percent = None
    budget = None
    raw_budget = row.get("budget_realised")
    if not is_blank(raw_budget) and raw_budget is not None:
        try:
            budget = clean_cell_number(BUDGET_REALISED_FIELD, raw_budget)
        except ValidationError as error:
            row.error("budget_realised", " ".join(error.messages))
    reason = row.text(
        "delay_reason", limit=ProgressReport._meta.get_field("delay_reason").max_length, required=False
    )
    if status == ProgrammeStatus.DELAYED and not reason:
        row.error("delay_reason", _("Say why the programme is delayed: a delayed programme needs a reason."))
    if programme_id is not None and reported_on is not None:
        key = (programme_id, reported_on)
        if key in seen:
            row.error("reported_on", _("This programme already has a report dated %(date)s in row %(row)s. Keep one row per programme and date.") % {"date": reported_on.strftime("%d/%m/%Y"), "row": seen[key]})  # fmt: skip
        else:
            seen[key] = row.number
    label = name or cell_text(raw_id)
    if row.errors:
        preview.rows.append({"sheet": PROGRESS_SHEET, "row": row.number, "label": label, "action": Action.ERROR, "errors": row.errors})  # fmt: skip
        return
    if (programme_id, reported_on, status, percent) in lookups.reports:
        detail = (
            f"{reported_on.strftime('%d/%m/%Y')}: {ProgrammeStatus(status).label} {format_percent(percent)}"
        )
        preview.rows.append({"sheet": PROGRESS_SHEET, "row": row.number, "label": label, "action": Action.UNCHANGED, "detail": detail})  # fmt: skip
        return
    preview.reports.append(
        ProgressReport(
            programme_id=programme_id,
            reported_on=reported_on,
            status=status,
            percent_complete=percent,
            budget_realised=budget,
            delay_reason=reason,
            reported_by=by,
        )
    )
    detail = f"{reported_on.strftime('%d/%m/%Y')}: {ProgrammeStatus(status).label} {format_percent(percent)}"
    preview.rows.append({"sheet": PROGRESS_SHEET, "row": row.number, "label": label, "action": Action.PROGRESS, "detail": detail})  # fmt: skip


def check_books(items: list[tuple[Participation, RawBook]], *, by=None) -> list[Preview]:
    """Validate the rows of each participation's workbook against the database as it is now."""
    lookups = Lookups([p.pk for p, _book in items])
    previews = []
    for participation, book in items:
        preview = Preview(participation)
        for kind, sheet, check in (
            (Sheet.VALUES, book.values, _check_value),
            (Sheet.PROGRESS, book.progress, _check_progress),
        ):
            seen: dict = {}
            for number, values in sheet.rows:
                check(_Row(kind, number, values, sheet.letters), participation.pk, lookups, seen, by, preview)
        previews.append(preview)
    return previews


def build_preview(participation: Participation, data: bytes, *, filename: str = "", by=None) -> Preview:
    """Check an uploaded file of one participation. Raises SpreadsheetError for a file that cannot be used."""
    book = read_book(data)
    if not book.row_count:
        raise SpreadsheetError(
            _("The file has no filled rows. Fill in at least one value or progress report below the titles.")
        )
    preview = check_books([(participation, book)], by=by)[0]
    preview.filename = filename[:200]
    return preview


# ---------------------------------------------------------------------------------------------------------
# Committing


def _summary(counts: dict) -> str:
    # The audit trail is read by the secretariat in the platform's language, whoever imported.
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(new)s new values, %(corrections)s corrections, %(progress)s progress reports") % {
            "new": counts[Action.NEW],
            "corrections": counts[Action.CORRECTION],
            "progress": counts[Action.PROGRESS],
        }


def _insert_values(rows: list[tuple], *, by, chunk: int = 5000) -> None:
    """Insert checked value rows with ``executemany``: the same columns and defaults as ``report_value`` writes
    (status reported, reported_by, reported_at now, no file), without building a model instance per row, which
    at 100,000 rows costs more than the database does."""
    meta, ops = IndicatorValue._meta, connection.ops
    value_field = meta.get_field("value")
    now = ops.adapt_datetimefield_value(timezone.now())
    fixed = {
        "evidence_file": "",
        "status": ValueStatus.REPORTED.value,
        "reported_by": getattr(by, "pk", None),
        "reported_at": now,
        "verified_by": None,
        "verified_at": None,
        "verification_note": "",
        "is_demo": False,
    }
    names = [*VALUE_ROW, *fixed]
    columns = ", ".join(ops.quote_name(meta.get_field(n).column) for n in names)
    sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
    tail = tuple(fixed.values())
    adapt, digits, places = ops.adapt_decimalfield_value, value_field.max_digits, value_field.decimal_places
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            cursor.executemany(
                sql,
                [
                    (t, y, adapt(v, digits, places), src, meth, q, url, sup, *tail)
                    for t, y, v, src, meth, q, url, sup in rows[start : start + chunk]
                ],
            )


@transaction.atomic
def commit_books(items: list[tuple[Participation, RawBook]], *, by, filename: str = "") -> list[Preview]:
    """Check again and write every row of every participation in one transaction, or nothing.

    Raises PermissionDenied without ``monitoring.report`` on a participation and ValidationError (naming the
    first errors) when any row has an error. Side effects: IndicatorValue rows (a correction supersedes the
    current value of its year), ProgressReport rows, one AuditEntry ``monitoring.import`` per participation.
    """
    for participation, _book in items:
        if not by.has_perm("monitoring.report", participation):
            raise PermissionDenied
    # Lock the tracked indicators, as report_value does, so no concurrent correction supersedes the same value.
    ids = [p.pk for p, _book in items]
    list(TrackedIndicator.objects.select_for_update().filter(participation_id__in=ids).values_list("pk"))
    previews = check_books(items, by=by)
    failed = [(p, r) for p in previews for r in p.error_rows]
    if failed:
        shown = [
            _("%(sheet)s row %(row)s, column “%(column)s” (%(letter)s): %(message)s")
            % {"sheet": r["sheet"], "row": r["row"], **e}
            + (f" ({p.participation.region.name})" if len(previews) > 1 else "")
            for p, r in failed[:5]
            for e in r["errors"][:1]
        ]
        raise ValidationError(
            [_("Nothing was imported: %(n)s rows have errors.") % {"n": len(failed)}, *shown]
        )
    for preview in previews:
        preview.filename = filename[:200]
    _insert_values([v for p in previews for v in p.values], by=by)
    ProgressReport.objects.bulk_create([r for p in previews for r in p.reports], batch_size=2000)
    for preview in previews:
        participation = preview.participation
        audit.record(
            "monitoring.import",
            target=participation,
            by=by,
            field="import",
            new=_summary(preview.counts),
            note=filename[:200],
            region_code=participation.region.code,
        )
    return previews


def commit_file(participation: Participation, data: bytes, *, by, filename: str = "") -> Preview:
    """Re-read and commit one participation's uploaded file. Raises ValidationError when it cannot be applied."""
    try:
        book = read_book(data)
    except SpreadsheetError as exc:
        raise ValidationError(exc.message) from exc
    return commit_books([(participation, book)], by=by, filename=filename)[0]
