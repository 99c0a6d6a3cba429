from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chidao.directives.models import Directive
from chidao.exchange.services import exchange_dumps, exchange_export


class Command(BaseCommand):
    help = "Xuất tệp trao đổi dữ liệu (JSON, định dạng chidao.exchange phiên bản 1) của một văn bản chỉ đạo."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--directive", required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        directive = Directive.objects.filter(code__iexact=opts["directive"]).first()
        if directive is None:
            raise CommandError(f"Không có văn bản “{opts['directive']}”.")
        data = exchange_export(directive=directive)
        Path(opts["out"]).write_bytes(exchange_dumps(data))
        self.stdout.write(f"Đã ghi {opts['out']}: {len(data['tasks'])} nhiệm vụ.")
