from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.forms import DateInput, NumberInput, WholeNumberField
from kotacerdas.masterplans.models import ProgrammeStatus
from kotacerdas.monitoring.models import Milestone, ProgressReport


def not_in_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")


class ProgressForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["reported_on", "status", "percent_complete", "budget_realised", "delay_reason", "note"]
        widgets = {
            "reported_on": DateInput(),
            "percent_complete": NumberInput(unit="%", integer=True),
            "delay_reason": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"percent_complete": WholeNumberField}
        labels = {"budget_realised": _("Budget realised so far (Rp)")}
        help_texts = {
            "budget_realised": _("The total spent since the programme began, up to the date of this report."),
            "delay_reason": _("Required when the status is “delayed”."),
        }

    def clean_reported_on(self):
        day = self.cleaned_data["reported_on"]
        not_in_future(day)
        return day

    def clean_percent_complete(self):
        percent = self.cleaned_data["percent_complete"]
        if percent is not None and not 0 <= percent <= 100:
            raise forms.ValidationError(_("Give a percentage from 0 to 100."), code="range")
        return percent

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ProgrammeStatus.DELAYED
            and not (cleaned.get("delay_reason") or "").strip()
        ):
            self.add_error("delay_reason", _("Say why the programme is delayed."))
        return cleaned


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput()}


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), validators=[not_in_future])
