from django.apps import AppConfig


class PacingConfig(AppConfig):
    name = "pathmaker.pacing"
    verbose_name = "Pacing and deadlines"
