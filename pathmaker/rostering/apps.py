from django.apps import AppConfig


class RosteringConfig(AppConfig):
    name = "pathmaker.rostering"
    verbose_name = "Rostering"
