from django.core.management.base import BaseCommand, CommandParser

from chidao.core.dbstats import database_statistics_refresh
from chidao.demo import story
from chidao.demo.seed import seed_demo
from chidao.directives.models import Directive

# The README's table names one account per role; the command prints every account, these first.
SHOWN = ["quantri", "lanhdao", "lanhdao.ubnd", "thuongtruc", "khcn.truong", "khcn.cv", "haichau.truong",
         "haichau.cv", "thanhvien", "dangvien", "bithu.chibo"]


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (câu chuyện Đà Nẵng) qua các nghiệp vụ thật."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true",
                            help="Chỉ nạp khi cơ sở dữ liệu chưa có văn bản chỉ đạo nào.")

    def handle(self, *args: object, **options: object) -> None:
        if Directive.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; bỏ qua nạp dữ liệu minh họa.")
                self._mark_older_demo()
                self._accounts()
                return
            self.stderr.write("Cơ sở dữ liệu đã có dữ liệu; dữ liệu minh họa chỉ nạp vào cơ sở dữ liệu trống.")
            raise SystemExit(1)
        result = seed_demo()
        # The tables were empty when migrate gave the query planner its statistics.
        database_statistics_refresh()
        self.stdout.write(self.style.SUCCESS(
            f"Đã nạp dữ liệu minh họa: {result.units} đơn vị, {result.directives} văn bản, "
            f"{result.tasks} nhiệm vụ, {result.reports} báo cáo, {len(result.users)} tài khoản."
        ))
        self._accounts()

    def _mark_older_demo(self) -> None:
        """A demo loaded before installations were marked (chidao/accounts) is marked now, once: the
        demo keeps its one-step login. A database that has been marked either way is left alone."""
        from chidao.accounts.models import Installation
        from chidao.accounts.services import installation_mark_demo
        from chidao.orgs.models import User

        if Installation.objects.exists():
            return
        if Directive.objects.filter(code=story.PROGRAMME_DIRECTIVE).exists() and \
                User.objects.filter(username__in=SHOWN).count() == len(SHOWN):
            installation_mark_demo()

    def _accounts(self) -> None:
        from chidao.orgs.models import User

        self.stdout.write(f"Tài khoản minh họa (mật khẩu: {story.DEMO_PASSWORD} — chỉ dùng để thử):")
        users = list(User.objects.filter(is_active=True).select_related("unit").order_by("username"))
        users.sort(key=lambda u: (SHOWN.index(u.username) if u.username in SHOWN else len(SHOWN), u.username))
        for user in users:
            unit = f" – {user.unit.name}" if user.unit else ""
            self.stdout.write(f"  {user.username:<20} {user.get_role_display()}{unit}")
        self.stdout.write(f"({len(users)} tài khoản)")
