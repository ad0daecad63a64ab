"""The frozen versions of a masterplan: list, one version read-only, and two versions compared."""

from dataclasses import dataclass

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kotacerdas.core.permissions import permission_required
from kotacerdas.masterplans.chain import read_chain
from kotacerdas.masterplans.diff import (
    SECTION_KEYS,
    FieldChange,
    RowChange,
    compare_snapshots,
    display_value,
    field_label,
    section_label,
)
from kotacerdas.masterplans.models import ActionCategory, FundingSource, MasterplanVersion
from kotacerdas.masterplans.snapshot import take_snapshot
from kotacerdas.masterplans.views import find_masterplan

VIEW = "masterplans.view_masterplan"
CURRENT = "current"
# The columns of the programme tables; other changed fields are listed in a last column.
PROGRAMME_COLUMNS = ["name", "strategy", "owner_opd", "budget", "start_year", "end_year"]
PROGRAMME_DETAIL_FIELDS = [
    "name",
    "dimension",
    "strategy",
    "owner_opd",
    "funding_source",
    "budget",
    "is_quick_win",
]


def _versions(masterplan):
    return masterplan.versions.select_related("created_by").defer("snapshot")


class CompareForm(forms.Form):
    a = forms.ChoiceField(label=gettext_lazy("Older version"))
    b = forms.ChoiceField(label=gettext_lazy("Newer version"))

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(v.number), _("Version %(number)s") % {"number": v.number}) for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = [*choices, (CURRENT, _("Current text (not yet frozen)"))]


def _default_pair(versions) -> dict:
    """Previous against latest; with a single version, that version against the current text."""
    if len(versions) >= 2:
        return {"a": str(versions[1].number), "b": str(versions[0].number)}
    if versions:
        return {"a": str(versions[0].number), "b": CURRENT}
    return {}


@require_GET
@permission_required(VIEW, fetch=find_masterplan)
def version_list(request, masterplan):
    versions = list(_versions(masterplan))
    form = CompareForm(initial=_default_pair(versions), versions=versions)
    return render(
        request,
        "masterplans/versions/list.html",
        {"masterplan": masterplan, "versions": versions, "form": form},
    )


@require_GET
@permission_required(VIEW, fetch=find_masterplan)
def version_detail(request, masterplan, number):
    version = get_object_or_404(masterplan.versions.select_related("created_by"), number=number)
    snapshot = version.snapshot or {}
    sections = snapshot.get("sections") or {}
    context = {
        "masterplan": masterplan,
        "version": version,
        "snapshot": snapshot,
        "period": _period(snapshot),
        "sections": [(section_label(k), sections[k]) for k in _ordered(sections)],
        "programmes": [
            {
                **p,
                "funding_label": _choice_label(FundingSource, p.get("funding_source")),
                "budget": display_value(p.get("budget"), "budget"),
            }
            for p in snapshot.get("programmes") or []
        ],
        "programme_labels": {f: field_label("programmes", f) for f in PROGRAMME_DETAIL_FIELDS},
        "missions": snapshot.get("missions") or [],
        "goals": snapshot.get("goals") or [],
        "chain": read_chain(snapshot),
        "strategies": snapshot.get("strategies") or [],
        "action_steps": [
            {**a, "category_label": _choice_label(ActionCategory, a.get("category"))}
            for a in snapshot.get("action_steps") or []
        ],
        "step_labels": {
            f: field_label("action_steps", f) for f in ["category", "description", "owner_opd", "due_date"]
        },
        "has_previous": number > 1 and masterplan.versions.filter(number=number - 1).exists(),
    }
    return render(request, "masterplans/versions/detail.html", context)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a frozen version or the current text."""

    label: str
    snapshot: dict
    version: MasterplanVersion | None = None


class BadChoice(ValueError):
    pass


def _side(masterplan, value: str | None) -> Side:
    value = (value or "").strip()
    if value == CURRENT:
        return Side(_("Current text"), take_snapshot(masterplan))
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise BadChoice(value)
    version = get_object_or_404(masterplan.versions.select_related("created_by"), number=int(value))
    return Side(_("Version %(number)s") % {"number": version.number}, version.snapshot or {}, version)


@require_GET
@permission_required(VIEW, fetch=find_masterplan)
def version_compare(request, masterplan):
    try:
        old, new = _side(masterplan, request.GET.get("a")), _side(masterplan, request.GET.get("b"))
    except BadChoice:
        versions = list(_versions(masterplan))
        if not versions:
            raise Http404 from None
        form = CompareForm(initial=_default_pair(versions), versions=versions)
        context = {
            "masterplan": masterplan,
            "versions": versions,
            "form": form,
            "error": _("Choose two versions to compare."),
        }
        return render(request, "masterplans/versions/list.html", context, status=400)
    comparison = compare_snapshots(old.snapshot, new.snapshot)
    programmes = comparison.lists["programmes"]
    other_lists = [d for key, d in comparison.lists.items() if key != "programmes"]
    versions = list(_versions(masterplan))
    form = CompareForm(initial={"a": request.GET.get("a"), "b": request.GET.get("b")}, versions=versions)
    context = {
        "masterplan": masterplan,
        "old": old,
        "new": new,
        "comparison": comparison,
        "programmes": programmes,
        "programme_headers": [field_label("programmes", f) for f in PROGRAMME_COLUMNS],
        "programme_added": [_programme_cells(row) for row in programmes.added],
        "programme_removed": [_programme_cells(row) for row in programmes.removed],
        "programme_changed": [_programme_change(change) for change in programmes.changed],
        "other_lists": other_lists,
        "form": form,
    }
    return render(request, "masterplans/versions/compare.html", context)


@dataclass(frozen=True)
class Cell:
    value: str
    change: FieldChange | None = None


@dataclass(frozen=True)
class ProgrammeRow:
    cells: list[Cell]
    other_changes: list[FieldChange]


def _programme_cells(row: dict) -> list[Cell]:
    return [Cell(display_value(row.get(f), f)) for f in PROGRAMME_COLUMNS]


def _programme_change(change: RowChange) -> ProgrammeRow:
    by_field = change.by_field
    cells = [Cell(display_value(change.new.get(f), f), by_field.get(f)) for f in PROGRAMME_COLUMNS]
    return ProgrammeRow(cells, [f for f in change.fields if f.field not in PROGRAMME_COLUMNS])


def _choice_label(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value or "—"


def _ordered(sections: dict) -> list[str]:
    return [k for k in SECTION_KEYS if k in sections] + sorted(set(sections) - set(SECTION_KEYS))


def _period(snapshot: dict) -> str:
    period = snapshot.get("period") or []
    return f"{period[0]}–{period[1]}" if len(period) == 2 else "—"
