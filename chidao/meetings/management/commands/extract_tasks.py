"""python manage.py extract_tasks FILE — the conclusion reader on a .txt, .docx or .pdf file, as JSON.

One object per proposed task: text, lead_unit (the matched unit's name or null),
lead_unit_as_written, support_units, deadline (ISO date or null), recurring, deadline_as_written,
output, confidence — plus problems (what the reader is unsure of, in Vietnamese), lead_group (a
collective lead matched to a unit group), several_leads (one of several leads named together: one
task each) and support_units_unmatched. Units are the
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
        "deadline_as_written", "output", "confidence", "problems", "lead_group", "several_leads",
        "support_units_unmatched")


class Command(BaseCommand):
    help = "Đọc kết luận (tệp văn bản UTF-8) và in các nhiệm vụ đề xuất dưới dạng JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Tệp .txt, .docx hoặc .pdf (\"-\" để đọc văn bản từ stdin)")
        parser.add_argument("--story-units", action="store_true", help="Dùng danh sách đơn vị của dữ liệu mẫu")

    def handle(self, *args: Any, **options: Any) -> None:
        import sys

        name = options["file"]
        from chidao.parsing.documents import MAX_DOCUMENT_BYTES, DocumentReadError, document_text

        try:
            if name == "-":
                text = sys.stdin.read()
            else:
                path = Path(name)
                if path.stat().st_size > MAX_DOCUMENT_BYTES:
                    raise DocumentReadError(f"Tệp quá lớn (tối đa {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB).")
                text = document_text(path.read_bytes(), path.name)
        except DocumentReadError as exc:
            raise CommandError(f"Không đọc được tệp “{name}”: {exc.message}") from exc
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
        if not out:
            self.stderr.write("Văn bản không có câu giao việc nào mà bộ đọc nhận ra.")
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
