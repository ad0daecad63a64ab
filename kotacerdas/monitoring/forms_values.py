import posixpath
import re

from django import forms
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.forms import YearField
from kotacerdas.core.pending import PendingFiles
from kotacerdas.monitoring.models import Indicator, IndicatorValue, Target, TrackedIndicator
from kotacerdas.monitoring.plausibility import references_for, value_warnings

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# An evidence file uploaded with a value that needs confirming waits here, so the user need not choose it again.
PENDING_EVIDENCE = PendingFiles("evidence/pending/", salt="monitoring.pending-evidence")
TARGET_LINE = re.compile(r"^\s*(\d{4})\s*[=:]\s*(\S.*?)\s*$")
# Target values are read by the forms' own number field: the same Indonesian reading and bounds.
TARGET_VALUE_FIELD = Target._meta.get_field("value").formfield()


class ValueForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label=_("evidence link"), required=False, assume_scheme="https", max_length=500
    )

    class Meta:
        model = IndicatorValue
        fields = ["year", "value", "source", "method", "quality", "evidence_url", "evidence_file"]
        field_classes = {"year": YearField}
        localized_fields = ["value"]  # "45,5" as people write it in Indonesian

    def __init__(self, *args, tracked: TrackedIndicator | None = None, **kwargs):
        """With ``tracked``, the model's rules that need it (the year inside the masterplan's period) are
        checked here too, the value field shows the indicator's unit, and ``confirmation_needed()`` can
        compare the value with the previous period and the target."""
        if tracked is not None and "instance" not in kwargs:
            kwargs["instance"] = IndicatorValue(tracked=tracked)
        super().__init__(*args, **kwargs)
        self.tracked = tracked
        self.warnings: list[str] = []
        self.pending_evidence: tuple[str, str] | None = None  # (token, file name) of a kept evidence file
        if tracked is not None and hasattr(self.fields["value"], "unit"):
            self.fields["value"].unit = tracked.indicator.unit

    def clean_evidence_file(self):
        evidence = self.cleaned_data.get("evidence_file")
        if evidence and getattr(evidence, "size", 0) > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Give a link to the document instead, or a smaller extract.")
            )
        return evidence

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("evidence_file") and "evidence_file" not in self.errors:
            kept = self._kept_evidence()
            if kept is not None:
                cleaned["evidence_file"] = kept
        if not cleaned.get("evidence_url") and not cleaned.get("evidence_file"):
            self.add_error("evidence_url", _("Give the evidence: a link or a file."))
        return cleaned

    # --- plausibility: warn, ask once, never block ---------------------------------------------------------

    @property
    def fingerprint(self) -> str:
        """What the user confirms: the year and the value as typed (a changed value is checked again)."""
        cleaned = getattr(self, "cleaned_data", {})
        year, value = cleaned.get("year"), cleaned.get("value")
        return f"{year}:{format(value.normalize(), 'f')}" if value is not None else ""

    def plausibility_warnings(self) -> list[str]:
        """After ``is_valid()``: sentences for a value far from the previous period's figure or the target."""
        year, value = self.cleaned_data.get("year"), self.cleaned_data.get("value")
        if self.tracked is None or year is None or value is None:
            return []
        self.warnings = value_warnings(
            value, references_for(self.tracked, year), unit=self.tracked.indicator.unit
        )
        return self.warnings

    def confirmation_needed(self) -> bool:
        """After ``is_valid()``: whether the page must ask "save anyway?" first. The answer comes back as the
        hidden ``acknowledged`` field holding the fingerprint of what was confirmed. A file uploaded meanwhile
        is kept (``pending_evidence``) so the second submit need not carry it again."""
        if not self.plausibility_warnings() or self.data.get("acknowledged") == self.fingerprint:
            return False
        upload = self.cleaned_data.get("evidence_file")
        if upload and self.pending_evidence is None:
            self._keep_evidence(upload)
        return True

    def _keep_evidence(self, upload) -> None:
        filename = posixpath.basename(upload.name.replace("\\", "/"))
        extension = posixpath.splitext(filename)[1]
        token = PENDING_EVIDENCE.keep(
            upload, filename=filename, extension=extension, bound_to=self._bound_to()
        )
        self.pending_evidence = (token, filename)

    def _bound_to(self) -> dict:
        return {"tracked": self.tracked.pk}

    def _kept_evidence(self) -> File | None:
        token = self.data.get("pending_evidence")
        if not token or self.tracked is None:
            return None
        kept = PENDING_EVIDENCE.find(token, bound_to=self._bound_to())
        if kept is None:
            return None
        filename = posixpath.basename(kept.filename)
        self.pending_evidence = (token, filename)
        return File(default_storage.open(kept.name, "rb"), name=filename)

    def discard_pending_evidence(self) -> None:
        """Once the value is saved (its own copy of the file stored), remove the kept upload."""
        if self.pending_evidence is None or self.tracked is None:
            return
        kept = PENDING_EVIDENCE.find(self.pending_evidence[0], bound_to=self._bound_to())
        upload = self.cleaned_data.get("evidence_file")
        if isinstance(upload, File) and not upload.closed:
            upload.close()
        PENDING_EVIDENCE.discard(kept)


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("verify", _("Verify")), ("reject", _("Reject"))])
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TrackForm(forms.ModelForm):
    targets = forms.CharField(
        label=_("Yearly targets"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One line per year, e.g. “2021 = 45,5”."),
    )

    class Meta:
        model = TrackedIndicator
        fields = ["indicator", "baseline_year", "baseline_value"]
        field_classes = {"baseline_year": YearField}
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
        # The unit beside the choice, and beside the baseline once an indicator is chosen.
        self.fields["indicator"].label_from_instance = lambda i: f"{i} ({i.unit})" if i.unit else str(i)
        chosen = self.data.get(self.add_prefix("indicator")) if self.is_bound else None
        if chosen and str(chosen).isdigit() and hasattr(self.fields["baseline_value"], "unit"):
            unit = Indicator.objects.filter(pk=chosen).values_list("unit", flat=True).first()
            self.fields["baseline_value"].unit = unit or ""

    def clean_targets(self):
        targets, errors = {}, []
        for number, line in enumerate(self.cleaned_data["targets"].splitlines(), start=1):
            if not line.strip():
                continue
            match = TARGET_LINE.match(line)
            if not match:
                errors.append(_("Line %(n)s: write “year = value”, e.g. “2021 = 45,5”.") % {"n": number})
                continue
            year = int(match[1])
            try:
                # The one number field: 2.150 is two thousand one hundred and fifty, 2.15 is refused.
                value = TARGET_VALUE_FIELD.clean(match[2])
            except forms.ValidationError as exc:
                errors.append(_("Line %(n)s: %(problem)s") % {"n": number, "problem": " ".join(exc.messages)})
                continue
            if not 2000 <= year <= 2100:
                errors.append(_("Line %(n)s: the year must be from 2000 to 2100.") % {"n": number})
                continue
            problem = self.instance.year_problem(year)  # inside the masterplan's period, as Target.clean says
            if problem:
                errors.append(_("Line %(n)s: %(problem)s") % {"n": number, "problem": problem})
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
