from django.apps import AppConfig


class MasteryConfig(AppConfig):
    name = "pathmaker.mastery"
    verbose_name = "Mastery"
