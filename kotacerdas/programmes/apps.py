from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "kotacerdas.programmes"
    label = "programmes"
    verbose_name = _("Programmes and cohorts")

    def ready(self):
        from kotacerdas.core.audit import register_actions, register_value_labels
        from kotacerdas.programmes.models import ParticipationStatus

        register_value_labels("participation.status", ParticipationStatus)

        register_actions(
            {
                "participation.status": _("Participation status changed"),
                "participation.mentors": _("Mentors assigned"),
                "participation.details": _("Participation details changed"),
                "selection.assessed": _("Application assessed"),
                "cohort.saved": _("Cohort saved"),
                "stage.saved": _("Stage saved"),
                "agreement.saved": _("Agreement saved"),
                "agreement.deleted": _("Agreement deleted"),
                "selection.criterion_added": _("Selection criterion added"),
                "selection.tie_decided": _("Tie at the selection cut-off decided"),
                "selection.incomplete_acknowledged": _("Selection continued with incomplete assessments"),
            }
        )
