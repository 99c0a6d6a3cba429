"""python manage.py reader_quality [FILE.json] — precision and recall of the conclusion reader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from chidao.meetings.quality import DEFAULT_CASES, cases_load, quality_measure


class Command(BaseCommand):
    help = "Đo chất lượng bộ đọc kết luận (đơn vị chủ trì, thời hạn) trên tập câu có đáp án."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT_CASES))

    def handle(self, *args: Any, **options: Any) -> None:
        result = quality_measure(cases_load(Path(options["file"])))
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
