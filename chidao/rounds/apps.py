from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "chidao.rounds"
    label = "rounds"
    verbose_name = "Kỳ báo cáo"
