"""Forms of the letters' pages: a template, a number register, a batch, and the moves of one letter (finalise with
an optional number from the e-office, the signed scan, the reason for cancelling). Each checks the model's own
rules (``LetterTemplate.clean`` names an unknown placeholder, ``NumberRegister.clean`` a bad pattern) before a
service writes."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.bimtek.models import bimtek_stages
from kotacerdas.core.forms import DateInput, YearField, read_year
from kotacerdas.core.scans import ScanField
from kotacerdas.evaluations.models import AwardCategory, EvaluationEvent
from kotacerdas.letters.models import (
    TEMPLATE_FIELDS,
    TEMPLATE_TEXT_FIELDS,
    Letter,
    LetterKind,
    LetterTemplate,
    NumberRegister,
)
from kotacerdas.letters.numbering import format_number
from kotacerdas.programmes.models import Cohort

K = LetterKind
# What a batch of each kind is prepared from: a cohort, an evaluation event or a bimtek stage.
SOURCES = {
    "cohort": (K.SELECTION_DECISION, K.QUICK_WIN_COMMITMENT),
    "event": (K.EVALUATION_INVITATION, K.EVENT_REPORT, K.AWARD_CERTIFICATE),
    "stage": (K.BIMTEK_INVITATION,),
}


def source_of(kind: str) -> str:
    return next(source for source, kinds in SOURCES.items() if kind in kinds)


# ---------------------------------------------------------------------------------------------------------
# Templates


class TemplateForm(forms.ModelForm):
    """A letter template, with the revision it was opened at (core/concurrency.py: a stale save is refused)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = LetterTemplate
        fields = list(TEMPLATE_FIELDS)
        # "body" alone is already a regional body in the catalogue ("Lembaga"): the form names it in full.
        labels = {"body": gettext_lazy("Body of the letter")}
        widgets = {
            "letterhead": forms.Textarea(attrs={"rows": 3}),
            "addressee": forms.Textarea(attrs={"rows": 3}),
            "opening": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            "copies": forms.Textarea(attrs={"rows": 3}),
            "signer_nip": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        if self.is_bound:
            # Browsers send a textarea's line breaks as "\r\n" (and Word's paste keeps them): counted as one
            # character each, as the browser counted them, so a text within the limit on screen is within it here.
            data = self.data.copy()
            for name in TEMPLATE_TEXT_FIELDS:
                if name in data:
                    data[name] = data[name].replace("\r\n", "\n").replace("\r", "\n")
            self.data = data
        if not self.is_bound:
            self.initial["revision"] = self.instance.revision
        for name in TEMPLATE_TEXT_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs["spellcheck"] = "false"


# ---------------------------------------------------------------------------------------------------------
# Number registers


# The years a register may be kept for: the programme started in 2017.
FIRST_YEAR, LAST_YEAR = 2017, 2100


def preview_date(year: int) -> datetime.date:
    """The date the preview numbers a letter on: today in the register's year, else the year's first day."""
    today = timezone.localdate()
    return today if today.year == year else datetime.date(year, 1, 1)


def next_number(register: NumberRegister) -> str:
    return format_number(register.pattern, register.last_seq + 1, preview_date(register.year))


class RegisterForm(forms.ModelForm):
    """A new register: kind, year and pattern. An existing one changes only its pattern (``kind`` and ``year``
    are shown, not edited); its last number is never typed in."""

    year = YearField(label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    class Meta:
        model = NumberRegister
        fields = ["kind", "year", "pattern"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("kind", "year"):
                self.fields[name].disabled = True
        elif not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)

    @transaction.atomic
    def preview(self) -> str:
        """The number the next letter would take with the pattern as typed (valid or not), or ""."""
        pattern = self.data.get("pattern") if self.is_bound else self.instance.pattern
        year = self.instance.year if self.instance.pk else None
        if year is None:
            raw = self.data.get("year") if self.is_bound else self.initial.get("year")
            try:
                year = int(read_year(raw))
            except (TypeError, ValueError):
                return ""
        if not (FIRST_YEAR <= year <= LAST_YEAR) or not pattern or "{seq}" not in pattern:
            return ""
        return format_number(pattern, self.instance.last_seq + 1, preview_date(year))


# ---------------------------------------------------------------------------------------------------------
# Batches


def _subject_choices():
    cohorts = [(f"cohort:{c.pk}", c.name) for c in Cohort.objects.order_by("-year", "name")]
    events = [
        (f"event:{e.pk}", e.name)
        for e in EvaluationEvent.objects.select_related("cohort").order_by("-cohort__year", "name")
    ]
    stages = [
        (f"stage:{s.pk}", f"{s} · {s.cohort.name}")
        for s in bimtek_stages().select_related("cohort").order_by("-cohort__year", "starts_on")
    ]
    return [
        ("", gettext_lazy("Choose…")),
        (gettext_lazy("Cohorts"), cohorts),
        (gettext_lazy("Evaluation events"), events),
        (gettext_lazy("Bimtek stages"), stages),
    ]


class BatchForm(forms.Form):
    """Prepare the letters of one kind for every region of a cohort, an evaluation event or a bimtek stage."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of letter"), choices=[("", gettext_lazy("Choose…")), *LetterKind.choices]
    )
    subject = forms.ChoiceField(
        label=gettext_lazy("Prepared from"),
        help_text=gettext_lazy(
            "Decisions and quick-win sheets come from a cohort; invitations to the evaluation, minutes and "
            "award certificates from an evaluation event; bimtek invitations from a bimtek stage."
        ),
    )
    award_category = forms.ModelChoiceField(
        label=gettext_lazy("Award category"),
        queryset=AwardCategory.objects.none(),
        required=False,
        help_text=gettext_lazy("Award certificates only: the award the certificates are for."),
    )
    letter_date = forms.DateField(label=gettext_lazy("Letter date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = _subject_choices()
        self.fields["award_category"].queryset = AwardCategory.objects.select_related("event").order_by(
            "event__name", "name"
        )
        self.fields["award_category"].label_from_instance = lambda c: f"{c.name} · {c.event.name}"
        if not self.is_bound:
            self.initial.setdefault("letter_date", timezone.localdate())

    def clean(self):
        data = super().clean()
        kind, subject = data.get("kind"), data.get("subject")
        if not kind or not subject:
            return data
        source, _sep, pk = subject.partition(":")
        found = None
        if pk.isascii() and pk.isdigit() and len(pk) <= 18:  # an id, never an overflowing number
            if source == "cohort":
                found = Cohort.objects.filter(pk=pk).first()
            elif source == "event":
                found = EvaluationEvent.objects.select_related("cohort").filter(pk=pk).first()
            elif source == "stage":
                found = bimtek_stages().select_related("cohort").filter(pk=pk).first()
        if found is None:
            self.add_error("subject", _("Choose a cohort, an evaluation event or a bimtek stage."))
            return data
        if kind not in SOURCES[source]:
            self.add_error(
                "subject",
                {
                    "cohort": _("This kind of letter is not prepared from a cohort."),
                    "event": _("This kind of letter is not prepared from an evaluation event."),
                    "stage": _("This kind of letter is not prepared from a bimtek stage."),
                }[source]
                + " "
                + _("It is prepared from: %(source)s.") % {"source": SOURCE_LABELS[source_of(kind)]},
            )
            return data
        category = data.get("award_category")
        if kind == K.AWARD_CERTIFICATE:
            if category is None:
                self.add_error("award_category", _("Choose the award the certificates are for."))
            elif category.event_id != found.pk:
                self.add_error("award_category", _("This award belongs to another evaluation event."))
        else:
            data["award_category"] = None
        data["source"], data["source_object"] = source, found
        return data

    def subject_kwargs(self) -> dict:
        """The keyword arguments of ``services.prepare_batch`` for the chosen subject."""
        data = self.cleaned_data
        kwargs = {data["source"]: data["source_object"]}
        if data.get("award_category") is not None:
            kwargs["award_category"] = data["award_category"]
        return kwargs


SOURCE_LABELS = {
    "cohort": gettext_lazy("a cohort"),
    "event": gettext_lazy("an evaluation event"),
    "stage": gettext_lazy("a bimtek stage"),
}


# ---------------------------------------------------------------------------------------------------------
# A letter's moves


class FinaliseForm(forms.Form):
    given_number = forms.CharField(
        label=gettext_lazy("Number given by the e-office (SRIKANDI)"),
        max_length=Letter._meta.get_field("number").max_length,
        required=False,
        strip=True,
        help_text=gettext_lazy(
            "Leave empty to take the next number of the register. Type the number only when the letter was "
            "numbered in SRIKANDI."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, letter: Letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter = letter

    def clean_given_number(self):
        number = " ".join(self.cleaned_data["given_number"].split())
        # Compared whatever the case: SRIKANDI's "B-12/DJAI.3" typed as "b-12/djai.3" is the same number.
        used = (
            Letter.objects.filter(number__iexact=number).exclude(pk=self.letter.pk).first()
            if number
            else None
        )
        if used is not None:
            raise ValidationError(
                _("The number %(number)s is already on another letter; numbers are never reused."),
                params={"number": used.number},
            )
        return number


class SignForm(forms.Form):
    scan = ScanField(label=gettext_lazy("Signed scan"), required=True)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for cancelling"),
        # Only spaces is no reason either (the field strips them): the same words as for an empty field.
        error_messages={"required": gettext_lazy("Say why the letter is cancelled.")},
        max_length=Letter._meta.get_field("cancel_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept with the letter; the letter keeps its number."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the letter is cancelled."))
        return reason
