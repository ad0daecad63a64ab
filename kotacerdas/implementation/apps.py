from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    name = "kotacerdas.implementation"
    label = "implementation"
    verbose_name = _("Implementation evaluation")

    def ready(self):
        from kotacerdas.core.audit import register_actions, register_value_labels
        from kotacerdas.implementation.models import RoundStatus
        from kotacerdas.implementation.services import published_index_of
        from kotacerdas.monitoring.report import register_index_finder

        register_index_finder(published_index_of)
        register_value_labels("implementation.round_status", RoundStatus)
        register_actions(
            {
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
