from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "pathmaker.evidence"
    verbose_name = "Evidence of learning"
