from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kotacerdas.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from kotacerdas.core.audit import register_actions

        register_actions(
            {
                "monitoring.value_reported": _("Indicator value reported"),
                "monitoring.value_verified": _("Indicator value verified"),
                "monitoring.value_rejected": _("Indicator value rejected"),
                "monitoring.progress_reported": _("Programme progress reported"),
                "monitoring.indicator_created": _("Catalogue indicator added"),
                "monitoring.indicator_changed": _("Catalogue indicator changed"),
                "monitoring.import": _("Indicator values and progress imported from a spreadsheet"),
            }
        )
