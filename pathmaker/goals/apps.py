from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "pathmaker.goals"
    verbose_name = "Goals and reflection"

    def ready(self) -> None:
        from pathmaker.goals.parts import GOALS_PART
        from pathmaker.profiles.parts import register_part

        register_part(GOALS_PART)
