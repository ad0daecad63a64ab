from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.core.forms import WholeNumberField
from kotacerdas.scheduling.models import SchedulingSettings


class SchedulingSettingsForm(forms.ModelForm):
    class Meta:
        model = SchedulingSettings
        fields = [
            "weight_changes",
            "weight_preferences",
            "weight_load",
            "weight_stability",
            "time_limit_seconds",
        ]
        field_classes = dict.fromkeys(fields, WholeNumberField)


class PoolAddForm(forms.Form):
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Evaluators"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one evaluator.")},
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluators"].queryset = (
            User.objects.filter(is_evaluator=True, is_active=True)
            .exclude(pk__in=event.evaluator_pool.values("evaluator"))
            .order_by("full_name")
        )
