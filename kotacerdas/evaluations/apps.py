from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "kotacerdas.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluation")

    def ready(self):
        from kotacerdas.core.audit import register_actions, register_value_labels
        from kotacerdas.evaluations import board_state
        from kotacerdas.evaluations.models import SheetStatus

        board_state.connect()
        register_value_labels("evaluation.sheet_reopened", SheetStatus)
        register_actions(
            {
                "evaluation.session_changed": _("Session changed after the agenda was published"),
                "evaluation.agenda_published": _("Agenda published"),
                "evaluation.sheet_submitted": _("Score sheet submitted"),
                "evaluation.sheet_reopened": _("Score sheet reopened"),
                "evaluation.rubric_version": _("Rubric version created"),
                "evaluation.results_published": _("Results published"),
                "evaluation.setup_deleted": _("Evaluation set-up item deleted"),
                "evaluation.session_deleted": _("Session deleted"),
                "evaluation.criterion_deleted": _("Rubric criterion deleted"),
            }
        )
