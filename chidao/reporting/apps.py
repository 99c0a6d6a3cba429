from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "chidao.reporting"
    label = "reporting"
    verbose_name = "Báo cáo tiến độ"
