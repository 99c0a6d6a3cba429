from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "chidao.directives"
    label = "directives"
    verbose_name = "Văn bản chỉ đạo và nhiệm vụ"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from . import tally
        from .models import Task

        # The tally of task counts is kept by every write of a task, in its transaction.
        pre_save.connect(tally._remember_pair, sender=Task, dispatch_uid="chidao.directives.tally.pre")
        post_save.connect(tally._refresh_after_save, sender=Task, dispatch_uid="chidao.directives.tally.post")
        post_delete.connect(tally._refresh_after_delete, sender=Task, dispatch_uid="chidao.directives.tally.del")
