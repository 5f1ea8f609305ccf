from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "pathmaker.access"
    verbose_name = "Access rules"
