import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.monitoring.models import Indicator, IndicatorValue, Target, TrackedIndicator

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
TARGET_LINE = re.compile(r"^\s*(\d{4})\s*[=:]\s*(-?[\d.,]+)\s*$")


class ValueForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label=_("evidence link"), required=False, assume_scheme="https", max_length=500
    )

    class Meta:
        model = IndicatorValue
        fields = ["year", "value", "source", "method", "quality", "evidence_url", "evidence_file"]
        localized_fields = ["value"]  # "45,5" as people write it in Indonesian

    def clean_evidence_file(self):
        evidence = self.cleaned_data.get("evidence_file")
        if evidence and getattr(evidence, "size", 0) > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Give a link to the document instead, or a smaller extract.")
            )
        return evidence

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("evidence_url") and not cleaned.get("evidence_file"):
            self.add_error("evidence_url", _("Give the evidence: a link or a file."))
        return cleaned


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("verify", _("Verify")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TrackForm(forms.ModelForm):
    targets = forms.CharField(
        label=_("Yearly targets"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One line per year, e.g. “2021 = 45,5”."),
    )

    class Meta:
        model = TrackedIndicator
        fields = ["indicator", "baseline_year", "baseline_value"]
        localized_fields = ["baseline_value"]

    def __init__(self, *args, user, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.participation = participation
        taken = participation.tracked_indicators.values("indicator")
        # The shared catalogue and the region's own indicators; never another region's.
        own_or_shared = Indicator.objects.filter(region__isnull=True) | Indicator.objects.filter(
            region=participation.region
        )
        self.fields["indicator"].queryset = own_or_shared.exclude(pk__in=taken).order_by("code")

    def clean_targets(self):
        targets, errors = {}, []
        for number, line in enumerate(self.cleaned_data["targets"].splitlines(), start=1):
            if not line.strip():
                continue
            match = TARGET_LINE.match(line)
            if not match:
                errors.append(_("Line %(n)s: write “year = value”, e.g. “2021 = 45,5”.") % {"n": number})
                continue
            raw = match[2]
            if "," in raw:  # Indonesian notation: 1.234,5
                raw = raw.replace(".", "").replace(",", ".")
            year = int(match[1])
            try:
                value = Decimal(raw)
            except InvalidOperation:
                errors.append(
                    _("Line %(n)s: “%(value)s” is not a number.") % {"n": number, "value": match[2]}
                )
                continue
            if not 2000 <= year <= 2100:
                errors.append(_("Line %(n)s: the year must be from 2000 to 2100.") % {"n": number})
                continue
            try:
                # The model field's own limits (digits, decimals), so nothing unstorable gets through.
                targets[year] = Target._meta.get_field("value").clean(value, None)
            except forms.ValidationError as exc:
                errors.append(_("Line %(n)s: %(problem)s") % {"n": number, "problem": " ".join(exc.messages)})
        if errors:
            raise forms.ValidationError(errors)
        if not targets:
            raise forms.ValidationError(_("Give at least one yearly target."))
        return targets

    def clean(self):
        cleaned = super().clean()
        baseline, targets = cleaned.get("baseline_year"), cleaned.get("targets") or {}
        if baseline and any(year <= baseline for year in targets):
            self.add_error("targets", _("Targets are for years after the baseline year."))
        return cleaned
