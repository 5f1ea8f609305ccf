from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "pathmaker.goals"
    verbose_name = "Goals and reflection"
