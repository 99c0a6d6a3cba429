import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chidao.directives.models import Directive
from chidao.documents import hooks
from chidao.documents.render import consolidated_docx
from chidao.documents.selectors import consolidated_report_get, default_proposals
from chidao.orgs.models import Role, User


class Command(BaseCommand):
    help = "Xuất báo cáo tổng hợp (.docx) của một văn bản chỉ đạo, theo ngày số liệu hoặc theo kỳ báo cáo."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--directive", required=True)
        parser.add_argument("--round", type=int, help="Mã kỳ báo cáo (cần phân hệ giám sát)")
        parser.add_argument("--as-of", help="Số liệu tính đến ngày dd/mm/yyyy (mặc định hôm nay)")
        parser.add_argument("--layout", choices=["state", "party"], help="Thể thức (mặc định CHIDAO_DOCUMENT_LAYOUT)")
        parser.add_argument("--proposals-file", help="Tệp văn bản chứa đề xuất của Cơ quan thường trực")
        parser.add_argument("--out", required=True)

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        directive = Directive.objects.filter(code__iexact=opts["directive"]).first()
        if directive is None:
            raise CommandError(f"Không có văn bản “{opts['directive']}”.")
        as_of = timezone.localdate()
        label = ""
        period_from = None
        if opts["round"] is not None:
            info = hooks.round_resolve(opts["round"])
            if info is None:
                raise CommandError("Không tìm thấy kỳ báo cáo này (hoặc phân hệ kỳ báo cáo chưa được cài đặt); "
                                   "dùng --as-of để chọn ngày số liệu.")
            as_of, label, period_from = info.as_of, info.label, info.period_from
        if opts["as_of"]:
            try:
                as_of = dt.datetime.strptime(opts["as_of"], "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError("Ngày phải theo dạng dd/mm/yyyy.") from exc
        # The command runs as the system, which sees everything (as a secretariat account does).
        system = User(username="system", role=Role.SECRETARIAT)
        report = consolidated_report_get(user=system, directive=directive, as_of=as_of, period_from=period_from,
                                         period_label=label, round_id=opts["round"])
        proposals = Path(opts["proposals_file"]).read_text("utf-8") if opts["proposals_file"] else default_proposals()
        data = consolidated_docx(report, layout=opts["layout"], proposals=proposals)
        Path(opts["out"]).write_bytes(data)
        self.stdout.write(f"Đã ghi {opts['out']} ({len(data):,} byte, {len(report.overdue_rows)} nhiệm vụ quá hạn).")
