from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "kotacerdas.news"
    label = "news"
    verbose_name = _("News and participation")

    def ready(self):
        from kotacerdas.core.audit import register_actions, register_value_labels
        from kotacerdas.news.models import ModerationStatus

        register_value_labels("news.comment_moderated", ModerationStatus)
        register_value_labels("news.feedback_moderated", ModerationStatus)
        register_actions(
            {
                "news.post_created": _("News post created"),
                "news.post_changed": _("News post changed"),
                "news.comment_moderated": _("Comment moderated"),
                "news.feedback_moderated": _("Quick-win feedback moderated"),
            }
        )
