from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "pathmaker.conferences"
    verbose_name = "Student-led conferences"

    def ready(self) -> None:
        from pathmaker.conferences.part import register

        register()
