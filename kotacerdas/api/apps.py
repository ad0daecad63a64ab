from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "kotacerdas.api"
    label = "api"
    verbose_name = _("Open data API")

    def ready(self):
        from kotacerdas.core.audit import register_actions

        register_actions(
            {
                "api.token_created": _("API token created"),
                "api.token_revoked": _("API token revoked"),
            }
        )
