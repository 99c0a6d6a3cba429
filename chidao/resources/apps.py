from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "chidao.resources"
    label = "resources"
    verbose_name = "Nguồn lực"
