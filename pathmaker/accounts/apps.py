from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pathmaker.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from pathmaker.accounts import signals

        signals.connect()
