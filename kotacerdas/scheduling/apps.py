from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "kotacerdas.scheduling"
    label = "scheduling"
    verbose_name = _("Scheduling")

    def ready(self):
        from kotacerdas.core.audit import register_actions

        register_actions(
            {
                "scheduling.proposal_applied": _("Schedule proposal applied"),
                "scheduling.proposal_discarded": _("Schedule proposal discarded"),
                "scheduling.pool_removed": _("Evaluator taken out of the scheduling pool"),
                "scheduling.session_moved": _("Session moved on the schedule grid"),
                "scheduling.session_pinned": _("Session pinned"),
                "scheduling.session_unpinned": _("Session unpinned"),
                "scheduling.session_panel_changed": _("Session given another panel on the schedule grid"),
                "scheduling.panel_member_added": _("Evaluator seated on a panel from the schedule grid"),
            }
        )
