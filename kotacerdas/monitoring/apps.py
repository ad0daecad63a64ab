from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kotacerdas.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from kotacerdas.core.audit import register_actions, register_value_labels
        from kotacerdas.monitoring.models_index import RoundStatus

        register_value_labels("implementation.round_status", RoundStatus)
        register_actions(
            {
                "monitoring.value_reported": _("Indicator value reported"),
                "monitoring.value_verified": _("Indicator value verified"),
                "monitoring.value_rejected": _("Indicator value rejected"),
                "monitoring.progress_reported": _("Programme progress reported"),
                "monitoring.indicator_created": _("Catalogue indicator added"),
                "monitoring.indicator_changed": _("Catalogue indicator changed"),
                "monitoring.import": _("Indicator values and progress imported from a spreadsheet"),
                "implementation.scheme_created": _("Index weights created"),
                "implementation.round_created": _("Implementation evaluation round created"),
                "implementation.regions_enrolled": _("Regions enrolled in the implementation evaluation"),
                "implementation.round_status": _("Implementation evaluation round moved to another stage"),
                "implementation.self_assessment_submitted": _("Self-assessment submitted"),
                "implementation.self_assessment_reopened": _("Self-assessment reopened"),
                "implementation.validator_assigned": _("Validator assigned to a region"),
                "implementation.validator_removed": _("Validator removed from a region"),
                "implementation.validation_submitted": _("Implementation validation submitted"),
            }
        )
