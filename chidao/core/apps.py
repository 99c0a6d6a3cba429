from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chidao.core"
    label = "core"
    verbose_name = "Nền tảng"
