from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "chidao.study"
    label = "study"
    verbose_name = "Học tập, quán triệt nghị quyết"
