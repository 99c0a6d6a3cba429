from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chidao.meetings.docx import build_templates


class Command(BaseCommand):
    help = "Tạo lại các mẫu .docx biên bản và thông báo kết luận phiên họp."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in build_templates():
            self.stdout.write(str(path))
