"""Forms of the secretariat's set-up pages for evaluation events and rubrics."""

import datetime

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.core.forms import DateInput, NumberField, NumberInput, TimeInput, WholeNumberField
from kotacerdas.core.hints import EmptyHint
from kotacerdas.core.templatetags.kotacerdas import long_date
from kotacerdas.evaluations.models import (
    MAX_EVENT_DAYS,
    AvailabilityWindow,
    AwardCategory,
    Break,
    Criterion,
    DeclaredConflict,
    EvaluationEvent,
    EvaluationKind,
    EventDay,
    Panel,
    Room,
    RoomMode,
    Rubric,
    ScoreSheet,
    Session,
    event_day_problem,
)
from kotacerdas.programmes.models import Participation, ParticipationStatus
from kotacerdas.regions.models import Region

# Participations that may present at an evaluation.
SCHEDULABLE_STATUSES = [
    ParticipationStatus.SELECTED,
    ParticipationStatus.MENTORING,
    ParticipationStatus.EVALUATED,
]
MAX_DESCRIBED_LEVELS = 11  # level descriptors are offered for scales of up to this many values


def _ordered(start_field: str, end_field: str, message):
    """A form clean() step: the end comes after the start."""

    def check(form, cleaned):
        start, end = cleaned.get(start_field), cleaned.get(end_field)
        if start is not None and end is not None and end <= start:
            form.add_error(end_field, message)

    return check


def _unique_in_event(form, field: str, model, event, message):
    value = form.cleaned_data.get(field)
    if value in (None, ""):
        return value
    others = model.objects.filter(event=event, **{field: value})
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    if others.exists():
        raise forms.ValidationError(message)
    return value


class EventForm(forms.ModelForm):
    """The event's settings; a new event also gets its days from a first date and a number of days."""

    first_day = forms.DateField(label=_("First day"), widget=DateInput(), required=False)
    number_of_days = WholeNumberField(
        label=_("Number of days"), min_value=1, max_value=MAX_EVENT_DAYS, initial=2, required=False
    )

    class Meta:
        model = EvaluationEvent
        fields = [
            "cohort",
            "name",
            "venue",
            "address",
            "timezone",
            "day_starts",
            "day_ends",
            "slot_minutes",
            "min_panel_size",
            "masterplan_rubric",
            "quick_win_rubric",
            "peers_visible_before_submit",
            "conflict_same_province",
        ]
        widgets = {"day_starts": TimeInput(), "day_ends": TimeInput()}
        field_classes = {"slot_minutes": WholeNumberField, "min_panel_size": WholeNumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["masterplan_rubric"].queryset = Rubric.objects.filter(kind=EvaluationKind.MASTERPLAN)
        self.fields["quick_win_rubric"].queryset = Rubric.objects.filter(kind=EvaluationKind.QUICK_WIN)
        self.fields["cohort"].queryset = self.fields["cohort"].queryset.select_related("programme")
        if self.instance.pk:
            # Days of an existing event are managed on its page.
            del self.fields["first_day"], self.fields["number_of_days"]
        else:
            for name, kind in (
                ("masterplan_rubric", EvaluationKind.MASTERPLAN),
                ("quick_win_rubric", EvaluationKind.QUICK_WIN),
            ):
                latest = Rubric.objects.filter(kind=kind).order_by("-version", "-created_at").first()
                self.fields[name].initial = latest.pk if latest else None
            self.fields["first_day"].required = True
            self.fields["number_of_days"].required = True
            self.order_fields(["cohort", "name", "venue", "address", "first_day", "number_of_days"])

    def clean(self):
        cleaned = super().clean()
        self._refuse_changes_once_scored()
        _ordered("day_starts", "day_ends", _("The day must end after it starts."))(self, cleaned)
        cohort = cleaned.get("cohort")
        days = self.days()
        if cohort is not None and days:
            # The same rule as a day added later (EventDay.clean), for the first and the last of the new days.
            for day in (days[0], days[-1]):
                problem = event_day_problem(cohort.year, day)
                if problem:
                    self.add_error("first_day", problem)
                    break
        return cleaned

    def days(self) -> list[datetime.date]:
        first, count = self.cleaned_data.get("first_day"), self.cleaned_data.get("number_of_days")
        if not first or not count:
            return []
        return [first + datetime.timedelta(days=n) for n in range(count)]

    def _refuse_changes_once_scored(self):
        if not (self.instance.pk and ScoreSheet.objects.filter(session__event=self.instance).exists()):
            return
        for name in ("cohort", "masterplan_rubric", "quick_win_rubric"):
            if name in self.changed_data:
                self.add_error(name, _("Score sheets exist for this event; this cannot change any more."))


class DayForm(forms.ModelForm):
    class Meta:
        model = EventDay
        fields = ["date"]
        widgets = {"date": DateInput()}

    def clean_date(self):
        return _unique_in_event(
            self, "date", EventDay, self.instance.event, _("The event already has this day.")
        )


class BreakForm(forms.ModelForm):
    class Meta:
        model = Break
        fields = ["label", "starts", "ends"]
        widgets = {
            "starts": TimeInput(attrs={"placeholder": "12:00"}),
            "ends": TimeInput(attrs={"placeholder": "13:00"}),
        }

    # The end after the start, inside the event's hours: Break.clean.


class AwardCategoryForm(forms.ModelForm):
    class Meta:
        model = AwardCategory
        fields = ["name", "kind", "places"]
        field_classes = {"places": WholeNumberField}

    def clean_name(self):
        return _unique_in_event(
            self,
            "name",
            AwardCategory,
            self.instance.event,
            _("The event already has an award with this name."),
        )


class RoomForm(forms.ModelForm):
    # "https://" is assumed when typed without a scheme (the model refuses any other scheme).
    meeting_link = Room._meta.get_field("meeting_link").formfield(assume_scheme="https")

    class Meta:
        model = Room
        fields = ["name", "capacity", "order", "mode", "meeting_link"]
        field_classes = {"capacity": WholeNumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form posted without a mode (an older page, a script) adds an in-person room, the default.
        self.fields["mode"].required = False

    def clean_name(self):
        return _unique_in_event(
            self, "name", Room, self.instance.event, _("The event already has a room with this name.")
        )

    def clean_mode(self):
        return self.cleaned_data.get("mode") or RoomMode.IN_PERSON


class EvaluatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.full_name} ({user.email})"


class EvaluatorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.full_name} ({user.email})"


class PanelForm(forms.ModelForm):
    """A panel with its members (evaluators only) and one chair among them."""

    members = EvaluatorsField(
        label=_("Members"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    chair = EvaluatorChoiceField(label=_("Chair"), queryset=User.objects.none(), required=False)

    class Meta:
        model = Panel
        fields = ["name", "room", "day"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance.event
        evaluators = User.objects.evaluators().order_by("full_name")
        self.fields["members"].queryset = evaluators
        self.fields["chair"].queryset = evaluators
        self.fields["room"].queryset = event.rooms.all()
        self.fields["day"].queryset = event.days.all()
        self.fields["day"].label_from_instance = lambda day: long_date(day.date)
        self.fields["room"].help_text = _("Where the panel usually sits; each session still names its room.")
        self.fields["day"].help_text = _("Leave empty when the panel sits on every day.")
        if self.instance.pk and not self.is_bound:
            memberships = list(self.instance.memberships.all())
            self.initial["members"] = [m.evaluator_id for m in memberships]
            self.initial["chair"] = next((m.evaluator_id for m in memberships if m.is_chair), None)

    def clean_name(self):
        return _unique_in_event(
            self, "name", Panel, self.instance.event, _("The event already has a panel with this name.")
        )

    def clean(self):
        cleaned = super().clean()
        chair, members = cleaned.get("chair"), cleaned.get("members")
        if chair is not None and members is not None and chair not in members:
            self.add_error("chair", _("The chair must be one of the panel's members."))
        return cleaned


class DeclaredConflictForm(forms.ModelForm):
    evaluator = EvaluatorChoiceField(label=_("Evaluator"), queryset=User.objects.none())

    class Meta:
        model = DeclaredConflict
        fields = ["evaluator", "region", "reason"]

    def __init__(self, *args, event: EvaluationEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = User.objects.evaluators().order_by("full_name")
        self.fields["region"].queryset = Region.objects.filter(
            participations__cohort=event.cohort_id
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        evaluator, region = cleaned.get("evaluator"), cleaned.get("region")
        if (
            evaluator
            and region
            and DeclaredConflict.objects.filter(evaluator=evaluator, region=region).exists()
        ):
            raise forms.ValidationError(_("This conflict is already declared."))
        return cleaned


class ParticipationChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, scheduled=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.scheduled = set(scheduled)

    def label_from_instance(self, participation):
        label = f"{participation.region.name} ({participation.region.code})"
        if participation.pk in self.scheduled:
            label += " · " + str(_("already scheduled"))
        return label


def event_hints(event: EvaluationEvent) -> dict:
    """Why a list of the session and availability forms is empty, and where to fill it (core/hints.py)."""
    page = reverse("evaluations:event_detail", args=[event.pk])
    return {
        "day": EmptyHint(_("The event has no days yet."), page + "#days", _("Add days")),
        "room": EmptyHint(_("The event has no rooms yet."), page + "#rooms", _("Add rooms")),
        "participation": EmptyHint(
            _("No region of the event's cohort is selected for evaluation yet."),
            reverse("programmes:cohort_detail", args=[event.cohort_id]),
            _("Open the cohort"),
        ),
    }


class SessionForm(forms.ModelForm):
    """A manually scheduled session. The hard scheduling rules are checked by services.save_session."""

    class Meta:
        model = Session
        fields = [
            "participation",
            "day",
            "room",
            "starts",
            "ends",
            "panel",
            "presents",
            "presenter_name",
            "presenter_position",
            "is_pinned",
        ]
        widgets = {
            "starts": TimeInput(attrs={"placeholder": "09:00"}),
            "ends": TimeInput(attrs={"placeholder": ""}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance.event
        participations = Participation.objects.filter(cohort=event.cohort_id, status__in=SCHEDULABLE_STATUSES)
        if self.instance.participation_id:
            participations = participations | Participation.objects.filter(pk=self.instance.participation_id)
        scheduled = event.sessions.exclude(pk=self.instance.pk).values_list("participation_id", flat=True)
        self.fields["participation"] = ParticipationChoiceField(
            label=_("Region"),
            queryset=participations.select_related("region").order_by("region__name"),
            scheduled=scheduled,
        )
        self.fields["day"].queryset = event.days.all()
        self.fields["day"].label_from_instance = lambda day: long_date(day.date)
        self.fields["room"].queryset = event.rooms.all()
        self.fields["panel"].queryset = event.panels.all()
        self.fields["ends"].required = False
        self.fields["ends"].help_text = _("Empty: the start plus %(minutes)s minutes.") % {
            "minutes": event.slot_minutes
        }
        self.fields["starts"].help_text = _("Time in %(zone)s.") % {"zone": event.timezone_abbreviation}
        self.empty_hints = event_hints(event)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.sheets.exists():
            # Scores belong to this region, panel and rubric choice: changing them would move or hide scores.
            for name in ("participation", "panel", "presents"):
                if name in self.changed_data:
                    self.add_error(
                        name, _("Score sheets exist for this session; this cannot change any more.")
                    )
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts is not None and ends is None and "ends" not in self.errors:
            moment = datetime.datetime.combine(datetime.date(2000, 1, 1), starts)
            ends = (moment + datetime.timedelta(minutes=self.instance.event.slot_minutes)).time()
            if ends <= starts:  # past midnight
                self.add_error("ends", _("The session must end on the day it starts."))
            else:
                cleaned["ends"] = ends
        elif starts is not None and ends is not None and ends <= starts:
            self.add_error("ends", _("The session must end after it starts."))
        return cleaned


class AvailabilityForm(forms.ModelForm):
    """When a region or an evaluator can take part: a rule, or (regions only) a preference."""

    class Meta:
        model = AvailabilityWindow
        fields = ["participation", "evaluator", "day", "starts", "ends", "is_preference"]
        widgets = {
            "starts": TimeInput(attrs={"placeholder": "08:00"}),
            "ends": TimeInput(attrs={"placeholder": "12:00"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance.event
        participations = Participation.objects.filter(cohort=event.cohort_id, status__in=SCHEDULABLE_STATUSES)
        self.fields["participation"] = ParticipationChoiceField(
            label=_("Region"),
            queryset=participations.select_related("region").order_by("region__name"),
            required=False,
        )
        self.fields["evaluator"] = EvaluatorChoiceField(
            label=_("Evaluator"), queryset=User.objects.evaluators().order_by("full_name"), required=False
        )
        self.fields["day"].queryset = event.days.all()
        self.fields["day"].label_from_instance = lambda day: long_date(day.date)
        self.fields["starts"].help_text = _("Time in %(zone)s.") % {"zone": event.timezone_abbreviation}
        self.fields["is_preference"].help_text = _(
            "Regions only: a wish the automatic scheduler tries to meet. Otherwise the region or evaluator "
            "takes part only inside its windows."
        )
        self.empty_hints = {"day": event_hints(event)["day"]}

    def clean(self):
        cleaned = super().clean()
        participation, evaluator = cleaned.get("participation"), cleaned.get("evaluator")
        picked_region = participation is not None or "participation" in self.errors
        picked_evaluator = evaluator is not None or "evaluator" in self.errors
        if not picked_region and not picked_evaluator:
            message = _("Choose a region or an evaluator.")
            self.add_error("participation", message)
            self.add_error("evaluator", message)
        elif participation is not None and evaluator is not None:
            message = _("Choose either a region or an evaluator, not both.")
            self.add_error("participation", message)
            self.add_error("evaluator", message)
        if evaluator is not None and cleaned.get("is_preference"):
            self.add_error(
                "is_preference",
                _("Only a region's window can be a preference; an evaluator's window is always a rule."),
            )
        # The end after the start, inside the event's hours, on a day of the event: AvailabilityWindow.clean.
        return cleaned


class ReleaseForm(forms.Form):
    note = forms.CharField(
        label=_("What changed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, event: EvaluationEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if event.agenda_is_published:
            self.fields["note"].required = True
            self.fields["note"].help_text = _("Shown with the new release of the agenda.")
        else:
            self.fields["note"].help_text = _("Optional for the first release.")


class RubricForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["kind", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Kind and name identify the rubric's versions.
            del self.fields["kind"]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind", self.instance.kind)
        name = cleaned.get("name")
        if kind and name:
            others = Rubric.objects.filter(kind=kind, name=name, version=self.instance.version or 1)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("A rubric of this kind with this name and version exists."))
        return cleaned


class CriterionForm(forms.ModelForm):
    """A criterion and, for short scales, the meaning of each level."""

    class Meta:
        model = Criterion
        fields = [
            "name",
            "implementation_dimension",
            "description",
            "weight",
            "scale_min",
            "scale_max",
            "allow_na",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"scale_min": WholeNumberField, "scale_max": WholeNumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only criteria of implementation rubrics belong to one of the five evaluation dimensions.
        rubric = self.instance.rubric if self.instance.rubric_id else None
        if rubric is not None and rubric.kind == EvaluationKind.IMPLEMENTATION:
            self.fields["implementation_dimension"].required = True
        else:
            del self.fields["implementation_dimension"]
        self.fields["weight"].help_text = _(
            "Relative weight; the rubric's total is rescaled to 100, so weights need not add up to 100."
        )
        low, high = self._scale()
        self.level_values = list(range(low, high + 1)) if 0 < high - low < MAX_DESCRIBED_LEVELS else []
        existing = {lv.value: lv.description for lv in self.instance.levels.all()} if self.instance.pk else {}
        for value in self.level_values:
            self.fields[f"level_{value}"] = forms.CharField(
                label=_("Meaning of %(value)s") % {"value": value},
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=existing.get(value, ""),
            )

    def _scale(self) -> tuple[int, int]:
        def number(name, default):
            raw = self.data.get(self.add_prefix(name)) if self.is_bound else None
            try:
                return int(raw) if raw not in (None, "") else default
            except ValueError:
                return default

        return number("scale_min", self.instance.scale_min), number("scale_max", self.instance.scale_max)

    def level_fields(self):
        return [self[f"level_{v}"] for v in self.level_values]

    def criterion_fields(self):
        return [self[name] for name in self.Meta.fields if name in self.fields]

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and weight <= 0:
            raise forms.ValidationError(_("The weight must be greater than zero."))
        return weight

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The highest score must be greater than the lowest."))
        return cleaned

    def levels(self) -> dict[int, str]:
        """The level descriptors entered, by score value (empty ones left out)."""
        low, high = self.cleaned_data["scale_min"], self.cleaned_data["scale_max"]
        return {
            v: self.cleaned_data[f"level_{v}"].strip()
            for v in self.level_values
            if low <= v <= high and self.cleaned_data.get(f"level_{v}", "").strip()
        }


# --- Scoring (views_scoring.py) ------------------------------------------------------------------------------


class SheetForm(forms.Form):
    """One rubric's part of the score sheet. Values are parsed here; whether they fit the scale is the
    service's rule (services.record_scores)."""

    general_comment = forms.CharField(
        label=_("General comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            # Radio buttons post whole numbers; a wide scale is typed, the reader's way (core NumberField).
            self.fields[f"c{c.pk}"] = NumberField(
                label=c.name,
                required=False,
                integer=True,
                widget=NumberInput(attrs={"data-score": "", "class": "score-input"}, integer=True),
            )
            self.fields[f"c{c.pk}_na"] = forms.BooleanField(
                label=_("Not applicable (n/a)"),
                required=False,
                widget=forms.CheckboxInput(attrs={"data-na": ""}),
            )
            self.fields[f"c{c.pk}_comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def entries(self) -> dict:
        """criterion pk -> (value, is n/a, comment), as services.record_scores takes them."""
        data = self.cleaned_data
        return {
            c.pk: (data[f"c{c.pk}"], data[f"c{c.pk}_na"], data[f"c{c.pk}_comment"]) for c in self.criteria
        }

    def is_blank(self) -> bool:
        """Nothing typed or chosen at all (no sheet is started for a part left empty)."""
        return not self.cleaned_data["general_comment"] and all(
            value is None and not na and not comment for value, na, comment in self.entries().values()
        )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why is the sheet reopened?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
