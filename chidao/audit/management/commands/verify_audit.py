from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chidao.audit.services import audit_verify

REASONS = {
    "hash": "nội dung dòng đã bị sửa (băm không khớp)",
    "prev_hash": "liên kết với dòng trước bị thay đổi",
    "missing": "thiếu dòng (bị xóa)",
}


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm (có khóa) của nhật ký; báo dòng đầu tiên bị can thiệp và in mã băm đầu chuỗi."

    def handle(self, *args: object, **options: object) -> None:
        report = audit_verify()
        head = f"Đầu chuỗi: sự kiện số {report.head_seq}, mã băm {report.head_hash}"
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(f"Chuỗi nhật ký toàn vẹn: {report.checked} sự kiện đã kiểm tra.")
            )
            self.stdout.write(head)
            return
        row = ""
        if report.broken_action:
            at = timezone.localtime(report.broken_at).strftime("%H:%M:%S %d/%m/%Y") if report.broken_at else ""
            row = f" (hành động {report.broken_action}, ghi lúc {at})"
        self.stdout.write(head)
        raise CommandError(
            f"Chuỗi nhật ký bị phá vỡ tại sự kiện số {report.broken_seq}{row}: "
            f"{REASONS.get(report.reason, report.reason)}. "
            f"{report.checked} sự kiện trước đó toàn vẹn."
        )
