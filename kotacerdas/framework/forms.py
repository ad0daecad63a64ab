from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Dimension, Element, FrameworkVersion, ReadinessAspect, ReadinessLevel

LABEL_FIELDS = ["name_id", "name_en", "definition_id", "definition_en"]


class NewVersionForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Copy from"), queryset=FrameworkVersion.objects.all())
    code = forms.SlugField(label=_("Code"), max_length=30, help_text=_("Short identifier, e.g. gmsc-2024."))
    title = forms.CharField(label=_("Title"), max_length=200)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if FrameworkVersion.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A framework version with this code already exists."))
        return code


def label_form_for(model):
    return forms.modelform_factory(
        model, fields=LABEL_FIELDS + (["is_optional"] if model is ReadinessAspect else [])
    )


EDITABLE_KINDS = {
    "dimension": Dimension,
    "element": Element,
    "aspect": ReadinessAspect,
    "level": ReadinessLevel,
}
