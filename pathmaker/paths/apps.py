from django.apps import AppConfig


class PathsConfig(AppConfig):
    name = "pathmaker.paths"
    verbose_name = "Personal learning paths"

    def ready(self) -> None:
        # A changed level rewrites that student's stored plan and recommendation in the same transaction
        # (mastery sits below paths and cannot call it), and so does a deadline; a guide, a calendar or a
        # district recompute queues a rebuild. The advisor's page shows who is behind pace.
        from pathmaker.goals.panels import advising_panels
        from pathmaker.mastery.signals import level_changed, levels_recomputed
        from pathmaker.pacing.signals import pace_changed
        from pathmaker.paths import panels, snapshots, tasks

        level_changed.connect(snapshots.on_level_changed, dispatch_uid="paths.snapshots")
        levels_recomputed.connect(tasks.on_levels_recomputed, dispatch_uid="paths.recomputed")
        pace_changed.connect(tasks.on_pace_changed, dispatch_uid="paths.pace")
        advising_panels.register(panels.advisees_behind)
