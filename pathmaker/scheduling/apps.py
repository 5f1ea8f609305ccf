from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "pathmaker.scheduling"
    verbose_name = "Flex blocks, workshops and the weekly schedule"
