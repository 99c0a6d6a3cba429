from django.core.management.base import BaseCommand, CommandError

from chidao.audit.services import audit_verify

REASONS = {
    "hash": "nội dung dòng đã bị sửa (băm không khớp)",
    "prev_hash": "liên kết với dòng trước bị thay đổi",
    "missing": "thiếu dòng (bị xóa)",
}


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký; báo dòng đầu tiên bị can thiệp."

    def handle(self, *args: object, **options: object) -> None:
        report = audit_verify()
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(f"Chuỗi nhật ký toàn vẹn: {report.checked} sự kiện đã kiểm tra.")
            )
            return
        raise CommandError(
            f"Chuỗi nhật ký bị phá vỡ tại sự kiện số {report.broken_seq}: "
            f"{REASONS.get(report.reason, report.reason)}. "
            f"{report.checked} sự kiện trước đó toàn vẹn."
        )
