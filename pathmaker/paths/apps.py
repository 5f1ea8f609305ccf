from django.apps import AppConfig


class PathsConfig(AppConfig):
    name = "pathmaker.paths"
    verbose_name = "Personal learning paths"
