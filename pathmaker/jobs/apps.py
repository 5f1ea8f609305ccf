from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "pathmaker.jobs"
    verbose_name = "Background jobs"
