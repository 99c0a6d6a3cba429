import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook


def _sheet(content: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(content)).active


def _header_row(ws) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(1, 10) if ws.cell(r, 1).value in ("STT", "Hạng"))


def test_task_export_has_typed_cells_the_filter_and_a_frozen_header(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.secretariat)
    assert "Xuất Excel" in client.get(reverse("task_list")).content.decode()
    response = client.get(reverse("task_list_xlsx"), {"directive": world.directive.pk, "status": "open_overdue"})
    assert response.status_code == 200
    ws = _sheet(response.content)
    h = _header_row(ws)
    assert [c.value for c in ws[h]][:4] == ["STT", "Số thứ tự", "Nhiệm vụ", "Văn bản"]
    assert "Văn bản: 15-CTr/TU" in ws.cell(2, 1).value and "Chưa hoàn thành, quá hạn" in ws.cell(2, 1).value
    assert ws.freeze_panes == f"A{h + 1}"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=h + 1)]
    assert [r[2] for r in rows] == ["Ban hành quy định sandbox công nghệ số", "Bố trí vốn cho Trung tâm dữ liệu"]
    first = ws.cell(h + 1, 7)
    assert isinstance(first.value, dt.datetime) and first.value.date() == dt.date(2026, 1, 31)
    assert first.number_format == "DD/MM/YYYY"
    assert isinstance(ws.cell(h + 1, 10).value, int) and rows[0][5] == "Sở TC"
    assert ws.column_dimensions["C"].width >= 40


def test_a_unit_exports_only_the_tasks_it_sees(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.officer_b)
    ws = _sheet(client.get(reverse("task_list_xlsx")).content)
    titles = [row[2] for row in ws.iter_rows(min_row=_header_row(ws) + 1, values_only=True)]
    assert "Sửa đổi quy chế quản lý nhiệm vụ khoa học" not in titles  # unit A's own task
    assert "Bố trí vốn cho Trung tâm dữ liệu" in titles


def test_ranking_export_has_percentages_as_numbers(world, client) -> None:  # type: ignore[no-untyped-def]
    # The URL serves the supervision app's scorecard ranking when it is installed (its own tests);
    # the ranking by completion rate stays the fallback.
    from chidao.documents.xlsx import ranking_xlsx

    ws = _sheet(ranking_xlsx(user=world.leader, directive=world.directive, today=dt.date(2026, 5, 15)))
    h = _header_row(ws)
    rows = list(ws.iter_rows(min_row=h + 1, values_only=True))
    by_unit = {r[1]: r for r in rows}
    khcn = by_unit["Sở Khoa học và Công nghệ"]
    assert khcn[2] == 2 and khcn[3] == 1 and abs(khcn[5] - 0.5) < 1e-9
    assert ws.cell(h + 1, 6).number_format == "0.00%"
    client.force_login(world.head_a)
    assert client.get(reverse("ranking_xlsx")).status_code == 403
