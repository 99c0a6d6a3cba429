from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "chidao.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from chidao.core.dbstats import refresh_after_migrate

        # Once per `migrate` (sender: this app), after every app's tables exist.
        post_migrate.connect(refresh_after_migrate, sender=self, dispatch_uid="chidao.core.dbstats")
