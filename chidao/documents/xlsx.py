"""Spreadsheet exports: typed cells, Vietnamese headers, the filter written above the table,
the header row frozen and filterable, sensible widths."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from chidao.core.formatting import format_date
from chidao.directives import rules
from chidao.directives.models import Directive, Task
from chidao.directives.selectors import TaskFilters, directive_ids_q, tasks_visible
from chidao.orgs.models import OrgUnit, User

from .selectors import ranking_get, require_consolidated_access

TEXT, DATE, INT, PERCENT, DECIMAL = "text", "date", "int", "percent", "decimal"


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: str = TEXT


def workbook_bytes(
    *, title: str, filter_lines: Sequence[str], columns: Sequence[Column], rows: Iterable[Sequence[Any]],
    sheet_name: str = "Danh sách",
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name[:31]
    ws.append([title])
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=14)
    for line in filter_lines:
        ws.append([line])
        ws.cell(ws.max_row, 1).font = Font(name="Times New Roman", italic=True, size=11)
    ws.append([])
    header_row = len(filter_lines) + 3  # title, filter lines, one blank row
    ws.append([c.header for c in columns])
    thin = Side(style="thin", color="999999")
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(header_row, i)
        cell.font = Font(name="Times New Roman", bold=True, size=12)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        ws.column_dimensions[get_column_letter(i)].width = column.width
    formats = {DATE: "DD/MM/YYYY", INT: "#,##0", PERCENT: "0.00%", DECIMAL: "#,##0.00"}
    count = 0
    for row in rows:
        values = []
        for column, value in zip(columns, row, strict=False):
            if column.kind == PERCENT and isinstance(value, Decimal | int | float):
                value = float(Decimal(value) / 100)
            elif isinstance(value, Decimal):
                value = float(value)
            values.append(value)
        ws.append(values)
        count += 1
    last_row = header_row + count
    for i, column in enumerate(columns, start=1):
        if column.kind in formats:
            for (cell,) in ws.iter_rows(min_row=header_row + 1, max_row=last_row, min_col=i, max_col=i):
                cell.number_format = formats[column.kind]
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(last_row, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _filter_lines(filters: TaskFilters, today: dt.date) -> list[str]:
    parts = []
    if filters.directive:
        parts.append(_("Văn bản: %(c)s") % {"c": filters.directive.code})
    if filters.unit:
        role = {"lead": _(" (chủ trì)"), "support": _(" (phối hợp)")}.get(filters.role, "")
        parts.append(_("Đơn vị: %(u)s%(r)s") % {"u": filters.unit.name, "r": role})
    if filters.status:
        parts.append(_("Tình trạng: %(s)s") % {"s": rules.STATUS_LABELS.get(filters.status, filters.status)})
    if filters.field:
        from chidao.directives.models import Field

        parts.append(_("Lĩnh vực: %(f)s") % {"f": dict(Field.choices).get(filters.field, filters.field)})
    if filters.due_from or filters.due_to:
        parts.append(_("Thời hạn: %(a)s – %(b)s") % {"a": format_date(filters.due_from) or "…",
                                                     "b": format_date(filters.due_to) or "…"})
    if filters.q:
        parts.append(_("Từ khóa: “%(q)s”") % {"q": filters.q})
    return [
        _("Bộ lọc: %(f)s") % {"f": "; ".join(parts) if parts else _("tất cả nhiệm vụ được xem")},
        _("Số liệu tính đến ngày %(d)s") % {"d": format_date(today)},
    ]


TASK_COLUMNS = [
    Column("STT", 6, INT), Column("Số thứ tự", 9), Column("Nhiệm vụ", 60), Column("Văn bản", 14),
    Column("Đơn vị chủ trì", 28), Column("Đơn vị phối hợp", 30), Column("Thời hạn", 12, DATE),
    Column("Thời hạn (nguyên văn)", 18), Column("Tình trạng", 22), Column("Tiến độ (%)", 10, INT),
    Column("Ngày hoàn thành", 13, DATE), Column("Sản phẩm đầu ra", 30),
]


def tasks_xlsx(*, qs: QuerySet[Task], filters: TaskFilters, today: dt.date) -> bytes:
    """The filtered task list (the same queryset the page shows, status annotated)."""
    qs = qs.prefetch_related(Prefetch("support_units", queryset=OrgUnit.objects.only("id", "name", "short_name")))

    def rows() -> Iterable[list[Any]]:
        for i, t in enumerate(qs.iterator(chunk_size=2000), start=1):
            yield [
                i, t.code, t.title, t.directive.code, t.lead_unit.name if t.lead_unit else "",
                ", ".join(u.display_name for u in t.support_units.all()), t.due_on, t.deadline_text,
                rules.STATUS_LABELS.get(t.status, t.status), 100 if t.completed_on else t.progress,
                t.completed_on, t.expected_output,
            ]

    return workbook_bytes(title=_("DANH SÁCH NHIỆM VỤ"), filter_lines=_filter_lines(filters, today),
                          columns=TASK_COLUMNS, rows=rows(), sheet_name="Nhiệm vụ")


RANKING_COLUMNS = [
    Column("Hạng", 7), Column("Đơn vị", 45), Column("Số nhiệm vụ đến hạn", 14, INT), Column("Hoàn thành", 12, INT),
    Column("Quá hạn", 10, INT), Column("Tỷ lệ hoàn thành", 14, PERCENT), Column("Tỷ lệ đúng hạn", 14, PERCENT),
]


def ranking_xlsx(*, user: User, directive: Directive | None, today: dt.date) -> bytes:
    require_consolidated_access(user)
    scope = tasks_visible(user=user)
    if directive is not None:
        scope = scope.filter(directive_ids_q(directive))
    rows = [[r["rank"], r["unit"], r["due"], r["done"], r["overdue"], r["completion_rate"], r["on_time_rate"]]
            for r in ranking_get(scope=scope, as_of=today)]
    lines = [_("Phạm vi: %(s)s") % {"s": directive.code if directive else _("tất cả văn bản")},
             _("Số liệu tính đến ngày %(d)s") % {"d": format_date(today)}]
    return workbook_bytes(title=_("XẾP HẠNG ĐƠN VỊ THEO TỶ LỆ HOÀN THÀNH"), filter_lines=lines,
                          columns=RANKING_COLUMNS, rows=rows, sheet_name="Xếp hạng")
