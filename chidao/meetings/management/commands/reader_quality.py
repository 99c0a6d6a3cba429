"""python manage.py reader_quality — how well the conclusion reader does on real published documents.

    python manage.py reader_quality                       # both sets of corpus/reader, a table per set
    python manage.py reader_quality --set holdout --json  # one set, as JSON (with the list of mistakes)
    python manage.py reader_quality --units gold          # unit list = the gold lead units (upper bound)
    python manage.py reader_quality --sentences [FILE]    # the older set of sentences written here

The method (matching, what "right" means per field) is in chidao/meetings/quality.py and
docs/meetings-reader-quality.md. Deterministic: same corpus, same reader, same figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chidao.meetings.quality import (
    CORPUS_ROOT,
    CORPUS_SETS,
    DEFAULT_CASES,
    CorpusQuality,
    FieldScore,
    cases_load,
    corpus_check,
    corpus_load,
    corpus_measure,
    gold_matcher,
    quality_measure,
    story_matcher,
)


def _pct(value: float) -> str:
    return f"{value * 100:.2f}%".replace(".", ",")


class Command(BaseCommand):
    help = "Đo chất lượng bộ đọc kết luận trên kho văn bản thật có đáp án (tập phát triển, tập kiểm tra)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--set", choices=[*CORPUS_SETS, "all"], default="all",
                            help="Tập cần đo: dev, holdout hoặc all (mặc định: cả hai, từng tập một)")
        parser.add_argument("--path", default=str(CORPUS_ROOT), help="Thư mục kho văn bản (chứa dev/ và holdout/)")
        parser.add_argument("--units", choices=["story", "gold"], default="story",
                            help="Danh sách đơn vị cho bộ đọc: story (dữ liệu mẫu) hoặc gold (đơn vị trong đáp án)")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
        parser.add_argument("--mistakes", action="store_true", help="Liệt kê các nhiệm vụ đọc sai (dạng bảng)")
        parser.add_argument("--sentences", nargs="?", const=str(DEFAULT_CASES), default=None, metavar="FILE",
                            help="Đo trên tập câu viết tay cũ thay cho kho văn bản")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sentences"]:
            result = quality_measure(cases_load(Path(options["sentences"])))
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        root = Path(options["path"])
        sets = list(CORPUS_SETS) if options["set"] == "all" else [options["set"]]
        results = []
        for name in sets:
            docs = corpus_load(name, root)
            if not docs:
                raise CommandError(f"Không có văn bản nào trong {root / name}.")
            problems = corpus_check(docs, name)
            if problems:
                raise CommandError("Kho văn bản có lỗi:\n" + "\n".join(problems[:20]))
            matcher = story_matcher()[0] if options["units"] == "story" else gold_matcher(docs)
            results.append(corpus_measure(docs, matcher, set_name=name))
        if options["json"]:
            out = {r.set_name: r.as_json() for r in results}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        for r in results:
            self._table(r, mistakes=options["mistakes"])

    def _table(self, r: CorpusQuality, *, mistakes: bool) -> None:
        w = self.stdout.write
        w(f"Tập {r.set_name}: {r.documents} văn bản ({r.documents_assigning} có giao việc), "
          f"{r.assignments} nhiệm vụ, {r.proposals} đề xuất")

        def row(label: str, s: FieldScore) -> None:
            w(f"  {label:<28} độ chính xác {_pct(s.precision):>8} ({s.proposed_right}/{s.proposed})"
              f"   độ phủ {_pct(s.recall):>8} ({s.expected_right}/{s.expected})")

        row("Đơn vị chủ trì", r.lead)
        row("Thời hạn", r.deadline)
        row("Đơn vị phối hợp", r.support)
        row("Sản phẩm đầu ra", r.output)
        w(f"  {'Chủ trì và thời hạn đều đúng':<28} {_pct(r.both_right_share):>8} "
          f"({r.lead_and_deadline_right}/{r.assignments})")
        w(f"  {'Đề xuất khớp một nhiệm vụ':<28} {_pct(r.proposals_precision):>8} "
          f"({r.proposals_matched}/{r.proposals})")
        w(f"  Lỗi khi đọc: {len(r.crashed)}; không đề xuất gì dù có giao việc: {len(r.empty)}"
          + (f" ({', '.join(r.empty)})" if r.empty else "")
          + f"; đề xuất trên văn bản không giao việc: {len(r.false_alarms)}")
        for crash in r.crashed:
            w(f"    lỗi: {crash}")
        if mistakes:
            for m in r.mistakes:
                w(f"    {m['document']}: chủ trì {m['want_lead']!r} → {m['got_lead']!r}; "
                  f"thời hạn {m['want_deadline']} → {m['got_deadline']}"
                  + ("" if m["proposed"] else " (không có đề xuất)"))
        w("")
