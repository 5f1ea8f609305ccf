from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "pathmaker.frameworks"
    verbose_name = "Competency frameworks"
