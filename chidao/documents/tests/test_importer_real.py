"""Plan appendices as offices make them (issue 12): merged and continued cells, recurring wordings,
collective and several leads, unit groups, and appendices inside a Word file."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from chidao.directives.models import Task, TaskKind
from chidao.documents.importer import ImportFileError, plan_preview
from chidao.documents.services import plan_import_commit
from chidao.orgs.services import unit_group_create
from chidao.parsing.units import unit_matcher_from_db

from .test_importer import HEADER, _workbook


def _preview(data: bytes) -> Any:
    return plan_preview(data=data, file_name="phu-luc", matcher=unit_matcher_from_db())


def test_a_task_merged_down_three_rows_is_one_task_with_its_lines_joined(world: Any) -> None:
    # As LibreOffice Calc saved the Government action programme: the support cell holds three rows.
    data = _workbook([
        HEADER,
        [1, "Hoàn thiện thể chế về dữ liệu", "Sở KH&CN", "Sở Tài chính", "Nhiệm vụ thường xuyên", "Báo cáo"],
        [None, None, None, "Sở Tư pháp", None, None],
        [None, None, None, "Sở Nội vụ", None, None],
        [2, "Xây dựng kho dữ liệu dùng chung", "Sở Tài chính", "", "6/2025", "Kho dữ liệu"],
    ], merges=("A2:A4", "B2:B4", "C2:C4", "E2:E4", "F2:F4"))
    preview = _preview(data)
    assert preview.ok, preview.problems
    assert [t.stt for t in preview.tasks] == ["1", "2"]
    first = preview.tasks[0]
    assert [m.unit.name for m in first.supports] == ["Sở Tài chính", "Sở Tư pháp", "Sở Nội vụ"]
    assert first.deadline.is_recurring


def test_recurring_wordings_and_an_open_ended_period_are_recurring_never_a_date(world: Any) -> None:
    rows = [HEADER]
    wordings = ["Thường xuyên", "Nhiệm vụ thường xuyên", "Hằng năm", "Hằng quý", "Định kỳ",
                "2025 và những năm tiếp theo"]
    for n, wording in enumerate(wordings, start=1):
        rows.append([n, f"Nhiệm vụ {n}", "Sở KH&CN", "", wording, ""])
    preview = _preview(_workbook(rows))
    assert preview.ok, preview.problems
    assert all(t.deadline.is_recurring and t.deadline.due_on is None for t in preview.tasks)
    assert preview.tasks[-1].notes and "không có năm kết thúc" in preview.tasks[-1].notes[0]


def test_a_collective_lead_is_never_split_and_a_group_fans_out(world: Any) -> None:
    unknown = _preview(_workbook([HEADER, [1, "Rà soát quy hoạch", "Các bộ, ngành, địa phương", "", "2026", ""]]))
    problems = unknown.problems
    assert len(problems) == 1 and "Các bộ, ngành, địa phương" in problems[0] and "nhóm đơn vị" in problems[0]
    group = unit_group_create(actor=None, name="Doanh nghiệp viễn thông", aliases=["các doanh nghiệp viễn thông"],
                              members=[world.units["viettel"], world.units["vnpt"]])
    preview = _preview(_workbook([
        HEADER,
        [1, "Phủ sóng vùng lõm", "Các doanh nghiệp viễn thông", "Các bộ, ngành, địa phương", "Quý IV/2026", ""],
    ]))
    assert preview.ok, preview.problems
    assert preview.tasks[0].group.id == group.pk
    before = Task.objects.count()
    plan_import_commit(actor=world.people["secretariat"], directive=world.directive, preview=preview, assign=True,
                       assigned_on=dt.date(2026, 1, 5))
    parent = Task.objects.get(unit_group=group)
    assert parent.kind == TaskKind.GROUP
    assert sorted(c.lead_unit.code for c in parent.children.all()) == ["viettel", "vnpt"]
    assert Task.objects.count() == before + 3
    # The same appendix imported again would give the group the same task twice: refused whole.
    with pytest.raises(Exception, match="không giao lại"):
        plan_import_commit(actor=world.people["secretariat"], directive=world.directive, preview=_preview(
            _workbook([HEADER, [1, "Phủ sóng vùng lõm", "Các doanh nghiệp viễn thông", "", "Quý IV/2026", ""]])),
            assign=True, assigned_on=dt.date(2026, 1, 5))
    assert Task.objects.count() == before + 3


def test_several_leads_in_one_cell_become_one_task_each_flagged(world: Any) -> None:
    preview = _preview(_workbook([HEADER, [1, "Nhiệm vụ A", "Sở KH&CN, Sở Tài chính", "", "31/12/2026", ""]]))
    assert preview.ok and preview.tasks[0].notes
    before = Task.objects.count()
    plan_import_commit(actor=world.people["secretariat"], directive=world.directive, preview=preview)
    new = Task.objects.order_by("-id")[:2]
    assert Task.objects.count() == before + 2
    assert {t.lead_unit.code for t in new} == {"khcn", "taichinh"}


def _word_appendix(rows: list[list[str]], *, merge_down: tuple[int, int, int] | None = None,
                   layout_table: bool = True) -> bytes:
    import docx

    document = docx.Document()
    if layout_table:  # the heading table offices put above the text (Quốc hiệu)
        head = document.add_table(rows=1, cols=2)
        head.rows[0].cells[0].text = "UBND THÀNH PHỐ"
        head.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("Phụ lục: Danh mục nhiệm vụ")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                table.rows[r].cells[c].text = value
    if merge_down:
        col, top, bottom = merge_down
        table.cell(top, col).merge(table.cell(bottom, col))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_a_word_appendix_is_imported_like_a_spreadsheet(world: Any) -> None:
    data = _word_appendix([
        HEADER,
        ["1", "Chuyển đổi số trong cơ quan nhà nước", "Sở KH&CN", "Sở Tài chính", "Quý II/2026", "Kế hoạch"],
        ["2", "Phổ cập kỹ năng số", "", "Sở Nội vụ", "Hằng năm", ""],
        ["3", "Lập quy hoạch hạ tầng số", "Sở Xây dựng", "", "Sớm nhất có thể", ""],
    ], merge_down=(2, 1, 2))
    preview = _preview(data)
    assert [t.lead.unit.name for t in preview.tasks[:2]] == ["Sở Khoa học và Công nghệ"] * 2  # merged down
    assert preview.tasks[1].deadline.is_recurring
    assert preview.problems == [p for p in preview.problems if p.startswith("Dòng 4, cột E")] and preview.problems


def test_a_word_file_without_a_table_is_refused(world: Any) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Giao Sở KH&CN chủ trì …")
    buf = io.BytesIO()
    document.save(buf)
    with pytest.raises(ImportFileError, match="không có bảng"):
        _preview(buf.getvalue())
    with pytest.raises(ImportFileError, match="bị hỏng"):
        _preview(b"PK\x03\x04" + b"\x00" * 50)
