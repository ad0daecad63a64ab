from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BimtekConfig(AppConfig):
    name = "kotacerdas.bimtek"
    label = "bimtek"
    verbose_name = _("Bimtek")

    def ready(self):
        from kotacerdas.core.audit import register_actions

        register_actions(
            {
                "bimtek.import": _("Attendance list imported"),
                "bimtek.check_in": _("Attendee checked in"),
                "bimtek.walk_in": _("Walk-in attendee added"),
                "bimtek.expectation": _("Expected deliverable added"),
                "bimtek.receipt": _("Deliverable receipt recorded"),
            }
        )
