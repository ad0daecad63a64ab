from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.core.forms import DateInput, NumberField, WholeNumberField, YearField
from kotacerdas.core.hints import EmptyHint
from kotacerdas.core.scans import ScanField
from kotacerdas.programmes.models import (
    SELECTED_STATUSES,
    Agreement,
    AgreementKind,
    Cohort,
    Participation,
    SelectionCriterion,
    Stage,
)
from kotacerdas.programmes.services import allowed_statuses
from kotacerdas.regions.models import Region


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = [
            "programme",
            "year",
            "name",
            "target_size",
            "framework_version",
            "short_term_end",
            "medium_term_end",
            "long_term_end",
            "quick_wins_min",
            "quick_wins_max",
            "readiness_level_required",
            "assessors",
        ]
        widgets = {"assessors": forms.CheckboxSelectMultiple}
        field_classes = {
            "year": YearField,
            "target_size": WholeNumberField,
            "short_term_end": WholeNumberField,
            "medium_term_end": WholeNumberField,
            "long_term_end": WholeNumberField,
            "quick_wins_min": WholeNumberField,
            "quick_wins_max": WholeNumberField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessors"].queryset = User.objects.evaluators()
        for name in ("quick_wins_min", "quick_wins_max"):
            # The field's own bounds (0–50), so a wrong number is refused with the range that makes sense.
            field = self.fields[name]
            self.fields[name] = WholeNumberField(
                label=field.label,
                help_text=field.help_text,
                min_value=0,
                max_value=Cohort.QUICK_WINS_LIMIT,
            )

    def clean_target_size(self):
        target = self.cleaned_data["target_size"]
        if self.instance.pk:
            taken = self.instance.participations.filter(status__in=SELECTED_STATUSES).count()
            if target < taken:
                raise forms.ValidationError(
                    _("%(taken)s regions are already selected; the target cannot be lower.")
                    % {"taken": taken}
                )
        return target


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["kind", "title", "starts_on", "ends_on", "place", "deliverables"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "deliverables": forms.Textarea(attrs={"rows": 3}),
        }


class ParticipationCreateForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.select_related("province").order_by("name")
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort

    def clean_region(self):
        region = self.cleaned_data["region"]
        if Participation.objects.filter(cohort=self.cohort, region=region).exists():
            raise forms.ValidationError(_("This region is already in the cohort."))
        return region


class ParticipationDetailsForm(forms.ModelForm):
    class Meta:
        model = Participation
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in allowed_statuses(participation)]


class MentorsForm(forms.Form):
    mentors = forms.ModelMultipleChoiceField(
        label=_("Mentors"),
        queryset=User.objects.mentors(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    empty_hints = {
        "mentors": EmptyHint(
            _("No account has the mentor role yet."),
            reverse_lazy("accounts:user_create"),
            _("Add an account"),
        )
    }


class CriterionForm(forms.ModelForm):
    class Meta:
        model = SelectionCriterion
        fields = ["name", "description", "weight", "max_score", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"max_score": WholeNumberField}

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cohort = cohort

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = SelectionCriterion.objects.filter(cohort=self.instance.cohort, name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This cohort already has a criterion with this name."))
        return name


class AssessmentForm(forms.Form):
    """One score and comment field per selection criterion of the cohort."""

    def __init__(self, *args, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            current = existing.get(c.pk)
            self.fields[f"score_{c.pk}"] = NumberField(
                integer=True,
                label=c.name,
                min_value=0,
                max_value=c.max_score,
                help_text=_("0 to %(max)s; weight %(weight)s") % {"max": c.max_score, "weight": c.weight},
                initial=current.score if current else None,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current else "",
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class SelectionDecisionForm(forms.Form):
    """The secretariat's explicit decision when selection by rank cannot decide alone (a tie at the cut-off,
    incomplete assessments). The rules are checked by ``select_top_applications``."""

    REASON_MAX_LENGTH = 1000

    state = forms.CharField(widget=forms.HiddenInput, required=False)
    tie_choice = forms.TypedMultipleChoiceField(
        label=_("Regions that take the remaining places"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    acknowledge_incomplete = forms.BooleanField(
        label=_("Continue although the assessments are not complete"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX_LENGTH}),
        help_text=_("Kept with the decision in the audit trail and shown on this page."),
    )

    def __init__(self, *args, situation, **kwargs):
        super().__init__(*args, **kwargs)
        self.situation = situation
        self.fields["state"].initial = situation.state
        self.fields["tie_choice"].choices = [
            (r.participation.pk, r.participation.region.name) for r in situation.tied
        ]

    def tied_rows(self):
        """(checkbox, ranked application) pairs, in ranking order, for a richer label than the choice's."""
        boxes = {int(box.data["value"]): box for box in self["tie_choice"]}
        return [(boxes[r.participation.pk], r) for r in self.situation.tied]


class AgreementForm(forms.ModelForm):
    """An agreement of one region (the region comes from the address, never from the form). The rules (dates in
    order, a follow-up of an MoU of the same region) are the model's ``clean()``."""

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "participation",
            "follows_from",
            "our_number",
            "region_number",
            "signed_on",
            "valid_from",
            "valid_until",
            "our_signatory",
            "our_signatory_position",
            "region_signatory",
            "region_signatory_position",
            "scan",
            "notes",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"scan": ScanField}
        help_texts = {"scan": _("PDF, PNG or JPEG, at most 10 MB.")}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["participation"].queryset = (
            Participation.objects.filter(region=region)
            .select_related("cohort", "region")
            .order_by("-cohort__year")
        )
        self.fields["participation"].label_from_instance = lambda p: p.cohort.name
        earlier = Agreement.objects.filter(region=region, kind=AgreementKind.MOU)
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk)
        self.fields["follows_from"].queryset = earlier
        self.fields["follows_from"].help_text = _("A PKS follows from an MoU of the same region.")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("our_number") or cleaned.get("region_number")):
            self.add_error("our_number", _("Give at least one of the two numbers."))
        # The same agreement sent twice (Save clicked twice, or typed in again) is not registered twice.
        others = Agreement.objects.filter(region=self.instance.region, kind=cleaned.get("kind"))
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        for name in ("our_number", "region_number"):
            number = cleaned.get(name)
            if number and others.filter(**{f"{name}__iexact": number}).exists():
                self.add_error(
                    name,
                    _("The number %(number)s is already in another agreement of this region; open that one.")
                    % {"number": number},
                )
        return cleaned
