from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "kotacerdas.letters"
    label = "letters"
    verbose_name = _("Official letters")

    def ready(self):
        from kotacerdas.core.audit import register_actions, register_value_labels
        from kotacerdas.letters.models import LetterStatus

        register_actions(
            {
                "letter.prepared": _("Letter prepared"),
                "letter.edited": _("Letter draft edited"),
                "letter.deleted": _("Letter draft deleted"),
                "letter.status": _("Letter status changed"),
                "letter.sent_again": _("Letter sent again"),
                "letter.send_failed": _("Letter could not be sent"),
                "letter.batch": _("Letter batch started"),
                "letter.batch_retried": _("Letter batch retried"),
                "letter.template_saved": _("Letter template saved"),
                "letter.register_saved": _("Number register saved"),
            }
        )
        for action in ("letter.status", "letter.prepared", "letter.deleted"):
            register_value_labels(action, LetterStatus)
