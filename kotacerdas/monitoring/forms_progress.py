import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.masterplans.models import ProgrammeStatus
from kotacerdas.monitoring.models import Milestone, ProgressReport
from kotacerdas.programmes.forms import DateInput

# "1.500.000", "1,500,000", "1500000", "Rp 1.500.000" or "1.500.000,00": whole rupiah.
RUPIAH = re.compile(r"^(?:rp\.?\s*)?(\d{1,3}(?:([.,])\d{3})?(?:\2\d{3})*|\d+)(?:[.,]00?)?$", re.IGNORECASE)


class RupiahField(forms.CharField):
    """Whole rupiah as people type them, with or without thousands separators."""

    default_error_messages = {
        "invalid": _("Write the amount in whole rupiah, for example 1.500.000."),
    }

    def to_python(self, value):
        value = super().to_python(value).replace(" ", "").replace("\u00a0", "")
        if value in self.empty_values:
            return None
        match = RUPIAH.match(value) if len(value) <= 40 else None
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(re.sub(r"\D", "", match[1]))


def not_in_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")


class ProgressForm(forms.ModelForm):
    budget_realised = RupiahField(
        label=_("Budget realised so far (Rp)"),
        required=False,
        help_text=_("The total spent since the programme began, up to the date of this report."),
    )

    class Meta:
        model = ProgressReport
        fields = ["reported_on", "status", "percent_complete", "budget_realised", "delay_reason", "note"]
        widgets = {
            "reported_on": DateInput(),
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "delay_reason": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
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
