from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "pathmaker.conferences"
    verbose_name = "Student-led conferences"
