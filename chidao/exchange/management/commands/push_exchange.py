from django.core.management.base import BaseCommand

from chidao.exchange.services import exchange_push_run


class Command(BaseCommand):
    help = ("Gửi tệp trao đổi tới các nơi nhận đã cấu hình đến chu kỳ gửi (có thử lại, ghi nhật ký gửi). "
            "Dùng cho cron hoặc tiến trình chạy nền: gọi exchange_push_run().")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--force", action="store_true", help="Gửi ngay, không chờ đến chu kỳ")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        for delivery in exchange_push_run(force=opts["force"]):
            self.stdout.write(f"{delivery.target.name}: {delivery.get_state_display()} "
                              f"sau {delivery.attempts.count()} lần thử")
