"""Django admin for the evaluation models: a back door for support staff, with the app's rules kept.

Score sheets, scores and agenda releases are history and read-only here; sessions are checked against the
scheduling rules; a rubric with scores cannot have its criteria changed.
"""

from django import forms
from django.contrib import admin

from kotacerdas.evaluations import services
from kotacerdas.evaluations.models import (
    AgendaRelease,
    AvailabilityWindow,
    AwardCategory,
    Break,
    Criterion,
    DeclaredConflict,
    EvaluationEvent,
    EventDay,
    LevelDescriptor,
    Panel,
    PanelMember,
    Room,
    Rubric,
    Score,
    ScoreSheet,
    Session,
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventDayInline(admin.TabularInline):
    model = EventDay
    extra = 0


class BreakInline(admin.TabularInline):
    model = Break
    extra = 0


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


class AwardCategoryInline(admin.TabularInline):
    model = AwardCategory
    extra = 0


@admin.register(EvaluationEvent)
class EvaluationEventAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "cohort",
        "venue",
        "timezone",
        "agenda_release",
        "results_published_at",
        "is_demo",
    ]
    list_filter = ["cohort", "is_demo"]
    readonly_fields = ["agenda_release", "results_published_at"]
    inlines = [EventDayInline, BreakInline, RoomInline, AwardCategoryInline]


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    extra = 0
    autocomplete_fields = ["evaluator"]


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "room", "day"]
    list_filter = ["event"]
    inlines = [PanelMemberInline]


class SessionAdminForm(forms.ModelForm):
    """Refuses a session that breaks a scheduling rule, as the secretariat's pages do."""

    class Meta:
        model = Session
        fields = [
            "event",
            "participation",
            "day",
            "room",
            "starts",
            "ends",
            "panel",
            "presenter_name",
            "presenter_position",
            "presents",
            "is_pinned",
            "is_demo",
        ]

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.event_id:
            return
        for violation in services.schedule_violations(self.instance.event, candidate=self.instance):
            self.add_error(None, violation.message)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    form = SessionAdminForm
    list_display = ["participation", "event", "day", "room", "starts", "ends", "panel", "is_demo"]
    list_filter = ["event", "day", "room"]
    list_select_related = ["participation__region", "participation__cohort", "event", "day", "room", "panel"]


@admin.register(DeclaredConflict)
class DeclaredConflictAdmin(admin.ModelAdmin):
    list_display = ["evaluator", "region", "reason", "created_at"]
    autocomplete_fields = ["evaluator"]
    list_select_related = ["evaluator", "region"]


@admin.register(AvailabilityWindow)
class AvailabilityWindowAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "day", "starts", "ends", "is_preference"]
    list_filter = ["event", "is_preference"]
    autocomplete_fields = ["evaluator"]
    raw_id_fields = ["participation"]
    list_select_related = ["event", "day", "participation__region", "evaluator"]


def _frozen(obj) -> bool:
    """Whether ``obj`` (a rubric or a criterion) belongs to a rubric that has scores."""
    rubric = obj if isinstance(obj, Rubric) else getattr(obj, "rubric", None)
    return rubric is not None and rubric.pk is not None and rubric.has_scores


class FrozenWhenScoredInlineMixin:
    """Criteria and descriptors of a rubric with scores are read-only."""

    def has_add_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class CriterionInline(FrozenWhenScoredInlineMixin, admin.StackedInline):
    model = Criterion
    extra = 0
    show_change_link = True


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "version", "is_seeded_default"]
    list_filter = ["kind", "is_seeded_default"]
    inlines = [CriterionInline]


class LevelDescriptorInline(FrozenWhenScoredInlineMixin, admin.TabularInline):
    model = LevelDescriptor
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "rubric", "weight", "scale_min", "scale_max", "allow_na"]
    list_filter = ["rubric"]
    inlines = [LevelDescriptorInline]

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class ScoreInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    readonly_fields = ["criterion", "value", "is_na", "comment"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: scores change only through the evaluators' pages, and reopening is the secretariat's."""

    list_display = ["session", "rubric", "evaluator", "status", "submitted_at"]
    list_filter = ["status", "rubric", "session__event"]
    list_select_related = ["session__participation__region", "session__day", "rubric", "evaluator"]
    inlines = [ScoreInline]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sheet", "criterion", "value", "is_na"]
    list_select_related = ["sheet__session__participation__region", "sheet__session__day", "criterion"]


@admin.register(AgendaRelease)
class AgendaReleaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event", "number", "published_at", "published_by"]
    list_filter = ["event"]
