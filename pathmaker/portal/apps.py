from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pathmaker.portal"
    verbose_name = "Portal"
