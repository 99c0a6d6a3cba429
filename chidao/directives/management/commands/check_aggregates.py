"""Recount the task tally (directives/tally.py) from the tasks and compare; --fix rebuilds it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.directives.tally import tally_differences, tally_rebuild


class Command(BaseCommand):
    help = "Đếm lại số nhiệm vụ theo đơn vị, văn bản và tình trạng, so với số đã lưu; --fix để dựng lại."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="dựng lại bảng số liệu khi có sai lệch")

    def handle(self, *args: Any, fix: bool = False, **options: Any) -> None:
        problems = tally_differences()
        if not problems:
            self.stdout.write(self.style.SUCCESS("Số liệu tổng hợp nhiệm vụ khớp với dữ liệu gốc."))
            return
        for line in problems[:50]:
            self.stdout.write(f"  {line}")
        if fix:
            rows = tally_rebuild()
            self.stdout.write(self.style.WARNING(f"Đã dựng lại số liệu tổng hợp ({rows} dòng)."))
            return
        raise CommandError(f"Số liệu tổng hợp lệch ở {len(problems)} chỗ; chạy lại với --fix để dựng lại.")
