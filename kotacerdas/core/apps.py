from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kotacerdas.core"
    label = "core"
