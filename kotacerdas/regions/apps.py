from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "kotacerdas.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self):
        from kotacerdas.core.audit import register_actions

        register_actions(
            {
                "membership.added": _("Added to a region's team"),
                "membership.removed": _("Removed from a region's team"),
                "opd.deleted": _("Regional agency (OPD) removed"),
                "body.created": _("Decree of a regional smart city body recorded"),
                "body.changed": _("Decree of a regional smart city body changed"),
                "body.member_added": _("Member added to a regional smart city body"),
                "body.member_changed": _("Member of a regional smart city body changed"),
                "body.member_removed": _("Member removed from a regional smart city body"),
            }
        )
