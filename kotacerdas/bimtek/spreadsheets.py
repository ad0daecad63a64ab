"""The daftar hadir of one bimtek stage as a spreadsheet: template, reading, row checks, all-or-nothing commit.

File format
-----------
Sheet ``Daftar hadir``: one header row, then one person per row (``COLUMNS``); sheet ``Petunjuk`` explains the
columns and lists the regions of the cohort and the dimensions. Column titles are Indonesian and not translated
(they are the file format). What all spreadsheets share is in core/spreadsheets.py.

The template holds the people already on the list, so a list can be downloaded, completed and uploaded again. A
row is matched with a person already on the list of the same region by NIP, or by name when it has no NIP; it
then updates that person, otherwise it adds one. Every imported person counts as invited; "Hadir" = "Ya" marks
them present (on the first day of the stage, unless already recorded present), "Tidak" absent.

A NIP has 18 digits. It is read as text: the template formats the column as text, and a NIP stored as a whole
number is read exactly; only a number that a spreadsheet program has already rounded (written with an exponent)
is refused, as its last digits are lost. A formula is refused; text that merely starts with "=" stays text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from kotacerdas.bimtek.models import Attendee, WorkingGroup, stage_label
from kotacerdas.core import audit
from kotacerdas.core.spreadsheets import (
    XLSX_CONTENT_TYPE,
    CellError,
    Column,
    Formula,
    RawSheet,
    SpreadsheetError,
    XlsxFile,
    add_validation,
    cell_text,
    cell_value,
    column_letter,
    find_columns,
    is_blank,
    letters_of,
    normal,
    workbook_bytes,
    write_guide,
    write_header,
)
from kotacerdas.framework.models import Dimension
from kotacerdas.programmes.models import Participation, Stage
from kotacerdas.regions.models import NIP_LENGTH, NIP_VALIDATOR, Opd, normal_nip

__all__ = ["XLSX_CONTENT_TYPE", "SpreadsheetError", "CellError"]

SHEET = "Daftar hadir"
GUIDE_SHEET = "Petunjuk"
MAX_ROWS = 2000
YES = {"ya", "y", "hadir", "yes", "1", "true"}
NO = {"tidak", "t", "tidak hadir", "no", "0", "false"}

COLUMNS: tuple[Column, ...] = (
    Column("region", "Kode wilayah", gettext_lazy("Required. The code of a region of the cohort (for example 33.27) or its name (Kabupaten Pemalang)."), 16),
    Column("name", "Nama", gettext_lazy("Required. The person's full name, at most 150 characters."), 30),
    Column("nip", "NIP", gettext_lazy("Optional. 18 digits, written as text (the template formats the column as text)."), 22),
    Column("position", "Jabatan", gettext_lazy("Optional. The person's position, at most 150 characters."), 28),
    Column("opd", "OPD", gettext_lazy("Optional. The name or short name of an agency of the region; a name not in the region's list is kept as written."), 30),
    Column("attended", "Hadir", gettext_lazy("Required. Ya or Tidak."), 8),
    Column("group", "Kelompok kerja", gettext_lazy("Optional. The name of a dimension, for example Smart Governance, or its code (GOV)."), 24, False),
)  # fmt: skip
TITLES = {c.key: c.title for c in COLUMNS}


# ---------------------------------------------------------------------------------------------------------
# Template


def build_template(stage: Stage) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    write_header(sheet, COLUMNS)
    nip_letter = column_letter(COLUMNS, "nip")
    attendees = (
        Attendee.objects.filter(stage=stage, invited=True)
        .select_related("participation__region", "opd", "working_group__dimension")
        .order_by("participation__region__code", "name")
    )
    for row, attendee in enumerate(attendees, start=2):
        group = attendee.working_group.dimension.name_id if attendee.working_group_id else ""
        sheet.append(
            [
                attendee.participation.region.code,
                cell_value(attendee.name),
                attendee.nip or None,
                cell_value(attendee.position),
                cell_value(attendee.opd.name if attendee.opd_id else attendee.opd_name),
                "Ya" if attendee.attended_on else "Tidak",
                cell_value(group),
            ]
        )
        sheet[f"{nip_letter}{row}"].number_format = "@"
    for row in range(sheet.max_row + 1, MAX_ROWS + 2):
        sheet[f"{nip_letter}{row}"].number_format = "@"
    last = MAX_ROWS + 1
    attended = column_letter(COLUMNS, "attended")
    add_validation(sheet, f"{attended}2:{attended}{last}", type="list", formula1='"Ya,Tidak"')
    participations = stage.cohort.participations.select_related("region").order_by("region__code")
    dimensions = Dimension.objects.filter(version=stage.cohort.framework_version).order_by("order")
    write_guide(
        workbook.create_sheet(GUIDE_SHEET),
        [(SHEET, COLUMNS)],
        tables=[
            ([_("Region code"), _("Region")], [(p.region.code, cell_value(p.region.name)) for p in participations]),
            ([_("Dimension code"), _("Working group")], [(d.code, cell_value(d.name_id)) for d in dimensions]),
        ],
        notes=[
            _("Every person on the list counts as invited. Hadir = Ya marks the person present."),
            _("A row with the NIP (or, without a NIP, the name) of a person already on the list of the same region "
              "updates that person."),
            _("Nothing is saved until you confirm the preview shown after the upload. If any row has an error, "
              "nothing is saved."),
            _("Formulas are not accepted. Paste values only."),
        ],
    )  # fmt: skip
    workbook.properties.creator = "kotacerdas"
    workbook.properties.title = f"{stage_label(stage)} {stage.cohort.name}"[:250]
    return workbook


def template_bytes(stage: Stage) -> bytes:
    return workbook_bytes(build_template(stage))


# ---------------------------------------------------------------------------------------------------------
# Reading


def read_sheet(data: bytes) -> RawSheet:
    with XlsxFile(data) as workbook:
        if SHEET not in workbook.sheets:
            raise SpreadsheetError(
                _("The workbook has no sheet “%(sheet)s”. Download the template and copy your rows into it.")
                % {"sheet": SHEET}
            )
        rows = workbook.rows(SHEET)
        first = next(rows, None)
        header = first[1] if first is not None and first[0] == 1 else {}
        positions = find_columns(
            header,
            COLUMNS,
            sheet=SHEET,
            duplicate=gettext_lazy("The column “%(title)s” appears twice in the first row of sheet “%(sheet)s”. Keep only one."),
        )  # fmt: skip
        items = list(positions.items())
        found = []
        for number, cells in rows:
            values = {key: cells.get(index) for key, index in items}
            if all(is_blank(v) for v in values.values()):
                continue
            if len(found) >= MAX_ROWS:
                raise SpreadsheetError(
                    _("Sheet “%(sheet)s” has more than %(n)s filled rows. Split it into several files.")
                    % {"sheet": SHEET, "n": MAX_ROWS}
                )
            found.append((number, values))
        return RawSheet(letters=letters_of(positions), rows=found)


def read_nip(value) -> str:
    """A NIP cell as its 18 digits, or CellError. Text is read as written; a whole number exactly (the reader
    keeps every digit of an integer cell); a number already rounded by the spreadsheet program is refused."""
    if isinstance(value, bool):
        raise CellError(_("Write the NIP as 18 digits."))
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            text = str(int(value))
        else:
            raise CellError(
                _("This NIP was stored as a rounded number, so its last digits are lost. Format the column as "
                  "text and type the 18 digits again.")
            )  # fmt: skip
    else:
        text = normal_nip(cell_text(value))
    if len(text) != NIP_LENGTH or not text.isdigit():
        raise CellError(NIP_VALIDATOR.message)
    return text


# ---------------------------------------------------------------------------------------------------------
# Checking


class Action:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class Preview:
    stage: Stage
    rows: list[dict] = field(default_factory=list)  # row, region, name, action, detail, errors
    writes: list[tuple[str, Attendee, object]] = field(default_factory=list)  # (action, attendee, dimension)
    filename: str = ""

    @property
    def error_rows(self) -> list[dict]:
        return [r for r in self.rows if r["action"] == Action.ERROR]

    @property
    def has_errors(self) -> bool:
        return bool(self.error_rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((Action.NEW, Action.UPDATE, Action.UNCHANGED, Action.ERROR), 0)
        for row in self.rows:
            counts[row["action"]] += 1
        return counts


class _Lookups:
    def __init__(self, stage: Stage):
        self.participations: dict[str, Participation] = {}
        for p in stage.cohort.participations.select_related("region"):
            self.participations[normal(p.region.code)] = p
            self.participations[normal(p.region.name)] = p
        region_ids = {p.region_id for p in self.participations.values()}
        self.opds: dict[tuple[int, str], Opd] = {}
        for opd in Opd.objects.filter(region_id__in=region_ids):
            self.opds[(opd.region_id, normal(opd.name))] = opd
            if opd.short_name:
                self.opds.setdefault((opd.region_id, normal(opd.short_name)), opd)
        self.dimensions: dict[str, Dimension] = {}
        for d in Dimension.objects.filter(version_id=stage.cohort.framework_version_id):
            for key in (d.code, d.name_id, d.name_en):
                self.dimensions[normal(key)] = d
        self.groups = {g.dimension_id: g for g in WorkingGroup.objects.filter(stage=stage)}
        self.by_nip: dict[tuple[int, str], Attendee] = {}
        self.by_name: dict[tuple[int, str], Attendee] = {}
        for a in Attendee.objects.filter(stage=stage).select_related("working_group"):
            if a.nip:
                self.by_nip[(a.participation_id, a.nip)] = a
            self.by_name.setdefault((a.participation_id, normal(a.name)), a)


class _Row:
    def __init__(self, number: int, values: dict, letters: dict[str, str]):
        self.number, self.values, self.letters = number, values, letters
        self.errors: list[dict] = []

    def error(self, key: str, message) -> None:
        if any(e["key"] == key for e in self.errors):
            return
        self.errors.append(
            {"key": key, "column": TITLES[key], "letter": self.letters.get(key, ""), "message": str(message)}
        )

    def get(self, key):
        """The cell's value; None (with an error) when it holds a formula. Text starting with "=" is text."""
        value = self.values.get(key)
        if isinstance(value, Formula):
            self.error(
                key, _("This cell holds a formula. Type the value itself, or paste it as “values only”.")
            )
            return None
        return value

    def text(self, key, *, limit: int, required: bool = False) -> str:
        text = cell_text(self.get(key))
        if required and not text and not self.errors_for(key):
            self.error(key, _("Required. Fill in this cell."))
        elif len(text) > limit:
            self.error(
                key,
                _("At most %(n)s characters; this cell has %(length)s.") % {"n": limit, "length": len(text)},
            )
        return text

    def errors_for(self, key) -> bool:
        return any(e["key"] == key for e in self.errors)


FIELDS = ("name", "nip", "position", "opd_id", "opd_name", "invited", "attended_on", "working_group_id")


def _check_row(row: _Row, stage: Stage, lookups: _Lookups, seen: dict, preview: Preview) -> None:
    region_text = row.text("region", limit=200, required=True)
    participation = lookups.participations.get(normal(region_text)) if region_text else None
    if region_text and participation is None:
        row.error(
            "region",
            _("“%(value)s” is not a region of this cohort. Write its code or name as on sheet Petunjuk.")
            % {"value": region_text},
        )
    name = row.text("name", limit=150, required=True)
    nip = ""
    raw_nip = row.get("nip")
    if not is_blank(raw_nip):
        try:
            nip = read_nip(raw_nip)
        except CellError as exc:
            row.error("nip", exc.message)
    position = row.text("position", limit=150)
    opd_text = row.text("opd", limit=200)
    opd = None
    if participation and opd_text:
        opd = lookups.opds.get((participation.region_id, normal(opd_text)))
    attended_text = normal(cell_text(row.get("attended")))
    if not attended_text and not row.errors_for("attended"):
        row.error("attended", _("Required. Write Ya or Tidak."))
    elif attended_text and attended_text not in YES | NO:
        row.error(
            "attended",
            _("Write Ya or Tidak, not “%(value)s”.") % {"value": cell_text(row.values.get("attended"))},
        )
    present = attended_text in YES
    group_text = row.text("group", limit=120)
    dimension = None
    if group_text:
        dimension = lookups.dimensions.get(normal(group_text))
        if dimension is None:
            row.error(
                "group",
                _("“%(value)s” is not a dimension. Write a dimension's name or code as on sheet Petunjuk.")
                % {"value": group_text},
            )
    if participation and name:
        key = (participation.pk, nip) if nip else (participation.pk, normal(name))
        if key in seen:
            column = "nip" if nip else "name"
            row.error(column, _("The same person is already on row %(row)s.") % {"row": seen[key]})
        seen[key] = row.number
    label = {
        "row": row.number,
        "region": participation.region.name if participation else region_text,
        "name": name,
    }
    if row.errors:
        preview.rows.append({**label, "action": Action.ERROR, "detail": "", "errors": row.errors})
        return
    existing = (lookups.by_nip.get((participation.pk, nip)) if nip else None) or lookups.by_name.get(
        (participation.pk, normal(name))
    )
    if existing is not None and existing.nip and nip and existing.nip != nip:
        existing = None  # same name, another NIP: another person
    attended_on = (
        (existing.attended_on or stage.starts_on)
        if (present and existing)
        else (stage.starts_on if present else None)
    )
    group = lookups.groups.get(dimension.pk) if dimension else None
    values = {
        "name": name,
        "nip": nip,
        "position": position,
        "opd_id": opd.pk if opd else None,
        "opd_name": "" if opd else opd_text,
        "invited": True,
        "attended_on": attended_on,
        "working_group_id": group.pk if group else None,
    }
    detail = _("present") if present else _("absent")
    if existing is None:
        attendee = Attendee(stage=stage, participation=participation, **values)
        preview.writes.append((Action.NEW, attendee, dimension))
        preview.rows.append({**label, "action": Action.NEW, "detail": detail, "errors": []})
        return
    unchanged = all(getattr(existing, f) == v for f, v in values.items()) and not (
        dimension and group is None
    )
    if unchanged:
        preview.rows.append({**label, "action": Action.UNCHANGED, "detail": detail, "errors": []})
        return
    for f, v in values.items():
        setattr(existing, f, v)
    preview.writes.append((Action.UPDATE, existing, dimension))
    preview.rows.append({**label, "action": Action.UPDATE, "detail": detail, "errors": []})


def check_sheet(stage: Stage, raw: RawSheet, *, filename: str = "") -> Preview:
    preview = Preview(stage=stage, filename=filename[:200])
    lookups = _Lookups(stage)
    seen: dict = {}
    for number, values in raw.rows:
        _check_row(_Row(number, values, raw.letters), stage, lookups, seen, preview)
    return preview


def build_preview(stage: Stage, data: bytes, *, filename: str = "") -> Preview:
    return check_sheet(stage, read_sheet(data), filename=filename)


@transaction.atomic
def commit_file(stage: Stage, data: bytes, *, by, filename: str = "") -> Preview:
    """Read and check the file again, then write every row or none. Raises ValidationError naming the first
    errors when any row has one; PermissionDenied without ``bimtek.manage_stage``. Side effects: Attendee rows
    (new or updated), WorkingGroup rows for dimensions named without a group yet, one AuditEntry."""
    if not by.has_perm("bimtek.manage_stage", stage):
        raise PermissionDenied
    try:
        raw = read_sheet(data)
    except SpreadsheetError as exc:
        raise ValidationError(exc.message) from exc
    Stage.objects.select_for_update().filter(pk=stage.pk).first()
    preview = check_sheet(stage, raw, filename=filename)
    if preview.has_errors:
        shown = [
            _("Row %(row)s, column “%(column)s” (%(letter)s): %(message)s") % {"row": r["row"], **e}
            for r in preview.error_rows[:5]
            for e in r["errors"][:1]
        ]
        raise ValidationError(
            [_("Nothing was imported: %(n)s rows have errors.") % {"n": len(preview.error_rows)}, *shown]
        )
    groups = {g.dimension_id: g for g in WorkingGroup.objects.filter(stage=stage)}
    for _action, attendee, dimension in preview.writes:
        if dimension is not None:
            if dimension.pk not in groups:
                groups[dimension.pk] = WorkingGroup.objects.create(stage=stage, dimension=dimension)
            attendee.working_group_id = groups[dimension.pk].pk
        attendee.full_clean()
        attendee.save()
    counts = preview.counts
    audit.record(
        "bimtek.import",
        target=stage,
        by=by,
        field="import",
        new=_("%(new)s new, %(update)s updated, %(unchanged)s unchanged")
        % {"new": counts[Action.NEW], "update": counts[Action.UPDATE], "unchanged": counts[Action.UNCHANGED]},
        note=filename[:200],
    )
    return preview
