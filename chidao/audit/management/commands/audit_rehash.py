from django.core.management.base import BaseCommand, CommandError

from chidao.audit.services import audit_rehash, audit_verify


class Command(BaseCommand):
    help = ("Băm lại toàn bộ chuỗi nhật ký bằng khóa hiện tại (khi đổi CHIDAO_AUDIT_KEY). "
            "Chỉ chạy khi chuỗi đang toàn vẹn với khóa cũ: --old-key để kiểm tra trước.")

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--old-key", default="", help="khóa cũ, để kiểm tra chuỗi trước khi băm lại")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")

    def handle(self, *args: object, **options: object) -> None:
        from django.test.utils import override_settings

        from chidao.audit.keys import audit_key_forget

        old = str(options["old_key"] or "")
        if old:
            with override_settings(CHIDAO_AUDIT_KEY=old):
                audit_key_forget()
                report = audit_verify()
            audit_key_forget()
            if not report.intact:
                raise CommandError(f"Chuỗi không toàn vẹn với khóa cũ (sự kiện số {report.broken_seq}); không băm lại.")
        if options["dry_run"]:
            self.stdout.write("Chạy thử: không ghi gì.")
            return
        n = audit_rehash()
        self.stdout.write(self.style.SUCCESS(f"Đã băm lại {n} sự kiện bằng khóa hiện tại."))
