from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "pathmaker.profiles"
    verbose_name = "Learner profiles"

    def ready(self) -> None:
        from pathmaker.profiles import part_views  # noqa: F401  (registers the parts profiles draws itself)
