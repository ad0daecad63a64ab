from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "kotacerdas.portal"
    label = "portal"
