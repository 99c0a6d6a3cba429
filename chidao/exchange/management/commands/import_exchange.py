from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chidao.exchange.services import exchange_import


class Command(BaseCommand):
    help = ("Nhập tệp trao đổi dữ liệu (JSON). Nhập lại cùng một tệp không thay đổi gì (khớp theo mã nhiệm vụ). "
            "--dry-run chỉ in những gì sẽ thay đổi.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--create-units", action="store_true", help="Tạo các đơn vị chưa có trong hệ thống")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        try:
            plan = exchange_import(actor=None, raw=path.read_bytes(), commit=not opts["dry_run"],
                                   create_units=opts["create_units"])
        except ValidationError as exc:
            raise CommandError("Tệp không nhập được, chưa ghi gì:\n" + "\n".join(exc.messages)) from exc
        verb = "Sẽ" if opts["dry_run"] else "Đã"
        self.stdout.write(f"{plan.directive_code}: {verb} tạo {len(plan.create)}, cập nhật {len(plan.update)}, "
                          f"giữ nguyên {plan.unchanged} nhiệm vụ.")
