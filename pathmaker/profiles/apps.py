from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "pathmaker.profiles"
    verbose_name = "Learner profiles"

    def ready(self) -> None:
        from pathmaker.profiles.parts import discover_parts

        discover_parts()
