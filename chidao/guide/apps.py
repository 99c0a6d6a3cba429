from django.apps import AppConfig


class GuideConfig(AppConfig):
    """A guided first visit: each role's "Bắt đầu" panel on the home page, dismissed per person."""

    name = "chidao.guide"
    label = "guide"
    verbose_name = "Hướng dẫn bắt đầu"
