from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "schoolprivacy.audit"
    label = "audit"
