"""python manage.py extract_tasks FILE.txt — the conclusion reader on a text file, as JSON.

One object per proposed task: text, lead_unit (the matched unit's name or null),
lead_unit_as_written, support_units, deadline (ISO date or null), recurring, deadline_as_written,
output, confidence — plus problems (what the reader is unsure of, in Vietnamese). Units are the
database's (their names, short names and aliases); `--story-units` uses the demo story's list
instead, without a database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chidao.meetings.reader import conclusions_read

KEYS = ("text", "lead_unit", "lead_unit_as_written", "support_units", "deadline", "recurring",
        "deadline_as_written", "output", "confidence", "problems")


class Command(BaseCommand):
    help = "Đọc kết luận (tệp văn bản UTF-8) và in các nhiệm vụ đề xuất dưới dạng JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Tệp .txt chứa kết luận (\"-\" để đọc từ stdin)")
        parser.add_argument("--story-units", action="store_true", help="Dùng danh sách đơn vị của dữ liệu mẫu")

    def handle(self, *args: Any, **options: Any) -> None:
        import sys

        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp “{name}”: {exc}") from exc
        if options["story_units"]:
            from chidao.meetings.quality import story_matcher

            matcher = story_matcher()[0]
        else:
            from chidao.parsing.units import unit_matcher_from_db

            matcher = unit_matcher_from_db()
        tasks = conclusions_read(text, matcher)
        out = [{key: getattr(task, key) for key in KEYS} for task in tasks]
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
