from django.apps import AppConfig


class PathsConfig(AppConfig):
    name = "pathmaker.paths"
    verbose_name = "Personal learning paths"

    def ready(self) -> None:
        # A changed level rewrites that student's stored plan and recommendation in the same transaction
        # (mastery sits below paths and cannot call it); the advisor's page shows who is behind pace.
        from pathmaker.goals.panels import advising_panels
        from pathmaker.mastery.signals import level_changed
        from pathmaker.paths import panels, snapshots, tasks  # noqa: F401 (tasks: the worker's registry)

        level_changed.connect(snapshots.on_level_changed, dispatch_uid="paths.snapshots")
        advising_panels.register(panels.advisees_behind)
