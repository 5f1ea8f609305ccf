from django.apps import AppConfig


class ComponentsConfig(AppConfig):
    name = "pathmaker.components"
    verbose_name = "Shared page components"
