from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chidao.audit"
    label = "audit"
    verbose_name = "Nhật ký"
