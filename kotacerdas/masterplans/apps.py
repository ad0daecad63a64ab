from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MasterplansConfig(AppConfig):
    name = "kotacerdas.masterplans"
    label = "masterplans"
    verbose_name = _("Masterplans")

    def ready(self):
        from kotacerdas.core.audit import register_actions, register_value_labels
        from kotacerdas.masterplans.models import MasterplanStatus

        register_value_labels("masterplan.status", MasterplanStatus)

        register_actions(
            {
                "masterplan.created": _("Masterplan created"),
                "masterplan.status": _("Masterplan status changed"),
                "masterplan.import": _("Programmes imported"),
                "masterplan.comment_resolved": _("Comment resolved"),
                "masterplan.row_deleted": _("Masterplan row deleted"),
            }
        )
