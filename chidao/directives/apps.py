from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "chidao.directives"
    label = "directives"
    verbose_name = "Văn bản chỉ đạo và nhiệm vụ"
