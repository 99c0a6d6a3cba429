from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chidao.accounts"
    label = "accounts"
    verbose_name = "Tài khoản, bảo mật"

    def ready(self) -> None:
        from django.contrib import admin

        from . import signals  # noqa: F401  (the idle clock starts at every login)
        from .views import admin_login

        # Django admin's own login form would skip the second factor and the lockout page.
        admin.site.login = admin_login  # type: ignore[method-assign]
