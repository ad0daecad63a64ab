from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.core.forms import WholeNumberField
from kotacerdas.evaluations.models import Panel, Session
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


class GridChangeForm(forms.Form):
    """What every change on the schedule grid carries: the session (of this event) and the grid it was made on."""

    session = forms.ModelChoiceField(queryset=Session.objects.none(), widget=forms.HiddenInput)
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(event=event)
        self.fields["session"].error_messages["invalid_choice"] = _(
            "That session is no longer on this event's schedule."
        )


class GridMoveForm(GridChangeForm):
    """A move: the target cell as "day id|room id|HH:MM" (the drop on the grid, or the "move to…" list)."""

    cell = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args, cells: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [("", "—")] + cells
        self.fields["cell"].error_messages["required"] = _("Choose the slot to move the session to.")
        self.fields["cell"].error_messages["invalid_choice"] = _(
            "That place is not on the grid (any more); choose another."
        )


class GridPinForm(GridChangeForm):
    pinned = forms.BooleanField(required=False)


class GridPanelForm(GridChangeForm):
    panel = forms.ModelChoiceField(label=_("Panel"), queryset=Panel.objects.none(), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["panel"].queryset = event.panels.all()
        self.fields["panel"].error_messages["invalid_choice"] = _("That panel no longer exists.")


class GridSeatForm(GridChangeForm):
    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=User.objects.none())

    def __init__(self, *args, event, pool, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["evaluator"].queryset = User.objects.filter(pk__in=[u.pk for u in pool])
        self.fields["evaluator"].error_messages["invalid_choice"] = _(
            "Choose an evaluator of this event's pool."
        )
