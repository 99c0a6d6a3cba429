from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chidao.audit"
    label = "audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import signals

        user_logged_in.connect(signals.on_login, dispatch_uid="chidao-audit-login")
        user_logged_out.connect(signals.on_logout, dispatch_uid="chidao-audit-logout")
        user_login_failed.connect(signals.on_login_failed, dispatch_uid="chidao-audit-login-failed")
