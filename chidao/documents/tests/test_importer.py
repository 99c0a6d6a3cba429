import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chidao.audit.models import AuditEvent
from chidao.directives.models import Task, TaskKind
from chidao.documents.importer import ImportFileError, plan_preview, workbook_check
from chidao.documents.samples import appendix_workbook
from chidao.documents.services import plan_import_commit
from chidao.parsing.units import unit_matcher_from_db


def _preview(data: bytes, **kwargs):  # type: ignore[no-untyped-def]
    return plan_preview(data=data, file_name="phu-luc.xlsx", matcher=unit_matcher_from_db(), **kwargs)


def _workbook(rows: list[list[object]], merges: tuple[str, ...] = ()) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEADER = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]


def test_the_sample_appendix_previews_every_row_as_offices_mean_it(world) -> None:  # type: ignore[no-untyped-def]
    preview = _preview(appendix_workbook())
    assert preview.ok, preview.problems
    assert [g.title for g in preview.groups] == [
        "NHÓM NHIỆM VỤ VỀ HOÀN THIỆN THỂ CHẾ, CHÍNH SÁCH", "NHÓM NHIỆM VỤ VỀ PHÁT TRIỂN HẠ TẦNG SỐ",
        "NHÓM NHIỆM VỤ VỀ CHUYỂN ĐỔI SỐ TRONG CƠ QUAN NHÀ NƯỚC"]
    assert len(preview.tasks) == 8
    first = preview.tasks[0]
    assert first.lead.unit.id == world.units["khcn"].pk
    assert [m.unit.id for m in first.supports] == [world.units["tuphap"].pk, world.units["taichinh"].pk]
    assert first.deadline.due_on == dt.date(2026, 6, 30) and first.deadline_text == "Quý II/2026"
    # The lead unit merged down over the next rows leads them too.
    assert preview.tasks[1].lead.unit.id == world.units["khcn"].pk
    assert preview.tasks[2].deadline.is_recurring
    assert [m.unit.id for m in preview.tasks[3].supports] == [world.units["viettel"].pk, world.units["vnpt"].pk]
    assert preview.tasks[4].deadline.due_on == dt.date(2030, 12, 31)
    assert preview.tasks[6].lead.unit.id == world.units["nnmt"].pk


def test_commit_creates_groups_and_tasks_through_the_service_and_keeps_the_wording(world) -> None:  # type: ignore[no-untyped-def]
    directive = world.directive
    before = Task.objects.filter(directive=directive).count()
    preview = _preview(appendix_workbook())
    plan_import_commit(actor=world.secretariat, directive=directive, preview=preview, assign=True,
                       assigned_on=dt.date(2025, 6, 1))
    created = Task.objects.filter(directive=directive).order_by("id")[before:]
    groups = [t for t in created if t.kind == TaskKind.GROUP]
    tasks = [t for t in created if t.kind != TaskKind.GROUP]
    assert len(groups) == 3 and len(tasks) == 8
    assert all(t.parent_id == groups[0].pk for t in tasks[:3])
    sandbox = tasks[0]
    assert sandbox.deadline_text == "Quý II/2026" and sandbox.due_on == dt.date(2026, 6, 30)
    assert sandbox.state == "assigned" and sandbox.lead_unit == world.units["khcn"]
    assert set(sandbox.support_units.values_list("code", flat=True)) == {"tuphap", "taichinh"}
    recurring = tasks[2]
    assert recurring.kind == TaskKind.RECURRING and recurring.due_on is None
    assert recurring.deadline_text == "Thường xuyên"
    assert AuditEvent.objects.filter(action="plan.import").count() == 1
    assert AuditEvent.objects.filter(action="task.create", task_ref=sandbox.pk).exists()


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ([1, "Nhiệm vụ A", "Sở Ngoại vụ", "", "31/12/2026", ""], "C", "Không tìm thấy đơn vị “Sở Ngoại vụ”"),
        ([1, "Nhiệm vụ A", "Trung tâm", "", "31/12/2026", ""], "C", "Không tìm thấy"),
        ([1, "Nhiệm vụ A", "Sở KH&CN", "", "Sớm nhất có thể", ""], "E", "Không hiểu thời hạn"),
        ([1, "Nhiệm vụ A", "Sở KH&CN", "", "", ""], "E", "Thiếu thời gian hoàn thành"),
        ([1, "Nhiệm vụ A", "Sở KH&CN", "Sở Tài chính, SKHCN", "31/12/2026", ""], "D", "trùng với cơ quan chủ trì"),
        ([1, "Nhiệm vụ A", "Sở KH&CN", "Sở Ngoại vụ", "31/12/2026", ""], "D", "Không tìm thấy đơn vị “Sở Ngoại vụ”"),
        ([1, "", "Sở KH&CN", "", "31/12/2026", ""], "B", "Thiếu nội dung nhiệm vụ"),
        ([1, "Nhiệm vụ A", "BCĐ 57", "", "31/12/2026", ""], "C", "Ban Chỉ đạo không làm cơ quan chủ trì"),
    ],
)
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_written(world, row, column, fragment) -> None:  # type: ignore[no-untyped-def]
    good = [2, "Nhiệm vụ tốt", "Sở Tài chính", "", "Năm 2026", ""]
    data = _workbook([HEADER, ["I. NHÓM NHIỆM VỤ THỂ CHẾ"], row, good])
    preview = _preview(data)
    assert not preview.ok
    assert any(p.startswith(f"Dòng 3, cột {column} (") and fragment in p for p in preview.problems), preview.problems
    count = Task.objects.count()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        plan_import_commit(actor=world.secretariat, directive=world.directive, preview=preview)
    assert "chưa nhập gì" in " ".join(exc.value.messages)
    assert Task.objects.count() == count and AuditEvent.objects.count() == events


def test_a_unit_matching_two_units_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    from chidao.orgs.services import unit_create

    unit_create(actor=None, code="ttdl1", name="Trung tâm Dữ liệu thành phố", kind="other", aliases=["TT Dữ liệu"])
    unit_create(actor=None, code="ttdl2", name="Trung tâm Dữ liệu y tế", kind="other", aliases=["TT Dữ liệu"])
    preview = _preview(_workbook([HEADER, [1, "Nhiệm vụ", "TT Dữ liệu", "", "Năm 2026", ""]]))
    assert any("Dòng 2, cột C" in p and "khớp với nhiều đơn vị" in p for p in preview.problems)


def test_a_deadline_before_the_assignment_day_is_a_problem_when_assigning(world) -> None:  # type: ignore[no-untyped-def]
    data = _workbook([HEADER, [1, "Nhiệm vụ", "Sở KH&CN", "", "31/12/2024", ""]])
    assert _preview(data).ok
    preview = _preview(data, assigned_on=dt.date(2025, 6, 1))
    assert any("Dòng 2, cột E" in p and "trước ngày giao 01/06/2025" in p for p in preview.problems)


def test_columns_in_another_order_and_a_date_cell(world) -> None:  # type: ignore[no-untyped-def]
    data = _workbook([
        ["BẢNG PHÂN CÔNG"], [],
        ["Số TT", "Nội dung nhiệm vụ", "Thời hạn", "Đơn vị chủ trì", "Đơn vị phối hợp", "Kết quả đầu ra"],
        ["II", "Nhóm nhiệm vụ hạ tầng", None, None, None, None],
        ["1", "Nhiệm vụ", dt.datetime(2026, 3, 31), "so khoa hoc va cong nghe", "Sở TC\nSở NV", "Báo cáo"],
    ])
    preview = _preview(data)
    assert preview.ok, preview.problems
    assert preview.groups[0].stt == "II" and preview.groups[0].title == "Nhóm nhiệm vụ hạ tầng"
    task = preview.tasks[0]
    assert task.deadline.due_on == dt.date(2026, 3, 31) and task.output == "Báo cáo"
    assert [m.unit.code for m in task.supports] == ["taichinh", "noivu"]


def test_a_sheet_without_the_header_says_which_columns_are_missing(world) -> None:  # type: ignore[no-untyped-def]
    preview = _preview(_workbook([["Tên", "Ghi chú"], ["a", "b"]]))
    assert not preview.ok
    missing = "Không tìm thấy dòng tiêu đề có các cột: Nhiệm vụ, Cơ quan chủ trì, Thời gian hoàn thành"
    assert missing in preview.problems[0]


def test_files_that_are_not_xlsx_say_what_they_are_and_how_to_convert() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(ImportFileError, match=r"\.xls của Excel đời cũ.*Lưu thành"):
        workbook_check(ole + "Workbook".encode("utf-16-le"))
    with pytest.raises(ImportFileError, match="đặt mật khẩu"):
        workbook_check(ole + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ImportFileError, match=r"không phải bảng tính Excel \(.xlsx\)"):
        workbook_check(b"STT,Nhiem vu\n1,abc\n")
    with pytest.raises(ImportFileError, match="Tệp rỗng"):
        workbook_check(b"")
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(ImportFileError, match="tệp Word"):
        workbook_check(buf.getvalue())


def test_a_sheet_over_the_limit_is_refused_before_it_is_read(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CHIDAO_IMPORT_MAX_ROWS = 50
    data = _workbook([HEADER] + [[i, f"Nhiệm vụ {i}", "Sở KH&CN", "", "Năm 2026", ""] for i in range(100)])
    with pytest.raises(ImportFileError, match=r"101 dòng, vượt giới hạn 50 dòng"):
        _preview(data)


def test_only_the_standing_office_commits(world) -> None:  # type: ignore[no-untyped-def]
    preview = _preview(appendix_workbook())
    for person in (world.head_a, world.leader, world.member):
        with pytest.raises(PermissionDenied):
            plan_import_commit(actor=person, directive=world.directive, preview=preview)


def test_an_import_tells_each_lead_unit_once_and_keeps_the_audit_chain(world) -> None:  # type: ignore[no-untyped-def]
    from chidao.audit.services import audit_verify
    from chidao.notifications.models import Notification

    head_a = world.people["head_a"]
    before = Notification.objects.filter(recipient=head_a).count()
    preview = _preview(appendix_workbook())
    created = plan_import_commit(actor=world.secretariat, directive=world.directive, preview=preview, assign=True,
                                 assigned_on=dt.date(2025, 6, 1))
    led = [t for t in created if t.lead_unit_id == world.units["khcn"].pk]
    assert len(led) >= 2  # the sample appendix gives Sở KH&CN several tasks …
    new = list(Notification.objects.filter(recipient=head_a).order_by("id")[before:])
    assert [n.title for n in new] == [f"{len(led)} nhiệm vụ mới được giao"]  # … and one notification about them
    report = audit_verify()
    assert report.intact, report
    # Every task has its create and assign events, plus the import's own event.
    assert AuditEvent.objects.filter(task_ref__in=[t.pk for t in created if not t.is_group],
                                     action__in=["task.create", "task.assign"]).count() == 2 * len(preview.tasks)
