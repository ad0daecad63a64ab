"""A region's monitoring data as tables, written as XLSX (openpyxl) or CSV.

Every table is a list of headers and rows of plain Python values (text, Decimal, int, date, datetime, bool);
the writers turn them into cells. Text is neutralised as in the masterplan workbook: a cell that starts with
= + - @ gets a leading ' so that a spreadsheet program shows it instead of running it as a formula.

CSV for Excel with the Indonesian locale: Excel opens a .csv with the list separator of the system's regional
settings, which is ";" where the decimal separator is "," (Indonesia, like most of Europe); a comma-separated
file would land in one column. The file starts with a UTF-8 byte-order mark, without which Excel reads it as
ANSI and garbles non-ASCII names. Numbers are written with a decimal comma (and no thousands separator) so
that the same locale reads them as numbers. LibreOffice and the csv module read this too (delimiter=";").
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kotacerdas.core.spreadsheets import neutralise
from kotacerdas.masterplans.models import Masterplan
from kotacerdas.monitoring import progress
from kotacerdas.monitoring.models import DataQuality, IndicatorValue, ProgressReport, ValueStatus

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CSV_DELIMITER = ";"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE9F5")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass
class Table:
    title: str  # the sheet name (at most 31 characters)
    headers: list[str]
    rows: list[list]


def _user(user) -> str:
    return user.full_name or user.email if user else ""


def _local(moment: datetime | None) -> datetime | None:
    """A naive local datetime (XLSX has no time zones)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def values_table(participation) -> Table:
    """Every value of the participation's tracked indicators, superseded ones included; one query."""
    values = (
        IndicatorValue.objects.filter(tracked__participation=participation)
        .select_related("tracked__indicator", "reported_by", "verified_by", "superseded_by")
        .order_by("tracked__indicator__code", "year", "reported_at", "pk")
    )
    headers = [
        _("Code"),
        _("Indicator"),
        _("Year"),
        _("Value"),
        _("Unit"),
        _("Status"),
        _("Data source"),
        _("Method"),
        _("Data quality"),
        _("Reported by"),
        _("Reported at"),
        _("Verified by"),
        _("Verified at"),
        _("Current"),
        _("Demo data"),
    ]
    rows = []
    for v in values:
        indicator = v.tracked.indicator
        superseded = getattr(v, "superseded_by", None) is not None
        rows.append(
            [
                indicator.code,
                indicator.name,
                v.year,
                v.value,
                indicator.unit,
                ValueStatus(v.status).label,
                v.source,
                v.method,
                f"{v.quality} · {DataQuality(v.quality).label}",
                _user(v.reported_by),
                _local(v.reported_at),
                _user(v.verified_by),
                _local(v.verified_at),
                _("no (superseded)") if superseded else _("yes"),
                _("yes") if v.is_demo else _("no"),
            ]
        )
    return Table(_("Values"), headers, rows)


def progress_tables(participation) -> tuple[Table, Table]:
    """Each programme's current state (progress.py rules) and the history of progress reports."""
    masterplan = Masterplan.objects.filter(participation=participation).first()
    rows = progress.masterplan_progress(masterplan) if masterplan else []
    delivery_labels = {
        progress.Delivery.ON_TIME: _("delivered on time"),
        progress.Delivery.LATE: _("delivered late"),
        progress.Delivery.OPEN: _("not delivered, deadline ahead"),
        progress.Delivery.OVERDUE: _("not delivered, overdue"),
    }
    current = Table(
        _("Programmes"),
        [
            _("Dimension"),
            _("Programme"),
            _("Quick win"),
            _("Start year"),
            _("Status"),
            _("Percent complete"),
            _("Budget planned (Rp)"),
            _("Budget realised (Rp)"),
            _("Last report"),
            _("Reason for delay"),
            _("Quick-win deadline"),
            _("Delivered on"),
            _("Delivery"),
        ],
        [],
    )
    for r in rows:
        p, d = r.programme, r.delivery
        current.rows.append(
            [
                p.strategy.dimension.name if p.strategy_id else "",
                p.name,
                _("yes") if p.is_quick_win else _("no"),
                p.start_year,
                r.status_label,
                r.percent,
                r.budget_planned,
                r.budget_realised,
                r.latest.reported_on if r.latest else None,
                r.delay_reason,
                d.deadline if d else None,
                d.delivered_on if d else None,
                delivery_labels[d.state] if d else "",
            ]
        )
    reports = (
        ProgressReport.objects.filter(programme__masterplan=masterplan).select_related(
            "programme", "reported_by"
        )
        if masterplan
        else ProgressReport.objects.none()
    ).order_by("programme__name", "reported_on", "pk")
    history = Table(
        _("Progress reports"),
        [
            _("Programme"),
            _("As of"),
            _("Status"),
            _("Percent complete"),
            _("Budget realised (Rp)"),
            _("Reason for delay"),
            _("Note"),
            _("Reported by"),
            _("Demo data"),
        ],
        [
            [
                rep.programme.name,
                rep.reported_on,
                rep.get_status_display(),
                rep.percent_complete,
                rep.budget_realised,
                rep.delay_reason,
                rep.note,
                _user(rep.reported_by),
                _("yes") if rep.is_demo else _("no"),
            ]
            for rep in reports
        ],
    )
    return current, history


# ------------------------------------------------------------------------------------------------ writers


def _xlsx_cell(value):
    if isinstance(value, Promise):  # a choice label
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return neutralise(value) if value else None
    return value


def decimal_cell_format(value) -> str:
    """A number format for a numeric cell: grouped thousands, decimals only when the value has them. The cell
    stays a number; the spreadsheet shows it with its reader's separators (2.150,5 or 2,150.5). Whole numbers
    (years, counts) are left as they are, so a year is never shown as 2.019."""
    return "#,##0" if value == int(value) else "#,##0.0###"


def xlsx_bytes(tables: list[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        # Headers too: some name things people write (the smart city dimensions of the index results).
        sheet.append([_xlsx_cell(h) for h in table.headers])
        for index, header in enumerate(table.headers, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
            sheet.column_dimensions[get_column_letter(index)].width = min(max(12, len(header) + 2), 40)
        sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append([_xlsx_cell(v) for v in row])
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(cell.value, Decimal | float):
                    cell.number_format = decimal_cell_format(cell.value)
    workbook.properties.creator = "kotacerdas"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, float):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in table.headers])
    writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
