from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "chidao.orgs"
    label = "orgs"
    verbose_name = "Đơn vị và người dùng"
