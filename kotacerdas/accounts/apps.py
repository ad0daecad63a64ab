from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kotacerdas.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from kotacerdas.core.audit import register_actions

        register_actions(
            {
                "user.created": _("Account created"),
                "user.roles": _("Account roles changed"),
            }
        )
