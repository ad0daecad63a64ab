"""What every spreadsheet of the project shares: upload checks, cell values in and out, column specs, styles, the
Petunjuk sheet, and the one reader of uploaded .xlsx files.

The two imports (programmes: masterplans/spreadsheets.py; indicator values and progress:
monitoring/spreadsheets.py) and every export build on this module; they keep only their own columns, lookups
and the way a row becomes objects.

Writing
-------
Column titles are Indonesian and not translated: they are the file format, so a file downloaded in one interface
language imports in the other. Text that a spreadsheet program could run as a formula (starting with
``= + - @``, tab or carriage return) is written with a leading ``'`` (``neutralise``), and the imports remove
that one ``'`` again (``unneutralise``), so an export imports unchanged.

Reading
-------
``XlsxFile`` reads the cells of an upload with lxml, streaming: openpyxl's read-only mode builds an object per
cell and is several times slower on large files. It reads the cells as openpyxl does (same types, dates, shared
and inline strings; tests/core/test_spreadsheets.py compares the two on every template we write, on generated
workbooks and on hostile files), and it handles exactly these files:

- a zip whose ``[Content_Types].xml`` names a workbook part (.xlsx, .xlsm, .xltx, .xltm) whose relationships name
  its worksheets; other sheets (charts, dialogs) are not offered;
- XML without a document type declaration: no spreadsheet program writes one, and it is what entity expansion
  attacks need;
- rows in ascending order and cells in ascending column order within their row, each cell (when it names its
  place) in the row it sits in, inside the sheet's 1,048,576 rows and 16,384 columns; cells that do not name
  their place follow the previous one, as in the specification.

Anything else is refused with ``SpreadsheetError`` ("could not be read ... save it as Excel Workbook"); there is
no second reader to fall back on. Rows come as ``(row number, {column index: value})`` holding only the cells
present in the file, so a row number or a column far out costs nothing. A formula comes as ``Formula`` (the
text after ``=``, never evaluated); the imports refuse formulas.
"""

from __future__ import annotations

import datetime
import io
import math
import os
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip: refuse archives that unpack to something huge
# Browsers and operating systems label .xlsx uploads in several ways; anything else is not a workbook.
ACCEPTED_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
    "application/zip",
    "application/x-zip-compressed",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE9F5")
WRAP = Alignment(wrap_text=True, vertical="top")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (not an .xlsx, columns missing, too many rows...)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class CellError(Exception):
    """One cell cannot be read; ``message`` says how to fix it (empty when the caller words it)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------------------
# Uploads


def check_xlsx_upload(upload, *, too_large) -> str:
    """The base name of an uploaded workbook, or a ValidationError saying what to do. ``too_large`` is the
    message (with ``%(size)s`` in MB) for a file over the limit, as each import names its own way to split."""
    name = os.path.basename(upload.name or "")
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(
            _("Upload an Excel workbook with the extension .xlsx. Other formats (.xls, .csv, .ods) cannot be "
              "imported: save the file as “Excel Workbook (.xlsx)” first.")
        )  # fmt: skip
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if content_type and content_type not in ACCEPTED_CONTENT_TYPES:
        raise ValidationError(
            _("This file is of type “%(type)s”, not an Excel workbook (.xlsx).") % {"type": content_type}
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(str(too_large) % {"size": f"{upload.size / 1024 / 1024:.1f}"})
    return name


def unreadable(reason: str | Exception) -> SpreadsheetError:
    """The error for a file that cannot be read; ``reason``, shown in brackets, is a short English name."""
    if isinstance(reason, Exception):
        reason = str(reason) if isinstance(reason, Unsupported) else type(reason).__name__
    return SpreadsheetError(
        _("The workbook could not be read (%(error)s). Open it in your spreadsheet program, save it as "
          "“Excel Workbook (.xlsx)” and upload it again.") % {"error": reason}
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Cell values written


def neutralise(value: str) -> str:
    """Text as written to a cell: a leading ' when a spreadsheet program could take it for a formula."""
    if value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """The inverse of ``neutralise``: drop the one ' that the export added."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def cell_value(value):
    """A value ready for a cell: formula-like text neutralised, control characters XLSX cannot hold removed."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return neutralise(value) if value else None
    return value


# ---------------------------------------------------------------------------------------------------------
# Column specs, styles, the Petunjuk sheet


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # Indonesian, part of the file format; never translated
    help: Any  # lazy English message id, shown on the Petunjuk sheet
    width: int = 18
    required: bool = True  # the column must be present in an uploaded file


def column_letter(columns, key: str) -> str:
    return get_column_letter([c.key for c in columns].index(key) + 1)


def write_header(sheet, columns) -> None:
    """Row 1: the column titles, bold on blue, at the columns' widths; the row stays visible on scrolling."""
    sheet.append([c.title for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def write_guide(sheet, sections, *, tables=(), notes=(), widths=(28, 80)) -> None:
    """Columns A-B of the Petunjuk sheet: what each column holds, then code tables, then notes.

    ``sections``: (heading or None, columns) per data sheet; ``tables``: (two headers, rows) such as the
    meaning of each code; ``notes``: sentences, one per row in column B."""
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = widths
    sheet.append([_("Column"), _("What to write")])
    for heading, columns in sections:
        if heading:
            sheet.append([heading])
            sheet.cell(row=sheet.max_row, column=1).font = HEADER_FONT
        for column in columns:
            sheet.append([column.title, str(column.help)])
    for headers, rows in tables:
        sheet.append([])
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
    sheet.append([])
    for note in notes:
        sheet.append(["", note])
    for row in sheet.iter_rows(min_row=1, max_col=2):
        for cell in row:
            cell.alignment = WRAP
    for cell in sheet[1][:2]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL


def add_validation(sheet, cell_range: str, **options) -> None:
    """A drop-down list or range check; a warning rather than a stop, as the import checks every cell anyway."""
    validation = DataValidation(allow_blank=True, showErrorMessage=True, errorStyle="warning", **options)
    validation.add(cell_range)
    sheet.add_data_validation(validation)


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------------
# Cell values read


def normal(text: str) -> str:
    """Key for matching names typed by people: case and runs of white space do not matter."""
    return " ".join(str(text).split()).casefold()


def clean_text(value) -> str:
    return "\n".join(line.rstrip() for line in str(value or "").replace("\r\n", "\n").split("\n")).strip()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return clean_text(unneutralise(str(value).strip()))


def whole_number(value) -> int:
    """A whole number, or CellError with an empty message (each caller says what range it wants)."""
    if isinstance(value, bool):
        raise CellError("")
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if not math.isfinite(value) or value != int(value):
            raise CellError("")
        return int(value)
    text = cell_text(value).replace("\u00a0", " ")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    raise CellError("")


def cell_year(value) -> int:
    try:
        year = whole_number(value)
    except CellError:
        raise CellError(_("Write a year from 2000 to 2100 as four digits, for example 2026.")) from None
    if not 2000 <= year <= 2100:
        raise CellError(_("%(year)s is outside 2000–2100. Write a year from 2000 to 2100.") % {"year": year})
    return year


def cell_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(
        _(
            "“%(value)s” is not a date. Write it as DD/MM/YYYY, for example 17/08/2025, or format the cell as a date."
        )
        % {"value": text}
    )


# ---------------------------------------------------------------------------------------------------------
# Columns of an uploaded sheet


@dataclass
class RawSheet:
    letters: dict[str, str]  # column key -> letter in this file
    rows: list[tuple[int, dict[str, Any]]]  # (row number as shown, values by key)


def find_columns(header: dict[int, Any], columns, *, sheet: str, duplicate) -> dict[str, int]:
    """Column key -> position (0-based) in the title row, found by title or technical key, case and spaces
    ignored. ``duplicate`` is the message (with ``%(title)s`` and ``%(sheet)s``) for a column given twice; a
    required column missing is a SpreadsheetError too."""
    wanted = {normal(c.title): c.key for c in columns} | {normal(c.key): c.key for c in columns}
    positions: dict[str, int] = {}
    for index in sorted(header):
        title = header[index]
        key = None if title is None else wanted.get(normal(unneutralise(str(title))))
        if key is None:
            continue
        if key in positions:
            title = next(c.title for c in columns if c.key == key)
            raise SpreadsheetError(str(duplicate) % {"title": title, "sheet": sheet})
        positions[key] = index
    missing = [c.title for c in columns if c.required and c.key not in positions]
    if missing:
        raise SpreadsheetError(
            _("The first row of sheet “%(sheet)s” must hold the column titles of the template. Missing: %(missing)s. "
              "Download the template and copy your rows into it.")
            % {"sheet": sheet, "missing": ", ".join(f"“{m}”" for m in missing)}
        )  # fmt: skip
    return positions


def letters_of(positions: dict[str, int]) -> dict[str, str]:
    return {key: get_column_letter(index + 1) for key, index in positions.items()}


# ---------------------------------------------------------------------------------------------------------
# The reader


class Formula(str):
    """A cell holding a formula, as ``=`` and the formula's text (never evaluated)."""

    __slots__ = ()


class Unsupported(Exception):
    """A file outside what ``XlsxFile`` handles (see the module docstring); the name is shown to the user."""


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_WORKBOOK_TYPES = tuple(
    f"application/vnd.{kind}.main+xml"
    for kind in (
        "ms-excel.template.macroEnabled",
        "openxmlformats-officedocument.spreadsheetml.template",
        "ms-excel.sheet.macroEnabled",
        "openxmlformats-officedocument.spreadsheetml.sheet",
    )
)
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384
# Column letters -> index from 0, A to XFD: one dictionary look-up per cell instead of a regular expression.
_COLUMN_INDEX = {get_column_letter(index + 1): index for index in range(MAX_SHEET_COLUMNS)}


def _misplaced(ref: str, row_text: str) -> str:
    """Why a cell reference is refused: a column past XFD, or a place that is not in the row it sits in."""
    match = _CELL_REF.fullmatch(ref)
    if match and match[2] == row_text and column_index_from_string(match[1]) > MAX_SHEET_COLUMNS:
        return "OutsideTheSheet"
    return "CellOutsideItsRow"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _no_doctype(tree) -> None:
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise Unsupported("DocumentTypeDeclaration")


def _rich_text(node) -> str:
    """A shared or inline string as openpyxl reads it: its plain text and its runs, not the phonetic hints."""
    plain = node.findall(f"{_NS}t")
    parts = [plain[-1].text or ""] if plain else []
    for run in node.iterchildren(f"{_NS}r"):
        texts = run.findall(f"{_NS}t")
        if texts and texts[-1].text is not None:
            parts.append(texts[-1].text)
    return "".join(parts)


def _cast_number(raw: str):
    return float(raw) if ("." in raw or "e" in raw or "E" in raw) else int(raw)


class XlsxFile:
    """An uploaded workbook opened for reading its cells; see the module docstring for the files it handles.

    Raises SpreadsheetError when the file is not a zip, unpacks to more than ``MAX_UNPACKED_BYTES`` (unless
    ``limit_unpacked`` is off, as for the benchmark) or is not a workbook it handles."""

    def __init__(self, data: bytes, *, limit_unpacked: bool = True):
        try:
            self._archive = zipfile.ZipFile(io.BytesIO(data))
            unpacked = sum(info.file_size for info in self._archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise SpreadsheetError(
                _("This file is not an Excel workbook (.xlsx). Save it as “Excel Workbook (.xlsx)” and upload it "
                  "again.")
            ) from exc  # fmt: skip
        if limit_unpacked and unpacked > MAX_UNPACKED_BYTES:
            raise SpreadsheetError(
                _("This workbook is too large to import. Remove other sheets and images, then try again.")
            )
        try:
            self._open()
        except SpreadsheetError:
            raise
        except Exception as exc:  # a damaged or foreign package: zip, XML or numbers that do not parse
            self._archive.close()
            raise unreadable(exc) from exc

    def __enter__(self) -> XlsxFile:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._archive.close()

    def _xml(self, name: str):
        with self._archive.open(name) as handle:
            tree = etree.parse(handle, _parser())
        _no_doctype(tree)
        return tree.getroot()

    def _open(self) -> None:
        names = set(self._archive.namelist())
        if "[Content_Types].xml" not in names:
            raise Unsupported("NoContentTypes")
        types = self._xml("[Content_Types].xml")
        overrides = {o.get("ContentType"): o.get("PartName", "") for o in types.iter(f"{_CT}Override")}
        defaults = {d.get("ContentType") for d in types.iter(f"{_CT}Default")}
        workbook_part = next((overrides[t].lstrip("/") for t in _WORKBOOK_TYPES if t in overrides), None)
        if workbook_part is None and defaults & set(_WORKBOOK_TYPES):
            workbook_part = "xl/workbook.xml"
        if workbook_part is None or workbook_part not in names:
            raise Unsupported("NoWorkbookPart")
        book = self._xml(workbook_part)
        properties = book.find(f"{_NS}workbookPr")
        date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
        self._epoch = CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH
        folder, base = posixpath.split(workbook_part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        targets = {}
        if rels_name in names:
            for rel in self._xml(rels_name).iter(_REL):
                if rel.get("TargetMode") == "External" or rel.get("Type") != _WORKSHEET_REL:
                    continue
                target = rel.get("Target", "")
                path = (
                    target[1:]
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
                targets[rel.get("Id")] = path
        self.sheets: dict[str, str] = {}  # title -> part, in the workbook's order
        for sheet in book.iter(f"{_NS}sheet"):
            path = targets.get(sheet.get(_REL_ID))
            if path in names:
                self.sheets[sheet.get("name")] = path
        strings_part = overrides.get(_SHARED_STRINGS_TYPE, "").lstrip("/")
        self._strings: list[str] = []
        if strings_part in names:
            self._strings = [
                _rich_text(item).replace("x005F_", "") for item in self._xml(strings_part).iter(f"{_NS}si")
            ]
        self._dates: set[int] = set()
        self._durations: set[int] = set()
        if "xl/styles.xml" in names:  # where openpyxl looks, whatever the relationships say
            styles = self._xml("xl/styles.xml")
            custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{_NS}numFmt")}
            cell_styles = styles.find(f"{_NS}cellXfs")
            for index, xf in enumerate(
                cell_styles.iterchildren(f"{_NS}xf") if cell_styles is not None else ()
            ):
                number_format = int(xf.get("numFmtId", "0"))
                code = (
                    custom[number_format] if number_format in custom else BUILTIN_FORMATS.get(number_format)
                )
                if code and is_date_format(code):
                    self._dates.add(index)
                if code and is_timedelta_format(code):
                    self._durations.add(index)

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def rows(self, title: str) -> Iterator[tuple[int, dict[int, Any]]]:
        """(row number, {column index from 0: value}) of each row present in the sheet, in order."""
        try:
            yield from self._rows(self.sheets[title])
        except (SpreadsheetError, GeneratorExit):
            raise
        except Exception as exc:
            raise unreadable(exc) from exc

    def _rows(self, path: str) -> Iterator[tuple[int, dict[int, Any]]]:
        cell_tag, value_tag, formula_tag, inline_tag = f"{_NS}c", f"{_NS}v", f"{_NS}f", f"{_NS}is"
        strings, dates, durations, epoch = self._strings, self._dates, self._durations, self._epoch
        columns = _COLUMN_INDEX
        number = 0
        with self._archive.open(path) as handle:
            events = etree.iterparse(
                handle,
                events=("end",),
                tag=f"{_NS}row",
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            for _event, row in events:
                if not number:  # the declaration, if any, precedes the first row
                    _no_doctype(row.getroottree())
                given = row.get("r")
                previous, number = number, int(given) if given else number + 1
                if number > MAX_SHEET_ROWS:
                    raise Unsupported("OutsideTheSheet")
                if number <= previous:
                    raise Unsupported("RowsOutOfOrder")
                row_text = str(number)
                values: dict[int, Any] = {}
                column = -1
                for cell in row.iterchildren(cell_tag):
                    ref = cell.get("r")
                    if ref:
                        position = columns.get(ref[: -len(row_text)]) if ref.endswith(row_text) else None
                        if position is None:
                            raise Unsupported(_misplaced(ref, row_text))
                    else:
                        position = column + 1
                        if position >= MAX_SHEET_COLUMNS:
                            raise Unsupported("OutsideTheSheet")
                    if position <= column:
                        raise Unsupported("CellsOutOfOrder")
                    column = position
                    kind = cell.get("t", "n")
                    formula = cell.find(formula_tag)
                    if formula is not None:
                        values[position] = Formula("=" + (formula.text or ""))
                        continue
                    if kind == "inlineStr":
                        inline = cell.find(inline_tag)
                        if inline is not None:
                            values[position] = _rich_text(inline)
                        continue
                    raw = cell.findtext(value_tag) or None
                    if raw is None:
                        continue
                    if kind == "n":
                        value: Any = _cast_number(raw)
                        style = int(cell.get("s") or 0)
                        if style in dates:
                            try:
                                value = from_excel(value, epoch, timedelta=style in durations)
                            except (OverflowError, ValueError):
                                value = "#VALUE!"  # as openpyxl: a date outside the calendar is an error cell
                    elif kind == "s":
                        value = strings[int(raw)]
                    elif kind == "b":
                        value = bool(int(raw))
                    elif kind == "d":
                        value = from_ISO8601(raw)
                    else:  # "str" (a formula's text), "e" (an error such as #N/A)
                        value = raw
                    values[position] = value
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                yield number, values
