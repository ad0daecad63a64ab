"""Creating and editing catalogue entries: the secretariat's shared indicators and a region's own."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.monitoring.models import Indicator, IndicatorSource
from kotacerdas.regions.models import MembershipRole, Region

CODE_FORMAT = RegexValidator(
    r"^[A-Z0-9][A-Z0-9:._-]*$",
    _("Use capital letters, digits and the signs : . _ - only, e.g. “PML-GOV-01”."),
)


def editable_regions(user):
    """The regions whose team the user edits (editor or approver)."""
    return Region.objects.filter(
        memberships__user=user, memberships__role__in=[MembershipRole.EDITOR, MembershipRole.APPROVER]
    ).order_by("name")


class IndicatorForm(forms.ModelForm):
    """One form for both kinds of entry. A shared entry (secretariat) picks its source framework; a region's own
    entry always has the source “region-defined” and picks its region among those the user edits. Dimension and
    element are checked against the current framework version."""

    dimension_code = forms.ChoiceField(
        label=_("smart city dimension"),
        required=False,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a dimension of the current framework version.")
        },
    )
    element_code = forms.ChoiceField(
        label=_("element"),
        required=False,
        error_messages={
            "invalid_choice": _("“%(value)s” is not an element of the current framework version.")
        },
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_id",
            "name_en",
            "definition",
            "unit",
            "direction",
            "numerator",
            "denominator",
            "dimension_code",
            "element_code",
            "source",
            "region",
            "reference",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        self.region_defined = self.instance.region_id is not None if editing else not user.is_secretariat
        if editing:
            # Codes appear in addresses and exports; an entry keeps the code it was created with.
            self.fields["code"].disabled = True
        else:
            self.fields["code"].help_text = _("Capital letters, digits and : . _ - ; e.g. “PML-GOV-01”.")
        if self.region_defined:
            self.instance.source = IndicatorSource.REGION
            del self.fields["source"]
            self.fields["region"].queryset = editable_regions(user)
            self.fields["region"].required = True
            self.fields["region"].empty_label = None
        else:
            del self.fields["region"]
            self.fields["source"].choices = [
                (value, label) for value, label in IndicatorSource.choices if value != IndicatorSource.REGION
            ]
        self._framework_choices()

    def _framework_choices(self):
        version = FrameworkVersion.objects.current()
        dimensions = list(version.dimensions.prefetch_related("elements")) if version else []
        self.element_dimension = {e.code: d.code for d in dimensions for e in d.elements.all()}
        self.fields["dimension_code"].choices = [("", "—")] + [
            (d.code, f"{d.code} · {d.name}") for d in dimensions
        ]
        self.fields["element_code"].choices = [("", "—")] + [
            (d.name, [(e.code, f"{e.code} · {e.name}") for e in d.elements.all()]) for d in dimensions
        ]

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).upper()
        CODE_FORMAT(code)
        if Indicator.objects.filter(code__iexact=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another indicator already uses this code."))
        return code

    def clean(self):
        cleaned = super().clean()
        element = cleaned.get("element_code")
        dimension = cleaned.get("dimension_code")
        if element and "dimension_code" not in self.errors:
            owner = self.element_dimension.get(element)
            if not dimension:
                cleaned["dimension_code"] = owner
            elif owner != dimension:
                self.add_error("element_code", _("This element belongs to another dimension."))
        return cleaned

    def save(self, commit=True):
        if self.instance.pk is None:
            self.instance.created_by = self.user
        return super().save(commit=commit)
