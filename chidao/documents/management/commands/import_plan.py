import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chidao.directives.models import Directive
from chidao.documents.importer import ImportFileError, plan_preview
from chidao.documents.services import plan_import_commit
from chidao.parsing.units import unit_matcher_from_db


class Command(BaseCommand):
    help = ("Nhập phụ lục nhiệm vụ (.xlsx) vào một văn bản chỉ đạo. Mặc định chỉ in bản xem trước, không ghi gì; "
            "thêm --commit để ghi (tất cả các dòng hoặc không dòng nào). Thoát với mã khác 0 khi có dòng lỗi.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument("--directive", required=True, help="Số, ký hiệu văn bản, ví dụ 15-CTr/TU")
        parser.add_argument("--commit", action="store_true", help="Ghi vào cơ sở dữ liệu")
        parser.add_argument("--assign", action="store_true", help="Giao ngay các nhiệm vụ")
        parser.add_argument("--assigned-on", help="Ngày giao dd/mm/yyyy (mặc định: ngày ban hành văn bản)")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        directive = Directive.objects.filter(code__iexact=opts["directive"]).first()
        if directive is None:
            raise CommandError(f"Không có văn bản “{opts['directive']}”.")
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        assigned_on = None
        if opts["assign"]:
            try:
                assigned_on = (dt.datetime.strptime(opts["assigned_on"], "%d/%m/%Y").date() if opts["assigned_on"]
                               else directive.issued_on or dt.date.today())
            except ValueError as exc:
                raise CommandError("Ngày giao phải theo dạng dd/mm/yyyy.") from exc
        try:
            preview = plan_preview(data=path.read_bytes(), file_name=path.name, matcher=unit_matcher_from_db(),
                                   assigned_on=assigned_on)
        except ImportFileError as exc:
            raise CommandError(exc.message) from exc
        for row in preview.rows:
            if row.kind == "group":
                self.stdout.write(f"{row.row:>5}  NHÓM {row.stt}. {row.title}")
                continue
            lead = row.lead.unit.display_name if row.lead and row.lead.unit else (row.lead.text if row.lead else "")
            due = ("Thường xuyên" if row.deadline.is_recurring else f"{row.deadline.due_on:%d/%m/%Y}") \
                if row.deadline else "?"
            supports = ", ".join(m.unit.display_name if m.unit else m.text for m in row.supports)
            self.stdout.write(f"{row.row:>5}  {row.stt:>4} {row.title[:70]} | {lead} | {supports} | {due}"
                              f" ({row.deadline_text})")
            for text in row.problem_texts:
                self.stdout.write(f"       LỖI {text}")
        for text in preview.file_problems:
            self.stdout.write(f"LỖI {text}")
        self.stdout.write(f"{len(preview.groups)} nhóm, {len(preview.tasks)} nhiệm vụ, {len(preview.problems)} lỗi.")
        if preview.problems:
            raise CommandError(f"Có {len(preview.problems)} lỗi; chưa ghi gì. Hãy sửa tệp rồi chạy lại.")
        if not opts["commit"]:
            self.stdout.write("Chưa ghi gì (thêm --commit để ghi).")
            return
        try:
            plan_import_commit(actor=None, directive=directive, preview=preview, assign=opts["assign"],
                               assigned_on=assigned_on)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {len(preview.tasks)} nhiệm vụ, {len(preview.groups)} nhóm."))
