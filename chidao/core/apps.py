from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "chidao.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from django.apps import apps
        from django.core.signals import request_finished, request_started

        from chidao.core import figures
        from chidao.core.dbstats import refresh_after_migrate

        request_started.connect(figures.request_began, dispatch_uid="chidao.core.figures.began")
        request_finished.connect(figures.request_ended, dispatch_uid="chidao.core.figures.ended")

        # Once per `migrate`, after every app's migrations ran. Django sends post_migrate only for
        # apps with models, and core has none: the signal of the task app stands for the run.
        post_migrate.connect(refresh_after_migrate, sender=apps.get_app_config("directives"),
                             dispatch_uid="chidao.core.dbstats")
