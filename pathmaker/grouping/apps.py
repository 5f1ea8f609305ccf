from django.apps import AppConfig


class GroupingConfig(AppConfig):
    name = "pathmaker.grouping"
    verbose_name = "Flexible grouping"
