"""Forms of the implementation evaluation: rounds, index weights, and the scoring grid."""

import datetime
from decimal import Decimal

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.core.forms import DateInput, NumberField, WholeNumberField, YearField
from kotacerdas.core.hints import EmptyHint
from kotacerdas.evaluations.models import EvaluationKind, ImplementationDimension, Rubric
from kotacerdas.implementation.models import ImplementationRound, IndexScheme
from kotacerdas.monitoring.forms_values import EVIDENCE_MAX_BYTES

NA = "na"


class RoundForm(forms.Form):
    year = YearField(label=_("Year"), min_value=2019, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200)
    scheme = forms.ModelChoiceField(label=_("Index weights"), queryset=IndexScheme.objects.all())
    rubric = forms.ModelChoiceField(
        label=_("Rubric"), queryset=Rubric.objects.filter(kind=EvaluationKind.IMPLEMENTATION)
    )
    self_assessment_due = forms.DateField(label=_("Self-assessment due"), required=False, widget=DateInput())
    # The index scale is the round's (ImplementationRound.scale_min/scale_max); the model says what it refuses.
    scale_min = WholeNumberField(
        label=_("Index scale from"), required=False, initial=1, min_value=0, max_value=98
    )
    scale_max = WholeNumberField(
        label=_("Index scale to"),
        required=False,
        initial=4,
        min_value=1,
        max_value=99,
        help_text=_(
            "Scores are put on this scale: 1–4 unless the programme's guide for the year sets another."
        ),
    )
    # Why a list is empty and where to fill it (core/hints.py).
    empty_hints = {
        "scheme": EmptyHint(
            _("There are no index weights yet."),
            reverse_lazy("implementation:scheme_create"),
            _("Add index weights"),
        ),
        "rubric": EmptyHint(
            _("There is no implementation rubric yet."),
            reverse_lazy("evaluations:rubric_create"),
            _("Add a rubric"),
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year
        self.fields["scheme"].queryset = IndexScheme.objects.prefetch_related("weights")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if ImplementationRound.objects.filter(year=year).exists():
            raise forms.ValidationError(_("There is already a round for %(year)s.") % {"year": year})
        return year

    def clean_scale_min(self):
        # Left empty: the scale of the rounds so far (the model's default).
        value = self.cleaned_data["scale_min"]
        return ImplementationRound._meta.get_field("scale_min").default if value is None else value

    def clean_scale_max(self):
        value = self.cleaned_data["scale_max"]
        if value is not None:
            return value
        usual = ImplementationRound._meta.get_field("scale_max").default
        bottom = self.cleaned_data.get("scale_min")
        if bottom is not None and bottom >= usual:
            # Only the bottom was typed: say what the empty box stands for, not "4 must be above 4".
            raise forms.ValidationError(
                _(
                    "Give the top of the scale as well: the usual top (%(max)s) is not above the bottom %(min)s."
                )
                % {"max": usual, "min": bottom}
            )
        return usual


class SchemeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in ImplementationDimension:
            self.fields[f"weight_{dimension.value}"] = NumberField(
                label=_("%(dimension)s (%%)") % {"dimension": dimension.label},
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=5,
                decimal_places=2,
                unit="%",
            )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if IndexScheme.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Weights with this name already exist."))
        return name

    def weights(self) -> dict[str, Decimal]:
        return {d.value: self.cleaned_data[f"weight_{d.value}"] for d in ImplementationDimension}

    def clean(self):
        cleaned = super().clean()
        values = [cleaned.get(f"weight_{d.value}") for d in ImplementationDimension]
        if all(v is not None for v in values) and sum(values) != 100:
            self.add_error(
                None,
                _("The weights add up to %(sum)s %%; they must add up to 100 %%.") % {"sum": sum(values)},
            )
        return cleaned


class AssignForm(forms.Form):
    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = User.objects.evaluators().order_by("full_name")


class GridForm(forms.Form):
    """The scoring grid: one choice per criterion and smart city dimension; optionally the region's evidence
    per evaluation dimension (self-assessment) or the evaluator's findings (validation)."""

    def __init__(
        self,
        *args,
        criteria,
        dimensions,
        cells=None,
        evidence=None,
        with_evidence=False,
        comment=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria, self.dimensions, self.with_evidence = list(criteria), list(dimensions), with_evidence
        cells = cells or {}
        for c in self.criteria:
            choices = [("", "—")] + [(str(v), str(v)) for v in range(c.scale_min, c.scale_max + 1)]
            if c.allow_na:
                choices.append((NA, _("n/a")))
            for d in self.dimensions:
                value, is_na = cells.get((c.pk, d.pk), (None, False))
                self.fields[self.cell_name(c, d)] = forms.ChoiceField(
                    label=f"{c.name} · {d.name}",
                    choices=choices,
                    required=False,
                    initial=NA if is_na else ("" if value is None else str(value)),
                )
        if with_evidence:
            evidence = evidence or {}
            for dimension in ImplementationDimension:
                item = evidence.get(dimension.value)
                prefix = f"ev_{dimension.value}_"
                self.fields[prefix + "explanation"] = forms.CharField(
                    label=_("What the region did"),
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=item.explanation if item else "",
                )
                self.fields[prefix + "url"] = forms.URLField(
                    label=_("Evidence link"),
                    required=False,
                    max_length=500,
                    assume_scheme="https",
                    initial=item.evidence_url if item else "",
                )
                self.fields[prefix + "file"] = forms.FileField(label=_("Evidence file"), required=False)
        if comment is not None:
            self.fields["comment"] = forms.CharField(
                label=_("Findings (interviews, field visits)"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=comment,
            )

    @staticmethod
    def cell_name(criterion, dimension) -> str:
        return f"c{criterion.pk}_d{dimension.pk}"

    def rows(self):
        """[(criterion, [(dimension, bound field)])] for the template."""
        return [(c, [(d, self[self.cell_name(c, d)]) for d in self.dimensions]) for c in self.criteria]

    def evidence_blocks(self):
        return [
            (
                dimension,
                self[f"ev_{dimension.value}_explanation"],
                self[f"ev_{dimension.value}_url"],
                self[f"ev_{dimension.value}_file"],
            )
            for dimension in ImplementationDimension
        ]

    def clean(self):
        cleaned = super().clean()
        if self.with_evidence:
            for dimension in ImplementationDimension:
                upload = cleaned.get(f"ev_{dimension.value}_file")
                if upload and upload.size > EVIDENCE_MAX_BYTES:
                    self.add_error(
                        f"ev_{dimension.value}_file",
                        _(
                            "The file is larger than 10 MB. Give a link to the document instead, or a smaller extract."
                        ),
                    )
        return cleaned

    def cells(self) -> dict:
        result = {}
        for c in self.criteria:
            for d in self.dimensions:
                raw = self.cleaned_data.get(self.cell_name(c, d), "")
                if raw == NA:
                    result[(c.pk, d.pk)] = (None, True)
                elif raw:
                    result[(c.pk, d.pk)] = (int(raw), False)
        return result

    def evidence(self) -> dict:
        if not self.with_evidence:
            return {}
        return {
            d.value: {
                "explanation": self.cleaned_data.get(f"ev_{d.value}_explanation", ""),
                "evidence_url": self.cleaned_data.get(f"ev_{d.value}_url", ""),
                "evidence_file": self.cleaned_data.get(f"ev_{d.value}_file"),
            }
            for d in ImplementationDimension
        }
