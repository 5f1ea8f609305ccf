from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pathmaker.api"
    verbose_name = "JSON API"
