"""Freeze every unit's scorecard of a closed period: `manage.py freeze_scorecards --period 2026-10`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.core.formatting import format_decimal
from chidao.supervision import rules
from chidao.supervision.periods import period_parse
from chidao.supervision.services import scorecard_freeze


class Command(BaseCommand):
    help = "Chốt bảng điểm các đơn vị của một kỳ đã kết thúc (tháng 2026-10, quý 2026-Q3, năm 2026)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="Kỳ: 2026-10, 2026-Q3 hoặc 2026.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ tính và in ra, không ghi gì.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            period = period_parse(str(options["period"]))
            snapshot, lines = scorecard_freeze(actor=None, period=period, dry_run=bool(options["dry_run"]))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for line in lines:
            score = format_decimal(line.score, 2) if line.score is not None else "—"
            self.stdout.write(f"  {line.unit_kind:<16} {line.rank or '-':>3}  {score:>7}  "
                              f"{rules.GRADE_LABELS[line.grade]:<16} {line.unit_name}")
        if snapshot is None:
            self.stdout.write(f"Chạy thử: {period.label}, {len(lines)} đơn vị; không ghi gì.")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Đã chốt bảng điểm {period.label}: {len(lines)} đơn vị, lúc {snapshot.taken_at:%H:%M %d/%m/%Y}."))
