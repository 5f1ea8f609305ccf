from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class PortfoliosConfig(AppConfig):
    name = "pathmaker.portfolios"
    verbose_name = "Portfolios"

    def ready(self) -> None:
        from django.conf import settings

        from pathmaker.portfolios import files

        unknown = sorted(set(settings.PATHMAKER_PORTFOLIO_TYPES) - files.TYPE_KEYS)
        if unknown or not settings.PATHMAKER_PORTFOLIO_TYPES:
            raise ImproperlyConfigured(
                f"PATHMAKER_PORTFOLIO_TYPES: {', '.join(unknown) or 'empty'} is not a kind of file the portfolio "
                f"takes; choose among {', '.join(t.key for t in files.TYPES)}"
            )
        if settings.PATHMAKER_PORTFOLIO_MAX_BYTES < 1:
            raise ImproperlyConfigured("PATHMAKER_PORTFOLIO_MAX_BYTES must be a positive number of bytes")
