import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.forms import DateInput, NumberField, WholeNumberField, YearField
from kotacerdas.core.hints import EmptyHint
from kotacerdas.framework.models import Dimension, Element, ReadinessAspect, ReadinessLevel
from kotacerdas.masterplans import spreadsheets
from kotacerdas.masterplans.models import (
    ActionStep,
    AspectAnalysis,
    Comment,
    DimensionReadiness,
    GapRow,
    Goal,
    GoalIndicator,
    KeyFigure,
    Masterplan,
    MasterplanProgramme,
    Mission,
    Objective,
    ObjectiveIndicator,
    Part,
    ProgrammeIndicator,
    Section,
    StrategicIssue,
    Strategy,
    SwotItem,
    VisionKeyword,
)
from kotacerdas.regions.models import Opd

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Years are read by core.forms.YearField ("2.026" as well as "2026").
def year_fields(*names) -> dict:
    return dict.fromkeys(names, YearField)


class RevisionForm(forms.ModelForm):
    """A row form that carries the revision it was opened at, so a stale save can be refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, masterplan, **kwargs):
        super().__init__(*args, **kwargs)
        self.masterplan = masterplan
        if self.instance.pk and not self.is_bound:
            self.fields["revision"].initial = self.instance.revision
        version = masterplan.framework_version
        limits = {
            "dimension": Dimension.objects.filter(version=version),
            "element": Element.objects.filter(dimension__version=version).select_related("dimension"),
            "aspect": ReadinessAspect.objects.filter(version=version),
            "level": ReadinessLevel.objects.filter(version=version),
            "owner_opd": Opd.objects.filter(region=masterplan.region),
            "partner_opds": Opd.objects.filter(region=masterplan.region),
            "strategy": Strategy.objects.filter(masterplan=masterplan).select_related("dimension"),
            "goal": Goal.objects.filter(masterplan=masterplan).select_related("dimension"),
            "mission": Mission.objects.filter(masterplan=masterplan),
            "objective": Objective.objects.filter(masterplan=masterplan),
            "swot_items": SwotItem.objects.filter(masterplan=masterplan).select_related("aspect"),
            "programme": MasterplanProgramme.objects.filter(masterplan=masterplan),
        }
        for name, queryset in limits.items():
            if name in self.fields:
                self.fields[name].queryset = queryset
        self.empty_hints = {n: h for n, h in empty_hints(masterplan).items() if n in self.fields}
        # Rows that carry their own unit (key figures, indicators) show it beside their numbers.
        unit = getattr(self.instance, "unit", "")
        for field in self.fields.values():
            if unit and isinstance(field, NumberField) and not field.unit:
                field.unit = unit

    def _get_validation_exclusions(self):
        # The masterplan is set by the view, not typed in; keep it in the uniqueness checks (one analysis per
        # aspect, one readiness per dimension) so a duplicate is a form error, not a database error.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("masterplan")
        return exclusions

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                # Text pasted from word processors can carry control characters that DOCX and XLSX cannot hold.
                data[name] = CONTROL_CHARACTERS.sub("", value)
        return data

    def save(self, commit=True):
        if hasattr(self.instance, "masterplan_id") and not self.instance.masterplan_id:
            self.instance.masterplan = self.masterplan
        return super().save(commit=commit)

    def _post_clean(self):
        if hasattr(self.instance, "masterplan_id") and not self.instance.masterplan_id:
            self.instance.masterplan = self.masterplan
        super()._post_clean()


def empty_hints(masterplan) -> dict:
    """Why a list of the masterplan's own rows (or its region's OPDs) is empty, and where to fill it."""
    opds = EmptyHint(
        _("The region has no OPD (perangkat daerah) yet; they are added on the region's OPD page."),
        reverse("regions:opd_list", args=[masterplan.region.code]),
        _("Add OPDs"),
    )
    return {
        "strategy": EmptyHint(
            _("A programme belongs to a strategy, and this masterplan has no strategy yet."),
            reverse("masterplans:part", args=[masterplan.pk, Part.STRATEGIES]) + "#strategy",
            _("Add strategies"),
        ),
        "goal": EmptyHint(
            _("An indicator measures a goal, and this masterplan has no goal yet."),
            reverse("masterplans:part", args=[masterplan.pk, Part.VISION]) + "#goal",
            _("Add goals"),
        ),
        "mission": EmptyHint(
            _("An objective belongs to a mission, and this masterplan has no mission yet."),
            reverse("masterplans:part", args=[masterplan.pk, Part.VISION]) + "#mission",
            _("Add missions"),
        ),
        "objective": EmptyHint(
            _("A goal or an indicator belongs to an objective, and this masterplan has no objective yet."),
            reverse("masterplans:part", args=[masterplan.pk, Part.VISION]) + "#objective",
            _("Add objectives"),
        ),
        "programme": EmptyHint(
            _("An indicator measures a programme, and this masterplan has no programme yet."),
            reverse("masterplans:part", args=[masterplan.pk, Part.PROGRAMMES]) + "#programme",
            _("Add programmes"),
        ),
        "owner_opd": opds,
        "partner_opds": opds,
    }


class SectionForm(RevisionForm):
    class Meta:
        model = Section
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body": _("Plain text. Separate paragraphs with an empty line.")}


class KeyFigureForm(RevisionForm):
    class Meta:
        model = KeyFigure
        fields = ["label", "value", "unit", "year", "source"]
        field_classes = year_fields("year")


class AspectAnalysisForm(RevisionForm):
    class Meta:
        model = AspectAnalysis
        fields = ["aspect", "level", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class SwotItemForm(RevisionForm):
    class Meta:
        model = SwotItem
        fields = ["aspect", "kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class GapRowForm(RevisionForm):
    class Meta:
        model = GapRow
        fields = ["aspect", "current_state", "target_state", "gap", "action"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 2}) for f in ["current_state", "target_state", "gap", "action"]
        }


class DimensionReadinessForm(RevisionForm):
    class Meta:
        model = DimensionReadiness
        fields = ["dimension", "level", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class MissionForm(RevisionForm):
    class Meta:
        model = Mission
        fields = ["text", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class VisionKeywordForm(RevisionForm):
    class Meta:
        model = VisionKeyword
        fields = ["word", "explanation", "order"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 2})}


class StrategicIssueForm(RevisionForm):
    class Meta:
        model = StrategicIssue
        fields = ["text", "swot_items", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "swot_items": forms.CheckboxSelectMultiple}


class ObjectiveForm(RevisionForm):
    class Meta:
        model = Objective
        fields = ["mission", "text", "order", "needs_review"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ObjectiveIndicatorForm(RevisionForm):
    class Meta:
        model = ObjectiveIndicator
        fields = [
            "objective",
            "name",
            "unit",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
        ]
        field_classes = year_fields("baseline_year", "target_year")


class GoalForm(RevisionForm):
    class Meta:
        model = Goal
        fields = ["objective", "dimension", "text", "needs_review"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].required = True  # empty only on goals older than the chain (models.Goal)


class GoalIndicatorForm(RevisionForm):
    class Meta:
        model = GoalIndicator
        fields = ["goal", "name", "unit", "baseline_year", "baseline_value", "target_year", "target_value"]
        field_classes = year_fields("baseline_year", "target_year")


class StrategyForm(RevisionForm):
    class Meta:
        model = Strategy
        fields = ["dimension", "element", "goal", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        element, dimension = data.get("element"), data.get("dimension")
        if element and dimension and element.dimension_id != dimension.pk:
            self.add_error("element", _("The element must belong to the chosen dimension."))
        goal = data.get("goal")
        if goal and dimension and goal.dimension_id != dimension.pk:
            self.add_error("goal", _("The goal must belong to the chosen dimension."))
        return data


class ProgrammeForm(RevisionForm):
    class Meta:
        model = MasterplanProgramme
        fields = [
            "strategy",
            "element",
            "name",
            "description",
            "owner_opd",
            "partner_opds",
            "funding_source",
            "budget",
            "start_year",
            "end_year",
            "horizon",
            "output",
            "outcome",
            "is_quick_win",
            "delivery_months",
            "expected_benefit",
            "beneficiaries",
            "commitment_signed_by",
            "commitment_signed_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "output": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "expected_benefit": forms.Textarea(attrs={"rows": 2}),
            "partner_opds": forms.CheckboxSelectMultiple,
            "commitment_signed_on": DateInput(),
        }
        field_classes = {"delivery_months": WholeNumberField, **year_fields("start_year", "end_year")}

    def clean(self):
        data = super().clean()
        if data.get("is_quick_win") and not data.get("delivery_months"):
            self.add_error("delivery_months", _("A quick win needs a delivery time of at most 12 months."))
        owner, partners = data.get("owner_opd"), data.get("partner_opds") or []
        if owner and owner in partners:
            self.add_error("partner_opds", _("The owning OPD cannot also be a partner."))
        return data


class ProgrammeIndicatorForm(RevisionForm):
    class Meta:
        model = ProgrammeIndicator
        fields = [
            "programme",
            "name",
            "unit",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
        ]
        field_classes = year_fields("baseline_year", "target_year")


class ActionStepForm(RevisionForm):
    class Meta:
        model = ActionStep
        fields = ["category", "description", "owner_opd", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput()}


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["part", "body"]
        widgets = {"part": forms.HiddenInput, "body": forms.Textarea(attrs={"rows": 3})}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        from kotacerdas.masterplans.services import MOVE_LABELS

        self.fields["status"].choices = [(m.value, MOVE_LABELS.get(m, m.label)) for m in moves]


class ProgrammeUploadForm(forms.Form):
    """The programme spreadsheet to import; a valid form holds the file's bytes and its preview."""

    # Browsers and operating systems label .xlsx uploads differently; the content is checked by opening it.
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        help_text=_("At most 2 MB. Start from the template or from an export of this masterplan."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{spreadsheets.XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, masterplan: Masterplan, **kwargs):
        super().__init__(*args, **kwargs)
        self.masterplan = masterplan
        self.data_bytes = b""
        self.preview: dict = {}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = spreadsheets.check_xlsx_upload(
            upload,
            too_large=gettext(
                "The file is %(size)s MB; at most 2 MB can be uploaded. Remove images or other sheets, or split "
                "the programmes into several files."
            ),
        )
        data = upload.read()
        try:
            self.preview = spreadsheets.build_preview(self.masterplan, data, filename=name)
        except spreadsheets.SpreadsheetError as exc:
            raise forms.ValidationError(exc.message) from exc
        self.data_bytes = data
        return upload
