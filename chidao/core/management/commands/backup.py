from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu, thư mục tệp và khóa nhật ký vào một tệp .tar.gz có manifest SHA-256 "
            "(ghi ra tệp tạm rồi đổi tên: không bao giờ để lại bản sao lưu dở dang).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="tệp sao lưu sẽ tạo, ví dụ /sao-luu/chidao-2026-01-31.tar.gz")

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = backup_create(Path(str(options["out"])))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = f"{result.size:,}".replace(",", ".")  # Vietnamese grouping
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu vào {result.path}: {result.members} thành phần, {size} byte."))
