from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pathmaker.audit"
    verbose_name = "Audit log"
