from django.apps import AppConfig


class InventoriesConfig(AppConfig):
    name = "pathmaker.inventories"
    verbose_name = "Habits and dispositions inventories"
