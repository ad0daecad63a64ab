"""Which rows make up each part of the masterplan editor, and the forms that edit them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.masterplans import forms
from kotacerdas.masterplans.models import Part


@dataclass(frozen=True)
class RowKind:
    key: str
    form: type
    part: str
    label: str
    # Columns of the part page's table: (heading, attribute or get_FOO_display name).
    columns: tuple = ()
    # Relations the columns read, fetched with the rows.
    related: tuple = ()

    @property
    def model(self):
        return self.form._meta.model


ROW_KINDS = {
    k.key: k
    for k in [
        RowKind(
            "key_figure",
            forms.KeyFigureForm,
            Part.PROFILE,
            _("Key figure"),
            (
                (_("Figure"), "label"),
                (_("Value"), "value"),
                (_("Unit"), "unit"),
                (_("Year"), "year"),
                (_("Source"), "source"),
            ),
        ),
        RowKind(
            "analysis",
            forms.AspectAnalysisForm,
            Part.READINESS,
            _("Readiness per aspect"),
            ((_("Aspect"), "aspect"), (_("Readiness level"), "level"), (_("Summary"), "summary")),
            related=("aspect", "level"),
        ),
        RowKind(
            "swot",
            forms.SwotItemForm,
            Part.READINESS,
            _("SWOT item"),
            ((_("Aspect"), "aspect"), (_("Kind"), "get_kind_display"), (_("Text"), "text")),
            related=("aspect",),
        ),
        RowKind(
            "gap",
            forms.GapRowForm,
            Part.READINESS,
            _("Gap analysis row"),
            (
                (_("Aspect"), "aspect"),
                (_("Current state"), "current_state"),
                (_("Target state"), "target_state"),
                (_("Gap"), "gap"),
                (_("Action"), "action"),
            ),
            related=("aspect",),
        ),
        RowKind(
            "dimension_readiness",
            forms.DimensionReadinessForm,
            Part.READINESS,
            _("Readiness per dimension"),
            ((_("Dimension"), "dimension"), (_("Readiness level"), "level"), (_("Note"), "note")),
            related=("dimension", "level"),
        ),
        RowKind(
            "vision_keyword",
            forms.VisionKeywordForm,
            Part.VISION,
            _("Vision keyword"),
            ((_("Keyword"), "word"), (_("Explanation"), "explanation")),
        ),
        RowKind(
            "strategic_issue",
            forms.StrategicIssueForm,
            Part.VISION,
            _("Strategic issue"),
            ((_("Strategic issue"), "text"), (_("Drawn from (SWOT)"), "swot_summary")),
        ),
        RowKind("mission", forms.MissionForm, Part.VISION, _("Mission"), ((_("Mission"), "text"),)),
        RowKind(
            "objective",
            forms.ObjectiveForm,
            Part.VISION,
            pgettext_lazy("planning chain", "Objective"),
            (
                (_("Mission"), "mission"),
                (pgettext_lazy("planning chain", "Objective"), "text"),
                (_("To be checked"), "review_label"),
            ),
            related=("mission",),
        ),
        RowKind(
            "objective_indicator",
            forms.ObjectiveIndicatorForm,
            Part.VISION,
            _("Objective indicator"),
            (
                (pgettext_lazy("planning chain", "Objective"), "objective"),
                (_("Indicator"), "name"),
                (_("Baseline"), "baseline_value"),
                (_("Baseline year"), "baseline_year"),
                (_("Target"), "target_value"),
                (_("Target year"), "target_year"),
                (_("Unit"), "unit"),
            ),
            related=("objective",),
        ),
        RowKind(
            "goal",
            forms.GoalForm,
            Part.VISION,
            _("Goal"),
            (
                (pgettext_lazy("planning chain", "Objective"), "objective"),
                (_("Dimension"), "dimension"),
                (_("Goal"), "text"),
                (_("To be checked"), "review_label"),
            ),
            related=("dimension", "objective"),
        ),
        RowKind(
            "goal_indicator",
            forms.GoalIndicatorForm,
            Part.VISION,
            _("Goal indicator"),
            (
                (_("Goal"), "goal"),
                (_("Indicator"), "name"),
                (_("Baseline"), "baseline_value"),
                (_("Baseline year"), "baseline_year"),
                (_("Target"), "target_value"),
                (_("Target year"), "target_year"),
                (_("Unit"), "unit"),
            ),
            related=("goal",),
        ),
        RowKind(
            "strategy",
            forms.StrategyForm,
            Part.STRATEGIES,
            _("Strategy"),
            (
                (_("Dimension"), "dimension"),
                (_("Element"), "element"),
                (_("Goal served"), "goal"),
                (_("Strategy"), "title"),
                (_("Description"), "description"),
            ),
            related=("dimension", "element", "goal"),
        ),
        RowKind(
            "programme",
            forms.ProgrammeForm,
            Part.PROGRAMMES,
            _("Programme"),
            (
                (_("Programme"), "name"),
                (_("Owning OPD"), "owner_opd"),
                (_("Funding"), "get_funding_source_display"),
                (_("Years"), "years_label"),
                (_("Horizon"), "get_horizon_display"),
            ),
            related=("strategy__dimension", "owner_opd", "element"),
        ),
        RowKind(
            "programme_indicator",
            forms.ProgrammeIndicatorForm,
            Part.PROGRAMMES,
            _("Programme indicator"),
            (
                (_("Programme"), "programme"),
                (_("Indicator"), "name"),
                (_("Baseline"), "baseline_value"),
                (_("Target"), "target_value"),
                (_("Target year"), "target_year"),
                (_("Unit"), "unit"),
            ),
            related=("programme",),
        ),
        RowKind(
            "action_step",
            forms.ActionStepForm,
            Part.ACTION_PLAN,
            _("Action step"),
            (
                (_("Category"), "get_category_display"),
                (_("Step"), "description"),
                (_("Owner"), "owner_opd"),
                (_("Due date"), "due_date"),
            ),
            related=("owner_opd",),
        ),
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
    rows = kind.model.objects.select_related(*kind.related)
    if kind.key == "goal_indicator":
        return rows.filter(goal__masterplan=masterplan)
    if kind.key == "objective_indicator":
        return rows.filter(objective__masterplan=masterplan)
    if kind.key == "strategic_issue":
        return rows.filter(masterplan=masterplan).prefetch_related("swot_items")
    if kind.key == "programme_indicator":
        return rows.filter(programme__masterplan=masterplan)
    return rows.filter(masterplan=masterplan)
