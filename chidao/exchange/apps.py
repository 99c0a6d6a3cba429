from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "chidao.exchange"
    label = "exchange"
    verbose_name = "Trao đổi dữ liệu"
