from django.apps import AppConfig


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "chidao.members"
    verbose_name = "Đảng viên và chi bộ"
