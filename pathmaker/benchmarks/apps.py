from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "pathmaker.benchmarks"
    verbose_name = "Benchmarks"
