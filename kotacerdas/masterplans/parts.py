"""Which rows make up each part of the masterplan editor, and the forms that edit them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kotacerdas.masterplans import forms
from kotacerdas.masterplans.models import Part


@dataclass(frozen=True)
class RowKind:
    key: str
    form: type
    part: str
    label: str

    @property
    def model(self):
        return self.form._meta.model


ROW_KINDS = {
    k.key: k
    for k in [
        RowKind("key_figure", forms.KeyFigureForm, Part.PROFILE, _("Key figure")),
        RowKind("analysis", forms.AspectAnalysisForm, Part.READINESS, _("Readiness per aspect")),
        RowKind("swot", forms.SwotItemForm, Part.READINESS, _("SWOT item")),
        RowKind("gap", forms.GapRowForm, Part.READINESS, _("Gap analysis row")),
        RowKind("dimension_readiness", forms.DimensionReadinessForm, Part.READINESS, _("Readiness per dimension")),
        RowKind("mission", forms.MissionForm, Part.VISION, _("Mission")),
        RowKind("goal", forms.GoalForm, Part.VISION, _("Goal")),
        RowKind("goal_indicator", forms.GoalIndicatorForm, Part.VISION, _("Goal indicator")),
        RowKind("strategy", forms.StrategyForm, Part.STRATEGIES, _("Strategy")),
        RowKind("programme", forms.ProgrammeForm, Part.PROGRAMMES, _("Programme")),
        RowKind("programme_indicator", forms.ProgrammeIndicatorForm, Part.PROGRAMMES, _("Programme indicator")),
        RowKind("action_step", forms.ActionStepForm, Part.ACTION_PLAN, _("Action step")),
    ]
}

# Free-text sections shown on each part page.
PART_SECTIONS = {
    Part.PROFILE: ["profile"],
    Part.VISION: ["vision"],
    Part.FRAME: ["introduction", "closing"],
}


def row_kinds_for(part: str) -> list[RowKind]:
    return [k for k in ROW_KINDS.values() if k.part == part]


def rows_of(masterplan, kind: RowKind):
    """The rows of one kind in a masterplan (child rows through their parent)."""
    model = kind.model
    if kind.key == "goal_indicator":
        return model.objects.filter(goal__masterplan=masterplan)
    if kind.key == "programme_indicator":
        return model.objects.filter(programme__masterplan=masterplan)
    return model.objects.filter(masterplan=masterplan)
