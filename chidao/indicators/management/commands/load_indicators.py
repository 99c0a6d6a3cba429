"""Load indicator trees and targets from a JSON data file (idempotent by code).

    python manage.py load_indicators chidao/indicators/data/si766.json [--dry-run]
    python manage.py load_indicators si766 dti pii par_index sipas danang_2030
    python manage.py load_indicators --shipped            # every file the project ships, in order
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from chidao.indicators.services import tree_load

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# The structures first, then the city's own targets, which also set targets on the indices.
SHIPPED = ["si766", "dti", "pii", "par_index", "sipas", "danang_2030"]


def resolve(name: str) -> Path:
    path = Path(name)
    if path.exists():
        return path
    shipped = DATA_DIR / f"{name.removesuffix('.json')}.json"
    if shipped.exists():
        return shipped
    raise CommandError(f"Không tìm thấy tệp dữ liệu “{name}”.")


def load_files(names: list[str], *, dry_run: bool = False) -> list[tuple[str, dict[str, int]]]:
    """Every file in one transaction: a dry run sees the earlier files' nodes, then rolls back."""
    results = []
    with transaction.atomic():
        _load(names, results)
        if dry_run:
            transaction.set_rollback(True)
    return results


def _load(names: list[str], results: list[tuple[str, dict[str, int]]]) -> None:
    for name in names:
        path = resolve(name)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise CommandError(f"Tệp “{path.name}” không phải JSON hợp lệ: {exc}") from exc
        try:
            results.append((path.name, tree_load(actor=None, data=data)))
        except ValidationError as exc:
            raise CommandError(f"Tệp “{path.name}”: {' '.join(exc.messages)}") from exc


class Command(BaseCommand):
    help = "Nạp cây chỉ số và chỉ tiêu từ tệp dữ liệu JSON (chạy lại nhiều lần không tạo trùng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="Đường dẫn tệp JSON hoặc tên tệp dữ liệu có sẵn (si766, dti…).")
        parser.add_argument("--shipped", action="store_true", help="Nạp mọi tệp dữ liệu có sẵn của dự án.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")

    def handle(self, *args: object, **options: object) -> None:
        names = list(options["files"])  # type: ignore[arg-type]
        if options["shipped"]:
            names = SHIPPED + names
        if not names:
            raise CommandError("Hãy chỉ ra tệp dữ liệu (hoặc dùng --shipped).")
        for name, counts in load_files(names, dry_run=bool(options["dry_run"])):
            prefix = "[thử] " if options["dry_run"] else ""
            self.stdout.write(
                f"{prefix}{name}: {counts['created']} tạo mới, {counts['updated']} cập nhật, "
                f"{counts['unchanged']} không đổi, {counts['targets']} chỉ tiêu"
                + (f", {counts['missing_units']} đơn vị phụ trách chưa có" if counts["missing_units"] else "")
            )
