"""The programme spreadsheet: export, blank template, and import with a preview.

File format
-----------
Sheet ``Program`` holds one header row (row 1) and one programme per row from row 2. The columns are
``COLUMNS`` below, written in that fixed order. Their titles are Indonesian and deliberately *not* passed
through gettext: they are the file format, so a file downloaded in one interface language imports in the
other. The import finds columns by title (or by the technical key of ``COLUMNS``), so a user who moves a
column does no harm; a missing column is an error for the whole file.

What all spreadsheets share (upload checks, cell values, styles, the Petunjuk sheet, the reader) is in
core/spreadsheets.py; this module holds the programme columns, lookups and rules.

Sheet ``Petunjuk`` documents every column and lists the allowed values (dimension codes, element codes,
strategies, OPD names, funding source codes, horizons); the main sheet's data validation lists point at it.
The blank template is the same workbook without programme rows.

Text that a spreadsheet program could run as a formula (starting with ``= + - @``, tab or carriage return)
is written with a leading ``'``, and the import removes that one ``'`` again, so an export imports unchanged.

Import
------
``build_preview`` validates every row against the masterplan as it is now and returns a JSON-ready dict that
is stored in ``ProgrammeImport.preview``: per row its action (new / change / unchanged / error), the changed
fields (old → new) and the errors (row number as in the spreadsheet, column title and letter, how to fix it).
``commit_programme_import`` reads the stored file again, checks that the result is still what the user saw,
and writes everything in one transaction. Rows missing from the file are left alone: the import never deletes.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kotacerdas.core import audit
from kotacerdas.core.forms import clean_cell_number
from kotacerdas.core.numbers_format import format_number
from kotacerdas.core.spreadsheets import (
    HEADER_FILL,
    HEADER_FONT,
    MAX_UPLOAD_BYTES,
    XLSX_CONTENT_TYPE,
    CellError,
    Column,
    Formula,
    RawSheet,
    SpreadsheetError,
    XlsxFile,
    add_validation,
    cell_date,
    cell_text,
    cell_value,
    cell_year,
    check_xlsx_upload,
    clean_text,
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
from kotacerdas.framework.models import Dimension, Element
from kotacerdas.masterplans.models import (
    FundingSource,
    Horizon,
    ImportStatus,
    Masterplan,
    MasterplanProgramme,
    ProgrammeImport,
    Strategy,
)
from kotacerdas.regions.models import Opd

DATA_SHEET = "Program"
GUIDE_SHEET = "Petunjuk"
MAX_ROWS = 1000
PREVIEW_FORMAT = 1

YES = {"ya", "y", "yes", "true", "1", "x", "benar"}
NO = {"tidak", "t", "no", "n", "false", "0", "salah", ""}
HORIZON_WORDS = {
    "pendek": Horizon.SHORT,
    "jangka pendek": Horizon.SHORT,
    "menengah": Horizon.MEDIUM,
    "jangka menengah": Horizon.MEDIUM,
    "panjang": Horizon.LONG,
    "jangka panjang": Horizon.LONG,
}
# Names other modules import from here; they live in core/spreadsheets.py.
__all__ = [
    "MAX_UPLOAD_BYTES",
    "XLSX_CONTENT_TYPE",
    "SpreadsheetError",
    "check_xlsx_upload",
    "workbook_bytes",
]


# The fixed column order of the "Program" sheet (A, B, C, ...).
COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", gettext_lazy("Filled in by the export. Keep it to change that programme; leave it empty for a new programme."), 8),
    Column("dimension", "Kode dimensi", gettext_lazy("Required. A dimension code from the list on this sheet."), 12),
    Column("strategy", "Strategi", gettext_lazy("Required. The title of one of the masterplan's strategies in that dimension, as listed on this sheet."), 36),
    Column("element", "Kode elemen", gettext_lazy("Optional. An element code of the same dimension."), 12),
    Column("name", "Nama program", gettext_lazy("Required. At most 250 characters."), 36),
    Column("description", "Deskripsi", gettext_lazy("Optional."), 40),
    Column("owner_opd", "OPD penanggung jawab", gettext_lazy("Optional. The name of one OPD of the region, exactly as listed on this sheet."), 28),
    Column("partner_opds", "OPD mitra", gettext_lazy("Optional. OPD names from the list, separated by a semicolon (;)."), 32),
    Column("funding_source", "Sumber dana", gettext_lazy("Optional. A funding source code from the list."), 12),
    Column("budget", "Anggaran (Rp)", gettext_lazy("Optional. Estimated budget in rupiah as a whole number, for example 1500000."), 16),
    Column("start_year", "Tahun mulai", gettext_lazy("Optional. A year from 2000 to 2100."), 11),
    Column("end_year", "Tahun selesai", gettext_lazy("Optional. A year from 2000 to 2100, not before the start year."), 11),
    Column("horizon", "Jangka waktu", gettext_lazy("Optional. A horizon code from the list: short, medium or long."), 12),
    Column("output", "Keluaran (output)", gettext_lazy("Optional."), 30),
    Column("outcome", "Hasil (outcome)", gettext_lazy("Optional."), 30),
    Column("is_quick_win", "Quick win", gettext_lazy("“ya” or “tidak”; an empty cell means “tidak”."), 10),
    Column("delivery_months", "Waktu penyelesaian (bulan)", gettext_lazy("Whole months from 1 to 12. Required for a quick win."), 14),
    Column("expected_benefit", "Manfaat yang diharapkan", gettext_lazy("Optional."), 30),
    Column("beneficiaries", "Penerima manfaat", gettext_lazy("Optional. At most 250 characters."), 24),
    Column("commitment_signed_by", "Komitmen ditandatangani oleh", gettext_lazy("Optional. At most 250 characters."), 24),
    Column("commitment_signed_on", "Tanggal penandatanganan komitmen", gettext_lazy("Optional. A date, for example 17/08/2025."), 16),
)  # fmt: skip
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
# The model's limits (2,000 characters for the long texts), checked with a message naming the cell.
TEXT_LIMITS = {
    key: MasterplanProgramme._meta.get_field(key).max_length
    for key in (
        "name",
        "description",
        "output",
        "outcome",
        "expected_benefit",
        "beneficiaries",
        "commitment_signed_by",
    )
}
# Canonical programme fields compared and written by the import, in column order.
FIELDS = (
    "strategy", "element", "name", "description", "owner_opd", "partner_opds", "funding_source", "budget",
    "start_year", "end_year", "horizon", "output", "outcome", "is_quick_win", "delivery_months",
    "expected_benefit", "beneficiaries", "commitment_signed_by", "commitment_signed_on",
)  # fmt: skip
FIELD_COLUMNS = {"strategy": ("dimension", "strategy")}  # fields shown under more than one column
TEXT_FIELDS = (
    "name", "description", "output", "outcome", "expected_benefit", "beneficiaries", "commitment_signed_by",
)  # fmt: skip


class ImportOutdated(Exception):
    """The masterplan changed between preview and confirmation; ``preview`` is the fresh one."""

    def __init__(self, preview: dict):
        super().__init__("outdated")
        self.preview = preview


# ---------------------------------------------------------------------------------------------------------
# Cell values


def _format_rupiah(value: int) -> str:
    """Whole rupiah grouped in the active language (``1.250.000``): core/numbers_format.py."""
    return format_number(value, 0)


# ---------------------------------------------------------------------------------------------------------
# Reference data of one masterplan


class Lookups:
    """Everything a row refers to, loaded once: dimensions, elements, strategies, OPDs, programmes."""

    def __init__(self, masterplan: Masterplan, *, with_programmes: bool = True):
        self.masterplan = masterplan
        self.region = masterplan.region
        self.dimensions = list(
            Dimension.objects.filter(version_id=masterplan.framework_version_id).order_by("order")
        )
        self.dimension_by_code = {normal(d.code): d for d in self.dimensions}
        self.dimension_by_pk = {d.pk: d for d in self.dimensions}
        self.elements = list(
            Element.objects.filter(dimension__version_id=masterplan.framework_version_id).order_by(
                "dimension__order", "order"
            )
        )
        self.element_by_pk = {e.pk: e for e in self.elements}
        self.element_by_code = {(e.dimension_id, normal(e.code)): e for e in self.elements}
        self.strategies = list(
            Strategy.objects.filter(masterplan=masterplan).order_by("dimension__order", "pk")
        )
        self.strategy_by_pk = {s.pk: s for s in self.strategies}
        self.strategy_by_title: dict[tuple[int, str], Strategy] = {}
        for s in self.strategies:
            self.strategy_by_title.setdefault((s.dimension_id, normal(s.title)), s)
        self.opds = list(Opd.objects.filter(region=self.region).order_by("name"))
        self.opd_by_pk = {o.pk: o for o in self.opds}
        self.opd_by_name = {normal(o.name): o for o in self.opds}
        short_names: dict[str, list[Opd]] = {}
        for o in self.opds:
            if o.short_name:
                short_names.setdefault(normal(o.short_name), []).append(o)
        for key, opds in short_names.items():
            if len(opds) == 1:
                self.opd_by_name.setdefault(key, opds[0])
        self.programmes: list[MasterplanProgramme] = []
        if with_programmes:
            self.programmes = list(
                masterplan.programmes.select_related("strategy__dimension", "element", "owner_opd")
                .prefetch_related("partner_opds")
                .order_by("strategy__dimension__order", "start_year", "pk")
            )
        self.programme_by_pk = {p.pk: p for p in self.programmes}

    def display(self, field: str, value) -> str:
        """A canonical value as the spreadsheet writes it (for old → new in the preview)."""
        if value in (None, "", []):
            return ""
        if field == "strategy":
            strategy = self.strategy_by_pk.get(value)
            if strategy is None:
                return str(value)
            return f"{self.dimension_by_pk[strategy.dimension_id].code} · {strategy.title}"
        if field == "element":
            element = self.element_by_pk.get(value)
            return element.code if element else str(value)
        if field == "owner_opd":
            opd = self.opd_by_pk.get(value)
            return opd.name if opd else str(value)
        if field == "partner_opds":
            return "; ".join(self.opd_by_pk[pk].name for pk in value if pk in self.opd_by_pk)
        if field == "is_quick_win":
            return "ya" if value else "tidak"
        if field == "budget":
            return _format_rupiah(value)
        if field == "commitment_signed_on":
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        return str(value)


def canonical(programme: MasterplanProgramme) -> dict:
    """The comparable, JSON-ready values of a programme, keyed by ``FIELDS``."""
    return {
        "strategy": programme.strategy_id,
        "element": programme.element_id,
        "name": clean_text(programme.name),
        "description": clean_text(programme.description),
        "owner_opd": programme.owner_opd_id,
        "partner_opds": sorted(o.pk for o in programme.partner_opds.all()),
        "funding_source": programme.funding_source or "",
        "budget": None if programme.budget is None else int(programme.budget),
        "start_year": programme.start_year,
        "end_year": programme.end_year,
        "horizon": programme.horizon or "",
        "output": clean_text(programme.output),
        "outcome": clean_text(programme.outcome),
        "is_quick_win": bool(programme.is_quick_win),
        "delivery_months": programme.delivery_months,
        "expected_benefit": clean_text(programme.expected_benefit),
        "beneficiaries": clean_text(programme.beneficiaries),
        "commitment_signed_by": clean_text(programme.commitment_signed_by),
        "commitment_signed_on": (
            programme.commitment_signed_on.isoformat() if programme.commitment_signed_on else None
        ),
    }


# ---------------------------------------------------------------------------------------------------------
# Export


def export_row(programme: MasterplanProgramme) -> list:
    """One programme as the cells of a row, in ``COLUMNS`` order (text not yet neutralised)."""
    partners = sorted(programme.partner_opds.all(), key=lambda o: o.name)
    return [
        programme.pk,
        programme.strategy.dimension.code,
        programme.strategy.title,
        programme.element.code if programme.element else "",
        programme.name,
        programme.description,
        programme.owner_opd.name if programme.owner_opd else "",
        "; ".join(o.name for o in partners),
        programme.funding_source or "",
        None if programme.budget is None else int(programme.budget),
        programme.start_year,
        programme.end_year,
        programme.horizon or "",
        programme.output,
        programme.outcome,
        "ya" if programme.is_quick_win else "tidak",
        programme.delivery_months,
        programme.expected_benefit,
        programme.beneficiaries,
        programme.commitment_signed_by,
        programme.commitment_signed_on,
    ]


def build_workbook(masterplan: Masterplan, *, with_rows: bool = True) -> Workbook:
    """The programme workbook of a masterplan; without rows it is the blank template."""
    lookups = Lookups(masterplan, with_programmes=with_rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    write_header(sheet, COLUMNS)
    budget_col = _letter("budget")
    date_col = _letter("commitment_signed_on")
    for row, programme in enumerate(lookups.programmes, start=2):
        sheet.append([cell_value(v) for v in export_row(programme)])
        sheet[f"{budget_col}{row}"].number_format = "#,##0"
        sheet[f"{date_col}{row}"].number_format = "DD/MM/YYYY"
    guide_ranges = _write_guide(workbook.create_sheet(GUIDE_SHEET), lookups)
    _add_validations(sheet, guide_ranges)
    workbook.properties.creator = "kotacerdas"
    workbook.properties.title = masterplan.title[:250]
    return workbook


def _letter(key: str) -> str:
    return column_letter(COLUMNS, key)


def _write_guide(sheet, lookups: Lookups) -> dict[str, str]:
    """Fill the Petunjuk sheet. Returns, per column key, the absolute range holding its allowed values."""
    blocks: list[tuple[str, list[str], list[list]]] = [
        ("dimension", ["Kode dimensi", _("Dimension")], [[d.code, d.name] for d in lookups.dimensions]),
        (
            "element",
            ["Kode elemen", _("Element"), "Kode dimensi"],
            [[e.code, e.name, lookups.dimension_by_pk[e.dimension_id].code] for e in lookups.elements],
        ),
        (
            "strategy",
            ["Strategi", "Kode dimensi"],
            [[s.title, lookups.dimension_by_pk[s.dimension_id].code] for s in lookups.strategies],
        ),
        ("owner_opd", ["OPD", _("Short name")], [[o.name, o.short_name] for o in lookups.opds]),
        ("funding_source", ["Sumber dana", _("Meaning")], [[f.value, str(f.label)] for f in FundingSource]),
        ("horizon", ["Jangka waktu", _("Meaning")], [[h.value, str(h.label)] for h in Horizon]),
        ("is_quick_win", ["Quick win"], [["ya"], ["tidak"]]),
    ]
    # Columns A-B: what each column of the Program sheet holds.
    write_guide(
        sheet,
        [(None, COLUMNS)],
        notes=[
            _("Rows missing from the file are left as they are: the import never deletes programmes."),
            _("Nothing changes until you confirm the preview shown after the upload."),
            _("Text starting with =, +, - or @ is written with a leading ' so that it is not run as a formula; "
              "the import removes that '."),
            _("Formulas are not accepted. Paste values only."),
        ],
        widths=(30, 70),
    )  # fmt: skip
    # Then one block of allowed values per kind, side by side from column D, an empty column between blocks.
    ranges: dict[str, str] = {}
    first = 4
    for key, headers, rows in blocks:
        for offset, header in enumerate(headers):
            cell = sheet.cell(row=1, column=first + offset, value=header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            sheet.column_dimensions[get_column_letter(first + offset)].width = 30 if offset == 0 else 20
        for r, values in enumerate(rows, start=2):
            for offset, value in enumerate(values):
                sheet.cell(row=r, column=first + offset, value=cell_value(value))
        if rows:
            letter = get_column_letter(first)
            ranges[key] = f"{GUIDE_SHEET}!${letter}$2:${letter}${len(rows) + 1}"
        first += len(headers) + 1
    sheet.freeze_panes = "A2"
    return ranges


def _add_validations(sheet, guide_ranges: dict[str, str]) -> None:
    """Drop-down lists on the Program sheet, pointing at the Petunjuk sheet. A warning, not a stop, so a value
    added in the masterplan after the download can still be typed."""
    last_row = MAX_ROWS + 1
    for key, cell_range in guide_ranges.items():
        add_validation(
            sheet,
            f"{_letter(key)}2:{_letter(key)}{last_row}",
            type="list",
            formula1=cell_range,
            errorTitle=COLUMN_BY_KEY[key].title,
            error=_("This value is not in the list on the Petunjuk sheet."),
        )


# ---------------------------------------------------------------------------------------------------------
# Reading an uploaded file


def read_rows(data: bytes) -> RawSheet:
    """The programme rows of an uploaded workbook, or SpreadsheetError for a file that cannot be used."""
    with XlsxFile(data) as workbook:
        if DATA_SHEET in workbook.sheets:
            title = DATA_SHEET
        else:
            candidates = [name for name in workbook.sheetnames if name != GUIDE_SHEET]
            if not candidates:
                raise SpreadsheetError(_("The workbook has no sheet “%(sheet)s”.") % {"sheet": DATA_SHEET})
            title = candidates[0]
        return _read_sheet(workbook.rows(title), title)


def _read_sheet(rows, title: str) -> RawSheet:
    """``rows`` as ``XlsxFile.rows`` gives them: (row number, {column index: value})."""
    first = next(rows, None)
    # The titles are row 1; without them the required columns are missing, which find_columns reports.
    header = first[1] if first is not None and first[0] == 1 else {}
    positions = find_columns(
        header,
        COLUMNS,
        sheet=title,
        duplicate=gettext_lazy("The column “%(title)s” appears twice in the first row. Keep only one."),
    )
    found: list[tuple[int, dict[str, Any]]] = []
    items = list(positions.items())
    for number, cells in rows:
        values = {key: cells.get(index) for key, index in items}
        if not any(isinstance(v, Formula) or not is_blank(v) for v in values.values()):
            continue
        if number > MAX_ROWS + 1:
            raise SpreadsheetError(
                _("The file has more than %(n)s programme rows. Split it into several files.")
                % {"n": MAX_ROWS}
            )
        found.append((number, values))
    return RawSheet(letters=letters_of(positions), rows=found)


@dataclass
class RawRow:
    number: int  # as shown by the spreadsheet program
    values: dict[str, Any]
    formulas: set[str]

    @classmethod
    def of(cls, number: int, values: dict[str, Any]) -> RawRow:
        return cls(number, values, {key for key, value in values.items() if isinstance(value, Formula)})


# ---------------------------------------------------------------------------------------------------------
# Validating rows


# Number cells are read by the forms' own field: the same Indonesian reading, bounds and messages.
BUDGET_FIELD = MasterplanProgramme._meta.get_field("budget").formfield(required=False)


class RowChecker:
    """Validates one raw row into canonical values, collecting an error per cell."""

    def __init__(self, lookups: Lookups, letters: dict[str, str], raw: RawRow):
        self.lookups, self.letters, self.raw = lookups, letters, raw
        self.errors: list[dict] = []

    def error(self, key: str, message) -> None:
        self.errors.append(
            {"column": COLUMN_BY_KEY[key].title, "letter": self.letters.get(key, ""), "message": str(message)}
        )

    def value(self, key):
        return self.raw.values.get(key)

    def check(self) -> tuple[int | None, dict]:
        lookups, region = self.lookups, self.lookups.region
        for key in sorted(self.raw.formulas, key=lambda k: [c.key for c in COLUMNS].index(k)):
            self.error(
                key, _("This cell holds a formula. Type the value itself, or paste it as “values only”.")
            )
        formulas = self.raw.formulas
        out: dict[str, Any] = {}

        # ID
        programme_id = None
        if "id" not in formulas and not is_blank(self.value("id")):
            try:
                programme_id = whole_number(self.value("id"))
            except CellError:
                self.error(
                    "id",
                    _("The ID must be a whole number from the export. Leave it empty for a new programme."),
                )
            else:
                if programme_id not in lookups.programme_by_pk:
                    self.error(
                        "id",
                        _("There is no programme with ID %(id)s in this masterplan. Leave the cell empty to add the "
                          "row as a new programme.") % {"id": programme_id},
                    )  # fmt: skip

        # Dimension and strategy
        dimension = None
        codes = ", ".join(d.code for d in lookups.dimensions)
        raw_dimension = cell_text(self.value("dimension"))
        if "dimension" in formulas:
            pass
        elif not raw_dimension:
            self.error(
                "dimension", _("Required. Write one of the dimension codes: %(codes)s.") % {"codes": codes}
            )
        else:
            dimension = lookups.dimension_by_code.get(normal(raw_dimension))
            if dimension is None:
                self.error(
                    "dimension",
                    _("“%(value)s” is not a dimension code of this masterplan. Write one of: %(codes)s.")
                    % {"value": raw_dimension, "codes": codes},
                )
        raw_strategy = cell_text(self.value("strategy"))
        if "strategy" in formulas:
            pass
        elif not raw_strategy:
            self.error(
                "strategy",
                _("Required. Write the title of one of the masterplan's strategies in this dimension, as listed on "
                  "the Petunjuk sheet."),
            )  # fmt: skip
        elif dimension is not None:
            strategy = lookups.strategy_by_title.get((dimension.pk, normal(raw_strategy)))
            if strategy is None:
                self.error(
                    "strategy",
                    _("The masterplan has no strategy “%(value)s” in dimension %(dimension)s. Use a title listed on "
                      "the Petunjuk sheet (with its dimension code), or add the strategy to the masterplan first.")
                    % {"value": raw_strategy, "dimension": dimension.code},
                )  # fmt: skip
            else:
                out["strategy"] = strategy.pk

        # Element
        out["element"] = None
        raw_element = cell_text(self.value("element"))
        if raw_element and dimension is not None and "element" not in formulas:
            element = lookups.element_by_code.get((dimension.pk, normal(raw_element)))
            if element is None:
                allowed = ", ".join(e.code for e in lookups.elements if e.dimension_id == dimension.pk)
                self.error(
                    "element",
                    _("“%(value)s” is not an element code of dimension %(dimension)s. Write one of: %(codes)s, or "
                      "leave the cell empty.") % {"value": raw_element, "dimension": dimension.code, "codes": allowed},
                )  # fmt: skip
            else:
                out["element"] = element.pk

        # Texts
        for key in TEXT_FIELDS:
            text = "" if key in formulas else cell_text(self.value(key))
            limit = TEXT_LIMITS.get(key)
            if limit and len(text) > limit:
                self.error(
                    key,
                    _("At most %(limit)s characters are allowed; this cell has %(length)s. Shorten the text.")
                    % {"limit": limit, "length": len(text)},
                )
            out[key] = text
        if not out["name"] and "name" not in formulas:
            self.error("name", _("Required. Write the name of the programme."))

        # OPDs
        out["owner_opd"] = None
        raw_owner = cell_text(self.value("owner_opd"))
        if raw_owner and "owner_opd" not in formulas:
            owner = lookups.opd_by_name.get(normal(raw_owner))
            if owner is None:
                self.error(
                    "owner_opd",
                    _("“%(value)s” is not in the OPD list of %(region)s. Write a name exactly as listed on the "
                      "Petunjuk sheet, or add the OPD to the region's list first.")
                    % {"value": raw_owner, "region": region.name},
                )  # fmt: skip
            else:
                out["owner_opd"] = owner.pk
        partners: set[int] = set()
        raw_partners = cell_text(self.value("partner_opds"))
        if raw_partners and "partner_opds" not in formulas:
            unknown = []
            for name in re.split(r"[;\n]", raw_partners):
                if not name.strip():
                    continue
                opd = lookups.opd_by_name.get(normal(name))
                if opd is None:
                    unknown.append(name.strip())
                else:
                    partners.add(opd.pk)
            if unknown:
                self.error(
                    "partner_opds",
                    _("Not in the OPD list of %(region)s: %(names)s. Write names exactly as listed on the Petunjuk "
                      "sheet, separated by a semicolon (;).")
                    % {"region": region.name, "names": ", ".join(f"“{n}”" for n in unknown)},
                )  # fmt: skip
        if out["owner_opd"] is not None and out["owner_opd"] in partners:
            self.error(
                "partner_opds",
                _("The owning OPD cannot also be a partner. Remove “%(name)s” from this cell.")
                % {"name": lookups.opd_by_pk[out["owner_opd"]].name},
            )
        out["partner_opds"] = sorted(partners)

        # Codes
        out["funding_source"] = ""
        raw_funding = normal(cell_text(self.value("funding_source")))
        if raw_funding and "funding_source" not in formulas:
            if raw_funding in FundingSource.values:
                out["funding_source"] = raw_funding
            else:
                self.error(
                    "funding_source",
                    _(
                        "“%(value)s” is not a funding source code. Write one of: %(codes)s, or leave the cell empty."
                    )
                    % {
                        "value": cell_text(self.value("funding_source")),
                        "codes": ", ".join(FundingSource.values),
                    },
                )
        out["horizon"] = ""
        raw_horizon = normal(cell_text(self.value("horizon")))
        if raw_horizon and "horizon" not in formulas:
            horizon = raw_horizon if raw_horizon in Horizon.values else HORIZON_WORDS.get(raw_horizon)
            if horizon:
                out["horizon"] = str(horizon)
            else:
                self.error(
                    "horizon",
                    _("“%(value)s” is not a horizon code. Write one of: %(codes)s, or leave the cell empty.")
                    % {"value": cell_text(self.value("horizon")), "codes": ", ".join(Horizon.values)},
                )

        # Numbers
        out["budget"] = None
        if not is_blank(self.value("budget")) and "budget" not in formulas:
            try:
                budget = clean_cell_number(BUDGET_FIELD, self.value("budget"))
            except ValidationError as error:
                self.error("budget", " ".join(error.messages))
            else:
                out["budget"] = None if budget is None else int(budget)
        for key in ("start_year", "end_year"):
            out[key] = None
            if not is_blank(self.value(key)) and key not in formulas:
                try:
                    out[key] = cell_year(self.value(key))
                except CellError as exc:
                    self.error(key, exc.message)
        if out["start_year"] and out["end_year"] and out["end_year"] < out["start_year"]:
            self.error(
                "end_year",
                _("The end year (%(end)s) comes before the start year (%(start)s). Correct one of the two.")
                % {"end": out["end_year"], "start": out["start_year"]},
            )

        # Quick win
        out["is_quick_win"] = False
        raw_quick = normal(cell_text(self.value("is_quick_win")))
        if "is_quick_win" not in formulas:
            if self.value("is_quick_win") is True or raw_quick in YES:
                out["is_quick_win"] = True
            elif not (self.value("is_quick_win") is False or raw_quick in NO):
                self.error("is_quick_win", _("Write “ya” or “tidak”."))
        out["delivery_months"] = None
        if not is_blank(self.value("delivery_months")) and "delivery_months" not in formulas:
            try:
                months = whole_number(self.value("delivery_months"))
            except CellError:
                months = None
            if months is None or not 1 <= months <= 12:
                self.error("delivery_months", _("Write a whole number of months from 1 to 12."))
            else:
                out["delivery_months"] = months
        elif out["is_quick_win"] and "delivery_months" not in formulas:
            self.error(
                "delivery_months",
                _("A quick win needs a delivery time: write a whole number of months from 1 to 12."),
            )

        # Date
        out["commitment_signed_on"] = None
        if not is_blank(self.value("commitment_signed_on")) and "commitment_signed_on" not in formulas:
            try:
                out["commitment_signed_on"] = cell_date(self.value("commitment_signed_on")).isoformat()
            except CellError as exc:
                self.error("commitment_signed_on", exc.message)
            except (ValueError, OverflowError):
                self.error("commitment_signed_on", _("Write the date as DD/MM/YYYY, for example 17/08/2025."))

        if not self.errors:
            self._model_check(out)
        return programme_id, out

    def _model_check(self, out: dict) -> None:
        """The model's own field and clean() rules, as a safety net behind the checks above."""
        instance = MasterplanProgramme(masterplan=self.lookups.masterplan, **_model_values(out))
        instance.strategy = self.lookups.strategy_by_pk[out["strategy"]]
        if out["element"]:
            instance.element = self.lookups.element_by_pk[out["element"]]
        try:
            instance.full_clean(
                exclude=["masterplan", "strategy", "element", "owner_opd", "partner_opds"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                key = field if field in COLUMN_BY_KEY else "name"
                for message in messages:
                    self.error(key, message)


def _model_values(fields: dict) -> dict:
    """Canonical values as model field values (without the partner OPDs)."""
    values = {}
    for field in FIELDS:
        value = fields[field]
        if field == "partner_opds":
            continue
        if field in ("strategy", "element", "owner_opd"):
            values[f"{field}_id"] = value
        elif field == "budget":
            values[field] = None if value is None else Decimal(value)
        elif field == "commitment_signed_on":
            values[field] = None if value is None else datetime.date.fromisoformat(value)
        else:
            values[field] = value
    return values


def build_preview(masterplan: Masterplan, data: bytes, *, filename: str = "") -> dict:
    """Validate an uploaded file against the masterplan as it is now. Raises SpreadsheetError for the file."""
    sheet = read_rows(data)
    if not sheet.rows:
        raise SpreadsheetError(
            _("The file has no programme rows. Fill in at least one row below the titles.")
        )
    lookups = Lookups(masterplan)
    rows, seen_ids = [], {}
    for number, values in sheet.rows:
        raw = RawRow.of(number, values)
        checker = RowChecker(lookups, sheet.letters, raw)
        programme_id, fields = checker.check()
        if programme_id is not None:
            if programme_id in seen_ids:
                checker.error(
                    "id",
                    _("ID %(id)s is also used in row %(row)s. A programme may appear only once; clear the ID of a "
                      "new programme.") % {"id": programme_id, "row": seen_ids[programme_id]},
                )  # fmt: skip
            else:
                seen_ids[programme_id] = raw.number
        entry: dict[str, Any] = {"row": raw.number, "id": programme_id, "name": fields.get("name", "")}
        if checker.errors:
            entry.update(action="error", errors=checker.errors)
        elif programme_id is None:
            entry.update(action="new", fields=fields)
        else:
            programme = lookups.programme_by_pk[programme_id]
            before = canonical(programme)
            changed = [f for f in FIELDS if before[f] != fields[f]]
            entry.update(
                action="change" if changed else "unchanged",
                revision=programme.revision,
                fields=fields,
                changed=changed,
                changes=[
                    {
                        "column": " / ".join(COLUMN_BY_KEY[k].title for k in FIELD_COLUMNS.get(f, (f,))),
                        "old": lookups.display(f, before[f]),
                        "new": lookups.display(f, fields[f]),
                    }
                    for f in changed
                ],
            )
        rows.append(entry)
    counts = {
        action: sum(1 for r in rows if r["action"] == action)
        for action in ("new", "change", "unchanged", "error")
    }
    return {"format": PREVIEW_FORMAT, "filename": filename[:200], "rows": rows, "counts": counts}


def _plan(preview: dict) -> list:
    """What a commit would write; a preview and its re-check at commit time must agree on it."""
    return [
        (r["row"], r["id"], r["action"], r.get("revision"), r.get("fields"), r.get("changed"))
        for r in preview.get("rows", [])
    ]


def has_errors(preview: dict) -> bool:
    return any(r["action"] == "error" for r in preview.get("rows", []))


# ---------------------------------------------------------------------------------------------------------
# Committing


@transaction.atomic
def _audit_summary(created: int, changed: int) -> str:
    # The audit trail is read by the secretariat in the platform's language, whoever imported.
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(created)s created, %(changed)s changed") % {"created": created, "changed": changed}


def commit_programme_import(programme_import: ProgrammeImport, *, by) -> tuple[int, int]:
    """Apply a previewed import. Returns (created, changed).

    Side effects: programmes created and updated (updated rows get ``revision`` + 1, so forms opened before are
    stale), the import marked committed, an AuditEntry ``masterplan.import``. Raises ValidationError when the
    import cannot be applied and ImportOutdated when the masterplan changed since the preview; then nothing is
    written.
    """
    locked = ProgrammeImport.objects.select_for_update().get(pk=programme_import.pk)
    masterplan = (
        Masterplan.objects.select_for_update()
        .select_related("participation__region")
        .get(pk=locked.masterplan_id)
    )
    if locked.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import has already been confirmed or discarded."))
    if not masterplan.is_editable:
        raise ValidationError(_("The masterplan cannot be edited in its current status."))
    if has_errors(locked.preview):
        raise ValidationError(_("Correct the errors in the file and upload it again; nothing was imported."))
    with locked.file.open("rb") as handle:
        data = handle.read()
    try:
        fresh = build_preview(masterplan, data, filename=locked.preview.get("filename", ""))
    except SpreadsheetError as exc:
        raise ValidationError(exc.message) from exc
    if _plan(fresh) != _plan(locked.preview):
        raise ImportOutdated(fresh)

    created = changed = 0
    for row in fresh["rows"]:
        if row["action"] == "new":
            programme = MasterplanProgramme.objects.create(
                masterplan=masterplan, **_model_values(row["fields"])
            )
            if row["fields"]["partner_opds"]:
                programme.partner_opds.set(row["fields"]["partner_opds"])
            created += 1
        elif row["action"] == "change":
            values = _model_values(row["fields"])
            updates = {}
            for field in row["changed"]:
                if field == "partner_opds":
                    continue
                name = f"{field}_id" if field in ("strategy", "element", "owner_opd") else field
                updates[name] = values[name]
            updated = MasterplanProgramme.objects.filter(
                pk=row["id"], masterplan=masterplan, revision=row["revision"]
            ).update(revision=F("revision") + 1, **updates)
            if not updated:
                raise ImportOutdated(fresh)
            if "partner_opds" in row["changed"]:
                MasterplanProgramme.objects.get(pk=row["id"]).partner_opds.set(row["fields"]["partner_opds"])
            changed += 1
    fresh["result"] = {"created": created, "changed": changed}
    locked.preview = fresh
    locked.status = ImportStatus.COMMITTED
    locked.save(update_fields=["preview", "status", "updated_at"])
    audit.record(
        "masterplan.import",
        target=masterplan,
        by=by,
        new=_audit_summary(created, changed),
        note=fresh.get("filename", ""),
        region_code=masterplan.region.code,
    )
    return created, changed
