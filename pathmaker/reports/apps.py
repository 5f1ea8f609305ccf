from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pathmaker.reports"
    verbose_name = "Reports"
