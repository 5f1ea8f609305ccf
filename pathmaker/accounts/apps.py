from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pathmaker.accounts"
    verbose_name = "Accounts"
