from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkConfig(AppConfig):
    name = "kotacerdas.framework"
    label = "framework"
    verbose_name = _("Smart city framework")

    def ready(self):
        from kotacerdas.core.audit import register_actions

        register_actions(
            {
                "framework.version_created": _("Framework version created"),
                "framework.made_current": _("Framework version made current"),
                "framework.item_edited": _("Framework label edited"),
            }
        )
