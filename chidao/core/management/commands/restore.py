from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Khôi phục một bản sao lưu vào cài đặt trống (cơ sở dữ liệu chưa có bảng, thư mục tệp trống). "
            "Từ chối bản sao lưu bị sửa đổi (so mã SHA-256 trong manifest). Sau đó chạy verify_audit.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="tệp sao lưu do lệnh backup tạo")

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = backup_restore(Path(str(options["archive"])))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục: {result['members']} thành phần, {result['files']} tệp. "
            "Hãy chạy “manage.py verify_audit” để kiểm tra nhật ký."))
