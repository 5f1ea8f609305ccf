from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "pathmaker.demo"
    verbose_name = "Demo district"
