from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "pathmaker.portfolios"
    verbose_name = "Portfolios"
